"""Read a population from files: check every file's layout first, then stream the units' rows.

Order (deterministic): the files in the order given; in a workbook, its sheets in order; each table's
rows in order. Events tables are read first and their rows attached to their units' rows; event rows
whose unit is nowhere come last, each as a :class:`~antq_rules.population.RowError`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs

from antq_rules.errors import InputError, Problem
from antq_rules.packs import Pack
from antq_rules.population import RowError, UnitRow
from antq_rules.tables import _messages as msg
from antq_rules.tables._csv import open_csv
from antq_rules.tables._documents import DocumentFile, open_documents
from antq_rules.tables._layout import Layout, plan_sheet
from antq_rules.tables._parquet import open_parquet
from antq_rules.tables._rows import EventRow, read_events, read_units
from antq_rules.tables._sheet import FileProblems, Sheet, check_file
from antq_rules.tables._vocab import Vocabulary, build_vocabulary
from antq_rules.tables._xlsx import open_xlsx

__all__ = ["PopulationSource", "read_population"]

_TABLES = {".csv", ".xlsx", ".xlsm", ".parquet"}
_DOCUMENTS = {".jsonl", ".yaml", ".yml", ".json"}


@attrs.frozen(slots=True, eq=False)
class PopulationSource:
    """The units' rows of the files given to :func:`read_population`, ready to stream.

    ``warnings`` names what was not read and why (unknown columns, with close names; sheets that are
    neither a subject nor events) and what was read though it may be a surprise (hidden sheets).
    """

    files: tuple[str, ...]
    warnings: tuple[Problem, ...]
    _inputs: tuple[Layout | DocumentFile, ...] = attrs.field(repr=False)
    _vocab: Vocabulary = attrs.field(repr=False)

    def rows(self) -> Iterator[UnitRow | RowError]:
        """Every unit row (one item per non-blank input row), then the event rows of no unit."""
        events: list[EventRow] = []
        for item in self._inputs:
            if isinstance(item, Layout) and item.events:
                events.extend(read_events(item))
        by_unit: dict[str, list[int]] = {}
        for i, ev in enumerate(events):
            if ev.unit_id is not None:
                by_unit.setdefault(ev.unit_id, []).append(i)
        attached = [False] * len(events)
        # with an events sheet or file, a unit without event rows had no event (an empty list); without
        # one, events were not reported (None) and the criteria counting them are undetermined
        reported = any(isinstance(item, Layout) and item.events for item in self._inputs)
        for item in self._inputs:
            if isinstance(item, Layout):
                if item.events:
                    continue
                rows = read_units(item, self._vocab, () if reported else None)
            else:
                rows = item.rows()
            for row in rows:
                if isinstance(row, UnitRow):
                    mine = by_unit.pop(row.unit.id, None)
                    if mine:
                        for i in mine:
                            attached[i] = True
                        row = _attach(row, [events[i] for i in mine])
                    elif reported and row.events is None:
                        row = attrs.evolve(row, events=())
                yield row
        for i, ev in enumerate(events):
            if attached[i]:
                continue
            message = msg.event_no_unit() if ev.unit_id is None else msg.event_orphan(ev.unit_id)
            field = "events.unit_id"
            yield RowError(0, None, ev.source, None, (ev.source.problem(message, field), *ev.problems))


def _attach(row: UnitRow, events: list[EventRow]) -> UnitRow:
    own = row.events or ()
    sources = row.event_sources if len(row.event_sources) == len(own) else (row.source,) * len(own)
    problems = [p for ev in events for p in ev.problems]
    return attrs.evolve(
        row,
        events=(*own, *(ev.event for ev in events)),
        event_sources=(*sources, *(ev.source for ev in events)),
        problems=(*row.problems, *problems),
    )


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _TABLES or suffix in _DOCUMENTS:
        return suffix
    return ""


def read_population(
    paths: Sequence[str | Path], packs: Sequence[Pack], *, subject: str | None = None
) -> PopulationSource:
    """Check every file and return its rows ready to stream.

    Raises :class:`~antq_rules.errors.InputError` listing every whole-file problem of every file (a
    file that is not what its name says, not UTF-8, a table without an ``id`` column, no subject, two
    columns for one field …). See ``docs`` (Tables) for the layout the readers expect.
    """
    vocab = build_vocabulary(packs)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    inputs: list[Layout | DocumentFile] = []
    files: list[str] = []

    def known(header: Sequence[object]) -> int:
        """How many cells of a header row name a field (of a unit table or an events table)."""
        texts = [str(h) for h in header if h is not None]
        return max(
            sum(vocab.names_field(t) for t in texts),
            sum(vocab.names_field(t, events=True) for t in texts),
        )

    for raw in paths:
        path = Path(raw)
        display = str(raw)
        files.append(display)
        suffix = path.suffix.lower()
        try:
            check_file(path, display)
            if suffix not in _TABLES and suffix not in _DOCUMENTS:
                raise FileProblems([Problem(msg.unsupported_format(path.suffix), file=display)])
            if suffix in _DOCUMENTS:
                inputs.append(open_documents(path, display, vocab, subject))
                continue
            workbook = suffix in (".xlsx", ".xlsm")
            sheets: list[Sheet]
            if workbook:
                sheets, notes = open_xlsx(path, display)
                warnings.extend(notes)
            elif suffix == ".csv":
                sheets = open_csv(path, display, known)
            else:
                sheets = open_parquet(path, display)
            file_problems: list[Problem] = []
            used = 0
            for sheet in sheets:
                planned = plan_sheet(sheet, vocab, subject, workbook=workbook)
                file_problems.extend(planned.errors)
                warnings.extend(planned.warnings)
                if planned.layout is not None:
                    inputs.append(planned.layout)
                    used += 1
            if workbook and used == 0 and not file_problems:
                file_problems.append(Problem(msg.no_data_sheet([s.name for s in sheets]), file=display))
            problems.extend(file_problems)
        except FileProblems as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return PopulationSource(tuple(files), tuple(warnings), tuple(inputs), vocab)
