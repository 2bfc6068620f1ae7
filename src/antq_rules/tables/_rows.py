"""Turn one data row of a table into a unit's row (or an event), cell values passed on as read.

An empty cell (nothing, or blank text) becomes "absent" (the key is left out). One exception, for
speed: on the fast path for text tables (CSV), indicator cells in their commonest forms (plain digits,
yes/no words, ISO or dd/mm/yyyy dates, sets of codes) are given the reading validation would give
them (``inputs._coerce.quick_cells``) and the row says so (``UnitRow.cells_read``), so the population
runner does not go over the row a second time; every other cell stays as written.
The unit's own columns (id, name, subject, kind, member_of) are codes: whole numbers there are
written as text (``101`` -> ``"101"``) and surrounding spaces are dropped; anything else that is not
text is a problem of the row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

import attrs

from antq_rules._text import Text
from antq_rules.errors import Problem
from antq_rules.inputs import UnitRef
from antq_rules.inputs._coerce import quick_memo
from antq_rules.population import RowError, RowSource, UnitRow
from antq_rules.tables import _messages as msg
from antq_rules.tables._layout import Layout
from antq_rules.tables._limits import MAX_CELL_CHARS
from antq_rules.tables._vocab import Vocabulary

__all__ = ["EventRow", "is_empty", "read_events", "read_units"]


def is_empty(value: Any) -> bool:
    """An empty cell: nothing, or text of only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def as_code(value: Any) -> str | None:
    """A code or name cell as text (whole numbers allowed); None if it is not one."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (bool, date, datetime, time)):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


@attrs.define(slots=True)
class _Cells:
    """The values of one row by field path, and the row's read problems."""

    values: dict[str, Any] = attrs.field(factory=dict)
    problems: list[Problem] = attrs.field(factory=list)
    blank: bool = True


def _cells(layout: Layout, number: int, cells: Sequence[Any]) -> _Cells:
    sheet = layout.sheet
    out = _Cells()
    paths = layout.paths
    missing = sheet.formulas.get(number)
    for i, value in enumerate(cells):
        path = paths[i] if i < len(paths) else None
        if is_empty(value):
            if missing is not None and (i + 1) in missing and path is not None:
                out.blank = False
                out.problems.append(_at(layout, number, i + 1, path, msg.formula_no_value()))
            continue
        out.blank = False
        if path is None:
            if i in layout.blank or i >= len(paths):
                out.problems.append(_at(layout, number, i + 1, None, msg.blank_header_value()))
            continue  # an unknown column: reported once, in the warnings
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            out.problems.append(_at(layout, number, i + 1, path, msg.cell_too_long(len(value))))
            continue
        out.values[path] = value
    if not out.blank:
        for merge in sheet.merges:
            if merge.min_row <= number <= merge.max_row and merge.max_row > merge.min_row:
                out.problems.append(_at(layout, number, merge.min_col, None, msg.merged_cell(merge.ref)))
    return out


def _at(layout: Layout, row: int, column: int, field: str | None, message: Text) -> Problem:
    return Problem(message, file=layout.sheet.file, line=row, column=column, field=field, sheet=layout.sheet.sheet)


def _code_of(c: _Cells, layout: Layout, number: int, path: str) -> str | None:
    if path not in c.values:
        return None
    raw = c.values[path]
    code = as_code(raw)
    if code is None:
        c.problems.append(_at(layout, number, layout.columns[path][0], path, msg.cell_not_text(raw)))
        return None
    return code or None


# -- the fast path for text tables (CSV) ---------------------------------------------------------------
#
# What it saves: per cell, the general path calls ``is_empty``, tests the column's path and the cell's
# length, and files the value under its path in a ``_Cells`` (an attrs object per row); then each row
# splits the paths into sections again. For a table whose cells are all ``str`` and that has neither
# formulas nor multi-row merges, everything that depends only on the header is worked out once per
# table (``_TextPlan``: which column feeds which code or section key), and each row is built with one
# comprehension per section. Only an ordinary row is built here: a row with any problem (an over-long
# cell, a value under an empty header or past the last header), or with no value in a read column
# (perhaps blank), returns None and goes through the general path, which stays the reference.


@attrs.frozen(slots=True)
class _TextPlan:
    """What each column of a text table feeds, worked out once from its layout (0-based columns)."""

    width: int  # columns with a header (len(layout.paths)); shorter rows are padded with ""
    checked: tuple[int, ...]  # columns with an empty header: a value there is a problem
    codes: tuple[int | None, ...]  # unit.id, unit.name, unit.kind, member_of, unit.subject (units)
    sections: tuple[tuple[tuple[int, str], ...], ...]  # (column, key): indicators, previous_year; events
    scores: tuple[tuple[int, str, str], ...]  # (column, item, "points" | "reason")
    # (column, key, memo) per section, for units: each cell read as the population runner would read it
    # (the quick text reading of inputs._coerce), so it does not go over the row a second time
    read: tuple[tuple[tuple[int, str, Any], ...], ...] = ()


