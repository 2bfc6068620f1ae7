"""What a header may name: the reserved columns and every field the given packs declare.

A header names a field by its code (``households_resident``), by the pack's Vietnamese or English
``label`` ("Số hộ đang cư trú"), or in the template form "Label (code)". ``prev.<indicator>`` is last
year's value, ``score.<ITEM>`` / ``score_reason.<ITEM>`` a hand score and its reason. Comparison is
case-insensitive, NFC, whitespace-collapsed (:func:`~antq_rules.tables._names.norm`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from antq_rules.packs import FieldSpec, Pack
from antq_rules.tables._names import norm

__all__ = ["EVENT_RESERVED", "UNIT_RESERVED", "Resolved", "Vocabulary", "build_vocabulary"]

# field path -> the names a header may use for it (the first is the code shown in templates)
UNIT_RESERVED: Mapping[str, tuple[str, ...]] = {
    "unit.id": ("id", "Mã đơn vị", "unit id"),
    "unit.name": ("name", "Tên đơn vị", "unit name"),
    "unit.subject": ("subject", "Đối tượng"),
    "unit.kind": ("kind", "Loại", "Loại đơn vị"),
    "member_of": ("member_of", "Thuộc xã", "Thuộc đơn vị", "member of"),
}
EVENT_RESERVED: Mapping[str, tuple[str, ...]] = {
    "events.unit_id": ("unit_id", "Mã đơn vị", "unit id"),
    "events.id": ("id", "Mã sự kiện", "event id"),
    "events.type": ("type", "Loại sự kiện", "Loại", "event type"),
    "events.date": ("date", "Ngày", "Ngày xảy ra"),
    "events.note": ("note", "Ghi chú"),
}
_CODE_FORM = re.compile(r"^(?P<label>.*?)\s*\((?P<code>[^()]+)\)$")
_PREFIXES = {
    "prev.": "previous_year.",
    "previous_year.": "previous_year.",
    "score.": "scores.",
    "scores.": "scores.",
    "score_reason.": "score_reason.",
    "dep.": "dependencies.",
    "dependencies.": "dependencies.",
}
_DEPENDENCY_FIELDS = ("outcome", "decision", "year")


@attrs.frozen(slots=True)
class Resolved:
    """What one header names: a field path, nothing (blank), or an unknown / ambiguous name."""

    status: str  # "field" | "blank" | "unknown" | "ambiguous"
    path: str | None = None
    candidates: tuple[str, ...] = ()  # for "ambiguous": the paths; for "unknown": did-you-mean names


@attrs.frozen(slots=True)
class _Names:
    """One namespace (unit sheets or events sheets): exact codes, then labels."""

    reserved: Mapping[str, str]  # normalised reserved name -> path
    codes: Mapping[str, str]  # normalised code -> path
    labels: Mapping[str, frozenset[str]]  # normalised label -> paths (more than one: ambiguous)
    display: tuple[str, ...]  # every name a header may use (did-you-mean candidates)

    def lookup(self, name: str, *, codes_only: bool = False) -> set[str]:
        n = norm(name)
        if n in self.reserved:
            return {self.reserved[n]}
        if n in self.codes:
            return {self.codes[n]}
        if codes_only:
            return set()
        return set(self.labels.get(n, ()))


@attrs.frozen(slots=True)
class Vocabulary:
    """Every name a header of a unit sheet or an events sheet may use, built once from the packs."""

    unit: _Names
    events: _Names
    items: Mapping[str, str]  # normalised scoring item id -> item id
    subjects: Mapping[str, frozenset[str]]  # normalised subject id / name -> subject ids
    subject_names: tuple[str, ...]  # "kdc (Khu dân cư)", … for messages
    indicators: Mapping[str, FieldSpec]
    event_fields: Mapping[str, FieldSpec]
    quick: Mapping[str, Any] = attrs.field(factory=dict)  # indicator -> its quick text reading (see below)
    requirements: Mapping[str, str] = attrs.field(factory=dict)  # normalised requirement id -> id

    def resolve(self, header: str, *, events: bool = False) -> Resolved:
        """The field a header names (see the module docstring for the rules)."""
        if not header.strip():
            return Resolved("blank")
        names = self.events if events else self.unit
        hits = self._match(names, header, events=events)
        if len(hits) == 1:
            return Resolved("field", next(iter(hits)))
        if hits:
            return Resolved("ambiguous", None, tuple(sorted(hits)))
        close = difflib.get_close_matches(norm(header), [norm(d) for d in names.display], n=3, cutoff=0.6)
        by_norm = {norm(d): d for d in names.display}
        return Resolved("unknown", None, tuple(by_norm[c] for c in close))

    def names_field(self, header: str, *, events: bool = False) -> bool:
        """Whether :meth:`resolve` gives a field, without working out did-you-mean names (which is slow)."""
        names = self.events if events else self.unit
        return bool(header.strip()) and len(self._match(names, header, events=events)) == 1

    def _match(self, names: _Names, header: str, *, events: bool) -> set[str]:
        """The paths a (non-blank) header names: by name, else by the code of "Label (code)"."""
        hits = self._hits(names, header, events=events)
        if not hits:
            m = _CODE_FORM.match(header.strip())
            if m is not None:
                by_code = self._hits(names, m["code"], events=events, codes_only=True)
                if len(by_code) == 1:
                    by_label = self._hits(names, m["label"], events=events) if m["label"].strip() else set()
                    hits = by_code | by_label  # a label naming another field makes the header ambiguous
                else:
                    hits = by_code
        return hits

    def _hits(self, names: _Names, header: str, *, events: bool, codes_only: bool = False) -> set[str]:
        hits = names.lookup(header, codes_only=codes_only)
        if hits or events:
            return hits
        n = norm(header)
        for prefix, target in _PREFIXES.items():
            if n.startswith(prefix):
                rest = n[len(prefix) :]
                if target == "previous_year.":
                    found = {
                        "previous_year." + p.split(".", 1)[1]
                        for p in self.unit.lookup(rest, codes_only=codes_only)
                        if p.startswith("indicators.")
                    }
                    return found
                if target == "dependencies.":  # dep.<requirement>.<outcome | decision | year>
                    req, _, part = rest.rpartition(".")
                    found_req = self.requirements.get(norm(req))
                    if found_req is None or part not in _DEPENDENCY_FIELDS:
                        return set()
                    return {f"dependencies.{found_req}.{part}"}
                item = self.items.get(norm(rest))
                if item is None:
                    return set()
                return {f"scores.{item}" if target == "scores." else f"scores.{item}.reason"}
        return set()

    def subject_of(self, name: str) -> frozenset[str]:
        """The subject ids a sheet name or file stem (or a ``subject`` cell) names."""
        return self.subjects.get(norm(name), frozenset())


def _field_names(
    fields: Iterable[tuple[str, FieldSpec]], prefix: str, reserved: Mapping[str, tuple[str, ...]]
) -> _Names:
    res = {norm(n): path for path, alts in reserved.items() for n in alts}
    codes: dict[str, str] = {}
    labels: dict[str, set[str]] = {}
    display: list[str] = [n for alts in reserved.values() for n in alts]
    for name, spec in fields:
        path = prefix + name
        codes.setdefault(norm(name), path)
        display.append(name)
        if spec.label is not None:
            for text in (spec.label.vi, spec.label.en):
                labels.setdefault(norm(text), set()).add(path)
                display.append(text)
    return _Names(
        reserved=res,
        codes=codes,
        labels={k: frozenset(v) for k, v in labels.items() if k not in res and k not in codes},
        display=tuple(dict.fromkeys(display)),
    )


def build_vocabulary(packs: Sequence[Pack]) -> Vocabulary:
    """The names of every indicator, event field, scoring item and subject the packs declare."""
    indicators: dict[str, FieldSpec] = {}
    event_fields: dict[str, FieldSpec] = {}
    all_indicators: list[tuple[str, FieldSpec]] = []
    all_event_fields: list[tuple[str, FieldSpec]] = []
    items: dict[str, str] = {}
    subjects: dict[str, set[str]] = {}
    subject_names: dict[str, str] = {}
    for pack in packs:
        for name, spec in pack.indicators.items():
            indicators.setdefault(name, spec)
            all_indicators.append((name, spec))
        for et in pack.event_types.values():
            for name, spec in et.fields.items():
                event_fields.setdefault(name, spec)
                all_event_fields.append((name, spec))
        for item in (*pack.items, *pack.adjustments):
            items.setdefault(norm(item.id), item.id)
        for sid, subject in pack.subjects.items():
            for text in (sid, subject.name.vi, subject.name.en):
                subjects.setdefault(norm(text), set()).add(sid)
            subject_names.setdefault(sid, f"{sid} ({subject.name.vi})")
    unit = _field_names(all_indicators, "indicators.", UNIT_RESERVED)
    prev = tuple(f"prev.{n}" for n, s in indicators.items() if s.previous_year)
    unit = attrs.evolve(unit, display=unit.display + prev)
    return Vocabulary(
        unit=unit,
        events=_field_names(all_event_fields, "events.", EVENT_RESERVED),
        items=items,
        subjects={k: frozenset(v) for k, v in subjects.items()},
        subject_names=tuple(subject_names.values()),
        indicators=indicators,
        event_fields=event_fields,
        quick=_quick_readings(all_indicators),
        requirements={norm(rq.id): rq.id for pack in packs for rq in pack.requires},
    )


def _quick_readings(fields: Iterable[tuple[str, FieldSpec]]) -> dict[str, Any]:
    """Indicator -> the memo of its quick text reading (``inputs._coerce.quick_memo``), for the
    indicators whose kind every pack agrees on; the fast row path reads such cells as it builds the row,
    and the population runner then does not read them again (``UnitRow.cells_read``)."""
    from antq_rules.inputs._coerce import quick_memo
    from antq_rules.inputs._validate import field_quick_kind

    kinds: dict[str, Any] = {}
    for name, spec in fields:
        kind = field_quick_kind(spec)
        kinds[name] = kind if kinds.get(name, kind) == kind else None
    return {name: quick_memo(kind) for name, kind in kinds.items() if kind is not None}
