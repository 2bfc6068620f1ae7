"""The command line's own words, in Vietnamese (default) and English."""

from __future__ import annotations

from antq_rules._text import Text

# -- help texts -----------------------------------------------------------------------------------
DESCRIPTION = Text(
    "Đánh giá đơn vị theo các gói tiêu chí pháp lý (phong trào toàn dân bảo vệ an ninh Tổ quốc),\n"
    "kèm giải thích dẫn chiếu điều, khoản, điểm của văn bản.",
    "Evaluate units against legal criteria packs (all-people national-security movement),\n"
    "with explanations that cite the article, clause and point of the law.",
)
EPILOG = Text(
    "Mã thoát: 0 thành công (kể cả khi đơn vị không đạt), 1 gói hoặc dữ liệu đầu vào không hợp lệ,\n"
    "2 dùng lệnh sai, 3 có đơn vị có kết luận nêu trong --fail-on, 70 lỗi nội bộ.\n"
    "Với --format json, lỗi là một đối tượng JSON trên stderr. 'antq-rules help LỆNH' in hướng dẫn của lệnh.",
    "Exit codes: 0 success (also when the unit does not pass), 1 invalid pack or input,\n"
    "2 usage error, 3 a unit's outcome is one --fail-on names, 70 internal error.\n"
    "With --format json, an error is one JSON object on stderr. 'antq-rules help COMMAND' shows a command's help.",
)
H_HELP = Text("in hướng dẫn (của chương trình hoặc của một lệnh)", "show the help (of the program or of a command)")
H_HELP_TOPIC = Text("lệnh cần xem hướng dẫn", "the command to show the help of")
UNKNOWN_COMMAND = Text("không có lệnh '{name}' (có: {known})", "no command '{name}' (known: {known})")
RENAMED = Text(
    "tuỳ chọn {old} của lệnh này đã đổi tên thành {new} ({old} là phiên bản của chương trình)",
    "this command's option {old} was renamed {new} ({old} is the program's version)",
)
H_LANG = Text("ngôn ngữ hiển thị: vi (mặc định) hoặc en", "display language: vi (default) or en")
H_VERSION = Text("hiện phiên bản rồi thoát", "show the version and exit")
H_PACK_FILE = Text(
    "thêm một tệp gói tiêu chí (có thể lặp lại; ghi đè gói có sẵn cùng id@phiên bản)",
    "add a criteria pack file (repeatable; replaces a shipped pack with the same id@version)",
)
COMMANDS = Text("lệnh", "commands")
COMMAND_METAVAR = Text("LỆNH", "COMMAND")
H_PACKS = Text("liệt kê các gói tiêu chí có sẵn", "list the available criteria packs")
H_SHOW = Text("xem nội dung một gói tiêu chí", "show what a criteria pack contains")
H_SHOW_PACK = Text("mã gói, ví dụ vn.bca.tt124", "pack id, e.g. vn.bca.tt124")
H_SHOW_VERSION = Text("phiên bản của gói (mặc định: mới nhất)", "pack version (default: newest)")
H_SHOW_SUBJECT = Text("chỉ hiện một đối tượng (ví dụ kdc)", "show only one subject (e.g. kdc)")
H_EVALUATE = Text(
    "đánh giá đơn vị từ tệp dữ liệu đầu vào (một hoặc nhiều tệp)", "evaluate units from input files (one or more)"
)
H_EXPLAIN = Text(
    "đánh giá đơn vị và in giải thích đầy đủ",
    "evaluate units and print the full explanation",
)
H_INPUT = Text(
    "tệp dữ liệu đầu vào của đơn vị (YAML hoặc JSON), mỗi tệp một đơn vị; '-' là đầu vào chuẩn",
    "a unit's input file (YAML or JSON), one unit per file; '-' is standard input",
)
H_FORMAT_EXPLAIN = Text(
    "định dạng: text (giải thích, mặc định) hoặc json (kết quả kèm lời giải thích)",
    "output format: text (the explanation, default) or json (the result with its explanation)",
)
H_FAIL_ON = Text(
    "mã thoát 3 khi có đơn vị: not_met — chưa đạt (fail, not_eligible); undetermined — chưa đạt hoặc chưa "
    "xác định, chưa đủ căn cứ (undetermined, incomplete)",
    "exit with code 3 when a unit: not_met — fails (fail, not_eligible); undetermined — fails or is "
    "undetermined or incomplete (undetermined, incomplete)",
)
H_FORMAT_SHOW = Text("định dạng: text (mặc định) hoặc json", "output format: text (default) or json")
H_FORMAT_CHECK = Text(
    "định dạng: text (mặc định) hoặc json (báo cáo antq-rules/check-report/v1)",
    "output format: text (default) or json (an antq-rules/check-report/v1 report)",
)
H_CALENDAR_SUBJECT = Text(
    "chỉ một đối tượng (ví dụ kdc); không nêu thì mọi đối tượng của gói",
    "only one subject (e.g. kdc); without it, every subject of the pack",
)
H_PACK = Text(
    "mã gói (hoặc mã@phiên bản) khi tệp đầu vào không ghi gói",
    "pack id (or id@version) when the input file names no pack",
)
H_FORMAT = Text(
    "định dạng kết quả: table (bảng, mặc định), json (nhiều tệp: JSON Lines), text (giải thích đầy đủ), html",
    "output format: table (default), json (several files: JSON Lines), text (full explanation), html",
)
H_PARAM = Text(
    "chọn tham số diễn giải TÊN=GIÁ_TRỊ (có thể lặp lại; tham số tập hợp: a,b,c)",
    "choose an interpretation parameter NAME=VALUE (repeatable; set parameters: a,b,c)",
)
PARAM_METAVAR = Text("TÊN=GIÁ_TRỊ", "NAME=VALUE")
H_CHECK = Text("kiểm tra các tệp gói tiêu chí", "check criteria pack files")
H_CHECK_FILES = Text("tệp gói tiêu chí (YAML)", "criteria pack file (YAML)")
BAD_PARAM = Text("cần dạng TÊN=GIÁ_TRỊ, nhận được {value!r}", "expected NAME=VALUE, got {value!r}")

