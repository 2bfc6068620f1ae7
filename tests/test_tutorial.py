"""The tutorial "Một xã, một năm / A commune's year" runs as written.

Every ```bash block of ``docs/tutorial-commune-year.md`` whose command starts with ``antq-rules`` is
run in-process (``antq_rules.cli.main``) in a temporary copy of ``examples/population/`` (the
tutorial's illustrative files), in the order of the page. A block states its exit code in a comment
(``# mã thoát / exit code: N``); the files named by ``--out`` and ``--summary`` must exist afterwards.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from antq_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial-commune-year.md"
EXAMPLES = ROOT / "examples" / "population"

_BLOCK = re.compile(r"^```bash[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_EXIT = re.compile(r"#.*exit code:\s*(\d+)")
_PRODUCES = ("--out", "--summary")


def tutorial_commands() -> list[tuple[str, int]]:
    """(command, expected exit code) for every ``antq-rules`` command of the page's bash blocks."""
    out: list[tuple[str, int]] = []
    for block in _BLOCK.findall(TUTORIAL.read_text(encoding="utf-8")):
        joined = block.replace("\\\n", " ")
        expected = _EXIT.search(joined)
        for line in joined.splitlines():
            command = line.split(" #", 1)[0].strip()
            if command.startswith("antq-rules"):
                assert expected is not None, f"no '# … exit code: N' comment in the block of: {command}"
                out.append((command, int(expected.group(1))))
    return out


def produced(argv: list[str]) -> list[str]:
    """The files a command says it writes (``--out F``, ``--summary F``, ``--out=F``)."""
    files = []
    for i, arg in enumerate(argv):
        name, eq, value = arg.partition("=")
        if name in _PRODUCES:
            files.append(value if eq else argv[i + 1])
    return files


def test_the_tutorial_has_commands_and_is_in_the_site_nav() -> None:
    commands = tutorial_commands()
    assert len(commands) >= 5
    assert {c.split()[1] for c, _ in commands} >= {"template", "batch"}
    assert any(code != 0 for _, code in commands), "the errors step shows a failing exit code"
    assert "tutorial-commune-year.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One temporary copy of the example folder, shared by the commands (they run in page order)."""
    target = tmp_path_factory.mktemp("commune-year") / "population"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.mark.parametrize(("command", "code"), tutorial_commands(), ids=lambda v: str(v)[:60])
def test_tutorial_command(
    command: str, code: int, workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(workdir)
    argv = shlex.split(command)[1:]
    files = produced(argv)
    for f in files:  # a file left by an earlier run must not pass for this one's
        (workdir / f).unlink(missing_ok=True)
    got = main(argv)
    captured = capsys.readouterr()
    assert got == code, f"{command}\nexit {got}, documented {code}\nstdout:\n{captured.out}\nstderr:\n{captured.err}"
    for f in files:
        path = workdir / f
        assert path.is_file() and path.stat().st_size > 0, f"{command}: {f} was not written"


def test_tutorial_python_block_prints_the_commune_rollup(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (block,) = re.findall(r"^```python[^\n]*\n(.*?)^```", TUTORIAL.read_text(encoding="utf-8"), re.M | re.S)
    monkeypatch.chdir(workdir)
    exec(compile(block, str(TUTORIAL), "exec"), {"__name__": "tutorial"})
    out = capsys.readouterr().out
    assert "units_in_scope_total = 5" in out and "units_recognised = 4" in out
    assert "VD-DN-01 Công ty TNHH Minh Phát [dn]: ngoài phạm vi áp dụng" in out
