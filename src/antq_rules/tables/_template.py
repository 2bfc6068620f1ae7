"""Fill-in templates for one subject of a pack: an Excel workbook, or a CSV header row.

The workbook has the subject's sheet (named after the subject id; headers "Label (code)", frozen,
lists for choices and yes/no), an ``events`` sheet when the pack has event types, a "Danh mục" sheet
holding the lists, and a "Hướng dẫn" sheet describing every column (type, unit, allowed values,
whether required, description in Vietnamese and English, and the citations of the criteria and
scoring items that read it). Read back by :func:`~antq_rules.tables.read_population` it yields
nothing until rows are filled in.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Literal

import attrs
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from antq_rules._numbers import number_text
from antq_rules._text import Lang, Text
from antq_rules.errors import InputError, Problem
from antq_rules.packs import FieldSpec, Pack

__all__ = ["write_template"]

_GUIDE = "Hướng dẫn"
_LISTS = "Danh mục"
_LAST_ROW = 1_048_576
_BOOLEAN = ("có", "không")

_RESERVED: tuple[tuple[str, Text, Text, bool], ...] = (
    ("id", Text("Mã đơn vị", "Unit id"), Text("Mã đơn vị, duy nhất trong dữ liệu.", "The unit's id, unique."), True),
    ("name", Text("Tên đơn vị", "Unit name"), Text("Tên đơn vị.", "The unit's name."), False),
    ("kind", Text("Loại", "Kind"), Text("Loại đơn vị cụ thể.", "The unit's concrete kind."), False),
    (
        "member_of",
        Text("Thuộc xã", "Member of"),
        Text(
            "Mã của xã (phường, đặc khu) mà đơn vị thuộc về, để tổng hợp số liệu của xã.",
            "The id of the commune (ward, special zone) the unit belongs to, for the commune's roll-up.",
        ),
        False,
    ),
)
_EVENT_RESERVED: tuple[tuple[str, Text, Text, bool], ...] = (
    ("unit_id", Text("Mã đơn vị", "Unit id"), Text("Mã của đơn vị có sự kiện.", "The id of the unit."), True),
    ("id", Text("Mã sự kiện", "Event id"), Text("Mã sự kiện (nếu có).", "The event's id (if any)."), False),
    ("type", Text("Loại sự kiện", "Event type"), Text("Loại sự kiện.", "The event's type."), True),
    ("date", Text("Ngày", "Date"), Text("Ngày xảy ra sự kiện.", "The date of the event."), True),
    ("note", Text("Ghi chú", "Note"), Text("Ghi chú.", "A note."), False),
)
_TYPES = {
    "integer": Text("số nguyên", "integer"),
    "decimal": Text("số (thập phân viết 87,5 hoặc 87.5)", "number (decimals as 87.5 or 87,5)"),
    "boolean": Text("có / không", "yes / no (có / không)"),
    "date": Text("ngày (dd/mm/yyyy)", "date (dd/mm/yyyy or yyyy-mm-dd)"),
    "enum": Text("một mã trong danh mục", "one code of the list"),
    "set": Text("nhiều mã, cách nhau bằng dấu ;", "several codes separated by ;"),
    "text": Text("văn bản", "text"),
}
_GUIDE_HEADER = (
    Text("Trang", "Sheet"),
    Text("Tiêu đề cột", "Column header"),
    Text("Mã", "Code"),
    Text("Kiểu", "Type"),
    Text("Đơn vị đo", "Unit"),
    Text("Giá trị cho phép", "Allowed values"),
    Text("Bắt buộc", "Required"),
    Text("Mô tả (tiếng Việt)", "Description (Vietnamese)"),
    Text("Mô tả (tiếng Anh)", "Description (English)"),
    Text("Căn cứ (tiêu chí, mục chấm điểm)", "Basis (criteria, scoring items)"),
)
_YES = Text("bắt buộc", "required")
_NO = Text("không bắt buộc", "optional")


@attrs.frozen(slots=True)
class _Column:
    header: str
    code: str
    type: str
    unit: str
    allowed: str
    required: str
    vi: str
    en: str
    basis: str
    choices: tuple[tuple[str, str], ...] | None = None  # a list for data validation: (code, label)


def _label(name: str, spec: FieldSpec, lang: Lang) -> str:
    return spec.label.get(lang) if spec.label is not None else name


def _allowed(spec: FieldSpec, lang: Lang) -> str:
    if spec.choices:
        return "; ".join(f"{code}: {text.get(lang)}" for code, text in spec.choices.items())
    if spec.type == "boolean":
        return " / ".join(_BOOLEAN)
    lo = "" if spec.min is None else str(spec.min)
    hi = "" if spec.max is None else str(spec.max)
    if lo and hi:
        return f"{lo} … {hi}"
    if lo:
        return f"≥ {lo}"
    if hi:
        return f"≤ {hi}"
    return ""


def _required(spec: FieldSpec, lang: Lang) -> str:
    if spec.required:
        return _YES.get(lang)
    out = _NO.get(lang)
    if spec.default is not None:
        out += f" ({'mặc định' if lang == 'vi' else 'default'}: {spec.default})"
    return out


def _basis(pack: Pack, subject: str, name: str, lang: Lang) -> str:
    out: list[str] = []
    for c in pack.criteria_by_subject.get(subject, ()):
        if name in c.indicators or name in c.prev_indicators:
            out.append(f"{c.id} ({c.citation.full(lang)})")
    for item in pack.items_by_subject.get(subject, ()):
        if name in item.indicators:
            out.append(f"{item.id} ({item.citation.full(lang)})")
    return "; ".join(dict.fromkeys(out))


def _field_column(pack: Pack, subject: str | None, name: str, spec: FieldSpec, lang: Lang, *, prev: bool) -> _Column:
    label = _label(name, spec, lang)
    code = f"prev.{name}" if prev else name
    if prev:
        label += " – năm trước" if lang == "vi" else " – previous year"
    choices = None
    if spec.choices:
        choices = tuple((k, v.get(lang)) for k, v in spec.choices.items())
    elif spec.type == "boolean":
        choices = tuple((b, b) for b in _BOOLEAN)
    if spec.type == "set":
        choices = None  # several codes in one cell: no single-choice list
    return _Column(
        header=f"{label} ({code})",
        code=code,
        type=_TYPES[spec.type].get(lang),
        unit=spec.unit or "",
        allowed=_allowed(spec, lang),
        required=_NO.get(lang) if prev else _required(spec, lang),
        vi=spec.description.vi,
        en=spec.description.en,
        basis="" if subject is None else _basis(pack, subject, name, lang),
        choices=choices,
    )


def _reserved_column(code: str, label: Text, about: Text, required: bool, lang: Lang) -> _Column:
    return _Column(
        header=f"{label.get(lang)} ({code})",
        code=code,
        type=_TYPES["text"].get(lang),
        unit="",
        allowed="",
        required=(_YES if required else _NO).get(lang),
        vi=about.vi,
        en=about.en,
        basis="",
    )


def _unit_columns(pack: Pack, subject: str, lang: Lang) -> list[_Column]:
    out = [_reserved_column(c, lab, about, req, lang) for c, lab, about, req in _RESERVED]
    kinds = pack.subjects[subject].kinds
    out[2] = attrs.evolve(
        out[2],
        allowed="; ".join(f"{k}: {t.get(lang)}" for k, t in kinds.items()),
        choices=tuple((k, t.get(lang)) for k, t in kinds.items()),
    )
    fields = [(n, f) for n, f in pack.indicators.items() if f.subjects is None or subject in f.subjects]
    out += [_field_column(pack, subject, n, f, lang, prev=False) for n, f in fields]
    out += [_field_column(pack, subject, n, f, lang, prev=True) for n, f in fields if f.previous_year]
    for item in pack.items_by_subject.get(subject, ()):
        hand = item.hand_scoring
        if item.method != "manual" and hand is None:
            continue
        cite = f"{item.id} ({item.citation.full(lang)})"
        points = Text(f"Điểm chấm tay {item.id}", f"Hand score {item.id}")
        reason = Text(f"Lý do chấm điểm {item.id}", f"Reason for the score {item.id}")
        top = "" if item.max.value is None else f"0 … {item.max.value}"
        if hand is not None:  # a computed item the template lets the meeting score by hand, in steps
            step, allowed_by = number_text(hand.step, lang), hand.citation.full(lang)
            top += Text(
                f" (theo bước {step}; để trống thì chấm theo quy tắc của gói — {allowed_by})",
                f" (in steps of {step}; leave empty to score by the pack's rule — {allowed_by})",
            ).get(lang)
        out.append(
            attrs.evolve(
                _reserved_column(f"score.{item.id}", points, item.title, False, lang),
                type=_TYPES["decimal"].get(lang),
                allowed=top,
                basis=cite,
            )
        )
        out.append(
            attrs.evolve(_reserved_column(f"score_reason.{item.id}", reason, item.title, False, lang), basis=cite)
        )
    out += _dependency_columns(pack, lang)
    return out


def _dependency_columns(pack: Pack, lang: Lang) -> list[_Column]:
    """For each pack this one requires: the outcome a decision already gave, and that decision. They are
    filled in when a run does not evaluate the required pack itself (e.g. last year's TT 124 for QĐ 3554)."""
    out: list[_Column] = []
    for rq in pack.requires:
        about = rq.description or Text(f"Kết quả của gói {rq.pack}", f"The outcome of pack {rq.pack}")
        basis = "" if rq.citation is None else rq.citation.full(lang)
        year = (
            Text("cùng năm đánh giá", "the same evaluation year")
            if rq.year_offset == 0
            else Text(f"năm đánh giá {rq.year_offset:+d}", f"evaluation year {rq.year_offset:+d}")
        )
        outcome = Text(f"Kết quả {rq.id} ({year.vi})", f"Outcome of {rq.id} ({year.en})")
        decision = Text(f"Quyết định {rq.id} (số, ngày)", f"Decision on {rq.id} (number, date)")
        out.append(
            attrs.evolve(
                _reserved_column(f"dep.{rq.id}.outcome", outcome, about, False, lang),
                allowed="; ".join(rq.outcomes),
                choices=tuple((o, o) for o in rq.outcomes),
                basis=basis,
            )
        )
        out.append(attrs.evolve(_reserved_column(f"dep.{rq.id}.decision", decision, about, False, lang), basis=basis))
    return out


def _event_columns(pack: Pack, lang: Lang) -> list[_Column]:
    out = [_reserved_column(c, lab, about, req, lang) for c, lab, about, req in _EVENT_RESERVED]
    types = pack.event_types
    out[2] = attrs.evolve(
        out[2],
        allowed="; ".join(f"{k}: {t.name.get(lang)}" for k, t in types.items()),
        choices=tuple((k, t.name.get(lang)) for k, t in types.items()),
    )
    out[3] = attrs.evolve(out[3], type=_TYPES["date"].get(lang))
    seen: dict[str, FieldSpec] = {}
    for et in types.values():
        for name, spec in et.fields.items():
            seen.setdefault(name, spec)
    for name, spec in seen.items():
        col = _field_column(pack, None, name, spec, lang, prev=False)
        users = [t for t, et in types.items() if name in et.fields]
        out.append(attrs.evolve(col, required=f"{col.required} ({', '.join(users)})"))
    return out


def _check(pack: Pack, subject: str, format: str, lang: str) -> None:
    problems = []
    if subject not in pack.subjects:
        known = ", ".join(pack.subjects)
        problems.append(
            Problem(
                Text(
                    f"gói {pack.ref} không có đối tượng '{subject}' (có: {known})",
                    f"the pack {pack.ref} has no subject '{subject}' (known: {known})",
                ),
                field="subject",
            )
        )
    if format not in ("xlsx", "csv"):
        problems.append(
            Problem(
                Text(
                    f"định dạng '{format}' không được hỗ trợ (xlsx, csv)", f"unsupported format '{format}' (xlsx, csv)"
                ),
                field="format",
            )
        )
    if lang not in ("vi", "en"):
        problems.append(
            Problem(
                Text(f"ngôn ngữ '{lang}' không được hỗ trợ (vi, en)", f"unsupported language '{lang}' (vi, en)"),
                field="lang",
            )
        )
    if problems:
        raise InputError(problems)


def _header_row(ws: Worksheet, columns: Sequence[_Column]) -> None:
    ws.append([c.header for c in columns])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = min(45, max(12, len(col.header) * 0.9 + 2))
    ws.freeze_panes = "A2"


def _validations(
    ws: Worksheet, columns: Sequence[_Column], lists: Worksheet, lists_used: dict[tuple[tuple[str, str], ...], str]
) -> None:
    for i, col in enumerate(columns, start=1):
        if not col.choices:
            continue
        ref = lists_used.get(col.choices)
        if ref is None:
            at = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value is not None else 1
            letter, label_letter = get_column_letter(at), get_column_letter(at + 1)
            lists.cell(row=1, column=at, value=col.code)
            lists.cell(row=1, column=at + 1, value=col.header)
            for r, (code, label) in enumerate(col.choices, start=2):
                lists.cell(row=r, column=at, value=code)
                lists.cell(row=r, column=at + 1, value=label)
            lists.column_dimensions[letter].width = 18
            lists.column_dimensions[label_letter].width = 30
            last = len(col.choices) + 1
            ref = f"{quote_sheetname(_LISTS)}!${letter}$2:${letter}${last}"
            lists_used[col.choices] = ref
        dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True)
        dv.error = "Chọn một giá trị trong danh mục / choose a value from the list"
        letter = get_column_letter(i)
        dv.add(f"{letter}2:{letter}{_LAST_ROW}")
        ws.add_data_validation(dv)


