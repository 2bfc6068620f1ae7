"""The shape of a result document read back (``Result.from_json`` / ``from_dict``), checked with pydantic.

A result document comes from outside (a file, a database, another program): before it is rebuilt into a
:class:`~antq_rules.results.Result`, its shape is checked here — every key, its type, the statuses a
result can have, each value the library writes (numbers, shares, days, windows, sets) and each day — so
that a damaged document gets one :class:`~antq_rules.results.ResultFormatError` naming every problem
with its field (``criteria[2].status``), never a bare ``KeyError``. Unknown keys are problems too: a
document written by a newer version is refused rather than read in part. Keys that older versions did
not write have defaults.

Two shapes: the full form (``antq-rules/result/v1``) and the compact one (``antq-rules/result-compact/v1``).
Imported only when a result is read back (pydantic is not needed to evaluate).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    Tag,
    ValidationError,
    model_validator,
)

from antq_rules._text import Text
from antq_rules.errors import Problem
from antq_rules.results._model import CRITERION_STATUSES

__all__ = ["document_problems"]


def _day(text: str) -> str:
    date.fromisoformat(text)  # ValueError: not a day written YYYY-MM-DD
    return text


def _value(v: Any) -> Any:
    """A value as the library writes it (see ``encode_value``): plain, a list, or one of its tagged forms."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, list):
        for x in v:
            _value(x)
        return v
    if isinstance(v, dict):
        if "share" in v or "fraction" in v:
            _fraction_text(v.get("share", v.get("fraction")))
            return v
        if set(v) == {"date"} and isinstance(v["date"], str):
            date.fromisoformat(v["date"])
            return v
        if set(v) == {"window"}:
            _window(v["window"])
            return v
        if set(v) == {"set"} and isinstance(v["set"], list):
            _value(v["set"])
            return v
    raise ValueError(
        "not a value as results write them (a number, text, true/false, null, a list, or"
        " {share|fraction|date|window|set: …})"
    )


def _fraction_text(text: Any) -> None:
    if not isinstance(text, str) or "/" not in text:
        raise ValueError(f"a fraction is written 'n/d', not {text!r}")
    try:
        Fraction(text)
    except ZeroDivisionError:
        raise ValueError(f"{text!r} divides by 0") from None


def _window(pair: Any) -> None:
    if not isinstance(pair, list) or len(pair) != 2 or not all(isinstance(d, str) for d in pair):
        raise ValueError("a window is two days [start, end]")
    for d in pair:
        date.fromisoformat(d)


Day = Annotated[StrictStr, AfterValidator(_day)]
Value = Annotated[Any, AfterValidator(_value)]
Texts = list[StrictStr]
Status = Literal["met", "not_met", "not_applicable", "undetermined"]
assert get_args(Status) == CRITERION_STATUSES  # the statuses a criterion can have, written for pydantic


class _Shape(BaseModel):
    # strict types are written per field (StrictStr …): JSON arrays must still be read as tuples
    model_config = ConfigDict(extra="forbid")


class TextDoc(_Shape):
    vi: StrictStr
    en: StrictStr


class CitationDoc(_Shape):
    instrument: StrictStr
    article: StrictInt | None
    clause: StrictInt | None
    point: StrictStr | None
    label: TextDoc | None = None
    text: TextDoc | None = None


class ProvenanceDoc(_Shape):
    status: StrictStr
    sources: Texts
    note: TextDoc | None


class EventDoc(_Shape):
    index: StrictInt
    id: StrictStr | None
    type: StrictStr
    date: Day
    list: StrictStr
    point: StrictStr | None
    status: StrictStr
    reason: TextDoc | None


class StepDoc(_Shape):
    """A recorded step: a comparison, or (``op`` "count") a count of events, which lists its events."""

    text: StrictStr
    op: StrictStr
    left: Value
    right: Value
    result: StrictBool | None
    missing_items: Texts
    events: list[EventDoc] | None = None

    @model_validator(mode="after")
    def _events_with_counts(self) -> StepDoc:
        if (self.op == "count") != (self.events is not None):
            raise ValueError("a count of events (op 'count') lists its 'events'; a comparison lists none")
        return self


class ThresholdDoc(_Shape):
    name: StrictStr
    value: Value
    unit: StrictStr | None
    citation: CitationDoc | None
    provenance: ProvenanceDoc | None
    description: TextDoc
    origin: StrictStr
    replaced: Value


class ReadsDoc(_Shape):
    indicators: Texts
    previous_year: Texts


class ObservedDoc(_Shape):
    name: StrictStr
    value: Value
    source: StrictStr


