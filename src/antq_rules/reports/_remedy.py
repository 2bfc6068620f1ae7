"""What a unit must change: for each criterion not met (or not known), the gap in the criterion's terms.

Read from the result's own trace — the comparisons that decided, the events counted, the data missing —
never re-evaluated: "thiếu 1 hộ đăng ký để đạt 100%", "1 vụ … trong kỳ: không thể khắc phục trong kỳ
đánh giá này", "thiếu ngày nghị quyết: cần bổ sung".

>>> from antq_rules import evaluate, shipped_pack
>>> pack = shipped_pack("vn.bca.tt124")
>>> unit = {"id": "VD-1", "subject": "kdc", "kind": "thon"}  # illustrative unit
>>> r = evaluate(pack, unit, 2026, {"households_resident": 412, "households_registered": 411})
>>> fix = next(f for f in remedies(r, pack) if f.id == "TT124.KDC.1b")
>>> fix.lines[0].vi
'Thiếu 1 — Số hộ đăng ký tham gia: 411/412 (≈ 99,76%), cần từ 100% trở lên, tức ít nhất 412'
"""

from __future__ import annotations

import math
import re
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from antq_rules._numbers import Share, number_text
from antq_rules._text import Lang, Text
from antq_rules.explanations._sentences import hand_score_wanted
from antq_rules.expressions._runtime import Comparison, EventCount
from antq_rules.packs import Pack
from antq_rules.results import CriterionResult, Result

__all__ = ["Remedy", "remedies"]

_NAME = re.compile(r"^\s*(?:date_in\(\s*|prev\()?([a-z_][a-z0-9_]*)\)?\s*(?:>=|<=|==|!=|>|<|\bin\b|,)")
_RATIO = re.compile(r"^\s*(?:ratio|pct)\(\s*([a-z_][a-z0-9_]*)\s*,\s*([a-z_][a-z0-9_]*)\s*\)")
_OP_WORDS = {
    ">=": Text("từ {} trở lên", "at least {}"),
    ">": Text("trên {}", "more than {}"),
    "<=": Text("không quá {}", "at most {}"),
    "<": Text("dưới {}", "less than {}"),
    "==": Text("đúng {}", "exactly {}"),
    "!=": Text("khác {}", "other than {}"),
}


@attrs.frozen(slots=True)
class Remedy:
    """One criterion (or scoring item) a unit did not meet or that could not be decided, and what would
    change that.

    ``status``: the criterion's status (``not_met``, ``undetermined``), or for a scored pack
    ``undetermined`` (an item lacks data) or ``incomplete`` (the pack itself still has unknown values:
    nothing the unit can do). ``fixable``: False when the cause lies in the past of the evaluation period
    (an incident that happened, a date outside its window), True when data or a value can still
    change, None when the trace does not say (or when only the law can change it).
    """

    id: str
    title: Text
    citation: Any  # a Citation (criterion, item) or None (the pack as a whole)
    status: str
    lines: tuple[Text, ...]
    fixable: bool | None
    criterion: CriterionResult | None = None


def remedies(result: Result, pack: Pack | None = None) -> tuple[Remedy, ...]:
    """A :class:`Remedy` for every criterion of ``result`` that is not met or undetermined, in order.

    ``pack`` (the result's pack) lends indicator labels, choice names and event type names.
    """
    out = []
    for c in result.criteria:
        if c.status == "not_met":
            out.append(_not_met(c, pack))
        elif c.status == "undetermined":
            out.append(_undetermined(c, pack))
    score = result.score
    if score is not None:
        for item in score.items:
            if item.status == "undetermined" and item.missing:
                lines = tuple(
                    _missing_line(pack, name, name.startswith("prev.")) for name in dict.fromkeys(item.missing)
                )
                out.append(Remedy(item.id, item.title, item.citation, "undetermined", lines, True))
        if score.missing_slots:
            n = len(score.missing_slots)
            slots = ", ".join(score.missing_slots)
            line = Text(
                f"Chưa phân loại được: gói còn {n} giá trị chưa biết (chưa có văn bản: {slots}); "
                "không phải do đơn vị — chờ văn bản hoặc gói của tỉnh điền các giá trị này",
                f"Cannot be classified yet: the pack still has {n} unknown values (no official text: {slots}); "
                "not the unit's doing — waiting for the text, or a province pack that fills them",
            )
            out.append(Remedy(result.pack.id, result.outcome_label, None, "incomplete", (line,), None))
    return tuple(out)


