"""Turn one data row of a table into a unit's row (or an event), cell values passed on as read.

Only an empty cell (nothing, or blank text) is changed: it becomes "absent" (the key is left out).
The unit's own columns (id, name, subject, kind, member_of) are codes: whole numbers there are
written as text (``101`` -> ``"101"``) and surrounding spaces are dropped; anything else that is not
text is a problem of the row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from typing import Any

import attrs

from antq_rules._text import Text
from antq_rules.errors import Problem
from antq_rules.inputs import UnitRef
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


def read_units(layout: Layout, vocab: Vocabulary) -> Iterator[UnitRow | RowError]:
    """Every non-blank data row of a subject's table, in order."""
    sheet = layout.sheet
    for number, cells in sheet.rows():
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
        for path, value in c.values.items():
            section, _, rest = path.partition(".")
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
    for number, cells in sheet.rows():
        c = _cells(layout, number, cells)
        if c.blank:
            continue
        source = RowSource(sheet.file, sheet.sheet, number, layout.columns)
        unit_id = _code_of(c, layout, number, "events.unit_id")
        event = {path.split(".", 1)[1]: v for path, v in c.values.items() if path != "events.unit_id"}
        yield EventRow(unit_id, event, source, tuple(c.problems))
