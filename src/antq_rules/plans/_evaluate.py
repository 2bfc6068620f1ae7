"""Evaluate a plan's targets over a population's results: met, not met or undetermined, exactly.

Shares are compared as fractions. A unit whose result is not known (undetermined, incomplete, a row
with an error, or no result under the target's pack) counts both ways: the target is met only if it
would be met whatever those units turn out to be, not met only if it would fail whatever they turn
out to be, and otherwise undetermined, with those units named. Nothing is guessed.

>>> from antq_rules import shipped_pack, evaluate
>>> from antq_rules.plans import load_plan_text, evaluate_plan
>>> plan = load_plan_text(EXAMPLE_PLAN, "vd.yaml")  # illustrative: a target of "trên 50%"
>>> pack = shipped_pack("vn.bca.tt124")
>>> small = {"dn_size_class": "micro"}  # out of scope (Art. 1 cl. 2): not counted
>>> results = [evaluate(pack, {"id": "DN-1", "subject": "dn", "kind": "doanh_nghiep"}, 2026, small)]
>>> report = evaluate_plan(plan, results)
>>> t = report.overall.targets[0]
>>> t.status, t.reason.en
('undetermined', 'no unit of this target’s population has a result')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from antq_rules._numbers import number_text
from antq_rules._text import Lang, Text
from antq_rules.packs import PackRegistry
from antq_rules.plans._format import share_text
from antq_rules.plans._model import Plan, Target
from antq_rules.population import RowError, RowSource, UnitRecord, commune_of
from antq_rules.results import Result
from antq_rules.results._model import ObservedSource

__all__ = ["EXAMPLE_PLAN", "GroupPlanResult", "Mention", "PlanReport", "PlanTally", "TargetResult", "evaluate_plan"]

TargetStatus = Literal["met", "not_met", "undetermined", "not_measurable"]

STATUS_WORDS: dict[str, Text] = {
    "met": Text("đạt", "met"),
    "not_met": Text("chưa đạt", "not met"),
    "undetermined": Text("chưa xác định", "undetermined"),
    "not_measurable": Text("không đo được từ chỉ số", "not measurable from indicators"),
}

_UNKNOWN_OUTCOMES = frozenset({"undetermined", "incomplete"})


@attrs.frozen(slots=True)
class Mention:
    """A unit named in a target's result: who it is, where it came from, and why it is named."""

    unit_id: str | None
    name: str | None
    subject: str | None
    reason: Text
    source: RowSource = attrs.field(factory=RowSource, eq=False)

    def label(self) -> str:
        ident = self.unit_id or self.source.where()
        return f"{ident} ({self.name})" if self.name else ident


@attrs.frozen(slots=True)
class TargetResult:
    """How one target came out for one group (a commune, or the whole population)."""

    target: Target
    status: TargetStatus
    observed: Any = None  # the share (Fraction) or count (int) when every unit is known
    numerator: int | Fraction | None = None  # units meeting (share/count) or this year's sum (change)
    denominator: int | Fraction | None = None  # units counted (share) or last year's sum (change)
    unknown: int = 0  # units whose result is not known
    low: Any = None  # the least and greatest the measure can still be
    high: Any = None
    holding_back: tuple[Mention, ...] = ()
    undetermined_units: tuple[Mention, ...] = ()
    reason: Text | None = None

    def explain(self, lang: Lang = "vi") -> str:
        """One sentence: ``18/20 = 90,0% — cần trên 90% → chưa đạt``."""
        t = self.target
        verdict = STATUS_WORDS[self.status].get(lang)
        if self.status == "not_measurable":
            assert t.reason is not None
            return f"{verdict}: {t.reason.get(lang)}"
        need = ("cần " if lang == "vi" else "needs ") + t.wording(lang)
        measured = self._measured(lang)
        if self.reason is not None:
            measured = f"{measured}; {self.reason.get(lang)}" if measured else self.reason.get(lang)
        return f"{measured} — {need} → {verdict}" if measured else f"{need} → {verdict}"

    def _measured(self, lang: Lang) -> str:
        t = self.target
        near = t.comparison.value if t.comparison is not None and t.measure != "count" else None
        if t.measure == "change":
            if self.numerator is None or self.denominator is None:
                return ""
            cur, prev = number_text(self.numerator, lang), number_text(self.denominator, lang)
            name = t.indicator_label.get(lang) if t.indicator_label is not None else str(t.indicator)
            if lang == "vi":
                head = f"{name}: năm nay {cur}, năm trước {prev}"
            else:
                head = f"{name}: {cur} this year, {prev} last year"
            if self.observed is None:
                return head
            return f"{head} → {share_text(self.observed, lang, near)}"
        if self.numerator is None or self.denominator is None:
            return ""
        if t.measure == "count":
            if self.unknown:
                return f"{self.numerator}–{self.numerator + self.unknown} " + (
                    f"({self.unknown} đơn vị chưa xác định)" if lang == "vi" else f"({self.unknown} units undetermined)"
                )
            return f"{self.numerator} " + ("đơn vị" if lang == "vi" else "units")
        if self.unknown:
            total = int(self.denominator) + self.unknown
            lo = share_text(Fraction(int(self.numerator), total), lang, near)
            hi = share_text(Fraction(int(self.numerator) + self.unknown, total), lang, near)
            if lang == "vi":
                return (
                    f"{self.numerator}/{self.denominator} đã xác định, {self.unknown} chưa xác định: từ {lo} đến {hi}"
                )
            return f"{self.numerator}/{self.denominator} known, {self.unknown} undetermined: between {lo} and {hi}"
        if self.observed is None:
            return f"{self.numerator}/{self.denominator}"
        return f"{self.numerator}/{self.denominator} = {share_text(self.observed, lang, near)}"


