"""Input documents (schema ``antq-rules/input/v1``): JSON Lines (one per line), or YAML / JSON (one
document or a list). ``year`` and ``pack`` may be left out; ``unit.member_of`` links a unit to its
commune. Values are passed on as read.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from antq_rules._text import Text
from antq_rules._yaml import YamlDocument, YamlProblems, format_path, parse_yaml, read_bounded
from antq_rules.errors import Problem, cannot_read
from antq_rules.inputs import INPUT_SCHEMA_ID, UnitRef
from antq_rules.population import RowError, RowSource, UnitRow
from antq_rules.tables import _messages as msg
from antq_rules.tables._csv import check_utf8
from antq_rules.tables._limits import MAX_LINE_BYTES
from antq_rules.tables._rows import as_code, is_empty
from antq_rules.tables._sheet import FileProblems
from antq_rules.tables._vocab import Vocabulary

__all__ = ["DocumentFile", "open_documents"]

_KEYS = frozenset(
    {"schema", "pack", "pack_version", "year", "unit", "member_of", "indicators", "previous_year", "events"}
    | {"parameters", "scores", "dependencies"}
)
_UNIT_KEYS = frozenset({"id", "name", "subject", "kind", "member_of"})
_MAPPINGS = ("indicators", "previous_year", "parameters", "scores", "dependencies")

Locate = Callable[[tuple[str | int, ...]], int | None]


class DocumentFile:
    """A file of input documents; :meth:`rows` streams one unit row per document."""

    def __init__(self, display: str, rows: Callable[[], Iterator[UnitRow | RowError]]) -> None:
        self.file = display
        self.rows = rows


def _problem(file: str, line: int | None, path: tuple[str | int, ...], vi: str, en: str) -> Problem:
    return Problem(Text(vi, en), file=file, line=line, field=format_path(path) or None)


def document_row(
    data: Any, file: str, line: int | None, locate: Locate, vocab: Vocabulary, subject: str | None
) -> UnitRow | RowError:
    """One document as a unit's row; every problem of its shape is named with its line."""
    source = RowSource(file, None, line)
    problems: list[Problem] = []

    def bad(path: tuple[str | int, ...], vi: str, en: str) -> None:
        problems.append(_problem(file, locate(path) or line, path, vi, en))

    if not isinstance(data, Mapping):
        bad((), "mỗi tài liệu là một bảng khoá–giá trị", "each document is a mapping")
        return RowError(0, None, source, None, tuple(problems))
    for key in data:
        if key not in _KEYS:
            bad((str(key),), f"khoá không được phép '{key}'", f"unknown key '{key}'")
    if "schema" in data and data["schema"] != INPUT_SCHEMA_ID:
        bad(("schema",), f"lược đồ phải là '{INPUT_SCHEMA_ID}'", f"the schema must be '{INPUT_SCHEMA_ID}'")
    unit = data.get("unit")
    codes: dict[str, str | None] = {k: None for k in _UNIT_KEYS}
    if not isinstance(unit, Mapping):
        bad(("unit",), "thiếu 'unit' (id, subject …)", "'unit' (id, subject …) is missing")
    else:
        for key, value in unit.items():
            if key not in _UNIT_KEYS:
                bad(("unit", str(key)), f"khoá không được phép '{key}'", f"unknown key '{key}'")
            elif not is_empty(value):
                code = as_code(value)
                if code is None:
                    bad(("unit", key), f"cần văn bản, nhận được {value!r}", f"expected text, got {value!r}")
                codes[key] = code or None
    top = data.get("member_of")
    member_of = codes["member_of"]
    if not is_empty(top):
        code = as_code(top)
        if code is None:
            bad(("member_of",), f"cần văn bản, nhận được {top!r}", f"expected text, got {top!r}")
        elif member_of is not None and code != member_of:
            bad(
                ("member_of",),
                f"'member_of' ({code}) khác 'unit.member_of' ({member_of})",
                f"'member_of' ({code}) differs from 'unit.member_of' ({member_of})",
            )
        else:
            member_of = code
    sections: dict[str, dict[str, Any]] = {}
    for key in _MAPPINGS:
        value = data.get(key, {})
        if value is None:
            value = {}
        if not isinstance(value, Mapping):
            bad((key,), f"'{key}' phải là một bảng khoá–giá trị", f"'{key}' must be a mapping")
            value = {}
        sections[key] = {str(k): v for k, v in value.items()}
    raw_events = data.get("events")  # absent or null: events not reported; []: no event occurred
    events: list[dict[str, Any]] = []
    sources: list[RowSource] = []
    if raw_events is None:
        pass
    elif not isinstance(raw_events, list):
        bad(("events",), "'events' phải là một danh sách", "'events' must be a list")
    else:
        for i, ev in enumerate(raw_events):
            if not isinstance(ev, Mapping):
                bad(("events", i), "mỗi sự kiện là một bảng khoá–giá trị", "each event is a mapping")
                continue
            events.append({str(k): v for k, v in ev.items()})
            sources.append(RowSource(file, None, locate(("events", i)) or line))
    unit_id = codes["id"]
    subj = codes["subject"]
    if subj is not None:
        named = vocab.subject_of(subj)
        subj = next(iter(named)) if len(named) == 1 else subj
    else:
        subj = subject
    if isinstance(unit, Mapping):
        if unit_id is None:
            bad(("unit", "id"), "thiếu mã đơn vị 'unit.id'", "the unit id 'unit.id' is missing")
        if subj is None:
            bad(("unit", "subject"), "thiếu đối tượng 'unit.subject'", "the subject 'unit.subject' is missing")
    if unit_id is None or subj is None:
        return RowError(0, None, source, member_of, tuple(problems))
    return UnitRow(
        unit=UnitRef(unit_id, subj, codes["kind"], codes["name"]),
        source=source,
        member_of=member_of,
        indicators=sections["indicators"],
        previous_year=sections["previous_year"],
        events=None if raw_events is None else tuple(events),
        event_sources=tuple(sources),
        scores=sections["scores"],
        parameters=sections["parameters"],
        problems=tuple(problems),
        year=data.get("year"),
        pack=data.get("pack"),
        dependencies=sections["dependencies"],
    )


