"""The records of a population run: where a row came from, what it holds, and what came out of it.

Every input row comes out exactly once: as a :class:`UnitRecord` (results per pack) or as a
:class:`RowError` (every problem of the row, each naming file, sheet, row and column).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import attrs

from antq_rules._text import Text
from antq_rules.errors import Problem
from antq_rules.inputs import UnitRef
from antq_rules.results import Result

__all__ = [
    "DerivedCount",
    "MemberStatus",
    "Rollup",
    "RowError",
    "RowSource",
    "UnitRecord",
    "UnitRow",
    "commune_of",
]


@attrs.frozen(slots=True)
class RowSource:
    """Where one row came from: file, sheet (workbooks), row number as the file shows it.

    ``columns`` maps an input field path (``unit.id``, ``member_of``, ``indicators.NAME``,
    ``previous_year.NAME``, ``scores.ITEM``, ``events.FIELD`` …) to the 1-based column number and the
    header text of the file, so a problem found later names the cell. One mapping is shared by every
    row of a sheet.
    """

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    columns: Mapping[str, tuple[int, str]] = attrs.field(factory=dict, eq=False, repr=False)

    def problem(self, message: Text, field: str | None = None) -> Problem:
        """A problem at this row, in the column that holds ``field`` (if the file has one)."""
        col = None
        if field is not None:
            hit = self.columns.get(field)
            if hit is None:
                # "events[3].date" -> the column of "events.date"; "scores.X.points" -> "scores.X"
                key = re.sub(r"^events\[\d+\]\.?", "events.", field)
                parts = key.split(".")
                hit = self.columns.get(key) or (self.columns.get(".".join(parts[:2])) if len(parts) > 2 else None)
            if hit is not None:
                col = hit[0]
        return Problem(message, file=self.file, line=self.row, column=col, field=field, sheet=self.sheet)

    def where(self) -> str:
        """``file[sheet]:row`` as :meth:`Problem.where` writes a place (``#row`` for a host's row).

        Written out rather than through a :class:`Problem`: the results writer calls it for every row.

        >>> RowSource("xa.xlsx", "kdc", 7).where(), RowSource(row=3).where()
        ('xa.xlsx[kdc]:7', '#3')
        """
        file = self.file
        if not file:
            return f"#{self.row}"
        if self.sheet is not None:
            file = f"{file}[{self.sheet}]"
        return file if self.row is None else f"{file}:{self.row}"


@attrs.frozen(slots=True)
class UnitRow:
    """One unit's input for a population run, in the input schema, with where it came from.

    Readers produce these from tables; a host may build them itself or pass plain input documents
    (mappings) to :func:`~antq_rules.population.evaluate_population`. ``problems`` holds what a reader
    could not read (a formula without a value, a merged cell …): such a row becomes a :class:`RowError`.
    """

    unit: UnitRef
    source: RowSource = attrs.field(factory=RowSource)
    member_of: str | None = None
    indicators: Mapping[str, Any] = attrs.field(factory=dict)
    previous_year: Mapping[str, Any] = attrs.field(factory=dict)
    # None: events not reported (no events list, no events sheet or file); (): no event occurred
    events: tuple[Mapping[str, Any], ...] | None = None
    event_sources: tuple[RowSource, ...] = ()  # one per event (the events sheet's rows), or empty
    scores: Mapping[str, Any] = attrs.field(factory=dict)
    parameters: Mapping[str, Any] = attrs.field(factory=dict)
    problems: tuple[Problem, ...] = ()
    year: Any = None  # the year a document names (checked against the run's year), if any
    pack: Any = None  # the pack a document names (checked against the run's packs), if any
    cells_read: bool = False  # indicator texts already given their quick reading (inputs._coerce.quick_cells)
    # outcomes of required packs the run does not evaluate (e.g. last year's TT 124 decision for QĐ 3554):
    # requirement id -> {"outcome": …, "decision": …, "year": …}, as in a unit input's ``dependencies``
    dependencies: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(slots=True)
class MemberStatus:
    """How one member unit stood for a commune's roll-up: counted or not, and why."""

    unit_id: str
    subject: str
    name: str | None
    outcome: str | None  # the member's outcome under the roll-up pack; None for a row with an error
    in_scope: bool | None  # None: not known (input error, scope undetermined)
    reason: Text
    source: RowSource = attrs.field(factory=RowSource, eq=False)


@attrs.frozen(slots=True)
class DerivedCount:
    """One indicator of a commune derived from its members' results.

    ``status``: ``derived`` (used; the row left it out), ``agrees`` (the row supplied the same value),
    ``conflict`` (the row supplied another value: the row is an error), ``undetermined`` (some member's
    result is not known: the indicator stays missing unless the row supplies it), ``supplied`` (the row's
    value is used because the derived one is undetermined).
    """

    indicator: str
    value: int | None
    status: Literal["derived", "agrees", "conflict", "undetermined", "supplied"]
    supplied: Any = None
    counted: tuple[str, ...] = ()  # ids of the members counted
    undetermined: tuple[str, ...] = ()  # ids of the members whose result leaves the count open
    description: Text | None = None  # what is counted (from the pack's roll-up declaration)
    reason: Text | None = None  # why the count is undetermined, or what the conflict is


@attrs.frozen(slots=True)
class Rollup:
    """The counts a commune's row took from its member units' results in the same run.

    ``members`` (how each member stood, and why) is built when read: a run that only writes the counts
    never pays for one record per member.
    """

    pack: str  # id@version of the pack whose results were counted
    counts: tuple[DerivedCount, ...]
    member_rows: Sequence[Any] = attrs.field(default=(), eq=False, repr=False)  # see _rollup.Tally
    _build: Callable[[Sequence[Any]], tuple[MemberStatus, ...]] | None = attrs.field(
        default=None, eq=False, repr=False, alias="build"
    )

    @property
    def members(self) -> tuple[MemberStatus, ...]:
        """Every member unit: its outcome, whether it is in scope, and the reason an auditor reads."""
        if self._build is None:
            return tuple(self.member_rows)
        return self._build(self.member_rows)

    @property
    def conflicts(self) -> tuple[DerivedCount, ...]:
        return tuple(c for c in self.counts if c.status == "conflict")


@attrs.frozen(slots=True)
class UnitRecord:
    """A unit that was evaluated: its result under every pack of the run that covers its subject.

    ``results`` maps the pack id as named in the run to its :class:`~antq_rules.results.Result`, in
    chain order (e.g. TT 124, then QĐ 510, then QĐ 3554). ``rollup`` is set for a commune whose counts
    came from its members.
    """

    index: int  # the row's position in the run's input (0-based)
    unit: UnitRef
    source: RowSource
    member_of: str | None
    results: Mapping[str, Result]
    rollups: tuple[Rollup, ...] = ()  # one per pack of the run that derives this unit's counts
    # the validated indicators as each pack read them: pack key -> (values, previous-year values);
    # plans read indicators from here (a reference to the run's own dicts, not a copy)
    inputs: Mapping[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = attrs.field(factory=dict, eq=False, repr=False)
    kind: Literal["result"] = "result"

    @property
    def rollup(self) -> Rollup | None:
        """The first roll-up (most runs have one pack that derives counts, e.g. TT 124)."""
        return self.rollups[0] if self.rollups else None


def commune_of(record: UnitRecord | RowError, aggregating: frozenset[str] | set[str]) -> str | None:
    """The commune a record counts under: a unit of an aggregating subject (one a pack's roll-up derives
    counts for, e.g. ``xa``) or with roll-ups counts under its own id; any other under its ``member_of``.

    >>> from antq_rules.inputs import UnitRef
    >>> rec = UnitRecord(0, UnitRef("XA-1", "xa"), RowSource(), None, {})
    >>> commune_of(rec, {"xa"}), commune_of(attrs.evolve(rec, unit=UnitRef("T-1", "kdc"), member_of="XA-1"), {"xa"})
    ('XA-1', 'XA-1')
    """
    unit = record.unit
    if unit is not None and (unit.subject in aggregating or record.rollups):
        return unit.id
    return record.member_of


@attrs.frozen(slots=True)
class RowError:
    """A row that could not be evaluated, with every problem in it (file, sheet, row, column, field)."""

    index: int
    unit: UnitRef | None
    source: RowSource
    member_of: str | None
    problems: tuple[Problem, ...]
    rollups: tuple[Rollup, ...] = ()  # set when a problem is a roll-up conflict
    kind: Literal["error"] = "error"

    @property
    def rollup(self) -> Rollup | None:
        return self.rollups[0] if self.rollups else None
