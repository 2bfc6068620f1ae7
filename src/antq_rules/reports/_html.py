"""A self-contained, printable HTML report of a population run (or of one unit), made with Jinja2.

One file: the stylesheet is inlined, no script, no font or image is fetched from anywhere (it opens on an
offline intranet and prints to PDF). Every value that comes from input is escaped by Jinja2's
autoescaping. Vietnamese first; ``lang="en"`` for English.

>>> from antq_rules import evaluate, shipped_pack
>>> r = evaluate(shipped_pack("vn.bca.tt124"), {"id": "VD-<1>", "subject": "kdc", "kind": "thon"}, 2026, {})
>>> page = render_html_report([r])
>>> "VD-&lt;1&gt;" in page and "VD-<1>" not in page and "http" not in page.split("<body")[0]
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import attrs
import jinja2

from antq_rules._text import Lang, Text
from antq_rules.errors import AntqError
from antq_rules.packs import Pack, PackRegistry
from antq_rules.plans import PlanReport
from antq_rules.population import RowError, RowSource, UnitRecord
from antq_rules.reports._remedy import Remedy, remedies
from antq_rules.results import CriterionResult, Result

__all__ = ["REFERENCE_PAGES", "render_html_report"]

# The generated reference pages of the docs site (docs/packs/), by pack id: citations link to them.
REFERENCE_PAGES: dict[str, str] = {
    "vn.bca.tt124": "tt124",
    "vn.bca.qd510": "qd510",
    "vn.bca.qd3554": "qd3554",
    "vn.vd.tinh_mau.qd510": "examples/tinh-mau-qd510",
}

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("antq_rules.reports", "templates"),
    autoescape=True,  # every value from input is escaped (unit names, event ids …)
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)

_WORDS: dict[str, Text] = {
    "title": Text(
        "Báo cáo kết quả đánh giá phong trào toàn dân bảo vệ an ninh Tổ quốc",
        "Report on the evaluation of the all-people national-security movement",
    ),
    "year": Text("Năm đánh giá", "Evaluation year"),
    "generated": Text("Lập lúc", "Generated"),
    "packs": Text("Gói tiêu chí", "Criteria packs"),
    "illustrative": Text(
        "Có giá trị minh hoạ (ví dụ), không phải quy định: xem từng mục có dấu “ví dụ”.",
        "Some values are illustrative (examples), not law: see the items marked “example”.",
    ),
    "summary": Text("Tổng hợp theo xã", "Summary by commune"),
    "plan": Text("Chỉ tiêu kế hoạch", "Plan targets"),
    "units": Text("Danh sách đơn vị", "Units"),
    "fixes": Text("Cần khắc phục", "What must change"),
    "details": Text("Giải thích chi tiết", "Detailed explanations"),
    "errors": Text("Dòng có lỗi (chưa đánh giá)", "Rows with errors (not evaluated)"),
    "unit_count": Text("Số đơn vị", "Units"),
    "error_count": Text("Dòng lỗi", "Row errors"),
    "unit": Text("Đơn vị", "Unit"),
    "subject": Text("Loại", "Subject"),
    "commune": Text("Xã", "Commune"),
    "outcome": Text("Kết quả", "Outcome"),
    "failing": Text("Tiêu chí không đạt / chưa xác định", "Criteria not met / undetermined"),
    "source": Text("Nguồn", "Source"),
    "target": Text("Chỉ tiêu", "Target"),
    "status": Text("Trạng thái", "Status"),
    "measure": Text("Kết quả đo", "Measured"),
    "cite": Text("Căn cứ", "Basis"),
    "holding": Text("Đơn vị kéo chỉ tiêu xuống", "Units holding it back"),
    "unknown_units": Text("Đơn vị chưa xác định", "Units not yet known"),
    "observed": Text("Giá trị quan sát", "Observed"),
    "thresholds": Text("Ngưỡng pháp lý", "Legal thresholds"),
    "checks": Text("Kiểm tra", "Checks"),
    "reason": Text("Lý do", "Reason"),
    "parameters": Text("Cách hiểu được dùng (tham số)", "Readings used (parameters)"),
    "default": Text("mặc định", "default"),
    "chosen": Text("đã chọn", "chosen"),
    "not_fixable": Text("không thể khắc phục trong kỳ này", "cannot be put right in this period"),
    "score": Text("Điểm", "Points"),
    "level": Text("Mức", "Level"),
    "none": Text("Không có", "None"),
    "all_rows": Text("dòng", "rows"),
    "example": Text("ví dụ", "example"),
    "window": Text("Kỳ đánh giá", "Evaluation period"),
    "events": Text("Sự kiện", "Events"),
    "whole": Text("Toàn bộ", "Whole population"),
    "no_commune": Text("(không thuộc xã nào)", "(no commune)"),
    "exclusion": Text("Không thuộc phạm vi", "Out of scope"),
    "scope_kept": Text("Thuộc phạm vi theo cách hiểu", "In scope under a reading"),
    "slots": Text("Giá trị của gói chưa biết (chưa có văn bản)", "Pack values not known yet (no official text)"),
    "item": Text("Mục chấm điểm", "Scoring item"),
    "points": Text("Điểm / tối đa", "Points / maximum"),
    "how": Text("Cách có điểm", "How"),
    "by_rule": Text("theo quy tắc của gói", "by the pack's rule"),
    "by_hand": Text("hội nghị chấm tay", "scored by the meeting"),
    "hand_steps": Text("chấm tay theo bước {step} điểm", "scored by hand in steps of {step} points"),
    "rule_gave": Text("quy tắc của gói cho", "the pack's rule gave"),
}

_CRITERION_STATUS = {
    "met": Text("Đạt", "Met"),
    "not_met": Text("Không đạt", "Not met"),
    "not_applicable": Text("Không áp dụng", "Not applicable"),
    "undetermined": Text("Chưa xác định", "Undetermined"),
}
_TARGET_STATUS = {
    "met": Text("Đạt", "Met"),
    "not_met": Text("Chưa đạt", "Not met"),
    "undetermined": Text("Chưa xác định", "Undetermined"),
    "not_measurable": Text("Không đo được", "Not measurable"),
}
_OUTCOME_CLASS = {"pass": "ok", "fail": "bad", "undetermined": "unk", "incomplete": "unk", "not_applicable": "na"}


@attrs.frozen(slots=True)
class _Unit:
    """One evaluated unit, as the template reads it."""

    anchor: str
    id: str
    name: str | None
    subject: Text
    commune: str | None
    source: str
    results: tuple[Result, ...]
    fixes: tuple[tuple[Result, tuple[Remedy, ...]], ...]


def render_html_report(
    records: Iterable[UnitRecord | RowError | Result],
    *,
    registry: PackRegistry | None = None,
    plans: Sequence[PlanReport] = (),
    lang: Lang = "vi",
    title: str | None = None,
    year: int | None = None,
    reference_url: str = "packs/",
    generated: datetime | None = None,
) -> str:
    """The report as one HTML document.

    ``records``: a population run's records, or plain results (one unit's results are joined by unit
    id). ``plans``: plan reports to show per commune. ``reference_url``: where the docs site's
    reference pages are (citations link to ``{reference_url}{page}/#{criterion id}``); relative by
    default, so a report saved beside the docs site links into it without any network.
    """
    units: list[_Unit] = []
    errors: list[RowError] = []
    pack_of = _PackOf(registry if registry is not None else PackRegistry.shipped())
    loose: dict[str, list[Result]] = {}
    for item in records:
        if isinstance(item, Result):
            loose.setdefault(item.unit.id, []).append(item)
        elif isinstance(item, RowError):
            errors.append(item)
        else:
            units.append(_unit(item.unit, item.member_of, item.source, tuple(item.results.values()), pack_of))
    for results in loose.values():
        units.append(_unit(results[0].unit, None, RowSource(), tuple(results), pack_of))
    seen_years = {r.year for u in units for r in u.results}
    shown_year = year if year is not None else (min(seen_years) if len(seen_years) == 1 else None)
    pack_list = _pack_list(units)
    communes = _communes(units, errors, lang)
    illustrative = any(r.illustrative for u in units for r in u.results) or any(p.plan.example for p in plans)

    def t(key: str) -> str:
        return _WORDS[key].get(lang)

    def txt(value: Text | None) -> str:
        return "" if value is None else value.get(lang)

    def cite_link(result: Result, criterion_id: str) -> str | None:
        page = REFERENCE_PAGES.get(result.pack.id) or (
            REFERENCE_PAGES.get(result.overlay.split("@")[0]) if result.overlay else None
        )
        if page is None:
            return None
        return f"{reference_url}{page}{'-en' if lang == 'en' and '/' not in page else ''}/#{criterion_id}"

    template = _ENV.get_template("report.html.j2")
    return template.render(
        lang=lang,
        t=t,
        txt=txt,
        title=title or t("title"),
        year=shown_year,
        generated=(generated or datetime.now()).strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M"),
        packs=pack_list,
        illustrative=illustrative,
        communes=communes,
        plans=plans,
        units=units,
        errors=errors,
        cite_link=cite_link,
        used_parameters=_used_parameters,
        criterion_status=lambda s: _CRITERION_STATUS[s].get(lang),
        target_status=lambda s: _TARGET_STATUS[s].get(lang),
        outcome_class=lambda o: _OUTCOME_CLASS.get(o, "lvl"),
        failing=_failing,
        observed=lambda r, c: _observed(c, pack_of(r), lang),
        value_of=lambda r, v: _threshold(v, pack_of(r), lang),
        checks=lambda c: _checks(c, lang),
        fmt=lambda v: _fmt(v, lang),
        where=lambda p: p.render(lang),
        anchor=unit_anchor,
        grouped=lambda ms: _grouped(ms, lang),
        event_line=lambda r, e: _event_line(pack_of(r), e, lang),
    )


def _unit(
    unit: Any,
    member_of: str | None,
    source: RowSource,
    results: tuple[Result, ...],
    pack_of: _PackOf,
) -> _Unit:
    fixes = []
    subject = Text(unit.subject, unit.subject)
    for r in results:
        pack = pack_of(r)
        if pack is not None and unit.subject in pack.subjects:
            subject = pack.subjects[unit.subject].name
        if r.outcome in ("fail", "undetermined", "incomplete", "not_eligible"):
            found = remedies(r, pack)
            if found:
                fixes.append((r, found))
    anchor = unit_anchor(unit.id)
    where = source.where() if source.file or source.row is not None else ""
    return _Unit(anchor, unit.id, unit.name, subject, member_of, where, results, tuple(fixes))


def unit_anchor(unit_id: str) -> str:
    """The id of a unit's section in the report (letters, digits, ``-_.`` kept; the rest as ``_``)."""
    return "u-" + "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in unit_id)


def _grouped(mentions: Sequence[Any], lang: Lang) -> list[tuple[str, list[Any]]]:
    """Units named by a target, grouped by their reason (many units often wait for the same thing)."""
    out: dict[str, list[Any]] = {}
    for m in mentions:
        out.setdefault(m.reason.get(lang), []).append(m)
    return list(out.items())


def _pack_list(units: list[_Unit]) -> list[Any]:
    seen: dict[str, Any] = {}
    for u in units:
        for r in u.results:
            seen.setdefault(f"{r.pack.id}@{r.pack.version}", r.pack)
    return list(seen.values())


def _communes(units: list[_Unit], errors: list[RowError], lang: Lang) -> list[dict[str, Any]]:
    """Counts per commune: units, and per pack the outcomes (names as the results give them)."""
    communes = {u.commune for u in units}  # ids other units name as their commune
    groups: dict[str | None, dict[str, Any]] = {}

    def group(key: str | None) -> dict[str, Any]:
        g = groups.get(key)
        if g is None:
            g = groups[key] = {"id": key, "name": None, "units": 0, "errors": 0, "packs": {}}
        return g

    for u in units:
        key = u.commune if u.commune is not None else (u.id if u.id in communes else None)
        g = group(key)
        if key == u.id:
            g["name"] = u.name
        g["units"] += 1
        for r in u.results:
            outcomes = g["packs"].setdefault(r.pack.id, {})
            label = r.outcome_label.get(lang)
            outcomes[label] = outcomes.get(label, 0) + 1
    for e in errors:
        group(e.member_of)["errors"] += 1
    return sorted(groups.values(), key=lambda g: (g["id"] is None, g["id"] or ""))


def _used_parameters(result: Result) -> list[Any]:
    """Only the parameters that the unit's criteria read (not every parameter of the pack)."""
    used = {p for c in result.criteria for p in c.parameters}
    return [p for p in result.parameters if p.name in used]


def _failing(result: Result) -> list[CriterionResult]:
    return [c for c in result.criteria if c.status in ("not_met", "undetermined")]


def _fmt(v: Any, lang: Lang) -> str:
    from antq_rules.explanations import format_value

    return format_value(v, lang)


class _PackOf:
    """A result's pack from the registry, looked up once per pack version (None when the registry does not
    hold it: codes then stand in for names)."""

    def __init__(self, registry: PackRegistry) -> None:
        self.registry = registry
        self.found: dict[tuple[str, str], Pack | None] = {}

    def __call__(self, result: Result) -> Pack | None:
        key = (result.pack.id, result.pack.version)
        if key not in self.found:
            try:
                self.found[key] = self.registry.get(*key)
            except AntqError:
                self.found[key] = None
        return self.found[key]


def _choice(pack: Pack | None, name: str, value: Any, lang: Lang) -> str | None:
    """The name of a choice (an enum code) as the pack gives it, if ``value`` is one."""
    if pack is None or not isinstance(value, str):
        return None
    for spec in (pack.indicators.get(name), *(pack.indicators.values())):
        if spec is not None and spec.choices and value in spec.choices:
            return spec.choices[value].get(lang)
    return None


def _threshold(v: Any, pack: Pack | None, lang: Lang) -> str:
    return _choice(pack, v.name, v.value, lang) or _fmt(v.value, lang)


def _observed(c: CriterionResult, pack: Pack | None, lang: Lang) -> list[tuple[str, str]]:
    words = {"default": Text("mặc định", "default"), "previous_year": Text("năm trước", "last year")}
    out = []
    for o in c.observed:
        name = o.name
        if o.source in ("missing", "missing_previous_year"):
            value = "—" + (" (năm trước)" if lang == "vi" and o.source.endswith("year") else "")
            out.append((name, value + (" thiếu" if lang == "vi" else " missing")))
            continue
        suffix = f" ({words[o.source].get(lang)})" if o.source in words else ""
        out.append((name + suffix, _choice(pack, o.name, o.value, lang) or _fmt(o.value, lang)))
    return out


_EVENT_STATUS = {
    "counted": Text("được tính", "counted"),
    "excused": Text("được miễn trừ", "excused"),
    "undetermined": Text("chưa xác định", "undetermined"),
}


def _event_line(pack: Pack | None, e: Any, lang: Lang) -> str:
    kind = pack.event_types.get(e.type) if pack is not None else None
    name = kind.name.get(lang) if kind is not None else e.type
    status = _EVENT_STATUS[e.status].get(lang) if e.status in _EVENT_STATUS else e.status
    line = f"{e.id or '#' + str(e.position)} ({name}, {_fmt(e.date, lang)}): {status}"
    return line + (f" — {e.reason.get(lang)}" if e.reason is not None else "")


def _checks(c: CriterionResult, lang: Lang) -> list[str]:
    out = []
    for step in c.comparisons:
        if step.op == "count":
            out.append(f"{step.text} = {_fmt(step.left, lang)} ({_fmt(step.right, lang)})")
            continue
        verdict = {True: "✓", False: "✗", None: "?"}[step.result]
        out.append(f"{verdict} {step.text} → {_fmt(step.left, lang)} {step.op} {_fmt(step.right, lang)}")
    return out
