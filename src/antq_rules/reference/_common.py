"""Shared words and formatters of the reference pages (Markdown, one language per page)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from antq_rules._text import Lang, Text
from antq_rules.explanations import format_value
from antq_rules.expressions import SLOT
from antq_rules.packs import Citation, Provenance
from antq_rules.units import COUNT_UNITS

# -- words of the page ---------------------------------------------------------------------------

_W: dict[str, Text] = {
    "generated": Text(
        "Trang này được sinh tự động từ gói tiêu chí; không sửa bằng tay. Sinh lại bằng lệnh:",
        "This page is generated from the criteria pack; do not edit it by hand. Regenerate it with:",
    ),
    "pack": Text("Gói tiêu chí", "Criteria pack"),
    "version": Text("Phiên bản gói", "Pack version"),
    "kind": Text("Loại gói", "Pack kind"),
    "pack_effective": Text("Gói áp dụng", "Pack applies"),
    "content_hash": Text("Mã băm nội dung", "Content hash"),
    "counts": Text("Nội dung", "Contents"),
    "counts_text": Text(
        "{subjects} đối tượng, {indicators} chỉ số, {events} loại sự kiện, "
        "{values} giá trị pháp lý, {parameters} tham số diễn giải, {criteria} tiêu chí",
        "{subjects} subjects, {indicators} indicators, {events} event types, "
        "{values} legal values, {parameters} interpretation parameters, {criteria} criteria",
    ),
    "from": Text("từ", "from"),
    "to": Text("đến", "to"),
    "open": Text("chưa có ngày kết thúc", "no end date"),
    "instrument": Text("Văn bản pháp luật", "Legal instrument"),
    "number": Text("Số hiệu", "Number"),
    "type": Text("Loại văn bản", "Type"),
    "title": Text("Trích yếu", "Title"),
    "issuer": Text("Cơ quan ban hành", "Issuer"),
    "signer": Text("Người ký", "Signed by"),
    "issued": Text("Ngày ban hành", "Issued"),
    "effective": Text("Ngày có hiệu lực", "In force from"),
    "replaces": Text("Thay thế", "Replaces"),
    "amendments": Text("Văn bản sửa đổi, bổ sung", "Amendments"),
    "content_known": Text("Nội dung sửa đổi đã biết", "Content of the amendment known"),
    "yes": Text("có", "yes"),
    "no": Text("không", "no"),
    "unknown_date": Text("chưa biết", "unknown"),
    "none": Text("không có", "none"),
    "sources": Text("Nguồn", "Sources"),
    "source": Text("Nguồn", "Source"),
    "url": Text("Địa chỉ", "Address"),
    "confidence": Text("Độ tin cậy", "Confidence"),
    "note": Text("Ghi chú", "Note"),
    "subjects": Text("Đối tượng đánh giá", "Subjects"),
    "kinds": Text("Các loại đơn vị", "Unit kinds"),
    "window": Text("Mốc thời gian đánh giá", "Evaluation window"),
    "citation": Text("Căn cứ", "Citation"),
    "windows": Text("Mốc thời gian", "Windows"),
    "windows_intro": Text(
        "Ngày được ghi dạng ngày/tháng so với năm đánh giá Y (Y-1 là năm trước); hai đầu đều tính.",
        "Days are written day/month relative to the evaluation year Y (Y-1 is the year before); "
        "both ends are included.",
    ),
    "span": Text("Khoảng thời gian", "Span"),
    "provenance": Text("Nguồn gốc", "Provenance"),
    "exclusions": Text("Trường hợp không áp dụng", "Exclusions"),
    "kept_when": Text("Giữ trong phạm vi theo cách hiểu khi", "Kept in scope under a reading when"),
    "kept_reason": Text("Lời giải thích ghi cho đơn vị", "What the explanation says"),
    "exclusions_intro": Text(
        "Khi điều kiện đúng, đơn vị không thuộc phạm vi áp dụng (kết quả: không áp dụng).",
        "When the condition holds the unit is out of scope (outcome: not applicable).",
    ),
    "subject": Text("Đối tượng", "Subject"),
    "when": Text("Điều kiện", "Condition"),
    "reason": Text("Lý do", "Reason"),
    "indicators": Text("Chỉ số đầu vào", "Indicators"),
    "indicators_intro": Text(
        "Các trường dữ liệu mà đơn vị (hệ thống gọi) gửi lên.",
        "The input fields a unit (the host application) sends.",
    ),
    "indicator": Text("Chỉ số", "Indicator"),
    "label": Text("Tên cột (bảng tính)", "Column label (spreadsheets)"),
    "rollups": Text("Tổng hợp từ đơn vị thành viên", "Rolled up from member units"),
    "rollups_intro": Text(
        "Khi đánh giá cả một tập đơn vị, các chỉ số dưới đây của đơn vị tổng hợp (xã) được tính từ kết quả "
        "của các đơn vị thành viên (cột member_of) theo cùng gói. Đơn vị bị loại trừ không bao giờ được tính; "
        "một thành viên chưa có kết quả làm số đếm chưa xác định. Số do dòng của xã tự ghi được đối chiếu: "
        "khác nhau là lỗi xung đột.",
        "When a whole population is evaluated, the indicators below of the aggregating unit (the commune) are "
        "derived from the results of its member units (column member_of) under the same pack. Excluded units "
        "never count; a member without a known result makes the count undetermined. A count the commune's row "
        "gives itself is checked against it: a difference is a conflict error.",
    ),
    "rollup_members": Text("Thành viên", "Members"),
    "rollup_counts": Text("Được tính khi", "Counted when"),
    "rollup_in_scope": Text("thuộc phạm vi áp dụng", "in scope"),
    "rollup_outcome": Text("kết quả là", "the outcome is"),
    "rollup_indicator": Text("chỉ số", "indicator"),
    "datatype": Text("Kiểu", "Type"),
    "unit": Text("Đơn vị đo", "Unit"),
    "range": Text("Miền giá trị", "Range"),
    "description": Text("Mô tả", "Description"),
    "all_subjects": Text("tất cả", "all"),
    "optional": Text("không bắt buộc", "optional"),
    "default": Text("mặc định", "default"),
    "prev_year": Text("có giá trị năm trước", "previous-year value"),
    "ordered": Text("có thứ tự, từ thấp đến cao", "ordered, lowest first"),
    "within": Text("trong", "within"),
    "evaluation_window": Text("mốc thời gian đánh giá", "the evaluation window"),
    "event_types": Text("Loại sự kiện", "Event types"),
    "event_types_intro": Text(
        "Các sự việc đơn vị báo cáo (mục `events` của dữ liệu đầu vào), với các trường riêng.",
        "Facts a unit reports (the `events` of its input), with their own fields.",
    ),
    "fields": Text("Trường", "Fields"),
    "no_fields": Text("không có trường riêng", "no extra fields"),
    "event_lists": Text("Danh sách sự việc không để xảy ra", "Event lists"),
    "event_lists_intro": Text(
        "Mỗi điểm của danh sách ghi các loại sự kiện thuộc điểm đó, điều kiện lọc và trường hợp được loại trừ.",
        "Each point of a list names the event types that fall under it, an optional "
        "filter, and when an event is excused.",
    ),
    "point": Text("Điểm", "Point"),
    "types": Text("Loại sự kiện", "Event types"),
    "where": Text("Chỉ tính khi", "Counted only when"),
    "excused_when": Text("Được loại trừ khi", "Excused when"),
    "excuse": Text("Lý do loại trừ", "Why excused"),
    "constraints": Text("Ràng buộc dữ liệu", "Input constraints"),
    "constraints_intro": Text(
        "Vi phạm một ràng buộc là lỗi dữ liệu đầu vào; việc đánh giá không chạy.",
        "A violated constraint is an input error; the evaluation does not run.",
    ),
    "message": Text("Thông báo", "Message"),
    "values": Text("Giá trị pháp lý", "Legal values"),
    "values_intro": Text(
        "Ngưỡng và danh mục do văn bản quy định; trong biểu thức viết `law.TÊN`.",
        "Thresholds and lists set by the text; written `law.NAME` in expressions.",
    ),
    "value": Text("Giá trị", "Value"),
    "parameters": Text("Tham số diễn giải", "Interpretation parameters"),
    "parameters_intro": Text(
        "Nơi văn bản chưa rõ, gói ghi rõ cách hiểu được chọn làm mặc định; hệ thống "
        "gọi có thể chọn cách hiểu khác trong số các lựa chọn, và kết quả ghi lại giá "
        "trị đã dùng. Trong biểu thức viết `param.TÊN`.",
        "Where the text is ambiguous the pack names the reading used by default; a host "
        "may choose another allowed reading, and the result records which one was used. "
        "Written `param.NAME` in expressions.",
    ),
    "choices": Text("Các lựa chọn", "Choices"),
    "criteria": Text("Tiêu chí", "Criteria"),
    "criteria_intro": Text(
        "Đơn vị đạt khi mọi tiêu chí áp dụng đều đạt. Biểu thức kiểm tra được viết "
        "bằng ngôn ngữ biểu thức của gói (xem Định dạng gói tiêu chí).",
        "A unit passes when every applicable criterion is met. Checks are written in the pack's "
        "expression language (see the pack format).",
    ),
    "applies_when": Text("Chỉ áp dụng khi", "Applies when"),
    "not_applicable_reason": Text("Nếu không áp dụng", "Otherwise not applicable because"),
    "check": Text("Kiểm tra", "Check"),
    "same_check": Text("Dùng cùng phép kiểm tra với", "Same check as"),
    "uses_values": Text("Giá trị pháp lý dùng", "Legal values used"),
    "uses_params": Text("Tham số diễn giải dùng", "Interpretation parameters used"),
    "also_subject": Text("dùng chung, xem mục", "shared, see"),
    "not_stated": Text("không ghi", "not stated"),
    "slot": Text("chưa biết — chưa có văn bản", "unknown — no official text yet"),
    "provincial": Text("tiêu chí của địa phương", "provincial criterion"),
    "outcome": Text("Kết luận", "Outcome"),
    "outcome_rule": Text(
        "Mọi tiêu chí áp dụng đều đạt ⇒ «{passed}»; có tiêu chí không đạt ⇒ "
        "«{failed}»; nếu không có tiêu chí nào không đạt nhưng có tiêu chí chưa xác "
        "định được ⇒ chưa xác định.",
        "Every applicable criterion met ⇒ “{passed}”; any criterion not met ⇒ "
        "“{failed}”; otherwise, if any criterion is undetermined ⇒ undetermined.",
    ),
    "extra_allowed": Text("Tiêu chí bổ sung của địa phương", "Provincial extra criteria"),
    "allowed": Text("được phép", "allowed"),
    "not_allowed": Text("không được phép", "not allowed"),
    # -- scored packs, requirements, deadlines, overlays ------------------------------------------
    "illustrative_banner": Text(
        "**⚠ Gói minh hoạ — không phải văn bản pháp luật.** Gói có giá trị mang nguồn gốc “giá trị minh "
        "hoạ” (`illustrative`); mọi kết quả tính bằng gói này được ghi là minh hoạ (JSON "
        '`"illustrative": true`, dòng cảnh báo ở đầu lời giải thích).',
        "**⚠ Illustrative pack — not a legal text.** Some of its values have the provenance “illustrative "
        "value” (`illustrative`); every result computed with it is labelled illustrative (JSON "
        '`"illustrative": true`, a warning line at the top of the explanation).',
    ),
    "extends": Text("Mở rộng gói", "Extends"),
    "counts_scored": Text("{items} mục chấm điểm, {levels} mức", "{items} scoring items, {levels} levels"),
    "counts_slots": Text("{slots} giá trị chưa biết (ô trống)", "{slots} unknown values (slots)"),
    "local": Text("của địa phương", "provincial"),
    "local_rule": Text("Quy định của địa phương", "Provincial rule"),
    "slot_name": Text("ô trống", "slot"),
    "points_word": Text("điểm", "points"),
    # overlay
    "overlay": Text("Gói của địa phương: thay đổi so với gói gốc", "Provincial pack: changes to the base pack"),
    "overlay_intro": Text(
        "Gói này mở rộng gói {base} (mã băm nội dung của gói gốc: {hash}). Mọi quy định không nêu dưới đây "
        "là của gói gốc, giữ nguyên. Mỗi thay đổi có căn cứ và nguồn gốc riêng; trên trang này, phần của địa "
        "phương được ghi “của địa phương”.",
        "This pack extends the pack {base} (content hash of the base: {hash}). Every rule not listed below is "
        "the base pack's, unchanged. Each change has its own citation and provenance; on this page the "
        "provincial parts are marked “provincial”.",
    ),
    "filled": Text("Ô trống đã điền (`fill`)", "Slots filled (`fill`)"),
    "filled_none": Text("Gói không điền ô trống nào.", "The pack fills no slot."),
    "filled_items": Text("điền bằng", "filled with"),
    "filled_value": Text("điền giá trị", "filled with"),
    "overridden": Text("Giá trị quốc gia đã thay (`override`)", "National values overridden (`override`)"),
    "overridden_none": Text("Gói không thay giá trị quốc gia nào.", "The pack overrides no national value."),
    "replaces_national": Text("thay cho giá trị quốc gia", "replacing the national value"),
    "fills_national": Text("điền ô trống của gói quốc gia", "fills a slot of the national pack"),
    "added": Text("Đã thêm (`add`)", "Added (`add`)"),
    "added_none": Text("Gói không thêm gì.", "The pack adds nothing."),
    "repointed": Text("Phụ thuộc trỏ sang gói khác (`requires`)", "Requirements re-pointed (`requires`)"),
    "repointed_none": Text("Gói giữ nguyên các phụ thuộc của gói gốc.", "The pack keeps the base's requirements."),
    "instead_of": Text("thay cho", "instead of"),
    "base_pack": Text("gói gốc", "the base pack"),
    # deadlines
    "deadlines": Text("Thời hạn trong năm", "Yearly deadlines"),
    "deadlines_intro": Text(
        "Ngày tính theo năm đánh giá Y (Y-1 là năm trước); “trước” nghĩa là phải xong trước ngày đó. Lịch "
        "của một năm cho một đối tượng: {command}.",
        "Days are relative to the evaluation year Y (Y-1 is the year before); “before” means the step must be "
        "done before that day. The calendar of one year for one subject: {command}.",
    ),
    "before": Text("trước", "before"),
    "on_day": Text("ngày", "on"),
    # requirements
    "requires": Text("Phụ thuộc vào gói khác", "Requirements on other packs"),
    "requires_intro": Text(
        "Kết quả của một gói khác cho cùng đơn vị. Trong biểu thức viết `dep.MÃ`: một giá trị có thứ tự, "
        "thấp nhất trước (ví dụ `dep.qd510 >= 'kha'`). Phần mềm gửi kết quả đã được quyết định, hoặc dữ "
        "liệu để thư viện tự đánh giá gói đó (mục `dependencies` của dữ liệu đầu vào); thiếu thì mọi điều "
        "kiện cần đến nó là chưa xác định.",
        "The outcome of another pack for the same unit. In expressions it is `dep.ID`: an ordered value, "
        "lowest first (e.g. `dep.qd510 >= 'kha'`). The host sends an outcome already decided, or the inputs "
        "for the library to evaluate that pack (the input's `dependencies`); without either, whatever needs "
        "it is undetermined.",
    ),
    "required_pack": Text("Gói", "Pack"),
    "dep_year": Text("Năm đánh giá", "Evaluation year"),
    "same_year": Text("cùng năm đánh giá (Y)", "the same evaluation year (Y)"),
    "year_before_1": Text("năm đánh giá trước (Y-1)", "the previous evaluation year (Y-1)"),
    "year_before": Text("{n} năm đánh giá trước (Y{off})", "{n} evaluation years earlier (Y{off})"),
    "id": Text("Mã", "Id"),
    "outcomes_low_high": Text("Các kết quả (thấp → cao)", "Outcomes (lowest first)"),
    "used_in": Text("Dùng trong", "Used in"),
    "used_nowhere": Text(
        "không biểu thức nào của gói dùng đến (chỉ để gói của địa phương dùng)",
        "no expression of the pack uses it (available to provincial packs)",
    ),
    "uses_deps": Text("Phụ thuộc dùng", "Requirements used"),
    # scoring
    "scoring": Text("Chấm điểm", "Scoring"),
    "scoring_intro": Text(
        "Điểm của đơn vị là tổng điểm các mục của đối tượng (cộng điểm thưởng, trừ điểm trừ), giữ trong "
        "khoảng từ 0 đến tổng điểm của thang. Mỗi mục có điểm tối đa, cách chấm và nguồn gốc; điểm hoặc cả "
        "mục chưa biết là một ô trống, không bao giờ là số đoán.",
        "A unit's score is the sum of its subject's items (plus bonuses, minus deductions), kept between 0 "
        "and the scale's total. Each item has a maximum, a method and a provenance; unknown points, or a "
        "whole unknown item, are a slot, never a guessed number.",
    ),
    "scale": Text("Thang điểm", "Scale"),
    "total_points": Text("Tổng điểm của thang", "Total of the scale"),
    "item": Text("Mục", "Item"),
    "group": Text("Nhóm", "Group"),
    "content": Text("Nội dung", "Content"),
    "max": Text("Tối đa", "Max"),
    "max_points": Text("Điểm tối đa", "Maximum points"),
    "method": Text("Cách chấm", "Method"),
    "bands": Text(
        "Các mức điểm (mức đầu tiên có điều kiện đúng cho điểm của nó; không mức nào đúng ⇒ 0 điểm)",
        "Bands (the first band whose condition holds gives its points; none ⇒ 0 points)",
    ),
    "share": Text("Tỷ lệ", "Share"),
    "item_kind": Text("Loại", "Kind"),
    "sum_known": Text(
        "Cộng điểm tối đa các mục: {known} / {total} (đủ).",
        "Item maxima add up to {known} / {total} (complete).",
    ),
    "sum_partial": Text(
        "Điểm tối đa đã biết: {known} / {total}; {n} mục chưa biết điểm (ô trống).",
        "Known maxima: {known} / {total}; {n} item(s) with unknown points (slots).",
    ),
    "no_items": Text("Đối tượng này không có mục chấm điểm nào.", "This subject has no scoring item."),
    "whole_slot": Text(
        "cả mục là một ô trống ({slot}): nội dung, số điểm và cách chấm chưa biết",
        "the whole item is a slot ({slot}): its content, points and method are not known",
    ),
    # levels, caps
    "levels": Text("Mức xếp loại", "Levels"),
    "levels_intro": Text(
        "Từ thấp đến cao. Cận dưới thuộc về mức; cận trên không thuộc về mức (nó là cận dưới của mức trên), "
        "trừ mức cao nhất, gồm cả tổng điểm. Nếu một điều kiện thêm của mức đạt được theo điểm không đạt, "
        "đơn vị xuống mức dưới (và điều kiện của mức đó lại được xét); một điều kiện chưa xác định được thì "
        "kết quả là chưa xác định.",
        "Lowest first. The lower edge belongs to the level; the upper edge does not (it is the next level's "
        "lower edge), except for the top level, which includes the total. If an extra condition of the level "
        "reached by points does not hold, the unit falls to the level below (whose conditions are then "
        "checked); a condition that cannot be decided makes the outcome undetermined.",
    ),
    "level": Text("Mức", "Level"),
    "band": Text("Khoảng điểm", "Points"),
    "band_text": Text("từ {lo} đến dưới {hi}", "from {lo} to below {hi}"),
    "band_top": Text("từ {lo} đến {hi}", "from {lo} to {hi}"),
    "unknown_short": Text("chưa biết", "unknown"),
    "lower_edge": Text("Cận dưới (thuộc mức)", "Lower edge (included)"),
    "upper_edge": Text("Cận trên (không thuộc mức)", "Upper edge (excluded)"),
    "upper_edge_top": Text("Cận trên (thuộc mức)", "Upper edge (included)"),
    "conditions": Text("Điều kiện thêm", "Extra conditions"),
    "condition": Text("Điều kiện", "Condition"),
    "caps": Text("Giới hạn mức", "Level caps"),
    "caps_intro": Text(
        "Khi điều kiện đúng, mức của đơn vị không vượt quá mức đã nêu, dù điểm cao hơn; điều kiện chưa xác "
        "định được thì kết quả là chưa xác định.",
        "When the condition holds, the unit's level is at most the level named, whatever its points; a "
        "condition that cannot be decided makes the outcome undetermined.",
    ),
    "caps_none": Text("Gói không đặt giới hạn mức nào.", "The pack sets no level cap."),
    "max_level": Text("Mức tối đa", "Highest level allowed"),
    # slots
    "slots": Text("Giá trị chưa biết (ô trống)", "Unknown values (slots)"),
    "slots_intro": Text(
        "Mỗi ô trống là một giá trị mà văn bản chính thức (chưa có) phải cho biết; nguồn gốc của nó là "
        "`unknown` và gói không đoán số. Khi xếp loại cần đến một ô trống, kết quả là `incomplete` (chưa đủ "
        "căn cứ) kèm danh sách các ô còn thiếu; phần không cần ô trống vẫn được tính và giải thích. Gói của "
        "tỉnh (hoặc ai có văn bản chính thức) điền ô trống bằng `fill`.",
        "Each slot is a value the official text (not available) must give; its provenance is `unknown` and "
        "the pack guesses no number. When a classification needs a slot, the outcome is `incomplete`, with "
        "the list of missing slots; whatever does not need a slot is still computed and explained. A "
        "province's pack (or anyone holding the official text) fills slots with `fill`.",
    ),
    "slots_none": Text("Gói không còn ô trống nào.", "The pack has no slot left."),
    "slot_where": Text("Ở đâu", "Where"),
    # outcome of scored packs
    "outcome_scored_intro": Text("Kết luận của đơn vị, theo thứ tự xét:", "The unit's outcome, in this order:"),
    "outcome_excluded": Text(
        "đơn vị thuộc một trường hợp loại trừ ⇒ `not_applicable` (không áp dụng);",
        "an exclusion holds ⇒ `not_applicable`;",
    ),
    "outcome_not_eligible": Text(
        "một tiêu chí (điều kiện lựa chọn) không đạt ⇒ `not_eligible` (không đủ điều kiện lựa chọn);",
        "a criterion (of the eligibility gate) is not met ⇒ `not_eligible`;",
    ),
    "outcome_incomplete": Text(
        "việc xếp loại cần một ô trống chưa được điền ⇒ `incomplete` (chưa đủ căn cứ), kèm danh sách ô trống;",
        "the classification needs a slot nobody has filled ⇒ `incomplete`, with the list of slots;",
    ),
    "outcome_undetermined": Text(
        "thiếu dữ liệu để chấm một mục, chưa quyết định được phạm vi, một điều kiện hay giới hạn mức{gate} "
        "⇒ `undetermined` (chưa xác định);",
        "data missing to score an item, or scope, a condition or a cap cannot be decided{gate} ⇒ `undetermined`;",
    ),
    "outcome_gate_undetermined": Text(
        ", hoặc một tiêu chí lựa chọn chưa xác định", ", or a criterion of the gate is undetermined"
    ),
    "outcome_level": Text("còn lại ⇒ mã của mức: {levels}.", "otherwise ⇒ the level's id: {levels}."),
    "criteria_intro_exemplary": Text(
        "Các tiêu chí dưới đây là điều kiện lựa chọn: một tiêu chí không đạt thì đơn vị không đủ điều kiện "
        "(`not_eligible`), dù điểm thế nào.",
        "The criteria below are the eligibility gate: one criterion not met makes the unit not eligible "
        "(`not_eligible`), whatever its points.",
    ),
    "criteria_intro_classification": Text(
        "Các tiêu chí dưới đây được đánh giá và giải thích, nhưng không tự quyết định mức xếp loại.",
        "The criteria below are evaluated and explained, but do not decide the level by themselves.",
    ),
    "items_count": Text("Mục chấm điểm", "Scoring items"),
    "bound": Text("Gói của tỉnh được thay đổi", "A provincial pack may change it"),
    "bound_min": Text(
        "chỉ được nâng lên (mức sàn quốc gia; hạ xuống là nới lỏng, bị từ chối)",
        "only upwards (a national floor; lowering it loosens it and is refused)",
    ),
    "bound_max": Text(
        "chỉ được hạ xuống (mức trần quốc gia; nâng lên là nới lỏng, bị từ chối)",
        "only downwards (a national ceiling; raising it loosens it and is refused)",
    ),
    "bound_superset": Text(
        "chỉ được thêm phần tử (danh mục bắt buộc; bớt phần tử bị từ chối)",
        "only by adding items (a required list; removing items is refused)",
    ),
    "bound_fixed": Text("không được thay đổi", "never"),
}

_STATUS: dict[str, Text] = {
    "confirmed": Text("văn bản đã xác nhận", "confirmed text"),
    "secondary": Text("nguồn thứ cấp", "secondary source"),
    "interpretation": Text("diễn giải", "interpretation"),
    "illustrative": Text("giá trị minh hoạ", "illustrative value"),
    "unknown": Text("chưa biết", "unknown"),
}

_TYPES: dict[str, Text] = {
    "integer": Text("số nguyên", "integer"),
    "decimal": Text("số thập phân", "decimal"),
    "boolean": Text("đúng/sai", "boolean"),
    "date": Text("ngày", "date"),
    "enum": Text("một lựa chọn", "enum"),
    "set": Text("tập lựa chọn", "set"),
}

_CONFIDENCE: dict[str, Text] = {
    "high": Text("cao", "high"),
    "medium": Text("trung bình", "medium"),
    "low": Text("thấp", "low"),
}

_KIND: dict[str, Text] = {
    "standard": Text("tiêu chuẩn (đạt / chưa đạt)", "standard (pass / fail)"),
    "classification": Text("xếp loại", "classification"),
    "exemplary": Text("điển hình", "exemplary"),
}


def _w(key: str, lang: Lang) -> str:
    return _W[key].get(lang)


# -- small formatters ----------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
# backslash, backtick, star, brackets and pipe always; "_" only where it could start or end emphasis
_ESCAPE = re.compile(r"([\\`*\[\]|]|(?<!\w)_|_(?!\w))")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _md(text: str) -> str:
    """Plain text made safe for Markdown (inline, one line; also inside table cells)."""
    return _TAG.sub("&lt;", _ESCAPE.sub(r"\\\1", _flat(text)))


def _t(text: Text | None, lang: Lang) -> str:
    return "" if text is None else _md(text.get(lang))


def _code(text: Any) -> str:
    """An inline code span that survives any backticks in ``text``."""
    s = _flat(str(text))
    ticks = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (ticks + 1)
    pad = " " if ticks or s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _anchor(ident: str) -> str:
    """A stable heading id (Markdown ``attr_list``): links such as ``tt124.md#TT124.KDC.1b``."""
    return f"{{ #{ident} }}"


