"""Readable explanations of a result, in Vietnamese (default) or English, citation on every line."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from antq_rules._numbers import Share
from antq_rules._text import Lang
from antq_rules.explanations import _messages as M
from antq_rules.expressions import Comparison
from antq_rules.results import CriterionResult, Result

__all__ = [
    "format_percent",
    "format_value",
    "render_criterion",
    "render_dependencies",
    "render_outside_events",
    "render_score",
    "render_text",
]


def _num(x: Fraction | int, lang: Lang) -> str:
    text = f"{float(x):.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if lang == "vi" else text


def _decimal(x: Fraction, lang: Lang) -> str:
    """Exact decimal when the fraction terminates within 6 places, else the fraction and ≈ value."""
    if (x * 10**6).denominator == 1:
        text = f"{float(x):.6f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "vi" else text
    return f"{x.numerator}/{x.denominator} (≈ {_num(x, lang)})"


def format_value(v: Any, lang: Lang = "vi") -> str:
    """Format a value for a reader: shares as percent, other fractions as decimals, dates dd/mm/yyyy.

    >>> format_value(Share(411, 412), "en")
    '411/412 (≈ 99.7573%)'
    >>> format_value(Share(7, 10), "vi"), format_value(Fraction(5, 2), "en")
    ('70%', '2.5')
    """
    if v is None:
        return M.UNKNOWN.get(lang)
    if isinstance(v, bool):
        return (M.TRUE if v else M.FALSE).get(lang)
    if isinstance(v, Share):
        pct = v * 100
        if (pct * 10**4).denominator == 1:
            return f"{_num(pct, lang)}%"
        return f"{v.numerator}/{v.denominator} (≈ {_num(pct, lang)}%)"
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else _decimal(v, lang)
    if isinstance(v, date):
        return v.strftime("%d/%m/%Y") if lang == "vi" else v.isoformat()
    if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, date) for x in v):
        return f"{format_value(v[0], lang)} – {format_value(v[1], lang)}"
    if isinstance(v, (frozenset, set)):
        return "{" + ", ".join(sorted(str(x) for x in v)) + "}"
    return str(v)


def format_percent(v: Any, lang: Lang = "vi") -> str:
    """A share shown as percent: ``Fraction(7, 10)`` → ``70%``."""
    if isinstance(v, (int, Fraction)) and not isinstance(v, bool):
        return f"{_num(Fraction(v) * 100, lang)}%"
    return format_value(v, lang)


def _observation(o: Any, lang: Lang) -> str:
    prev = o.source in ("previous_year", "missing_previous_year")
    name = f"{o.name} ({M.SOURCE['previous_year'].get(lang)})" if prev else o.name
    if o.source in ("missing", "missing_previous_year"):
        return f"{name} = {M.SOURCE['missing'].get(lang)}"
    suffix = f" ({M.SOURCE['default'].get(lang)})" if o.source == "default" else ""
    return f"{name} = {format_value(o.value, lang)}{suffix}"


def render_criterion(c: CriterionResult, lang: Lang = "vi", params: dict[str, Any] | None = None) -> list[str]:
    """The lines that explain one criterion; every line carries the criterion's citation."""
    cite = f"{c.citation.label(lang)} {c.citation.instrument}"
    tag = f"[{c.id} · {cite}]"
    head = f"{M.STATUS_MARK[c.status]} {M.STATUS[c.status].get(lang)} — {c.title.get(lang)} {tag}"
    if c.origin != "national":
        head += f" ({M.ORIGIN.get(c.origin, M.ORIGIN['provincial']).get(lang)})"
    lines = [head, f"    {c.description.get(lang)} {tag}"]
    if c.reused_from:
        lines.append(f"    ({M.REUSED.get(lang)} {c.reused_from}) {tag}")
    if c.reason is not None:
        lines.append(f"    {M.REASON.get(lang)}: {c.reason.get(lang)} {tag}")
    if c.observed:
        obs = "; ".join(_observation(o, lang) for o in c.observed)
        lines.append(f"    {M.OBSERVED.get(lang)}: {obs} {tag}")
    for t in c.thresholds:
        where = ""
        if t.citation is not None:
            where = t.citation.full(lang) if t.origin != "national" else t.citation.label(lang)
        prov = M.PROVENANCE[t.provenance.status].get(lang)
        shown = format_percent(t.value, lang) if t.unit == "percent" else format_value(t.value, lang)
        if t.value is None:
            shown = M.SLOT.get(lang)
        if t.origin != "national":
            was = "" if t.replaced is None else f"; {M.REPLACES.get(lang)} {format_value(t.replaced, lang)}"
            prov_extra = f"{M.ORIGIN['provincial'].get(lang)}{was}"
            where = f"{where}; {prov_extra}" if where else prov_extra
        lines.append(f"    {M.THRESHOLD.get(lang)}: {t.name} = {shown} ({where}{'; ' if where else ''}{prov}) {tag}")
    for name in c.parameters:
        value = (params or {}).get(name)
        lines.append(f"    param.{name} = {format_value(value, lang)} {tag}")
    for k in c.comparisons:
        res = M.UNKNOWN if k.result is None else (M.TRUE if k.result else M.FALSE)
        if k.op == "count":
            lines.append(
                f"    {M.CHECK.get(lang)}: {k.text} = {format_value(k.left, lang)} ({format_value(k.right, lang)}) {tag}"
            )
            continue
        extra = ""
        if k.missing_items:
            extra = f"; {M.MISSING.get(lang).lower()}: {', '.join(k.missing_items)}"
        lines.append(
            f"    {M.CHECK.get(lang)}: {k.text} → {format_value(k.left, lang)} {k.op} {format_value(k.right, lang)}"
            f" = {res.get(lang)}{extra} {tag}"
        )
    for e in c.events:
        reason = f" — {e.reason.get(lang)}" if e.reason is not None else ""
        ident = f" {e.id}" if e.id else ""
        lines.append(
            f"    {M.EVENTS.get(lang)} #{e.position}{ident}: {e.type} {format_value(e.date, lang)} → {e.list_id} "
            f"{'điểm' if lang == 'vi' else 'point'} {e.point}: {M.EVENT_STATUS[e.status].get(lang)}{reason} {tag}"
        )
    if c.missing:
        lines.append(f"    {M.MISSING.get(lang)}: {', '.join(c.missing)} {tag}")
    if c.undefined:
        lines.append(f"    {M.UNDEFINED.get(lang)}: {', '.join(c.undefined)} {tag}")
    return lines


