"""Scored packs: items, totals, band edges, hand scores, incomplete packs, load-time checks, properties.

Every pack used here is an illustrative test fixture (``tests/fixtures/mini.yaml`` and
``tests/fixtures/scoring/*.yaml``); none of it is law.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antq_rules import InputError, PackError, evaluate, render_text
from antq_rules.packs import Pack, PackRegistry, load_pack_text, load_packs
from antq_rules.results import Result

FIXTURES = Path(__file__).parent / "fixtures"
SCORING = FIXTURES / "scoring"
KDC = {"id": "KDC-1", "subject": "kdc", "kind": "thon", "name": "Thôn Thử (minh hoạ)"}
CQ = {"id": "CQ-1", "subject": "cq", "kind": "co_quan"}
LEVELS = ("yeu", "kha", "xuat_sac")
BASE_SLOTS = (
    "scoring.items.S.REST",
    "levels.yeu.max",
    "levels.kha.min",
    "levels.kha.max",
    "levels.xuat_sac.min",
)
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def reg() -> PackRegistry:
    return load_packs(
        [
            FIXTURES / "mini.yaml",
            SCORING / "base.yaml",
            SCORING / "overlay.yaml",
            SCORING / "complete.yaml",
        ]
    )


@pytest.fixture(scope="module")
def base(reg: PackRegistry) -> Pack:
    return reg.get("test.scored")


@pytest.fixture(scope="module")
def overlay(reg: PackRegistry) -> Pack:
    return reg.get("test.scored_tinh")


@pytest.fixture(scope="module")
def complete(reg: PackRegistry) -> Pack:
    return reg.get("test.complete")


@pytest.fixture(scope="module")
def complete_text() -> str:
    return (SCORING / "complete.yaml").read_text(encoding="utf-8")


def hand(points: Any, reason: str = "Biên bản họp ngày 10/10/2026 (minh hoạ)") -> dict[str, Any]:
    return {"S.3": {"points": points, "reason": reason}}


@pytest.fixture(scope="module")
def run_overlay(overlay: Pack, reg: PackRegistry) -> Callable[..., Result]:
    """Evaluate the province overlay for 2026 with dep.std supplied as ``pass`` unless told otherwise."""

    def run(
        indicators: dict[str, Any],
        points: Any = 0,
        dependencies: dict[str, Any] | None = None,
        year: int = 2026,
    ) -> Result:
        deps = (
            {"std": {"outcome": "pass", "decision": "QĐ 1/QĐ-UBND (minh hoạ)"}}
            if dependencies is None
            else dependencies
        )
        scores = {} if points is None else hand(points)
        return evaluate(overlay, KDC, year, indicators, scores=scores, dependencies=deps, registry=reg)

    return run


def complete_run(pack: Pack, indicators: dict[str, Any], points: Any = 0, unit: dict[str, Any] = CQ) -> Result:
    scores = {"K.S3": {"points": points, "reason": "họp xét (minh hoạ)"}}
    return evaluate(pack, unit, 2026, indicators, scores=scores)


def items(r: Result) -> dict[str, Any]:
    assert r.score is not None
    return {i.id: i for i in r.score.items}


# -- band edges ------------------------------------------------------------------------------------

# Overlay points: S.1 = 10 if plan_ok; S.2 = 20 (share >= 95%), 10 (>= 50%) or 0; S.3 by hand (0..5);
# P.1 = 65 × share. With plan_ok false and 61 of 100 people, the automatic part is 10 + 39.65 = 49.65.
EDGE_LOW = {"plan_ok": False, "part": 61, "people": 100}
# plan_ok true, 90 of 100: 10 + 10 + 58.5 = 78.5
EDGE_HIGH = {"plan_ok": True, "part": 90, "people": 100}


@pytest.mark.parametrize(
    ("points", "total", "level"),
    [
        (Decimal("0.35"), Fraction(50), "kha"),
        (0.35, Fraction(50), "kha"),  # a float is read exactly as written (0.35, not 0.34999…)
        (Decimal("0.34"), Fraction("49.99"), "yeu"),
        (Fraction(35, 100) - Fraction(1, 10**9), Fraction("49.999999999"), "yeu"),
        (Decimal("5"), Fraction("54.65"), "kha"),
    ],
)
def test_lower_edge_of_kha(run_overlay: Callable[..., Result], points: Any, total: Fraction, level: str) -> None:
    r = run_overlay(EDGE_LOW, points)
    assert r.score is not None
    assert r.score.status == "classified"
    assert r.score.total == total
    assert r.outcome == level
    assert r.score.level == level
    assert r.score.band == level


@pytest.mark.parametrize(
    ("points", "total", "level"),
    [
        (Decimal("1.5"), Fraction(80), "xuat_sac"),
        (Decimal("1.49"), Fraction("79.99"), "kha"),
        (Decimal("1.4999"), Fraction("79.9999"), "kha"),
    ],
)
def test_lower_edge_of_xuat_sac(run_overlay: Callable[..., Result], points: Any, total: Fraction, level: str) -> None:
    r = run_overlay(EDGE_HIGH, points)
    assert r.score is not None
    assert r.score.total == total
    assert (r.outcome, r.score.band) == (level, level)


def test_top_edge_is_inclusive(run_overlay: Callable[..., Result]) -> None:
    r = run_overlay({"plan_ok": True, "part": 10, "people": 10}, 5)
    assert r.score is not None
    assert r.score.total == 100 == r.score.scale
    assert not r.score.capped
    assert r.outcome == "xuat_sac"
    assert r.outcome_label.en == "Excellent"


def test_zero_is_the_lowest_level(run_overlay: Callable[..., Result]) -> None:
    r = run_overlay({"plan_ok": False, "part": 0, "people": 10}, 0)
    assert r.score is not None
    assert r.score.total == 0
    assert r.outcome == "yeu"
    assert {i: it.points for i, it in items(r).items()} == {"S.1": 0, "S.2": 0, "S.3": 0, "P.1": 0}


def test_fractional_total_is_exact_in_json(run_overlay: Callable[..., Result]) -> None:
    r = run_overlay(EDGE_LOW, Decimal("0.34"))
    d = json.loads(r.to_json())
    assert d["score"]["total"] == {"fraction": "4999/100", "decimal": "49.99"}
    assert d["score"]["level"] == "yeu"
    assert items(r)["P.1"].points == Fraction("39.65")


def test_item_methods_and_trace(run_overlay: Callable[..., Result]) -> None:
    r = run_overlay({"plan_ok": True, "part": 96, "people": 100}, 2)
    it = items(r)
    assert it["S.1"].points == 10 and it["S.1"].method == "all_or_nothing"
    # 96% >= the province's 95%: the first band, full points
    assert (it["S.2"].points, it["S.2"].band) == (20, 0)
    assert it["S.2"].trace[0].right == Fraction(95, 100)
    assert it["S.3"].points == 2 and it["S.3"].reason
    assert it["P.1"].points == Fraction("62.4")
    assert r.score is not None and r.score.total == Fraction("94.4")


def test_bands_second_band_and_none(run_overlay: Callable[..., Result]) -> None:
    second = items(run_overlay({"plan_ok": True, "part": 94, "people": 100}))["S.2"]
    assert (second.points, second.band) == (10, 1)  # 94% misses the province's 95%
    none = items(run_overlay({"plan_ok": True, "part": 49, "people": 100}))["S.2"]
    assert (none.points, none.band, none.status) == (0, None, "scored")


def test_proportional_share_is_clamped(run_overlay: Callable[..., Result]) -> None:
    r = run_overlay({"plan_ok": True, "part": 300, "people": 100}, 5)
    assert items(r)["P.1"].points == 65
    assert r.score is not None and r.score.total == 100


def test_missing_indicator_makes_items_and_outcome_undetermined(run_overlay: Callable[..., Result]) -> None:
    r = run_overlay({"plan_ok": True}, 5)
    it = items(r)
    assert it["S.1"].status == "scored"
    assert it["S.2"].status == "undetermined"
    assert it["P.1"].status == "undetermined"
    assert r.outcome == "undetermined"
    assert r.score is not None
    assert r.score.level is None and r.score.total is None
    assert r.score.known_points == 15


def test_missing_hand_score_is_undetermined(run_overlay: Callable[..., Result]) -> None:
    r = run_overlay({"plan_ok": True, "part": 10, "people": 10}, points=None)
    s3 = items(r)["S.3"]
    assert (s3.status, s3.points, s3.missing) == ("undetermined", None, ("scores.S.3",))
    assert r.outcome == "undetermined"


# -- deductions, bonuses, caps, conditions (complete pack) ------------------------------------------


def test_bonus_over_the_scale_is_capped(complete: Pack) -> None:
    r = complete_run(complete, {"trained": 9, "staff": 10, "plan_ok": True, "incidents": 0, "award": True}, 40)
    assert r.score is not None
    assert r.score.known_points == 110
    assert (r.score.total, r.score.capped) == (100, True)
    assert r.outcome == "xuat_sac"
    assert "(kept within the scale)" in render_text(r, "en")


def test_deduction_below_zero_is_capped_at_zero(complete: Pack) -> None:
    r = complete_run(complete, {"trained": 0, "staff": 10, "plan_ok": False, "incidents": 1, "award": False}, 0)
    assert r.score is not None
    assert items(r)["K.D1"].points == 30 and items(r)["K.D1"].kind == "deduction"
    assert r.score.known_points == -30
    assert (r.score.total, r.score.capped, r.outcome) == (0, True, "yeu")


def test_cap_lowers_the_level(complete: Pack) -> None:
    r = complete_run(complete, {"trained": 9, "staff": 10, "plan_ok": True, "incidents": 3, "award": True}, 40)
    assert r.score is not None
    assert r.score.total == 80  # 100 + 10 − 30
    assert r.score.band == "xuat_sac"
    assert r.outcome == "yeu"
    cap = next(c for c in r.score.conditions if c.kind == "cap")
    assert (cap.id, cap.status, cap.level) == ("K.CAP.1", "met", "yeu")


def test_unmet_condition_falls_one_level(complete: Pack) -> None:
    r = complete_run(complete, {"trained": 7, "staff": 10, "plan_ok": True, "incidents": 0, "award": True}, 40)
    assert r.score is not None
    assert r.score.total == 90
    assert (r.score.band, r.outcome) == ("xuat_sac", "kha")
    cond = next(c for c in r.score.conditions if c.kind == "condition")
    assert (cond.id, cond.status) == ("K.XS.1", "not_met")
    assert r.criterion("K.1").status == "not_met"  # criteria of a classification pack are explained
    assert "xuat_sac → kha" in render_text(r, "en")


# -- hand-scored items ---------------------------------------------------------------------------------


@pytest.mark.parametrize("points", [6, Decimal("5.01"), -1, Decimal("-0.5")])
def test_hand_score_out_of_range(run_overlay: Callable[..., Result], points: Any) -> None:
    with pytest.raises(InputError) as info:
        run_overlay({"plan_ok": True, "part": 1, "people": 2}, points)
    assert [p.field for p in info.value.problems] == ["scores.S.3.points"]
    assert "0..5" in info.value.problems[0].message.en


@pytest.mark.parametrize("points", [0, 5, Decimal("4.75")])
def test_hand_score_range_is_inclusive(run_overlay: Callable[..., Result], points: Any) -> None:
    r = run_overlay({"plan_ok": True, "part": 1, "people": 2}, points)
    assert items(r)["S.3"].points == Fraction(points)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_hand_score_needs_a_reason(overlay: Pack, reg: PackRegistry, reason: Any) -> None:
    score = {"points": 3} if reason is None else {"points": 3, "reason": reason}
    with pytest.raises(InputError) as info:
        evaluate(overlay, KDC, 2026, {}, scores={"S.3": score}, registry=reg)
    assert [p.field for p in info.value.problems] == ["scores.S.3.reason"]


@pytest.mark.parametrize("points", ["ba", "1.412", True, None, float("nan"), [3]])
def test_hand_score_points_must_be_a_number(overlay: Pack, reg: PackRegistry, points: Any) -> None:
    with pytest.raises(InputError) as info:
        evaluate(overlay, KDC, 2026, {}, scores={"S.3": {"points": points, "reason": "x"}}, registry=reg)
    assert [p.field for p in info.value.problems] == ["scores.S.3.points"]


@pytest.mark.parametrize("points", ["3", "2,5", 2.5, "2.5"])
def test_hand_score_points_read_as_numbers(overlay: Pack, reg: PackRegistry, points: Any) -> None:
    r = evaluate(overlay, KDC, 2026, {}, scores={"S.3": {"points": points, "reason": "x"}}, registry=reg)
    assert r.score is not None
    (item,) = [i for i in r.score.items if i.id == "S.3"]
    assert item.points == (3 if points == "3" else Fraction(5, 2))


def test_every_hand_score_problem_in_one_error(overlay: Pack, reg: PackRegistry) -> None:
    scores = {
        "S.3": {"points": 9},  # above max, and no reason
        "S.9": {"points": 1, "reason": "x"},  # no such item
        "S.1": {"points": 10, "reason": "x"},  # scored automatically from plan_ok
        "P.1": {"points": 1, "reason": "x"},  # scored automatically (proportional)
    }
    with pytest.raises(InputError) as info:
        evaluate(overlay, KDC, 2026, {"part": -1}, scores=scores, registry=reg)
    fields = sorted(p.field or "" for p in info.value.problems)
    assert fields == sorted(
        ["indicators.part", "scores.S.3.points", "scores.S.3.reason", "scores.S.9", "scores.S.1", "scores.P.1"]
    )
    messages = {p.field: p.message.en for p in info.value.problems}
    assert "no scoring item 'S.9'" in messages["scores.S.9"]
    assert "method all_or_nothing" in messages["scores.S.1"]
    assert "method proportional" in messages["scores.P.1"]


def test_hand_score_with_extra_keys_is_refused(overlay: Pack, reg: PackRegistry) -> None:
    with pytest.raises(InputError) as info:
        evaluate(overlay, KDC, 2026, {}, scores={"S.3": {"points": 1, "reason": "x", "by": "me"}}, registry=reg)
    assert [p.field for p in info.value.problems] == ["scores.S.3"]


def test_hand_score_for_an_item_of_the_unknown_rest_is_refused(base: Pack, reg: PackRegistry) -> None:
    with pytest.raises(InputError) as info:
        evaluate(base, KDC, 2026, {}, scores={"S.REST": {"points": 1, "reason": "x"}}, registry=reg)
    assert [p.field for p in info.value.problems] == ["scores.S.REST"]


@pytest.mark.parametrize("points", [float("inf"), Decimal("Infinity")])
def test_infinite_hand_score_is_an_input_error(overlay: Pack, reg: PackRegistry, points: Any) -> None:
    with pytest.raises(InputError) as info:
        evaluate(overlay, KDC, 2026, {}, scores={"S.3": {"points": points, "reason": "x"}}, registry=reg)
    assert [p.field for p in info.value.problems] == ["scores.S.3.points"]


def test_nan_hand_score_is_an_input_error(overlay: Pack, reg: PackRegistry) -> None:
    with pytest.raises(InputError) as info:
        evaluate(overlay, KDC, 2026, {}, scores={"S.3": {"points": float("nan"), "reason": "x"}}, registry=reg)
    assert [p.field for p in info.value.problems] == ["scores.S.3.points"]


def test_reason_appears_in_text_and_json(overlay: Pack, reg: PackRegistry) -> None:
    reason = "Biên bản họp số 7 ngày 12/10/2026 (minh hoạ)"
    r = evaluate(
        overlay,
        KDC,
        2026,
        {"plan_ok": True, "part": 10, "people": 10},
        scores={"S.3": {"points": 4, "reason": f"  {reason}  "}},
        dependencies={"std": {"outcome": "pass"}},
        registry=reg,
    )
    assert items(r)["S.3"].reason == reason  # kept, without the surrounding blanks
    assert f"Lý do: {reason}" in render_text(r, "vi")
    assert f"Reason: {reason}" in render_text(r, "en")
    d = json.loads(r.to_json())
    s3 = next(i for i in d["score"]["items"] if i["id"] == "S.3")
    assert (s3["reason"], s3["points"], s3["method"]) == (reason, 4, "manual")


# -- incomplete packs never yield a level -------------------------------------------------------------


def test_national_pack_with_slots_is_incomplete(base: Pack, reg: PackRegistry) -> None:
    r = evaluate(base, KDC, 2026, {"plan_ok": True, "part": 10, "people": 10}, scores=hand(5), registry=reg)
    assert r.outcome == "incomplete"
    assert r.kind == "classification"
    assert r.outcome_label.en.startswith("Incomplete")
    s = r.score
    assert s is not None
    assert s.status == "incomplete"
    assert s.level is None and s.level_name is None and s.total is None
    assert s.missing_slots == BASE_SLOTS
    assert "values.unknown_x" not in s.missing_slots  # a slot nothing reads is not needed
    it = items(r)
    # items that need no slot are still scored and explained
    assert (it["S.1"].points, it["S.1"].status) == (10, "scored")
    assert (it["S.2"].points, it["S.2"].status) == (20, "scored")
    assert (it["S.3"].points, it["S.3"].status) == (5, "scored")
    assert (it["S.REST"].points, it["S.REST"].status) == (None, "incomplete")
    assert it["S.REST"].slots == ("scoring.items.S.REST",)
    assert it["S.REST"].max is None
    assert s.known_points == 35
    assert s.scale == 100


def test_national_pack_uses_the_national_share(base: Pack, reg: PackRegistry) -> None:
    # 92% meets the national 90% but not the province's 95%
    r = evaluate(base, KDC, 2026, {"plan_ok": False, "part": 92, "people": 100}, registry=reg)
    assert items(r)["S.2"].points == 20


def test_incomplete_in_text_and_json(base: Pack, reg: PackRegistry) -> None:
    r = evaluate(base, KDC, 2026, {"plan_ok": True}, registry=reg)
    assert r.outcome == "incomplete"  # slots win over undetermined items
    text = render_text(r, "en")
    for slot in BASE_SLOTS:
        assert f"    - {slot}" in text
    assert "NOT KNOWN (no official text)" in text
    d = json.loads(r.to_json())
    assert d["outcome"] == "incomplete"
    assert d["score"]["level"] is None
    assert d["score"]["missing_slots"] == list(BASE_SLOTS)
    assert d["illustrative"] is False


def test_a_check_reading_a_slot_value_is_incomplete(reg: PackRegistry) -> None:
    text = (SCORING / "base.yaml").read_text(encoding="utf-8")
    text = _once(text, 'check: "plan_ok"', 'check: "plan_ok and people >= law.unknown_x"')
    pack = load_pack_text(text, "slot-check.yaml")
    r = evaluate(pack, KDC, 2026, {"plan_ok": True, "part": 1, "people": 2}, registry=reg)
    it = items(r)
    assert (it["S.1"].status, it["S.1"].points, it["S.1"].slots) == ("incomplete", None, ("values.unknown_x",))
    assert (it["S.2"].status, it["S.2"].points) == ("scored", 10)  # does not read the slot
    assert r.score is not None and r.score.missing_slots == ("values.unknown_x", *BASE_SLOTS)


OPT_INT = st.one_of(st.none(), st.integers(min_value=0, max_value=500))


@PROPERTY
@given(
    part=OPT_INT,
    people=OPT_INT,
    plan_ok=st.one_of(st.none(), st.booleans()),
    points=st.one_of(st.none(), st.fractions(min_value=0, max_value=5, max_denominator=100)),
    dep=st.sampled_from([None, "pass", "fail", "undetermined"]),
)
def test_property_national_pack_is_never_classified(
    base: Pack, reg: PackRegistry, part: Any, people: Any, plan_ok: Any, points: Any, dep: Any
) -> None:
    indicators = {k: v for k, v in {"part": part, "people": people, "plan_ok": plan_ok}.items() if v is not None}
    r = evaluate(
        base,
        KDC,
        2026,
        indicators,
        scores={} if points is None else hand(points),
        dependencies={} if dep is None else {"std": {"outcome": dep}},
        registry=reg,
    )
    assert r.outcome == "incomplete"
    assert r.outcome not in LEVELS
    assert r.score is not None
    assert r.score.level is None and r.score.total is None
    assert set(BASE_SLOTS) <= set(r.score.missing_slots)


# -- load-time checks ------------------------------------------------------------------------------------


def _problems(text: str) -> tuple[Any, ...]:
    with pytest.raises(PackError) as info:
        load_pack_text(text, "scored-broken.yaml")
    return info.value.problems


def _line(text: str, needle: str) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, hits
    return hits[0]


def _once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


KHA_MIN = "    min: {value: 50, provenance: {status: confirmed, sources: [C1]}}"
YEU_MAX = "    max: {value: 50, provenance: {status: confirmed, sources: [C1]}}"
TOP_MAX = "    max: {value: 100, provenance: {status: confirmed, sources: [C1]}}"


def test_complete_fixture_loads(complete: Pack) -> None:
    assert [lv.id for lv in complete.levels] == list(LEVELS)
    assert complete.total is not None and complete.total.value == 100
    assert complete.slots == ()


@pytest.mark.parametrize(("kha_min", "word"), [(55, "gap"), (45, "overlap")])
def test_level_gap_or_overlap(complete_text: str, kha_min: int, word: str) -> None:
    text = _once(complete_text, KHA_MIN, KHA_MIN.replace("50", str(kha_min)))
    problems = _problems(text)
    assert len(problems) == 1
    p = problems[0]
    assert p.field == "levels[1].min"
    assert word in p.message.en and "'yeu'" in p.message.en and "'kha'" in p.message.en
    assert p.file == "scored-broken.yaml"
    assert p.line == _line(text, KHA_MIN.replace("50", str(kha_min)).strip())


def test_top_level_must_end_at_the_total(complete_text: str) -> None:
    text = _once(complete_text, TOP_MAX, TOP_MAX.replace("100", "90"))
    problems = _problems(text)
    assert [p.field for p in problems] == ["levels[2].max"]
    assert "top level must end at the total" in problems[0].message.en


def test_lowest_level_must_start_at_zero(complete_text: str) -> None:
    old = "    min: {value: 0, provenance: {status: confirmed, sources: [C1]}}"
    problems = _problems(_once(complete_text, old, old.replace("0,", "5,")))
    assert [p.field for p in problems] == ["levels[0].min"]


def test_level_min_not_below_max(complete_text: str) -> None:
    text = _once(complete_text, YEU_MAX, YEU_MAX.replace("50", "0"))
    fields = {p.field for p in _problems(text)}
    assert "levels[0]" in fields  # min 0 is not below max 0
    assert "levels[1].min" in fields  # and a gap 0 → 50


def test_item_maxima_must_add_up_to_the_total(complete_text: str) -> None:
    old = "      max: {value: 20, provenance: {status: confirmed, sources: [C1]}}"
    problems = _problems(_once(complete_text, old, old.replace("20", "25")))
    # one problem per subject whose items carry the changed maximum
    assert [p.field for p in problems] == ["scoring.items", "scoring.items"]
    assert all("add up to 105, not the declared total 100" in p.message.en for p in problems)
    assert {"'cq'", "'dn'"} == {w for p in problems for w in ("'cq'", "'dn'") if w in p.message.en}


def test_known_maxima_may_not_exceed_the_total_with_slots() -> None:
    text = (SCORING / "base.yaml").read_text(encoding="utf-8")
    old = "      max: {value: 10, provenance: {status: confirmed, sources: [T1]}}"
    problems = _problems(_once(text, old, old.replace("10", "80")))
    assert [p.field for p in problems] == ["scoring.items"]
    assert "exceed the declared total" in problems[0].message.en
    # below the total is fine while a maximum is still a slot
    load_pack_text(_once(text, old, old.replace("10", "70")), "ok.yaml")


def test_band_points_above_the_item_max(complete_text: str) -> None:
    old = '"ratio(trained, staff) >= law.trained_share", points: {value: 40'
    text = _once(complete_text, old, old.replace("40", "45"))
    problems = _problems(text)
    assert [p.field for p in problems] == ["scoring.items[1].bands[0].points"]
    assert "band points exceed the item's max" in problems[0].message.en
    assert problems[0].line == _line(text, old.replace("40", "45"))


def test_negative_amount_is_refused(complete_text: str) -> None:
    old = "    min: {value: 0, provenance: {status: confirmed, sources: [C1]}}"
    problems = _problems(_once(complete_text, old, old.replace("0,", "-1,")))
    assert any((p.field or "").startswith("levels[0].min") for p in problems)


def test_duplicate_item_id(complete_text: str) -> None:
    problems = _problems(_once(complete_text, "    - id: K.S2\n", "    - id: K.S1\n"))
    assert "scoring.items[1].id" in [p.field for p in problems]


def test_several_scoring_problems_reported_together(complete_text: str) -> None:
    text = _once(complete_text, KHA_MIN, KHA_MIN.replace("50", "55"))
    text = _once(text, TOP_MAX, TOP_MAX.replace("100", "95"))
    old = '"ratio(trained, staff) >= law.trained_share", points: {value: 40'
    text = _once(text, old, old.replace("40", "41"))
    fields = {p.field for p in _problems(text)}
    assert {"levels[1].min", "levels[2].max", "scoring.items[1].bands[0].points"} <= fields


@pytest.mark.parametrize("what", ["condition", "cap"])
def test_duplicate_condition_or_cap_id_is_refused(complete_text: str, what: str) -> None:
    if what == "condition":
        text = _once(
            complete_text,
            "caps:\n",
            '      - id: K.XS.1\n        when: "plan_ok"\n        description: {vi: "x", en: "x"}\ncaps:\n',
        )
    else:
        text = complete_text + '  - id: K.CAP.1\n    when: "incidents >= 5"\n    max_level: yeu\n'
        text += '    description: {vi: "x", en: "x"}\n'
    problems = _problems(text)
    if what == "condition":
        assert [(p.field, p.message.en) for p in problems] == [("levels[2].conditions[1].id", "duplicate id 'K.XS.1'")]
    else:
        assert [(p.field, p.message.en) for p in problems] == [("caps[1].id", "duplicate id 'K.CAP.1'")]


# -- properties ------------------------------------------------------------------------------------------

RANK = {lv: i for i, lv in enumerate(LEVELS)}
POINTS = st.fractions(min_value=0, max_value=5, max_denominator=1000)


@PROPERTY
@given(
    part=st.integers(min_value=0, max_value=200),
    people=st.integers(min_value=1, max_value=200),
    plan_ok=st.booleans(),
    dep=st.sampled_from(["pass", "fail"]),
    a=POINTS,
    b=POINTS,
)
def test_property_more_hand_points_never_lower_the_level(
    run_overlay: Callable[..., Result], part: int, people: int, plan_ok: bool, dep: str, a: Fraction, b: Fraction
) -> None:
    lo, hi = sorted((a, b))
    inds = {"part": part, "people": people, "plan_ok": plan_ok}
    deps = {"std": {"outcome": dep}}
    r_lo = run_overlay(inds, lo, deps)
    r_hi = run_overlay(inds, hi, deps)
    assert r_lo.score is not None and r_hi.score is not None
    assert r_lo.score.total <= r_hi.score.total
    assert r_hi.score.total - r_lo.score.total == hi - lo
    assert RANK[r_lo.outcome] <= RANK[r_hi.outcome]


@PROPERTY
@given(
    trained=st.integers(min_value=0, max_value=50),
    staff=st.integers(min_value=1, max_value=50),
    plan_ok=st.booleans(),
    incidents=st.integers(min_value=0, max_value=4),
    award=st.booleans(),
    a=st.fractions(min_value=0, max_value=40, max_denominator=100),
    b=st.fractions(min_value=0, max_value=40, max_denominator=100),
)
def test_property_monotone_with_caps_and_adjustments(
    complete: Pack, trained: int, staff: int, plan_ok: bool, incidents: int, award: bool, a: Fraction, b: Fraction
) -> None:
    lo, hi = sorted((a, b))
    inds = {"trained": trained, "staff": staff, "plan_ok": plan_ok, "incidents": incidents, "award": award}
    r_lo, r_hi = complete_run(complete, inds, lo), complete_run(complete, inds, hi)
    assert RANK[r_lo.outcome] <= RANK[r_hi.outcome]


@PROPERTY
@given(
    trained=st.one_of(st.none(), st.integers(min_value=0, max_value=50)),
    staff=st.integers(min_value=0, max_value=50),
    plan_ok=st.one_of(st.none(), st.booleans()),
    incidents=st.integers(min_value=0, max_value=4),
    award=st.booleans(),
    points=st.fractions(min_value=0, max_value=40, max_denominator=100),
)
def test_property_total_stays_within_the_scale(
    complete: Pack, trained: Any, staff: int, plan_ok: Any, incidents: int, award: bool, points: Fraction
) -> None:
    inds = {"trained": trained, "staff": staff, "plan_ok": plan_ok, "incidents": incidents, "award": award}
    r = complete_run(complete, {k: v for k, v in inds.items() if v is not None}, points)
    s = r.score
    assert s is not None
    if s.total is None:
        assert r.outcome == "undetermined"
        return
    assert 0 <= s.total <= s.scale == 100
    assert s.total == min(max(s.known_points, 0), 100)
    assert s.capped == (s.known_points != s.total)
    assert r.outcome in LEVELS


@PROPERTY
@given(
    part=st.integers(min_value=0, max_value=500),
    people=st.integers(min_value=1, max_value=500),
    plan_ok=st.booleans(),
    points=POINTS,
)
def test_property_overlay_total_never_exceeds_the_scale(
    run_overlay: Callable[..., Result], part: int, people: int, plan_ok: bool, points: Fraction
) -> None:
    r = run_overlay({"part": part, "people": people, "plan_ok": plan_ok}, points)
    assert r.score is not None
    assert 0 <= r.score.total <= r.score.scale
    assert sum(i.points for i in r.score.items) == r.score.known_points


MINI_GOOD = {"resident": 10, "registered": 10, "reg_date": "2026-02-01", "crimes": 2, "rating": "mid"}


@PROPERTY
@given(
    which=st.sampled_from(["overlay", "base", "complete"]),
    part=st.one_of(st.none(), st.integers(min_value=0, max_value=120)),
    people=st.integers(min_value=0, max_value=120),
    plan_ok=st.one_of(st.none(), st.booleans()),
    points=st.one_of(st.none(), POINTS),
    dep=st.sampled_from(["missing", "pass", "fail", "evaluated"]),
)
def test_property_json_round_trip(
    reg: PackRegistry, which: str, part: Any, people: int, plan_ok: Any, points: Any, dep: str
) -> None:
    if which == "complete":
        inds = {"trained": part, "staff": people, "plan_ok": plan_ok, "incidents": people % 4, "award": True}
        scores = {} if points is None else {"K.S3": {"points": points * 8, "reason": "lý do (minh hoạ)"}}
        r = evaluate(
            reg.get("test.complete"), CQ, 2026, {k: v for k, v in inds.items() if v is not None}, scores=scores
        )
    else:
        inds = {k: v for k, v in {"part": part, "people": people, "plan_ok": plan_ok}.items() if v is not None}
        deps: dict[str, Any] = {
            "missing": {},
            "pass": {"std": {"outcome": "pass", "decision": "QĐ (minh hoạ)"}},
            "fail": {"std": {"outcome": "fail"}},
            "evaluated": {"std": {"indicators": MINI_GOOD, "previous_year": {"crimes": 3}}},
        }[dep]
        pack = reg.get("test.scored_tinh" if which == "overlay" else "test.scored")
        r = evaluate(
            pack, KDC, 2026, inds, scores={} if points is None else hand(points), dependencies=deps, registry=reg
        )
    back = Result.from_dict(json.loads(r.to_json()))
    assert back == r
    assert back.score == r.score
    assert back.to_json() == r.to_json()


def test_a_check_false_whatever_the_slot_scores_zero_not_incomplete(tmp_path: Path) -> None:
    """An all-or-nothing item whose check fails even before an unknown value is read scores 0."""
    base = (FIXTURES / "scoring" / "base.yaml").read_text(encoding="utf-8")
    text = base.replace('check: "plan_ok"', 'check: "plan_ok and people >= law.unknown_x"')
    assert text != base
    reg = load_packs([FIXTURES / "mini.yaml"])
    pack = load_pack_text(text, "base.yaml", reg)
    unit = {"id": "U", "subject": "kdc", "kind": "thon"}
    off = evaluate(pack, unit, 2026, {"part": 1, "people": 2, "plan_ok": False}, registry=reg)
    assert off.score is not None
    item = next(i for i in off.score.items if i.id == "S.1")
    assert (item.status, item.points, item.slots) == ("scored", 0, ())
    on = evaluate(pack, unit, 2026, {"part": 1, "people": 2, "plan_ok": True}, registry=reg)
    assert on.score is not None
    item = next(i for i in on.score.items if i.id == "S.1")
    assert (item.status, item.points) == ("incomplete", None)
    assert "values.unknown_x" in item.slots
    assert on.outcome == "incomplete"
