"""Property testing of criteria packs with Hypothesis: input strategies and ready-made properties.

Needs Hypothesis, which the core library does not: ``pip install 'antq-rules[testing]'``.

>>> from hypothesis import given, settings
>>> from antq_rules import shipped_pack
>>> from antq_rules.testing import check_deterministic, inputs_for
>>> pack = shipped_pack("vn.bca.tt124")
>>> @settings(max_examples=5, database=None)
... @given(inputs_for(pack, "kdc"))
... def test_deterministic(doc):
...     check_deterministic(pack, doc)
>>> test_deterministic()
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised in a child process by the tests
    raise ImportError(
        "antq_rules.testing cần Hypothesis / needs Hypothesis: pip install 'antq-rules[testing]' "
        "(or pip install 'hypothesis>=6.100')"
    ) from exc

from antq_rules.testing._properties import (
    PropertyFailure,
    check_deterministic,
    check_hand_score_monotone,
    check_keeps_national_vetoes,
    check_levels_partition,
    check_never_passes_national_fail,
    check_round_trip,
    check_total_within_scale,
    evaluate_input,
    input_for_national,
)
from antq_rules.testing._runner import PROPERTIES, PropertyOutcome, assert_properties, check_properties, national_of
from antq_rules.testing._strategies import (
    changed_thresholds,
    default_year,
    favourable_inputs,
    field_values,
    inputs_for,
    near_boundary,
)

__all__ = [
    "PROPERTIES",
    "PropertyFailure",
    "PropertyOutcome",
    "assert_properties",
    "changed_thresholds",
    "check_deterministic",
    "check_hand_score_monotone",
    "check_keeps_national_vetoes",
    "check_levels_partition",
    "check_never_passes_national_fail",
    "check_properties",
    "check_round_trip",
    "check_total_within_scale",
    "default_year",
    "evaluate_input",
    "favourable_inputs",
    "field_values",
    "input_for_national",
    "inputs_for",
    "national_of",
    "near_boundary",
]