def _guide(ws: Worksheet, sheets: Sequence[tuple[str, Sequence[_Column]]], lang: Lang) -> None:
    ws.append([t.get(lang) for t in _GUIDE_HEADER])
    for name, columns in sheets:
        for c in columns:
            ws.append([name, c.header, c.code, c.type, c.unit, c.allowed, c.required, c.vi, c.en, c.basis])
    widths = (12, 40, 28, 18, 12, 40, 18, 60, 60, 50)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
        ws.cell(row=1, column=i).font = Font(bold=True)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def write_template(
    pack: Pack,
    subject: str,
    path_or_stream: str | Path | IO[bytes],
    format: Literal["xlsx", "csv"] = "xlsx",
    lang: Lang = "vi",
) -> None:
    """Write a template to fill in for ``subject`` of ``pack`` (see the module docstring).

    CSV: the subject's header row only, UTF-8 with BOM (Excel then shows Vietnamese correctly).
    Raises :class:`~antq_rules.errors.InputError` for an unknown subject, format or language.
    """
    _check(pack, subject, format, lang)
    columns = _unit_columns(pack, subject, lang)
    if format == "csv":
        text = io.StringIO()
        csv.writer(text, lineterminator="\r\n").writerow([c.header for c in columns])
        data = text.getvalue().encode("utf-8-sig")
        if isinstance(path_or_stream, (str, Path)):
            Path(path_or_stream).write_bytes(data)
        else:
            path_or_stream.write(data)
        return
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = subject
    _header_row(ws, columns)
    sheets: list[tuple[str, Sequence[_Column]]] = [(subject, columns)]
    event_ws = None
    events: list[_Column] = []
    if pack.event_types:
        events = _event_columns(pack, lang)
        event_ws = wb.create_sheet("events")
        _header_row(event_ws, events)
        sheets.append(("events", events))
    lists = wb.create_sheet(_LISTS)
    used: dict[tuple[tuple[str, str], ...], str] = {}
    _validations(ws, columns, lists, used)
    if event_ws is not None:
        _validations(event_ws, events, lists, used)
    for i in range(1, lists.max_column + 1):
        lists.cell(row=1, column=i).font = Font(bold=True)
    _guide(wb.create_sheet(_GUIDE), sheets, lang)
    wb.save(path_or_stream if not isinstance(path_or_stream, Path) else str(path_or_stream))