_CODES = ("unit.id", "unit.name", "unit.kind", "member_of", "unit.subject")
_SECTIONS = ("indicators", "previous_year")


def _text_plan(layout: Layout, quick: Mapping[str, Any] | None = None) -> _TextPlan | None:
    """The plan of a text table, or None if its rows need the general path."""
    sheet = layout.sheet
    if not sheet.text or sheet.formulas or any(m.max_row > m.min_row for m in sheet.merges):
        return None
    where = {path: i for i, path in enumerate(layout.paths) if path is not None}
    if layout.events:
        fields = tuple((i, path.split(".", 1)[1]) for path, i in where.items() if path != "events.unit_id")
        if "events.unit_id" not in where or not all(p.startswith("events.") for p in where):
            return None
        codes: tuple[int | None, ...] = (where["events.unit_id"],)
        sections: tuple[tuple[tuple[int, str], ...], ...] = (fields,)
        scores: tuple[tuple[int, str, str], ...] = ()
    else:
        codes = tuple(where.get(path) for path in _CODES)
        split = [(i, *path.partition(".")) for path, i in where.items() if path not in _CODES]
        sections = tuple(tuple((i, rest) for i, section, _, rest in split if section == name) for name in _SECTIONS)
        scores = tuple(
            (i, rest[: -len(".reason")], "reason") if rest.endswith(".reason") else (i, rest, "points")
            for i, section, _, rest in split
            if section == "scores"
        )
        if any(section not in (*_SECTIONS, "scores") for _, section, _, _ in split):
            return None
    checked = tuple(sorted(layout.blank))
    read: tuple[tuple[tuple[int, str, Any], ...], ...] = ()
    if not layout.events:
        plain = quick_memo(None)
        known = quick or {}
        read = tuple(tuple((i, key, known.get(key, plain)) for i, key in section) for section in sections)
    return _TextPlan(len(layout.paths), checked, codes, sections, scores, read)


def _text_cells(plan: _TextPlan, cells: Sequence[str]) -> Sequence[str] | None:
    """The row's cells padded to the header's width, or None if some cell is a problem."""
    width = plan.width
    n = len(cells)
    if n < width:
        cells = [*cells, *([""] * (width - n))]
    elif n > width and any(v.strip() for v in cells[width:]):
        return None  # a value past the last header
    for i in plan.checked:
        if cells[i].strip():
            return None  # a value under an empty header
    # An over-long cell: the total length bounds every cell's, and costs one C call instead of one per cell.
    if len("".join(cells)) > MAX_CELL_CHARS and max(map(len, cells)) > MAX_CELL_CHARS:
        return None
    return cells


def _text_unit(
    plan: _TextPlan,
    layout: Layout,
    vocab: Vocabulary,
    subjects: dict[str, str],
    number: int,
    cells: Sequence[str],
    events: tuple[()] | None = None,
) -> UnitRow | RowError | None:
    """One ordinary row of a text table as ``read_units`` makes it; None: take the general path."""
    ok = _text_cells(plan, cells)
    if ok is None:
        return None
    cells = ok
    i_id, i_name, i_kind, i_member, i_subject = plan.codes
    unit_id = cells[i_id].strip() or None if i_id is not None else None
    name = cells[i_name].strip() or None if i_name is not None else None
    kind = cells[i_kind].strip() or None if i_kind is not None else None
    member_of = cells[i_member].strip() or None if i_member is not None else None
    written = cells[i_subject].strip() or None if i_subject is not None else None
    ind_cols, prev_cols = plan.read
    indicators = {key: memo[v] for i, key, memo in ind_cols if (v := cells[i]).strip()}
    previous = {key: memo[v] for i, key, memo in prev_cols if (v := cells[i]).strip()}
    scores: dict[str, dict[str, Any]] = {}
    for i, item, part in plan.scores:
        v = cells[i]
        if v.strip():
            scores.setdefault(item, {})[part] = v
    if unit_id is None and not (name or kind or member_of or written or indicators or previous or scores):
        return None  # perhaps a blank row
    subject = layout.subject
    if written is not None:
        subject = subjects.get(written)
        if subject is None:
            named = vocab.subject_of(written)
            subject = next(iter(named)) if len(named) == 1 else written
            if len(subjects) < 1024:
                subjects[written] = subject
    sheet = layout.sheet
    source = RowSource(sheet.file, sheet.sheet, number, layout.columns)
    if unit_id is None or subject is None:
        problems: list[Problem] = []
        if unit_id is None:
            problems.append(source.problem(msg.no_unit_id(), "unit.id"))
        if subject is None:
            problems.append(source.problem(msg.row_no_subject(vocab.subject_names), "unit.subject"))
        return RowError(0, None, source, member_of, tuple(problems))
    return UnitRow(
        unit=UnitRef(unit_id, subject, kind, name),
        source=source,
        member_of=member_of,
        indicators=indicators,
        previous_year=previous,
        scores=scores,
        cells_read=True,
        events=events,
    )


