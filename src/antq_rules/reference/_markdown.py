"""Render a compiled :class:`~antq_rules.packs.Pack` as a Markdown reference page.

The page lists everything a reader of the law needs to check the pack against the text: the
instrument, sources, subjects and windows, deadlines, requirements on other packs, exclusions,
indicators, events, legal values, the named interpretations (parameters), every criterion with its
citation, check and provenance and, for scored packs, the scale, every scoring item (by subject), the
levels with their edges and conditions, the caps and every slot (“chưa biết — chưa có văn bản”, with the
note saying which text is needed). A province overlay's page also says what it extends, filled, overrode
(with the national value replaced) and added, and marks every provincial element. It is
rendered in one language (Vietnamese by default) and is deterministic: the same pack always gives
the same text, byte for byte.

>>> from antq_rules.packs import load_pack_text
>>> page = render_pack_markdown(load_pack_text(_EXAMPLE, "ex.yaml"), "en")
>>> page.splitlines()[0]
'# Example pack'
>>> "#### ex.c1 — One" in page and "`count(topics) >= 1`" in page
True
"""

from __future__ import annotations

from typing import Any

from antq_rules._text import Lang, Text
from antq_rules.packs import Citation, Criterion, FieldSpec, Pack
from antq_rules.reference._common import (
    _CONFIDENCE,
    _KIND,
    _SPACE,
    _TYPES,
    _W,
    _anchor,
    _choices,
    _citation,
    _code,
    _day,
    _md,
    _number,
    _provenance,
    _t,
    _table,
    _value,
    _w,
)
from antq_rules.reference._links import deadlines_section, find_base, overlay_section, requires_section
from antq_rules.reference._scoring import (
    caps_section,
    dep_links,
    levels_section,
    local_mark,
    outcome_scored,
    scoring_section,
    slot_text,
    slots_section,
)

__all__ = ["render_pack_markdown"]

_EXAMPLE = """
schema: antq-rules/pack/v1
id: ex
version: 0.1.0
kind: standard
title: {vi: Gói ví dụ, en: Example pack}
effective_from: 2022-01-01
instrument: {number: 1/EX, type: {vi: Ví dụ, en: Example}, title: {vi: Ví dụ, en: Example},
  issued: null, issuer: {vi: Không, en: None}, effective_from: null}
subjects:
  - {id: s, name: {vi: Đơn vị, en: Unit}, kinds: {k: {vi: Loại, en: Kind}}, window: w,
     citation: {article: 1}}
windows:
  w: {name: {vi: Năm, en: Year}, start: {month: 1, day: 1}, end: {month: 12, day: 31},
      provenance: {status: confirmed}}
indicators:
  topics: {type: set, choices: {a: {vi: A, en: A}}, description: {vi: Chủ đề, en: Topics}}
criteria:
  - {id: ex.c1, subjects: [s], citation: {article: 2}, title: {vi: Một, en: One},
     description: {vi: Có chủ đề, en: Has a topic}, check: "count(topics) >= 1"}
outcome:
  labels: {pass: {vi: Đạt, en: Pass}, fail: {vi: Chưa đạt, en: Fail}}
  citation: {article: 3}
"""


# -- sections ------------------------------------------------------------------------------------


def _head(pack: Pack, lang: Lang) -> list[str]:
    command = f"python -m antq_rules.reference {pack.id}" + (" --lang en" if lang == "en" else "")
    eff = f"{_w('from', lang)} {_day(pack.effective_from, lang)}"
    if pack.effective_to:
        eff += f" {_w('to', lang)} {_day(pack.effective_to, lang)}"
    else:
        eff += f" ({_w('open', lang)})"
    counts = (
        _W["counts_text"]
        .format(
            subjects=len(pack.subjects),
            indicators=len(pack.indicators),
            events=len(pack.event_types),
            values=len(pack.values),
            parameters=len(pack.parameters),
            criteria=len(pack.criteria),
        )
        .get(lang)
    )
    if pack.levels:
        items = len(pack.items) + len(pack.adjustments)
        counts += ", " + _W["counts_scored"].format(items=items, levels=len(pack.levels)).get(lang)
    if pack.slots:
        counts += ", " + _W["counts_slots"].format(slots=len(pack.slots)).get(lang)
    rows = [
        [_w("version", lang), _code(pack.version)],
        [_w("kind", lang), _KIND.get(pack.kind, Text(pack.kind, pack.kind)).get(lang)],
        [_w("instrument", lang), _md(pack.instrument.number)],
    ]
    if pack.overlay is not None:
        rows.append([_w("extends", lang), f"{_code(pack.overlay.base)} ([{_w('overlay', lang)}](#overlay))"])
    rows += [
        [_w("pack_effective", lang), eff],
        [_w("content_hash", lang), _code(pack.content_hash)],
        [_w("counts", lang), counts],
    ]
    banner = [f"> {_w('illustrative_banner', lang)}", ""] if pack.illustrative else []
    return [
        f"# {_t(pack.title, lang)}",
        "",
        f"> {_w('generated', lang)} `{command}`",
        "",
        *banner,
        *_table([_w("pack", lang), _code(pack.id)], rows),
        "",
    ]