def _cell(text: str) -> str:
    """Table cells: code spans keep their pipes escaped too."""
    return text.replace("\n", " ") if text else "—"


def _day(d: date | str | None, lang: Lang) -> str:
    if d is None:
        return _w("unknown_date", lang)
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return d.strftime("%d/%m/%Y") if lang == "vi" else d.isoformat()


def _number(x: int | Fraction, lang: Lang) -> str:
    """An exact number: an integer, a terminating decimal, or a fraction."""
    f = Fraction(x)
    if f.denominator == 1:
        return str(f.numerator)
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return f"{f.numerator}/{f.denominator}"
    digits, q = 0, f
    while q.denominator != 1:
        q *= 10
        digits += 1
    sign = "-" if q < 0 else ""
    s = str(abs(q.numerator)).rjust(digits + 1, "0")
    text = f"{sign}{s[:-digits]}.{s[-digits:]}"
    return text.replace(".", ",") if lang == "vi" else text


def _value(v: Any, unit: str | None, lang: Lang) -> str:
    if v is None or v is SLOT:  # an explicit unknown (a slot): the official text is not available
        return f"**{_w('slot', lang)}**"
    if isinstance(v, bool):
        return format_value(v, lang)
    if isinstance(v, (int, Fraction)):
        if unit == "percent":
            return f"{_number(Fraction(v) * 100, lang)}%"
        return _number(v, lang) + (f" {_unit_name(unit, lang)}" if unit and unit != "ratio" else "")
    if isinstance(v, date):
        return _day(v, lang)
    if isinstance(v, (frozenset, set, list, tuple)):
        return ", ".join(_code(x) for x in sorted(str(i) for i in v))
    return _code(v) if isinstance(v, str) and _IDENT.match(v) else _md(str(v))


