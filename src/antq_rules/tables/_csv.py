"""CSV files (UTF-8, with or without BOM; ``,`` or ``;`` between values): one table per file."""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from antq_rules.errors import Problem
from antq_rules.tables import _messages as msg
from antq_rules.tables._sheet import FileProblems, RowCells, Sheet

__all__ = ["check_utf8", "open_csv"]

_CHUNK = 1 << 20
_DELIMITERS = (",", ";")


def check_utf8(path: Path, display: str) -> None:
    """Raise one problem naming the first byte that is not UTF-8 (its offset from the start)."""
    carry = b""
    base = 0  # offset of carry[0] in the file
    with path.open("rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            data = carry + chunk
            final = not chunk
            try:
                data.decode("utf-8")
                carry = b""
                base += len(data)
            except UnicodeDecodeError as exc:
                if not final and exc.reason == "unexpected end of data" and len(data) - exc.start < 4:
                    carry = data[exc.start :]
                    base += exc.start
                else:
                    offset = base + exc.start
                    line = None
                    if offset < 1 << 24:
                        with path.open("rb") as again:
                            line = again.read(offset).count(b"\n") + 1
                    raise FileProblems([Problem(msg.not_utf8(offset, exc.reason), file=display, line=line)]) from None
            if final:
                return


def _reader(fh: io.TextIOBase, delimiter: str) -> Iterator[list[str]]:
    return csv.reader(fh, delimiter=delimiter, quotechar='"', doublequote=True, strict=False)


def _sniff(path: Path, score: Callable[[Sequence[Any]], int]) -> tuple[str, list[str]]:
    """The delimiter under which the header row names the most known columns (ties: ``,``)."""
    options: list[tuple[tuple[int, int, int], str, list[str]]] = []
    for rank, delimiter in enumerate(_DELIMITERS):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(_reader(fh, delimiter), [])
        known = score(header)
        options.append(((known, len(header) if known else 0, -rank), delimiter, header))
    _, delimiter, header = max(options, key=lambda o: o[0])
    return delimiter, header


def open_csv(path: Path, display: str, score: Callable[[Sequence[Any]], int]) -> list[Sheet]:
    """Check the whole file (encoding, CSV syntax) and return its one table."""
    check_utf8(path, display)
    try:
        delimiter, header = _sniff(path, score)
    except csv.Error as exc:
        raise FileProblems([Problem(msg.csv_malformed(str(exc)), file=display, line=1)]) from None
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = _reader(fh, delimiter)
            empty = next(reader, None) is None
            # The syntax check, consumed in C (saves a Python loop step per row); the count of records
            # before an error is needed only for its message, so it is taken by reading again then.
            deque(reader, maxlen=0)
    except csv.Error as exc:
        error, record = exc, 0
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for record, _ in enumerate(_reader(fh, delimiter), start=1):  # noqa: B007 — a count
                    pass
        except csv.Error as again:  # the same error, at the same record
            error = again
        raise FileProblems([Problem(msg.csv_malformed(str(error)), file=display, line=record + 1)]) from None
    if empty:
        raise FileProblems([Problem(msg.empty_file(), file=display)])

    def rows() -> Iterator[RowCells]:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = _reader(fh, delimiter)
            next(reader, None)
            yield from enumerate(reader, start=2)

    return [Sheet(file=display, sheet=None, name=path.stem, header=tuple(header), rows=rows, text=True)]