def _instrument(pack: Pack, lang: Lang) -> list[str]:
    ins = pack.instrument
    rows = [
        [_w("number", lang), f"**{_md(ins.number)}**"],
        [_w("type", lang), _t(ins.type, lang)],
        [_w("title", lang), _t(ins.title, lang)],
        [_w("issuer", lang), _t(ins.issuer, lang)],
    ]
    if ins.signer:
        rows.append([_w("signer", lang), _md(ins.signer)])
    rows.append([_w("issued", lang), _day(ins.issued, lang)])
    rows.append([_w("effective", lang), _day(ins.effective_from, lang)])
    rows.append([_w("replaces", lang), ", ".join(_md(r) for r in ins.replaces) or _w("none", lang)])
    out = [f"## {_w('instrument', lang)}", "", *_table(["", ""], rows), ""]
    if ins.amendments:
        out += [f"### {_w('amendments', lang)}", ""]
        rows = []
        for a in ins.amendments:
            note = a.get("note") or {}
            known = _w("yes", lang) if a.get("content_known") else f"**{_w('no', lang)}**"
            rows.append(
                [
                    f"**{_md(str(a['number']))}**",
                    _day(a.get("effective_from"), lang),
                    known,
                    _md(str(note.get(lang, ""))),
                ]
            )
        out += _table(
            [
                _w("number", lang),
                _w("effective", lang),
                _w("content_known", lang),
                _w("note", lang),
            ],
            rows,
        )
        out.append("")
    return out


def _sources(pack: Pack, lang: Lang) -> list[str]:
    if not pack.sources:
        return []
    rows = []
    for sid, s in pack.sources.items():
        url = str(s.get("url") or "")
        plain = url and not _SPACE.search(url) and "<" not in url and ">" not in url
        link = f"<{url}>" if plain else _md(url)
        conf = str(s.get("confidence", ""))
        rows.append(
            [
                f"**{_md(sid)}**",
                _md(str(s.get("title", ""))),
                link,
                _CONFIDENCE.get(conf, Text(conf, conf)).get(lang),
                _md(str(s.get("note") or "")),
            ]
        )
    header = [
        _w("source", lang),
        _w("title", lang),
        _w("url", lang),
        _w("confidence", lang),
        _w("note", lang),
    ]
    return [f"## {_w('sources', lang)}", "", *_table(header, rows), ""]


def _subject_notes(pack: Pack) -> dict[str, Text]:
    model: Any = pack.model
    return {m.id: Text(m.note.vi, m.note.en) for m in getattr(model, "subjects", ()) or () if m.note is not None}


