"""Every message the readers and templates give, in Vietnamese and English."""

from __future__ import annotations

from collections.abc import Sequence

from antq_rules._text import Text
from antq_rules.errors import column_letter
from antq_rules.tables._limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_LINE_BYTES

__all__ = [
    "ambiguous_header",
    "blank_header_value",
    "cell_not_text",
    "cell_too_long",
    "chart_sheet",
    "csv_malformed",
    "damaged",
    "document_problem",
    "duplicate_column",
    "empty_file",
    "event_no_unit",
    "event_orphan",
    "file_too_large",
    "formula_no_value",
    "header_cell_too_long",
    "header_merged",
    "hidden_sheet",
    "ignored_sheet",
    "json_line_too_long",
    "merged_cell",
    "missing_column",
    "no_data_sheet",
    "no_parquet",
    "no_subject",
    "no_unit_id",
    "not_a_file",
    "not_utf8",
    "not_workbook",
    "row_no_subject",
    "too_many_columns",
    "unknown_column",
    "unsupported_format",
]

_FORMATS = ".csv, .xlsx, .xlsm, .jsonl, .yaml, .yml, .json, .parquet"


def _list(names: Sequence[str]) -> str:
    return ", ".join(names)


def damaged(reason: str) -> Text:
    """A file the reader could open but not read (damaged, or not of its format); the reader's words."""
    return Text(
        f"không đọc được tệp (hỏng hoặc không đúng định dạng): {reason}",
        f"cannot read the file (damaged or not of its format): {reason}",
    )


def not_a_file() -> Text:
    return Text("không đọc được tệp: không phải tệp thường", "cannot read the file: not a regular file")


def file_too_large(size: int) -> Text:
    return Text(
        f"tệp lớn {size} byte, vượt giới hạn {MAX_FILE_BYTES} byte (200 MB); hãy chia thành nhiều tệp",
        f"the file is {size} bytes, over the limit of {MAX_FILE_BYTES} bytes (200 MB); split it into several files",
    )


def unsupported_format(suffix: str) -> Text:
    return Text(
        f"không đọc được định dạng '{suffix or '(không có đuôi)'}' (nhận: {_FORMATS})",
        f"unsupported format '{suffix or '(no suffix)'}' (accepted: {_FORMATS})",
    )


def not_utf8(offset: int, reason: str) -> Text:
    return Text(
        f"tệp không phải UTF-8: byte không hợp lệ ở vị trí {offset} (tính từ 0; {reason}); "
        "hãy lưu lại tệp với mã hoá UTF-8 (Excel: “CSV UTF-8”)",
        f"the file is not UTF-8: invalid byte at offset {offset} (from 0; {reason}); "
        "save it again as UTF-8 (Excel: “CSV UTF-8”)",
    )


def csv_malformed(reason: str) -> Text:
    return Text(f"tệp CSV hỏng: {reason}", f"malformed CSV: {reason}")


def empty_file() -> Text:
    return Text("tệp rỗng: không có dòng tiêu đề", "the file is empty: there is no header row")


def not_workbook(reason: str) -> Text:
    return Text(
        f"tệp không phải sổ tính Excel (.xlsx/.xlsm) đọc được: {reason}",
        f"the file is not a readable Excel workbook (.xlsx/.xlsm): {reason}",
    )


def no_parquet() -> Text:
    return Text(
        'đọc tệp Parquet cần gói pyarrow: pip install "antq-rules[parquet]"',
        'reading Parquet files needs pyarrow: pip install "antq-rules[parquet]"',
    )


def too_many_columns(count: int) -> Text:
    return Text(
        f"dòng tiêu đề có {count} cột, vượt giới hạn {MAX_COLUMNS}",
        f"the header row has {count} columns, over the limit of {MAX_COLUMNS}",
    )


def missing_column(names: Sequence[str]) -> Text:
    return Text(
        f"thiếu cột bắt buộc: {_list(names)} (dòng tiêu đề là dòng 1)",
        f"a required column is missing: {_list(names)} (the header is row 1)",
    )


def duplicate_column(path: str, first_col: int, first_header: str) -> Text:
    return Text(
        f"cột này ghi cùng trường '{path}' với cột {column_letter(first_col)} ('{first_header}'); "
        "mỗi trường chỉ được một cột",
        f"this column names the same field '{path}' as column {column_letter(first_col)} ('{first_header}'); "
        "each field takes one column",
    )


def ambiguous_header(header: str, paths: Sequence[str]) -> Text:
    return Text(
        f"tiêu đề '{header}' có thể là nhiều trường ({_list(paths)}); hãy ghi mã của trường",
        f"the header '{header}' could name several fields ({_list(paths)}); write the field's code",
    )


def header_cell_too_long() -> Text:
    return Text(
        f"ô tiêu đề dài quá {MAX_CELL_CHARS} ký tự", f"the header cell is longer than {MAX_CELL_CHARS} characters"
    )


