"""The engine: pass / fail / undetermined / not applicable, events, parameters, pack identity."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from antq_rules import evaluate
from antq_rules.inputs import UnitRef
from antq_rules.packs import Pack, load_pack
from antq_rules.results import CRITERION_STATUSES, OUTCOMES, Result

Run = Callable[..., Result]


def statuses(r: Result) -> dict[str, str]:
    return {c.id: c.status for c in r.criteria}


# -- outcomes --------------------------------------------------------------------------------------


def test_pass(run_mini: Run) -> None:
    r = run_mini()
    assert r.outcome == "pass" and r.passed
    assert statuses(r) == {"C1": "met", "C2": "met", "C3": "met"}
    assert r.outcome_label.vi == "Đạt" and r.outcome_label.en == "Pass"
    assert all(c.missing == () and c.undefined == () for c in r.criteria)


def test_fail(run_mini: Run, mini_good: dict[str, Any]) -> None:
    r = run_mini(indicators={**mini_good, "registered": 9})
    assert r.outcome == "fail" and not r.passed
    assert statuses(r)["C1"] == "not_met"
    assert r.outcome_label.en == "Fail"
    (ratio_cmp, date_cmp) = r.criterion("C1").comparisons
    assert ratio_cmp.left == Fraction(9, 10) and ratio_cmp.right == 1 and ratio_cmp.result is False
    assert date_cmp.result is True


def test_missing_indicator_is_undetermined_and_listed(run_mini: Run, mini_good: dict[str, Any]) -> None:
    inds = {k: v for k, v in mini_good.items() if k != "reg_date"}
    r = run_mini(indicators=inds)
    c1 = r.criterion("C1")
    assert c1.status == "undetermined"
    assert c1.missing == ("reg_date",)
    assert ("reg_date", None, "missing") in [(o.name, o.value, o.source) for o in c1.observed]
    assert r.outcome == "undetermined"
    assert r.outcome_label.en == "Undetermined"


def test_missing_previous_year_is_listed(run_mini: Run) -> None:
    r = run_mini(previous_year={})
    c3 = r.criterion("C3")
    assert c3.status == "undetermined"
    assert c3.missing == ("previous_year.crimes",)


def test_false_part_decides_even_when_another_part_is_missing(run_mini: Run, mini_good: dict[str, Any]) -> None:
    inds = {**mini_good, "registered": 5}
    del inds["reg_date"]
    c1 = run_mini(indicators=inds).criterion("C1")
    assert c1.status == "not_met"  # the ratio already fails: false wins in `and`
    assert c1.missing == ()  # missing is only listed for undetermined criteria


def test_not_met_beats_undetermined(run_mini: Run, mini_good: dict[str, Any]) -> None:
    r = run_mini(indicators={**mini_good, "rating": "low"}, previous_year={})
    r2 = run_mini(
        indicators={k: v for k, v in mini_good.items() if k != "reg_date"},
        events=[{"type": "crime", "date": "2026-05-01"}],
    )
    assert statuses(r2) == {"C1": "undetermined", "C2": "not_met", "C3": "met"}
    assert r2.outcome == "fail"
    assert r.criterion("C3").status == "not_met"  # rating low: false, even though prev is missing
    assert r.outcome == "fail"


def test_everything_missing(mini_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    r = evaluate(mini_pack, kdc_unit, 2026, {})
    # events not reported either (no list at all): the event criterion is undetermined too (issue 10)
    assert statuses(r) == {"C1": "undetermined", "C2": "undetermined", "C3": "undetermined"}
    assert r.outcome == "undetermined"
    assert r.criterion("C2").missing == ("events",)
    assert set(r.criterion("C1").missing) == {"registered", "resident", "reg_date"}
    assert set(r.criterion("C3").missing) == {"crimes", "previous_year.crimes", "rating"}


def test_statuses_and_outcomes_are_from_the_documented_sets(run_mini: Run) -> None:
    r = run_mini()
    assert r.outcome in OUTCOMES
    assert all(c.status in CRITERION_STATUSES for c in r.criteria)


# -- parameters ------------------------------------------------------------------------------------


def test_parameter_changes_the_operator_and_is_recorded(run_mini: Run, mini_good: dict[str, Any]) -> None:
    same = {**mini_good, "crimes": 3}
    default = run_mini(indicators=same)
    chosen = run_mini(indicators=same, parameters={"op": "<"})
    assert default.criterion("C3").status == "met"  # 3 <= 3
    assert chosen.criterion("C3").status == "not_met"  # 3 < 3 is false
    (p,) = default.parameters
    assert (p.name, p.value, p.is_default) == ("op", "<=", True)
    assert p.choice is not None and p.choice.en == "not higher"
    (q,) = chosen.parameters
    assert (q.name, q.value, q.is_default) == ("op", "<", False)
    assert chosen.criterion("C3").parameters == ("op",)
    cmp = chosen.criterion("C3").comparisons[0]
    assert (cmp.text, cmp.op, cmp.left, cmp.right, cmp.result) == (
        "crimes < prev(crimes)",
        "<",
        3,
        3,
        False,
    )
    assert default.criterion("C3").comparisons[0].text == "crimes <= prev(crimes)"


def test_observed_values_record_their_source(extra_pack: Pack, kdc_unit: dict[str, Any], run_mini: Run) -> None:
    c3 = run_mini().criterion("C3")
    assert {(o.name, o.source) for o in c3.observed} == {
        ("crimes", "input"),
        ("rating", "input"),
        ("crimes", "previous_year"),
    }
    x6 = evaluate(extra_pack, kdc_unit, 2026, {}).criterion("X6")
    assert [(o.name, o.value, o.source) for o in x6.observed] == [("opt", 0, "default")]


# -- events ----------------------------------------------------------------------------------------


def test_events_counted_and_excused_with_reasons(run_mini: Run) -> None:
    events = [
        {"id": "E1", "type": "crime", "date": "2026-05-01", "force_majeure": True},
        {"id": "E2", "type": "crime", "date": "2026-05-02"},
        {"type": "crime", "date": "2025-11-01", "force_majeure": False},
    ]
    r = run_mini(events=events)
    c2 = r.criterion("C2")
    assert c2.status == "not_met"
    recs = [(e.position, e.id, e.type, e.date, e.list_id, e.point, e.status) for e in c2.events]
    assert recs == [
        (0, "E1", "crime", date(2026, 5, 1), "L", "a", "excused"),
        (1, "E2", "crime", date(2026, 5, 2), "L", "a", "counted"),
        (2, None, "crime", date(2025, 11, 1), "L", "a", "counted"),
    ]
    excused = c2.events[0]
    assert excused.reason is not None and excused.reason.en == "force majeure" and excused.reason.vi == "bất khả kháng"
    assert c2.events[1].reason is None
    count = [k for k in c2.comparisons if k.op == "count"]
    assert count and count[0].left == 2
    assert count[0].right == (date(2025, 11, 1), date(2026, 10, 31))
    assert r.outcome == "fail"


def test_only_excused_events_pass(run_mini: Run) -> None:
    r = run_mini(events=[{"type": "crime", "date": "2026-05-01", "force_majeure": True}] * 3)
    c2 = r.criterion("C2")
    assert c2.status == "met"
    assert [e.status for e in c2.events] == ["excused"] * 3
    assert r.outcome == "pass"


def test_events_appear_only_in_criteria_that_count_them(run_mini: Run) -> None:
    r = run_mini(events=[{"type": "crime", "date": "2026-05-01"}])
    assert r.criterion("C1").events == () and r.criterion("C3").events == ()
    assert len(r.criterion("C2").events) == 1


# -- scope: exclusions and applies_when ------------------------------------------------------------


def test_not_applicable_via_exclusion(extra_pack: Pack, cq_unit: dict[str, Any]) -> None:
    r = evaluate(extra_pack, cq_unit, 2026, {"cq_is_armed": True, "staff": 0})
    assert r.outcome == "not_applicable"
    assert r.exclusion is not None and r.exclusion.id == "X.SCOPE.CQ"
    assert r.exclusion.reason.en == "armed unit (illustrative)"
    assert r.exclusion.citation.article == 1 and r.exclusion.citation.clause == 3
    assert statuses(r) == {"X6": "not_applicable", "Y1": "not_applicable", "Y2": "not_applicable"}
    assert all(c.reason == r.exclusion.reason for c in r.criteria)
    assert r.outcome_label.en == "Not applicable"
    assert r.undetermined_scope == ()


def test_exclusion_not_met_evaluates_normally(extra_pack: Pack, cq_unit: dict[str, Any]) -> None:
    r = evaluate(extra_pack, cq_unit, 2026, {"cq_is_armed": False, "staff": 3})
    assert r.exclusion is None
    assert r.outcome == "pass"
    r = evaluate(extra_pack, cq_unit, 2026, {"cq_is_armed": False, "staff": 0})
    assert r.outcome == "fail"


@pytest.mark.parametrize(("staff", "y1"), [(3, "met"), (0, "not_met")])
def test_undecidable_exclusion_makes_the_outcome_undetermined(
    extra_pack: Pack, cq_unit: dict[str, Any], staff: int, y1: str
) -> None:
    r = evaluate(extra_pack, cq_unit, 2026, {"staff": staff})
    assert r.exclusion is None
    assert r.undetermined_scope == ("cq_is_armed",)
    assert r.criterion("Y1").status == y1  # criteria are still evaluated and explained …
    assert r.outcome == "undetermined"  # … but a unit that may be out of scope can neither pass nor fail


def test_applies_when(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    na = evaluate(extra_pack, kdc_unit, 2026, {"households": 0, "persons": 0}).criterion("X5")
    assert na.status == "not_applicable"
    assert na.reason is not None and na.reason.en == "no households"
    met = evaluate(extra_pack, kdc_unit, 2026, {"households": 4, "persons": 8}).criterion("X5")
    assert met.status == "met"
    unknown = evaluate(extra_pack, kdc_unit, 2026, {"persons": 8}).criterion("X5")
    assert unknown.status == "undetermined"
    assert "households" in unknown.missing


def test_not_applicable_criteria_do_not_count(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    r = evaluate(
        extra_pack,
        kdc_unit,
        2026,
        {"households": 0, "persons": 0, "share_ratio": "80 %", "topics": ["a", "b"]},
        events=[],
    )
    assert r.criterion("X5").status == "not_applicable"
    assert r.outcome == "pass"


def test_same_check_as_runs_the_target_check(extra_pack: Pack, cq_unit: dict[str, Any]) -> None:
    r = evaluate(extra_pack, cq_unit, 2026, {"cq_is_armed": False, "staff": 1, "opt": 9})
    y2 = r.criterion("Y2")
    assert y2.reused_from == "X6"
    assert y2.status == r.criterion("X6").status == "not_met"
    assert y2.citation.article == 5  # its own citation, not the target's


# -- result identity -------------------------------------------------------------------------------


def test_result_records_pack_identity(mini_pack: Pack, mini_path: Path, run_mini: Run) -> None:
    r = run_mini()
    assert r.pack.id == "test.mini"
    assert r.pack.version == "0.1.0"
    assert r.pack.content_hash == "sha256:" + hashlib.sha256(mini_path.read_bytes()).hexdigest()
    assert r.pack.instrument == "0/TEST"
    assert r.schema == "antq-rules/result/v1"


def test_content_hash_follows_the_file(tmp_path: Path, mini_text: str, kdc_unit: dict[str, Any]) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(mini_text + "\n# a trailing comment changes the bytes\n", encoding="utf-8")
    r = evaluate(load_pack(path), kdc_unit, 2026, {})
    assert r.pack.content_hash == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def test_result_records_unit_year_and_window(mini_pack: Pack) -> None:
    r = evaluate(mini_pack, UnitRef("U9", "kdc", "thon", "Thôn Chín"), 2027, {})
    assert (r.unit.id, r.unit.subject, r.unit.kind, r.unit.name) == (
        "U9",
        "kdc",
        "thon",
        "Thôn Chín",
    )
    assert r.year == 2027
    assert r.window == (date(2026, 11, 1), date(2027, 10, 31))
    assert r.outcome_citation.article == 8


def test_every_criterion_of_the_subject_once_in_pack_order(
    extra_pack: Pack, kdc_unit: dict[str, Any], cq_unit: dict[str, Any]
) -> None:
    assert [c.id for c in evaluate(extra_pack, kdc_unit, 2026, {}).criteria] == [
        "X1",
        "X2",
        "X3",
        "X4",
        "X5",
        "X6",
    ]
    assert [c.id for c in evaluate(extra_pack, cq_unit, 2026, {}).criteria] == ["X6", "Y1", "Y2"]


def test_criterion_lookup(run_mini: Run) -> None:
    r = run_mini()
    assert r.criterion("C2").id == "C2"
    with pytest.raises(KeyError):
        r.criterion("C9")
    assert [c.id for c in r.by_status("met")] == ["C1", "C2", "C3"]


def test_thresholds_carry_provenance(run_mini: Run) -> None:
    (t,) = run_mini().criterion("C1").thresholds
    assert (t.name, t.value, t.unit) == ("share", Fraction(1), "percent")
    assert t.provenance.status == "illustrative"
    assert t.provenance.note is not None


def test_extra_criteria_note(extra_pack: Pack, kdc_unit: dict[str, Any], run_mini: Run) -> None:
    assert evaluate(extra_pack, kdc_unit, 2026, {}).extra_criteria is not None
    assert run_mini().extra_criteria is None


def test_evaluation_is_pure(run_mini: Run, mini_good: dict[str, Any]) -> None:
    before = dict(mini_good)
    events = [{"type": "crime", "date": "2026-05-01"}]
    a = run_mini(events=events)
    b = run_mini(events=events)
    assert a == b
    assert mini_good == before
    assert events == [{"type": "crime", "date": "2026-05-01"}]