def _missing_line(pack: Pack | None, name: str, previous_year: bool) -> Text:
    """One missing value to be supplied (``prev.X``: last year's X), named by its label."""
    label = _label(pack, name.removeprefix("prev."))
    when_vi, when_en = (" (năm trước)", " (last year)") if previous_year else ("", "")
    return Text(
        f"Thiếu dữ liệu “{label.vi}”{when_vi}: cần bổ sung", f"Missing data “{label.en}”{when_en}: to be supplied"
    )


# -- helpers ---------------------------------------------------------------------------------------------


def _label(pack: Pack | None, name: str) -> Text:
    wanted = hand_score_wanted(name)
    if wanted is not None:
        return wanted
    spec = pack.indicators.get(name) if pack is not None else None
    if spec is None:
        return Text(name, name)
    return spec.label or spec.description


def _pct(x: Fraction, lang: Lang) -> str:
    pct = x * 100
    if pct.denominator == 1:
        return f"{pct.numerator}%"
    text = f"{float(pct):.2f}".rstrip("0").rstrip(".")
    return ("≈ " if (pct * 100).denominator != 1 else "") + (text.replace(".", ",") if lang == "vi" else text) + "%"


def _value(pack: Pack | None, name: str | None, v: Any, lang: Lang) -> str:
    if isinstance(v, bool):
        return ("đúng" if v else "sai") if lang == "vi" else ("true" if v else "false")
    if isinstance(v, Share):
        return _pct(Fraction(v), lang)
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y") if lang == "vi" else v.isoformat()
    if isinstance(v, (int, Fraction)):
        return number_text(v, lang)
    if isinstance(v, str) and pack is not None and name is not None:
        spec = pack.indicators.get(name)
        if spec is not None and spec.choices and v in spec.choices:
            return spec.choices[v].get(lang)
    return str(v)


def _both(make: Any) -> Text:
    return Text(make("vi"), make("en"))


def _observed(c: CriterionResult) -> dict[str, Any]:
    return {o.name: o.value for o in c.observed if o.source in ("input", "default")}


def _not_met(c: CriterionResult, pack: Pack | None) -> Remedy:
    lines: list[Text] = []
    fixable: bool | None = None
    values = _observed(c)
    for step in c.trace:
        if isinstance(step, EventCount):
            counted = [e for e in step.events if e.status == "counted"]
            if step.total and counted:
                lines.append(_events_line(counted, step.window, pack))
                fixable = False
            continue
        if step.result is not False or step.op == "count":
            continue
        if step.text.startswith("count_events(") and fixable is False:
            continue  # the events counted are listed above
        line, can_fix = _comparison_line(step, values, pack)
        if line is not None:
            lines.append(line)
            fixable = can_fix if fixable is None else (fixable and can_fix)
    if c.reason is not None and not lines:
        lines.append(c.reason)
    if not lines:
        lines.append(
            Text(f"Cần đáp ứng: {c.description.vi}", f"Needs: {c.description.en}"),
        )
    return Remedy(c.id, c.title, c.citation, c.status, tuple(lines), fixable, c)


