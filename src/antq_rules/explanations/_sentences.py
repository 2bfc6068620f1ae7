"""The steps of a check as sentences a person reads, in the pack's own words.

A recorded step ``ratio(households_registered, households_resident) >= law.kdc_household_registration_share``
that gave ``Share(318, 319) >= 1`` reads "Số hộ đăng ký tham gia: 318/319 hộ (≈ 99,69%), cần 100%"; an
event count ``count_events(lists.L_KDC) == 0`` that gave ``1 == 0`` reads "1 vụ, cần 0". Names are the
pack's indicator labels, values carry the indicator's unit, choices their names; the raw expression is
kept for the auditor's form (``verbose``) by the callers.

>>> from fractions import Fraction
>>> from antq_rules.expressions import Comparison
>>> from antq_rules._numbers import Share
>>> words = Words(None)
>>> words.step(Comparison("count_events(lists.L) == 0", "==", 1, 0, False), "vi")
'1 vụ, cần 0'
>>> words.step(Comparison("count_events(lists.L) <= 1", "<=", 2, 1, False), "en")
'2 incidents, needs at most 1'
>>> step = Comparison("ratio(a, b) >= law.share", ">=", Share(318, 319), Share(1), False)
>>> Words(None, {"a": 318, "b": 319}).step(step, "vi")
'a: 318/319 (≈ 99,69%), cần 100%'
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from antq_rules._numbers import Share
from antq_rules._text import Lang, Text
from antq_rules.explanations import _messages as M

__all__ = ["Words", "hand_score_wanted", "percent_text"]


def hand_score_wanted(name: str) -> Text | None:
    """A missing input ``scores.ITEM`` (a manual item waits for the evaluation meeting's score) in words;
    None for any other name.

    >>> hand_score_wanted("scores.TM510.CQDN.8").en
    "the evaluation meeting's score for item TM510.CQDN.8 (scores.TM510.CQDN.8)"
    """
    item = name.removeprefix("scores.")
    if item == name:
        return None
    return Text(
        f"điểm của hội nghị xét cho mục {item} (scores.{item})",
        f"the evaluation meeting's score for item {item} (scores.{item})",
    )


_PARAM_BRANCH = re.compile(r"^param\.\w+ (==|!=) '[^']*'$")

# what a step needs, by its operator ("cần từ 70% trở lên" / "needs at least 70%")
NEED = {
    "==": Text("cần {}", "needs {}"),
    "!=": Text("cần khác {}", "needs other than {}"),
    ">=": Text("cần từ {} trở lên", "needs at least {}"),
    ">": Text("cần trên {}", "needs more than {}"),
    "<=": Text("cần không quá {}", "needs at most {}"),
    "<": Text("cần dưới {}", "needs less than {}"),
    "in": Text("cần là một trong: {}", "needs one of: {}"),
    "not in": Text("cần không thuộc: {}", "needs none of: {}"),
    "⊇": Text("cần đủ: {}", "needs all of: {}"),
}
_WITHIN = Text("cần trong khoảng {}", "needs to be within {}")
_PREV = Text("năm trước", "previous year")
_LACKING = Text("còn thiếu", "lacking")
_EVENTS_VI = "vụ"
_EVENT_EN = ("incident", "incidents")
_OUTCOMES = {
    "pass": Text("Đạt", "Pass"),
    "fail": Text("Chưa đạt", "Fail"),
    "not_applicable": Text("Không áp dụng", "Not applicable"),
    "undetermined": Text("Chưa xác định", "Undetermined"),
    "incomplete": Text("Chưa đủ căn cứ", "Incomplete"),
    "not_eligible": Text("Không đủ điều kiện", "Not eligible"),
}


def _num(x: Fraction | int, lang: Lang, places: int = 2) -> str:
    text = f"{float(x):.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def percent_text(x: Fraction | int, lang: Lang) -> str:
    """A share as a percent a person reads: exact when it has at most two decimals, else ``≈``.

    >>> percent_text(Fraction(318, 319), "vi"), percent_text(Fraction(7, 8), "en"), percent_text(1, "vi")
    ('≈ 99,69%', '87.5%', '100%')
    """
    pct = Fraction(x) * 100
    exact = (pct * 100).denominator == 1
    return ("" if exact else "≈ ") + _num(pct, lang) + "%"


def outcome_name(code: str | None, lang: Lang) -> str:
    """An outcome code (``pass``) by its name (``Đạt``); unknown codes are shown as they are."""
    if code is None:
        return M.UNKNOWN.get(lang)
    return _OUTCOMES[code].get(lang) if code in _OUTCOMES else code


class Words:
    """What a pack calls things: indicator labels, units and choices, event types, levels, outcomes.

    ``pack`` may be None (a result whose pack is not at hand): names then stand for themselves.
    ``values`` are the values the criterion read (to recover the numerator and denominator of a share).
    ``others`` are the packs a result depends on, by dependency id (their levels and outcome names).
    """

    def __init__(self, pack: Any, values: Mapping[str, Any] | None = None, others: Mapping[str, Any] | None = None):
        self.pack = pack
        self.values = dict(values or {})
        self.others = dict(others or {})

    # -- names ----------------------------------------------------------------------------------

    def spec(self, name: str) -> Any:
        return None if self.pack is None else self.pack.indicators.get(name)

    def label(self, name: str, lang: Lang) -> str:
        """An indicator's short label (its description when it has none), or the name itself; a manual
        item's missing score (``scores.ITEM``) is named as the meeting's score it waits for."""
        wanted = hand_score_wanted(name)
        if wanted is not None:
            return wanted.get(lang)
        spec = self.spec(name)
        if spec is None:
            return name
        text = spec.label or spec.description
        return str(text.get(lang))

    def unit_word(self, name: str | None, n: Any, lang: Lang) -> str:
        """The word for the indicator's unit after ``n`` (``hộ``, ``persons``), or ``""``."""
        from antq_rules.units import COUNT_UNITS

        spec = self.spec(name) if name else None
        unit = getattr(spec, "unit", None)
        if unit not in COUNT_UNITS:
            return ""
        vi, en = COUNT_UNITS[unit]
        if lang == "vi":
            return vi
        return en if n == 1 else (en[:-1] + "ies" if en.endswith("y") and en != "day" else en + "s")

    def choice(self, name: str | None, value: Any, lang: Lang) -> str | None:
        """The name of a choice code (``hoan_thanh`` → ``Hoàn thành nhiệm vụ``) if ``value`` is one."""
        if self.pack is None or not isinstance(value, str):
            return None
        specs = [self.spec(name)] if name else []
        specs += list(self.pack.indicators.values())
        for spec in specs:
            if spec is not None and spec.choices and value in spec.choices:
                return str(spec.choices[value].get(lang))
        for p in self.pack.parameters.values():
            if p.choices and value in p.choices:
                return str(p.choices[value].get(lang))
        return None

    def level(self, code: str, lang: Lang, pack: Any = None) -> str:
        """A level id (``xuat_sac``) by its name (``Xuất sắc``)."""
        for lv in getattr(pack if pack is not None else self.pack, "levels", ()) or ():
            if lv.id == code:
                return str(lv.name.get(lang))
        return code

    def outcome(self, code: str | None, lang: Lang, dep: str | None = None) -> str:
        """An outcome or level code of this pack (or of the pack dependency ``dep`` names) by its name."""
        if code is None:
            return M.UNKNOWN.get(lang)
        pack = self.others.get(dep) if dep is not None else self.pack
        labels = getattr(pack, "outcome_labels", None) or {}
        if code in labels:
            return str(labels[code].get(lang))
        named = self.level(code, lang, pack)
        return named if named != code else outcome_name(code, lang)

    def event_type(self, code: str, lang: Lang) -> str:
        kind = None if self.pack is None else self.pack.event_types.get(code)
        return code if kind is None else str(kind.name.get(lang))

    def event_list(self, code: str, lang: Lang) -> str | None:
        ev = None if self.pack is None else self.pack.event_lists.get(code)
        return None if ev is None else str(ev.name.get(lang))

    # -- values ---------------------------------------------------------------------------------

    def value(self, name: str | None, v: Any, lang: Lang, *, with_unit: bool = True) -> str:
        """A value as a person reads it: choices by name, sets as lists, counts with their unit."""
        from antq_rules.explanations._text import format_value

        if v is None:
            return M.UNKNOWN.get(lang)
        if isinstance(v, Share):
            shown = percent_text(v, lang)
            return shown if not shown.startswith("≈") else f"{v.numerator}/{v.denominator} ({shown})"
        if isinstance(v, str):
            return self.choice(name, v, lang) or v
        if isinstance(v, (set, frozenset, list, tuple)) and not (len(v) == 2 and all(isinstance(x, date) for x in v)):
            items = [self.choice(name, x, lang) or format_value(x, lang) for x in v]
            return ", ".join(sorted(items) if isinstance(v, (set, frozenset)) else items)
        shown = format_value(v, lang)
        if with_unit and isinstance(v, (int, Fraction)) and not isinstance(v, bool):
            word = self.unit_word(name, v, lang)
            if word:
                shown = f"{shown} {word}"
        return shown

    def events(self, n: Any, lang: Lang) -> str:
        if n is None:
            return "số vụ chưa biết" if lang == "vi" else "number of incidents unknown"
        if lang == "vi":
            return f"{n} {_EVENTS_VI}"
        return f"{n} {_EVENT_EN[0] if n == 1 else _EVENT_EN[1]}"

    # -- steps ----------------------------------------------------------------------------------

    @staticmethod
    def is_branch(text: str) -> bool:
        """A step that only picks a reading (``param.x == 'total'``): the parameter says it already."""
        return bool(_PARAM_BRANCH.match(text))

    def step(self, k: Any, lang: Lang) -> str:
        """One recorded comparison as a sentence (without its verdict)."""
        try:
            tree = ast.parse(k.text, mode="eval").body
        except (SyntaxError, ValueError, RecursionError):
            tree = None
        text = self._step(k, tree, lang) if tree is not None else None
        if text is None:
            text = f"{k.text}: {self.value(None, k.left, lang)} {k.op} {self.value(None, k.right, lang)}"
        if k.missing_items and k.op != "⊇":
            text += f"; {_LACKING.get(lang)}: {', '.join(self.value(None, x, lang) for x in k.missing_items)}"
        return text

    def _need(self, op: str, shown: str, lang: Lang) -> str:
        if op == ">=" and shown == "100%":
            return NEED["=="].get(lang).format(shown)
        return NEED[op].get(lang).format(shown) if op in NEED else f"{op} {shown}"

    def _step(self, k: Any, tree: ast.expr, lang: Lang) -> str | None:
        op, left, right = k.op, k.left, k.right
        if isinstance(tree, ast.Call) and isinstance(tree.func, ast.Name):
            fn, args = tree.func.id, tree.args
            if fn == "date_in" and op == "in" and args and isinstance(args[0], ast.Name):
                span = self.value(None, right, lang)
                return (
                    f"{self.label(args[0].id, lang)}: {self.value(None, left, lang)}, {_WITHIN.get(lang).format(span)}"
                )
            if fn == "includes" and op == "⊇" and args and isinstance(args[0], ast.Name):
                name = args[0].id
                if left is None:
                    has = M.UNKNOWN.get(lang)
                else:
                    has = self.value(name, left, lang) if left else ("không có" if lang == "vi" else "none")
                text = f"{self.label(name, lang)}: {has}, {NEED['⊇'].get(lang).format(self.value(name, right, lang))}"
                if isinstance(left, (set, frozenset)) and isinstance(right, (set, frozenset)) and right - left:
                    text += f"; {_LACKING.get(lang)}: {self.value(name, right - left, lang)}"
                return text
            return None
        if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1):
            return None
        lhs, rhs = tree.left, tree.comparators[0]
        # count_events(...) == 0
        if isinstance(lhs, ast.Call) and isinstance(lhs.func, ast.Name) and lhs.func.id == "count_events":
            return f"{self.events(left, lang)}, {self._need(op, self.value(None, right, lang), lang)}"
        # ratio(a, b) >= law.x
        if isinstance(lhs, ast.Call) and isinstance(lhs.func, ast.Name) and lhs.func.id in ("ratio", "pct"):
            return self._share(lhs, op, left, right, lang)
        # dep.tt124 == 'pass', dep.qd510 >= param.min_level
        if isinstance(lhs, ast.Attribute) and isinstance(lhs.value, ast.Name) and lhs.value.id == "dep":
            dep = lhs.attr
            name = self._dep_name(dep, lang)
            return (
                f"{name}: {self.outcome(left, lang, dep)}, "
                f"{self._need(op, self.outcome(right, lang, dep) if isinstance(right, str) else str(right), lang)}"
            )
        if isinstance(lhs, ast.Name):
            name = lhs.id
            prev = isinstance(rhs, ast.Call) and isinstance(rhs.func, ast.Name) and rhs.func.id == "prev"
            need = self._need(op, self.value(name, right, lang), lang)
            if prev:
                need += f" ({_PREV.get(lang)})"
            return f"{self.label(name, lang)}: {self.value(name, left, lang)}, {need}"
        return None

    def _dep_name(self, dep: str, lang: Lang) -> str:
        pack = self.others.get(dep)
        if pack is not None:
            return f"{pack.instrument.type.get(lang)} {pack.instrument.number}"
        return ("kết quả của gói " if lang == "vi" else "outcome of pack ") + dep

    def _share(self, call: ast.Call, op: str, left: Any, right: Any, lang: Lang) -> str:
        den_name = call.args[1].id if len(call.args) == 2 and isinstance(call.args[1], ast.Name) else None
        names: list[str] = []
        if call.args:
            names = [n.id for n in ast.walk(call.args[0]) if isinstance(n, ast.Name)]
            known = [n for n in names if self.pack is None or n in self.pack.indicators]
            same_unit = [n for n in known if self._unit(n) == self._unit(den_name)]
            names = same_unit or known or names
        den = self.values.get(den_name) if den_name else None
        need = self._need(op, self.value(None, right, lang), lang)
        share = isinstance(left, Share) or isinstance(right, Share)
        if share and isinstance(left, Fraction) and isinstance(den, int) and den > 0 and (left * den).denominator == 1:
            num = int(left * den)
            # the numerator's name: the candidate whose value is the numerator (a conditional picks one)
            chosen = next((n for n in names if self.values.get(n) == num), names[0] if names else den_name)
            word = self.unit_word(den_name, den, lang)
            label = self.label(chosen, lang) if chosen else ""
            shown = f"{num}/{den}{' ' + word if word else ''} ({percent_text(left, lang)})"
            return f"{label}: {shown}, {need}" if label else f"{shown}, {need}"
        if share:
            label = self.label(names[0], lang) if names else ""
        else:  # a quotient that is not a share (persons per household): both names, a plain number
            parts = [self.label(n, lang) for n in (names[:1] + ([den_name] if den_name else []))]
            label = " / ".join(parts)
        shown = self.value(None, left, lang) if share else self._plain(left, lang)
        return f"{label}: {shown}, {need}" if label else f"{shown}, {need}"

    @staticmethod
    def _plain(v: Any, lang: Lang) -> str:
        from antq_rules.explanations._text import format_value

        if isinstance(v, Fraction) and not isinstance(v, Share):
            return format_value(Fraction(v.numerator, v.denominator), lang)
        return M.UNKNOWN.get(lang) if v is None else format_value(v, lang)

    def _indicators(self) -> Any:
        return self.pack.indicators if self.pack is not None else self.values

    def _unit(self, name: str | None) -> Any:
        spec = self.spec(name) if name else None
        return getattr(spec, "unit", None)
