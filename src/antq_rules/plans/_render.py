"""A plan report as text for a person, and as JSON-ready data (shares as exact ``"n/d"``)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from antq_rules._text import Lang
from antq_rules.plans._evaluate import STATUS_WORDS, GroupPlanResult, Mention, PlanReport, TargetResult

__all__ = ["plan_report_to_dict", "render_plan_report"]

_MARK = {"met": "✓", "not_met": "✗", "undetermined": "?", "not_measurable": "–"}
_LIST_AT_MOST = 10  # units named per target in text (the JSON and the HTML report name them all)


def render_plan_report(report: PlanReport, lang: Lang = "vi", communes: bool = True) -> str:
    """The plan's targets for the whole population, then per commune; each target's citation once."""
    plan = report.plan
    head = f"{plan.title.get(lang)} — {plan.instrument.number}"
    lines = [head, "=" * min(len(head), 100)]
    if plan.example is not None:
        lines.append(("Ví dụ: " if lang == "vi" else "Example: ") + plan.example.get(lang))
    groups = [report.overall, *(report.communes if communes and len(report.communes) > 1 else ())]
    if communes and len(report.communes) == 1:
        groups = [report.communes[0]]
    for g in groups:
        lines.append("")
        lines.extend(_group_lines(g, lang))
    return "\n".join(lines) + "\n"


def _group_title(g: GroupPlanResult, lang: Lang) -> str:
    if g.commune is None:
        return (
            ("Toàn bộ" if lang == "vi" else "Whole population")
            + f" ({g.units} "
            + ("dòng)" if lang == "vi" else "rows)")
        )
    name = f"{g.commune} ({g.name})" if g.name else g.commune
    return ("Xã " if lang == "vi" else "Commune ") + name + f" — {g.units} " + ("dòng" if lang == "vi" else "rows")


def _group_lines(g: GroupPlanResult, lang: Lang) -> list[str]:
    counts = g.counts()
    summary = ", ".join(f"{n} {STATUS_WORDS[s].get(lang)}" for s, n in counts.items() if n)
    lines = [f"{_group_title(g, lang)}: {summary}"]
    for r in g.targets:
        lines.extend(_target_lines(r, lang))
    return lines


def _target_lines(r: TargetResult, lang: Lang) -> list[str]:
    t = r.target
    cite = f"[{t.id} · {t.citation.label(lang)}]"
    lines = [f"  {_MARK[r.status]} {t.title.get(lang)} {cite}", f"      {r.explain(lang)}"]
    for label, units in (
        ("Đơn vị kéo chỉ tiêu xuống" if lang == "vi" else "Units holding it back", r.holding_back),
        ("Đơn vị chưa xác định" if lang == "vi" else "Units not yet known", r.undetermined_units),
    ):
        if not units:
            continue
        lines.append(f"      {label} ({len(units)}):")
        # units with the same reason are listed together (e.g. every unit waiting for the same slots)
        by_reason: dict[str, list[str]] = {}
        for m in units:
            by_reason.setdefault(m.reason.get(lang), []).append(m.label())
        for reason, labels in by_reason.items():
            shown = ", ".join(labels[:_LIST_AT_MOST])
            if len(labels) > _LIST_AT_MOST:
                shown += f", … (+{len(labels) - _LIST_AT_MOST})"
            lines.append(f"        - {shown}: {reason}")
    return lines


def _value(v: Any) -> Any:
    if isinstance(v, Fraction):
        return f"{v.numerator}/{v.denominator}"
    return v


def _mention(m: Mention) -> dict[str, Any]:
    return {
        "unit": m.unit_id,
        "name": m.name,
        "subject": m.subject,
        "where": m.source.where() if m.source.file or m.source.row is not None else None,
        "reason": m.reason.to_dict(),
    }


def _target(r: TargetResult) -> dict[str, Any]:
    t = r.target
    return {
        "target": t.id,
        "status": r.status,
        "measure": t.measure,
        "pack": t.pack,
        "compare": t.comparison.op if t.comparison else None,
        "value": _value(t.comparison.value) if t.comparison else None,
        "observed": _value(r.observed),
        "numerator": _value(r.numerator),
        "denominator": _value(r.denominator),
        "unknown": r.unknown,
        "low": _value(r.low),
        "high": _value(r.high),
        "explanation": {"vi": r.explain("vi"), "en": r.explain("en")},
        "citation": {
            "instrument": t.citation.instrument,
            "section": t.citation.section,
            "text": t.citation.text.to_dict(),
        },
        "holding_back": [_mention(m) for m in r.holding_back],
        "undetermined_units": [_mention(m) for m in r.undetermined_units],
        "reason": r.reason.to_dict() if r.reason else None,
    }


def _group(g: GroupPlanResult) -> dict[str, Any]:
    return {"commune": g.commune, "name": g.name, "units": g.units, "targets": [_target(r) for r in g.targets]}


def plan_report_to_dict(report: PlanReport) -> dict[str, Any]:
    plan = report.plan
    return {
        "schema": "antq-rules/plan-report/v1",
        "plan": {"id": plan.id, "version": plan.version, "hash": plan.content_hash, "year": plan.year},
        "overall": _group(report.overall),
        "communes": [_group(g) for g in report.communes],
    }
