"""Readable explanations of a result, in Vietnamese (default) or English: each criterion a block under a
heading that carries its citation once; values in the pack's words (labels, units, choice names)."""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from typing import Any

from antq_rules._numbers import Share
from antq_rules._text import Lang, Text
from antq_rules.explanations import _messages as M
from antq_rules.explanations._sentences import Words, outcome_name
from antq_rules.expressions import Comparison
from antq_rules.results import CriterionResult, ItemResult, Result

__all__ = [
    "format_percent",
    "format_value",
    "render_criterion",
    "render_dependencies",
    "render_outside_events",
    "render_score",
    "render_text",
]


_PARAM_NAME = re.compile(r"\bparam\.([A-Za-z_][A-Za-z0-9_]*)")


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


def _missing_name(name: str, words: Words | None, lang: Lang) -> str:
    """A missing input by the pack's label (``previous_year.x`` → label (năm trước); ``events``)."""
    if name == "events":
        return M.EVENTS_LIST.get(lang)
    base = name.removeprefix("previous_year.").removeprefix("prev.")
    shown = words.label(base, lang) if words is not None else base
    return f"{shown} ({M.SOURCE['previous_year'].get(lang)})" if base != name else shown


def _observation(o: Any, lang: Lang, words: Words | None = None, verbose: bool = False) -> str:
    shown = o.name
    if words is not None:
        label = words.label(o.name, lang)
        shown = f"{label} ({o.name})" if verbose and label != o.name else label
    prev = o.source in ("previous_year", "missing_previous_year")
    name = f"{shown} ({M.SOURCE['previous_year'].get(lang)})" if prev else shown
    if o.source in ("missing", "missing_previous_year"):
        return f"{name} = {M.SOURCE['missing'].get(lang)}"
    suffix = f" ({M.SOURCE['default'].get(lang)})" if o.source == "default" else ""
    value = words.value(o.name, o.value, lang) if words is not None else format_value(o.value, lang)
    return f"{name} = {value}{suffix}"


def _own_steps(c: CriterionResult, source: str | None) -> list[Any]:
    """The steps of the criterion's own expression, without those an event list's filters recorded.

    A ``count_events`` call is recorded (op ``count``) after the filter steps it ran; steps just
    before it are kept only when they are part of ``source`` (the criterion's expression text).
    """
    out: list[Any] = []
    pending: list[Any] = []
    for k in c.comparisons:
        if k.op == "count":
            out.extend(p for p in pending if source is not None and p.text in source)
            out.append(k)
            pending = []
        else:
            pending.append(k)
    return [*out, *pending]


def _source(words: Words | None, criterion_id: str) -> str | None:
    pack = None if words is None else words.pack
    if pack is None:
        return None
    import ast

    for crit in pack.criteria:
        if crit.id == criterion_id:
            texts = [crit.check.source] + ([crit.applies_when.source] if crit.applies_when else [])
            out = []
            for t in texts:
                try:
                    out.append(ast.unparse(ast.parse(t, mode="eval")))
                except (SyntaxError, ValueError, RecursionError):  # pragma: no cover - packs are checked on load
                    out.append(t)
            return "\n".join(out)
    return None


def check_line(k: Any, lang: Lang, words: Words | None = None, verbose: bool = False) -> str:
    """One recorded comparison: its verdict mark and a sentence (``✗ 1 vụ, cần 0``); ``verbose`` adds
    the expression and its raw values, as the engine recorded them.
    """
    mark = M.CHECK_MARK[k.result]
    if words is None:
        words = Words(None)
    text = f"{mark} {words.step(k, lang)}"
    if verbose:
        res = M.UNKNOWN if k.result is None else (M.TRUE if k.result else M.FALSE)
        text += f"  [{k.text} → {format_value(k.left, lang)} {k.op} {format_value(k.right, lang)} = {res.get(lang)}]"
    return text