@attrs.frozen(slots=True)
class GroupPlanResult:
    """Every target of a plan for one group: a commune (``commune`` is its id) or everyone (``None``)."""

    commune: str | None
    name: str | None
    units: int
    targets: tuple[TargetResult, ...]

    def target(self, target_id: str) -> TargetResult:
        for t in self.targets:
            if t.target.id == target_id:
                return t
        raise KeyError(target_id)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUS_WORDS, 0)
        for t in self.targets:
            out[t.status] += 1
        return out


@attrs.frozen(slots=True)
class PlanReport:
    """A plan evaluated over a population: the whole population, and each commune in it."""

    plan: Plan
    overall: GroupPlanResult
    communes: tuple[GroupPlanResult, ...]

    def to_dict(self) -> dict[str, Any]:
        from antq_rules.plans._render import plan_report_to_dict

        return plan_report_to_dict(self)


class _Count:
    """What one target has seen in one group (small: counts, and the units that are named)."""

    __slots__ = ("cur", "no", "packs_seen", "prev", "units", "unknown", "yes", "yes_count")

    def __init__(self) -> None:
        self.yes_count = 0
        self.yes: list[Mention] = []
        self.no: list[Mention] = []
        self.unknown: list[Mention] = []
        self.cur: int | Fraction = 0
        self.prev: int | Fraction = 0
        self.units = 0
        self.packs_seen = False


