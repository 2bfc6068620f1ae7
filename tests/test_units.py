"""Units: counted things have their own dimension; percent and ratio convert exactly."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from itertools import permutations
from typing import Any

import pytest

from antq_rules import InputError, evaluate
from antq_rules.packs import Pack, load_pack_text
from antq_rules.units import COUNT_UNITS, UnitMismatch, known_unit, to_declared_unit

# -- the converter ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "unit", "expected"),
    [
        ("85 %", "percent", 85),
        ("85 %", "ratio", Fraction(17, 20)),
        ("85%", "ratio", Fraction(17, 20)),
        ("85 percent", "ratio", Fraction(17, 20)),
        ("0.85 ratio", "percent", 85),
        ("0.85 ratio", "ratio", Fraction(17, 20)),
        ({"value": 85, "unit": "percent"}, "ratio", Fraction(17, 20)),
        ({"value": "0.85", "unit": "ratio"}, "percent", 85),
        ({"value": Decimal("33.3"), "unit": "%"}, "ratio", Fraction(333, 1000)),
        ("33.3 %", "ratio", Fraction(333, 1000)),
        ("100 %", "ratio", 1),
        ("0.1 ratio", "percent", 10),
        ("412 household", "household", 412),
        ("412 households", "household", 412),
        ({"value": 3, "unit": "person"}, "person", 3),
        ("7 case", "case", 7),
    ],
)
def test_exact_conversion(given: Any, unit: str, expected: int | Fraction) -> None:
    got = to_declared_unit(given, unit)
    assert got == expected
    assert type(got) is type(expected)  # int when whole, Fraction otherwise; never a float


def test_conversions_are_exact_where_floats_are_not() -> None:
    # 0.07 ratio is exactly 7 percent, which binary floats cannot say
    assert to_declared_unit("0.07 ratio", "percent") == 7
    assert to_declared_unit("7 %", "ratio") == Fraction(7, 100)
    assert to_declared_unit("0.3 ratio", "percent") == 30
    assert 0.07 * 100 != 7  # (why exactness matters: the float product is 7.000000000000001)


@pytest.mark.parametrize(("a", "b"), list(permutations(sorted(COUNT_UNITS), 2))[:20])
def test_counted_things_do_not_mix(a: str, b: str) -> None:
    with pytest.raises(UnitMismatch):
        to_declared_unit(f"5 {a}", b)


@pytest.mark.parametrize(
    ("given", "unit"),
    [
        ("5 person", "household"),
        ("5 household", "person"),
        ("5 %", "household"),
        ("5 household", "percent"),
        ("abc", "household"),
        ("5 parsecs_of_nothing", "household"),
        ({"value": 5}, "household"),
        ({"unit": "household"}, "household"),
        (5.5, "household"),
    ],
)
def test_wrong_or_unreadable_units_are_refused(given: Any, unit: str) -> None:
    with pytest.raises(UnitMismatch):
        to_declared_unit(given, unit)


def test_known_units() -> None:
    for u in [*COUNT_UNITS, "percent", "ratio"]:
        assert known_unit(u), u
    assert not known_unit("no_such_unit_xyz")


# -- through input validation (test.extra: share_pct in percent, share_ratio in ratio) -------------


def _observed(r: Any, cid: str, name: str) -> Any:
    (o,) = [o for o in r.criterion(cid).observed if o.name == name]
    return o.value


@pytest.mark.parametrize(
    "given",
    [
        "85 %",
        "85%",
        "0.85 ratio",
        "85 percent",
        {"value": 85, "unit": "percent"},
        {"value": "0.85", "unit": "ratio"},
    ],
)
def test_ratio_indicator_receives_the_same_value_however_written(
    extra_pack: Pack, kdc_unit: dict[str, Any], given: Any
) -> None:
    r = evaluate(extra_pack, kdc_unit, 2026, {"share_ratio": given})
    assert _observed(r, "X1", "share_ratio") == Fraction(17, 20)
    assert r.criterion("X1").status == "met"  # 85% >= 70%


@pytest.mark.parametrize("given", ["69.9 %", "0.699 ratio"])
def test_just_below_the_threshold_is_not_met(extra_pack: Pack, kdc_unit: dict[str, Any], given: Any) -> None:
    r = evaluate(extra_pack, kdc_unit, 2026, {"share_ratio": given})
    assert _observed(r, "X1", "share_ratio") == Fraction(699, 1000)
    assert r.criterion("X1").status == "not_met"


def test_percent_indicator_is_stored_as_an_exact_share(extra_pack: Pack) -> None:
    # like legal values written "70%" (= 7/10), a percent indicator holds the share itself
    from antq_rules.inputs import UnitRef, validate_input

    unit = UnitRef("U1", "kdc", "thon")
    for given in ("85 %", "0.85 ratio", {"value": 85, "unit": "percent"}):
        v = validate_input(extra_pack, unit, 2026, {"share_pct": given})
        assert v.values["share_pct"] == Fraction(17, 20)


@pytest.mark.parametrize("bare", [85, 0.85, Decimal("0.85"), 1, 0])
@pytest.mark.parametrize("name", ["share_pct", "share_ratio"])
def test_bare_numbers_are_refused_for_percent_and_ratio(
    extra_pack: Pack, kdc_unit: dict[str, Any], name: str, bare: Any
) -> None:
    with pytest.raises(InputError) as info:
        evaluate(extra_pack, kdc_unit, 2026, {name: bare})
    (p,) = info.value.problems
    assert p.field == f"indicators.{name}"
    assert "no unit" in p.message.en
    assert "%" in p.message.en and "ratio" in p.message.en  # it says how to write it


@pytest.mark.parametrize("name", ["share_pct", "share_ratio"])
@pytest.mark.parametrize("bare", ["0.85", "85"])
def test_unitless_strings_are_refused_for_percent_and_ratio(
    extra_pack: Pack, kdc_unit: dict[str, Any], name: str, bare: str
) -> None:
    with pytest.raises(InputError) as info:
        evaluate(extra_pack, kdc_unit, 2026, {name: bare})
    (p,) = info.value.problems
    assert p.field == f"indicators.{name}"
    assert "no unit" in p.message.en


def test_bare_numbers_are_fine_for_counts(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    r = evaluate(extra_pack, kdc_unit, 2026, {"households": 4, "persons": "10 person"})
    assert _observed(r, "X5", "households") == 4
    assert _observed(r, "X5", "persons") == 10


@pytest.mark.parametrize(
    ("name", "given", "declared"),
    [
        ("households", "5 person", "household"),
        ("persons", "5 household", "person"),
        ("households", "5 %", "household"),
        ("share_ratio", "5 household", "ratio"),
    ],
)
def test_wrong_dimension_is_refused(
    extra_pack: Pack, kdc_unit: dict[str, Any], name: str, given: str, declared: str
) -> None:
    with pytest.raises(InputError) as info:
        evaluate(extra_pack, kdc_unit, 2026, {name: given})
    (p,) = info.value.problems
    assert p.field == f"indicators.{name}"
    assert "wrong unit" in p.message.en
    assert declared in p.message.en
    assert "sai đơn vị" in p.message.vi


def test_fractional_count_is_refused(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        evaluate(extra_pack, kdc_unit, 2026, {"households": "2.5 household"})
    assert "whole number" in info.value.problems[0].message.en


def test_ratio_above_its_maximum_after_conversion(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        evaluate(extra_pack, kdc_unit, 2026, {"share_ratio": "120 %"})
    assert "above the maximum" in info.value.problems[0].message.en


@pytest.mark.parametrize("given", ["65 %", "1 %"])
def test_percent_indicator_against_a_percent_threshold(
    extra_text: str, kdc_unit: dict[str, Any], given: str, edit: Callable[..., str]
) -> None:
    pack = load_pack_text(
        edit(
            extra_text,
            ('check: "share_ratio >= law.min_share"', 'check: "share_pct >= law.min_share"'),
        ),
        "pct.yaml",
    )
    r = evaluate(pack, kdc_unit, 2026, {"share_pct": given})
    assert r.criterion("X1").status == "not_met"  # 65% < 70%
    assert evaluate(pack, kdc_unit, 2026, {"share_pct": "70 %"}).criterion("X1").status == "met"