def _param_line(name: str, p: Any, lang: Lang, words: Words | None, verbose: bool) -> str:
    """An interpretation parameter a criterion read: its name (a code, labelled as such) and its reading."""
    if not hasattr(p, "is_default"):  # a bare value (the caller passed values, not ParameterUsed)
        shown = words.value(None, p, lang) if words is not None else format_value(p, lang)
        return f"{M.PARAMETER.get(lang)} {name}: {shown}"
    reading = p.choice.get(lang) if p.choice is not None else None
    if reading is None:
        reading = words.value(None, p.value, lang) if words is not None else format_value(p.value, lang)
    flag = M.DEFAULT.get(lang) if p.is_default else M.CHOSEN.get(lang)
    if getattr(p, "origin", "national") == "provincial":  # a province overlay set it: its citation, never "default"
        cite = f" {p.citation.label(lang)} {p.citation.instrument}" if p.citation is not None else ""
        flag = Text("do gói địa phương chọn", "chosen by the provincial pack").get(lang) + cite
    raw = f" = {format_value(p.value, lang)}" if verbose else ""
    return f"{M.PARAMETER.get(lang)} {name}{raw}: {reading} ({flag}; {M.PROVENANCE[p.provenance.status].get(lang)})"


def render_criterion(
    c: CriterionResult,
    lang: Lang = "vi",
    params: dict[str, Any] | None = None,
    *,
    words: Words | None = None,
    verbose: bool = False,
) -> list[str]:
    """The lines that explain one criterion: a heading with its status, title, id and citation (once),
    then the description, the values read, the legal values, the readings and the checks, indented
    under it. ``params`` maps parameter names to :class:`~antq_rules.results.ParameterUsed` (or values);
    ``words`` (the pack's names) turns codes into labels; ``verbose`` adds the raw expressions.
    """
    cite = f"{c.citation.label(lang)} {c.citation.instrument}"
    head = f"{M.STATUS_MARK[c.status]} {M.STATUS[c.status].get(lang)} — {c.title.get(lang)} [{c.id} · {cite}]"
    if c.origin != "national":
        head += f" ({M.ORIGIN.get(c.origin, M.ORIGIN['provincial']).get(lang)})"
    pad = "    "
    lines = [head, f"{pad}{c.description.get(lang)}"]
    if c.reused_from:
        lines.append(f"{pad}({M.REUSED.get(lang)} {c.reused_from})")
    if c.reason is not None:
        lines.append(f"{pad}{M.REASON.get(lang)}: {c.reason.get(lang)}")
    if c.observed:
        obs = "; ".join(_observation(o, lang, words, verbose) for o in c.observed)
        lines.append(f"{pad}{M.OBSERVED.get(lang)}: {obs}")
    for t in c.thresholds:
        where = ""
        if t.citation is not None:
            where = t.citation.full(lang) if t.origin != "national" else t.citation.label(lang)
        prov = M.PROVENANCE[t.provenance.status].get(lang)
        if t.value is None:
            shown = M.SLOT.get(lang)
        elif t.unit == "percent":
            shown = format_percent(t.value, lang)
        elif words is not None:
            shown = words.value(None, t.value, lang)
        else:
            shown = format_value(t.value, lang)
        if t.origin != "national":
            was = "" if t.replaced is None else f"; {M.REPLACES.get(lang)} {format_value(t.replaced, lang)}"
            prov_extra = f"{M.ORIGIN['provincial'].get(lang)}{was}"
            where = f"{where}; {prov_extra}" if where else prov_extra
        name = f"{t.name} = " if verbose or words is None else ""
        lines.append(f"{pad}{M.THRESHOLD.get(lang)}: {name}{shown} ({where}{'; ' if where else ''}{prov})")
    for name in c.parameters:
        lines.append(f"{pad}{_param_line(name, (params or {}).get(name), lang, words, verbose)}")
    steps = _own_steps(c, _source(words, c.id)) if not verbose else list(c.comparisons)
    for k in steps:
        if k.op == "count":
            if verbose:
                lines.append(
                    f"{pad}{M.CHECK.get(lang)}: {k.text} = {format_value(k.left, lang)} ({format_value(k.right, lang)})"
                )
            continue
        if not verbose and Words.is_branch(k.text):
            continue  # the reading is shown with its parameter
        lines.append(f"{pad}{M.CHECK.get(lang)}: {check_line(k, lang, words, verbose)}")
    for e in c.events:
        reason = f" — {e.reason.get(lang)}" if e.reason is not None else ""
        ident = f" {e.id}" if e.id else ""
        kind = words.event_type(e.type, lang) if words is not None else e.type
        listed = words.event_list(e.list_id, lang) if words is not None else None
        where = M.EVENT_POINT.format(point=e.point, list=e.list_id).get(lang)
        if listed is not None and verbose:
            where += f" — {listed}"
        lines.append(
            f"{pad}{M.EVENTS.get(lang)}{ident} (#{e.position}): {kind}, {format_value(e.date, lang)} — {where}: "
            f"{M.EVENT_STATUS[e.status].get(lang)}{reason}"
        )
    if c.missing:
        lines.append(f"{pad}{M.MISSING.get(lang)}: {', '.join(_missing_name(n, words, lang) for n in c.missing)}")
    if c.undefined:
        lines.append(f"{pad}{M.UNDEFINED.get(lang)}: {', '.join(c.undefined)}")
    return lines


