"""Benchmark: writing a TT 124 residential-area result as JSON, beside the cost of evaluating it.

Prints, on one core:
- the machine reference figure (``sum(range(1000))``), to compare results from different machines;
- the evaluation's own cost (validate + evaluate + structured explanation; and on pre-validated input);
- writing the result as JSON text, full (``antq-rules/result/v1``) and compact
  (``antq-rules/result-compact/v1``), two ways: ``to_dict()`` + ``json.dumps``, and ``to_json(indent=None)``
  (written directly, the same text); each as a ratio to the evaluation's cost in the same run (the
  functions take turns in each repeat, so a slow moment of the machine falls on all of them alike);
- reading each back (``Result.from_json``; the compact one with its pack), not in a target;
- the size of each form for the example residential areas (``examples/tt124/kdc-*.yaml``);
- a batch of different residential areas (generated around the example; illustrative): the compact text
  per unit beside the evaluation per unit — repeating one result would flatter a writer that keeps what
  it wrote, a batch does not.

Targets (issue 11): serialisation ≤ 1× the evaluation's cost; the compact form ≤ 4 KB.
Run: ``python benchmarks/bench_serialisation.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import antq_rules
from antq_rules.inputs import UnitRef, read_input_file, validate_input
from antq_rules.results import Result
from bench_tt124 import EXAMPLE, machine_reference, rates

COMPACT_TARGET = 4096  # bytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="short run (CI smoke test)")
    args = ap.parse_args(argv)
    seconds, repeats = (0.2, 3) if args.quick else (1.0, 5)

    pack = antq_rules.shipped_pack("vn.bca.tt124")
    doc, _ = read_input_file(EXAMPLE)
    unit = UnitRef(doc.unit.id, doc.unit.subject, doc.unit.kind, doc.unit.name)
    ind, prev, events = dict(doc.indicators), dict(doc.previous_year), [dict(e) for e in doc.events or ()]
    result = antq_rules.evaluate(pack, unit, doc.year, ind, prev, events)
    validated = validate_input(pack, unit, doc.year, ind, prev, events)
    full_text = json.dumps(result.to_dict(), ensure_ascii=False)
    compact_text = json.dumps(result.to_dict("compact"), ensure_ascii=False)
    assert result.to_json(indent=None) == full_text
    assert result.to_json(indent=None, detail="compact") == compact_text
    assert Result.from_json(full_text) == result
    assert Result.from_json(compact_text, pack=pack) == result

    # the compact dict already built, written by one JSON encoder made beforehand: what json's C encoder alone
    # costs for the compact form (json.dumps with keyword arguments also makes a new encoder on every call)
    ready, encode = result.to_dict("compact"), json.JSONEncoder(ensure_ascii=False).encode
    measured = rates(
        {
            "evaluate": lambda: antq_rules.evaluate(pack, unit, doc.year, ind, prev, events),
            "encoder": lambda: encode(ready),
            "validated": lambda: antq_rules.evaluate_validated(pack, validated),
            "full dict": lambda: json.dumps(result.to_dict(), ensure_ascii=False),
            "compact dict": lambda: json.dumps(result.to_dict("compact"), ensure_ascii=False),
            "full text": lambda: result.to_json(indent=None),
            "compact text": lambda: result.to_json(indent=None, detail="compact"),
            "read full": lambda: Result.from_json(full_text),
            "read compact": lambda: Result.from_json(compact_text, pack=pack),
        },
        seconds,
        repeats,
    )
    us = {name: 1e6 / max(r) for name, r in measured.items()}

    def paired(name: str) -> float:
        # the cost of ``name`` over the evaluation's, within each repeat (they took turns); the median
        return statistics.median(e / s for s, e in zip(measured[name], measured["evaluate"], strict=True))

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}; load average {load:.2f}")
    print(f"machine reference: sum(range(1000)) takes {machine_reference():.1f} µs here (compare machines with it)")
    print(f"TT 124 residential area {unit.id}, {len(result.criteria)} criteria (best of {repeats}):")
    print(f"  evaluation (validate + evaluate + structured explanation): {us['evaluate']:6.1f} µs  = 1×, the reference")
    print(f"  evaluation on pre-validated input:                         {us['validated']:6.1f} µs")
    print("  writing the JSON text, as a ratio to the evaluation (target ≤ 1×): best µs, median paired ratio")
    for name, how in (
        ("compact text", "to_json(indent=None, detail='compact')  (batch JSON Lines default)"),
        ("compact dict", "json.dumps(to_dict('compact'))"),
        ("full text", "to_json(indent=None)"),
        ("full dict", "json.dumps(to_dict())  (to_dict's default form)"),
    ):
        ratio = paired(name)
        print(f"    {name:13} {us[name]:7.1f} µs {ratio:6.2f}×  {'met' if ratio <= 1 else 'NOT met'}  {how}")
    print(
        f"    (for comparison: the compact dict already built, written by json's C encoder alone:"
        f" {us['encoder']:.1f} µs, {paired('encoder'):.2f}×)"
    )
    print("  Result.from_json (not in a target):")
    print(f"    full     {us['read full']:7.1f} µs  {paired('read full'):5.2f}×")
    print(f"    compact  {us['read compact']:7.1f} µs  {paired('read compact'):5.2f}×  (expanded with its pack)")
    print(f"  JSON size, json.dumps(ensure_ascii=False) (compact form: target ≤ {COMPACT_TARGET:,} bytes):")
    for path in sorted(EXAMPLE.parent.glob("kdc-*.yaml")):
        d, _ = read_input_file(path)
        r = antq_rules.evaluate(
            pack,
            UnitRef(d.unit.id, d.unit.subject, d.unit.kind, d.unit.name),
            d.year,
            d.indicators,
            d.previous_year,
            d.events,
            d.parameters,
        )
        full = len(json.dumps(r.to_dict(), ensure_ascii=False).encode())
        compact = len(json.dumps(r.to_dict("compact"), ensure_ascii=False).encode())
        print(
            f"    {path.name:14} full {full:7,} B   compact {compact:6,} B"
            f"  {'met' if compact <= COMPACT_TARGET else 'NOT met'} ({compact / full:.1%} of full)"
        )
    batch(pack, doc, 300 if args.quick else 2000, repeats)
    return 0


def varied_units(doc: Any, n: int, seed: int = 20261203) -> list[tuple[Any, ...]]:
    """``n`` different residential areas around the example (illustrative, generated): households, dates in
    and out of the first quarter, yearly counts, a rating, sometimes a serious crime not excused."""
    rng = random.Random(seed)
    ratings = ["hoan_thanh", "hoan_thanh_tot", "hoan_thanh_xuat_sac", "khong_hoan_thanh"]
    out = []
    for i in range(n):
        ind = dict(doc.indicators)
        resident = rng.randint(60, 900)
        late = rng.random() < 0.05  # a few plans after the first quarter
        counts = {k: rng.randint(0, 6) for k in ("crimes_count", "social_evils_count", "other_violations_count")}
        ind.update(
            counts,
            households_resident=resident,
            households_registered=resident - (rng.random() < 0.05) * rng.randint(1, 5),
            party_resolution_date=date(2026, 1, 2) + timedelta(days=rng.randint(0, 80) + 60 * late),
            registration_date=date(2026, 1, 2) + timedelta(days=rng.randint(0, 80)),
            grassroots_force_rating=rng.choices(ratings, weights=(30, 50, 18, 2))[0],
        )
        # last year's figures: mostly not lower than this year's (the usual passing unit)
        prev = {k: max(0, v + rng.randint(-1 if rng.random() < 0.05 else 0, 3)) for k, v in counts.items()}
        events = [dict(e) for e in doc.events or ()]
        if rng.random() < 0.03:
            events.append({"id": f"E{i}", "type": "crime", "date": date(2026, 5, 9), "severity": "nghiem_trong"})
        unit = UnitRef(f"VD-KDC-{i:05d}", "kdc", "thon", None)
        out.append((unit, doc.year, ind, prev, events))
    return out


def batch(pack: Any, doc: Any, n: int, repeats: int) -> None:
    """A batch as a commune runs it: many different units evaluated, then each written as compact JSON.

    Repeating one result flatters any writer that keeps what it wrote; here every unit is different, so
    the figure is what a batch pays per unit (the values that repeat across units — zeros, a default
    reading, the same windows — repeat here as in a real commune)."""
    units = varied_units(doc, n)
    results = [antq_rules.evaluate(pack, *u) for u in units]
    for r in results[:50]:
        assert r.to_json(indent=None, detail="compact") == json.dumps(r.to_dict("compact"), ensure_ascii=False)
        assert Result.from_json(r.to_json(indent=None, detail="compact"), pack=pack) == r
    outcomes = Counter(r.outcome for r in results)
    ev, wr = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        for u in units:
            antq_rules.evaluate(pack, *u)
        ev.append((time.perf_counter() - t) / n)
        t = time.perf_counter()
        for r in results:
            r.to_json(indent=None, detail="compact")
        wr.append((time.perf_counter() - t) / n)
    ratio = statistics.median(w / e for w, e in zip(wr, ev, strict=True))
    print(f"  a batch of {n:,} different residential areas (illustrative, generated; outcomes {dict(outcomes)}):")
    print(f"    evaluation          {min(ev) * 1e6:7.1f} µs per unit  = 1×")
    print(
        f"    compact text        {min(wr) * 1e6:7.1f} µs per unit  {ratio:5.2f}×  "
        f"{'met' if ratio <= 1 else 'NOT met'}  (target ≤ 1×; median of {repeats} paired repeats)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
