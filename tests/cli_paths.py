"""The files the command-line tests run on: the test pack ``fixtures/mini.yaml``, its unit inputs in
``fixtures/cli`` (passing, failing, invalid) and the illustrative TT 124 examples (ví dụ minh hoạ)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI = str(FIXTURES / "mini.yaml")
CLI = FIXTURES / "cli"
PASS = str(CLI / "mini-pass.yaml")
FAIL = str(CLI / "mini-fail.yaml")
BAD = str(CLI / "mini-bad-input.yaml")
KDC_PASS = str(ROOT / "examples" / "tt124" / "kdc-pass.yaml")
KDC_FAIL = str(ROOT / "examples" / "tt124" / "kdc-fail.yaml")