def hand_scored_line(i: ItemResult, lang: Lang) -> str:
    """Say that the meeting scored an item by hand, what allows it, and what the pack's rule gave."""
    h = i.hand_scoring
    assert h is not None
    rule = M.ITEM_STATUS["undetermined"].get(lang) if i.computed is None else format_value(i.computed, lang)
    step = format_value(h.step, lang)
    cite = h.citation.full(lang)
    return Text(
        f"chấm tay theo bước {step} điểm ({cite}); theo quy tắc của gói: {rule}",
        f"scored by hand in steps of {step} points ({cite}); by the pack's rule: {rule}",
    ).get(lang)


def _level(code: str | None, lang: Lang, words: Words | None) -> str:
    if code is None:
        return M.UNKNOWN.get(lang)
    return words.level(code, lang) if words is not None else code


def render_score(r: Result, lang: Lang = "vi", *, words: Words | None = None, verbose: bool = False) -> list[str]:
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
        if i.hand_scoring is not None:
            out.append(f"      {hand_scored_line(i, lang)}")
        for k in i.trace:
            if isinstance(k, Comparison) and (verbose or not Words.is_branch(k.text)):
                out.append(f"      {M.CHECK.get(lang)}: {check_line(k, lang, words, verbose)}")
        if i.missing:
            out.append(f"      {M.MISSING.get(lang)}: {', '.join(_missing_name(n, words, lang) for n in i.missing)}")
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
        level = _level(c.level, lang, words)
        out.append(
            f"  {kind} {c.id} ({level}): {M.STATUS[c.status].get(lang)} — {c.description.get(lang)}{origin}{cite}"
        )
        for k in c.trace:
            if isinstance(k, Comparison):
                out.append(f"      {M.CHECK.get(lang)}: {check_line(k, lang, words, verbose)}")
    if s.band and s.level and s.band != s.level:
        out.append(f"  {M.BAND.get(lang)}: {_level(s.band, lang, words)} → {_level(s.level, lang, words)}")
    if s.level_name is not None:
        out.append(f"  {M.LEVEL.get(lang)}: {s.level_name.get(lang)}")
    if s.missing_slots:
        out.append(f"  {M.MISSING_SLOTS.get(lang)}:")
        out.extend(f"    - {slot}" for slot in s.missing_slots)
    return out