class PlanTally:
    """An accumulator: :meth:`add` every record of a run (in any order), then :meth:`report`.

    It keeps counts and the units it must name (those that hold a target back or are not known), not
    the records themselves, so it can follow a streaming population run.
    """

    def __init__(self, plan: Plan, registry: PackRegistry | None = None) -> None:
        self.plan = plan
        reg = registry if registry is not None else PackRegistry.shipped()
        self._measured = tuple(t for t in plan.targets if t.measure != "not_measurable")
        packs = {pid: reg.get(pid) for pid in plan.packs}
        self._pack_subjects = {pid: frozenset(p.subjects) for pid, p in packs.items()}
        self._aggregating = frozenset(r.subject for p in packs.values() for r in p.rollups)
        self._groups: dict[str | None, list[_Count]] = {}
        self._units: dict[str | None, int] = {}
        self._names: dict[str, str | None] = {}

    def _group(self, key: str | None) -> list[_Count]:
        g = self._groups.get(key)
        if g is None:
            g = self._groups[key] = [_Count() for _ in self._measured]
            self._units[key] = 0
        return g

    def add(self, record: UnitRecord | RowError) -> None:
        """Count one record of a population run under its commune and overall."""
        unit = record.unit
        commune = commune_of(record, self._aggregating)
        if unit is not None and commune == unit.id:
            self._names[unit.id] = unit.name
        keys: tuple[str | None, ...] = (None,) if commune is None else (None, commune)
        for key in keys:
            group = self._group(key)
            self._units[key] += 1
            for target, count in zip(self._measured, group, strict=True):
                self._count(target, count, record)

    def _count(self, t: Target, c: _Count, record: UnitRecord | RowError) -> None:
        assert t.pack is not None
        unit = record.unit
        subject = unit.subject if unit is not None else None
        covered = t.subjects if t.subjects is not None else self._pack_subjects[t.pack]
        if subject is not None and subject not in covered:
            return
        mention_of = _mentioner(record)
        if not isinstance(record, UnitRecord):
            c.unknown.append(mention_of(Text("dòng có lỗi, chưa đánh giá được", "row with an error, not evaluated")))
            return
        result, key = _result_for(record, t.pack)
        if result is None:
            c.unknown.append(mention_of(Text(f"không có kết quả theo gói {t.pack}", f"no result under pack {t.pack}")))
            return
        c.packs_seen = True
        if result.outcome == "not_applicable" and not (
            t.selector is not None and t.selector.outcome == "not_applicable"
        ):
            return  # outside the pack's scope (e.g. Art. 1 cl. 2): not in the population the target counts
        c.units += 1
        if t.measure == "change":
            assert t.indicator is not None
            cur = _indicator(record, key, result, t.indicator, previous=False)
            prev = _indicator(record, key, result, t.indicator, previous=True)
            if cur is None or prev is None:
                which = [n for n, v in (("năm nay", cur), ("năm trước", prev)) if v is None]
                which_en = [n for n, v in (("this year", cur), ("last year", prev)) if v is None]
                c.unknown.append(
                    mention_of(
                        Text(
                            f"thiếu {t.indicator} ({', '.join(which)})",
                            f"{t.indicator} missing ({', '.join(which_en)})",
                        )
                    )
                )
                return
            c.cur += cur
            c.prev += prev
            return
        verdict, why = _meets(t, record, key, result)
        if verdict is None:
            c.unknown.append(mention_of(why))
        elif verdict:
            c.yes_count += 1
            c.yes.append(mention_of(why))
        else:
            c.no.append(mention_of(why))

    def report(self) -> PlanReport:
        """The targets for the whole population and for each commune seen (communes in first-seen order)."""
        overall = self._group_result(None)
        communes = tuple(self._group_result(k) for k in self._groups if k is not None)
        return PlanReport(self.plan, overall, communes)

    def _group_result(self, key: str | None) -> GroupPlanResult:
        counts = self._groups.get(key) or [_Count() for _ in self._measured]
        by_id = {t.id: _settle(t, c) for t, c in zip(self._measured, counts, strict=True)}
        results = tuple(by_id[t.id] if t.id in by_id else TargetResult(t, "not_measurable") for t in self.plan.targets)
        return GroupPlanResult(key, self._names.get(key) if key else None, self._units.get(key, 0), results)


def evaluate_plan(
    plan: Plan,
    items: Iterable[UnitRecord | RowError | Result],
    registry: PackRegistry | None = None,
    member_of: Mapping[str, str] | None = None,
) -> PlanReport:
    """Evaluate ``plan`` over a population: records of :func:`~antq_rules.evaluate_population`, or
    :class:`~antq_rules.results.Result` objects a host holds (a unit's results under several packs
    are joined by unit id; ``member_of`` maps a unit id to its commune for the per-commune view)."""
    tally = PlanTally(plan, registry)
    loose: dict[str, dict[str, Result]] = {}
    units: dict[str, Any] = {}
    for item in items:
        if isinstance(item, Result):
            loose.setdefault(item.unit.id, {})[item.pack.id] = item
            units.setdefault(item.unit.id, item.unit)
        else:
            tally.add(item)
    links = member_of or {}
    for i, (uid, results) in enumerate(loose.items()):
        tally.add(UnitRecord(i, units[uid], RowSource(), links.get(uid), results))
    return tally.report()


# -- helpers ---------------------------------------------------------------------------------------------


def _mentioner(record: UnitRecord | RowError) -> Any:
    unit = record.unit

    def mention(reason: Text) -> Mention:
        return Mention(
            unit.id if unit else None,
            unit.name if unit else None,
            unit.subject if unit else None,
            reason,
            record.source,
        )

    return mention


