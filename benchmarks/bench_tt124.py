"""Benchmark: TT 124 residential-area (khu dân cư) evaluation, engine vs a hand-written function.

Prints, on one core:
- the time to load (parse, validate, compile) the shipped packs;
- evaluations per second of the engine for one residential area, input validation included and the
  full structured explanation built (text rendering excluded);
- the same for already-validated input;
- evaluations per second of a hand-written Python function checking the same criteria and building a
  small result record;
- the ratio between them (the functions take turns in each repeat, so a slow moment of the machine
  falls on all of them alike);
- a machine reference figure (``sum(range(1000))``), to compare results from different machines.

Targets (issue 2): at least 25,000 evaluations/s and no more than 4× slower than the hand-written
function. Run: ``python benchmarks/bench_tt124.py`` (``--quick`` for a short run).

The unit's values are illustrative (ví dụ minh hoạ), taken from ``examples/tt124/kdc-pass.yaml``.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import antq_rules
from antq_rules.inputs import UnitRef, read_input_file, validate_input
from antq_rules.packs import PackRegistry, shipped_packs_dir
from antq_rules.packs._registry import _shipped, _shipped_of

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tt124" / "kdc-pass.yaml"

L_KDC_TYPES = frozenset(
    {
        "anti_party_activity",
        "sabotage_key_target",
        "illegal_religious_propagation",
        "exploiting_religion_ethnicity_disputes",
        "separatism",
        "prolonged_internal_conflict",
        "complaint_incitement",
        "complaint_abuse",
    }
)
SERIOUS = frozenset({"nghiem_trong", "rat_nghiem_trong", "dac_biet_nghiem_trong"})
INCIDENTS = frozenset({"fire_explosion_serious", "fatal_work_accident", "serious_incident"})
RATING = {"khong_hoan_thanh": 0, "hoan_thanh": 1, "hoan_thanh_tot": 2, "hoan_thanh_xuat_sac": 3}


def hand_written(ind: dict[str, Any], prev: dict[str, Any], events: list[dict[str, Any]], year: int) -> dict[str, Any]:
    """The same 11 residential-area checks, written by hand (default interpretations)."""
    start, end = date(year - 1, 11, 1), date(year, 10, 31)
    q1s, q1e = date(year, 1, 1), date(year, 3, 31)
    in_window = [e for e in events if start <= e["date"] <= end]
    l_kdc = [e for e in in_window if e["type"] in L_KDC_TYPES]
    crimes = [
        e
        for e in in_window
        if e["type"] == "crime"
        and e.get("severity") in SERIOUS
        and not (
            e.get("force_majeure", False)
            or (e.get("detected_promptly") and e.get("mitigation_applied") and e.get("reported_immediately"))
        )
    ]
    incidents = [e for e in in_window if e["type"] in INCIDENTS and not e.get("force_majeure", False)]
    # default reading: each category compared with its previous-year figure (kdc_prev_year_aggregation)
    not_higher = (
        ind["crimes_count"] <= prev["crimes_count"]
        and ind["social_evils_count"] <= prev["social_evils_count"]
        and ind["other_violations_count"] <= prev["other_violations_count"]
    )
    share = Fraction(ind["households_registered"], ind["households_resident"])
    checks = {
        "TT124.KDC.1a": ind["party_resolution_adopted"]
        and q1s <= ind["party_resolution_date"] <= q1e
        and ind["registration_submitted"]
        and q1s <= ind["registration_date"] <= q1e,
        "TT124.KDC.1b": share >= 1,
        "TT124.KDC.2": ind["policy_implementation_ok"],
        "TT124.KDC.3": not l_kdc,
        "TT124.KDC.4a": not_higher,
        "TT124.KDC.4b": not crimes,
        "TT124.KDC.4c.1": ind["new_complex_hotspots"] == 0,
        "TT124.KDC.4c.2": ind["new_persons_social_evils"] == 0,
        "TT124.KDC.4c.3": ind["supervised_subjects_management_ok"],
        "TT124.KDC.4d": not incidents,
        "TT124.KDC.5": RATING[ind["grassroots_force_rating"]] >= RATING["hoan_thanh"]
        and ind["grassroots_force_disciplined_count"] == 0,
    }
    return {
        "outcome": "pass" if all(checks.values()) else "fail",
        "criteria": [(k, v) for k, v in checks.items()],
        "observed": {"households_share": share},
    }


def _batch(fn: Callable[[], Any]) -> int:
    """How many calls of ``fn`` take about 50 ms (a batch is timed as one)."""
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        if time.perf_counter() - t > 0.05:
            return n
        n *= 2


def rates(fns: dict[str, Callable[[], Any]], seconds: float, repeats: int) -> dict[str, list[float]]:
    """Calls per second of each function, ``repeats`` times, the functions taking turns in each repeat.

    Taking turns means a slow moment of the machine falls on all of them alike, so their ratio is
    measured under the same conditions.
    """
    sizes = {}
    for name, fn in fns.items():
        n = _batch(fn)
        t = time.perf_counter()
        for _ in range(n):
            fn()
        sizes[name] = max(1, int(n * seconds / (time.perf_counter() - t)))
    out: dict[str, list[float]] = {name: [] for name in fns}
    gc.collect()
    for _ in range(repeats):
        for name, fn in fns.items():
            n = sizes[name]
            t = time.perf_counter()
            for _ in range(n):
                fn()
            out[name].append(n / (time.perf_counter() - t))
    return out


def rate(fn: Callable[[], Any], seconds: float, repeats: int) -> float:
    """Best-of-``repeats`` calls per second of one function."""
    return max(rates({"fn": fn}, seconds, repeats)["fn"])


def machine_reference() -> float:
    """Microseconds this machine takes for ``sum(range(1000))``: a yardstick to compare machines."""
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for _ in range(2000):
            sum(range(1000))
        best = min(best, (time.perf_counter() - t) / 2000)
    return best * 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--quick", action="store_true", help="short run (CI smoke test)")
    args = ap.parse_args(argv)
    seconds, repeats = (0.2, 3) if args.quick else (1.0, 5)

    loads = []
    for _ in range(3 if args.quick else 5):
        _shipped.cache_clear()
        _shipped_of.cache_clear()
        t = time.perf_counter()
        _shipped()  # every shipped pack (PackRegistry.shipped() compiles each one when first asked for)
        loads.append(time.perf_counter() - t)
    pack = antq_rules.shipped_pack("vn.bca.tt124")

    doc, _ = read_input_file(EXAMPLE)
    unit = UnitRef(doc.unit.id, doc.unit.subject, doc.unit.kind, doc.unit.name)
    assert doc.events is not None, "the example reports its events"
    ind, prev, events = dict(doc.indicators), dict(doc.previous_year), [dict(e) for e in doc.events]
    result = antq_rules.evaluate(pack, unit, doc.year, ind, prev, events)
    assert result.outcome == "pass", result.outcome
    hand = hand_written(ind, prev, events, doc.year)
    assert hand["outcome"] == "pass"
    assert [c.id for c in result.criteria] == [k for k, _ in hand["criteria"]], "criteria differ"
    validated = validate_input(pack, unit, doc.year, ind, prev, events)

    def full() -> Any:  # the full path: validate, evaluate, structured explanation
        return antq_rules.evaluate(pack, unit, doc.year, ind, prev, events)

    measured = rates(
        {
            "engine": full,
            "validated": lambda: antq_rules.evaluate_validated(pack, validated),
            "hand": lambda: hand_written(ind, prev, events, doc.year),
        },
        seconds,
        repeats,
    )
    engine, engine_validated, baseline = (max(measured[k]) for k in ("engine", "validated", "hand"))
    # the ratio within each repeat (the three took turns), then its median over the repeats
    paired = statistics.median(h / e for h, e in zip(measured["hand"], measured["engine"], strict=True))
    paired_validated = statistics.median(h / e for h, e in zip(measured["hand"], measured["validated"], strict=True))
    engine_json = rate(lambda: full().to_dict(), seconds, 3)

    print(f"python {sys.version.split()[0]}; packs from {shipped_packs_dir()}")
    print(f"machine reference: sum(range(1000)) takes {machine_reference():.1f} µs here (compare machines with it)")
    print(f"load shipped packs: median {statistics.median(loads) * 1000:.1f} ms (best {min(loads) * 1000:.1f} ms)")
    print(f"TT 124 residential area, {len(result.criteria)} criteria, {len(events)} events (best of {repeats}):")
    print(
        f"  engine (validate + evaluate + structured explanation): {engine:,.0f} evaluations/s ({1e6 / engine:.1f} µs)"
    )
    print(
        f"  engine on pre-validated input:                        {engine_validated:,.0f} evaluations/s"
        f" ({1e6 / engine_validated:.1f} µs)"
    )
    print(
        f"  hand-written function:                                {baseline:,.0f} evaluations/s ({1e6 / baseline:.1f} µs)"
    )
    print(
        f"  engine + JSON-ready dict (to_dict; not in the target): {engine_json:,.0f} evaluations/s"
        f" ({1e6 / engine_json:.1f} µs)"
    )
    print("  ratio to the hand-written function, best / median of paired repeats (the verdict is on the median):")
    print(
        f"    engine, input validated (target ≤ 4×): {baseline / engine:.2f}× / {paired:.2f}× slower — "
        f"{'met' if paired <= 4 else 'NOT met'}"
    )
    print(
        f"    engine, pre-validated (target ≤ 2×):   {baseline / engine_validated:.2f}× / {paired_validated:.2f}× slower — "
        f"{'met' if paired_validated <= 2 else 'NOT met'}"
    )
    # each line names its target: bench_issue11 repeats the verdict lines without their headings
    print(f"    engine, input validated ≥ 25,000/s (issue 2):  {'met' if engine >= 25_000 else 'NOT met'}")
    print(f"    engine, pre-validated ≥ 25,000/s (issue 2):    {'met' if engine_validated >= 25_000 else 'NOT met'}")
    bench_510(seconds, repeats, full)
    return 0


EXAMPLE_510 = Path(__file__).resolve().parents[1] / "examples" / "qd510" / "cq-tinh-mau.yaml"


def bench_510(seconds: float, repeats: int, tt124_full: Callable[[], Any]) -> None:
    """Scoring one agency against the complete (illustrative) example QĐ 510 overlay, full breakdown.

    Issue 11 item 3: at least 20,000 evaluations/s, or at most 1.5× the time of the TT 124 residential
    area's full evaluation (validate + evaluate); the two take turns in each repeat, so their ratio is
    measured under the same conditions.
    """
    if not EXAMPLE_510.exists():
        print(f"QĐ 510: example input {EXAMPLE_510} not found — skipped")
        return
    registry = PackRegistry.shipped()
    doc, _ = read_input_file(EXAMPLE_510)
    assert doc.pack is not None
    pack = registry.select(doc.pack, doc.pack_version, doc.unit.subject, doc.year)
    unit = UnitRef(doc.unit.id, doc.unit.subject, doc.unit.kind, doc.unit.name)
    deps = antq_rules.resolve_dependencies(pack, unit, doc.year, doc.dependencies, registry) if pack.requires else ()

    def once() -> Any:
        v = validate_input(
            pack, unit, doc.year, doc.indicators, doc.previous_year, doc.events, doc.parameters, scores=doc.scores
        )
        return antq_rules.evaluate_validated(pack, v, deps)

    result = once()
    assert result.score is not None and result.score.level is not None, result.outcome
    measured = rates({"qd510": once, "tt124": tt124_full}, seconds, repeats)
    rate_510, rate_124 = max(measured["qd510"]), max(measured["tt124"])
    paired = statistics.median(t / q for q, t in zip(measured["qd510"], measured["tt124"], strict=True))
    print(
        f"QĐ 510 example overlay ({pack.ref}, illustrative), {len(result.score.items)} items, level {result.outcome}:"
    )
    print(
        f"  engine (validate + score + level + breakdown):        {rate_510:,.0f} evaluations/s ({1e6 / rate_510:.1f} µs)"
    )
    print(
        f"  TT 124 residential area, same run:                   {rate_124:,.0f} evaluations/s ({1e6 / rate_124:.1f} µs)"
    )
    ok_rate, ok_ratio = rate_510 >= 20_000, paired <= 1.5
    print(
        f"  time beside TT 124's (target ≤ 1.5×), best / median of paired repeats: {rate_124 / rate_510:.2f}× /"
        f" {paired:.2f}× — {'met' if ok_ratio else 'NOT met'} (on the median)"
    )
    print(f"  target ≥ 20,000 evaluations/s: {'met' if ok_rate else 'NOT met'} (either target suffices)")


if __name__ == "__main__":
    raise SystemExit(main())
