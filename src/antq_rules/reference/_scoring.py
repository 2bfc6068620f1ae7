"""Reference-page sections of scored packs: scoring items, levels and their conditions, caps, slots.

Every section lists the pack's elements in pack order, so a page is the same text byte for byte for the
same pack. A slot (a value whose provenance is ``unknown``) is shown as “chưa biết — chưa có văn bản”
with the note that says which text is needed; provincial elements (from an overlay) are marked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Any

from antq_rules._text import Lang, Text
from antq_rules.packs import Pack, Provenance
from antq_rules.packs._model import Amount, Cap, Condition, Item, Level
from antq_rules.reference._common import (
    _ITEM_KIND,
    _METHOD,
    _METHOD_LONG,
    _W,
    _anchor,
    _citation,
    _code,
    _md,
    _number,
    _provenance,
    _t,
    _table,
    _w,
)

__all__ = [
    "amount_text",
    "caps_section",
    "dep_links",
    "deps_of",
    "item_notes",
    "levels_section",
    "local_mark",
    "outcome_scored",
    "scoring_section",
    "slot_targets",
    "slot_text",
    "slots_section",
]

_DEP = re.compile(r"\bdep\.([A-Za-z_][A-Za-z0-9_]*)")


def local_mark(origin: str, lang: Lang) -> list[str]:
    """The bullet that marks a provincial element (nothing for a national one)."""
    if origin == "national":
        return []
    return [f"- **{_w('local_rule', lang)}** ({_code(origin)})"]


def deps_of(sources: Iterable[str | None]) -> list[str]:
    """The requirement ids (``dep.ID``) that expression texts read, in first-seen order."""
    seen: dict[str, None] = {}
    for s in sources:
        for name in _DEP.findall(s or ""):
            seen.setdefault(name, None)
    return list(seen)


def dep_links(sources: Iterable[str | None], pack: Pack, lang: Lang) -> list[str]:
    """A bullet linking the requirements an element's expressions use (nothing if none)."""
    names = [n for n in deps_of(sources) if any(r.id == n for r in pack.requires)]
    if not names:
        return []
    links = ", ".join(f"[{_code('dep.' + n)}](#dep.{n})" for n in names)
    return [f"- **{_w('uses_deps', lang)}:** {links}"]


def _law_links(names: Iterable[str], lang: Lang) -> list[str]:
    names = sorted(set(names))
    if not names:
        return []
    links = ", ".join(f"[{_code('law.' + n)}](#law.{n})" for n in names)
    return [f"- **{_w('uses_values', lang)}:** {links}"]


def slot_text(slot: str | None, p: Provenance, lang: Lang) -> str:
    """A slot as the page shows it: “chưa biết — chưa có văn bản”, its name, sources and note."""
    where = [f"{_w('slot_name', lang)} {_code(slot)}"] if slot else []
    where += list(p.sources)
    out = f"**{_w('slot', lang)}**" + (f" ({'; '.join(where)})" if where else "")
    if p.note is not None:
        out += f" — {_t(p.note, lang)}"
    return out


def amount_text(a: Amount, lang: Lang, *, named: bool = True) -> str:
    """A points amount with its provenance (and citation, and origin when provincial)."""
    if not a.known:
        return slot_text(a.slot if named else None, a.provenance, lang)
    out = f"{_number(a.value, lang)} — {_provenance(a.provenance, lang)}"
    if a.citation is not None:
        out += f" ({_w('citation', lang).lower()}: {_citation(a.citation, lang)})"
    if a.origin != "national":
        out += f" *({_w('local', lang)})*"
    return out


def _short(a: Amount, lang: Lang) -> str:
    return _number(a.value, lang) if a.known else f"*{_w('unknown_short', lang)}*"


def item_notes(pack: Pack) -> dict[str, Text]:
    """The notes of the scoring items (kept only in the validated source of the pack)."""
    model: Any = pack.model
    scoring = getattr(model, "scoring", None)
    out: dict[str, Text] = {}
    if scoring is None:
        return out
    for m in (*scoring.items, *scoring.adjustments):
        if m.note is not None:
            out[m.id] = Text(m.note.vi, m.note.en)
    return out


# -- scoring --------------------------------------------------------------------------------------


