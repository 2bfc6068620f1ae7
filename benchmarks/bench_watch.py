"""Benchmark: the live watcher (issue 12) — 1,000 units, 100,000 messages, both backends in one run.

Generates an illustrative stream (ví dụ minh hoạ — generated, not real data) with a fixed seed: 40
communes with 24 residential areas each (1,000 units of TT 124), then a mix of new incidents (about 70 %:
crimes of every category, some with excuse conditions not yet known, fires, disputes, events no list
counts) and updates to earlier incidents (about 30 %: an excuse condition becomes known), in date order
through the evaluation year. Each backend takes the same stream; the benchmark prints, per backend:
messages/s, latency per message (median, p99, max), alerts by kind, and checks that both backends gave
the same alerts. Aim (issue 12): at least 10,000 messages/s on the plain backend. Not a timed test.

Run: ``python benchmarks/bench_watch.py`` (``--events N``, ``--units N``; ``--quick`` for a short run;
``--backend plain`` to skip durable_rules). The durable_rules backend needs the ``live`` extra.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
YEAR = 2026
SEED = 20261203
UNITS_PER_COMMUNE = 24
WINDOW = (date(2025, 11, 1), date(2026, 10, 31))  # kdc_year of 2026 in the TT 124 pack

SEVERITIES = ("it_nghiem_trong", "nghiem_trong", "rat_nghiem_trong", "dac_biet_nghiem_trong")
OTHER_TYPES = ("prolonged_internal_conflict", "complaint_incitement", "illegal_strike", "state_secret_breach")
EXCUSES = ("detected_promptly", "mitigation_applied", "reported_immediately")


def machine_reference() -> float:
    """The yardstick of ``bench_tt124.py`` (µs for ``sum(range(1000))``), by import."""
    spec = importlib.util.spec_from_file_location("bench_tt124", HERE / "bench_tt124.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return float(module.machine_reference())


def units(n: int) -> list[dict[str, Any]]:
    communes = max(1, n // (UNITS_PER_COMMUNE + 1))
    out: list[dict[str, Any]] = []
    for c in range(communes):
        out.append({"id": f"X{c:03d}", "subject": "xa", "kind": "xa", "indicators": {}})
    i = 0
    while len(out) < n:
        c = i % communes
        out.append(
            {
                "id": f"K{i:04d}",
                "subject": "kdc",
                "kind": "thon",
                "member_of": f"X{c:03d}",
                "indicators": {"registration_submitted": i % 10 != 0},
            }
        )
        i += 1
    return out


def stream(unit_rows: list[dict[str, Any]], n: int, rng: random.Random) -> list[dict[str, Any]]:
    ids = [u["id"] for u in unit_rows if u["subject"] == "kdc"]
    span = (WINDOW[1] - WINDOW[0]).days
    days = sorted(rng.randrange(span + 1) for _ in range(n))
    open_events: list[tuple[str, str, str]] = []  # (unit, event id, field an update may set)
    out: list[dict[str, Any]] = []
    for k, day in enumerate(days):
        d = (WINDOW[0] + timedelta(days=day)).isoformat()
        if open_events and rng.random() < 0.3:
            unit, eid, field = open_events[rng.randrange(len(open_events))]
            out.append({"op": "update", "unit": unit, "id": eid, field: rng.random() < 0.7})
            continue
        unit = rng.choice(ids)
        eid = f"E{k}"
        r = rng.random()
        if r < 0.5:
            ev: dict[str, Any] = {
                "unit": unit,
                "id": eid,
                "type": "crime",
                "date": d,
                "severity": rng.choice(SEVERITIES),
            }
            for f in EXCUSES:  # not yet known (null), known, or left to the pack's default
                x = rng.random()
                ev[f] = None if x < 0.4 else (x < 0.8)
        elif r < 0.6:
            ev = {
                "unit": unit,
                "id": eid,
                "type": "fire_explosion_serious",
                "date": d,
                "force_majeure": rng.random() < 0.5,
            }
        else:
            ev = {"unit": unit, "id": eid, "type": rng.choice(OTHER_TYPES), "date": d}
        out.append(ev)
        if ev["type"] == "crime":
            open_events.append((unit, eid, rng.choice(EXCUSES)))
        elif ev["type"] == "fire_explosion_serious":
            open_events.append((unit, eid, "force_majeure"))
    return out


def run(backend: str, unit_rows: list[dict[str, Any]], messages: list[dict[str, Any]]) -> dict[str, Any]:
    import antq_rules
    from antq_rules.watch import Watcher

    pack = antq_rules.shipped_pack("vn.bca.tt124")
    t0 = time.perf_counter()
    w = Watcher(pack, unit_rows, YEAR, backend=backend)
    setup = time.perf_counter() - t0
    lat: list[float] = []
    kinds: Counter[str] = Counter()
    errors = 0
    trail: list[tuple[Any, ...]] = []
    perf = time.perf_counter
    cpu0 = time.process_time()
    start = perf()
    for msg in messages:
        t = perf()
        step = w.feed(msg)
        lat.append(perf() - t)
        for a in step.alerts:
            kinds[a.kind] += 1
            trail.append((step.seq, a.kind, a.unit, a.citations[0][0] if a.citations else None, a.units))
        errors += len(step.errors)
    total = perf() - start
    cpu = time.process_time() - cpu0
    w.close()
    lat.sort()
    return {
        "backend": w.backend,
        "setup": setup,
        "total": total,
        "rate": len(messages) / total,
        "cpu": cpu,
        "cpu_rate": len(messages) / cpu,
        "median": statistics.median(lat) * 1e6,
        "p99": lat[int(len(lat) * 0.99) - 1] * 1e6,
        "max": lat[-1] * 1e6,
        "kinds": dict(sorted(kinds.items())),
        "errors": errors,
        "trail": trail,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--quick", action="store_true", help="short run: 200 units, 5,000 messages")
    ap.add_argument("--backend", choices=("both", "plain", "durable"), default="both")
    args = ap.parse_args(argv)
    n_units, n_events = (200, 5000) if args.quick else (args.units, args.events)
    from antq_rules.watch import durable_available

    rng = random.Random(SEED)
    unit_rows = units(n_units)
    messages = stream(unit_rows, n_events, rng)
    mix = Counter(m.get("op", "event") for m in messages)
    print(f"antq_rules watch benchmark — illustrative data (generated), seed {SEED}")
    print(f"python {platform.python_version()} on {platform.machine()} ({platform.platform()})")
    ref = machine_reference()
    print(f"machine reference: sum(range(1000)) takes {ref:.1f} µs here (compare machines with it)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"load average {load:.1f} on {os.cpu_count()} cores (wall figures suffer when the machine is shared; "
        "the CPU-time rate is this process's own)"
    )
    print(
        f"{len(unit_rows):,} units; {len(messages):,} messages: {mix['event']:,} new incidents, {mix['update']:,} updates"
    )
    per_unit = Counter(m["unit"] for m in messages if "type" in m)
    print(
        f"incidents per residential area by the end: mean {statistics.mean(per_unit.values()):.0f}, "
        f"max {max(per_unit.values())} (the watcher keeps running counts per unit: a message re-evaluates "
        "its unit only when a count a criterion reads changes)"
    )
    backends = ["plain", "durable"] if args.backend == "both" else [args.backend]
    if "durable" in backends and not durable_available():
        print("durable_rules is not installed (pip install 'antq-rules[live]'): its backend is skipped")
        backends.remove("durable")
    results = []
    for b in backends:
        r = run(b, unit_rows, messages)
        results.append(r)
        print(
            f"  {r['backend']:>13}: {r['rate']:>9,.0f} messages/s wall ({r['total']:.2f} s; set-up {r['setup']:.2f} s), "
            f"{r['cpu_rate']:,.0f}/s of this process's CPU time ({r['cpu']:.2f} s); latency per message median "
            f"{r['median']:.0f} µs, p99 {r['p99']:.0f} µs, max {r['max'] / 1000:.1f} ms"
        )
        print(
            f"  {'':>13}  per message: {r['cpu'] * 1e6 / len(messages) / ref:.2f}× the reference in CPU time, "
            f"median latency {r['median'] / ref:.2f}× the reference"
        )
        print(f"  {'':>13}  alerts {r['kinds']}; errors {r['errors']}")
    print(
        "  (the max latency is a full pass of Python's cyclic garbage collector over the watcher's state, "
        "not a message's work: a host can gc.freeze() after loading)"
    )
    if len(results) == 2:
        same = results[0]["trail"] == results[1]["trail"]
        print(f"  both backends gave the same alerts: {'yes' if same else 'NO'}")
        if not same:
            return 1
    plain = next((r for r in results if r["backend"] == "plain"), None)
    if plain is not None:
        ok = plain["rate"] >= 10_000
        print(
            f"  aim ≥ 10,000 messages/s on the plain backend: {'met' if ok else 'not met'} "
            f"({plain['rate']:,.0f}/s wall, {plain['cpu_rate']:,.0f}/s CPU time)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
