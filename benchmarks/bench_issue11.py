"""Every figure of issue 11 beside its target, in one run: start-up, evaluation speed, serialisation.

Runs, one after the other in fresh processes (so one benchmark's warm caches do not help the next):

- ``bench_startup.py`` — ``import antq_rules`` ≤ 250 ms, shipped packs ≤ 100 ms, one CLI evaluation
  ≤ 500 ms (wall time, beside the interpreter's own start and the machine reference);
- ``bench_tt124.py`` — TT 124 full path ≤ 4× and pre-validated ≤ 2× a hand-written function; the QĐ 510
  example ≥ 20,000 evaluations/s or ≤ 1.5× the TT 124 time (same run, taking turns);
- ``bench_serialisation.py`` — JSON writing ≤ 1× the evaluation's cost; compact form ≤ 4 KB.

Each prints its own figures with the machine reference (``sum(range(1000))``) and the ratio to its
same-run reference; this script then repeats every line that states a target, so the verdicts can be
read together. Run: ``python benchmarks/bench_issue11.py`` (``--quick`` passes ``--quick`` on).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_VERDICT = re.compile(r"\bmet\b")
BENCHMARKS = ("bench_startup.py", "bench_tt124.py", "bench_serialisation.py")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="short runs (each benchmark's --quick)")
    args = ap.parse_args(argv)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}; load average at start {load:.2f}\n")
    verdicts: list[tuple[str, str]] = []
    for name in BENCHMARKS:
        cmd = [sys.executable, str(HERE / name), *(["--quick"] if args.quick else [])]
        print(f"===== {name} =====", flush=True)
        run = subprocess.run(cmd, capture_output=True, text=True, check=False)
        sys.stdout.write(run.stdout)
        if run.returncode != 0:
            sys.stdout.write(run.stderr)
            verdicts.append((name, f"failed with exit code {run.returncode}"))
        # a line that states a verdict says "met" or "NOT met" as a word
        verdicts += [(name, line.strip()) for line in run.stdout.splitlines() if _VERDICT.search(line)]
        print()
    print("===== targets, together =====")
    seen: set[tuple[str, str]] = set()
    for name, line in verdicts:
        if (name, line) not in seen:
            seen.add((name, line))
            print(f"{name:24} {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