def _comparison_line(step: Comparison, values: dict[str, Any], pack: Pack | None) -> tuple[Text | None, bool]:
    op, left, right = step.op, step.left, step.right
    ratio = _RATIO.match(step.text)
    if ratio is not None and op in (">=", ">") and isinstance(right, (Fraction, int)):
        a, b = ratio.group(1), ratio.group(2)
        num, den = values.get(a), values.get(b)
        if isinstance(num, int) and isinstance(den, int) and den > 0:
            target = Fraction(right) * den
            needed = math.ceil(target) if op == ">=" else math.floor(target) + 1
            gap = needed - num
            if gap > 0:
                name = _label(pack, a)
                share = Fraction(num, den)

                def make(lang: Lang) -> str:
                    need = _OP_WORDS[op].get(lang).format(_pct(Fraction(right), lang))
                    if lang == "vi":
                        return f"Thiếu {gap} — {name.vi}: {num}/{den} ({_pct(share, lang)}), cần {need}, tức ít nhất {needed}"
                    return f"{gap} short — {name.en}: {num}/{den} ({_pct(share, lang)}), needs {need}, i.e. at least {needed}"

                return _both(make), True
    m = _NAME.match(step.text)
    field = m.group(1) if m else None
    label = _label(pack, field) if field else Text(step.text, step.text)
    if op == "in" and isinstance(left, date) and isinstance(right, tuple):
        lo, hi = right

        def make_date(lang: Lang) -> str:
            d, a, b = (_value(pack, None, x, lang) for x in (left, lo, hi))
            if lang == "vi":
                return f"{label.vi}: {d}, nằm ngoài thời hạn {a} – {b}: không thể khắc phục trong kỳ đánh giá này"
            return f"{label.en}: {d}, outside the period {a} – {b}: cannot be put right in this evaluation period"

        return _both(make_date), False
    if op in _OP_WORDS:

        def make_cmp(lang: Lang) -> str:
            now = _value(pack, field, left, lang)
            need = _OP_WORDS[op].get(lang).format(_value(pack, field, right, lang))
            if "prev(" in step.text.split(op, 1)[-1]:
                need += " (năm trước)" if lang == "vi" else " (last year)"
            gap = ""
            if isinstance(left, (int, Fraction)) and isinstance(right, (int, Fraction)) and not isinstance(left, bool):
                diff = Fraction(right) - Fraction(left)
                if op in (">=", ">") and diff >= 0:
                    gap = (
                        f" (thiếu {number_text(diff + (1 if op == '>' else 0), lang)})"
                        if lang == "vi"
                        else (f" ({number_text(diff + (1 if op == '>' else 0), lang)} short)")
                    )
                elif op in ("<=", "<") and diff <= 0:
                    over = -diff + (1 if op == "<" else 0)
                    gap = (
                        f" (vượt {number_text(over, lang)})"
                        if lang == "vi"
                        else f" ({number_text(over, lang)} too many)"
                    )
            if lang == "vi":
                return f"{label.vi}: hiện {now}, cần {need}{gap}"
            return f"{label.en}: now {now}, needs {need}{gap}"

        return _both(make_cmp), True
    return None, True


def _events_line(counted: list[Any], window: tuple[date, date], pack: Pack | None) -> Text:
    def make(lang: Lang) -> str:
        items = []
        for e in counted:
            kind = pack.event_types.get(e.type) if pack is not None else None
            name = kind.name.get(lang) if kind is not None else e.type
            when = _value(pack, None, e.date, lang)
            ident = f"{e.id}, " if e.id else ""
            point = (f", điểm {e.point}" if lang == "vi" else f", point {e.point}") if e.point else ""
            items.append(f"{ident}{name}, {when}{point}")
        a, b = (_value(pack, None, d, lang) for d in window)
        n = len(counted)
        if lang == "vi":
            return f"{n} vụ trong kỳ {a} – {b} ({'; '.join(items)}): không thể khắc phục trong kỳ đánh giá này"
        word = "incident" if n == 1 else "incidents"
        return f"{n} {word} in the period {a} – {b} ({'; '.join(items)}): cannot be put right in this evaluation period"

    return _both(make)


def _undetermined(c: CriterionResult, pack: Pack | None) -> Remedy:
    lines: list[Text] = []
    for name in dict.fromkeys(c.missing):
        base = name.removeprefix("prev.")
        prev = name != base or any(o.name == base and o.source == "missing_previous_year" for o in c.observed)
        lines.append(_missing_line(pack, name, prev))
    for e in c.events:
        if e.status != "undetermined":
            continue
        kind = pack.event_types.get(e.type) if pack is not None else None
        kind_name = kind.name if kind is not None else Text(e.type, e.type)
        why = e.reason or Text("thiếu thông tin", "information missing")
        ident = f"{e.id} " if e.id else ""
        lines.append(
            Text(
                f"Vụ {ident}({kind_name.vi}, {e.date.strftime('%d/%m/%Y')}): {why.vi} — cần bổ sung",
                f"Incident {ident}({kind_name.en}, {e.date.isoformat()}): {why.en} — to be supplied",
            )
        )
    if not lines and c.reason is not None:
        lines.append(c.reason)
    if not lines:
        lines.append(Text("Chưa đủ dữ liệu để kết luận: cần bổ sung", "Not enough data to decide: to be supplied"))
    return Remedy(c.id, c.title, c.citation, c.status, tuple(lines), True, c)
