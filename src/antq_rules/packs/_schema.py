"""The pack file schema (pydantic): what a pack YAML may contain, strictly.

Unknown keys are errors (``extra="forbid"``); every user-facing text is bilingual. Cross-references
(ids that must exist) are checked afterwards by the compiler, which knows every section.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator, model_validator

__all__ = [
    "SCHEMA_ID",
    "AmountModel",
    "CitationModel",
    "CriterionModel",
    "EventListModel",
    "IndicatorModel",
    "ItemModel",
    "LevelModel",
    "OverlayModel",
    "PackModel",
    "ProvenanceModel",
    "TextModel",
]

SCHEMA_ID = "antq-rules/pack/v1"

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
CriterionId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80)]
ListId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=80)]
Expr = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=20000)]


def _not_a_number(value: Any) -> Any:
    """A day is written 2026-02-10: a number (20260210, or seconds since 1970) is not read as one."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise ValueError(f"a day is written YYYY-MM-DD (e.g. 2026-02-10), not as the number {value}")
    return value


Day = Annotated[date, BeforeValidator(_not_a_number)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class TextModel(_Strict):
    vi: NonEmpty
    en: NonEmpty


class CitationModel(_Strict):
    article: int = Field(ge=1, le=999)
    clause: int | None = Field(default=None, ge=1, le=999)
    point: str | None = Field(default=None, max_length=4)
    text: TextModel | None = None
    instrument: str | None = None  # defaults to the pack's instrument number


Status = Literal["confirmed", "secondary", "interpretation", "illustrative", "unknown"]


class ProvenanceModel(_Strict):
    status: Status
    sources: list[str] = Field(default_factory=list)
    note: TextModel | None = None

    @model_validator(mode="after")
    def _note_needed(self) -> ProvenanceModel:
        if self.status in ("interpretation", "illustrative", "unknown") and self.note is None:
            raise ValueError(f"a provenance with status '{self.status}' needs a note (vi/en) saying why")
        return self


class SourceModel(_Strict):
    title: NonEmpty
    url: str | None = None
    confidence: Literal["high", "medium", "low"]
    note: str | None = None


class AmendmentModel(_Strict):
    number: NonEmpty
    note: TextModel
    content_known: bool
    effective_from: Day | None = None


class InstrumentModel(_Strict):
    number: NonEmpty
    type: TextModel
    title: TextModel
    issued: Day | None
    issuer: TextModel
    signer: str | None = None
    effective_from: Day | None
    replaces: list[str] = Field(default_factory=list)
    amendments: list[AmendmentModel] = Field(default_factory=list)
    note: TextModel | None = None


class SubjectModel(_Strict):
    id: Id
    name: TextModel
    kinds: dict[Id, TextModel] = Field(min_length=1)
    window: Id
    citation: CitationModel
    note: TextModel | None = None


class ExclusionModel(_Strict):
    id: CriterionId
    subject: Id
    when: Expr
    reason: TextModel
    citation: CitationModel
    # when the exclusion does not apply because of a reading (a parameter), say so: the explanation shows
    # ``kept_reason`` whenever ``kept_when`` holds (e.g. a multi-level school kept in scope by its highest level)
    kept_when: Expr | None = None
    kept_reason: TextModel | None = None

    @model_validator(mode="after")
    def _kept_pair(self) -> ExclusionModel:
        if (self.kept_when is None) != (self.kept_reason is None):
            raise ValueError("'kept_when' and 'kept_reason' go together")
        return self


class DayModel(_Strict):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    year_offset: int = Field(default=0, ge=-5, le=5)

    @model_validator(mode="after")
    def _valid_day(self) -> DayModel:
        if (self.month, self.day) == (2, 29):
            raise ValueError("29/02 does not exist every year; use 28/02 or 01/03")
        date(2023, self.month, self.day)  # rejects 31/04 and the like
        return self


class WindowModel(_Strict):
    name: TextModel
    start: DayModel
    end: DayModel
    citation: CitationModel | None = None
    provenance: ProvenanceModel

    @model_validator(mode="after")
    def _ordered(self) -> WindowModel:
        s = date(2024 + self.start.year_offset, self.start.month, self.start.day)
        e = date(2024 + self.end.year_offset, self.end.month, self.end.day)
        if e < s:
            raise ValueError("the window ends before it starts")
        return self


IndicatorType = Literal["integer", "decimal", "boolean", "date", "enum", "set"]


class FieldModel(_Strict):
    """A typed field: an indicator, or a field of an event type."""

    type: IndicatorType
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    choices: dict[str, TextModel] | None = None
    ordered: bool = False
    within: str | None = None
    required: bool = True
    default: Any = None
    label: TextModel | None = None  # a short name: spreadsheet headers and templates
    description: TextModel

    @model_validator(mode="after")
    def _consistent(self) -> FieldModel:
        numeric = self.type in ("integer", "decimal")
        if self.unit is not None and not numeric:
            raise ValueError("'unit' is only for integer or decimal")
        if (self.min is not None or self.max is not None) and not numeric:
            raise ValueError("'min'/'max' are only for integer or decimal")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is greater than 'max'")
        if self.type in ("enum", "set"):
            if not self.choices:
                raise ValueError(f"type '{self.type}' needs 'choices'")
        elif self.choices is not None:
            raise ValueError("'choices' is only for enum or set")
        if self.ordered and self.type != "enum":
            raise ValueError("'ordered' is only for enum")
        if self.within is not None and self.type != "date":
            raise ValueError("'within' is only for date")
        return self


class IndicatorModel(FieldModel):
    subjects: list[Id] | None = None
    previous_year: bool = False


class EventTypeModel(_Strict):
    name: TextModel
    fields: dict[Id, FieldModel] = Field(default_factory=dict)
    description: TextModel | None = None


class EventEntryModel(_Strict):
    point: Annotated[str, StringConstraints(min_length=1, max_length=4)]
    types: list[Id] = Field(min_length=1)
    where: Expr | None = None
    excused_when: Expr | None = None
    excuse: TextModel | None = None
    description: TextModel

    @model_validator(mode="after")
    def _excuse(self) -> EventEntryModel:
        if (self.excused_when is None) != (self.excuse is None):
            raise ValueError("'excused_when' and 'excuse' go together")
        return self


class EventListModel(_Strict):
    name: TextModel
    citation: CitationModel
    entries: list[EventEntryModel] = Field(min_length=1)
    note: TextModel | None = None


class ConstraintModel(_Strict):
    id: Id
    check: Expr
    message: TextModel


_PERCENT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")


def _slot_or_value(value: Any, provenance: ProvenanceModel) -> None:
    if provenance.status == "unknown":
        if value is not None:
            raise ValueError("a value whose provenance is 'unknown' is a slot: it must not have a value")
    elif value is None:
        raise ValueError("a value is required (or mark it as a slot with provenance status 'unknown')")


class ValueModel(_Strict):
    value: Any = None
    unit: str | None = None
    citation: CitationModel | None = None
    provenance: ProvenanceModel
    description: TextModel
    bound: Literal["min", "max", "superset", "fixed"] | None = None

    @field_validator("value")
    @classmethod
    def _plain(cls, v: Any) -> Any:
        if isinstance(v, (dict, float)):
            raise ValueError("a value is a number, a percent string, a date, a string or a list of strings")
        if isinstance(v, list) and not all(isinstance(i, str) for i in v):
            raise ValueError("a list value holds strings only")
        return v

    @model_validator(mode="after")
    def _slot(self) -> ValueModel:
        _slot_or_value(self.value, self.provenance)
        return self


class AmountModel(_Strict):
    """A number of points or a band edge; a slot when its provenance status is 'unknown'."""

    value: Decimal | None = None
    citation: CitationModel | None = None
    provenance: ProvenanceModel

    @field_validator("value", mode="before")
    @classmethod
    def _number(cls, v: Any) -> Any:
        if isinstance(v, (bool, float)):
            raise ValueError("an amount is a whole or decimal number (written exactly)")
        return v

    @model_validator(mode="after")
    def _slot(self) -> AmountModel:
        _slot_or_value(self.value, self.provenance)
        if self.value is not None and self.value < 0:
            raise ValueError("an amount is not negative")
        return self


class BandModel(_Strict):
    when: Expr
    points: AmountModel


Method = Literal["all_or_nothing", "bands", "proportional", "manual", "unknown"]


class HandScoringModel(_Strict):
    """Where a scoring template allows the evaluation meeting to score an item by hand, in steps."""

    step: Decimal = Field(gt=0, le=1000)
    citation: CitationModel
    provenance: ProvenanceModel
    note: TextModel | None = None


class ItemModel(_Strict):
    id: CriterionId
    subjects: list[Id] = Field(min_length=1)
    group: TextModel | None = None
    citation: CitationModel
    title: TextModel
    description: TextModel
    max: AmountModel
    method: Method
    check: Expr | None = None
    bands: list[BandModel] | None = None
    share: Expr | None = None
    provenance: ProvenanceModel | None = None
    note: TextModel | None = None
    hand_scoring: HandScoringModel | None = None

    @model_validator(mode="after")
    def _method_fields(self) -> ItemModel:
        need = {"all_or_nothing": "check", "bands": "bands", "proportional": "share"}.get(self.method)
        for name in ("check", "bands", "share"):
            present = getattr(self, name) is not None
            if name == need and not present:
                raise ValueError(f"method '{self.method}' needs '{name}'")
            if name != need and present:
                raise ValueError(f"'{name}' does not go with method '{self.method}'")
        if self.method == "unknown" and self.max.provenance.status != "unknown":
            raise ValueError("an item with method 'unknown' is a slot: its max must be a slot too")
        if self.hand_scoring is not None and self.method in ("manual", "unknown"):
            raise ValueError(f"'hand_scoring' does not go with method '{self.method}' (only with a computed method)")
        return self


class AdjustmentModel(ItemModel):
    kind: Literal["deduction", "bonus"]


class ScoringModel(_Strict):
    total: AmountModel
    items: list[ItemModel] = Field(min_length=1)
    adjustments: list[AdjustmentModel] = Field(default_factory=list)


class ConditionModel(_Strict):
    id: CriterionId
    when: Expr
    citation: CitationModel | None = None
    description: TextModel
    provenance: ProvenanceModel | None = None


class LevelModel(_Strict):
    id: Id
    name: TextModel
    min: AmountModel
    max: AmountModel
    conditions: list[ConditionModel] = Field(default_factory=list)
    description: TextModel | None = None


class CapModel(_Strict):
    id: CriterionId
    when: Expr
    max_level: Id
    citation: CitationModel | None = None
    description: TextModel
    provenance: ProvenanceModel | None = None


class RequireModel(_Strict):
    id: Id
    pack: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=80)]
    year_offset: int = Field(default=0, ge=-5, le=0)
    outcomes: list[str] = Field(min_length=1)
    citation: CitationModel | None = None
    description: TextModel | None = None