class CriterionDoc(_Shape):
    id: StrictStr
    status: Status
    citation: CitationDoc
    title: TextDoc
    description: TextDoc
    origin: StrictStr
    reused_from: StrictStr | None
    provenance: ProvenanceDoc | None
    reason: TextDoc | None
    reads: ReadsDoc
    observed: list[ObservedDoc]
    thresholds: list[ThresholdDoc]
    parameters: Texts
    comparisons: list[StepDoc]
    events: list[EventDoc]
    missing: Texts
    undefined: Texts


class HandDoc(_Shape):
    step: Value
    citation: CitationDoc | None
    provenance: ProvenanceDoc | None
    note: TextDoc | None
    origin: StrictStr


class CompactItemDoc(_Shape):
    """A scoring item as the compact form keeps it: what happened (the pack gives the rest)."""

    id: StrictStr
    points: Value
    status: Literal["scored", "undetermined", "incomplete"]
    reason: StrictStr | None
    band: StrictInt | None
    comparisons: list[StepDoc]
    missing: Texts
    slots: Texts
    hand_scoring: HandDoc | None = None
    computed: Value = None


class ItemDoc(CompactItemDoc):
    """A scoring item in full: the compact keys, and the pack's own (``results._compact._ITEM_STATIC``)."""

    kind: StrictStr
    title: TextDoc
    citation: CitationDoc | None
    method: StrictStr
    max: Value
    group: TextDoc | None
    origin: StrictStr
    provenance: ProvenanceDoc | None
    max_provenance: ProvenanceDoc | None


class CompactConditionDoc(_Shape):
    """A level condition or cap as the compact form keeps it."""

    id: StrictStr
    kind: Literal["condition", "cap"]
    level: StrictStr
    status: Literal["met", "not_met", "undetermined"]
    comparisons: list[StepDoc]
    missing: Texts


class ConditionDoc(CompactConditionDoc):
    """A level condition or cap in full: the compact keys, and the pack's own (``_CONDITION_STATIC``)."""

    description: TextDoc
    citation: CitationDoc | None
    origin: StrictStr
    provenance: ProvenanceDoc | None


class ScoreDoc(_Shape):
    status: Literal["classified", "incomplete", "undetermined"]
    total: Value
    scale: Value
    known_points: Value
    capped: StrictBool
    band: StrictStr | None
    level: StrictStr | None
    level_name: TextDoc | None
    missing_slots: Texts
    items: list[ItemDoc]
    conditions: list[ConditionDoc]


class PackDoc(_Shape):
    id: StrictStr
    version: StrictStr
    content_hash: StrictStr
    instrument: StrictStr
    title: TextDoc


class UnitDoc(_Shape):
    id: StrictStr
    name: StrictStr | None
    subject: StrictStr
    kind: StrictStr | None


class SummaryDoc(_Shape):
    met: StrictInt
    not_met: StrictInt
    not_applicable: StrictInt
    undetermined: StrictInt


class ExclusionDoc(_Shape):
    id: StrictStr
    citation: CitationDoc | None
    reason: TextDoc


class ParameterDoc(_Shape):
    name: StrictStr
    value: Value
    is_default: StrictBool
    description: TextDoc
    choice: TextDoc | None
    provenance: ProvenanceDoc | None
    origin: StrictStr = "national"
    citation: CitationDoc | None = None


class OutsideDoc(_Shape):
    index: StrictInt
    id: StrictStr | None
    type: StrictStr
    date: Day
    note: TextDoc


class _DependencyBase(_Shape):
    id: StrictStr
    pack: StrictStr
    version: StrictStr | None
    year: StrictInt
    outcome: StrictStr | None
    source: Literal["supplied", "evaluated", "missing"]
    decision: StrictStr | None
    illustrative: StrictBool


class DependencyDoc(_DependencyBase):
    result: FullDoc | None


class FullDoc(_Shape):
    schema_: Literal["antq-rules/result/v1"] = Field(alias="schema")
    pack: PackDoc
    unit: UnitDoc
    year: StrictInt
    window: tuple[Day, Day]
    outcome: StrictStr
    outcome_label: TextDoc
    outcome_citation: CitationDoc | None
    summary: SummaryDoc
    exclusion: ExclusionDoc | None
    undetermined_scope: Texts
    extra_criteria: TextDoc | None
    parameters: list[ParameterDoc]
    criteria: list[CriterionDoc]
    kind: StrictStr
    illustrative: StrictBool
    provenance: dict[StrictStr, StrictInt]
    overlay: StrictStr | None
    score: ScoreDoc | None
    dependencies: list[DependencyDoc]
    outside_events: list[OutsideDoc] = Field(default_factory=list)
    scope_notes: list[ExclusionDoc] = Field(default_factory=list)