def _item(it: Item, pack: Pack, notes: dict[str, Text], lang: Lang) -> list[str]:
    out = [
        f"#### {_md(it.id)} — {_t(it.title, lang)} {_anchor(it.id)}",
        "",
        f"- **{_w('citation', lang)}:** {_citation(it.citation, lang)}",
    ]
    if it.group is not None:
        out.append(f"- **{_w('group', lang)}:** {_t(it.group, lang)}")
    out.append(f"- **{_w('description', lang)}:** {_t(it.description, lang)}")
    out += local_mark(it.origin, lang)
    if it.kind != "item":
        out.append(f"- **{_w('item_kind', lang)}:** {_ITEM_KIND[it.kind].get(lang)}")
    if len(it.subjects) > 1:
        subjects = ", ".join(_code(s) for s in pack.subjects if s in it.subjects)
        out.append(f"- **{_w('subject', lang)}:** {subjects}")
    whole = it.method == "unknown"  # the whole item is the slot, not its maximum alone
    out.append(f"- **{_w('max_points', lang)}:** {amount_text(it.max, lang, named=not whole)}")
    if whole:
        why = _W["whole_slot"].format(slot=_code(f"scoring.items.{it.id}")).get(lang)
        out.append(f"- **{_w('method', lang)}:** **{_w('slot', lang)}** — {why}")
    else:
        out.append(f"- **{_w('method', lang)}:** {_METHOD_LONG[it.method].get(lang)}")
    if it.check is not None:
        out.append(f"- **{_w('check', lang)}:** {_code(it.check.source)}")
    if it.share is not None:
        out.append(f"- **{_w('share', lang)}:** {_code(it.share.source)}")
    if it.method == "bands":
        out.append(f"- **{_w('bands', lang)}:**")
        for i, b in enumerate(it.bands, 1):
            out.append(f"    {i}. {_code(b.when.source)} ⇒ {amount_text(b.points, lang)}")
    if it.hand_scoring is not None:
        out += _hand_scoring(it, lang)
    exprs = [e for e in (it.check, it.share, *(b.when for b in it.bands)) if e is not None]
    out += _law_links((n for e in exprs for n in e.law), lang)
    out += dep_links((e.source for e in exprs), pack, lang)
    if it.provenance is not None or not whole:
        out.append(f"- **{_w('provenance', lang)}:** {_provenance(it.provenance, lang)}")
    note = notes.get(it.id)
    if note is not None:
        out.append(f"- **{_w('note', lang)}:** {_t(note, lang)}")
    return [*out, ""]


def _hand_scoring(it: Item, lang: Lang) -> list[str]:
    h = it.hand_scoring
    assert h is not None
    step = _number(h.step, lang)
    what = Text(
        f"hội nghị đánh giá có thể chấm tay theo bước {step} điểm (0 … điểm tối đa, kèm lý do); điểm chấm tay "
        "thay điểm do quy tắc trên tính, và kết quả ghi cả hai",
        f"the evaluation meeting may score it by hand in steps of {step} points (0 … the maximum, with a "
        "reason); the hand score replaces the points the rule above computes, and the result records both",
    )
    local = f" *({_w('local', lang)})*" if h.origin != "national" else ""  # an overlay's own allowance
    out = [
        f"- **{Text('Chấm tay theo bước', 'Hand scoring in steps').get(lang)}:** {what.get(lang)} — "
        f"{_citation(h.citation, lang)}{local}"
    ]
    out.append(f"    - {_w('provenance', lang)}: {_provenance(h.provenance, lang)}")
    if h.note is not None:
        out.append(f"    - {_w('note', lang)}: {_t(h.note, lang)}")
    return out


def _method_cell(it: Item, lang: Lang) -> str:
    text = _METHOD[it.method].get(lang)
    if it.hand_scoring is not None:
        step = _number(it.hand_scoring.step, lang)
        text += Text(f"; chấm tay theo bước {step}", f"; hand scoring in steps of {step}").get(lang)
    if it.kind != "item":
        text = f"{_ITEM_KIND[it.kind].get(lang)}; {text}"
    return text