class RollupCountModel(_Strict):
    """Which in-scope members a roll-up counts: by their outcome under this pack, or by an indicator."""

    outcome: list[str] | None = Field(default=None, min_length=1)
    indicator: Id | None = None
    equals: Any = None

    @model_validator(mode="after")
    def _one(self) -> RollupCountModel:
        if (self.outcome is None) == (self.indicator is None):
            raise ValueError("a roll-up counts by exactly one of 'outcome' and 'indicator'")
        if self.indicator is not None and self.equals is None:
            raise ValueError("'indicator' needs 'equals'")
        if self.indicator is None and self.equals is not None:
            raise ValueError("'equals' goes with 'indicator'")
        return self


class RollupModel(_Strict):
    """An indicator of an aggregating unit (a commune) derived from its member units' results."""

    subject: Id
    members: list[Id] = Field(min_length=1)
    count: Literal["in_scope"] | RollupCountModel
    description: TextModel
    citation: CitationModel | None = None


class DeadlineModel(_Strict):
    id: Id
    subjects: list[Id] | None = None
    kind: Literal["registration", "selection", "decision", "report", "other"]
    date: DayModel
    before: bool = False
    name: TextModel
    citation: CitationModel | None = None
    provenance: ProvenanceModel


class ProvincialModel(_Strict):
    """Which defaults a province overlay may give a parameter: at least as strict as the national one.

    ``order``: every value from the loosest to the strictest (an overlay may choose the national default
    or a value after it); ``allowed``: the values an overlay may choose (besides the national default).
    """

    order: list[Any] | None = None
    allowed: list[Any] | None = None

    @model_validator(mode="after")
    def _one(self) -> ProvincialModel:
        if (self.order is None) == (self.allowed is None):
            raise ValueError("give exactly one of 'order' (loosest to strictest) or 'allowed'")
        return self