def _subjects(pack: Pack, lang: Lang) -> list[str]:
    out = [f"## {_w('subjects', lang)}", ""]
    notes = _subject_notes(pack)
    for s in pack.subjects.values():
        w = pack.windows[s.window]
        kinds = "; ".join(f"{_code(k)} {_t(t, lang)}" for k, t in s.kinds.items())
        out += [
            f"### {_t(s.name, lang)} ({_code(s.id)})",
            "",
            f"- **{_w('citation', lang)}:** {_citation(s.citation, lang)}",
            f"- **{_w('kinds', lang)}:** {kinds}",
            f"- **{_w('window', lang)}:** {_t(w.name, lang)} ({_code(s.window)}): {w.spec.label()}",
        ]
        if pack.kind == "standard" or pack.criteria:
            out.append(f"- **{_w('criteria', lang)}:** {len(pack.criteria_by_subject[s.id])}")
        if pack.levels:
            n = len(pack.items_by_subject[s.id])
            out.append(f"- **{_w('items_count', lang)}:** [{n}](#scoring.{s.id})")
        if s.id in notes:
            out.append(f"- **{_w('note', lang)}:** {_t(notes[s.id], lang)}")
        out.append("")
    if pack.windows:
        out += [f"### {_w('windows', lang)}", "", _w("windows_intro", lang), ""]
        rows = [
            [
                _code(wid),
                _t(w.name, lang),
                w.spec.label(),
                _citation(w.citation, lang, instrument=False),
                _provenance(w.provenance, lang),
            ]
            for wid, w in pack.windows.items()
        ]
        header = [
            "",
            _w("title", lang),
            _w("span", lang),
            _w("citation", lang),
            _w("provenance", lang),
        ]
        out += [*_table(header, rows), ""]
    return out


def _exclusions(pack: Pack, lang: Lang) -> list[str]:
    if not pack.exclusions:
        return []
    out = [f"## {_w('exclusions', lang)}", "", _w("exclusions_intro", lang), ""]
    for ex in pack.exclusions:
        subject = pack.subjects[ex.subject]
        out += [
            f"- **{_md(ex.id)}** — {_t(subject.name, lang)} ({_code(ex.subject)}), {_citation(ex.citation, lang)}",
            f"    - {_w('when', lang)}: {_code(ex.when.source)}",
            f"    - {_w('reason', lang)}: {_t(ex.reason, lang)}",
        ]
        if ex.kept_when is not None and ex.kept_reason is not None:
            out += [
                f"    - {_w('kept_when', lang)}: {_code(ex.kept_when.source)}",
                f"    - {_w('kept_reason', lang)}: {_t(ex.kept_reason, lang)}",
            ]
    return [*out, ""]


def _range(f: FieldSpec, pack: Pack | None, lang: Lang) -> str:
    if f.type in ("integer", "decimal"):
        lo = None if f.min is None else _number(f.min, lang)
        hi = None if f.max is None else _number(f.max, lang)
        if lo is not None and hi is not None:
            return f"{lo} – {hi}"
        if lo is not None:
            return f"≥ {lo}"
        if hi is not None:
            return f"≤ {hi}"
        return ""
    if f.type in ("enum", "set"):
        out = _choices(f.choices, lang)
        return f"{out} ({_w('ordered', lang)})" if f.ordered else out
    if f.type == "date" and f.within:
        name = _w("evaluation_window", lang) if f.within == "evaluation" else _code(f.within)
        return f"{_w('within', lang)} {name}"
    return ""


def _field_notes(f: FieldSpec, lang: Lang) -> str:
    notes = [_t(f.description, lang)]
    if not f.required:
        opt = _w("optional", lang)
        if f.default is not None:
            opt += f", {_w('default', lang)} {_value(f.default, f.unit, lang)}"
        notes.append(f"*({opt})*")
    if f.previous_year:
        notes.append(f"*({_w('prev_year', lang)}: {_code('prev(' + f.name + ')')})*")
    return " ".join(notes)


def _subject_list(ids: frozenset[str] | None, pack: Pack, lang: Lang) -> str:
    if ids is None:
        return _w("all_subjects", lang)
    return ", ".join(_code(s) for s in pack.subjects if s in ids)


def _added(pack: Pack, section: str) -> set[str]:
    """Names an overlay added to ``section`` (they are provincial)."""
    if pack.overlay is None:
        return set()
    prefix = section + "."
    return {a[len(prefix) :] for a in pack.overlay.added if a.startswith(prefix)}


def _label(f: FieldSpec, lang: Lang) -> str:
    """The field's short name (its spreadsheet column header), or empty when the pack gives none."""
    return "" if f.label is None else _t(f.label, lang)