def render_score(r: Result, lang: Lang = "vi") -> list[str]:
    """The score breakdown: one line per item, the total, the level (or the missing slots)."""
    s = r.score
    assert s is not None
    out = [f"{M.SCORE.get(lang)}:"]
    for i in s.items:
        cite = f"{i.citation.label(lang)} {i.citation.instrument}"
        mx = M.SLOT.get(lang) if i.max is None else format_value(i.max, lang)
        pts = format_value(i.points, lang) if i.points is not None else M.ITEM_STATUS[i.status].get(lang)
        sign = "−" if i.kind == "deduction" else ("+" if i.kind == "bonus" else "")
        origin = f" ({M.ORIGIN['provincial'].get(lang)})" if i.origin != "national" else ""
        out.append(f"  {i.id}: {sign}{pts} / {mx} — {i.title.get(lang)}{origin} [{cite}]")
        if i.reason:
            out.append(f"      {M.REASON.get(lang)}: {i.reason}")
        for k in i.trace:
            if isinstance(k, Comparison):
                res = M.UNKNOWN if k.result is None else (M.TRUE if k.result else M.FALSE)
                out.append(
                    f"      {M.CHECK.get(lang)}: {k.text} → {format_value(k.left, lang)} {k.op} {format_value(k.right, lang)} = {res.get(lang)}"
                )
        if i.missing:
            out.append(f"      {M.MISSING.get(lang)}: {', '.join(i.missing)}")
        if i.slots:
            out.append(f"      {M.SLOTS.get(lang)}: {', '.join(i.slots)}")
    scale = M.SLOT.get(lang) if s.scale is None else format_value(s.scale, lang)
    total = (
        format_value(s.total, lang)
        if s.total is not None
        else f"{format_value(s.known_points, lang)} ({M.PARTIAL.get(lang)})"
    )
    out.append(f"  {M.TOTAL.get(lang)}: {total} / {scale}{' (' + M.CAPPED.get(lang) + ')' if s.capped else ''}")
    for c in s.conditions:
        cite = f" [{c.citation.label(lang)} {c.citation.instrument}]" if c.citation else ""
        kind = M.CAP.get(lang) if c.kind == "cap" else M.CONDITION.get(lang)
        origin = f" ({M.ORIGIN['provincial'].get(lang)})" if c.origin != "national" else ""
        out.append(
            f"  {kind} {c.id} ({c.level}): {M.STATUS[c.status].get(lang)} — {c.description.get(lang)}{origin}{cite}"
        )
    if s.band and s.level and s.band != s.level:
        out.append(f"  {M.BAND.get(lang)}: {s.band} → {s.level}")
    if s.level_name is not None:
        out.append(f"  {M.LEVEL.get(lang)}: {s.level_name.get(lang)}")
    if s.missing_slots:
        out.append(f"  {M.MISSING_SLOTS.get(lang)}:")
        out.extend(f"    - {slot}" for slot in s.missing_slots)
    return out


def render_dependencies(r: Result, lang: Lang = "vi") -> list[str]:
    """One line per required pack: its outcome, year, and whether supplied, evaluated or missing."""
    out = []
    for d in r.dependencies:
        source = M.DEP_SOURCE[d.source].get(lang)
        outcome = d.outcome if d.outcome is not None else M.UNKNOWN.get(lang)
        decision = f" — {d.decision}" if d.decision else ""
        ill = f" [{M.ILLUSTRATIVE_SHORT.get(lang)}]" if d.illustrative else ""
        out.append(f"  dep.{d.id} = {outcome} ({d.pack}, {M.YEAR.get(lang).lower()} {d.year}; {source}{decision}){ill}")
    return out


