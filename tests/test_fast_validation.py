"""The generated fast path of input validation gives exactly what the full validator gives."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import antq_rules
from antq_rules import InputError
from antq_rules.inputs import UnitRef, read_input_file, validate_input
from antq_rules.inputs._validate import _plan, pack_windows

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
    try:
        slow = run()
    finally:
        plan.fast[unit.subject] = saved
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
