"""The Python example of docs/plans-and-reports.md runs as written, and its console output is the CLI's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from antq_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "plans-and-reports.md"


def test_the_python_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    blocks = re.findall(r"```python\n(.*?)```", PAGE.read_text(encoding="utf-8"), flags=re.DOTALL)
    assert len(blocks) == 1
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(blocks[0], str(PAGE), "exec"), namespace)  # the page's own example, nothing else
    out = capsys.readouterr().out
    assert "not_met 4 5" in out
    assert "4/5 = 80.0% — needs more than 90% → not met" in out
    assert "<!DOCTYPE html>" in str(namespace["page"])


def test_the_console_lines_are_what_the_cli_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert main(["check", str(ROOT / "packs" / "examples" / "plans" / "ham-liem-2026.yaml")]) == 0
    checked = capsys.readouterr().out.strip()
    assert checked.replace(str(ROOT) + "/", "") in text
    monkeypatch.chdir(ROOT / "examples" / "population")
    args = ["batch", "xa.csv", "kdc.csv", "cq.csv", "dn.csv", "events.csv", "--pack", "vn.bca.tt124", "--year", "2026"]
    assert main([*args, "--plan", "../../packs/examples/plans/ham-liem-2026.yaml"]) == 0
    printed = capsys.readouterr().out.splitlines()
    shown = [
        line
        for line in text.split("```console")[2].split("```")[0].splitlines()
        if line.startswith("  ") and not line.startswith("    --")
    ]
    assert shown and all(line in printed for line in shown), [line for line in shown if line not in printed]
    for name in ("summary", "fixes", "details"):
        assert (ROOT / "docs" / "assets" / "report" / f"{name}.png").is_file()
