"""The structured result of an evaluation: outcome, and for every criterion why (attrs, immutable)."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from antq_rules._text import Text
from antq_rules.inputs import UnitRef
from antq_rules.packs import Citation, Provenance

__all__ = [
    "CRITERION_STATUSES",
    "OUTCOMES",
    "RESULT_SCHEMA_ID",
    "Comparison",
    "CriterionResult",
    "EventRecord",
    "Exclusion",
    "Observation",
    "PackRef",
    "ParameterUsed",
    "Result",
    "ValueUsed",
]

RESULT_SCHEMA_ID = "antq-rules/result/v1"
CRITERION_STATUSES = ("met", "not_met", "not_applicable", "undetermined")
OUTCOMES = ("pass", "fail", "not_applicable", "undetermined")


@attrs.frozen(slots=True)
class PackRef:
    """Which pack produced a result: id, version, content hash, instrument."""

    id: str
    version: str
    content_hash: str
    instrument: str
    title: Text


@attrs.frozen(slots=True)
class Observation:
    """An input value a criterion read; ``source`` is input, default, previous_year or missing."""

    name: str
    value: Any
    source: str


@attrs.frozen(slots=True)
class ValueUsed:
    """A legal value (threshold, required list) a criterion compared against, with its provenance."""

    name: str
    value: Any
    unit: str | None
    citation: Citation | None
    provenance: Provenance
    description: Text


@attrs.frozen(slots=True)
class ParameterUsed:
    """An interpretation parameter: the value used, whether it is the pack's default, its provenance."""

    name: str
    value: Any
    is_default: bool
    description: Text
    choice: Text | None
    provenance: Provenance


@attrs.frozen(slots=True)
class Comparison:
    """One recorded step of a check: ``left op right`` gave ``result`` (None = undetermined)."""

    text: str
    op: str
    left: Any
    right: Any
    result: bool | None
    missing_items: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class EventRecord:
    """How a reported event was treated by a list check: counted, excused (why) or undetermined."""

    index: int
    id: str | None
    type: str
    date: date
    list_id: str
    point: str
    status: str
    reason: Text | None = None


@attrs.frozen(slots=True)
class CriterionResult:
    """The outcome of one criterion, with everything an auditor needs to check it."""

    id: str
    status: str
    citation: Citation
    title: Text
    description: Text
    observed: tuple[Observation, ...] = ()
    thresholds: tuple[ValueUsed, ...] = ()
    parameters: tuple[str, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    events: tuple[EventRecord, ...] = ()
    missing: tuple[str, ...] = ()
    undefined: tuple[str, ...] = ()
    reason: Text | None = None
    reused_from: str | None = None
    origin: str = "national"
    provenance: Provenance | None = None


@attrs.frozen(slots=True)
class Exclusion:
    """Why a unit is outside the pack's scope (result: not applicable)."""

    id: str
    citation: Citation
    reason: Text


@attrs.frozen
class Result:
    """The result of evaluating one unit for one year against one pack."""

    pack: PackRef
    unit: UnitRef
    year: int
    window: tuple[date, date]
    outcome: str
    outcome_label: Text
    outcome_citation: Citation
    criteria: tuple[CriterionResult, ...]
    parameters: tuple[ParameterUsed, ...]
    exclusion: Exclusion | None = None
    undetermined_scope: tuple[str, ...] = ()
    extra_criteria: Text | None = None
    schema: str = RESULT_SCHEMA_ID

    @property
    def passed(self) -> bool:
        """True when the outcome is *pass* (đạt)."""
        return self.outcome == "pass"

    def criterion(self, criterion_id: str) -> CriterionResult:
        for c in self.criteria:
            if c.id == criterion_id:
                return c
        raise KeyError(criterion_id)

    def by_status(self, status: str) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.status == status)

    def to_dict(self) -> dict[str, Any]:
        from antq_rules.results._json import result_to_dict

        return result_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        from antq_rules.results._json import result_from_dict

        return result_from_dict(data)
