"""The plan file schema (pydantic): targets a plan sets over a population's results, strictly.

A plan pack uses the same strict YAML as criteria packs (``schema: antq-rules/pack/v1``) with
``kind: plan``. Unknown keys are errors; every user-facing text is bilingual. Names of packs, subjects,
levels and indicators are checked afterwards against the packs the plan reads (:mod:`._load`).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator, model_validator

from antq_rules.packs._schema import (
    Id,
    InstrumentModel,
    ProvenanceModel,
    SourceModel,
    TextModel,
    _Strict,
)

__all__ = ["PlanModel", "TargetModel", "plan_json_schema"]

PackId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=80)]
TargetId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80)]
Compare = Literal["more_than", "at_least", "at_most", "less_than", "equal"]


class PlanCitationModel(_Strict):
    """Where in the plan a target is written: its section, and the plan's own words."""

    section: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    text: TextModel  # vi: the plan's words, quoted exactly; en: their translation
    instrument: str | None = None  # defaults to the plan's instrument number


class IndicatorConditionModel(_Strict):
    """A unit meets the condition when its indicator compares to ``value`` as ``compare`` says."""

    indicator: Id
    compare: Compare
    value: Any

    @field_validator("value")
    @classmethod
    def _number(cls, v: Any) -> Any:
        if isinstance(v, bool) or not isinstance(v, (int, str)):
            # booleans are compared with ``equal``: true/false; YAML decimals are read exactly (Decimal)
            from decimal import Decimal

            if not isinstance(v, (bool, Decimal)):
                raise ValueError("value is a number, a percent text such as '90%', or true/false")
        return v


class UnitsMeetingModel(_Strict):
    """Which units count for a target: exactly one of an outcome, a level or an indicator condition."""

    outcome: Annotated[str, StringConstraints(pattern=r"^[a-z_]+$", max_length=40)] | None = None
    level: Id | None = None
    level_at_least: Id | None = None
    indicator: IndicatorConditionModel | None = None

    @model_validator(mode="after")
    def _one(self) -> UnitsMeetingModel:
        given = [k for k in ("outcome", "level", "level_at_least", "indicator") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("name exactly one of 'outcome', 'level', 'level_at_least' and 'indicator'")
        return self


class TargetModel(_Strict):
    """One target of a plan, with its own citation and provenance.

    ``measure``: ``share`` or ``count`` of units meeting ``units_meeting``; ``change`` — the sum of an
    indicator this year as a share of last year's sum; ``not_measurable`` — written in the plan but not
    computable from the packs' indicators (kept, with ``reason``, never dropped).
    """

    id: TargetId
    title: TextModel
    citation: PlanCitationModel
    provenance: ProvenanceModel
    measure: Literal["share", "count", "change", "not_measurable"]
    pack: PackId | None = None
    subjects: list[Id] | None = Field(default=None, min_length=1)
    units_meeting: UnitsMeetingModel | None = None
    indicator: Id | None = None  # measure: change
    compare: Compare | None = None
    value: Any = None
    reason: TextModel | None = None  # measure: not_measurable — why it cannot be computed here
    note: TextModel | None = None

    @model_validator(mode="after")
    def _fields_of_measure(self) -> TargetModel:
        m = self.measure
        if m == "not_measurable":
            if self.reason is None:
                raise ValueError("a 'not_measurable' target needs a 'reason' (vi/en)")
            extra = [
                k for k in ("pack", "units_meeting", "indicator", "compare", "value") if getattr(self, k) is not None
            ]
            if extra:
                raise ValueError(f"a 'not_measurable' target has no {', '.join(repr(k) for k in extra)}")
            return self
        missing = [k for k in ("pack", "compare") if getattr(self, k) is None]
        if self.value is None:
            missing.append("value")
        if m in ("share", "count") and self.units_meeting is None:
            missing.append("units_meeting")
        if m == "change" and self.indicator is None:
            missing.append("indicator")
        if missing:
            raise ValueError(f"a '{m}' target needs {', '.join(repr(k) for k in missing)}")
        if m == "change" and self.units_meeting is not None:
            raise ValueError("a 'change' target has no 'units_meeting' (it sums 'indicator')")
        if m != "change" and self.indicator is not None:
            raise ValueError("'indicator' belongs to a 'change' target; a share or count names it in 'units_meeting'")
        if self.reason is not None:
            raise ValueError("'reason' belongs to a 'not_measurable' target")
        return self


class PlanModel(_Strict):
    """A plan: the targets an official plan sets over a population's results, each cited."""

    schema_: Literal["antq-rules/pack/v1"] = Field(alias="schema")
    id: PackId
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    kind: Literal["plan"]
    title: TextModel
    year: int = Field(ge=1990, le=2200)  # the year whose results the targets are about
    instrument: InstrumentModel
    example: TextModel | None = None  # set for a shipped example: says where it was taken from
    sources: dict[str, SourceModel] = Field(default_factory=dict)
    targets: list[TargetModel] = Field(min_length=1, max_length=200)
    note: TextModel | None = None

    model_config = _Strict.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _unique(self) -> PlanModel:
        seen: set[str] = set()
        for t in self.targets:
            if t.id in seen:
                raise ValueError(f"target id '{t.id}' is used twice")
            seen.add(t.id)
        return self


def plan_json_schema() -> dict[str, Any]:
    """The JSON Schema of a plan file, generated from :class:`PlanModel` (for editors: yaml-language-server).

    The shipped copy is ``docs/schemas/plan.schema.json``; a test keeps it equal to this.
    """
    schema = PlanModel.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "antq-rules/plan.schema.json"
    schema["title"] = "antq_rules plan (kind: plan)"
    return schema