# -- errors ---------------------------------------------------------------------------------------
ERROR = Text("Lỗi", "Error")
NO_PACK = Text(
    "tệp đầu vào không ghi gói tiêu chí (trường 'pack'); hãy dùng --pack MÃ_GÓI",
    "the input file names no criteria pack (field 'pack'); use --pack PACK_ID",
)
PACK_CONFLICT = Text(
    "tệp đầu vào ghi gói '{doc}' nhưng --pack chọn '{cli}'",
    "the input file names pack '{doc}' but --pack chooses '{cli}'",
)
UNKNOWN_PARAM = Text("tham số không biết '{name}' (có: {known})", "unknown parameter '{name}' (known: {known})")
BAD_PARAM_VALUE = Text(
    "giá trị {value} không được phép (có: {choices})",
    "value {value} is not allowed (choices: {choices})",
)
UNKNOWN_SUBJECT = Text(
    "gói {pack} không có đối tượng '{subject}' (có: {known})",
    "pack {pack} has no subject '{subject}' (known: {known})",
)
INTERRUPTED = Text("Đã dừng.", "Interrupted.")

# -- packs ----------------------------------------------------------------------------------------
PACKS_HEAD = Text("Gói tiêu chí ({n}):", "Criteria packs ({n}):")
NO_PACKS = Text("Không có gói tiêu chí nào.", "No criteria packs.")
COL_ID = Text("Mã", "ID")
COL_VERSION = Text("Phiên bản", "Version")
COL_EFFECTIVE = Text("Hiệu lực", "In force")
COL_INSTRUMENT = Text("Văn bản", "Instrument")
COL_HASH = Text("Mã băm", "Hash")
COL_TITLE = Text("Tên", "Title")
FROM = Text("từ {d}", "from {d}")
SPAN = Text("{a} – {b}", "{a} – {b}")

