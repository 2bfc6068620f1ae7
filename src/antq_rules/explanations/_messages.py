"""The engine's own words, in Vietnamese and English (criteria texts come from the packs)."""

from __future__ import annotations

from antq_rules._text import Text

STATUS = {
    "met": Text("ĐẠT", "MET"),
    "not_met": Text("KHÔNG ĐẠT", "NOT MET"),
    "not_applicable": Text("KHÔNG ÁP DỤNG", "NOT APPLICABLE"),
    "undetermined": Text("CHƯA XÁC ĐỊNH", "UNDETERMINED"),
}
STATUS_MARK = {"met": "✓", "not_met": "✗", "not_applicable": "–", "undetermined": "?"}
OUTCOME_MARK = {
    "pass": "✓",
    "fail": "✗",
    "not_applicable": "–",
    "undetermined": "?",
    "incomplete": "…",
    "not_eligible": "✗",
}

PROVENANCE = {
    "confirmed": Text("văn bản đã xác nhận", "confirmed text"),
    "secondary": Text("nguồn thứ cấp", "secondary source"),
    "interpretation": Text("diễn giải", "interpretation"),
    "illustrative": Text("giá trị minh hoạ", "illustrative value"),
    "unknown": Text("chưa biết", "unknown"),
}
EVENT_STATUS = {
    "counted": Text("được tính", "counted"),
    "excused": Text("được loại trừ", "excused"),
    "undetermined": Text("chưa xác định", "undetermined"),
}
SOURCE = {
    "input": Text("đầu vào", "input"),
    "default": Text("mặc định của gói", "pack default"),
    "previous_year": Text("năm trước", "previous year"),
    "missing": Text("THIẾU", "MISSING"),
}

HEADER = Text("Kết quả", "Result")
UNIT = Text("Đơn vị", "Unit")
YEAR = Text("Năm đánh giá", "Evaluation year")
WINDOW = Text("Mốc thời gian đánh giá", "Evaluation period")
PACK = Text("Gói tiêu chí", "Criteria pack")
BASIS = Text("Căn cứ kết luận", "Basis of the outcome")
OBSERVED = Text("Giá trị quan sát", "Observed")
THRESHOLD = Text("Ngưỡng/giá trị pháp lý", "Threshold / legal value")
CHECK = Text("Kiểm tra", "Check")
EVENTS = Text("Vụ việc", "Incident")
MISSING = Text("Thiếu dữ liệu", "Missing data")
UNDEFINED = Text("Không xác định được (chia cho 0)", "Undefined (division by zero)")
REASON = Text("Lý do", "Reason")
REUSED = Text("áp dụng tiêu chí", "applies criterion")
PARAMETERS = Text("Tham số diễn giải đã dùng", "Interpretation parameters used")
DEFAULT = Text("mặc định", "default")
CHOSEN = Text("do bên gọi chọn", "chosen by the caller")
EXCLUDED = Text("Ngoài phạm vi áp dụng", "Out of scope")
SCOPE_KEPT = Text("Thuộc phạm vi theo cách hiểu", "In scope under a reading")
SCOPE_UNDECIDED = Text(
    "Chưa xác định được phạm vi áp dụng, thiếu",
    "Scope cannot be decided, missing",
)
SUMMARY = Text(
    "{met} đạt, {not_met} không đạt, {not_applicable} không áp dụng, {undetermined} chưa xác định",
    "{met} met, {not_met} not met, {not_applicable} not applicable, {undetermined} undetermined",
)
TRUE = Text("đúng", "true")
FALSE = Text("sai", "false")
UNKNOWN = Text("chưa biết", "unknown")
ORIGIN = {"national": Text("quốc gia", "national"), "provincial": Text("địa phương", "provincial")}

SLOT = Text("CHƯA BIẾT (chưa có văn bản)", "NOT KNOWN (no official text)")
REPLACES = Text("thay cho giá trị quốc gia", "replacing the national value")
SCORE = Text("Chấm điểm", "Scoring")
TOTAL = Text("Tổng điểm", "Total")
PARTIAL = Text("mới tính được một phần", "partial")
CAPPED = Text("đã giới hạn trong thang điểm", "kept within the scale")
CONDITION = Text("Điều kiện", "Condition")
CAP = Text("Giới hạn mức", "Cap")
BAND = Text("Mức theo điểm → mức sau điều kiện", "Level by points → level after conditions")
LEVEL = Text("Xếp loại", "Level")
SLOTS = Text("Giá trị chưa biết", "Unknown values")
MISSING_SLOTS = Text(
    "Chưa xếp loại được: thiếu các giá trị sau (cần văn bản chính thức hoặc gói địa phương)",
    "No level: these values are missing (they need the official text or a province pack)",
)
ITEM_STATUS = {
    "scored": Text("đã chấm", "scored"),
    "undetermined": Text("chưa xác định", "undetermined"),
    "incomplete": Text("chưa biết", "not known"),
}
DEPENDENCIES = Text("Phụ thuộc (kết quả của gói khác)", "Dependencies (outcomes of other packs)")
DEP_SOURCE = {
    "supplied": Text("do bên gọi cung cấp", "supplied by the caller"),
    "evaluated": Text("đánh giá từ dữ liệu", "evaluated from inputs"),
    "missing": Text("THIẾU", "MISSING"),
}
RESTS_ON = Text("Kết quả dựa trên các giá trị", "The outcome rests on values that are")
ILLUSTRATIVE_BANNER = Text(
    "KẾT QUẢ MINH HOẠ — tính bằng giá trị minh hoạ, không phải quy định pháp luật",
    "ILLUSTRATIVE RESULT — computed with illustrative values, not law",
)
ILLUSTRATIVE_SHORT = Text("minh hoạ", "illustrative")
EXTENDS = Text("mở rộng gói", "extends")
OUTSIDE_EVENTS = Text(
    "Sự kiện ngoài kỳ đánh giá — không tính",
    "Events outside the evaluation period — not counted",
)
OUTSIDE_NOTE = Text("ngoài kỳ đánh giá — không tính", "outside the evaluation period — not counted")
CHECK_MARK = {True: "✓", False: "✗", None: "?"}
PARAMETER = Text("Tham số", "Parameter")
EVENTS_LIST = Text("danh sách sự kiện (vụ việc)", "the events list")
EVENT_POINT = Text("điểm {point}, danh sách {list}", "point {point}, list {list}")
PACK_WORD = Text("gói", "pack")