class ParameterModel(_Strict):
    type: Literal["enum", "set", "boolean"]
    choices: dict[str, TextModel] | None = None
    default: Any
    description: TextModel
    provenance: ProvenanceModel
    # what a province overlay may choose: 'open' (any value), an order of strictness, or an explicit set;
    # absent: overlays may not change the default
    provincial: Literal["open"] | ProvincialModel | None = None

    @model_validator(mode="after")
    def _default_allowed(self) -> ParameterModel:
        if self.type == "boolean":
            if not isinstance(self.default, bool):
                raise ValueError("the default of a boolean parameter is true or false")
            return self
        if not self.choices:
            raise ValueError(f"a '{self.type}' parameter needs 'choices'")
        values = self.default if self.type == "set" else [self.default]
        if self.type == "set" and not isinstance(self.default, list):
            raise ValueError("the default of a set parameter is a list")
        for v in values:
            if str(v) not in self.choices:
                raise ValueError(f"default '{v}' is not one of the choices {list(self.choices)}")
        return self

    @model_validator(mode="after")
    def _provincial_values(self) -> ParameterModel:
        rule = self.provincial
        if not isinstance(rule, ProvincialModel):
            return self
        if self.type == "set":
            valid: list[Any] = [sorted(x) for x in (rule.order or rule.allowed or []) if isinstance(x, list)]
            if rule.order is not None:
                raise ValueError("a set parameter takes 'allowed' (lists of choices), not 'order'")
            if len(valid) != len(rule.allowed or []) or any(
                str(v) not in (self.choices or {}) for x in valid for v in x
            ):
                raise ValueError(
                    f"each 'allowed' value of a set parameter is a list of choices {list(self.choices or {})}"
                )
            return self
        every = [False, True] if self.type == "boolean" else list(self.choices or {})
        listed = rule.order if rule.order is not None else rule.allowed or []
        for v in listed:
            if v not in every or (self.type == "boolean") != isinstance(v, bool):
                raise ValueError(f"provincial value {v!r} is not one of {every}")
        if len(set(map(str, listed))) != len(listed):
            raise ValueError("provincial values repeat one")
        if rule.order is not None and sorted(map(str, rule.order)) != sorted(map(str, every)):
            raise ValueError(f"'order' lists every value once, from the loosest to the strictest: {every}")
        return self