# -- show -----------------------------------------------------------------------------------------
INSTRUMENT = Text("Văn bản", "Instrument")
ISSUED = Text("ban hành {d}", "issued {d}")
PACK_IN_FORCE = Text("Hiệu lực của gói", "Pack in force")
CONTENT_HASH = Text("Mã băm nội dung", "Content hash")
PACK_FILE = Text("Tệp", "File")
OUTCOME_RULE = Text("Kết luận", "Outcome")
OUTCOME_ALL = Text(
    "{pass_} khi mọi tiêu chí áp dụng đều đạt; {fail} khi có tiêu chí không đạt",
    "{pass_} when every applicable criterion is met; {fail} when any is not met",
)
EXTRA_CRITERIA = Text("Tiêu chí bổ sung", "Extra criteria")
SUBJECTS = Text("Đối tượng ({n}):", "Subjects ({n}):")
COL_NAME = Text("Tên", "Name")
COL_WINDOW = Text("Mốc đánh giá", "Evaluation window")
COL_CITATION = Text("Căn cứ", "Citation")
KINDS = Text("Loại đơn vị ({n}):", "Unit kinds ({n}):")
COL_SUBJECT = Text("Đối tượng", "Subject")
COL_KIND = Text("Loại", "Kind")
EXCLUSIONS = Text("Loại trừ khỏi phạm vi ({n}):", "Exclusions from scope ({n}):")
COL_WHEN = Text("Khi", "When")
COL_REASON = Text("Lý do", "Reason")
NONE = Text("(không có)", "(none)")
VALUES = Text("Giá trị pháp lý ({n}):", "Legal values ({n}):")
COL_VALUE = Text("Giá trị", "Value")
COL_PROVENANCE = Text("Nguồn gốc", "Provenance")
PARAMETERS = Text("Tham số diễn giải ({n}):", "Interpretation parameters ({n}):")
COL_PARAM = Text("Tham số", "Parameter")
COL_TYPE = Text("Kiểu", "Type")
COL_DEFAULT = Text("Mặc định", "Default")
COL_CHOICES = Text("Lựa chọn", "Choices")
CRITERIA = Text("Tiêu chí ({n}):", "Criteria ({n}):")
APPLIES_WHEN = Text("Áp dụng khi", "Applies when")
OTHERWISE = Text("nếu không", "otherwise")
CHECK = Text("Kiểm tra", "Check")
SAME_CHECK_AS = Text("dùng chung kiểm tra của {id}", "same check as {id}")
PROVENANCE = Text("Nguồn gốc", "Provenance")
SUBJECTS_OF = Text("Đối tượng", "Subjects")

# -- evaluate -------------------------------------------------------------------------------------
COL_STATUS = Text("", "")
COL_CRITERION = Text("Tiêu chí", "Criterion")
COL_SUMMARY = Text("Quan sát / ngưỡng", "Observed / threshold")
MISSING = Text("thiếu: {names}", "missing: {names}")
UNDEFINED = Text("không xác định được (chia cho 0): {names}", "undefined (division by zero): {names}")
EVENTS_COUNTED = Text("sự kiện:", "events:")
MORE = Text("(+{n})", "(+{n})")
LEGEND = Text(
    "✓ đạt · ✗ không đạt · – không áp dụng · ? chưa xác định",
    "✓ met · ✗ not met · – not applicable · ? undetermined",
)
CHOSEN_PARAMS = Text("Tham số do bên gọi chọn", "Parameters chosen by the caller")
CHECK_OK = Text("OK {ref} ({n} tiêu chí)", "OK {ref} ({n} criteria)")

H_CALENDAR = Text(
    "lịch trong năm của một gói cho từng đối tượng: mốc đánh giá, đăng ký, thời hạn",
    "a pack's yearly calendar for each subject: evaluation window, registration, deadlines",
)
H_YEAR = Text("năm đánh giá", "evaluation year")
BEFORE = Text("trước", "before")
COL_KIND = Text("Loại", "Kind")
COL_DATE = Text("Ngày", "Date")
COL_NAME = Text("Nội dung", "What")
COL_PROVENANCE = Text("Nguồn gốc", "Provenance")
DEADLINE_KINDS = {
    "registration": Text("đăng ký", "registration"),
    "selection": Text("lựa chọn", "selection"),
    "decision": Text("quyết định", "decision"),
    "report": Text("báo cáo", "report"),
    "other": Text("khác", "other"),
}
NOT_KNOWN = Text("chưa biết", "not known")
COL_SUBJECTS = Text("Đối tượng", "Subjects")
COL_MAX = Text("Tối đa", "Max")
COL_MIN = Text("Từ", "From")
COL_METHOD = Text("Cách chấm", "Method")
COL_CONDITIONS = Text("Điều kiện", "Conditions")
COL_PACK = Text("Gói", "Pack")
COL_YEAR_OFFSET = Text("Lệch năm", "Year offset")
COL_OUTCOMES = Text("Kết quả", "Outcomes")
SCORING = Text("Mục chấm điểm ({n}; tổng {total}):", "Scoring items ({n}; total {total}):")
LEVELS = Text("Mức xếp loại ({n}, từ thấp đến cao):", "Levels ({n}, lowest first):")
REQUIRES = Text("Phụ thuộc gói khác ({n}):", "Requirements on other packs ({n}):")
SLOTS_HEAD = Text(
    "Giá trị chưa biết — chờ văn bản chính thức hoặc gói địa phương ({n}):",
    "Values not known yet — awaiting the official text or a province pack ({n}):",
)
CHECK_SCORED = Text(
    "; {items} mục chấm điểm, {levels} mức, {slots} giá trị chưa biết",
    "; {items} scoring items, {levels} levels, {slots} unknown values",
)
H_FORMAT_CALENDAR = Text("định dạng: table (bảng, mặc định), json", "output format: table (default), json")