def _indicators(pack: Pack, lang: Lang) -> list[str]:
    if not pack.indicators:
        return []
    local = _added(pack, "indicators")
    mark = f" *({_w('local', lang)})*"
    rows = [
        [
            _code(name),
            _label(f, lang),
            _TYPES[f.type].get(lang),
            _code(f.unit) if f.unit else "",
            _range(f, pack, lang),
            _subject_list(f.subjects, pack, lang),
            _field_notes(f, lang) + (mark if name in local else ""),
        ]
        for name, f in pack.indicators.items()
    ]
    header = [
        _w("indicator", lang),
        _w("label", lang),
        _w("datatype", lang),
        _w("unit", lang),
        _w("range", lang),
        _w("subject", lang),
        _w("description", lang),
    ]
    return [
        f"## {_w('indicators', lang)}",
        "",
        _w("indicators_intro", lang),
        "",
        *_table(header, rows),
        "",
    ]


def _rollups(pack: Pack, lang: Lang) -> list[str]:
    if not pack.rollups:
        return []
    local = _added(pack, "rollups")
    mark = f" *({_w('local', lang)})*"
    rows = []
    for r in pack.rollups:
        if r.count == "in_scope":
            when = _w("rollup_in_scope", lang)
        elif r.count == "outcome":
            when = f"{_w('rollup_outcome', lang)} " + ", ".join(_code(o) for o in sorted(r.outcomes))
        else:
            when = f"{_w('rollup_indicator', lang)} {_code(str(r.member_indicator))} = {_code(str(r.equals).lower())}"
        cite = _citation(r.citation, lang) if r.citation is not None else ""
        rows.append(
            [
                _code(r.indicator),
                _code(r.subject),
                _subject_list(r.members, pack, lang),
                when,
                cite,
                _md(_t(r.description, lang)) + (mark if r.indicator in local else ""),
            ]
        )
    header = [
        _w("indicator", lang),
        _w("subject", lang),
        _w("rollup_members", lang),
        _w("rollup_counts", lang),
        _w("citation", lang),
        _w("description", lang),
    ]
    return [f"## {_w('rollups', lang)}", "", _w("rollups_intro", lang), "", *_table(header, rows), ""]


def _events(pack: Pack, lang: Lang) -> list[str]:
    out: list[str] = []
    if pack.event_types:
        out += [f"## {_w('event_types', lang)}", "", _w("event_types_intro", lang), ""]
        for tid, et in pack.event_types.items():
            out += [f"### {_t(et.name, lang)} ({_code(tid)})", ""]
            if not et.fields:
                out += [f"*{_w('no_fields', lang)}*", ""]
                continue
            rows = [
                [_code(n), _label(f, lang), _TYPES[f.type].get(lang), _range(f, None, lang), _field_notes(f, lang)]
                for n, f in et.fields.items()
            ]
            header = [
                _w("fields", lang),
                _w("label", lang),
                _w("datatype", lang),
                _w("range", lang),
                _w("description", lang),
            ]
            out += [*_table(header, rows), ""]
    if pack.event_lists:
        out += [f"## {_w('event_lists', lang)}", "", _w("event_lists_intro", lang), ""]
        for lid, lst in pack.event_lists.items():
            out += [
                f"### {_t(lst.name, lang)} ({_code('lists.' + lid)}) {_anchor('lists.' + lid)}",
                "",
                f"{_w('citation', lang)}: {_citation(lst.citation, lang)}",
                "",
            ]
            for e in lst.entries:
                types = ", ".join(_code(t) for t in sorted(e.types))
                out.append(f"- **{_w('point', lang)} {_md(e.point)}** — {_t(e.description, lang)}")
                out.append(f"    - {_w('types', lang)}: {types}")
                if e.where_text:
                    out.append(f"    - {_w('where', lang)}: {_code(e.where_text)}")
                if e.excused_text:
                    out.append(f"    - {_w('excused_when', lang)}: {_code(e.excused_text)} — {_t(e.excuse, lang)}")
            out.append("")
    return out


def _constraints(pack: Pack, lang: Lang) -> list[str]:
    if not pack.constraints:
        return []
    out = [f"## {_w('constraints', lang)}", "", _w("constraints_intro", lang), ""]
    local = _added(pack, "constraints")
    for c in pack.constraints:
        mark = f" *({_w('local', lang)})*" if c.id in local else ""
        out.append(f"- {_code(c.id)}: {_code(c.check.source)} — {_t(c.message, lang)}{mark}")
    return [*out, ""]