class CriterionModel(_Strict):
    id: CriterionId
    subjects: list[Id] = Field(min_length=1)
    citation: CitationModel
    title: TextModel
    description: TextModel
    applies_when: Expr | None = None
    not_applicable_reason: TextModel | None = None
    check: Expr | None = None
    same_check_as: CriterionId | None = None
    provenance: ProvenanceModel | None = None
    note: TextModel | None = None

    @model_validator(mode="after")
    def _one_check(self) -> CriterionModel:
        if (self.check is None) == (self.same_check_as is None):
            raise ValueError("a criterion has exactly one of 'check' and 'same_check_as'")
        if (self.applies_when is None) != (self.not_applicable_reason is None):
            raise ValueError("'applies_when' and 'not_applicable_reason' go together")
        return self


class ExtraCriteriaModel(_Strict):
    allowed: bool
    citation: CitationModel | None = None
    note: TextModel | None = None


class OutcomeModel(_Strict):
    combine: Literal["all"] = "all"
    labels: dict[Literal["pass", "fail"], TextModel]
    citation: CitationModel
    extra_criteria: ExtraCriteriaModel | None = None

    @field_validator("labels")
    @classmethod
    def _both(cls, v: dict[str, TextModel]) -> dict[str, TextModel]:
        if set(v) != {"pass", "fail"}:
            raise ValueError("labels need both 'pass' and 'fail'")
        return v