def header_merged(ref: str) -> Text:
    return Text(
        f"dòng tiêu đề có ô gộp ({ref}); hãy bỏ gộp để mỗi cột có một tiêu đề",
        f"the header row has merged cells ({ref}); unmerge them so that each column has its own header",
    )


def no_subject(name: str, subjects: Sequence[str]) -> Text:
    return Text(
        f"không xác định được đối tượng của '{name}': đặt tên trang tính (hoặc tệp) theo đối tượng "
        f"({_list(subjects)}), thêm cột 'subject' (Đối tượng), hoặc chỉ rõ đối tượng khi đọc (subject=)",
        f"cannot tell the subject of '{name}': name the sheet (or file) after a subject "
        f"({_list(subjects)}), add a 'subject' column, or give the subject when reading (subject=)",
    )


def no_data_sheet(sheets: Sequence[str]) -> Text:
    return Text(
        f"sổ tính không có trang nào là đối tượng hay sự kiện (các trang: {_list(sheets)})",
        f"the workbook has no subject or events sheet (sheets: {_list(sheets)})",
    )


def unknown_column(header: str, suggestions: Sequence[str]) -> Text:
    vi = f"cột '{header}' không ứng với trường nào của các gói: đã bỏ qua"
    en = f"the column '{header}' names no field of the packs: ignored"
    if suggestions:
        vi += f". Có phải là: {_list(suggestions)}?"
        en += f". Did you mean: {_list(suggestions)}?"
    return Text(vi, en)


def hidden_sheet() -> Text:
    return Text("trang tính đang bị ẩn; vẫn được đọc", "the sheet is hidden; it was read all the same")


def ignored_sheet(subjects: Sequence[str]) -> Text:
    return Text(
        "trang tính không phải đối tượng hay sự kiện (không có cột 'id' và tên không phải đối tượng): "
        f"đã bỏ qua. Tên đối tượng: {_list(subjects)}; trang sự kiện: 'events' hoặc 'Sự kiện'",
        "the sheet is neither a subject nor an events sheet (no 'id' column, and its name is no subject): "
        f"skipped. Subjects: {_list(subjects)}; events sheet: 'events' or 'Sự kiện'",
    )


def chart_sheet() -> Text:
    return Text("trang biểu đồ không chứa dữ liệu: đã bỏ qua", "a chart sheet holds no data: skipped")


def formula_no_value() -> Text:
    return Text(
        "ô công thức chưa có giá trị tính sẵn (tệp chưa được tính lại); hãy mở và lưu tệp bằng Excel, "
        "hoặc nhập giá trị",
        "formula cell has no computed value; open and save the file in Excel, or type the value",
    )


def merged_cell(ref: str) -> Text:
    return Text(
        f"dòng nằm trong vùng ô gộp {ref}; hãy bỏ gộp và ghi giá trị cho từng dòng",
        f"the row lies in the merged range {ref}; unmerge it and write the value on every row",
    )


def cell_too_long(length: int) -> Text:
    return Text(
        f"ô dài {length} ký tự, vượt giới hạn {MAX_CELL_CHARS}; giá trị không được dùng",
        f"the cell holds {length} characters, over the limit of {MAX_CELL_CHARS}; the value is not used",
    )


def cell_not_text(value: object) -> Text:
    return Text(
        f"cần một mã hoặc tên (văn bản), nhận được {value!r}",
        f"expected a code or name (text), got {value!r}",
    )


def blank_header_value() -> Text:
    return Text(
        "ô có giá trị nhưng cột không có tiêu đề; hãy ghi tiêu đề cho cột hoặc xoá giá trị",
        "the cell has a value but its column has no header; name the column or clear the cell",
    )


def no_unit_id() -> Text:
    return Text("dòng không có mã đơn vị (cột id)", "the row has no unit id (column id)")


def row_no_subject(subjects: Sequence[str]) -> Text:
    return Text(
        f"dòng không có đối tượng: ghi cột 'subject' ({_list(subjects)})",
        f"the row has no subject: fill the 'subject' column ({_list(subjects)})",
    )


def event_no_unit() -> Text:
    return Text("dòng sự kiện không có mã đơn vị (cột unit_id)", "the event row has no unit id (column unit_id)")


def event_orphan(unit_id: str) -> Text:
    return Text(
        f"sự kiện của đơn vị '{unit_id}', nhưng không có dòng nào của đơn vị này trong dữ liệu",
        f"the event belongs to unit '{unit_id}', but no row of that unit is in the data",
    )


def json_line_too_long() -> Text:
    return Text(f"dòng dài quá {MAX_LINE_BYTES} byte", f"the line is longer than {MAX_LINE_BYTES} bytes")


def document_problem(vi: str, en: str) -> Text:
    return Text(vi, en)
