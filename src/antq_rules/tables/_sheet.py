"""One table as a reader hands it on: where it is, its header row, and a way to stream its data rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from antq_rules._text import Text
from antq_rules.errors import Problem, cannot_read
from antq_rules.tables import _messages as msg
from antq_rules.tables._limits import MAX_FILE_BYTES

__all__ = ["FileProblems", "Merge", "RowCells", "Sheet", "check_file"]

RowCells = tuple[int, Sequence[Any]]  # row number as the file shows it (header = 1), the cells as read


@attrs.frozen(slots=True)
class Merge:
    """A merged range of a worksheet (1-based rows and columns, inclusive)."""

    ref: str
    min_row: int
    min_col: int
    max_row: int
    max_col: int


@attrs.define(slots=True)
class Sheet:
    """A table: a worksheet, or a whole CSV / Parquet file (``sheet`` is then None).

    ``name`` is what the subject is matched against (the sheet name, or the file stem). ``rows``
    opens the table again and streams its data rows (after the header), cells as read, never converted.
    ``text``: every cell is a ``str`` (a CSV file), so rows may take the fast path of ``_rows``.
    """

    file: str
    sheet: str | None
    name: str
    header: tuple[Any, ...]
    rows: Callable[[], Iterator[RowCells]]
    hidden: bool = False
    formulas: Mapping[int, frozenset[int]] = attrs.field(factory=dict)  # row -> columns without a value
    merges: tuple[Merge, ...] = ()
    text: bool = False

    def problem(self, message: Text, *, row: int | None = None, column: int | None = None) -> Problem:
        return Problem(message, file=self.file, line=row, column=column, sheet=self.sheet)


class FileProblems(Exception):
    """Whole-file problems of one file (collected, then raised together as one InputError)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems)
        self.problems = tuple(problems)


def check_file(path: Path, display: str) -> int:
    """The file's size; raise :class:`FileProblems` if it cannot be read or is over the limit."""
    try:
        if not path.is_file():
            raise FileProblems([Problem(msg.not_a_file(), file=display)])
        size = path.stat().st_size
    except OSError as exc:
        raise FileProblems([Problem(cannot_read(exc), file=display)]) from None
    if size > MAX_FILE_BYTES:
        raise FileProblems([Problem(msg.file_too_large(size), file=display)])
    return size