def read_units(layout: Layout, vocab: Vocabulary, events: tuple[()] | None = None) -> Iterator[UnitRow | RowError]:
    """Every non-blank data row of a subject's table, in order.

    ``events``: what a row's events are until the events sheet attaches some — ``()`` when the source has
    an events sheet or file (no row for the unit: none occurred), ``None`` when it has none (not reported).
    Set here, when the row is made, rather than by copying every row afterwards.
    """
    sheet = layout.sheet
    plan = _text_plan(layout, vocab.quick)
    subjects: dict[str, str] = {}  # a subject cell -> the subject it names (the fast path's cache)
    for number, cells in sheet.rows():
        if plan is not None:
            fast = _text_unit(plan, layout, vocab, subjects, number, cells, events)
            if fast is not None:
                yield fast
                continue
        c = _cells(layout, number, cells)
        if c.blank:
            continue
        source = RowSource(sheet.file, sheet.sheet, number, layout.columns)
        unit_id = _code_of(c, layout, number, "unit.id")
        name = _code_of(c, layout, number, "unit.name")
        kind = _code_of(c, layout, number, "unit.kind")
        member_of = _code_of(c, layout, number, "member_of")
        subject = layout.subject
        written = _code_of(c, layout, number, "unit.subject")
        if written is not None:
            named = vocab.subject_of(written)
            subject = next(iter(named)) if len(named) == 1 else written
        indicators: dict[str, Any] = {}
        previous: dict[str, Any] = {}
        scores: dict[str, dict[str, Any]] = {}
        dependencies: dict[str, dict[str, Any]] = {}
        for path, value in c.values.items():
            section, _, rest = path.partition(".")
            if section == "dependencies":  # "dependencies.<requirement>.<outcome | decision | year>"
                req, _, part = rest.rpartition(".")
                dependencies.setdefault(req, {})[part] = value
                continue
            if section == "indicators":
                indicators[rest] = value
            elif section == "previous_year":
                previous[rest] = value
            elif section == "scores":  # item ids hold dots: "scores.QD510.X.1" or "scores.QD510.X.1.reason"
                if rest.endswith(".reason"):
                    scores.setdefault(rest[: -len(".reason")], {})["reason"] = value
                else:
                    scores.setdefault(rest, {})["points"] = value
        if unit_id is None and "unit.id" not in c.values:
            c.problems.insert(0, source.problem(msg.no_unit_id(), "unit.id"))
        if subject is None:
            c.problems.append(source.problem(msg.row_no_subject(vocab.subject_names), "unit.subject"))
        if unit_id is None or subject is None:
            ref = None if unit_id is None or subject is None else UnitRef(unit_id, subject, kind, name)
            yield RowError(0, ref, source, member_of, tuple(c.problems))
            continue
        yield UnitRow(
            unit=UnitRef(unit_id, subject, kind, name),
            source=source,
            member_of=member_of,
            indicators=indicators,
            previous_year=previous,
            scores=scores,
            problems=tuple(c.problems),
            dependencies=dependencies,
            events=events,
        )


@attrs.frozen(slots=True)
class EventRow:
    """One row of an events table: the unit it belongs to, the event, where it is, its problems."""

    unit_id: str | None
    event: dict[str, Any]
    source: RowSource
    problems: tuple[Problem, ...]


def read_events(layout: Layout) -> Iterator[EventRow]:
    """Every non-blank row of an events table, in order."""
    sheet = layout.sheet
    plan = _text_plan(layout)
    for number, cells in sheet.rows():
        if plan is not None and (ok := _text_cells(plan, cells)) is not None:
            i_unit = plan.codes[0]
            assert i_unit is not None
            code = ok[i_unit].strip() or None
            event = {key: v for i, key in plan.sections[0] if (v := ok[i]).strip()}
            if code is not None or event:
                yield EventRow(code, event, RowSource(sheet.file, sheet.sheet, number, layout.columns), ())
                continue
        c = _cells(layout, number, cells)
        if c.blank:
            continue
        source = RowSource(sheet.file, sheet.sheet, number, layout.columns)
        unit_id = _code_of(c, layout, number, "events.unit_id")
        event = {path.split(".", 1)[1]: v for path, v in c.values.items() if path != "events.unit_id"}
        yield EventRow(unit_id, event, source, tuple(c.problems))