def _jsonl(path: Path, display: str, vocab: Vocabulary, subject: str | None) -> DocumentFile:
    check_utf8(path, display)

    def rows() -> Iterator[UnitRow | RowError]:
        with path.open("rb") as fh:
            number = 0
            while True:
                raw = fh.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                number += 1
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):
                        raw = fh.readline(MAX_LINE_BYTES + 1)
                    source = RowSource(display, None, number)
                    yield RowError(0, None, source, None, (source.problem(msg.json_line_too_long()),))
                    continue
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                if not text.strip():
                    continue
                try:
                    data = json.loads(text)
                except (ValueError, RecursionError) as exc:  # RecursionError: nested about 1,000 deep
                    source = RowSource(display, None, number)
                    if isinstance(exc, RecursionError):
                        why = Text("JSON không hợp lệ: lồng nhau quá sâu", "invalid JSON: nested too deep")
                    else:
                        why = Text(f"JSON không hợp lệ: {exc}", f"invalid JSON: {exc}")
                    p = source.problem(why)
                    yield RowError(0, None, source, None, (p,))
                    continue
                yield document_row(data, display, number, lambda _p, n=number: n, vocab, subject)  # type: ignore[misc]

    return DocumentFile(display, rows)


def _yaml(path: Path, display: str, vocab: Vocabulary, subject: str | None) -> DocumentFile:
    try:
        doc: YamlDocument = parse_yaml(read_bounded(path, display), display)
    except YamlProblems as exc:
        raise FileProblems(exc.problems) from None
    except OSError as exc:
        raise FileProblems([Problem(cannot_read(exc), file=display)]) from None
    if isinstance(doc.data, list):
        items = [(i, item) for i, item in enumerate(doc.data)]

        def rows() -> Iterator[UnitRow | RowError]:
            for i, item in items:
                line = doc.line_of((i,))
                yield document_row(item, display, line, lambda p, i=i: doc.line_of((i, *p)), vocab, subject)  # type: ignore[misc]

    else:

        def rows() -> Iterator[UnitRow | RowError]:
            yield document_row(doc.data, display, doc.line_of(()), doc.line_of, vocab, subject)

    return DocumentFile(display, rows)


def open_documents(path: Path, display: str, vocab: Vocabulary, subject: str | None) -> DocumentFile:
    """A ``.jsonl`` file (streamed) or a ``.yaml``/``.yml``/``.json`` file (parsed whole, ≤ 4 MB)."""
    if path.suffix.lower() == ".jsonl":
        return _jsonl(path, display, vocab, subject)
    return _yaml(path, display, vocab, subject)
