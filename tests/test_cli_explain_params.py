"""The text explanation lists only the interpretation parameters the unit's result rests on (issue 11):
those its criteria name, and those of an exclusion or a scope reading that decided its scope; the JSON
result keeps every parameter of the pack (the readings in force, to reproduce the evaluation).

Inputs are the illustrative examples (ví dụ minh hoạ).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from antq_rules import evaluate_document, render_text
from antq_rules.inputs import parse_input

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "tt124"


def listed(text: str) -> list[str]:
    """The parameter names under the closing "Interpretation parameters used" heading."""
    tail = text.split("Interpretation parameters used:")[-1]
    return re.findall(r"^  Parameter (\w+):", tail, flags=re.MULTILINE)


def example(name: str, **changes: object) -> Any:
    doc = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    for key, value in changes.items():
        section, _, field = key.partition("__")
        doc.setdefault(section, {})[field] = value
    return parse_input(doc)


def test_residential_area_lists_its_two_parameters_not_all_nine() -> None:
    result = evaluate_document(example("kdc-fail.yaml"))
    assert sorted(listed(render_text(result, "en"))) == ["kdc_prev_year_aggregation", "kdc_prev_year_operator"]
    assert len(result.parameters) > 2  # the pack has more; the result keeps them all
    named = {p for c in result.criteria for p in c.parameters}
    assert set(listed(render_text(result, "en"))) == named


@pytest.mark.parametrize("reading", ["highest_level", "any_excluded_level"])
def test_a_scope_reading_that_decided_is_listed(reading: str) -> None:
    doc = example(
        "csgd-pass.yaml",
        indicators__csgd_teaches_excluded_level=True,
        parameters__csgd_multi_level_scope=reading,
    )
    result = evaluate_document(doc)
    decided = result.exclusion is not None if reading == "any_excluded_level" else bool(result.scope_notes)
    assert decided
    assert "csgd_multi_level_scope" in listed(render_text(result, "en"))
    # a school that teaches no excluded level: the reading decided nothing and is not listed
    plain = evaluate_document(example("csgd-pass.yaml", parameters__csgd_multi_level_scope=reading))
    assert "csgd_multi_level_scope" not in listed(render_text(plain, "en"))


def test_json_keeps_every_parameter() -> None:
    result = evaluate_document(example("kdc-fail.yaml"))
    names = {p["name"] for p in result.to_dict()["parameters"]}
    assert names == {p.name for p in result.parameters} and len(names) > 2
