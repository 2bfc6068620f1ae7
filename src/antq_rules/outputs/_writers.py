"""Write a population run's records as they stream: CSV, XLSX (write-only workbook) or JSON Lines.

Each record is written when it arrives and then forgotten, so memory stays flat over a province.

JSON Lines: one object per line, the envelope ``antq-rules/population-record/v1``::

    {"schema": "antq-rules/population-record/v1",
     "kind": "result" | "error",
     "index": 0,                                   # position in the run's input (0-based)
     "source": {"file": ..., "sheet": ..., "row": ..., "where": "file[sheet]:row"},
     "unit": {"id": ..., "subject": ..., "kind": ..., "name": ...} | null,
     "member_of": "XA-1" | null,
     "illustrative": false,
     "results": {"<pack as named in the run>": <Result.to_dict(detail)>, ...},  # see below
     "rollups": [<rollup_to_dict(): antq-rules/rollup/v1>, ...],  # communes whose counts were derived
     "problems": [<Problem.to_dict()>, ...],       # empty for a result
     "error": "every problem rendered in the chosen language" | null}

Each result is in the compact form by default (``antq-rules/result-compact/v1``: statuses, values read,
comparisons, excusals, with the pack's id, version and hash; about 4 KB for a residential area, read back
in full with ``Result.from_dict(d, pack=registry)``); ``detail="full"`` writes ``antq-rules/result/v1``.
"""

from __future__ import annotations

import abc
import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Literal

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from antq_rules._text import Lang, Text
from antq_rules.errors import EvaluationError
from antq_rules.outputs._cells import exact_number, yes_no
from antq_rules.outputs._row import Record, ResultLayout
from antq_rules.packs import Pack, PackRegistry
from antq_rules.population import RowError, UnitRecord, rollup_to_dict
from antq_rules.results import Detail
from antq_rules.results._json import encode_value

__all__ = [
    "POPULATION_RECORD_SCHEMA",
    "Format",
    "ResultWriter",
    "format_from_path",
    "open_results",
    "record_to_dict",
    "write_results",
]

POPULATION_RECORD_SCHEMA = "antq-rules/population-record/v1"
Format = Literal["csv", "xlsx", "jsonl"]
_SUFFIXES: dict[str, Format] = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_SHEET = Text("Kết quả", "Results")


def format_from_path(
    path: str | Path, fmt: str | None = None, allowed: Sequence[str] = ("csv", "xlsx", "jsonl")
) -> str:
    """The output format: ``fmt`` when given, else from the file's suffix; an unknown one is an error."""
    chosen = fmt if fmt is not None else _SUFFIXES.get(Path(path).suffix.lower())
    if chosen not in allowed:
        names = ", ".join(f".{a}" for a in allowed)
        raise EvaluationError(
            Text(
                f"không biết ghi tệp {Path(path).name} theo định dạng nào (dùng đuôi {names})",
                f"cannot tell which format to write {Path(path).name} in (use a suffix {names})",
            )
        )
    assert chosen is not None
    return chosen


def record_to_dict(record: Record, lang: Lang = "vi", detail: Detail = "full") -> dict[str, Any]:
    """A record in the JSON envelope ``antq-rules/population-record/v1`` (see the module docs), its
    results in ``detail`` (``full`` or ``compact``)."""
    results = record.results if isinstance(record, UnitRecord) else {}
    return _envelope(record, lang, {k: r.to_dict(detail) for k, r in results.items()})


def _envelope(record: Record, lang: Lang, results: dict[str, Any]) -> dict[str, Any]:
    src = record.source
    unit = record.unit
    is_result = isinstance(record, UnitRecord)
    problems = () if isinstance(record, UnitRecord) else record.problems
    return {
        "schema": POPULATION_RECORD_SCHEMA,
        "kind": record.kind,
        "index": record.index,
        "source": {"file": src.file, "sheet": src.sheet, "row": src.row, "where": src.where()},
        "unit": None
        if unit is None
        else {"id": unit.id, "subject": unit.subject, "kind": unit.kind, "name": unit.name},
        "member_of": record.member_of,
        "illustrative": isinstance(record, UnitRecord) and any(r.illustrative for r in record.results.values()),
        "results": results,
        "rollups": [rollup_to_dict(r) for r in record.rollups],
        "problems": [p.to_dict() for p in problems],
        "error": None if is_result else "; ".join(p.render(lang) for p in problems),
    }