def _unit_name(unit: str, lang: Lang) -> str:
    names = COUNT_UNITS.get(unit)
    return names[0 if lang == "vi" else 1] if names else unit


def _citation(c: Citation | None, lang: Lang, instrument: bool = True) -> str:
    if c is None:
        return ""
    return _md(c.full(lang) if instrument else c.label(lang))


def _provenance(p: Provenance | None, lang: Lang) -> str:
    if p is None:
        return _w("not_stated", lang)
    out = f"**{_STATUS.get(p.status, Text(p.status, p.status)).get(lang)}**"
    if p.sources:
        out += f" ({', '.join(p.sources)})"
    if p.note is not None:
        out += f" — {_t(p.note, lang)}"
    return out


def _choices(choices: Mapping[str, Text] | None, lang: Lang, mark: Iterable[str] = ()) -> str:
    marked = set(mark)
    parts = []
    for key, label in (choices or {}).items():
        flag = f" **({_w('default', lang)})**" if key in marked else ""
        parts.append(f"{_code(key)} {_t(label, lang)}{flag}")
    return "; ".join(parts)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return out


_METHOD: dict[str, Text] = {
    "all_or_nothing": Text("tất cả hoặc không", "all or nothing"),
    "bands": Text("theo mức", "bands"),
    "proportional": Text("theo tỷ lệ", "proportional"),
    "manual": Text("chấm tay", "hand-scored"),
    "unknown": Text("chưa biết", "unknown"),
}