def scoring_section(pack: Pack, lang: Lang) -> list[str]:
    """The scale and every scoring item, grouped by subject (each item's details appear once)."""
    if pack.total is None:
        return []
    total = pack.total
    out = [
        f"## {_w('scoring', lang)} {_anchor('scoring')}",
        "",
        _w("scoring_intro", lang),
        "",
        f"### {_w('scale', lang)} {_anchor('scoring.total')}",
        "",
        f"- **{_w('total_points', lang)}:** {amount_text(total, lang)}",
        "",
    ]
    notes = item_notes(pack)
    shown: set[str] = set()
    for sid, subject in pack.subjects.items():
        items = pack.items_by_subject[sid]
        out += [f"### {_t(subject.name, lang)} ({_code(sid)}) {_anchor('scoring.' + sid)}", ""]
        if not items:
            out += [_w("no_items", lang), ""]
            continue
        rows = [
            [
                f"[{_md(it.id)}](#{it.id})",
                _t(it.group, lang),
                _t(it.title, lang),
                _short(it.max, lang),
                _method_cell(it, lang),
            ]
            for it in items
        ]
        header = [_w("item", lang), _w("group", lang), _w("content", lang), _w("max", lang), _w("method", lang)]
        out += [*_table(header, rows), ""]
        plain = [it for it in items if it.kind == "item"]
        known = sum((Fraction(it.max.value) for it in plain if it.max.known), Fraction(0))
        unknown = sum(1 for it in plain if not it.max.known)
        scale = _short(total, lang)
        if unknown:
            out += [_W["sum_partial"].format(known=_number(known, lang), total=scale, n=unknown).get(lang), ""]
        else:
            out += [_W["sum_known"].format(known=_number(known, lang), total=scale).get(lang), ""]
        for it in items:
            if it.id in shown:
                continue
            shown.add(it.id)
            out += _item(it, pack, notes, lang)
    return out


# -- levels, conditions, caps ---------------------------------------------------------------------


def _band_text(lv: Level, top: bool, lang: Lang) -> str:
    key = "band_top" if top else "band_text"
    return _W[key].format(lo=_short(lv.min, lang), hi=_short(lv.max, lang)).get(lang)


def _condition(c: Condition, pack: Pack, lang: Lang) -> list[str]:
    head = [
        f"#### {_w('condition', lang)} {_md(c.id)} {_anchor(c.id)}",
        "",
        f"- **{_w('when', lang)}:** {_code(c.when.source)}",
    ]
    return [*head, *_rule_details(c, pack, lang)]


def _rule_details(c: Condition | Cap, pack: Pack, lang: Lang) -> list[str]:
    """What a level condition and a cap both show: text, citation, origin, values read, provenance."""
    out = [
        f"- **{_w('description', lang)}:** {_t(c.description, lang)}",
        f"- **{_w('citation', lang)}:** " + (_citation(c.citation, lang) or _w("not_stated", lang)),
    ]
    out += local_mark(c.origin, lang)
    out += _law_links(c.when.law, lang)
    out += dep_links([c.when.source], pack, lang)
    out.append(f"- **{_w('provenance', lang)}:** {_provenance(c.provenance, lang)}")
    return [*out, ""]


def levels_section(pack: Pack, lang: Lang) -> list[str]:
    """Every level, lowest first: its band edges (or slots), description and extra conditions."""
    if not pack.levels:
        return []
    last = len(pack.levels) - 1
    rows = []
    for i, lv in enumerate(pack.levels):
        conds = ", ".join(f"[{_md(c.id)}](#{c.id})" for c in lv.conditions)
        rows.append([f"[{_t(lv.name, lang)}](#level.{lv.id})", _code(lv.id), _band_text(lv, i == last, lang), conds])
    header = [_w("level", lang), _w("id", lang), _w("band", lang), _w("conditions", lang)]
    out = [f"## {_w('levels', lang)} {_anchor('levels')}", "", _w("levels_intro", lang), "", *_table(header, rows), ""]
    for i, lv in enumerate(pack.levels):
        upper = "upper_edge_top" if i == last else "upper_edge"
        out += [f"### {_t(lv.name, lang)} ({_code(lv.id)}) {_anchor('level.' + lv.id)}", ""]
        if lv.description is not None:
            out.append(f"- **{_w('description', lang)}:** {_t(lv.description, lang)}")
        out += [
            f"- **{_w('band', lang)}:** {_band_text(lv, i == last, lang)}",
            f"- **{_w('lower_edge', lang)}:** {amount_text(lv.min, lang)}",
            f"- **{_w(upper, lang)}:** {amount_text(lv.max, lang)}",
        ]
        if not lv.conditions:
            out.append(f"- **{_w('conditions', lang)}:** {_w('none', lang)}")
        out.append("")
        for c in lv.conditions:
            out += _condition(c, pack, lang)
    return out


