"""Run test code in a child process with bounded time and memory (a hang or a blow-up fails one test).

Used by the hardening and fuzz tests: hostile packs and inputs are tried in a child whose address space
and CPU time are limited with ``resource.setrlimit``, and whose wall-clock time is limited by
``subprocess.run(timeout=…)``.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

TESTS = Path(__file__).parent
MEMORY_BYTES = 2 * 1024**3  # address space of the child (python + pint + pydantic need ~0.5 GB of it)


def _limits(cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def run_child(code: str, payload: Any = None, *, timeout: float = 120) -> Any:
    """Run ``code`` in a bounded child; it reads JSON ``payload`` from stdin and prints JSON; return it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=lambda: _limits(int(timeout) + 5),
        check=False,
    )
    if proc.returncode != 0:
        raise AssertionError(f"child failed ({proc.returncode}): {proc.stderr[-3000:]}")
    return json.loads(proc.stdout)
