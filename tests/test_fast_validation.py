"""The generated fast path of input validation gives exactly what the full validator gives."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import antq_rules
from antq_rules import InputError
from antq_rules.inputs import UnitRef, read_input_file, validate_input
from antq_rules.inputs._validate import _plan, pack_windows
from antq_rules.packs import PackRegistry
from pack_inputs import unit_input

EXAMPLES = sorted((Path(__file__).parents[1] / "examples" / "tt124").glob("*.yaml"))


def both(pack: Any, unit: UnitRef, year: int, indicators: dict[str, Any]) -> tuple[Any, Any]:
    """Validate once with the fast path and once with it switched off; errors are compared as text."""

    def run() -> Any:
        try:
            return validate_input(pack, unit, year, indicators)
        except InputError as exc:
            return exc.render("en")

    fast = run()
    plan = _plan(pack)
    saved = plan.fast[unit.subject]
    plan.fast[unit.subject] = lambda ind, w: None
    plan.quick = False
    try:
        slow = run()
    finally:
        plan.fast[unit.subject] = saved
        plan.quick = True
    return fast, slow


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_examples_validate_the_same_both_ways(path: Path) -> None:
    doc, _ = read_input_file(path)
    pack = antq_rules.shipped_pack("vn.bca.tt124")
    unit = UnitRef(doc.unit.id, doc.unit.subject, doc.unit.kind, doc.unit.name)
    fast, slow = both(pack, unit, doc.year, dict(doc.indicators))
    assert fast == slow
    if fast == slow and not isinstance(fast, str):
        # every shipped example is plain well-typed data: the fast path takes it whole
        windows = pack_windows(pack, doc.year, unit.subject)
        assert _plan(pack).fast[unit.subject](doc.indicators, windows) is not None


_VALUES = st.one_of(
    st.integers(min_value=-3, max_value=500),
    st.booleans(),
    st.none(),
    st.sampled_from(["hoan_thanh", "hoan_thanh_tot", "x", "12 household", "3 person", "85 %"]),
    st.lists(st.sampled_from(["bao_ve_co_quan", "pccn", "x"]), max_size=3),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "households_resident",
                "households_registered",
                "policy_implementation_ok",
                "grassroots_force_rating",
                "registration_date",
                "crimes_count",
                "unknown_name",
                "staff_total",
                "rules_topics",
            ]
        ),
        _VALUES,
        max_size=8,
    )
)
def test_property_fast_path_agrees_with_the_full_validator(indicators: dict[str, Any]) -> None:
    pack = antq_rules.shipped_pack("vn.bca.tt124")
    fast, slow = both(pack, UnitRef("U", "kdc", "thon"), 2026, indicators)
    assert fast == slow


# ------------------------------------------------------------------------------------------------
# The whole quick path (indicators, previous year, events, parameters, constraints) against the full
# validator, on every shipped pack and subject, with awkward values mixed in.

_PACKS = [antq_rules.shipped_pack(i) for i in ("vn.bca.tt124", "vn.bca.qd510", "vn.bca.qd3554")]
_SUBJECTS = [(p, s) for p in _PACKS for s in p.subjects]
_AWKWARD = st.one_of(
    st.none(),
    st.just("12 household"),
    st.just("85 %"),
    st.just(True),
    st.just(-1),
    st.just(10**6),
    st.just(2.5),
    st.just("2026-01-15"),
    st.just(datetime(2026, 1, 15, 8, 30)),
    st.just(["x", "x"]),
    st.just({"nested": 1}),
)


def _validate(pack: Any, doc: dict[str, Any], quick: bool) -> Any:
    plan = _plan(pack)
    plan.quick = quick
    try:
        return validate_input(
            pack,
            UnitRef(**doc["unit"]),
            2026,
            doc["indicators"],
            doc["previous_year"],
            doc["events"],
            doc["parameters"],
        )
    except InputError as exc:
        return exc.render("en")
    finally:
        plan.quick = True


@st.composite
def _awkward_input(draw: st.DrawFn) -> tuple[Any, dict[str, Any]]:
    pack, subject = draw(st.sampled_from(_SUBJECTS))
    doc = draw(unit_input(pack, subject, 2026))
    for _ in range(draw(st.integers(0, 3))):
        where = draw(st.sampled_from(["indicators", "previous_year", "events", "parameters", "unknown", "event"]))
        junk = draw(_AWKWARD)
        if where == "unknown":
            doc["indicators"]["not_declared"] = junk
        elif where == "event":
            doc["events"].append(draw(st.sampled_from([["not", "a", "mapping"], {"type": "nope"}, {"type": None}])))
        elif where == "events" and doc["events"]:
            ev = draw(st.sampled_from(doc["events"]))
            if isinstance(ev, dict):
                ev[draw(st.sampled_from([*ev, "date", "extra_field"]))] = junk
        elif where in ("indicators", "previous_year", "parameters") and doc[where]:
            doc[where][draw(st.sampled_from(sorted(doc[where])))] = junk
    return pack, doc


@settings(max_examples=300, deadline=None, database=None)
@given(_awkward_input())
def test_property_quick_path_agrees_with_the_full_validator(case: tuple[Any, dict[str, Any]]) -> None:
    pack, doc = case
    quick, full = _validate(pack, doc, True), _validate(pack, doc, False)
    assert quick == full


def test_quick_path_takes_the_shipped_examples_whole() -> None:
    from antq_rules.inputs._validate import _quick

    pack = antq_rules.shipped_pack("vn.bca.tt124")
    for path in EXAMPLES:
        doc, _ = read_input_file(path)
        unit = UnitRef(doc.unit.id, doc.unit.subject, doc.unit.kind, doc.unit.name)
        args = (dict(doc.indicators), dict(doc.previous_year), [dict(e) for e in doc.events], dict(doc.parameters))
        try:
            full = validate_input(pack, unit, doc.year, *args)
        except InputError:
            continue  # an example of bad input: the quick path must step aside
        quick = _quick(pack, _plan(pack), unit, doc.year, *args, None)
        assert quick == full, path.name


def test_a_set_holding_a_list_is_an_input_error_not_a_crash() -> None:
    pack = antq_rules.shipped_pack("vn.bca.tt124")
    with pytest.raises(InputError) as err:
        validate_input(pack, UnitRef("U", "cq"), 2026, {"rules_topics": [["pccn"]]})
    assert [p.field for p in err.value.problems] == ["indicators.rules_topics"]


# -- hand scores of an evaluation meeting (QĐ 510, illustrative example overlay) ----------------------

_SCORE_POINTS = st.one_of(
    st.integers(min_value=-2, max_value=45),  # both items' ranges (0..3 in ½ steps, 0..20 free) and beyond
    st.sampled_from([True, None, 1.5, 2.0, 7.25, "7,5", "2", "x", Fraction(3, 2), Fraction(1, 3), 10**40]),
)
_SCORE_REASONS = st.sampled_from(
    ["Biên bản họp xét (minh hoạ)", "  padded reason  ", "", "   ", None, 5, ["not", "text"]]
)


@st.composite
def _hand_scores(draw: st.DrawFn) -> dict[str, Any]:
    scores: dict[str, Any] = {}
    for item_id in draw(
        st.lists(st.sampled_from(["QD510.CQDN.1", "TM510.CQDN.8", "QD510.CQDN.2", "TM510.NOPE"]), max_size=3)
    ):
        shape = draw(st.sampled_from(["both", "both", "both", "no_reason", "extra_key", "not_a_mapping"]))
        given: Any = {"points": draw(_SCORE_POINTS), "reason": draw(_SCORE_REASONS)}
        if shape == "no_reason":
            del given["reason"]
        elif shape == "extra_key":
            given["note"] = "x"
        elif shape == "not_a_mapping":
            given = [given["points"]]
        scores[item_id] = given
    return scores


def _validate_scores(pack: Any, scores: dict[str, Any], quick: bool) -> Any:
    plan = _plan(pack)
    plan.quick = quick
    try:
        return validate_input(pack, UnitRef("CQ-1", "cq"), 2026, {}, scores=scores)
    except InputError as exc:
        return exc.render("en")
    finally:
        plan.quick = True


@settings(max_examples=300, deadline=None, database=None)
@given(_hand_scores())
def test_property_quick_hand_scores_agree_with_the_full_check(scores: dict[str, Any]) -> None:
    pack = PackRegistry.shipped().get("vn.vd.tinh_mau.qd510")
    assert _validate_scores(pack, scores, True) == _validate_scores(pack, scores, False)


def test_quick_path_takes_well_formed_hand_scores_whole() -> None:
    from antq_rules.inputs._validate import _quick

    pack = PackRegistry.shipped().get("vn.vd.tinh_mau.qd510")
    scores = {
        "QD510.CQDN.1": {"points": 2, "reason": " Biên bản họp xét (minh hoạ) "},  # a whole multiple of ½
        "TM510.CQDN.8": {"points": 17, "reason": "Biên bản họp xét (minh hoạ)"},
    }
    unit = UnitRef("CQ-1", "cq")
    quick = _quick(pack, _plan(pack), unit, 2026, {}, None, None, None, scores)
    assert quick is not None
    assert quick.scores == {
        "QD510.CQDN.1": (2, "Biên bản họp xét (minh hoạ)"),
        "TM510.CQDN.8": (17, "Biên bản họp xét (minh hoạ)"),
    }
    assert quick == _validate_scores(pack, scores, False)
    # half a point is in step but not whole: the full check reads it, and accepts it
    half = {"QD510.CQDN.1": {"points": Fraction(3, 2), "reason": "x"}}
    assert _quick(pack, _plan(pack), unit, 2026, {}, None, None, None, half) is None
    assert _validate_scores(pack, half, True).scores == {"QD510.CQDN.1": (Fraction(3, 2), "x")}


def test_quick_hand_scores_keep_to_the_step() -> None:
    """No shipped item has a step above a point; a step of 2 (and of ⅔) shows the quick check keeps to it."""
    from antq_rules.inputs._validate import _quick_scores

    two, two_thirds = {"I": (10, 2, 1)}, {"I": (10, 2, 3)}
    assert _quick_scores(two, {"I": {"points": 4, "reason": "r"}}) == {"I": (4, "r")}
    assert _quick_scores(two, {"I": {"points": 3, "reason": "r"}}) is None  # the full check names it
    assert _quick_scores(two_thirds, {"I": {"points": 2, "reason": "r"}}) == {"I": (2, "r")}  # 3 × ⅔
    assert _quick_scores(two_thirds, {"I": {"points": 1, "reason": "r"}}) is None
    assert _quick_scores(two, {"I": {"points": 12, "reason": "r"}}) is None  # above the item's maximum