class ResultWriter(abc.ABC):
    """Writes records one at a time; use as a context manager (or call :meth:`close`)."""

    format: str

    def __init__(self, layout: ResultLayout, lang: Lang) -> None:
        self.layout = layout
        self.lang: Lang = lang
        self.count = 0
        self.errors = 0

    def write(self, record: Record) -> None:
        self._write(record)
        self.count += 1
        if isinstance(record, RowError):
            self.errors += 1

    @abc.abstractmethod
    def _write(self, record: Record) -> None:
        """Write one record in the writer's format."""

    @abc.abstractmethod
    def close(self) -> None:
        """Finish the output (save the workbook, close or flush the stream)."""

    def __enter__(self) -> ResultWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class _TextWriter(ResultWriter):
    """A writer to a text stream: closes the stream it opened, flushes one it was given."""

    def __init__(self, stream: IO[str], layout: ResultLayout, lang: Lang, own: bool) -> None:
        super().__init__(layout, lang)
        self._stream = stream
        self._own = own

    def close(self) -> None:
        if self._own:
            self._stream.close()
        else:
            self._stream.flush()


class _CsvWriter(_TextWriter):
    format = "csv"

    def __init__(self, stream: IO[str], layout: ResultLayout, lang: Lang, header: str, own: bool) -> None:
        super().__init__(stream, layout, lang, own)
        self._csv = csv.writer(stream)
        self._csv.writerow(layout.labels(lang) if header == "label" else layout.columns)

    def _write(self, record: Record) -> None:
        self._csv.writerow(self.layout.csv_row(record, self.lang))


class _JsonlWriter(_TextWriter):
    format = "jsonl"

    def __init__(self, stream: IO[str], layout: ResultLayout, lang: Lang, own: bool, detail: Detail) -> None:
        super().__init__(stream, layout, lang, own)
        self.detail: Detail = detail

    def _write(self, record: Record) -> None:
        results = record.results if isinstance(record, UnitRecord) else {}
        line = json.dumps(_envelope(record, self.lang, {}), ensure_ascii=False, default=encode_value)
        if results:
            # each result's JSON text is written directly (several times faster than json.dumps of its
            # dict) into the envelope's empty "results": the first text of that form is its key (the
            # same characters inside a string value would have their quotes escaped)
            texts = ", ".join(
                f"{json.dumps(k, ensure_ascii=False)}: {r.to_json(None, self.detail)}" for k, r in results.items()
            )
            line = line.replace('"results": {}', f'"results": {{{texts}}}', 1)
        self._stream.write(line)
        self._stream.write("\n")


