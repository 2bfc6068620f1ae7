"""Benchmark: start-up — importing the library, loading the shipped packs, one CLI evaluation.

Every figure is measured in fresh Python processes (what a host, a script or a shell pays once), repeated;
the best and the median are printed beside the target (issue 11 item 2):

- ``import antq_rules`` (time inside the process; pint, pydantic … are not imported) ≤ 250 ms;
- the first use of the engine (``from antq_rules import evaluate, shipped_pack``), for information;
- loading all shipped packs (``PackRegistry.shipped()``, imports done beforehand) ≤ 100 ms, with the pack
  cache warm (the usual case: the packs' schema is not even built), cold (first run after an upgrade:
  the cache is written), and off;
- ``antq-rules evaluate examples/tt124/kdc-fail.yaml``, wall time of the whole process ≤ 500 ms.

Same-run references: the machine figure (``sum(range(1000))`` in this process, to compare machines) and
the wall time of an empty ``python -c pass`` (the interpreter's own start-up, included in every wall
figure). Each cache case uses its own temporary cache folder (``ANTQ_RULES_CACHE_DIR``); the user's
cache is never touched. Run: ``python benchmarks/bench_startup.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tt124" / "kdc-fail.yaml"

IMPORT = "import time; t = time.perf_counter(); import antq_rules; print(time.perf_counter() - t)"
ENGINE = (
    "import time; t = time.perf_counter(); from antq_rules import evaluate, shipped_pack; "
    "print(time.perf_counter() - t)"
)
LOAD = (
    "import antq_rules.packs._registry as r, antq_rules.engine, time; t = time.perf_counter(); "
    "list(r.PackRegistry.shipped()); print(time.perf_counter() - t)"
)
PINT = "import sys, antq_rules; antq_rules.shipped_pack('vn.bca.tt124'); print(int('pint' in sys.modules))"


def _env(cache: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ANTQ_RULES_CACHE_DIR"] = cache
    return env


def _inside(code: str, cache: str) -> float:
    """The seconds a fresh process reports for ``code`` (it prints them)."""
    out = subprocess.run([sys.executable, "-c", code], env=_env(cache), capture_output=True, text=True, check=True)
    return float(out.stdout.split()[-1])


def _wall(argv: Sequence[str], cache: str) -> float:
    start = time.perf_counter()
    subprocess.run(list(argv), env=_env(cache), stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
    return time.perf_counter() - start


def _cli() -> list[str]:
    script = shutil.which("antq-rules", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "antq_rules.cli"]


def _line(name: str, runs: list[float], target_ms: float | None, pass_ms: float, reference: float) -> None:
    best, median = min(runs) * 1e3, statistics.median(runs) * 1e3
    shown = "(information)"
    if target_ms is not None:
        verdict = "met" if best <= target_ms else "NOT met"
        shown = f"target ≤ {target_ms:.0f} ms: {verdict} (best/target {best / target_ms:.2f})"
    print(
        f"{name:<42} best {best:7.1f} ms  median {median:7.1f} ms  = {best / pass_ms:5.1f}× interpreter start"
        f" = {min(runs) / reference:6.0f}× reference  {shown}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 9

    reference = min(timeit.repeat("sum(range(1000))", number=10_000, repeat=5)) / 10_000
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"python {sys.version.split()[0]}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"machine reference: sum(range(1000)) = {reference * 1e6:.2f} µs")

    # An installed package has its bytecode compiled (pip does it); a source checkout may not, e.g. under
    # PYTHONDONTWRITEBYTECODE, and compiling every module again would be counted in every process.
    import antq_rules

    compileall.compile_dir(str(Path(antq_rules.__file__).parent), quiet=1)

    with tempfile.TemporaryDirectory() as tmp:
        warm = str(Path(tmp) / "warm")
        _inside(LOAD, warm)  # fills the warm cache (the parsed packs and what their schema gave)
        pass_runs = [_wall([sys.executable, "-c", "pass"], "off") for _ in range(repeats)]
        pass_ms = min(pass_runs) * 1e3
        print(f"interpreter start (python -c pass): best {pass_ms:.1f} ms\n")

        _line("import antq_rules", [_inside(IMPORT, warm) for _ in range(repeats)], 250, pass_ms, reference)
        _line(
            "from antq_rules import evaluate, shipped_pack",
            [_inside(ENGINE, warm) for _ in range(repeats)],
            None,
            pass_ms,
            reference,
        )
        _line("shipped packs, cache warm", [_inside(LOAD, warm) for _ in range(repeats)], 100, pass_ms, reference)
        cold = [_inside(LOAD, str(Path(tmp) / f"cold{i}")) for i in range(repeats)]
        _line("shipped packs, cache cold (written)", cold, None, pass_ms, reference)
        _line("shipped packs, cache off", [_inside(LOAD, "off") for _ in range(repeats)], None, pass_ms, reference)
        cli = [*_cli(), "evaluate", str(EXAMPLE)]
        _line(
            "antq-rules evaluate kdc-fail.yaml (warm)",
            [_wall(cli, warm) for _ in range(repeats)],
            500,
            pass_ms,
            reference,
        )
        _line(
            "antq-rules evaluate kdc-fail.yaml (off)",
            [_wall(cli, "off") for _ in range(repeats)],
            None,
            pass_ms,
            reference,
        )
        pint = _inside(PINT, warm)
        print(f"\npint imported by loading a pack: {'yes' if pint else 'no'} (it should be no)")


if __name__ == "__main__":
    main()