_METHOD_LONG: dict[str, Text] = {
    "all_or_nothing": Text(
        "tất cả hoặc không: điều kiện đúng ⇒ đủ điểm tối đa, sai ⇒ 0 điểm",
        "all or nothing: the check holds ⇒ the maximum, otherwise 0 points",
    ),
    "bands": Text(
        "theo mức: mức đầu tiên có điều kiện đúng cho điểm của mức đó; không mức nào đúng ⇒ 0 điểm",
        "bands: the first band whose condition holds gives its points; none ⇒ 0 points",
    ),
    "proportional": Text(
        "theo tỷ lệ: điểm tối đa × tỷ lệ (tỷ lệ giữ trong 0..1), tính chính xác",
        "proportional: the maximum × the share (kept within 0..1), computed exactly",
    ),
    "manual": Text(
        "chấm tay: hội nghị xét chấm từ 0 đến điểm tối đa, bắt buộc kèm lý do (mục `scores` của dữ liệu đầu vào)",
        "hand-scored: the review meeting gives 0 to the maximum, with a written reason (the input's `scores`)",
    ),
    "unknown": Text("chưa biết", "unknown"),
}

_ITEM_KIND: dict[str, Text] = {
    "item": Text("mục", "item"),
    "deduction": Text("điểm trừ", "deduction"),
    "bonus": Text("điểm thưởng", "bonus"),
}

_DEADLINE_KIND: dict[str, Text] = {
    "registration": Text("đăng ký", "registration"),
    "selection": Text("lựa chọn", "selection"),
    "decision": Text("quyết định", "decision"),
    "report": Text("báo cáo", "report"),
    "other": Text("khác", "other"),
}