class _XlsxWriter(ResultWriter):
    format = "xlsx"

    def __init__(self, target: str | Path | IO[bytes], layout: ResultLayout, lang: Lang, header: str) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill

        super().__init__(layout, lang)
        self._target = target
        self._wb = Workbook(write_only=True)
        self._ws = self._wb.create_sheet(_SHEET.get(lang))
        self._ws.freeze_panes = "A2"
        self._error_fill = PatternFill("solid", start_color="FFF4CCCC", end_color="FFF4CCCC")
        self._error_font = Font(color="FF9C0006", bold=True)
        self._head_fill = PatternFill("solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
        self._head_font = Font(bold=True)
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._error_cols = {i for i, c in enumerate(layout.columns) if c in ("error", "error_fields")}
        from openpyxl.utils import get_column_letter

        heads = layout.labels(lang) if header == "label" else list(layout.columns)
        for i, col in enumerate(layout.columns, start=1):
            width = 60 if col == "error" else 40 if col in ("name", "source") else max(12, min(30, len(heads[i - 1])))
            self._ws.column_dimensions[get_column_letter(i)].width = width
        self._ws.append([self._cell(h, font=self._head_font, fill=self._head_fill, wrap=True) for h in heads])

    def _cell(self, value: Any, *, font: Any = None, fill: Any = None, wrap: bool = False) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if isinstance(value, bool):
            value = yes_no(value, self.lang)
        elif isinstance(value, Fraction):
            value = exact_number(value)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell = WriteOnlyCell(self._ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: never a formula, whatever it starts with
        elif isinstance(value, Decimal):
            cell.number_format = "0.0###"
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if wrap:
            cell.alignment = self._wrap
        return cell

    def _write(self, record: Record) -> None:
        row = self.layout.row(record, self.lang)
        is_error = isinstance(record, RowError)
        cells = []
        for i, col in enumerate(self.layout.columns):
            if is_error and i in self._error_cols:
                cells.append(self._cell(row[col], font=self._error_font, fill=self._error_fill, wrap=True))
            elif is_error:
                cells.append(self._cell(row[col], fill=self._error_fill))
            else:
                cells.append(self._plain(row[col]))
        self._ws.append(cells)

    def _plain(self, value: Any) -> Any:
        """A cell without style as a plain value (much faster); text that could be read as a formula
        still goes through :meth:`_cell`, which stores it as text."""
        if value is None or type(value) is int:
            return value
        if isinstance(value, str) and not value.startswith("=") and not ILLEGAL_CHARACTERS_RE.search(value):
            return value
        return self._cell(value)

    def close(self) -> None:
        self._wb.save(self._target)


def open_results(
    path: str | Path | IO[Any],
    packs: Sequence[str | Pack],
    *,
    format: str | None = None,
    lang: Lang = "vi",
    header: Literal["label", "key"] = "label",
    registry: PackRegistry | None = None,
    detail: Detail = "compact",
) -> ResultWriter:
    """A writer for a run's records; ``format`` is ``csv``, ``xlsx`` or ``jsonl`` (default: the suffix).

    ``path`` may be an open stream (text for CSV/JSONL, binary for XLSX) when ``format`` is given.
    ``header`` chooses the header row of CSV/XLSX: the column names in ``lang`` (default) or the keys.
    ``detail``: the form of each result in JSON Lines, ``compact`` (default) or ``full``.
    """
    layout = ResultLayout(packs, registry)
    fmt = format_from_path(path if isinstance(path, (str, Path)) else "stream", format)
    if fmt == "xlsx":
        return _XlsxWriter(path, layout, lang, header)
    if isinstance(path, (str, Path)):
        stream: IO[str] = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the writer
        if fmt == "csv":
            # a byte-order mark so that spreadsheet programs read Vietnamese text as UTF-8: written
            # here, the bytes of "utf-8-sig" without its codec, which is Python code on every write
            stream.write("\ufeff")
        own = True
    else:
        stream = path if not isinstance(path, io.BufferedIOBase) else io.TextIOWrapper(path, "utf-8", newline="")
        own = False
    if fmt == "csv":
        return _CsvWriter(stream, layout, lang, header, own)
    return _JsonlWriter(stream, layout, lang, own, detail)


def write_results(
    records: Iterable[Record],
    path: str | Path | IO[Any],
    packs: Sequence[str | Pack],
    *,
    format: str | None = None,
    lang: Lang = "vi",
    header: Literal["label", "key"] = "label",
    registry: PackRegistry | None = None,
    detail: Detail = "compact",
) -> int:
    """Write every record as it comes (see :func:`open_results`); returns how many were written."""
    with open_results(path, packs, format=format, lang=lang, header=header, registry=registry, detail=detail) as writer:
        for record in records:
            writer.write(record)
        return writer.count
