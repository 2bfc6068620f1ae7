"""The safe expression language: three-valued logic, exact numbers, functions, limits."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

import attrs
import pytest

from antq_rules import evaluate
from antq_rules.expressions import (
    MAX_DEPTH,
    MAX_LENGTH,
    UNKNOWN,
    CompiledExpression,
    Context,
    ExpressionError,
    Scope,
    Symbol,
    compile_expression,
)
from antq_rules.packs import Pack, load_pack_text
from antq_rules.results import Result


def declared(kind: str, choices: tuple[str, ...], ordered: bool = False) -> Symbol:
    """The symbol of a declared domain (an indicator's or parameter's choices), as in packs."""
    extra = {"declared": True} if "declared" in attrs.fields_dict(Symbol) else {}
    return Symbol(kind, choices, ordered, **extra)


SCOPE = Scope(
    indicators={
        "a": Symbol("number"),
        "b": Symbol("number"),
        "p": Symbol("bool"),
        "q": Symbol("bool"),
        "d": Symbol("date"),
        "rating": declared("enum", ("low", "mid", "high"), ordered=True),
        "colour": declared("enum", ("red", "blue")),
        "topics": declared("set", ("x", "y", "z")),
    },
    prev_allowed=frozenset({"a"}),
    law={"share": Symbol("number"), "needed": Symbol("set", ("x", "y"))},
    params={"op": declared("enum", ("<=", "<")), "mode": declared("enum", ("soft", "hard"))},
    windows=frozenset({"q1"}),
)
WINDOWS = {
    "q1": (date(2026, 1, 1), date(2026, 3, 31)),
    "evaluation": (date(2025, 11, 1), date(2026, 10, 31)),
}
LAW = {"share": Fraction(7, 10), "needed": frozenset({"x", "y"})}
PARAMS = {"op": "<=", "mode": "soft"}


def ctx(
    values: dict[str, Any] | None = None,
    prev: dict[str, Any] | None = None,
    params: dict[str, Any] | None = None,
) -> Context:
    return Context(dict(values or {}), dict(prev or {}), (), WINDOWS, LAW, {**PARAMS, **(params or {})})


def compiled(src: str, expect: str | None = "bool") -> CompiledExpression:
    return compile_expression(src, SCOPE, expect)


def run(src: str, values: dict[str, Any] | None = None, expect: str | None = "bool", **kw: Any) -> tuple[Any, Context]:
    c = ctx(values, **kw)
    return compiled(src, expect).fn(c), c


def value(src: str, values: dict[str, Any] | None = None, expect: str | None = "bool", **kw: Any) -> Any:
    return run(src, values, expect, **kw)[0]


def refused(src: str, expect: str | None = "bool") -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        compile_expression(src, SCOPE, expect)
    assert info.value.message.vi and info.value.message.en
    return info.value


# -- three-valued logic ----------------------------------------------------------------------------

T, F, U = True, False, UNKNOWN
TRUTH = [T, F, U]


def _vals(**kv: Any) -> dict[str, Any]:
    return {k: v for k, v in kv.items() if v is not UNKNOWN}  # UNKNOWN = not supplied


def _kleene_and(x: Any, y: Any) -> Any:
    if x is F or y is F:
        return F
    return U if U in (x, y) else T


def _kleene_or(x: Any, y: Any) -> Any:
    if x is T or y is T:
        return T
    return U if U in (x, y) else F


@pytest.mark.parametrize("x", TRUTH, ids=repr)
@pytest.mark.parametrize("y", TRUTH, ids=repr)
def test_and_or_are_kleene(x: Any, y: Any) -> None:
    assert value("p and q", _vals(p=x, q=y)) is _kleene_and(x, y)
    assert value("p or q", _vals(p=x, q=y)) is _kleene_or(x, y)


@pytest.mark.parametrize(("x", "expected"), [(T, F), (F, T), (U, U)], ids=repr)
def test_not_is_kleene(x: Any, expected: Any) -> None:
    assert value("not p", _vals(p=x)) is expected


def test_missing_indicator_is_recorded() -> None:
    result, c = run("a > 1 and p", {"p": True})
    assert result is UNKNOWN
    assert c.missing == ["a"]


def test_and_does_not_short_circuit_so_every_failing_part_is_traced() -> None:
    result, c = run("a > 5 and b > 5", {"a": 1, "b": 2})
    assert result is False
    assert len(c.trace) == 2


def test_unknown_has_no_truth_value() -> None:
    with pytest.raises(TypeError):
        bool(UNKNOWN)


@pytest.mark.parametrize(("cond", "expected"), [(T, T), (F, F), (U, U)], ids=repr)
def test_if_else(cond: Any, expected: Any) -> None:
    # the `then` branch is true and the `else` branch false, so the result shows which one ran
    assert value("(a > 0) if p else (b > 0)", _vals(p=cond, a=1, b=-1)) is expected


def test_provided_is_never_unknown() -> None:
    assert value("provided(a)", {"a": 0}) is True
    assert value("provided(a)", {}) is False
    # the usual guard: a missing optional value does not make the whole check undetermined
    assert value("not provided(a) or a > 1", {}) is True


# -- exact arithmetic ------------------------------------------------------------------------------


def test_decimal_literals_are_exact() -> None:
    assert value("0.1 + 0.2 == 0.3") is True
    assert value("0.1 + 0.2", expect=None) == Fraction(3, 10)
    assert type(value("0.1 + 0.2", expect=None)) is Fraction
    assert value("1 / 3 * 3 == 1") is True
    assert value("0.70 == pct(70)") is True
    assert value("pct(12.5) == 0.125") is True
    assert value("1e3 == 1000") is True
    assert value("-0.5 * 2 == -1") is True


def test_division_gives_fractions_never_floats() -> None:
    for src in ("a / b", "ratio(a, b)", "a / b + 0.1", "min(a / b, 2)", "abs(-a / b)"):
        v = value(src, {"a": 2, "b": 3}, expect=None)
        assert isinstance(v, (int, Fraction)) and not isinstance(v, bool), (src, v)
        assert not isinstance(v, float)
    assert value("ratio(a, b)", {"a": 2, "b": 3}, expect=None) == Fraction(2, 3)


def test_ratio_threshold_boundary_is_exact() -> None:
    # 7/10 >= 70% exactly; 699/1000 is not; float rounding would blur this boundary
    assert value("ratio(a, b) >= law.share", {"a": 7, "b": 10}) is True
    assert value("ratio(a, b) >= law.share", {"a": 699, "b": 1000}) is False
    assert value("ratio(a, b) >= law.share", {"a": 700000001, "b": 1000000002}) is False


@pytest.mark.parametrize("src", ["ratio(a, b) >= law.share", "a / b >= law.share"])
def test_zero_denominator_is_undetermined_and_recorded(src: str) -> None:
    result, c = run(src, {"a": 0, "b": 0})
    assert result is UNKNOWN
    assert len(c.undefined) == 1
    assert "b" in c.undefined[0]


def test_zero_denominator_in_a_criterion(run_mini: Callable[..., Result]) -> None:
    r = run_mini(
        indicators={
            "resident": 0,
            "registered": 0,
            "reg_date": "2026-02-01",
            "crimes": 2,
            "rating": "mid",
        }
    )
    c1 = r.criterion("C1")
    assert c1.status == "undetermined"
    assert c1.undefined == ("ratio(registered, resident)",)
    assert r.outcome == "undetermined"


def test_min_max_abs_count() -> None:
    assert value("min(a, b, 5) == 1", {"a": 1, "b": 2}) is True
    assert value("max(a, b) == 2", {"a": 1, "b": 2}) is True
    assert value("abs(a - b) == 1", {"a": 1, "b": 2}) is True
    assert value("max(a, b) == 2", {"a": 1}) is UNKNOWN
    assert value("count(topics) == 2", {"topics": frozenset({"x", "y"})}) is True


# -- comparisons -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (1, 5, True),
        (0, 5, True),
        (5, 5, True),
        (6, 5, False),
        (-1, 5, False),
        (1, UNKNOWN, UNKNOWN),
        (-1, UNKNOWN, False),
    ],
)
def test_chained_comparison(a: Any, b: Any, expected: Any) -> None:
    assert value("0 <= a <= b", _vals(a=a, b=b)) is expected


@pytest.mark.parametrize(
    ("rating", "src", "expected"),
    [
        ("low", "rating >= 'mid'", False),
        ("mid", "rating >= 'mid'", True),
        ("high", "rating >= 'mid'", True),
        ("high", "rating < 'mid'", False),
        ("low", "rating < 'high'", True),
        ("mid", "'low' < rating < 'high'", True),
        ("high", "rating > 'low'", True),  # alphabetically 'high' < 'low': the rank must be used
        ("mid", "rating == 'mid'", True),
        ("mid", "rating != 'mid'", False),
    ],
)
def test_ordered_enum_compares_by_rank(rating: str, src: str, expected: bool) -> None:
    assert value(src, {"rating": rating}) is expected


def test_unordered_enum_cannot_be_ordered() -> None:
    e = refused("colour < 'red'")
    assert "unordered enum" in e.message.en
    assert value("colour == 'red'", {"colour": "red"}) is True


def test_enum_literal_must_be_a_declared_choice() -> None:
    assert "'top' is not a declared choice" in refused("rating == 'top'").message.en
    assert "'purple'" in refused("colour in ['red', 'purple']").message.en
    assert "'w'" in refused("'w' in topics").message.en
    assert "'w'" in refused("includes(topics, ['x', 'w'])").message.en


def test_set_membership_and_subset() -> None:
    topics = {"topics": frozenset({"x", "y"})}
    assert value("'x' in topics", topics) is True
    assert value("'z' in topics", topics) is False
    assert value("'z' not in topics", topics) is True
    assert value("rating in ['low', 'mid']", {"rating": "mid"}) is True
    assert value("rating not in ['low', 'mid']", {"rating": "high"}) is True
    assert value("topics <= ['x', 'y', 'z']", topics) is True
    assert value("'x' in topics", {}) is UNKNOWN


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("topics <= ['x', 'y']", True),
        ("topics <= ['x']", False),
        ("law.needed <= topics", True),
        ("topics >= law.needed", True),
    ],
)
def test_subset_against_a_smaller_list(src: str, expected: bool) -> None:
    assert value(src, {"topics": frozenset({"x", "y"})}) is expected


def test_includes_and_missing_items() -> None:
    assert value("includes(topics, law.needed)", {"topics": frozenset({"x", "y", "z"})}) is True
    assert value("includes(topics, law.needed)", {"topics": frozenset({"x"})}) is False
    assert value("includes(topics, ['x'])", {"topics": frozenset()}) is False
    assert value("includes(topics, law.needed)", {}) is UNKNOWN


def test_includes_reports_missing_items(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    r = evaluate(extra_pack, kdc_unit, 2026, {"topics": ["a", "c"]})
    x2 = r.criterion("X2")
    assert x2.status == "not_met"
    (cmp,) = x2.comparisons
    assert cmp.missing_items == ("b",)
    assert cmp.result is False
    assert cmp.left == frozenset({"a", "c"}) and cmp.right == frozenset({"a", "b"})


@pytest.mark.parametrize(
    ("op", "a", "b", "expected"),
    [("<=", 3, 3, True), ("<", 3, 3, False), ("<", 2, 3, True), ("<=", 4, 3, False)],
)
def test_cmp_with_parameter_operator(op: str, a: int, b: int, expected: bool) -> None:
    assert value("cmp(a, param.op, b)", {"a": a, "b": b}, params={"op": op}) is expected


def test_cmp_with_literal_operator_and_unknown() -> None:
    assert value("cmp(a, '>', b)", {"a": 2, "b": 1}) is True
    assert value("cmp(a, '==', b)", {"a": 2, "b": 1}) is False
    assert value("cmp(a, '<', b)", {"a": 2}) is UNKNOWN


@pytest.mark.parametrize("src", ["cmp(a, 'x', b)", "cmp(a, param.mode, b)", "cmp(a, b, b)", "cmp(a, '<')"])
def test_cmp_needs_an_operator(src: str) -> None:
    refused(src)


def test_prev() -> None:
    assert value("a <= prev(a)", {"a": 2}, prev={"a": 3}) is True
    assert value("a < prev(a)", {"a": 3}, prev={"a": 3}) is False
    result, c = run("a <= prev(a)", {"a": 2})
    assert result is UNKNOWN
    assert c.missing == ["previous_year.a"]
    assert compiled("a <= prev(a)").prev_indicators == ("a",)
    assert "previous_year" in refused("prev(b) > 1").message.en
    assert "prev() takes an indicator name" in refused("prev(law.share) > 1").message.en
    assert "prev() takes an indicator name" in refused("prev(a + 1) > 1").message.en


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 1, 1), True),
        (date(2026, 3, 31), True),
        (date(2026, 2, 15), True),
        (date(2025, 12, 31), False),
        (date(2026, 4, 1), False),
    ],
)
def test_date_in_window_boundaries_are_inclusive(d: date, expected: bool) -> None:
    assert value("date_in(d, window.q1)", {"d": d}) is expected


def test_date_in_evaluation_window_and_unknown() -> None:
    assert value("date_in(d, window.evaluation)", {"d": date(2025, 11, 1)}) is True
    assert value("date_in(d, window.evaluation)", {"d": date(2026, 10, 31)}) is True
    assert value("date_in(d, window.evaluation)", {"d": date(2026, 11, 1)}) is False
    assert value("date_in(d, window.q1)", {}) is UNKNOWN
    assert "needs a date" in refused("date_in(a, window.q1)").message.en
    assert "window.NAME" in refused("date_in(d, d)").message.en


def test_date_in_on_pack_window_boundaries(run_mini: Callable[..., Result], mini_good: dict[str, Any]) -> None:
    # mini: C1 needs reg_date inside window.q1 (01/01 – 31/03 of the evaluation year)
    for d, status in [
        ("2026-01-01", "met"),
        ("2026-03-31", "met"),
        ("2025-12-31", "not_met"),
        ("2026-04-01", "not_met"),
    ]:
        r = run_mini(indicators={**mini_good, "reg_date": d})
        assert r.criterion("C1").status == status, d


# -- names the expression reads --------------------------------------------------------------------


def test_compiled_expression_lists_what_it_reads() -> None:
    e = compiled("ratio(a, b) >= law.share and cmp(a, param.op, prev(a)) and date_in(d, window.q1)")
    assert e.indicators == ("a", "b", "d")
    assert e.prev_indicators == ("a",)
    assert e.law == ("share",)
    assert e.params == ("op",)
    assert e.windows == ("q1",)
    assert e.kind == "bool"


# -- refused syntax --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "message"),
    [
        ("", "empty expression"),
        ("   ", "empty expression"),
        ("__import__('os') == 1", "function not allowed: __import__"),
        ("open('/etc/passwd') == 1", "function not allowed: open"),
        ("eval('1') == 1", "function not allowed: eval"),
        ("a.__class__ == 1", "unknown namespace 'a'"),
        ("(1).__class__ == 1", "attribute access not allowed"),
        ("law.share.numerator == 1", "attribute access not allowed"),
        ("window.__dict__ == 1", "unknown window"),
        ("(lambda: 1)() == 1", "function not allowed"),
        ("(lambda: 1) == 1", "syntax not allowed: Lambda"),
        ("[i for i in [1]] == 1", "syntax not allowed: ListComp"),
        ("min(i for i in [1]) == 1", "syntax not allowed: GeneratorExp"),
        ("{1: 2} == 1", "syntax not allowed: Dict"),
        ("a ** 2 > 1", "operator not allowed"),
        ("a << 2 > 1", "operator not allowed"),
        ("~a > 1", "operator not allowed"),
        ("a @ b > 1", "operator not allowed"),
        ("(x := 1) > 0", "syntax not allowed: NamedExpr"),
        ("a[0] > 1", "syntax not allowed: Subscript"),
        ("f'{a}' == '1'", "syntax not allowed: JoinedStr"),
        ("b'x' == b'x'", "literal not allowed"),
        ("1j == 1j", "literal not allowed"),
        ("a == None", "None is not allowed"),
        ("ratio(a, b=1) > 0", "no keyword arguments"),
        ("min(*[1, 2]) > 0", "'*' is not allowed"),
        ("law > 1", "needs '.NAME'"),
        ("os.system('x') == 0", "function not allowed"),
        ("pct(a) > 0", "pct() takes a literal number"),
        ("a +", "syntax error"),
        ("a > 1; b > 1", "syntax error"),
        ("import os", "syntax error"),
        ("a + 1", "must give a bool, not a number"),
    ],
)
def test_refused_syntax(src: str, message: str) -> None:
    assert message in refused(src).message.en


def test_error_column_points_into_the_expression() -> None:
    e = refused("a > 1 and nosuch > 2")
    assert e.column == 11


def test_list_literal_size_is_limited() -> None:
    assert value("a in [" + ", ".join(str(i) for i in range(200)) + "]", {"a": 199}) is True
    assert "200" in refused("a in [" + ", ".join(str(i) for i in range(201)) + "]").message.en


# -- limits ----------------------------------------------------------------------------------------


def test_length_limit() -> None:
    at_limit = "a > 0" + " " * (MAX_LENGTH - 5)
    assert len(at_limit) == MAX_LENGTH
    assert compiled(at_limit).kind == "bool"
    e = refused(at_limit + " ")
    assert str(MAX_LENGTH) in e.message.en and str(MAX_LENGTH) in e.message.vi


def test_ten_thousand_characters_are_refused_quickly() -> None:
    start = time.perf_counter()
    e = refused("a > 1 and " * 1000 + "p")
    assert "longer than" in e.message.en
    assert time.perf_counter() - start < 0.5


def test_nesting_just_within_the_limit_compiles() -> None:
    n = MAX_DEPTH - 2
    assert value("not " * n + "p", {"p": True}) is (n % 2 == 0)


@pytest.mark.parametrize(
    "src",
    [
        "not " * (MAX_DEPTH + 5) + "p",
        "-" * 500 + "a > 1",
        "1 + " * 300 + "a > 1",
        "abs(" * 100 + "a" + ")" * 100 + " > 1",
        "(" * 500 + "1" + ")" * 500,
        "(" * 150 + "a > 1" + ")" * 150 + " and " + "not " * 200 + "p",
        "[" * 600 + "]" * 600,
        "-" * 1990 + "a > 1",
        "a if " * 200 + "p" + " else a" * 200,
    ],
    ids=[
        "not",
        "unary-minus",
        "plus-chain",
        "calls",
        "parens-500",
        "parens+not",
        "brackets",
        "minus-1990",
        "ifexp",
    ],
)
def test_deep_nesting_gives_a_clear_error_never_a_crash(src: str) -> None:
    start = time.perf_counter()
    try:
        e = refused(src[:MAX_LENGTH])
    except RecursionError:  # pragma: no cover - this is the bug the test guards against
        pytest.fail("RecursionError escaped compile_expression")
    assert any(s in e.message.en for s in ("nested deeper", "too complex", "syntax error", "longer than")), e.message.en
    assert time.perf_counter() - start < 1.0


def test_deep_nesting_message_names_the_limit() -> None:
    e = refused("not " * (MAX_DEPTH + 5) + "p")
    assert f"deeper than {MAX_DEPTH}" in e.message.en
    assert str(MAX_DEPTH) in e.message.vi


def test_long_flat_expressions_are_fine() -> None:
    src = " and ".join(["p"] * 300)[: MAX_LENGTH - 10].rsplit(" and", 1)[0]
    assert value(src, {"p": True}) is True


# -- count_events ----------------------------------------------------------------------------------


def _ev(t: str, d: str, **fields: Any) -> dict[str, Any]:
    return {"type": t, "date": d, **fields}


@pytest.fixture(scope="module")
def counting_pack(extra_text: str) -> Pack:
    """test.extra with criteria that each count events a different way (illustrative)."""
    assert extra_text.count("  - id: Y1\n") == 1
    text = extra_text.replace(
        "  - id: Y1\n",
        "  - id: Z1\n    subjects: [kdc]\n    citation: {article: 6}\n    title: {vi: a, en: a}\n"
        '    description: {vi: a, en: a}\n    check: "count_events(lists.L) == 0"\n'
        "  - id: Z2\n    subjects: [kdc]\n    citation: {article: 6}\n    title: {vi: b, en: b}\n"
        "    description: {vi: b, en: b}\n"
        "    check: \"count_events(lists.L, points=['đ'], window=window.q1) <= 1\"\n"
        "  - id: Y1\n",
    )
    return load_pack_text(text, "counting.yaml")


def _count(r: Result, cid: str) -> Any:
    (k,) = [k for k in r.criterion(cid).comparisons if k.op == "count"]
    return k.left


def test_count_events_where_excused_points_window(counting_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    events = [
        _ev("crime", "2026-02-01", severity="light", force_majeure=True),  # b, excused
        _ev("crime", "2026-05-01", severity="serious"),  # a, counted
        _ev("crime", "2026-06-01", severity="light"),  # b, counted (force_majeure defaults to false)
        _ev("fire", "2026-02-02", victims=0),  # đ, filtered out by where
        _ev("fire", "2026-02-03", victims=2),  # đ, counted, in Q1
        _ev("fire", "2026-07-03", victims=1),  # đ, counted, not in Q1
    ]
    r = evaluate(counting_pack, kdc_unit, 2026, {}, events=events)
    assert _count(r, "Z1") == 4  # every point, evaluation window
    assert _count(r, "X3") == 2  # points a and b only
    assert _count(r, "X4") == 1  # every point, Q1 only: the Q1 crime is excused, one Q1 fire has victims
    assert _count(r, "Z2") == 1  # point đ in Q1
    assert r.criterion("Z2").status == "met"
    assert r.criterion("Z1").status == "not_met"
    x3 = {(e.position, e.point): e.status for e in r.criterion("X3").events}
    assert x3 == {(0, "b"): "excused", (1, "a"): "counted", (2, "b"): "counted"}
    z1 = {(e.position, e.point): e.status for e in r.criterion("Z1").events}
    assert (3, "đ") not in z1  # filtered by `where`, not listed
    assert z1[(4, "đ")] == "counted" and z1[(5, "đ")] == "counted"


def test_count_events_in_q1_counts_only_q1(counting_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    events = [
        _ev("fire", "2026-03-31", victims=1),
        _ev("fire", "2026-04-01", victims=1),
        _ev("fire", "2026-01-01", victims=1),
    ]
    r = evaluate(counting_pack, kdc_unit, 2026, {}, events=events)
    assert _count(r, "X4") == 2
    assert {e.position for e in r.criterion("X4").events} == {0, 2}
    assert _count(r, "Z1") == 3


def test_count_events_with_unknown_field_is_undetermined(counting_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    r = evaluate(counting_pack, kdc_unit, 2026, {}, events=[_ev("crime", "2026-05-01")])
    x3 = r.criterion("X3")
    assert x3.status == "undetermined"
    assert "event.severity" in x3.missing
    assert {e.status for e in x3.events} == {"undetermined"}
    assert _count(r, "X3") is None


def test_count_events_with_no_events(counting_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    """An empty events list: no event occurred."""
    r = evaluate(counting_pack, kdc_unit, 2026, {}, events=[])
    for cid in ("X3", "X4", "Z1", "Z2"):
        assert r.criterion(cid).status == "met"
        assert _count(r, cid) == 0
        assert r.criterion(cid).events == ()
        assert "events" not in r.criterion(cid).missing


def test_count_events_when_events_are_not_reported(counting_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    """No events list at all (issue 10 item 14): the count is not known, never read as zero."""
    for r in (evaluate(counting_pack, kdc_unit, 2026, {}), evaluate(counting_pack, kdc_unit, 2026, {}, events=None)):
        for cid in ("X3", "X4", "Z1", "Z2"):
            c = r.criterion(cid)
            assert c.status == "undetermined", cid
            assert c.missing == ("events",)
            assert _count(r, cid) is None
        assert r.outcome != "pass"


def test_count_events_is_not_allowed_inside_an_event_expression(extra_text: str) -> None:
    from antq_rules import PackError

    with pytest.raises(PackError) as info:
        load_pack_text(
            extra_text.replace('where: "victims > 0"', 'where: "count_events(lists.L) > 0"'),
            "b.yaml",
        )
    assert info.value.problems[0].field == "event_lists.L.entries[2].where"
