"""What a table is (a subject's units, events, or neither) and what each of its columns holds.

Decided from the header row alone, before any data row is read, so that every whole-file problem
(missing id column, no subject, two columns for one field …) is known at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from antq_rules.errors import Problem
from antq_rules.tables import _messages as msg
from antq_rules.tables._limits import MAX_CELL_CHARS, MAX_COLUMNS
from antq_rules.tables._names import EVENTS_SHEETS, TEMPLATE_SHEETS, norm
from antq_rules.tables._sheet import Sheet
from antq_rules.tables._vocab import EVENT_RESERVED, UNIT_RESERVED, Vocabulary

__all__ = ["Layout", "plan_sheet"]


@attrs.frozen(slots=True)
class Layout:
    """A table to read: its kind, the field path of each column (None: not read), its subject."""

    sheet: Sheet
    events: bool
    paths: tuple[str | None, ...]  # per column (0-based)
    blank: frozenset[int]  # columns (0-based) whose header is empty
    columns: Mapping[str, tuple[int, str]]  # field path -> (1-based column, header): RowSource.columns
    subject: str | None = None  # the table's subject (from its name or the subject= argument)
    subject_column: int | None = None  # 0-based column of a per-row subject


@attrs.frozen(slots=True)
class Planned:
    layout: Layout | None
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def _header_text(value: object) -> str:
    return "" if value is None else str(value)


def plan_sheet(sheet: Sheet, vocab: Vocabulary, subject: str | None, *, workbook: bool) -> Planned:
    """The layout of one table, or why it is skipped (a warning) or cannot be read (errors)."""
    name = norm(sheet.name)
    if workbook and name in TEMPLATE_SHEETS:
        return Planned(None)
    events = name in EVENTS_SHEETS
    texts = [_header_text(v) for v in sheet.header]
    while texts and not texts[-1].strip():
        texts.pop()
    errors: list[Problem] = []
    if len(texts) > MAX_COLUMNS:
        return Planned(None, (sheet.problem(msg.too_many_columns(len(texts)), row=1),))
    paths: list[str | None] = []
    blank: set[int] = set()
    columns: dict[str, tuple[int, str]] = {}
    unknown: list[Problem] = []
    for i, text in enumerate(texts):
        col = i + 1
        if len(text) > MAX_CELL_CHARS:
            errors.append(sheet.problem(msg.header_cell_too_long(), row=1, column=col))
            paths.append(None)
            continue
        r = vocab.resolve(text, events=events)
        path = r.path if r.status == "field" else None
        if r.status == "blank":
            blank.add(i)
        elif r.status == "ambiguous":
            errors.append(sheet.problem(msg.ambiguous_header(text, r.candidates), row=1, column=col))
        elif r.status == "unknown":
            unknown.append(sheet.problem(msg.unknown_column(text, r.candidates), row=1, column=col))
        elif path is not None and path in columns:
            first_col, first_text = columns[path]
            errors.append(sheet.problem(msg.duplicate_column(path, first_col, first_text), row=1, column=col))
            path = None
        elif path is not None:
            columns[path] = (col, text)
        paths.append(path)

    for path in [p for p in columns if p.startswith("scores.") and not p.endswith(".reason")]:
        columns[path + ".points"] = columns[path]  # where validation reports a bad number of points
    named = vocab.subject_of(sheet.name)
    fixed = next(iter(named)) if len(named) == 1 else None
    if events:
        if "events.unit_id" not in columns:
            errors.append(sheet.problem(msg.missing_column(_names(EVENT_RESERVED, "events.unit_id")), row=1))
    else:
        has_id = "unit.id" in columns
        if workbook and not has_id and fixed is None and "unit.subject" not in columns:
            ignored = sheet.problem(msg.ignored_sheet(vocab.subject_names))
            return Planned(None, (), (ignored,))
        if not has_id:
            errors.append(sheet.problem(msg.missing_column(_names(UNIT_RESERVED, "unit.id")), row=1))
        if fixed is None:
            fixed = subject
        if fixed is None and "unit.subject" not in columns:
            errors.append(sheet.problem(msg.no_subject(sheet.sheet or sheet.name, vocab.subject_names)))
    for merge in sheet.merges:
        if merge.min_row <= 1:
            errors.append(sheet.problem(msg.header_merged(merge.ref), row=1, column=merge.min_col))
    warnings = list(unknown)
    if sheet.hidden:
        warnings.insert(0, sheet.problem(msg.hidden_sheet()))
    if errors:
        return Planned(None, tuple(errors), tuple(warnings))
    subject_col = columns["unit.subject"][0] - 1 if "unit.subject" in columns else None
    layout = Layout(
        sheet=sheet,
        events=events,
        paths=tuple(paths),
        blank=frozenset(blank),
        columns=columns,
        subject=None if events else fixed,
        subject_column=subject_col,
    )
    return Planned(layout, (), tuple(warnings))


def _names(reserved: Mapping[str, Sequence[str]], path: str) -> list[str]:
    return [f"'{n}'" for n in reserved[path][:2]]
