"""The compiled, immutable pack the engine runs (attrs objects built once at load time)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cached_property
from typing import Any

import attrs

from antq_rules._text import Lang, Text
from antq_rules.calendar import WindowSpec
from antq_rules.expressions import CompiledExpression, EventList
from antq_rules.packs._validated import DeferredModel

__all__ = [
    "Amount",
    "Band",
    "Cap",
    "Citation",
    "Condition",
    "Constraint",
    "Criterion",
    "Deadline",
    "EventType",
    "Exclusion",
    "FieldSpec",
    "HandScoring",
    "Instrument",
    "Item",
    "LegalValue",
    "Level",
    "OverlayInfo",
    "Pack",
    "Parameter",
    "Provenance",
    "Requirement",
    "Subject",
    "Window",
]


@attrs.frozen(slots=True)
class Citation:
    """Where a rule stands in the law: instrument, Điều (article), khoản (clause), điểm (point)."""

    instrument: str
    article: int
    clause: int | None = None
    point: str | None = None
    text: Text | None = None

    def label(self, lang: Lang = "vi") -> str:
        if self.text is not None:
            return self.text.get(lang)
        if lang == "en":
            out = f"Art. {self.article}"
            if self.clause is not None:
                out += f" cl. {self.clause}"
            if self.point is not None:
                out += f"({self.point})"
            return out
        out = f"Điều {self.article}"
        if self.clause is not None:
            out += f" khoản {self.clause}"
        if self.point is not None:
            out += f" điểm {self.point}"
        return out

    def full(self, lang: Lang = "vi") -> str:
        return f"{self.label(lang)} {self.instrument}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "article": self.article,
            "clause": self.clause,
            "point": self.point,
            "label": {"vi": self.label("vi"), "en": self.label("en")},
        }


@attrs.frozen(slots=True)
class Provenance:
    """Where a value comes from and how sure it is (confirmed text, interpretation …)."""

    status: str
    sources: tuple[str, ...] = ()
    note: Text | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "sources": list(self.sources),
            "note": self.note.to_dict() if self.note else None,
        }


@attrs.frozen(slots=True)
class Instrument:
    number: str
    type: Text
    title: Text
    issued: date | None
    issuer: Text
    signer: str | None
    effective_from: date | None
    replaces: tuple[str, ...]
    amendments: tuple[Mapping[str, Any], ...]


@attrs.frozen(slots=True)
class Subject:
    id: str
    name: Text
    kinds: Mapping[str, Text]
    window: str
    citation: Citation


@attrs.frozen(slots=True)
class Window:
    id: str
    name: Text
    spec: WindowSpec
    citation: Citation | None
    provenance: Provenance


@attrs.frozen(slots=True)
class FieldSpec:
    """A typed input field (indicator or event field) with its unit, range and choices."""

    name: str
    type: str
    description: Text
    unit: str | None = None
    min: Any = None
    max: Any = None
    choices: Mapping[str, Text] | None = None
    ordered: bool = False
    within: str | None = None
    required: bool = True
    default: Any = None
    subjects: frozenset[str] | None = None
    previous_year: bool = False
    label: Text | None = None  # a short name for spreadsheet headers (the description when absent)


@attrs.frozen(slots=True)
class EventType:
    id: str
    name: Text
    fields: Mapping[str, FieldSpec]


@attrs.frozen(slots=True)
class Exclusion:
    id: str
    subject: str
    when: CompiledExpression
    reason: Text
    citation: Citation
    kept_when: CompiledExpression | None = None  # the exclusion was set aside by a reading: say so
    kept_reason: Text | None = None


@attrs.frozen(slots=True)
class Constraint:
    id: str
    check: CompiledExpression
    message: Text
    names: frozenset[str] = frozenset()  # the indicators it reads


@attrs.frozen(slots=True)
class LegalValue:
    name: str
    value: Any
    unit: str | None
    citation: Citation | None
    provenance: Provenance
    description: Text
    bound: str | None = None
    origin: str = "national"
    replaced: Any = None  # the national LegalValue an overlay replaced

    @property
    def known(self) -> bool:
        return self.provenance.status != "unknown"


@attrs.frozen(slots=True)
class Parameter:
    name: str
    type: str
    choices: Mapping[str, Text] | None
    default: Any
    description: Text
    provenance: Provenance
    origin: str = "national"
    replaced: Any = None  # the national Parameter an overlay replaced
    # the defaults a province overlay may give it: None (none but the national one), "open" (any), or
    # the frozenset of values at least as strict as the national default
    provincial: Any = None
    citation: Citation | None = None  # an overlay's citation, when an overlay set the default

    def overlay_may_choose(self, value: Any) -> bool:
        """Whether a province overlay may make ``value`` the default (it must be at least as strict)."""
        if self.provincial == "open":
            return True
        key = frozenset(value) if isinstance(value, (list, frozenset, set, tuple)) else value
        return key == self.default or (self.provincial is not None and key in self.provincial)


@attrs.frozen(slots=True)
class Criterion:
    """One criterion: citation, bilingual description, when it applies, and its compiled check."""

    id: str
    subjects: frozenset[str]
    citation: Citation
    title: Text
    description: Text
    check: CompiledExpression
    applies_when: CompiledExpression | None = None
    not_applicable_reason: Text | None = None
    reused_from: str | None = None
    provenance: Provenance | None = None
    origin: str = "national"
    indicators: tuple[str, ...] = ()
    prev_indicators: tuple[str, ...] = ()
    law: tuple[str, ...] = ()
    params: tuple[str, ...] = ()


@attrs.frozen(slots=True)
class Amount:
    """A number of points or a band edge, with provenance; ``value`` is None for a slot."""

    slot: str  # the slot's name, e.g. ``scoring.items.QD510.CQDN.1.max``
    value: Any
    provenance: Provenance
    citation: Citation | None = None
    origin: str = "national"

    @property
    def known(self) -> bool:
        return self.value is not None


@attrs.frozen(slots=True)
class Band:
    when: CompiledExpression
    points: Amount


@attrs.frozen(slots=True)
class HandScoring:
    """Where a scoring template lets the evaluation meeting score an item by hand, in steps of ``step``.

    The hand score (0, step, 2·step … up to the item's maximum, with a written reason) then replaces the
    points the item's rule computes; the computed points stay in the result beside it.
    """

    step: Any  # exact (int or Fraction)
    citation: Citation
    provenance: Provenance
    note: Text | None = None
    origin: str = "national"


@attrs.frozen(slots=True)
class Item:
    """A scoring item (or a deduction/bonus): how many points, and how the engine gets them."""

    id: str
    subjects: frozenset[str]
    citation: Citation
    title: Text
    description: Text
    max: Amount
    method: str  # all_or_nothing | bands | proportional | manual | unknown
    check: CompiledExpression | None = None
    bands: tuple[Band, ...] = ()
    share: CompiledExpression | None = None
    group: Text | None = None
    kind: str = "item"  # item | deduction | bonus
    provenance: Provenance | None = None
    origin: str = "national"
    indicators: tuple[str, ...] = ()
    hand_scoring: HandScoring | None = None  # where the template allows a hand score in steps


@attrs.frozen(slots=True)
class Condition:
    id: str
    when: CompiledExpression
    description: Text
    citation: Citation | None = None
    provenance: Provenance | None = None
    origin: str = "national"


@attrs.frozen(slots=True)
class Level:
    id: str
    name: Text
    min: Amount
    max: Amount
    conditions: tuple[Condition, ...] = ()
    description: Text | None = None


@attrs.frozen(slots=True)
class Cap:
    id: str
    when: CompiledExpression
    max_level: str
    description: Text
    citation: Citation | None = None
    provenance: Provenance | None = None
    origin: str = "national"


@attrs.frozen(slots=True)
class RollupRule:
    """An indicator of an aggregating subject (a commune) that a population run derives from the
    results of its member units under the same pack.

    Members excluded from the pack's scope (outcome ``not_applicable``) never count. ``count`` is
    ``in_scope`` (every member in scope), or counts the members whose ``outcome`` is one of
    ``outcomes``, or whose validated ``indicator`` equals ``equals``. A member whose result or indicator
    is not known leaves the count undetermined.
    """

    indicator: str
    subject: str
    members: frozenset[str]
    count: str  # in_scope | outcome | indicator
    description: Text
    outcomes: frozenset[str] = frozenset()
    member_indicator: str | None = None
    equals: Any = None
    citation: Citation | None = None


@attrs.frozen(slots=True)
class Requirement:
    """Another pack whose outcome this pack needs for the same unit (``dep.ID`` in expressions)."""

    id: str
    pack: str
    year_offset: int
    outcomes: tuple[str, ...]
    citation: Citation | None = None
    description: Text | None = None


@attrs.frozen(slots=True)
class Deadline:
    id: str
    subjects: frozenset[str] | None
    kind: str
    day: Any  # calendar.DayOfYear
    before: bool
    name: Text
    citation: Citation | None
    provenance: Provenance


@attrs.frozen(slots=True)
class OverlayInfo:
    """What an overlay (province pack) changed in the pack it extends."""

    base: str  # id@version of the extended pack
    base_hash: str
    filled: tuple[str, ...] = ()
    overridden: Mapping[str, Any] = attrs.field(factory=dict)  # name -> national LegalValue/Parameter
    added: tuple[str, ...] = ()
    repointed: Mapping[str, str] = attrs.field(factory=dict)


@attrs.frozen(eq=False)
class Pack:
    """A loaded, validated and compiled criteria pack."""

    id: str
    version: str
    kind: str
    title: Text
    effective_from: date
    effective_to: date | None
    instrument: Instrument
    sources: Mapping[str, Mapping[str, Any]]
    subjects: Mapping[str, Subject]
    exclusions: tuple[Exclusion, ...]
    windows: Mapping[str, Window]
    indicators: Mapping[str, FieldSpec]
    event_types: Mapping[str, EventType]
    event_lists: Mapping[str, EventList]
    constraints: tuple[Constraint, ...]
    values: Mapping[str, LegalValue]
    parameters: Mapping[str, Parameter]
    criteria: tuple[Criterion, ...]
    outcome_labels: Mapping[str, Text]
    outcome_citation: Citation | None
    extra_criteria: Mapping[str, Any] | None
    content_hash: str
    file: str
    requires: tuple[Requirement, ...] = ()
    rollups: tuple[RollupRule, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    total: Amount | None = None
    items: tuple[Item, ...] = ()
    adjustments: tuple[Item, ...] = ()
    levels: tuple[Level, ...] = ()
    caps: tuple[Cap, ...] = ()
    overlay: OverlayInfo | None = None
    # the validated source (overlays and reference pages read it): the PackModel, or a DeferredModel that
    # makes it when first asked (a pack compiled from the pack cache's checked data)
    _model: Any = attrs.field(default=None, repr=False, alias="model")

    @property
    def model(self) -> Any:
        """The validated PackModel this pack was compiled from (None for packs built by hand)."""
        source = self._model
        return source.get() if isinstance(source, DeferredModel) else source

    @property
    def illustrative(self) -> bool:
        """Whether any value of the pack is labelled illustrative (examples, not law)."""
        return (
            any(v.provenance.status == "illustrative" for v in self.values.values())
            or any(
                a.provenance.status == "illustrative"
                for a in (
                    *(i.max for i in (*self.items, *self.adjustments)),
                    *(lv.min for lv in self.levels),
                    *(lv.max for lv in self.levels),
                )
            )
            or any(c.provenance is not None and c.provenance.status == "illustrative" for c in self.criteria)
        )

    @property
    def ref(self) -> str:
        """``id@version`` — how results name the pack (with :attr:`content_hash` beside it)."""
        return f"{self.id}@{self.version}"

    @cached_property
    def criteria_by_subject(self) -> dict[str, tuple[Criterion, ...]]:
        return {s: tuple(c for c in self.criteria if s in c.subjects) for s in self.subjects}

    @cached_property
    def law(self) -> dict[str, Any]:
        """The legal values as expressions read them (``law.NAME``); a slot holds the SLOT marker."""
        return {k: v.value for k, v in self.values.items()}

    @cached_property
    def criteria_by_id(self) -> dict[str, Criterion]:
        return {c.id: c for c in self.criteria}

    @cached_property
    def exclusions_by_subject(self) -> dict[str, tuple[Exclusion, ...]]:
        return {s: tuple(e for e in self.exclusions if e.subject == s) for s in self.subjects}

    @cached_property
    def items_by_subject(self) -> dict[str, tuple[Item, ...]]:
        return {s: tuple(i for i in (*self.items, *self.adjustments) if s in i.subjects) for s in self.subjects}

    @cached_property
    def slots(self) -> tuple[str, ...]:
        """Every value of the pack that is not known yet (explicit unknowns)."""
        out = [f"values.{n}" for n, v in self.values.items() if v.provenance.status == "unknown"]
        if self.total is not None and not self.total.known:
            out.append(self.total.slot)
        for i in (*self.items, *self.adjustments):
            if i.method == "unknown":
                out.append(f"scoring.items.{i.id}")
                continue
            out.extend(a.slot for a in (i.max, *(b.points for b in i.bands)) if not a.known)
        for lv in self.levels:
            out.extend(a.slot for a in (lv.min, lv.max) if not a.known)
        return tuple(out)

    def in_force(self, day: date) -> bool:
        """Whether this pack version applies on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def evaluation_window(self, subject: str, year: int) -> tuple[date, date]:
        return self.windows[self.subjects[subject].window].spec.for_year(year)
