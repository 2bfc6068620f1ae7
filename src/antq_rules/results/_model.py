"""The structured result of an evaluation: outcome, and for every criterion why (attrs, immutable)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import attrs

from antq_rules._text import Text
from antq_rules.errors import MessageError
from antq_rules.expressions import Comparison, EventCount, EventRecord
from antq_rules.inputs import OutsideEvent, UnitRef
from antq_rules.packs import Citation, Provenance
from antq_rules.packs._model import HandScoring
from antq_rules.results._record import Record

if TYPE_CHECKING:
    from antq_rules.packs import Pack, PackRegistry

__all__ = [
    "COMPACT_SCHEMA_ID",
    "CRITERION_STATUSES",
    "OUTCOMES",
    "RESULT_SCHEMA_ID",
    "Comparison",
    "ConditionResult",
    "CriterionInfo",
    "CriterionResult",
    "DependencyResult",
    "Detail",
    "EventRecord",
    "Exclusion",
    "ItemResult",
    "Observation",
    "ObservedSource",
    "OutsideEvent",
    "PackRef",
    "ParameterUsed",
    "Result",
    "ResultFormatError",
    "ScoreResult",
    "ValueUsed",
]

RESULT_SCHEMA_ID = "antq-rules/result/v1"
COMPACT_SCHEMA_ID = "antq-rules/result-compact/v1"
Detail = Literal["full", "compact"]
CRITERION_STATUSES = ("met", "not_met", "not_applicable", "undetermined")
OUTCOMES = ("pass", "fail", "not_applicable", "undetermined")


class ResultFormatError(MessageError, ValueError):
    """A result document cannot be read: not a result, or a compact one without its very pack.

    For a document that is not in the result's shape, ``problems`` lists every problem with its field
    (``criteria[2].status``); ``message`` says what the whole is.
    """


@attrs.frozen(slots=True)
class PackRef:
    """Which pack produced a result: id, version, content hash, instrument."""

    id: str
    version: str
    content_hash: str
    instrument: str
    title: Text


# Records created on every evaluation (Result, CriterionResult, ObservedSource, Observation, and the
# scoring records ScoreResult, ItemResult, ConditionResult) are
# :class:`~antq_rules.results._record.Record`s: immutable, read by name, and built by the engine about
# six times cheaper than a frozen attrs class, which keeps a full structured explanation affordable on
# every call (the trick and what it saves are in that module). Static, per-pack objects are frozen attrs
# classes.


def as_step(step: Any) -> Comparison | EventCount:
    """A recorded trace step as its record type (generated code records plain tuples, for speed).

    >>> as_step(("a >= 1", ">=", 2, 1, True, ()))
    Comparison(text='a >= 1', op='>=', left=2, right=1, result=True, missing_items=())
    """
    kind = type(step)
    if kind is Comparison or kind is EventCount:
        return step  # type: ignore[no-any-return]
    if len(step) == len(Comparison._fields):
        return Comparison._make(step)
    text, events, window, total = step
    return EventCount(text, tuple(e if type(e) is EventRecord else EventRecord._make(e) for e in events), window, total)


class Observation(Record):
    """An input value a criterion read.

    ``source`` is ``input``, ``default`` (the pack's default), ``previous_year``, ``missing`` or
    ``missing_previous_year``.
    """

    __slots__ = ()
    name: str
    value: Any
    source: str

    def __repr__(self) -> str:
        return f"<Observation {self.name}={self.value!r} ({self.source})>"


@attrs.frozen(slots=True)
class ValueUsed:
    """A legal value (threshold, required list) a criterion compared against, with its provenance."""

    name: str
    value: Any
    unit: str | None
    citation: Citation | None
    provenance: Provenance
    description: Text
    origin: str = "national"
    replaced: Any = None  # the national value an overlay replaced (None if not replaced)


@attrs.frozen(slots=True)
class ParameterUsed:
    """An interpretation parameter: the value used, whether it is the pack's default, its provenance."""

    name: str
    value: Any
    is_default: bool
    description: Text
    choice: Text | None
    provenance: Provenance
    # "provincial" when a province overlay set the default used (then never ``is_default``), with its citation
    origin: str = "national"
    citation: Citation | None = None


@attrs.frozen(slots=True)
class CriterionInfo:
    """What a criterion is (static, one per pack criterion): citation, texts, thresholds, origin."""

    id: str
    citation: Citation
    title: Text
    description: Text
    thresholds: tuple[ValueUsed, ...] = ()
    parameters: tuple[str, ...] = ()
    reused_from: str | None = None
    origin: str = "national"
    provenance: Provenance | None = None
    indicators: tuple[str, ...] = ()
    prev_indicators: tuple[str, ...] = ()


class ObservedSource(Record):
    """The validated values an evaluation read (shared by all criteria of one result)."""

    __slots__ = ()
    values: dict[str, Any]
    previous: dict[str, Any]
    defaults_used: tuple[str, ...]

    def __repr__(self) -> str:
        return (
            f"<ObservedSource {len(self.values)} values, {len(self.previous)} previous-year,"
            f" {len(self.defaults_used)} defaults>"
        )


class CriterionResult(Record):
    """The outcome of one criterion, with everything an auditor needs to check it.

    ``status`` is ``met``, ``not_met``, ``not_applicable`` or ``undetermined``; ``info`` says what the
    criterion is (citation, description, thresholds with provenance); the rest says what happened.
    """

    __slots__ = ()
    info: CriterionInfo
    status: str
    steps: tuple[Any, ...] = ()  # the trace as recorded (records or plain tuples): read ``trace``
    missing: tuple[str, ...] = ()
    undefined: tuple[str, ...] = ()
    reason: Text | None = None
    source: ObservedSource | tuple[Observation, ...] = ()

    # The trace is kept as recorded; the views below are derived from it on access, so building a
    # result stays cheap while everything an auditor sees is already captured.

    @property
    def trace(self) -> tuple[Comparison | EventCount, ...]:
        """Every recorded step of the check, in order: comparisons and ``count_events`` calls."""
        return tuple(map(as_step, self.steps))

    @property
    def observed(self) -> tuple[Observation, ...]:
        """The input values this criterion read (or ``missing``)."""
        src = self.source
        if type(src) is not ObservedSource:
            return src
        values, defaults, prev = src.values, src.defaults_used, src.previous
        out = [
            Observation(n, values[n], "default" if n in defaults else "input")
            if n in values
            else Observation(n, None, "missing")
            for n in self.info.indicators
        ]
        out.extend(
            Observation(n, prev[n], "previous_year") if n in prev else Observation(n, None, "missing_previous_year")
            for n in self.info.prev_indicators
        )
        if self.status != "undetermined":
            # a decided criterion did not need what is missing (e.g. the branch of another reading)
            out = [o for o in out if not o.source.startswith("missing")]
        return tuple(out)

    @property
    def comparisons(self) -> tuple[Comparison, ...]:
        """Every recorded step of the check (a ``count_events`` call appears with op ``count``)."""
        return tuple(
            Comparison(t.text, "count", t.total, t.window, None) if isinstance(t, EventCount) else t for t in self.trace
        )

    @property
    def events(self) -> tuple[EventRecord, ...]:
        """Every reported event a list check looked at: counted, excused (why) or undetermined."""
        return tuple(e for t in self.trace if type(t) is EventCount for e in t.events)

    def __repr__(self) -> str:
        extra = f" — missing {', '.join(self.missing)}" if self.missing else ""
        return f"<CriterionResult {self.info.id}: {self.status}{extra}>"

    def __eq__(self, other: object) -> bool:
        if type(other) is not CriterionResult:
            return False if isinstance(other, tuple) else NotImplemented
        return (
            self.info == other.info
            and self.status == other.status
            and self.steps == other.steps
            and self.missing == other.missing
            and self.undefined == other.undefined
            and self.reason == other.reason
            and self.observed == other.observed
        )

    def __ne__(self, other: object) -> bool:
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    __hash__ = Record.__hash__

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def citation(self) -> Citation:
        return self.info.citation

    @property
    def title(self) -> Text:
        return self.info.title

    @property
    def description(self) -> Text:
        return self.info.description

    @property
    def thresholds(self) -> tuple[ValueUsed, ...]:
        return self.info.thresholds

    @property
    def parameters(self) -> tuple[str, ...]:
        return self.info.parameters

    @property
    def reused_from(self) -> str | None:
        return self.info.reused_from

    @property
    def origin(self) -> str:
        return self.info.origin

    @property
    def provenance(self) -> Provenance | None:
        return self.info.provenance


@attrs.frozen(slots=True)
class Exclusion:
    """Why a unit is outside the pack's scope (result: not applicable)."""

    id: str
    citation: Citation
    reason: Text


class ItemResult(Record):
    """The points of one scoring item (or deduction/bonus), how they were obtained, and why."""

    __slots__ = ()

    id: str
    kind: str  # item | deduction | bonus
    title: Text
    citation: Citation
    method: str
    max: Any  # None when the maximum is a slot
    points: Any  # None when not determined
    status: str  # scored | undetermined | incomplete
    group: Text | None = None
    reason: str | None = None  # the evaluation meeting's written reason (manual items)
    band: int | None = None
    trace: tuple[Comparison | EventCount, ...] = ()
    missing: tuple[str, ...] = ()
    slots: tuple[str, ...] = ()
    origin: str = "national"
    provenance: Provenance | None = None
    max_provenance: Provenance | None = None
    # set when the evaluation meeting scored the item by hand in the steps the template allows
    # (``points`` is then its score): the allowance, and the points the item's rule computed
    hand_scoring: HandScoring | None = None
    computed: Any = None

    def __repr__(self) -> str:
        shown = self.status if self.points is None else f"{self.points} / {self.max}"
        return f"<ItemResult {self.id}: {shown}>"


class ConditionResult(Record):
    """A level condition or cap: whether it held, with its citation."""

    __slots__ = ()

    id: str
    kind: str  # condition | cap
    level: str
    status: str  # met | not_met | undetermined
    description: Text
    citation: Citation | None = None
    origin: str = "national"
    provenance: Provenance | None = None
    trace: tuple[Comparison | EventCount, ...] = ()
    missing: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return f"<ConditionResult {self.kind} {self.id} ({self.level}): {self.status}>"


class ScoreResult(Record):
    """Points per item, the total, and the level (or the missing slots that prevent one)."""

    __slots__ = ()

    status: str  # classified | incomplete | undetermined
    total: Any  # the total points when every item is determined, else None
    scale: Any  # the declared total (None when a slot)
    known_points: Any  # points of the items that are determined
    items: tuple[ItemResult, ...]
    capped: bool = False
    band: str | None = None  # the level the points alone reach
    level: str | None = None
    level_name: Text | None = None
    conditions: tuple[ConditionResult, ...] = ()
    missing_slots: tuple[str, ...] = ()

    def __repr__(self) -> str:
        level = self.level or self.status
        return f"<ScoreResult {self.total if self.total is not None else '?'} / {self.scale}: {level}>"


@attrs.frozen(slots=True)
class DependencyResult:
    """The outcome of a required pack for the same unit: supplied by the host, evaluated, or missing."""

    id: str
    pack: str
    year: int
    outcome: str | None
    source: str  # supplied | evaluated | missing
    decision: str | None = None
    version: str | None = None
    illustrative: bool = False
    result: Result | None = None


class Result(Record):
    """The result of evaluating one unit for one year against one pack.

    Immutable; read it by field name (it is a record, not a sequence).
    ``to_dict``/``to_json`` write it in full (``detail="full"``) or compact (``detail="compact"``: what
    happened, with ids of the pack's static parts); ``from_dict``/``from_json`` read either back, a
    compact one given its pack.
    """

    __slots__ = ()
    pack: PackRef
    unit: UnitRef
    year: int
    window: tuple[date, date]
    outcome: str
    outcome_label: Text
    outcome_citation: Citation | None
    criteria: tuple[CriterionResult, ...]
    parameters: tuple[ParameterUsed, ...]
    exclusion: Exclusion | None = None
    undetermined_scope: tuple[str, ...] = ()
    extra_criteria: Text | None = None
    schema: str = RESULT_SCHEMA_ID
    kind: str = "standard"
    score: ScoreResult | None = None
    dependencies: tuple[DependencyResult, ...] = ()
    provenance: tuple[tuple[str, int], ...] = ()  # how many values of each provenance status it rests on
    illustrative: bool = False
    overlay: str | None = None  # id@version of the pack this overlay extends
    # reported events dated outside the evaluation period: shown, never counted
    outside_events: tuple[OutsideEvent, ...] = ()
    # exclusions a reading (a parameter) set aside for this unit, with why: the unit stays in scope
    scope_notes: tuple[Exclusion, ...] = ()

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

    def status_counts(self) -> dict[str, int]:
        """How many criteria have each status (every status named, in :data:`CRITERION_STATUSES` order)."""
        counts = dict.fromkeys(CRITERION_STATUSES, 0)
        for c in self.criteria:
            counts[c.status] += 1
        return counts

    def __repr__(self) -> str:
        return (
            f"<Result {self.pack.id}@{self.pack.version} {self.unit.id} {self.year}: {self.outcome} — {self._gist()}>"
        )

    def _gist(self) -> str:
        """A few words on why: the points for a scored result, else the criteria behind the outcome."""
        if self.exclusion is not None:
            return f"excluded by {self.exclusion.id}"
        s = self.score
        if s is not None:
            if s.total is not None:
                return f"{s.total} of {s.scale} points"
            if s.missing_slots:
                return f"{len(s.missing_slots)} values without an official text yet"
            return f"{s.known_points} points known, the rest undetermined"
        counts = self.status_counts()
        shown = {"fail": ("not_met",), "undetermined": ("undetermined",), "pass": ("met",)}.get(
            self.outcome, CRITERION_STATUSES
        )
        parts = [f"{counts[s]} {s.replace('_', ' ')}" for s in shown if counts[s]]
        return ", ".join(parts) or f"{len(self.criteria)} criteria"

    def to_dict(self, detail: Detail = "full") -> dict[str, Any]:
        """The JSON-ready dict: ``detail="full"`` (``antq-rules/result/v1``, everything an auditor reads)
        or ``"compact"`` (``antq-rules/result-compact/v1``: what happened, with the pack's id, version and
        hash in place of its texts).

        The full dict shares its static parts (citations, texts, thresholds) with other results of the
        same pack: read it, or copy before changing it.
        """
        from antq_rules.results._json import result_to_dict

        return result_to_dict(self, detail)

    def to_json(self, indent: int | None = 2, detail: Detail = "full") -> str:
        """The JSON text of :meth:`to_dict`; ``indent=None`` writes it on one line, directly (the same
        text as ``json.dumps(self.to_dict(detail), ensure_ascii=False)``, several times faster)."""
        if indent is None and detail in ("full", "compact"):
            from antq_rules.results._writer import compact_json, full_json

            return compact_json(self) if detail == "compact" else full_json(self)
        import json

        return json.dumps(self.to_dict(detail), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any], pack: Pack | PackRegistry | None = None) -> Result:
        """Read a result back from :meth:`to_dict` (either detail), exactly.

        A compact result needs its pack (or a registry holding it): the same id, version and content
        hash, else :class:`ResultFormatError`.
        """
        from antq_rules.results._json import result_from_dict

        return result_from_dict(data, pack)

    @classmethod
    def from_json(cls, text: str | bytes, pack: Pack | PackRegistry | None = None) -> Result:
        """Read a result back from :meth:`to_json` (either detail); see :meth:`from_dict`."""
        from antq_rules.results._json import result_from_json

        return result_from_json(text, pack)
