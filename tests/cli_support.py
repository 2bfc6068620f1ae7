"""What the command-line tests share: :func:`run` (the program in-process), and the files they run on —
the test pack ``fixtures/mini.yaml``, its unit inputs in ``fixtures/cli`` (passing, failing, invalid)
and the illustrative TT 124 examples (ví dụ minh hoạ)."""

from __future__ import annotations

from pathlib import Path

import pytest

from antq_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
CLI = FIXTURES / "cli"
PASS = str(CLI / "mini-pass.yaml")
FAIL = str(CLI / "mini-fail.yaml")
BAD = str(CLI / "mini-bad-input.yaml")
KDC_PASS = str(ROOT / "examples" / "tt124" / "kdc-pass.yaml")
KDC_FAIL = str(ROOT / "examples" / "tt124" / "kdc-fail.yaml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``antq-rules ARGV`` in this process: its exit code, standard output and error (never a traceback)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