def _result_for(record: UnitRecord, pack_id: str) -> tuple[Result | None, str | None]:
    """The record's result under ``pack_id`` or under a province overlay that extends it."""
    for key, result in record.results.items():
        if result.pack.id == pack_id or (result.overlay is not None and result.overlay.split("@")[0] == pack_id):
            return result, key
    return None, None


def _failing(result: Result) -> Text:
    ids = [c.id for c in result.criteria if c.status == "not_met"]
    if ids:
        return Text("không đạt: " + ", ".join(ids), "not met: " + ", ".join(ids))
    return Text(f"kết quả: {result.outcome_label.vi}", f"outcome: {result.outcome_label.en}")


def _meets(t: Target, record: UnitRecord, key: str | None, result: Result) -> tuple[bool | None, Text]:
    sel = t.selector
    assert sel is not None
    outcome = result.outcome
    if sel.outcome is not None:
        if outcome == sel.outcome:
            return True, Text(f"kết quả: {result.outcome_label.vi}", f"outcome: {result.outcome_label.en}")
        if outcome in _UNKNOWN_OUTCOMES:
            return None, _unknown_reason(result)
        return False, _failing(result)
    if sel.level is not None or sel.level_at_least is not None:
        score = result.score
        level = score.level if score is not None else None
        if level is None:
            if outcome == "not_eligible":
                return False, Text(f"kết quả: {result.outcome_label.vi}", f"outcome: {result.outcome_label.en}")
            return None, _unknown_reason(result)
        name = score.level_name if score is not None and score.level_name is not None else Text(level, level)
        why = Text(f"mức {name.vi}", f"level {name.en}")
        if sel.level is not None:
            return level == sel.level, why
        rank = sel.level_rank
        return rank.index(level) >= rank.index(sel.level_at_least or ""), why
    assert sel.indicator is not None and sel.condition is not None
    value = _indicator(record, key, result, sel.indicator, previous=False)
    if value is None:
        return None, Text(f"thiếu {sel.indicator}", f"{sel.indicator} missing")
    shown = number_text(value, "vi") if not isinstance(value, bool) else str(value).lower()
    shown_en = number_text(value, "en") if not isinstance(value, bool) else str(value).lower()
    return sel.condition.holds(value), Text(f"{sel.indicator} = {shown}", f"{sel.indicator} = {shown_en}")


def _unknown_reason(result: Result) -> Text:
    ids = [c.id for c in result.criteria if c.status == "undetermined"]
    score = result.score
    if score is not None and not score.missing_slots:
        items = [i.id for i in score.items if i.status == "undetermined"]
        missing = sorted({m for i in score.items if i.status == "undetermined" for m in i.missing})
        if items:
            shown = ", ".join(missing[:6]) + (", …" if len(missing) > 6 else "")
            return Text(
                f"chưa chấm được: {', '.join(items)} (thiếu: {shown or 'điểm chấm tay'})",
                f"cannot be scored yet: {', '.join(items)} (missing: {shown or 'hand-assessed points'})",
            )
    if result.score is not None and result.score.missing_slots:
        slots = ", ".join(result.score.missing_slots)
        return Text(f"chưa phân loại được (còn thiếu: {slots})", f"cannot be classified yet (missing: {slots})")
    if ids:
        return Text("chưa xác định: " + ", ".join(ids), "undetermined: " + ", ".join(ids))
    return Text(f"kết quả: {result.outcome_label.vi}", f"outcome: {result.outcome_label.en}")


def _indicator(record: UnitRecord, key: str | None, result: Result, name: str, previous: bool) -> Any:
    """An indicator's value for the unit: from the run's validated input, else as a criterion observed it."""
    inputs = record.inputs.get(key) if key is not None else None
    if inputs is not None:
        values = inputs[1] if previous else inputs[0]
        return values.get(name)
    for c in result.criteria:
        src = c.source
        if not src:
            continue
        if isinstance(src, ObservedSource):
            pool = src.previous if previous else src.values
            if name in pool:
                return pool[name]
            continue
        for o in src:
            if o.name == name and o.source == ("previous_year" if previous else "input"):
                return o.value
    return None