def _values(pack: Pack, lang: Lang) -> list[str]:
    if not pack.values:
        return []
    out = [f"## {_w('values', lang)}", "", _w("values_intro", lang), ""]
    for name, v in pack.values.items():
        shown = _value(v.value, v.unit, lang) if v.known else slot_text(f"values.{name}", v.provenance, lang)
        out += [
            f"### {_code('law.' + name)} {_anchor('law.' + name)}",
            "",
            f"- **{_w('value', lang)}:** {shown}",
            f"- **{_w('description', lang)}:** {_t(v.description, lang)}",
            f"- **{_w('citation', lang)}:** " + (_citation(v.citation, lang) or _w("not_stated", lang)),
        ]
        if v.bound is not None:
            out.append(f"- **{_w('bound', lang)}:** {_code(v.bound)} — {_w('bound_' + v.bound, lang)}")
        out += local_mark(v.origin, lang)
        if v.replaced is not None:
            old = v.replaced
            if old.known:
                was = f"{_value(old.value, old.unit, lang)} ({_provenance(old.provenance, lang)})"
                out.append(f"- **{_w('replaces_national', lang).capitalize()}:** {was}")
            else:
                out.append(f"- **{_w('fills_national', lang).capitalize()}** ({_code('values.' + name)})")
        if v.known:
            out.append(f"- **{_w('provenance', lang)}:** {_provenance(v.provenance, lang)}")
        out.append("")
    return out


def _parameters(pack: Pack, lang: Lang) -> list[str]:
    if not pack.parameters:
        return []
    out = [f"## {_w('parameters', lang)}", "", _w("parameters_intro", lang), ""]
    for name, p in pack.parameters.items():
        if p.type == "boolean":
            choices = f"{_code('true')}, {_code('false')}"
            default = _code(str(p.default).lower())
        else:
            marks = sorted(p.default) if isinstance(p.default, frozenset) else [str(p.default)]
            choices = _choices(p.choices, lang, marks)
            default = ", ".join(_code(m) for m in marks) if marks else "∅"
        out += [
            f"### {_code('param.' + name)} {_anchor('param.' + name)}",
            "",
            f"- **{_w('description', lang)}:** {_t(p.description, lang)}",
            f"- **{_w('datatype', lang)}:** {_TYPES[p.type].get(lang)}",
            f"- **{_w('choices', lang)}:** {choices}",
            f"- **{_w('default', lang).capitalize()}:** {default}",
            *local_mark(p.origin, lang),
        ]
        if p.replaced is not None:
            old = p.replaced.default
            old_marks = (
                sorted(old) if isinstance(old, frozenset) else [str(old).lower() if isinstance(old, bool) else str(old)]
            )
            shown_old = ", ".join(_code(m) for m in old_marks) if old_marks else "∅"
            out.append(f"- **{_w('replaces_national', lang).capitalize()}:** {shown_old}")
        out += [f"- **{_w('provenance', lang)}:** {_provenance(p.provenance, lang)}", ""]
    return out


def _criterion(c: Criterion, pack: Pack, lang: Lang) -> list[str]:
    out = [
        f"#### {_md(c.id)} — {_t(c.title, lang)} {_anchor(c.id)}",
        "",
        f"- **{_w('citation', lang)}:** {_citation(c.citation, lang)}",
        f"- **{_w('description', lang)}:** {_t(c.description, lang)}",
    ]
    if getattr(c, "origin", "national") != "national":
        out.append(f"- **{_w('provincial', lang)}** ({_code(c.origin)})")
    if len(c.subjects) > 1:
        out.append(f"- **{_w('subject', lang)}:** {_subject_list(c.subjects, pack, lang)}")
    if c.applies_when is not None:
        out.append(f"- **{_w('applies_when', lang)}:** {_code(c.applies_when.source)}")
        if c.not_applicable_reason is not None:
            out.append(f"- **{_w('not_applicable_reason', lang)}:** {_t(c.not_applicable_reason, lang)}")
    out.append(f"- **{_w('check', lang)}:** {_code(c.check.source)}")
    if c.reused_from:
        out.append(f"- **{_w('same_check', lang)}:** [{_md(c.reused_from)}](#{c.reused_from})")
    if c.law:
        links = ", ".join(f"[{_code('law.' + n)}](#law.{n})" for n in c.law)
        out.append(f"- **{_w('uses_values', lang)}:** {links}")
    if c.params:
        links = ", ".join(f"[{_code('param.' + n)}](#param.{n})" for n in c.params)
        out.append(f"- **{_w('uses_params', lang)}:** {links}")
    out += dep_links([c.check.source, c.applies_when.source if c.applies_when else None], pack, lang)
    out += [f"- **{_w('provenance', lang)}:** {_provenance(c.provenance, lang)}", ""]
    return out