def _cap(c: Cap, pack: Pack, lang: Lang) -> list[str]:
    level = next((lv for lv in pack.levels if lv.id == c.max_level), None)
    name = _t(level.name, lang) if level is not None else _md(c.max_level)
    head = [
        f"### {_md(c.id)} {_anchor(c.id)}",
        "",
        f"- **{_w('when', lang)}:** {_code(c.when.source)}",
        f"- **{_w('max_level', lang)}:** [{name}](#level.{c.max_level}) ({_code(c.max_level)})",
    ]
    return [*head, *_rule_details(c, pack, lang)]


def caps_section(pack: Pack, lang: Lang) -> list[str]:
    if not pack.levels:
        return []
    out = [f"## {_w('caps', lang)} {_anchor('caps')}", "", _w("caps_intro", lang), ""]
    if not pack.caps:
        return [*out, _w("caps_none", lang), ""]
    for c in pack.caps:
        out += _cap(c, pack, lang)
    return out


# -- slots ----------------------------------------------------------------------------------------


def slot_targets(pack: Pack) -> dict[str, tuple[str, Provenance]]:
    """Every slot name of the pack, with the page anchor that shows it and its provenance."""
    out: dict[str, tuple[str, Provenance]] = {}
    for name, v in pack.values.items():
        if v.provenance.status == "unknown":
            out[f"values.{name}"] = (f"law.{name}", v.provenance)
    if pack.total is not None and not pack.total.known:
        out[pack.total.slot] = ("scoring.total", pack.total.provenance)
    for it in (*pack.items, *pack.adjustments):
        if it.method == "unknown":
            out[f"scoring.items.{it.id}"] = (it.id, it.max.provenance)
            continue
        for a in (it.max, *(b.points for b in it.bands)):
            if not a.known:
                out[a.slot] = (it.id, a.provenance)
    for lv in pack.levels:
        for a in (lv.min, lv.max):
            if not a.known:
                out[a.slot] = (f"level.{lv.id}", a.provenance)
    return out


def slots_section(pack: Pack, lang: Lang) -> list[str]:
    """The list of every slot, linked to where it stands, with the note saying what is needed."""
    if not pack.slots and pack.total is None:
        return []
    out = [f"## {_w('slots', lang)} {_anchor('slots')}", "", _w("slots_intro", lang), ""]
    if not pack.slots:
        return [*out, _w("slots_none", lang), ""]
    targets = slot_targets(pack)
    names = {f"level.{lv.id}": f"{_w('level', lang)} {_t(lv.name, lang)}" for lv in pack.levels}
    names["scoring.total"] = _w("total_points", lang)
    rows = []
    for slot in pack.slots:
        anchor, prov = targets.get(slot, ("", Provenance("unknown")))
        label = names.get(anchor) or (_code(anchor) if anchor.startswith("law.") else _md(anchor))
        where = f"[{label}](#{anchor})" if anchor else ""
        rows.append([_code(slot), where, _t(prov.note, lang)])
    header = [_w("slot_name", lang).capitalize(), _w("slot_where", lang), _w("note", lang)]
    return [*out, *_table(header, rows), ""]


# -- outcome --------------------------------------------------------------------------------------


def outcome_scored(pack: Pack, lang: Lang) -> list[str]:
    """How a classification or exemplary pack turns scores, levels and criteria into the outcome."""
    steps = []
    if pack.exclusions:
        steps.append(_w("outcome_excluded", lang))
    exemplary = pack.kind == "exemplary"
    if exemplary:
        steps.append(_w("outcome_not_eligible", lang))
    steps.append(_w("outcome_incomplete", lang))
    gate = _w("outcome_gate_undetermined", lang) if exemplary else ""
    steps.append(_W["outcome_undetermined"].format(gate=gate).get(lang))
    levels = ", ".join(_code(lv.id) for lv in pack.levels)
    steps.append(_W["outcome_level"].format(levels=levels).get(lang))
    out = [f"## {_w('outcome', lang)} {_anchor('outcome')}", "", _w("outcome_scored_intro", lang), ""]
    out += [f"{i}. {s}" for i, s in enumerate(steps, 1)]
    return [*out, ""]