# -- batch / template -----------------------------------------------------------------------------
H_BATCH = Text(
    "đánh giá cả một tập đơn vị từ bảng tính (XLSX, CSV, …) và tổng hợp theo xã",
    "evaluate a whole population of units from spreadsheets (XLSX, CSV, …) and summarise per commune",
)
BATCH_EPILOG = Text(
    "Mã thoát: 0 đã chạy xong (kể cả khi có đơn vị chưa đạt hay dòng lỗi), 1 có dòng lỗi và dùng --strict,\n"
    "2 không đọc được tệp, lỗi cả tệp, gói không biết hoặc dùng lệnh sai.",
    "Exit codes: 0 the run completed (also when units fail or rows have errors), 1 rows had errors and\n"
    "--strict was given, 2 unreadable files, whole-file errors, an unknown pack or a usage error.",
)
H_BATCH_INPUT = Text(
    "tệp dữ liệu: XLSX, CSV, Parquet, JSONL hoặc YAML (có thể nêu nhiều tệp)",
    "input files: XLSX, CSV, Parquet, JSONL or YAML (several may be given)",
)
H_BATCH_PACK = Text(
    "gói tiêu chí: mã có sẵn (vn.bca.tt124, vn.vd.tinh_mau.qd510, …, có thể kèm @phiên bản) hoặc đường dẫn\n"
    "tệp gói; lặp lại để chạy chuỗi gói (ví dụ --pack vn.bca.tt124 --pack vn.bca.qd510)",
    "criteria pack: a shipped id (vn.bca.tt124, vn.vd.tinh_mau.qd510, …, optionally @version) or a pack\n"
    "file path; repeat to run a chain (e.g. --pack vn.bca.tt124 --pack vn.bca.qd510)",
)
H_BATCH_OUT = Text(
    "ghi kết quả từng đơn vị vào tệp .xlsx, .csv hoặc .jsonl (ghi dần trong lúc chạy)",
    "write each unit's results to a .xlsx, .csv or .jsonl file (written as the run streams)",
)
H_BATCH_DETAIL = Text(
    "dạng kết quả trong tệp .jsonl: compact (gọn, mặc định; đọc lại đầy đủ với gói) hoặc full (đầy đủ)",
    "the form of the results in a .jsonl file: compact (the default; read back in full with the pack) or full",
)
H_BATCH_SUMMARY = Text(
    "ghi bảng tổng hợp theo xã vào tệp .csv hoặc .xlsx",
    "write the per-commune summary to a .csv or .xlsx file",
)
H_BATCH_STRICT = Text("trả mã thoát 1 nếu có dòng lỗi", "exit with code 1 when any row has an error")
REPORT_NOT_HTML = Text("tệp báo cáo phải có đuôi .html: {path}", "the report file name must end in .html: {path}")
WROTE_REPORT = Text("Đã ghi báo cáo HTML: {path}", "Wrote the HTML report: {path}")
CHECK_PLAN_OK = Text(
    "OK: kế hoạch {ref} — {n} chỉ tiêu ({measured} đo được, {unmeasured} không đo được từ chỉ số)",
    "OK: plan {ref} — {n} targets ({measured} measurable, {unmeasured} not measurable from indicators)",
)
PLAN_YEAR = Text(
    "kế hoạch {plan} đặt chỉ tiêu cho năm {plan_year}, nhưng lần chạy là năm {year} (--year)",
    "plan {plan} sets targets for {plan_year}, but the run is for {year} (--year)",
)
H_BATCH_PLAN = Text(
    "tệp kế hoạch (kind: plan): đánh giá các chỉ tiêu của kế hoạch trên kết quả của lần chạy, cho toàn bộ và "
    "từng xã; có thể lặp lại",
    "a plan file (kind: plan): evaluate the plan's targets over the run's results, overall and per commune; "
    "may be repeated",
)
H_BATCH_REPORT = Text(
    "ghi báo cáo HTML in được (một tệp, không cần mạng): tổng hợp theo xã, chỉ tiêu kế hoạch, danh sách đơn vị, "
    "phần “Cần khắc phục” và lời giải thích của từng đơn vị",
    "write a printable HTML report (one file, no network needed): summary by commune, plan targets, the units, "
    "“What must change” and each unit's explanation",
)
H_REFERENCE_URL = Text(
    "địa chỉ các trang tham chiếu của bộ tài liệu (mặc định 'packs/', tương đối); trích dẫn trong báo cáo trỏ tới đó",
    "where the docs site's reference pages are (default 'packs/', relative); the report's citations link there",
)
H_BATCH_EXPLAIN = Text(
    "in lời giải thích đầy đủ của đơn vị có mã này (mọi gói; với xã: các đơn vị thành viên được tính hay không "
    "và lý do); có thể lặp lại",
    "print the full explanation of the unit with this id (every pack; for a commune: which member units "
    "counted and why); may be repeated",
)
EXPLAIN_HEAD = Text("Giải thích đơn vị {id} ({where})", "Explanation of unit {id} ({where})")
EXPLAIN_NOT_FOUND = Text(
    "không có đơn vị nào mã '{id}' trong lượt chạy (--explain)", "no unit has the id '{id}' in this run (--explain)"
)
H_BATCH_FORMAT = Text(
    "định dạng tổng hợp in ra: text (bảng, mặc định) hoặc json",
    "format of the printed summary: text (table, default) or json",
)
H_BATCH_YEAR = Text("năm đánh giá của lượt chạy", "the run's evaluation year")
H_TEMPLATE = Text(
    "tạo bảng tính mẫu (XLSX hoặc CSV) để nhập dữ liệu của một đối tượng theo một gói",
    "create a template spreadsheet (XLSX or CSV) for entering one subject's data for a pack",
)
H_TEMPLATE_PACK = Text(
    "mã gói (ví dụ vn.bca.tt124) hoặc đường dẫn tệp gói",
    "pack id (e.g. vn.bca.tt124) or a pack file path",
)
H_TEMPLATE_SUBJECT = Text("đối tượng (ví dụ kdc, xa, cq, dn, csgd)", "subject (e.g. kdc, xa, cq, dn, csgd)")
H_TEMPLATE_FORMAT = Text(
    "định dạng: xlsx hoặc csv (mặc định: theo đuôi của --out, nếu không thì xlsx); json in các cột của bảng mẫu",
    "format: xlsx or csv (default: from the --out suffix, else xlsx); json prints the template's columns",
)
H_TEMPLATE_OUT = Text(
    "tệp ghi ra (mặc định: CSV ra màn hình, XLSX vào MÃ_GÓI.ĐỐI_TƯỢNG.xlsx)",
    "output file (default: CSV to standard output, XLSX to PACK_ID.SUBJECT.xlsx)",
)
WARNING = Text("Cảnh báo", "Warning")
ROW_ERRORS_HEAD = Text("Dòng có lỗi ({n}):", "Rows with errors ({n}):")
ROW_ERRORS_MORE = Text(
    "… và {n} dòng lỗi khác (xem tệp kết quả --out)", "… and {n} more rows with errors (see the --out file)"
)
WARNINGS_MORE = Text(
    "… và {n} cảnh báo khác (--format json liệt kê đủ)", "… and {n} more warnings (--format json lists them all)"
)
PROGRESS = Text("Đang đánh giá", "Evaluating")
PROGRESS_ROWS = Text("{n} dòng", "{n} rows")
WROTE_RESULTS = Text("Đã ghi kết quả ({n} dòng): {path}", "Results written ({n} rows): {path}")
WROTE_SUMMARY = Text("Đã ghi bảng tổng hợp: {path}", "Summary written: {path}")
WROTE_TEMPLATE = Text("Đã ghi bảng mẫu: {path}", "Template written: {path}")
STRICT_FAILED = Text(
    "{n} dòng có lỗi; với --strict mã thoát là 1.", "{n} rows have errors; with --strict the exit code is 1."
)
NO_TABLES = Text(
    "chưa có bộ đọc bảng tính (antq_rules.tables) trong bản cài đặt này",
    "the spreadsheet readers (antq_rules.tables) are not available in this installation",
)
H_VERBOSE = Text(
    "lời giải thích dạng dành cho người kiểm tra: thêm biểu thức gốc của từng phép kiểm tra, tên mã của chỉ số "
    "và giá trị thô",
    "the auditor's form of the explanation: adds each check's raw expression, the indicators' code names and "
    "raw values",
)

# -- several inputs -------------------------------------------------------------------------------
INPUT_HEAD = Text("Tệp đầu vào: {path}", "Input file: {path}")
STDIN_TWICE = Text("'-' (đầu vào chuẩn) chỉ được nêu một lần", "'-' (standard input) may be given only once")
FAIL_ON_FAILED = Text(
    "{n} đơn vị có kết luận thuộc --fail-on {fail_on}; mã thoát là 3.",
    "{n} units have an outcome --fail-on {fail_on} names; the exit code is 3.",
)
