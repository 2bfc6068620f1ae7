"""Excel workbooks (.xlsx, .xlsm) through openpyxl in read-only mode: one table per worksheet.

Values are the cached results (``data_only=True``). Two things read-only worksheets do not tell, and
that would otherwise be misread, come from one streamed pass over each sheet's XML: formula cells
that have no cached value (the file was never recalculated), and merged ranges.
"""

from __future__ import annotations

import re
import weakref
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from antq_rules.errors import Problem
from antq_rules.tables import _messages as msg
from antq_rules.tables._sheet import FileProblems, Merge, RowCells, Sheet

__all__ = ["open_xlsx", "scan_sheet_xml"]

_CHUNK = 1 << 20
_OVERLAP = 1 << 16  # longer than any cell Excel writes (formulas ≤ 8,192 chars; text ≤ 32,767)
_P = rb"(?:[A-Za-z_][\w.\-]*:)?"  # an optional namespace prefix
_F = re.compile(rb"<" + _P + rb"f[\s/>]")
_C_OPEN = re.compile(rb"<" + _P + rb"c[\s>]")
_C_END = re.compile(rb"</" + _P + rb"c>")
_V_FULL = re.compile(rb"<" + _P + rb"v(?:\s[^>]*)?>[^<]")
_T_STR = re.compile(rb"\st=\"str\"")
_REF = re.compile(rb"\sr=\"([A-Z]{1,3})([0-9]{1,7})\"")
_MERGE = re.compile(rb"<" + _P + rb"mergeCell\s[^>]*?ref=\"([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)\"")


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def scan_sheet_xml(data: Iterator[bytes]) -> tuple[dict[int, set[int]], list[Merge], bool]:
    """Scan a sheet's XML (given in chunks, ended by an empty chunk).

    Returns the formula cells without a cached value (row -> columns), the merged ranges, and whether
    such a formula cell had no reference (``r``) to place it by. Consecutive buffers overlap by
    ``_OVERLAP`` bytes so that a cell cut by a chunk boundary is seen whole; what the overlap finds
    twice is kept once.
    """
    formulas: dict[int, set[int]] = {}
    merges: dict[str, Merge] = {}
    unplaced = False
    buf = b""
    for chunk in data:
        buf += chunk
        final = not chunk
        cut = len(buf) if final else buf.rfind(b">") + 1
        keep = max(0, cut - _OVERLAP)
        pos = 0
        while True:
            m = _F.search(buf, pos, cut)
            if m is None:
                break
            start = m.start()
            while True:
                start = buf.rfind(b"<", 0, start)
                if start < 0 or _C_OPEN.match(buf, start):
                    break
            end = _C_END.search(buf, m.end(), cut)
            if end is None and not final:
                keep = min(keep, max(0, start))
                break
            cell = buf[max(0, start) : end.end() if end is not None else cut]
            opening = cell[: cell.find(b">") + 1]
            if _V_FULL.search(cell) is None and _T_STR.search(opening) is None:
                ref = _REF.search(opening) if start >= 0 else None
                if ref is None:
                    unplaced = True
                else:
                    formulas.setdefault(int(ref[2]), set()).add(_column(ref[1]))
            pos = end.end() if end is not None else cut
        for mm in _MERGE.finditer(buf, 0, cut):
            area = mm[1].decode("ascii")
            if area not in merges:
                min_col, min_row, max_col, max_row = range_boundaries(area if ":" in area else f"{area}:{area}")
                assert min_col is not None and min_row is not None and max_col is not None and max_row is not None
                merges[area] = Merge(area, min_row, min_col, max_row, max_col)
        if final:
            break
        buf = buf[keep:]
    return formulas, list(merges.values()), unplaced


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    with zf.open(member) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            yield chunk
            if not chunk:
                return


class _Book:
    """One read-only workbook shared by the streams of its sheets. Loading a workbook reads its shared
    strings and styles again, which for a large workbook costs about as much as streaming a sheet, so it
    is loaded once for all its sheets (which are read one after another) and closed when the reader that
    made it is gone."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wb: Any = None

    def rows(self, title: str) -> Iterator[RowCells]:
        if self.wb is None:
            self.wb = load_workbook(self.path, read_only=True, data_only=True, keep_links=False)
            weakref.finalize(self, self.wb.close)
        ws = self.wb[title]
        ws.reset_dimensions()  # a wrong <dimension> must not cut rows or columns off
        yield from enumerate(ws.iter_rows(min_row=2, values_only=True), start=2)


def open_xlsx(path: Path, display: str) -> tuple[list[Sheet], list[Problem]]:
    """Every worksheet with its header row and scan; warnings for chart sheets."""
    if not zipfile.is_zipfile(path):
        raise FileProblems([Problem(msg.not_workbook("không phải tệp zip / not a zip archive"), file=display)])
    try:
        wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # an untrusted file can fail in many ways inside openpyxl
        reason = f"{type(exc).__name__}: {exc}"[:300]
        raise FileProblems([Problem(msg.not_workbook(reason), file=display)]) from None
    sheets: list[Sheet] = []
    warnings: list[Problem] = []
    problems: list[Problem] = []
    book = _Book(path)
    try:
        with zipfile.ZipFile(path) as zf:
            for ws in wb.worksheets:
                title = ws.title
                member = getattr(ws, "_worksheet_path", None)
                try:
                    ws.reset_dimensions()
                    header: tuple[Any, ...] = next(ws.iter_rows(max_row=1, values_only=True), ())
                    if not isinstance(member, str):
                        raise KeyError(title)
                    formulas, merges, unplaced = scan_sheet_xml(_chunks(zf, member))
                except Exception as exc:  # a damaged sheet part
                    reason = f"{type(exc).__name__}: {exc}"[:300]
                    problems.append(Problem(msg.not_workbook(reason), file=display, sheet=title))
                    continue
                sheet = Sheet(
                    file=display,
                    sheet=title,
                    name=title,
                    header=tuple(header),
                    rows=lambda title=title: book.rows(title),  # type: ignore[misc]
                    hidden=getattr(ws, "sheet_state", "visible") != "visible",
                    formulas={r: frozenset(c) for r, c in formulas.items()},
                    merges=tuple(merges),
                )
                if unplaced:
                    problems.append(sheet.problem(msg.formula_no_value()))
                sheets.append(sheet)
            for name in wb.sheetnames:
                if name not in {s.title for s in wb.worksheets}:
                    warnings.append(Problem(msg.chart_sheet(), file=display, sheet=name))
    finally:
        wb.close()
    if problems:
        raise FileProblems(problems)
    return sheets, warnings