def render_dependencies(r: Result, lang: Lang = "vi", *, words: Words | None = None) -> list[str]:
    """One line per required pack: its outcome (by name), year, and whether supplied, evaluated or missing."""
    out = []
    for d in r.dependencies:
        source = M.DEP_SOURCE[d.source].get(lang)
        if d.result is not None and d.outcome == d.result.outcome:
            outcome = d.result.outcome_label.get(lang)
            if d.result.score is not None and d.result.score.level_name is not None:
                outcome = d.result.score.level_name.get(lang)
        elif words is not None:
            outcome = words.outcome(d.outcome, lang, d.id)
        else:
            outcome = outcome_name(d.outcome, lang)
        decision = f" — {d.decision}" if d.decision else ""
        ill = f" [{M.ILLUSTRATIVE_SHORT.get(lang)}]" if d.illustrative else ""
        other = None if words is None else words.others.get(d.id)
        year = f"{M.YEAR.get(lang).lower()} {d.year}"
        if other is not None:
            name, where = (
                f"{other.instrument.type.get(lang)} {other.instrument.number}",
                f"{M.PACK_WORD.get(lang)} {d.pack}, ",
            )
        else:
            name, where = d.pack, ""
        out.append(f"  {name}: {outcome} ({where}{year}; {source}{decision}){ill}")
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


def score_and_dependency_lines(
    r: Result, lang: Lang = "vi", *, words: Words | None = None, verbose: bool = False
) -> list[str]:
    """The score breakdown, the dependency chain and the events outside the evaluation period, each
    after a blank line (nothing for a section the result does not have). The text explanation and the
    CLI table both show these sections through this one function.
    """
    out: list[str] = []
    if r.score is not None:
        out.append("")
        out.extend(render_score(r, lang, words=words, verbose=verbose))
    if r.dependencies:
        out.append("")
        out.append(f"{M.DEPENDENCIES.get(lang)}:")
        out.extend(render_dependencies(r, lang, words=words))
    if r.outside_events:
        out.append("")
        out.append(f"{M.OUTSIDE_EVENTS.get(lang)} ({len(r.outside_events)}):")
        out.extend(render_outside_events(r, lang))
    return out


def words_for(result: Result, pack: Any = None, registry: Any = None) -> Words:
    """The names of ``result``'s pack (and of the packs it depends on), to show labels instead of codes.

    ``pack`` is the result's pack when the caller has it; else it is looked up in ``registry`` (or the
    shipped packs) by id, version and content hash. When it cannot be found, codes stand for names.
    """
    from antq_rules.errors import AntqError

    def find(pack_id: str, version: str | None, content_hash: str | None = None) -> Any:
        for reg in (registry, None):
            try:
                if reg is None:
                    from antq_rules.packs import PackRegistry

                    reg = PackRegistry.shipped()
                found = reg.get(pack_id, version)
            except (AntqError, KeyError, LookupError, OSError):
                continue
            if content_hash is None or found.content_hash == content_hash:
                return found
        return None

    if pack is None:
        pack = find(result.pack.id, result.pack.version, result.pack.content_hash)
    others = {}
    for d in result.dependencies:
        other = find(d.pack, d.version)
        if other is not None:
            others[d.id] = other
    values: dict[str, Any] = {}
    for c in result.criteria:
        for o in c.observed:
            if o.source in ("input", "default"):
                values.setdefault(o.name, o.value)
    return Words(pack, values, others)


def used_parameters(r: Result, pack: Any = None) -> list[Any]:
    """The interpretation parameters the unit's result rests on, not every one of the pack: those its
    criteria name (``CriterionInfo.parameters``) and its score's steps read and, given ``pack``, those
    of the exclusion that set the unit aside or of the readings that kept it in scope (scope notes)."""
    used = {p for c in r.criteria for p in c.parameters}
    if pack is not None:
        decided = {r.exclusion.id} if r.exclusion is not None else set()
        decided.update(note.id for note in r.scope_notes)
        for ex in getattr(pack, "exclusions", ()):
            if ex.id in decided:
                for expr in (ex.when, ex.kept_when):
                    used.update(getattr(expr, "params", ()) if expr is not None else ())
    traces: list[Any] = [k for c in r.criteria for k in c.comparisons]
    if r.score is not None:
        traces += [k for i in r.score.items for k in i.trace]
        traces += [k for cond in r.score.conditions for k in cond.trace]
    for k in traces:
        used.update(_PARAM_NAME.findall(getattr(k, "text", "")))
    return [p for p in r.parameters if p.name in used]


