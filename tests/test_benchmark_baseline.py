"""The benchmark's hand-written function checks the same criteria as the engine.

``benchmarks/bench_tt124.py`` compares the engine with a hand-written Python function; the comparison
is only fair if both decide the same. On generated residential-area inputs (illustrative, default
interpretations), every criterion the engine decides has the same verdict in the hand-written function.
No timing is asserted here: speed is printed by the benchmark itself.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

from test_tt124_pack import _kdc_input, run

_BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_tt124.py"


def _load_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_tt124", _BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


BENCH = _load_bench()


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_kdc_input())
def test_property_hand_written_baseline_agrees_with_the_engine(doc: dict[str, Any]) -> None:
    doc["parameters"] = {}  # the hand-written function knows only the default interpretations
    result = run(doc)
    events = [{**e, "date": e["date"]} for e in doc["events"]]
    hand = BENCH.hand_written(doc["indicators"], doc["previous_year"], events, doc["year"])
    verdicts = dict(hand["criteria"])
    assert list(verdicts) == [c.id for c in result.criteria]
    decided = [c for c in result.criteria if c.status in ("met", "not_met")]
    assert [(c.id, c.status == "met") for c in decided] == [(c.id, verdicts[c.id]) for c in decided]
    if result.outcome in ("pass", "fail"):
        assert hand["outcome"] == result.outcome


def test_benchmark_quick_run_prints_every_figure(capsys: Any) -> None:
    assert BENCH.main(["--quick"]) == 0
    out = capsys.readouterr().out
    for label in ("machine reference", "load shipped packs", "pre-validated", "hand-written", "ratio", "QĐ 510"):
        assert label in out