class PackModel(_Strict):
    schema_: Literal["antq-rules/pack/v1"] = Field(alias="schema")
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=80)]
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    kind: Literal["standard", "classification", "exemplary"]
    title: TextModel
    effective_from: Day
    effective_to: Day | None = None
    instrument: InstrumentModel
    requires: list[RequireModel] = Field(default_factory=list)
    rollups: dict[Id, RollupModel] = Field(default_factory=dict)
    deadlines: list[DeadlineModel] = Field(default_factory=list)
    scoring: ScoringModel | None = None
    levels: list[LevelModel] | None = None
    caps: list[CapModel] = Field(default_factory=list)
    sources: dict[str, SourceModel] = Field(default_factory=dict)
    subjects: list[SubjectModel] = Field(min_length=1)
    exclusions: list[ExclusionModel] = Field(default_factory=list)
    windows: dict[Id, WindowModel] = Field(default_factory=dict)
    indicators: dict[Id, IndicatorModel] = Field(default_factory=dict)
    event_types: dict[Id, EventTypeModel] = Field(default_factory=dict)
    event_lists: dict[ListId, EventListModel] = Field(default_factory=dict)
    constraints: list[ConstraintModel] = Field(default_factory=list)
    values: dict[Id, ValueModel] = Field(default_factory=dict)
    parameters: dict[Id, ParameterModel] = Field(default_factory=dict)
    criteria: list[CriterionModel] = Field(default_factory=list)
    outcome: OutcomeModel | None = None
    note: TextModel | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _dates(self) -> PackModel:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        if self.kind == "standard":
            if not self.criteria or self.outcome is None:
                raise ValueError("a 'standard' pack needs 'criteria' and 'outcome'")
            if self.scoring is not None or self.levels is not None or self.caps:
                raise ValueError("a 'standard' pack has no 'scoring', 'levels' or 'caps'")
        else:
            if self.scoring is None or not self.levels:
                raise ValueError(f"a '{self.kind}' pack needs 'scoring' and 'levels'")
            if self.kind == "exemplary" and not self.criteria:
                raise ValueError("an 'exemplary' pack needs 'criteria' (its eligibility gate)")
        return self


class ExtendsModel(_Strict):
    pack: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=80)]
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]


class OverrideModel(_Strict):
    """A changed national value: the new value, its own citation and provenance, and why."""

    value: Any = None
    default: Any = None
    citation: CitationModel
    provenance: ProvenanceModel
    reason: TextModel


class AddModel(_Strict):
    indicators: dict[Id, IndicatorModel] = Field(default_factory=dict)
    values: dict[Id, ValueModel] = Field(default_factory=dict)
    parameters: dict[Id, ParameterModel] = Field(default_factory=dict)
    event_types: dict[Id, EventTypeModel] = Field(default_factory=dict)
    event_lists: dict[ListId, EventListModel] = Field(default_factory=dict)
    rollups: dict[Id, RollupModel] = Field(default_factory=dict)
    constraints: list[ConstraintModel] = Field(default_factory=list)
    criteria: list[CriterionModel] = Field(default_factory=list)
    conditions: dict[Id, list[ConditionModel]] = Field(default_factory=dict)
    caps: list[CapModel] = Field(default_factory=list)
    # items of the base pack the overlay's own instrument lets the evaluation meeting score by hand, in steps
    hand_scoring: dict[CriterionId, HandScoringModel] = Field(default_factory=dict)


class RepointModel(_Strict):
    pack: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=80)]


class OverlayModel(_Strict):
    """A province pack: ``extends`` a national pack and declares every change it makes."""

    schema_: Literal["antq-rules/pack/v1"] = Field(alias="schema")
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$", max_length=80)]
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    extends: ExtendsModel
    kind: Literal["standard", "classification", "exemplary"]
    title: TextModel
    effective_from: Day
    effective_to: Day | None = None
    instrument: InstrumentModel
    sources: dict[str, SourceModel] = Field(default_factory=dict)
    fill: dict[str, Any] = Field(default_factory=dict)
    override: dict[str, OverrideModel] = Field(default_factory=dict)
    add: AddModel = Field(default_factory=AddModel)
    requires: dict[Id, RepointModel] = Field(default_factory=dict)
    note: TextModel | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