def _settle(t: Target, c: _Count) -> TargetResult:
    comp = t.comparison
    assert comp is not None
    named = tuple(c.unknown)
    if t.measure == "change":
        if not c.packs_seen and not c.unknown:
            return TargetResult(t, "undetermined", reason=_EMPTY)
        if c.unknown:
            return TargetResult(
                t, "undetermined", None, c.cur, c.prev, len(c.unknown), undetermined_units=named, reason=_SOME_UNKNOWN
            )
        if c.units == 0:
            return TargetResult(t, "undetermined", reason=_EMPTY)
        if c.prev == 0:
            reason = Text(
                "năm trước bằng 0: không tính được tỉ lệ so với năm trước",
                "last year's total is 0: no ratio to last year can be computed",
            )
            return TargetResult(t, "undetermined", None, c.cur, c.prev, reason=reason)
        ratio = Fraction(c.cur) / Fraction(c.prev)
        status: TargetStatus = "met" if comp.holds(ratio) else "not_met"
        return TargetResult(t, status, ratio, c.cur, c.prev, low=ratio, high=ratio)
    yes, no, unknown = c.yes_count, len(c.no), len(c.unknown)
    total = yes + no + unknown
    if total == 0:
        return TargetResult(t, "undetermined", None, 0, 0, reason=_EMPTY)
    if t.measure == "count":
        low: Any = yes
        high: Any = yes + unknown
    else:
        low, high = Fraction(yes, total), Fraction(yes + unknown, total)
    settled = comp.settles(low, high)
    if settled is None and comp.op == "equal":
        # the measure moves in steps (one unit at a time): is the value one of the steps it can reach?
        k = comp.value * total - yes if t.measure == "share" else comp.value - yes
        if Fraction(k).denominator != 1 or not 0 <= k <= unknown:
            settled = False
    observed = low if unknown == 0 else None
    denominator = yes + no
    if settled is None:
        reason = _SOME_UNKNOWN
        if not c.packs_seen:
            reason = Text(
                f"lần chạy không có kết quả nào theo gói {t.pack} (thêm gói này vào lần chạy)",
                f"the run has no result under pack {t.pack} (add that pack to the run)",
            )
        return TargetResult(
            t, "undetermined", None, yes, denominator, unknown, low, high, undetermined_units=named, reason=reason
        )
    # who holds a target back: the units that did not meet it when more are wanted, the units that
    # did when fewer are wanted (e.g. 'no unit Yếu')
    fewer_wanted = comp.op in ("at_most", "less_than") or (comp.op == "equal" and high > comp.value)
    holding = tuple(c.yes if fewer_wanted else c.no) if not settled else ()
    return TargetResult(
        t,
        "met" if settled else "not_met",
        observed,
        yes,
        denominator,
        unknown,
        low,
        high,
        holding,
        named,
    )


_EMPTY = Text(
    "không có đơn vị nào thuộc phạm vi mục tiêu có kết quả",
    "no unit of this target’s population has a result",
)
_SOME_UNKNOWN = Text(
    "kết quả phụ thuộc vào các đơn vị chưa xác định",
    "the answer depends on units whose result is not known",
)

EXAMPLE_PLAN = """\
schema: antq-rules/pack/v1
id: vd.plan.minh_hoa
version: 1.0.0
kind: plan
title: {vi: "Kế hoạch minh hoạ (ví dụ)", en: "Illustrative plan (example)"}
year: 2026
instrument:
  number: "VD/KH"
  type: {vi: "Kế hoạch", en: "Plan"}
  title: {vi: "Ví dụ minh hoạ", en: "Illustrative example"}
  issued: 2026-01-05
  issuer: {vi: "Ví dụ", en: "Example"}
  effective_from: 2026-01-05
example: {vi: "Ví dụ minh hoạ, không phải kế hoạch thật.", en: "Illustrative, not a real plan."}
targets:
  - id: T1
    title: {vi: "Trên 50% đơn vị đạt tiêu chuẩn", en: "More than 50% of units meet the standard"}
    citation: {section: "1", text: {vi: "trên 50% (ví dụ)", en: "more than 50% (example)"}}
    provenance: {status: illustrative, note: {vi: "Ví dụ.", en: "Example."}}
    measure: share
    pack: vn.bca.tt124
    units_meeting: {outcome: pass}
    compare: more_than
    value: "50%"
"""
