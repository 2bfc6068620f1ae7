"""docs/watching.md: the example's output is what the CLI prints, and the Python example runs as written.

The example's units and incidents (examples/watch/) are illustrative.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from antq_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "watching.md"
EXAMPLE = ROOT / "examples" / "watch"
# the deadline line quotes the pack's calendar (its name and date), which pack work may reword
DEADLINE = re.compile(
    r"^(SẮP ĐẾN HẠN|DEADLINE NEAR): .*(1 đơn vị chưa đăng ký|1 unit has not registered) — registration \("
)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_example_output_is_what_the_cli_prints(
    lang: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(EXAMPLE)
    code = main(
        ["--lang", lang, "watch", "--pack", "vn.bca.tt124", "--units", "units.csv", "--year", "2026", "events.jsonl"]
    )
    out, err = capsys.readouterr()
    assert code == 1  # lines 6 and 7 are errors
    shown = (EXAMPLE / f"alerts.{lang}.txt").read_text(encoding="utf-8").splitlines()
    printed = out.splitlines()
    assert len(printed) == len(shown)
    for a, b in zip(printed, shown, strict=True):
        if DEADLINE.match(b):
            assert DEADLINE.match(a), a
        else:
            assert a == b
    shown_err = (EXAMPLE / f"stderr.{lang}.txt").read_text(encoding="utf-8")
    assert _unversioned(err).splitlines() == _unversioned(shown_err).splitlines()


def _unversioned(text: str) -> str:
    return re.sub(r"@\d+\.\d+\.\d+", "@VERSION", text)


def test_the_page_includes_the_example_files_and_its_python_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = PAGE.read_text(encoding="utf-8")
    for name in ("units.csv", "events.jsonl", "alerts.vi.txt", "alerts.en.txt", "stderr.vi.txt", "stderr.en.txt"):
        assert f'--8<-- "examples/watch/{name}"' in text
    (block,) = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    monkeypatch.chdir(ROOT)
    exec(compile(block, str(PAGE), "exec"), {})  # the page's own example, nothing else
    out = capsys.readouterr().out
    assert out.startswith("AT RISK: [T1]") and out.rstrip().endswith("undetermined")


def test_the_api_page_watch_example_prints_what_it_shows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split("{ #watch }", 1)[1].split("\n## ", 1)[0]
    code, shown = re.findall(r"```python\n(.*?)```\n\n```text\n(.*?)```", section, flags=re.DOTALL)[0]
    monkeypatch.chdir(ROOT)
    import antq_rules

    exec(compile(code, "docs/api.md", "exec"), {"pack": antq_rules.shipped_pack("vn.bca.tt124")})
    assert capsys.readouterr().out == shown
