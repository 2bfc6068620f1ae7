"""Benchmark: time and peak memory of loading a large pack and of its first evaluation (issue 13).

A pack within the byte limit can hold thousands of criteria; the engine writes each subject's criteria
as generated Python functions. This prints, for generated packs of 1,000 / 4,000 / 16,000 criteria
(``--sizes`` to change), each measured in a fresh child process so the peaks do not mix:

- the pack file's size and YAML node count;
- seconds to load the pack (parse, validate, compile) and to run the first evaluation (which writes and
  compiles the subject's program), and evaluations per second after that;
- the child's peak resident memory (``ru_maxrss``) after loading and after the first evaluation, and
  the same for an empty run (interpreter + library) as the baseline;
- a machine reference figure (``sum(range(1000))``), to compare results from different machines.

A pack over the limits (``MAX_CRITERIA``, ``MAX_NODES``) is refused at load; sizes above them are
measured with the limits raised in the child, to show how the engine itself grows. Growth should be linear (4x the criteria, about 4x the memory over the baseline). The generated
criteria are illustrative (ví dụ minh hoạ), not law. Run: ``python benchmarks/bench_large_pack.py``
(``--quick``: 1,000 and 4,000 only).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = """schema: antq-rules/pack/v1
id: bench.large
version: 1.0.0
kind: standard
title: {vi: "Gói lớn (minh hoạ)", en: "Large pack (illustrative)"}
effective_from: 2022-01-01
instrument:
  number: 0/BENCH
  type: {vi: Thử nghiệm, en: Test}
  title: {vi: "Văn bản thử nghiệm", en: "Test instrument"}
  issued: 2021-12-28
  issuer: {vi: Không có, en: Nobody}
  effective_from: 2022-01-01
sources:
  T1: {title: "benchmark", confidence: low}
subjects:
  - id: kdc
    name: {vi: Khu dân cư, en: Residential area}
    kinds: {thon: {vi: Thôn, en: Village}}
    window: year
    citation: {article: 1}
windows:
  year:
    name: {vi: "Năm", en: "Year"}
    start: {month: 1, day: 1}
    end: {month: 12, day: 31}
    provenance: {status: illustrative, note: {vi: "minh hoạ", en: "illustrative"}}
values:
  share: {value: 70%, provenance: {status: illustrative, note: {vi: "minh hoạ", en: "illustrative"}}, description: {vi: "tỉ lệ", en: "share"}}
outcome:
  combine: all
  labels: {pass: {vi: Đạt, en: Pass}, fail: {vi: Chưa đạt, en: Fail}}
  citation: {article: 8}
"""
INDICATORS = 50


def pack_text(criteria: int) -> str:
    lines = [HEADER, "indicators:\n"]
    for i in range(INDICATORS):
        lines.append(
            f"  n{i}: {{type: integer, unit: household, min: 0, description: {{vi: 'hộ {i}', en: 'households {i}'}}}}\n"
        )
    lines.append("criteria:\n")
    checks = (
        "n{a} >= {k}",
        "ratio(n{a}, n{b}) >= law.share",
        "n{a} + n{b} <= {k} or n{a} == 0",
        "max(n{a}, n{b}) < {k} and n{b} >= 0",
    )
    for c in range(criteria):
        a, b = c % INDICATORS, (c * 7 + 3) % INDICATORS
        check = checks[c % len(checks)].format(a=a, b=b, k=c % 97 + 1)
        lines.append(
            f"  - {{id: B{c}, subjects: [kdc], citation: {{article: 2, clause: {c % 9 + 1}}}, "
            f"title: {{vi: 'Tiêu chí {c}', en: 'Criterion {c}'}}, description: {{vi: 'mô tả', en: 'text'}}, "
            f'check: "{check}"}}\n'
        )
    return "".join(lines)


CHILD = """
import json, resource, sys, time
def rss(): return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from antq_rules import evaluate
from antq_rules.packs import load_pack
import antq_rules._yaml, antq_rules.packs._compile
path, empty, raise_limits = sys.argv[1], sys.argv[2] == "1", sys.argv[3] == "1"
if raise_limits:  # measure the engine past the pack limits (a pack that large is refused at load)
    antq_rules._yaml.MAX_NODES = 10**7
    antq_rules.packs._compile.MAX_CRITERIA = 10**6
out = {"base_mb": rss()}
if not empty:
    t = time.perf_counter(); pack = load_pack(path); out["load_s"] = time.perf_counter() - t; out["load_mb"] = rss()
    unit = {"id": "U", "subject": "kdc", "kind": "thon"}
    ind = {f"n{i}": 5 + i for i in range(50)}
    t = time.perf_counter(); evaluate(pack, unit, 2026, ind); out["first_s"] = time.perf_counter() - t
    out["first_mb"] = rss()
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < 1.0:
        evaluate(pack, unit, 2026, ind); n += 1
    out["per_s"] = n / (time.perf_counter() - t)
print(json.dumps(out))
"""


def measure(path: Path | str, empty: bool = False, raise_limits: bool = False) -> dict[str, float]:
    flags = ["1" if empty else "0", "1" if raise_limits else "0"]
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path), *flags], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(proc.stdout)
    return result


def machine_reference() -> float:
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < 0.2:
        sum(range(1000))
        n += 1
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    parser.add_argument("--quick", action="store_true", help="1,000 and 4,000 criteria only")
    args = parser.parse_args()
    sizes = args.sizes or ([1000, 4000] if args.quick else [1000, 4000, 16000])
    import yaml

    from antq_rules._yaml import MAX_BYTES, MAX_NODES
    from antq_rules.packs._compile import MAX_CRITERIA

    base = measure("-", empty=True)["base_mb"]
    print(f"machine reference: {machine_reference():,.0f} sum(range(1000))/s")
    print(f"baseline (interpreter + library): {base:.0f} MB")
    print(
        f"{'criteria':>9} {'file KB':>8} {'nodes':>8} {'load s':>7} {'load MB':>8} "
        f"{'1st eval s':>10} {'peak MB':>8} {'over base MB':>12} {'evals/s':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            text = pack_text(n)
            path = Path(tmp) / f"large-{n}.yaml"
            path.write_text(text, encoding="utf-8")
            nodes = sum(
                1
                for e in yaml.parse(text, Loader=yaml.CSafeLoader)
                if isinstance(e, (yaml.ScalarEvent, yaml.CollectionStartEvent))
            )
            over = n > MAX_CRITERIA or nodes > MAX_NODES
            r = measure(path, raise_limits=over)
            print(
                f"{n:>9,} {len(text.encode()) / 1024:>8,.0f} {nodes:>8,} {r['load_s']:>7.2f} {r['load_mb']:>8.0f} "
                f"{r['first_s']:>10.2f} {r['first_mb']:>8.0f} {r['first_mb'] - base:>12.0f} {r['per_s']:>8,.0f}"
                + ("  (over the pack limits: measured with them raised)" if over else "")
            )
    print(f"pack limits: {MAX_CRITERIA:,} criteria, {MAX_NODES:,} YAML nodes, {MAX_BYTES // 1024:,} KB")


if __name__ == "__main__":
    main()
