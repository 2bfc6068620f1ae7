"""Fuzz tests (issue 13): hostile pack text, expressions, unit strings, numbers and input documents.

Each target of ``tests/fuzz_targets.py`` runs in a child process limited to 2 GB of address space and a
CPU-time budget, and inside it every example must end in a result or one of the library's errors within
one second of CPU time. A child that hangs or runs out of memory fails the test, naming the example it
was running.

By default each target tries 60 examples (about a minute for all of them on one core). A longer run is
opt-in: ``ANTQ_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py`` (add ``ANTQ_FUZZ_SEED=1`` for a
random, non-reproducible search instead of the fixed derandomized one).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from _bounded import run_child
from fuzz_targets import TARGETS

EXAMPLES = int(os.environ.get("ANTQ_FUZZ_EXAMPLES", "60"))


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_fuzz_target_ends_in_a_result_or_a_library_error(target: str, tmp_path: Path) -> None:
    trace = tmp_path / "last-example.txt"
    code = (
        "import json, os, sys, fuzz_targets\n"
        f"os.environ['ANTQ_FUZZ_TRACE'] = {str(trace)!r}\n"
        f"fuzz_targets.TARGETS[{target!r}]({EXAMPLES})\n"
        "print(json.dumps('ok'))\n"
    )
    budget = max(120.0, EXAMPLES * 1.5)
    try:
        assert run_child(code, timeout=budget) == "ok"
    except subprocess.TimeoutExpired:
        last = trace.read_text(encoding="utf-8") if trace.exists() else "?"
        pytest.fail(f"fuzz target {target} did not finish in {budget:.0f} s; last example: {last}")
    except AssertionError as exc:
        last = trace.read_text(encoding="utf-8") if trace.exists() else "?"
        raise AssertionError(f"{exc}\nlast example: {last}") from None