def _criteria(pack: Pack, lang: Lang) -> list[str]:
    if not pack.criteria and pack.kind != "standard":
        return []
    intro = {"exemplary": "criteria_intro_exemplary", "classification": "criteria_intro_classification"}
    out = [f"## {_w('criteria', lang)}", "", _w(intro.get(pack.kind, "criteria_intro"), lang), ""]
    shown: dict[str, str] = {}
    for sid, subject in pack.subjects.items():
        out += [f"### {_t(subject.name, lang)} ({_code(sid)})", ""]
        shared = []
        for c in pack.criteria_by_subject[sid]:
            if c.id in shown:
                first = pack.subjects[shown[c.id]]
                shared.append(
                    f"- [{_md(c.id)}](#{c.id}) — {_t(c.title, lang)} "
                    f"({_w('also_subject', lang)} {_t(first.name, lang)}, {_code(first.id)})"
                )
                continue
            shown[c.id] = sid
            out += _criterion(c, pack, lang)
        if shared:
            out += [*shared, ""]
    return out


def _outcome(pack: Pack, lang: Lang) -> list[str]:
    if pack.levels:
        return outcome_scored(pack, lang)
    rule = _W["outcome_rule"].format(
        passed=pack.outcome_labels["pass"].get(lang), failed=pack.outcome_labels["fail"].get(lang)
    )
    out = [
        f"## {_w('outcome', lang)}",
        "",
        f"- **{_w('citation', lang)}:** {_citation(pack.outcome_citation, lang)}",
        f"- {_md(rule.get(lang))}",
    ]
    extra = pack.extra_criteria
    if extra is not None:
        allowed = _w("allowed", lang) if extra.get("allowed") else _w("not_allowed", lang)
        line = f"- **{_w('extra_allowed', lang)}:** {allowed}"
        cit = extra.get("citation")
        if cit:
            c = Citation(
                str(cit.get("instrument") or pack.instrument.number),
                int(cit["article"]),
                cit.get("clause"),
                cit.get("point"),
                Text(**cit["text"]) if cit.get("text") else None,
            )
            line += f" ({_citation(c, lang)})"
        note = extra.get("note")
        if note:
            line += f" — {_md(str(note.get(lang, '')))}"
        out.append(line)
    return [*out, ""]


def render_pack_markdown(pack: Pack, lang: Lang = "vi", *, base: Pack | None = None) -> str:
    """The reference page of ``pack`` in Markdown (Vietnamese, or English with ``lang="en"``).

    For a province overlay, ``base`` is the pack it extends (default: the shipped pack of that id and
    version, when its content hash matches); it only adds which national pack a re-pointed requirement
    used to name.
    """
    if lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi' or 'en', not {lang!r}")
    if base is None and pack.overlay is not None:
        base = find_base(pack)
    lines = [
        *_head(pack, lang),
        *_instrument(pack, lang),
        *overlay_section(pack, base, lang),
        *_sources(pack, lang),
        *_subjects(pack, lang),
        *deadlines_section(pack, lang),
        *requires_section(pack, base, lang),
        *_exclusions(pack, lang),
        *_indicators(pack, lang),
        *_rollups(pack, lang),
        *_events(pack, lang),
        *_constraints(pack, lang),
        *_values(pack, lang),
        *_parameters(pack, lang),
        *_criteria(pack, lang),
        *scoring_section(pack, lang),
        *levels_section(pack, lang),
        *caps_section(pack, lang),
        *slots_section(pack, lang),
        *_outcome(pack, lang),
    ]
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"
