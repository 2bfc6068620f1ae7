"""The Python examples of docs/lint-and-properties.md run as written (on the illustrative Tỉnh Mẫu packs)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "lint-and-properties.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.S)


def test_the_page_is_in_the_site_nav() -> None:
    assert "lint-and-properties.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_python_examples_run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    lint, kit, pinned = _blocks()
    exec(compile(lint, "lint-example", "exec"), {})
    assert capsys.readouterr().out == ""  # the shipped example overlay lints clean
    ns: dict[str, Any] = {}
    exec(compile(kit, "kit-example", "exec"), ns)
    tests = [name for name in ns if name.startswith("test_")]
    assert tests == [
        "test_deterministic_and_json",
        "test_the_province_keeps_the_national_70_percent",
        "test_every_property",
    ]
    for name in tests:
        ns[name]()
    drawn = eval(pinned.strip(), ns)
    assert type(drawn).__name__ in ("LazyStrategy", "CompositeStrategy") or hasattr(drawn, "example")
    assert os.getcwd() == str(ROOT)