def render_text(
    result: Result, lang: Lang = "vi", *, pack: Any = None, registry: Any = None, verbose: bool = False
) -> str:
    """The whole explanation as plain text (Vietnamese by default, ``lang="en"`` for English).

    Each criterion is a block: a heading with its status, title, id and citation, then its lines
    indented under it. Names are the pack's labels (``pack``, or the pack found in ``registry`` or the
    shipped packs); ``verbose`` (the auditor's form) adds the raw expressions and input names.
    """
    if not isinstance(result, Result):
        from antq_rules.errors import EvaluationError

        raise EvaluationError(Text("cần một Result", f"expected a Result, not {type(result).__name__}"))
    r = result
    words = words_for(r, pack, registry)
    unit = r.unit
    name = f"{unit.name} ({unit.id})" if unit.name else unit.id
    subject, kind = unit.subject, unit.kind or ""
    spack = words.pack
    if spack is not None and unit.subject in spack.subjects:
        s = spack.subjects[unit.subject]
        subject = s.name.get(lang)
        if unit.kind and unit.kind in s.kinds:
            kind = s.kinds[unit.kind].get(lang)
    kind = f" / {kind}" if kind else ""
    counts = r.status_counts()
    basis = f" [{r.outcome_citation.label(lang)} {r.outcome_citation.instrument}]" if r.outcome_citation else ""
    out = [f"⚠ {M.ILLUSTRATIVE_BANNER.get(lang)}"] if r.illustrative else []
    out += [
        f"{M.HEADER.get(lang)}: {M.OUTCOME_MARK.get(r.outcome, '•')} {r.outcome_label.get(lang).upper()}{basis}",
        f"{M.UNIT.get(lang)}: {name} — {subject}{kind}; {M.YEAR.get(lang)} {r.year}",
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
    for note in r.scope_notes:
        out.append(
            f"{M.SCOPE_KEPT.get(lang)}: {note.reason.get(lang)} "
            f"[{note.id} · {note.citation.label(lang)} {note.citation.instrument}]"
        )
    if r.undetermined_scope:
        shown = ", ".join(_missing_name(n, words, lang) for n in r.undetermined_scope)
        out.append(f"{M.SCOPE_UNDECIDED.get(lang)}: {shown}")
    if r.extra_criteria is not None:
        out.append(r.extra_criteria.get(lang))
    params = {p.name: p for p in r.parameters}
    order = {"not_met": 0, "undetermined": 1, "met": 2, "not_applicable": 3}
    for c in sorted(r.criteria, key=lambda c: order[c.status]) if r.exclusion is None else r.criteria:
        out.append("")  # a blank line before each criterion's block
        out.extend(render_criterion(c, lang, params, words=words, verbose=verbose))
    out.extend(score_and_dependency_lines(r, lang, words=words, verbose=verbose))
    if r.provenance:
        shown_prov = ", ".join(f"{M.PROVENANCE[s].get(lang)}: {n}" for s, n in r.provenance)
        out.append("")
        out.append(f"{M.RESTS_ON.get(lang)}: {shown_prov}")
    used = used_parameters(r, words.pack)
    if used:
        out.append("")
        out.append(f"{M.PARAMETERS.get(lang)}:")
        for p in used:
            out.append(f"  {_param_line(p.name, p, lang, words, verbose)}")
    return "\n".join(out)
