"""Reference-page sections that link a pack to others and to the calendar: overlay, requirements, deadlines.

An overlay's page says what it extends and lists each change it declares: the slots it filled (and with
what), the national values it overrode (with the value replaced), what it added and which requirement it
re-pointed. The fill and override details that the compiled pack does not keep (which items filled a slot,
why a value was overridden) are read from the overlay file itself, only when its bytes still match the
pack's content hash; otherwise the page shows what the compiled pack knows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from antq_rules._text import Lang, Text
from antq_rules._yaml import YamlProblems, parse_yaml
from antq_rules.errors import AntqError
from antq_rules.packs import Pack, PackRegistry
from antq_rules.packs._model import LegalValue, Parameter
from antq_rules.reference._common import (
    _DEADLINE_KIND,
    _W,
    _anchor,
    _citation,
    _code,
    _md,
    _provenance,
    _t,
    _value,
    _w,
)
from antq_rules.reference._scoring import amount_text, deps_of

__all__ = ["deadlines_section", "find_base", "overlay_section", "requires_section"]


def find_base(pack: Pack) -> Pack | None:
    """The shipped pack an overlay extends, if it is the very one (same content hash)."""
    if pack.overlay is None:
        return None
    pack_id, _, version = pack.overlay.base.partition("@")
    try:
        base = PackRegistry.shipped().get(pack_id, version)
    except AntqError:
        return None
    return base if base.content_hash == pack.overlay.base_hash else None


def _source(pack: Pack) -> Mapping[str, Any]:
    """The overlay file as written, when it is still the file the pack was loaded from."""
    try:
        raw = Path(pack.file).read_bytes()
    except OSError:
        return {}
    if "sha256:" + hashlib.sha256(raw).hexdigest() != pack.content_hash:
        return {}
    try:
        data = parse_yaml(raw, pack.file).data
    except YamlProblems:
        return {}
    return data if isinstance(data, Mapping) else {}


def _entry(source: Mapping[str, Any], section: str, target: str) -> Any:
    part = source.get(section)
    return part.get(target) if isinstance(part, Mapping) else None


def _text_of(raw: Any) -> Text | None:
    if isinstance(raw, Mapping) and isinstance(raw.get("vi"), str) and isinstance(raw.get("en"), str):
        return Text(raw["vi"], raw["en"])
    return None


def _item_link(pack: Pack, item_id: str) -> str:
    return f"[{_md(item_id)}](#{item_id})"


def _filled(pack: Pack, target: str, source: Mapping[str, Any], lang: Lang) -> str:
    parts = target.split(".")
    if parts[:2] == ["scoring", "items"]:
        raw = _entry(source, "fill", target)
        entries = raw if isinstance(raw, list) else [raw] if raw is not None else []
        ids = [str(e.get("id")) for e in entries if isinstance(e, Mapping) and e.get("id") is not None]
        old = ".".join(parts[2:])
        if not ids and any(it.id == old for it in pack.items):
            ids = [old]
        known = {it.id for it in (*pack.items, *pack.adjustments)}
        links = ", ".join(_item_link(pack, i) if i in known else _code(i) for i in ids)
        return f"{_code(target)} — {_w('filled_items', lang)} {links}"
    if target == "scoring.total" and pack.total is not None:
        return f"[{_code(target)}](#scoring.total) — {_w('filled_value', lang)} {amount_text(pack.total, lang)}"
    if parts[0] == "levels" and len(parts) == 3:
        lv = next((x for x in pack.levels if x.id == parts[1]), None)
        if lv is not None:
            a = lv.min if parts[2] == "min" else lv.max
            return f"[{_code(target)}](#level.{lv.id}) — {_w('filled_value', lang)} {amount_text(a, lang)}"
    if parts[0] == "values" and len(parts) == 2 and parts[1] in pack.values:
        v = pack.values[parts[1]]
        return (
            f"[{_code(target)}](#law.{v.name}) — {_w('filled_value', lang)} {_value(v.value, v.unit, lang)} "
            f"({_provenance(v.provenance, lang)})"
        )
    return _code(target)


def _overridden(pack: Pack, target: str, national: Any, source: Mapping[str, Any], lang: Lang) -> list[str]:
    kind, _, name = target.partition(".")
    raw = _entry(source, "override", target)
    reason = _text_of(raw.get("reason")) if isinstance(raw, Mapping) else None
    if kind == "values" and isinstance(national, LegalValue) and name in pack.values:
        new = pack.values[name]
        head = f"- [{_code('law.' + name)}](#law.{name}): **{_value(new.value, new.unit, lang)}**"
        if new.citation is not None:
            head += f" ({_citation(new.citation, lang)})"
        old = f"{_value(national.value, national.unit, lang)}"
        if national.citation is not None:
            old += f" ({_citation(national.citation, lang)})"
        if national.bound is not None:
            old += f", {_code('bound: ' + national.bound)}"
        lines = [
            f"{head} — {_w('replaces_national', lang)} {old}",
            f"    - {_w('provenance', lang)}: {_provenance(new.provenance, lang)}",
        ]
    elif kind == "parameters" and isinstance(national, Parameter) and name in pack.parameters:
        new_p = pack.parameters[name]
        lines = [
            f"- [{_code('param.' + name)}](#param.{name}): {_w('default', lang)} **{_code(new_p.default)}** — "
            f"{_w('replaces_national', lang)} {_code(national.default)}",
            f"    - {_w('provenance', lang)}: {_provenance(new_p.provenance, lang)}",
        ]
    else:
        lines = [f"- {_code(target)}"]
    if reason is not None:
        lines.append(f"    - {_w('reason', lang)}: {_t(reason, lang)}")
    return lines


_ADDED_WORD = {
    "indicators": "indicators",
    "values": "values",
    "parameters": "parameters",
    "event_types": "event_types",
    "event_lists": "event_lists",
    "constraints": "constraints",
    "criteria": "criteria",
    "conditions": "conditions",
    "caps": "caps",
}


def _added_link(section: str, name: str) -> str:
    anchor = {
        "values": f"law.{name}",
        "parameters": f"param.{name}",
        "event_lists": f"lists.{name}",
        "criteria": name,
        "conditions": name,
        "caps": name,
    }.get(section)
    return f"[{_code(name)}](#{anchor})" if anchor else _code(name)


def overlay_section(pack: Pack, base: Pack | None, lang: Lang) -> list[str]:
    """What the overlay extends, filled, overrode, added and re-pointed (nothing for a national pack)."""
    info = pack.overlay
    if info is None:
        return []
    source = _source(pack)
    intro = _W["overlay_intro"].format(base=_code(info.base), hash=_code(info.base_hash)).get(lang)
    out = [f"## {_w('overlay', lang)} {_anchor('overlay')}", "", intro, ""]

    out += [f"### {_w('filled', lang)}", ""]
    out += [f"- {_filled(pack, t, source, lang)}" for t in info.filled] or [_w("filled_none", lang)]
    out.append("")

    out += [f"### {_w('overridden', lang)}", ""]
    lines = [line for t, national in info.overridden.items() for line in _overridden(pack, t, national, source, lang)]
    out += lines or [_w("overridden_none", lang)]
    out.append("")

    out += [f"### {_w('added', lang)}", ""]
    groups: dict[str, list[str]] = {}
    for entry in info.added:
        section, _, name = entry.partition(".")
        groups.setdefault(section, []).append(name)
    for section, names in groups.items():
        word = _ADDED_WORD.get(section)
        label = _w(word, lang) if word is not None else _md(section)
        out.append(f"- **{label}:** " + ", ".join(_added_link(section, n) for n in names))
    if not groups:
        out.append(_w("added_none", lang))
    out.append("")

    out += [f"### {_w('repointed', lang)}", ""]
    for alias, target in info.repointed.items():
        line = f"- [{_code('dep.' + alias)}](#dep.{alias}) → {_code(target)}"
        old = next((r.pack for r in base.requires if r.id == alias), None) if base is not None else None
        if old is not None:
            line += f" ({_w('instead_of', lang)} {_code(old)}, {_w('base_pack', lang)})"
        out.append(line)
    if not info.repointed:
        out.append(_w("repointed_none", lang))
    return [*out, ""]


def requires_section(pack: Pack, base: Pack | None, lang: Lang) -> list[str]:
    """Each requirement (``dep.ID``): the pack, the year, the outcomes and where the pack uses it."""
    if not pack.requires:
        return []
    users: dict[str, list[str]] = {}

    def note(element_id: str, *sources: str | None) -> None:
        for name in deps_of(sources):
            users.setdefault(name, [])
            if element_id not in users[name]:
                users[name].append(element_id)

    for c in pack.criteria:
        note(c.id, c.check.source, c.applies_when.source if c.applies_when else None)
    for it in (*pack.items, *pack.adjustments):
        note(it.id, *(e.source for e in (it.check, it.share, *(b.when for b in it.bands)) if e is not None))
    for lv in pack.levels:
        for cond in lv.conditions:
            note(cond.id, cond.when.source)
    for cap in pack.caps:
        note(cap.id, cap.when.source)
    repointed = pack.overlay.repointed if pack.overlay is not None else {}
    out = [f"## {_w('requires', lang)} {_anchor('requires')}", "", _w("requires_intro", lang), ""]
    for rq in pack.requires:
        if rq.year_offset == 0:
            year = _w("same_year", lang)
        elif rq.year_offset == -1:
            year = _w("year_before_1", lang)
        else:
            year = _W["year_before"].format(n=-rq.year_offset, off=rq.year_offset).get(lang)
        out += [
            f"### {_code('dep.' + rq.id)} {_anchor('dep.' + rq.id)}",
            "",
            f"- **{_w('required_pack', lang)}:** {_code(rq.pack)}",
            f"- **{_w('dep_year', lang)}:** {year}",
            f"- **{_w('outcomes_low_high', lang)}:** " + ", ".join(_code(o) for o in rq.outcomes),
        ]
        if rq.description is not None:
            out.append(f"- **{_w('description', lang)}:** {_t(rq.description, lang)}")
        if rq.citation is not None:
            out.append(f"- **{_w('citation', lang)}:** {_citation(rq.citation, lang)}")
        if rq.id in repointed:
            old = next((r.pack for r in base.requires if r.id == rq.id), None) if base is not None else None
            was = f" ({_w('instead_of', lang)} {_code(old)}, {_w('base_pack', lang)})" if old else ""
            out.append(f"- **{_w('local_rule', lang)}:** → {_code(rq.pack)}{was}")
        used = users.get(rq.id, [])
        shown = ", ".join(f"[{_md(u)}](#{u})" for u in used) if used else _w("used_nowhere", lang)
        out += [f"- **{_w('used_in', lang)}:** {shown}", ""]
    return out


def deadlines_section(pack: Pack, lang: Lang) -> list[str]:
    """The yearly deadlines (registration, selection, decision, report), with their subjects."""
    if not pack.deadlines:
        return []
    command = _code(f"antq-rules calendar {pack.id} --year Y --subject S")
    out = [
        f"## {_w('deadlines', lang)} {_anchor('deadlines')}",
        "",
        _W["deadlines_intro"].format(command=command).get(lang),
        "",
    ]
    for d in pack.deadlines:
        when = f"{_w('before', lang) if d.before else _w('on_day', lang)} {d.day.label()}"
        subjects = (
            ", ".join(_code(s) for s in pack.subjects if s in d.subjects)
            if d.subjects is not None
            else _w("all_subjects", lang)
        )
        out.append(
            f"- **{when}** — {_t(d.name, lang)} ({_code(d.id)}; {_DEADLINE_KIND[d.kind].get(lang)}; "
            f"{_w('subject', lang).lower()}: {subjects})"
        )
        if d.citation is not None:
            out.append(f"    - {_w('citation', lang)}: {_citation(d.citation, lang)}")
        out.append(f"    - {_w('provenance', lang)}: {_provenance(d.provenance, lang)}")
    return [*out, ""]
