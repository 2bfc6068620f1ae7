"""The words of the population outputs (column headers, summary labels), in Vietnamese and English."""

from __future__ import annotations

from antq_rules._text import Text

__all__ = [
    "COLUMN_LABELS",
    "INCOMPLETE",
    "NO_COMMUNE",
    "OUTCOME_NAMES",
    "OVERALL",
    "PACK_COLUMN_LABELS",
    "ROLLUP_LABEL",
    "SUMMARY",
]

# -- result rows: fixed columns ---------------------------------------------------------------------
COLUMN_LABELS: dict[str, Text] = {
    "row": Text("STT", "No."),
    "source": Text("Nguồn (tệp[trang]:dòng)", "Source (file[sheet]:row)"),
    "id": Text("Mã đơn vị", "Unit ID"),
    "name": Text("Tên đơn vị", "Unit name"),
    "subject": Text("Đối tượng", "Subject"),
    "kind": Text("Loại đơn vị", "Unit kind"),
    "member_of": Text("Thuộc đơn vị (xã)", "Member of (commune)"),
    "illustrative": Text("Ví dụ minh hoạ (không phải luật)", "Illustrative (not law)"),
    "rollup_undetermined": Text("Số liệu tổng hợp chưa xác định", "Roll-up counts undetermined"),
    "error": Text("Lỗi", "Errors"),
    "error_fields": Text("Trường có lỗi", "Fields with errors"),
}

# -- result rows: per pack of the run (header: "<pack id> · <label>") -----------------------------------
PACK_COLUMN_LABELS: dict[str, Text] = {
    "outcome": Text("Kết quả (mã)", "Outcome (code)"),
    "outcome_label": Text("Kết quả", "Outcome"),
    "year": Text("Năm đánh giá", "Evaluation year"),
    "failing": Text("Tiêu chí không đạt", "Criteria not met"),
    "undetermined": Text("Tiêu chí chưa xác định", "Criteria undetermined"),
    "score": Text("Tổng điểm", "Total points"),
    "level": Text("Mức xếp loại", "Level"),
    "missing_slots": Text("Giá trị chưa biết còn thiếu", "Missing unknown values (slots)"),
}
ROLLUP_LABEL = Text("Tổng hợp từ đơn vị thành viên", "Rolled up from member units")

INCOMPLETE = "incomplete"

# -- summary --------------------------------------------------------------------------------------
SUMMARY: dict[str, Text] = {
    "title": Text("Tổng hợp kết quả", "Summary of results"),
    "plan_status": Text("chỉ tiêu", "target"),
    "plan_measure": Text("kết quả đo", "measured"),
    "commune": Text("Xã / đơn vị tổng hợp", "Commune / aggregating unit"),
    "pack": Text("Gói tiêu chí", "Criteria pack"),
    "subject": Text("Đối tượng", "Subject"),
    "units": Text("Số đơn vị", "Units"),
    "errors": Text("Dòng lỗi", "Rows with errors"),
    "rows": Text("Tổng số dòng", "Rows"),
    "evaluated": Text("Được đánh giá", "Evaluated"),
    "in_scope": Text("Thuộc phạm vi", "In scope"),
    "determined": Text("Đã có kết luận", "With a determined outcome"),
    "incomplete": Text("Chưa xếp loại được (thiếu giá trị chưa biết)", "Not classifiable (unknown values missing)"),
    "share_determined": Text(
        "Tỷ lệ đạt / số đã có kết luận",
        "Pass share among units with a determined outcome",
    ),
    "share_in_scope": Text(
        "Tỷ lệ đạt / số thuộc phạm vi",
        "Pass share among all in-scope units",
    ),
    "share_note": Text(
        "Tỷ lệ đạt tính chính xác (phân số): “/ số đã có kết luận” chia cho số đơn vị đạt hoặc chưa đạt; "
        "“/ số thuộc phạm vi” chia cho mọi đơn vị thuộc phạm vi của gói (kể cả chưa xác định). "
        "Dòng lỗi không nằm trong mẫu số nào.",
        "Pass shares are exact fractions: “among determined” divides by the units that passed or failed; "
        "“among in scope” divides by every unit in the pack's scope (undetermined included). "
        "Rows with errors are in neither denominator.",
    ),
    "level": Text("Mức", "Level"),
    "outcome": Text("Kết quả", "Outcome"),
    "count": Text("Số lượng", "Count"),
    "none": Text("—", "—"),
}
OUTCOME_NAMES: dict[str, Text] = {
    "pass": Text("Đạt", "Pass"),
    "fail": Text("Chưa đạt", "Fail"),
    "incomplete": Text("Chưa đủ căn cứ", "Incomplete"),
    "undetermined": Text("Chưa xác định", "Undetermined"),
    "not_applicable": Text("Không thuộc phạm vi", "Not applicable"),
}
NO_COMMUNE = Text("(không thuộc xã nào)", "(no commune)")
OVERALL = Text("Toàn bộ", "Overall")
