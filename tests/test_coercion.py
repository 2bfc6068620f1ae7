"""Input values as people and libraries produce them: numpy, pandas, openpyxl, Vietnamese text.

Uses the illustrative fixture packs ``test.mini`` and ``test.extra`` (not law).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from babel.numbers import format_decimal
from hypothesis import given, settings
from hypothesis import strategies as st

from antq_rules import InputError, evaluate
from antq_rules._numbers import Share
from antq_rules.inputs import BOOLEAN_WORDS, MISSING, CoercionError, UnitRef, coerce_field, validate_input
from antq_rules.inputs._coerce import native, read_number, split_quantity
from antq_rules.inputs._validate import _plan
from antq_rules.packs import Pack

KDC = UnitRef("U1", "kdc", "thon")


def values(pack: Pack, indicators: dict[str, Any], **kw: Any) -> dict[str, Any]:
    return validate_input(pack, KDC, 2026, indicators, **kw).values


def problems(pack: Pack, indicators: dict[str, Any], **kw: Any) -> dict[str, tuple[str, str]]:
    """field -> (Vietnamese, English) message of an input that must be refused."""
    with pytest.raises(InputError) as info:
        validate_input(pack, KDC, 2026, indicators, **kw)
    out = {}
    for p in info.value.problems:
        assert p.field is not None
        out[p.field] = (p.message.vi, p.message.en)
    return out


def english(pack: Pack, indicators: dict[str, Any], **kw: Any) -> dict[str, str]:
    return {f: en for f, (_, en) in problems(pack, indicators, **kw).items()}


# -- native values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (np.int64(5), 5),
        (np.int8(-3), -3),
        (np.uint32(7), 7),
        (np.float64(2.5), 2.5),
        (np.float32(0.5), 0.5),
        (np.bool_(True), True),
        (np.bool_(False), False),
        (np.str_("có"), "có"),
        (pd.Timestamp("2026-02-10 08:30"), datetime(2026, 2, 10, 8, 30)),
        (np.datetime64("2026-02-10"), datetime(2026, 2, 10)),
        (np.datetime64("2026-02-10T08:30"), datetime(2026, 2, 10, 8, 30)),
        (" 12 ", " 12 "),
        (3, 3),
    ],
    ids=repr,
)
def test_native_values_become_plain_python(raw: Any, expected: Any) -> None:
    got = native(raw)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(
    "raw",
    [None, float("nan"), np.nan, np.float64("nan"), np.float32("nan"), pd.NA, pd.NaT, np.datetime64("NaT"), "", "  \t"],
    ids=repr,
)
def test_missing_values(raw: Any) -> None:
    assert native(raw) is MISSING
    for kind in ("integer", "decimal", "boolean", "date", "enum", "set"):
        assert coerce_field(kind, raw, {"a": None}) is MISSING  # type: ignore[dict-item]


@pytest.mark.parametrize(
    "raw",
    [float("nan"), np.nan, np.float64("nan"), pd.NA, pd.NaT, "", "   "],
    ids=repr,
)
def test_a_missing_value_is_exactly_a_null(mini_pack: Pack, mini_good: dict[str, Any], raw: Any) -> None:
    """NaN, NaT, pd.NA and empty cells are not errors: the criterion that needs them is undetermined."""
    for name in ("resident", "reg_date", "rating", "crimes"):
        with_missing = evaluate(mini_pack, KDC, 2026, {**mini_good, name: raw}, {"crimes": 2})
        with_null = evaluate(mini_pack, KDC, 2026, {**mini_good, name: None}, {"crimes": 2})
        assert with_missing == with_null
        assert with_missing.outcome == "undetermined", name
        assert name in {m for c in with_missing.criteria for m in c.missing}


def test_missing_values_take_no_default_like_a_null(extra_pack: Pack) -> None:
    got = validate_input(extra_pack, KDC, 2026, {"opt": np.nan})
    assert "opt" not in got.values and got.defaults_used == ()


def test_missing_previous_year_value(mini_pack: Pack, mini_good: dict[str, Any]) -> None:
    r = evaluate(mini_pack, KDC, 2026, mini_good, {"crimes": pd.NA})
    assert r.criterion("C3").status == "undetermined"
    assert r.criterion("C3").missing == ("previous_year.crimes",)


# -- integers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (np.int64(412), 412),
        (np.int32(0), 0),
        ("0", 0),
        ("412", 412),
        (" 412 ", 412),
        ("1.412", 1412),
        ("12.345.678", 12345678),
        ("1.000", 1000),
        (3.0, 3),
        (np.float64(3.0), 3),
        ("3.0", 3),
        (Decimal("3.00"), 3),
    ],
    ids=repr,
)
def test_integer_without_a_unit(extra_pack: Pack, raw: Any, expected: int) -> None:
    got = values(extra_pack, {"opt": raw})["opt"]
    assert got == expected and type(got) is int


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("412", 412),
        ("1.412", 1412),
        (np.int64(1412), 1412),
        ("1.412 household", 1412),
        ("1.412 households", 1412),
        ("12household", 12),
        (np.float64(12.0), 12),
    ],
    ids=repr,
)
def test_integer_with_a_unit(extra_pack: Pack, raw: Any, expected: int) -> None:
    got = values(extra_pack, {"households": raw})["households"]
    assert got == expected and type(got) is int


@pytest.mark.parametrize("raw", [3.5, np.float64(3.5), "3,5", "1,5", "87.5", Decimal("0.5"), "1.412,5"], ids=repr)
def test_integer_refuses_a_fraction(extra_pack: Pack, raw: Any) -> None:
    vi, en = problems(extra_pack, {"opt": raw})["indicators.opt"]
    assert "whole number" in en and "số nguyên" in vi


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("many", "expected a number"),
        ("NaN", "expected a number"),
        ("inf", "expected a number"),
        ("1e5", "without a unit"),
        ("12 household", "without a unit"),
        ("1.23.456", "expected a number"),
        (".5", "expected a number"),
        ("5,", "expected a number"),
        ("1_000", "expected a number"),
        ("1 000", "without a unit"),
        (float("inf"), "not a finite number"),
        (True, "not true/false"),
        (np.bool_(False), "not true/false"),
        (datetime(2026, 1, 1), "not a date"),
        (pd.Timestamp("2026-01-01"), "not a date"),
        (date(2026, 1, 1), "not a date"),
        ([1], "expected a number"),
    ],
    ids=repr,
)
def test_bad_numbers_say_what_is_accepted(extra_pack: Pack, raw: Any, words: str) -> None:
    vi, en = problems(extra_pack, {"opt": raw})["indicators.opt"]
    assert words in en and vi and vi != en


def test_number_text_error_names_the_accepted_forms(extra_pack: Pack) -> None:
    vi, en = problems(extra_pack, {"opt": "nhiều"})["indicators.opt"]
    assert "1.412" in en and "87,5" in en and "decimal comma" in en
    assert "dấu phẩy thập phân" in vi


def test_numeric_text_is_bounded(extra_pack: Pack) -> None:
    long = "1" * 101
    for name in ("opt", "avg", "households", "share_pct"):
        vi, en = problems(extra_pack, {name: long})[f"indicators.{name}"]
        assert "too long" in en and "100" in en and "quá dài" in vi
    # within the text length, a number is still bounded (digits, magnitude) so it can always be written out
    vi, en = problems(extra_pack, {"opt": "9" * 100})["indicators.opt"]
    assert "out of bounds" in en and "giới hạn" in vi
    assert values(extra_pack, {"opt": "9" * 25})["opt"] == int("9" * 25)


# -- decimals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("87,5", Fraction(175, 2)),
        ("1.234,5", Fraction(2469, 2)),
        ("87.5", Fraction(175, 2)),
        ("0.125", Fraction(1, 8)),
        ("-0,5", Fraction(-1, 2)),
        ("12.345.678", 12345678),
        ("12.345.678,25", Fraction(49382713, 4)),
        ("412", 412),
        (np.float64(0.1), Fraction(1, 10)),  # not repr(): that is "np.float64(0.1)"
        (np.float32(0.5), Fraction(1, 2)),
        (0.1, Fraction(1, 10)),
        (np.int64(7), 7),
    ],
    ids=repr,
)
def test_decimal_without_a_unit(extra_pack: Pack, raw: Any, expected: Any) -> None:
    got = values(extra_pack, {"avg": raw})["avg"]
    assert got == expected
    assert type(got) in (int, Fraction)


@pytest.mark.parametrize(("raw", "thousands", "point"), [("1.412", "1412", "1.412"), ("2.000", "2000", "2")])
def test_ambiguous_dot_in_a_decimal_column_names_both_readings(
    extra_pack: Pack, raw: str, thousands: str, point: str
) -> None:
    vi, en = problems(extra_pack, {"avg": raw})["indicators.avg"]
    assert "ambiguous" in en and thousands in en and point in en
    assert "không rõ nghĩa" in vi and thousands in vi


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("87,5 %", Share(7, 8)),
        ("87.5 %", Share(7, 8)),
        ("1000 ‰", Share(1, 1)),
        ("1.000,0 ‰", Share(1, 1)),
        ("0,25 ratio", Share(1, 4)),
    ],
)
def test_percent_with_its_unit(extra_pack: Pack, raw: str, expected: Share) -> None:
    got = values(extra_pack, {"share_pct": raw})["share_pct"]
    assert got == expected and isinstance(got, Share)


@pytest.mark.parametrize("raw", ["87,5", "87", np.float64(87.5), np.int64(87), 87])
def test_percent_still_needs_an_explicit_unit(extra_pack: Pack, raw: Any) -> None:
    vi, en = problems(extra_pack, {"share_pct": raw})["indicators.share_pct"]
    assert "has no unit" in en and "%" in en and "không ghi đơn vị" in vi


def test_read_number_and_split_quantity_directly() -> None:
    assert read_number("1.412", whole=True) == 1412
    with pytest.raises(CoercionError) as info:
        read_number("1.412", whole=False)
    assert "1412" in info.value.text.en and "1,412" in info.value.text.vi
    assert split_quantity("-1.412,5 household") == ("-1.412,5", "household")
    assert split_quantity("%") == ("", "%")


# -- booleans ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (np.bool_(True), True),
        (np.bool_(False), False),
        ("có", True),
        ("Có", True),
        (" CÓ ", True),
        (unicodedata.normalize("NFD", "có"), True),
        ("không", False),
        ("KHÔNG", False),
        (unicodedata.normalize("NFD", "Không"), False),
        ("đúng", True),
        ("Sai", False),
        ("TRUE", True),
        ("false", False),
        ("Yes", True),
        ("no", False),
    ],
    ids=repr,
)
def test_booleans(extra_pack: Pack, raw: Any, expected: bool) -> None:
    v = validate_input(extra_pack, UnitRef("Q", "cq", "co_quan"), 2026, {"cq_is_armed": raw}).values
    assert v["cq_is_armed"] is expected


@pytest.mark.parametrize("raw", ["x", "có lẽ", 1, 0, np.int64(1), "1", date(2026, 1, 1)], ids=repr)
def test_bad_boolean_lists_the_accepted_words(extra_pack: Pack, raw: Any) -> None:
    with pytest.raises(InputError) as info:
        validate_input(extra_pack, UnitRef("Q", "cq", "co_quan"), 2026, {"cq_is_armed": raw})
    (p,) = info.value.problems
    assert p.field == "indicators.cq_is_armed"
    for word in BOOLEAN_WORDS:
        assert word in p.message.en and word in p.message.vi


# -- dates -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        date(2026, 2, 10),
        datetime(2026, 2, 10),  # openpyxl's date cell
        datetime(2026, 2, 10, 23, 59),
        pd.Timestamp("2026-02-10"),
        np.datetime64("2026-02-10"),
        "2026-02-10",
        " 2026-02-10 ",
        "10/02/2026",
        "10/2/2026",
    ],
    ids=repr,
)
def test_dates(mini_pack: Pack, raw: Any) -> None:
    got = values(mini_pack, {"reg_date": raw})["reg_date"]
    assert got == date(2026, 2, 10) and type(got) is date


def test_short_vietnamese_date(mini_pack: Pack) -> None:
    assert values(mini_pack, {"reg_date": "1/2/2026"})["reg_date"] == date(2026, 2, 1)


@pytest.mark.parametrize(
    "raw",
    [
        "10/02/26",  # two-digit year
        "02/13/2026",  # month 13: never read as month/day
        "31/02/2026",
        "10.02.2026",
        "10-02-2026",
        "2026/02/10",
        "10/02/02026",
        "20260210",
        "2026-02-30",
        "hôm qua",
        "1/2/3",
    ],
)
def test_bad_dates_name_both_forms(mini_pack: Pack, raw: str) -> None:
    vi, en = problems(mini_pack, {"reg_date": raw})["indicators.reg_date"]
    assert "YYYY-MM-DD" in en and "dd/mm/yyyy" in en
    assert "YYYY-MM-DD" in vi and "dd/mm/yyyy" in vi and "ngày" in vi


def test_a_date_for_a_number_and_a_number_for_a_date(mini_pack: Pack) -> None:
    got = english(mini_pack, {"crimes": pd.Timestamp("2026-01-01"), "reg_date": np.int64(20260210)})
    assert "not a date" in got["indicators.crimes"]
    assert "expected a date" in got["indicators.reg_date"]


def test_window_still_checked_after_reading(mini_pack: Pack) -> None:
    got = english(mini_pack, {"reg_date": "01/01/2027"})
    assert "outside the evaluation window" in got["indicators.reg_date"]


# -- choices -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("red", "red"), ("đỏ", "red"), ("ĐỎ", "red"), (unicodedata.normalize("NFD", "Đỏ"), "red"), ("Blue", "blue")],
)
def test_enum_by_code_or_label(extra_pack: Pack, raw: str, expected: str) -> None:
    assert values(extra_pack, {"colour": raw})["colour"] == expected


def test_ordered_enum_by_label(mini_pack: Pack) -> None:
    assert values(mini_pack, {"rating": "Vừa"})["rating"] == "mid"
    assert values(mini_pack, {"rating": np.str_("cao")})["rating"] == "high"


def test_bad_enum_lists_codes_and_labels(extra_pack: Pack) -> None:
    vi, en = problems(extra_pack, {"colour": "tím"})["indicators.colour"]
    assert "not one of (red, blue)" in en and "red (red)" in en
    assert "red (đỏ)" in vi and "xanh" in vi


@pytest.mark.parametrize(
    "raw",
    [
        ["a", "b"],
        ("a", "b"),
        {"a", "b"},
        frozenset({"b", "a"}),
        "a; b",
        "a,b",
        " chủ đề a ; Topic B ",
        "b;a;",
        np.array(["a", "b"]),
    ],
    ids=repr,
)
def test_sets(extra_pack: Pack, raw: Any) -> None:
    assert values(extra_pack, {"topics": raw})["topics"] == frozenset({"a", "b"})


def test_set_problems(extra_pack: Pack) -> None:
    assert "repeats" in english(extra_pack, {"topics": "a; chủ đề a"})["indicators.topics"]
    got = english(extra_pack, {"topics": "a; z"})["indicators.topics"]
    assert "not among the choices" in got and "'z'" in got
    assert "expected a list" in english(extra_pack, {"topics": 3})["indicators.topics"]


# -- events ---------------------------------------------------------------------------------------------------


def test_event_fields_from_pandas(extra_pack: Pack) -> None:
    frame = pd.DataFrame(
        {
            "type": ["crime", "fire", "crime"],
            "date": pd.to_datetime(["2026-02-01", "2026-03-05", "2026-04-01"]),
            "id": [7.0, 8.0, np.nan],
            "severity": ["Nghiêm trọng", np.nan, "light"],
            "victims": [np.nan, 2.0, np.nan],
            "force_majeure": ["không", np.nan, "có"],
        }
    )
    rows = frame.to_dict("records")
    fire_rows = [{k: v for k, v in r.items() if k not in ("severity", "force_majeure")} for r in rows[1:2]]
    crime_rows = [{k: v for k, v in r.items() if k != "victims"} for r in (rows[0], rows[2])]
    v = validate_input(extra_pack, KDC, 2026, {}, events=[crime_rows[0], fire_rows[0], crime_rows[1]])
    e0, e1, e2 = v.events
    assert (e0.id, e0.date, e0.fields) == ("7", date(2026, 2, 1), {"severity": "serious", "force_majeure": False})
    assert (e1.id, e1.type, e1.fields) == ("8", "fire", {"victims": 2})
    assert (e2.id, e2.fields) == (None, {"severity": "light", "force_majeure": True})


def test_event_with_a_missing_field_is_like_a_null(extra_pack: Pack) -> None:
    nan = validate_input(extra_pack, KDC, 2026, {}, events=[{"type": "crime", "date": "01/02/2026", "severity": ""}])
    null = validate_input(extra_pack, KDC, 2026, {}, events=[{"type": "crime", "date": "01/02/2026", "severity": None}])
    assert nan.events == null.events
    assert nan.events[0].date == date(2026, 2, 1)


@pytest.mark.parametrize("raw", [np.nan, pd.NaT, "", None])
def test_event_with_a_missing_date_is_an_error(extra_pack: Pack, raw: Any) -> None:
    got = english(extra_pack, {}, events=[{"type": "crime", "date": raw}])
    assert got == {"events[0].date": "the event has no date"}


def test_previous_year_values(mini_pack: Pack, mini_good: dict[str, Any]) -> None:
    for raw in (np.int64(2), "2", 2.0, np.float64(2.0)):
        v = validate_input(mini_pack, KDC, 2026, mini_good, {"crimes": raw})
        assert v.previous == {"crimes": 2}


# -- one rule for every integer (property) ---------------------------------------------------------------------


def _forms(n: int) -> list[Any]:
    forms: list[Any] = [
        n,
        str(n),
        f" {n} ",
        format_decimal(n, locale="vi"),  # 1.412, 12.345.678: as a Vietnamese sheet shows it
        np.int64(n),
        Decimal(n),
        Fraction(n),
    ]
    if n < 2**53:
        forms += [float(n), np.float64(n), f"{n}.0"]
    return forms


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_property_every_form_of_an_integer_gives_the_same_value(extra_pack: Pack, n: int) -> None:
    pack = extra_pack
    for form in _forms(n):
        assert values(pack, {"opt": form}) == {"opt": n}, form
        assert values(pack, {"households": form})["households"] == n, form
    assert values(pack, {"households": f"{format_decimal(n, locale='vi')} household"})["households"] == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=6))
def test_property_vietnamese_decimal_comma_is_exact(extra_pack: Pack, units: int, places: int) -> None:
    """A decimal written the Vietnamese way reads exactly as the same Decimal would."""
    pack = extra_pack
    exact = Decimal(units).scaleb(-places)
    text = format_decimal(exact, format="#,##0." + "0" * places, locale="vi")
    assert "," in text
    assert values(pack, {"avg": text})["avg"] == Fraction(exact)
    assert values(pack, {"avg": exact})["avg"] == Fraction(exact)


# -- the quick path hands unusual values to the full validator ---------------------------------------------------

_NATIVE = st.one_of(
    st.integers(0, 50).map(np.int64),
    st.integers(0, 50).map(lambda n: np.float64(n)),
    st.floats(0, 50, allow_nan=False).map(np.float64),
    st.just(np.nan),
    st.just(pd.NA),
    st.just(pd.NaT),
    st.just(""),
    st.booleans().map(np.bool_),
    st.sampled_from(["có", "không", "Vừa", "thấp", "1.412", "87,5", "10/02/2026", "a; b", "chủ đề c"]),
    st.just(pd.Timestamp("2026-02-10")),
    st.just(datetime(2026, 2, 10)),
    st.integers(0, 50),
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["households", "persons", "avg", "topics", "colour", "opt", "share_pct"]), _NATIVE, max_size=6
    )
)
def test_property_quick_and_full_paths_agree_on_native_values(extra_pack: Pack, indicators: dict[str, Any]) -> None:
    pack = extra_pack

    def run(quick: bool) -> Any:
        plan = _plan(pack)
        plan.quick = quick
        saved = plan.fast["kdc"]
        if not quick:
            plan.fast["kdc"] = lambda ind, w: None
        try:
            return validate_input(pack, KDC, 2026, indicators)
        except InputError as exc:
            return exc.render("en")
        finally:
            plan.quick = True
            plan.fast["kdc"] = saved

    assert run(True) == run(False)