# -- the compact form ---------------------------------------------------------------------------------------

CompactEvent = tuple[
    StrictInt, StrictStr | None, StrictStr, Day, StrictStr, StrictStr | None, StrictStr, TextDoc | None
]


class CountDoc(_Shape):
    count: StrictStr
    window: tuple[Day, Day]
    total: StrictInt | None  # None: the count is not known (an event undetermined, or events not reported)
    events: list[CompactEvent]


Comparison5 = tuple[StrictStr, StrictStr, Value, Value, StrictBool | None]
Comparison6 = tuple[StrictStr, StrictStr, Value, Value, StrictBool | None, Texts]


def _step_kind(v: Any) -> str:
    """Which kind of recorded step: a count of events (an object), or a comparison (an array of 5 or 6)."""
    if isinstance(v, dict):
        return "Count"
    return "ComparisonWithMissing" if isinstance(v, (list, tuple)) and len(v) == 6 else "Comparison"


CompactStep = Annotated[
    Annotated[CountDoc, Tag("Count")]
    | Annotated[Comparison5, Tag("Comparison")]
    | Annotated[Comparison6, Tag("ComparisonWithMissing")],
    Discriminator(_step_kind),
]


class CompactCriterionDoc(_Shape):
    id: StrictStr
    status: Status
    steps: list[CompactStep] = Field(default_factory=list)
    missing: Texts = Field(default_factory=list)
    undefined: Texts = Field(default_factory=list)


class CompactPackDoc(_Shape):
    id: StrictStr
    version: StrictStr
    content_hash: StrictStr


class CompactScoreDoc(_Shape):
    status: Literal["classified", "incomplete", "undetermined"]
    total: Value
    known_points: Value
    capped: StrictBool
    band: StrictStr | None
    level: StrictStr | None
    missing_slots: Texts
    items: list[CompactItemDoc]
    conditions: list[CompactConditionDoc]


class CompactDependencyDoc(_DependencyBase):
    result: CompactDoc | None


class CompactDoc(_Shape):
    schema_: Literal["antq-rules/result-compact/v1"] = Field(alias="schema")
    pack: CompactPackDoc
    unit: UnitDoc
    year: StrictInt
    window: tuple[Day, Day]
    outcome: StrictStr
    summary: SummaryDoc
    illustrative: StrictBool
    values: dict[StrictStr, Value]
    criteria: list[CompactCriterionDoc]
    parameters: dict[StrictStr, Value] = Field(default_factory=dict)
    previous_year: dict[StrictStr, Value] = Field(default_factory=dict)
    defaults: Texts = Field(default_factory=list)
    exclusion: StrictStr | None = None
    scope_notes: Texts = Field(default_factory=list)
    undetermined_scope: Texts = Field(default_factory=list)
    outside_events: list[tuple[StrictInt, StrictStr | None, StrictStr, Day]] = Field(default_factory=list)
    score: CompactScoreDoc | None = None
    dependencies: list[CompactDependencyDoc] = Field(default_factory=list)


DependencyDoc.model_rebuild()
CompactDependencyDoc.model_rebuild()


def document_problems(d: dict[str, Any], compact: bool) -> list[Problem]:
    """Every problem of the shape of a result document (full or compact), each with its field."""
    model = CompactDoc if compact else FullDoc
    try:
        model.model_validate(d)
    except ValidationError as exc:
        return [_problem(err) for err in exc.errors(include_url=False)]
    return []


def _problem(err: Any) -> Problem:
    from antq_rules._yaml import format_path

    # pydantic adds the names of union members and validators to the location: keep keys and indexes
    path = [
        "schema" if p == "schema_" else p
        for p in err["loc"]
        if isinstance(p, int) or (isinstance(p, str) and not _is_member(p))
    ]
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        text = Text(f"khoá không có trong kết quả '{path[-1]}'", f"unknown key '{path[-1]}'")
    elif kind == "missing" and isinstance(path[-1], int):
        text = Text(f"thiếu phần tử thứ {path[-1] + 1}", f"missing item {path[-1] + 1}")
    elif kind == "missing":
        text = Text(f"thiếu khoá '{path[-1]}'", f"missing key '{path[-1]}'")
    else:
        text = Text(f"giá trị không hợp lệ: {msg}", f"invalid value: {msg}")
    return Problem(text, field=format_path(path) or None)


def _is_member(part: str) -> bool:
    """A location part pydantic adds for a union member or a validator (``tuple[...]``, ``CountDoc`` …)."""
    return part[:1].isupper() or "[" in part or part.startswith(("function-", "union", "nullable", "tagged"))
