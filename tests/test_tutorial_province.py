"""The tutorial "Viết và kiểm thử gói tiêu chí của tỉnh trong 15 phút" runs as written.

Every ```bash block of ``docs/tutorial-province-pack.md`` is run in a temporary copy of
``examples/province-pack/`` (the tutorial's illustrative files), in order: ``antq-rules`` commands
in-process, ``pytest`` in a child process (as a province's CI would). Each block states its exit code
(``# mã thoát / exit code: N``); the console blocks' summary lines are what the commands print.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from antq_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "tutorial-province-pack.md"
FILES = ROOT / "examples" / "province-pack"

_BLOCK = re.compile(r"^```bash[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_EXIT = re.compile(r"#.*exit code:\s*(\d+)")


def commands() -> list[tuple[str, int]]:
    out = []
    for block in _BLOCK.findall(PAGE.read_text(encoding="utf-8")):
        expected = _EXIT.search(block)
        assert expected is not None, block
        out.append((block.split(" #", 1)[0].strip(), int(expected.group(1))))
    return out


def test_the_tutorial_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "tinh-cua-toi"
    shutil.copytree(FILES, work)
    monkeypatch.chdir(work)
    steps = commands()
    assert [c.split()[0] for c, _ in steps] == ["antq-rules", "antq-rules", "antq-rules", "pytest"]
    printed = ""
    for command, code in steps:
        argv = shlex.split(command)
        if argv[0] == "antq-rules":
            assert main(argv[1:]) == code, command
            printed += capsys.readouterr().out
            continue
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *argv[1:]],
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        assert proc.returncode == code, proc.stdout + proc.stderr
        printed += proc.stdout
    assert "4 ca trong 1 tệp: 4 đạt, 0 sai, 0 lỗi" in printed
    assert "tiêu chí không đạt / chưa xác định: TCT.TT124.KDC.FIRE_TEAM (undetermined)" in printed
    assert "4 passed" in printed


def test_the_tutorial_is_in_the_site_nav_and_the_readme() -> None:
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "tutorial-province-pack.md" in nav and "pack-tests.md" in nav
    assert "antq-rules test" in (ROOT / "README.md").read_text(encoding="utf-8")