def render_outside_events(r: Result, lang: Lang = "vi") -> list[str]:
    """One line per reported event dated outside the evaluation period (accepted, never counted).

    >>> from antq_rules.inputs import OutsideEvent
    >>> from types import SimpleNamespace
    >>> r = SimpleNamespace(outside_events=(OutsideEvent(2, "V9", "crime", date(2025, 12, 1)),))
    >>> render_outside_events(r, "en")  # type: ignore[arg-type]
    ['  #2 V9: crime 2025-12-01 — outside the evaluation period — not counted']
    """
    out = []
    for e in r.outside_events:
        ident = f" {e.id}" if e.id else ""
        out.append(f"  #{e.position}{ident}: {e.type} {format_value(e.date, lang)} — {M.OUTSIDE_NOTE.get(lang)}")
    return out


def score_and_dependency_lines(r: Result, lang: Lang = "vi") -> list[str]:
    """The score breakdown, the dependency chain and the events outside the evaluation period, each
    after a blank line (nothing for a section the result does not have). The text explanation and the
    CLI table both show these sections through this one function.
    """
    out: list[str] = []
    if r.score is not None:
        out.append("")
        out.extend(render_score(r, lang))
    if r.dependencies:
        out.append("")
        out.append(f"{M.DEPENDENCIES.get(lang)}:")
        out.extend(render_dependencies(r, lang))
    if r.outside_events:
        out.append("")
        out.append(f"{M.OUTSIDE_EVENTS.get(lang)} ({len(r.outside_events)}):")
        out.extend(render_outside_events(r, lang))
    return out


def render_text(result: Result, lang: Lang = "vi") -> str:
    """The whole explanation as plain text (Vietnamese by default, ``lang="en"`` for English)."""
    r = result
    unit = r.unit
    name = f"{unit.name} ({unit.id})" if unit.name else unit.id
    kind = f" / {unit.kind}" if unit.kind else ""
    counts = r.status_counts()
    basis = f" [{r.outcome_citation.label(lang)} {r.outcome_citation.instrument}]" if r.outcome_citation else ""
    out = [f"⚠ {M.ILLUSTRATIVE_BANNER.get(lang)}"] if r.illustrative else []
    out += [
        f"{M.HEADER.get(lang)}: {M.OUTCOME_MARK.get(r.outcome, '•')} {r.outcome_label.get(lang).upper()}{basis}",
        f"{M.UNIT.get(lang)}: {name} — {unit.subject}{kind}; {M.YEAR.get(lang)} {r.year}",
        f"{M.WINDOW.get(lang)}: {format_value(r.window, lang)}",
        f"{M.PACK.get(lang)}: {r.pack.id}@{r.pack.version} — {r.pack.title.get(lang)} ({r.pack.content_hash[:19]}…)"
        + (f" — {M.EXTENDS.get(lang)} {r.overlay}" if r.overlay else ""),
    ]
    if r.criteria:
        out.append(f"{M.BASIS.get(lang)}: {M.SUMMARY.get(lang).format(**counts)}")
    if r.exclusion is not None:
        out.append(
            f"{M.EXCLUDED.get(lang)}: {r.exclusion.reason.get(lang)} "
            f"[{r.exclusion.id} · {r.exclusion.citation.label(lang)} {r.exclusion.citation.instrument}]"
        )
    if r.undetermined_scope:
        out.append(f"{M.SCOPE_UNDECIDED.get(lang)}: {', '.join(r.undetermined_scope)}")
    if r.extra_criteria is not None:
        out.append(r.extra_criteria.get(lang))
    out.append("")
    params = {p.name: p.value for p in r.parameters}
    order = {"not_met": 0, "undetermined": 1, "met": 2, "not_applicable": 3}
    for c in sorted(r.criteria, key=lambda c: order[c.status]) if r.exclusion is None else r.criteria:
        out.extend(render_criterion(c, lang, params))
    out.extend(score_and_dependency_lines(r, lang))
    if r.provenance:
        shown_prov = ", ".join(f"{M.PROVENANCE[s].get(lang)}: {n}" for s, n in r.provenance)
        out.append("")
        out.append(f"{M.RESTS_ON.get(lang)}: {shown_prov}")
    if r.parameters:
        out.append("")
        out.append(f"{M.PARAMETERS.get(lang)}:")
        for p in r.parameters:
            flag = M.DEFAULT.get(lang) if p.is_default else M.CHOSEN.get(lang)
            choice = f" — {p.choice.get(lang)}" if p.choice else ""
            out.append(
                f"  {p.name} = {format_value(p.value, lang)}{choice} ({flag}; {M.PROVENANCE[p.provenance.status].get(lang)})"
            )
    return "\n".join(out)
