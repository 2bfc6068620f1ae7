"""The compact JSON form of a result (``antq-rules/result-compact/v1``), and expanding it with its pack.

The full form repeats, on every result, what the pack says (citations, titles, thresholds, parameter
descriptions): about 50 KB for a residential area. The compact form keeps only what happened — the
outcome, each criterion's status, the values the criteria read, every comparison recorded (so the ones
that decided), the events counted, excused (and why) or undetermined — and names the pack by id,
version and content hash. Given that very pack, :func:`result_from_compact` rebuilds the full result
exactly; any other pack is refused.

Shape (values that JSON has no type for are tagged as in the full form; keys marked ``?`` are left out
when empty or null)::

    {"schema": "antq-rules/result-compact/v1",
     "pack": {"id": ..., "version": ..., "content_hash": ...},
     "unit": {...}, "year": 2026, "window": ["2025-11-01", "2026-10-31"],
     "outcome": "fail", "summary": {"met": 8, "not_met": 3, ...}, "illustrative": false,
     "values": {"<indicator>": <value read>},
     "criteria": [{"id": ..., "status": ...,
                   "steps"?: [["<text>", "<op>", <left>, <right>, <result>(, [<missing items>])],
                              {"count": "<text>", "window": [...], "total": 1,
                               "events": [[<index>, <id>, <type>, <date>, <list>, <point>, <status>, <why>]]}],
                   "missing"?: [...], "undefined"?: [...]},
                  ...],
     "parameters"?: {"<name>": <value the input chose>},   # the others: the pack's defaults
     "previous_year"?: {"<indicator>": <value read>}, "defaults"?: ["<indicator> the pack defaulted"],
     "exclusion"?: "<id>", "scope_notes"?: ["<id>"], "undetermined_scope"?: [...],
     "outside_events"?: [[<index>, <id>, <type>, <date>], ...],
     "score"?: {... the full form's score, without the items' and conditions' pack texts},
     "dependencies"?: [{... the full form's dependency, "result": <compact result> | null}, ...]}
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from antq_rules._text import Text
from antq_rules.errors import AntqError, Problem
from antq_rules.expressions import Comparison, EventCount, EventRecord
from antq_rules.inputs import OutsideEvent, UnitRef
from antq_rules.results._json import (
    _cit,
    _condition,
    _dependency,
    _enc,
    _item,
    _prov,
    _text,
    _uncondition,
    _unitem,
    _untext,
    decode_value,
    encode_value,
)
from antq_rules.results._model import (
    COMPACT_SCHEMA_ID,
    OUTCOMES,
    RESULT_SCHEMA_ID,
    CriterionResult,
    DependencyResult,
    Exclusion,
    ObservedSource,
    Result,
    ResultFormatError,
    ScoreResult,
)

if TYPE_CHECKING:
    from antq_rules.packs import Pack, PackRegistry

__all__ = ["result_from_compact", "result_to_compact"]

# the keys of a scoring item's and a condition's full form that the pack gives (left out of the compact)
_ITEM_STATIC = ("kind", "title", "citation", "method", "max", "group", "origin", "provenance", "max_provenance")
_CONDITION_STATIC = ("description", "citation", "origin", "provenance")


def _event(e: Any) -> list[Any]:
    position, eid, etype, day, list_id, point, status, reason = e
    return [position, eid, etype, day.isoformat(), list_id, point, status, None if reason is None else reason.to_dict()]


def _steps(steps: tuple[Any, ...]) -> list[Any]:
    out: list[Any] = []
    for k in steps:
        if len(k) == 6:  # a comparison, recorded as a record or a plain tuple
            text, op, left, right, result, missing = k
            row = [text, op, _enc(left), _enc(right), result]
            if missing:
                row.append(list(missing))
            out.append(row)
        else:  # a count_events call
            text, events, window, total = k
            out.append(
                {
                    "count": text,
                    "window": [window[0].isoformat(), window[1].isoformat()],
                    "total": total,
                    "events": [_event(e) for e in events],
                }
            )
    return out


def _read(criteria: tuple[CriterionResult, ...]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The values the criteria read (this year's, the previous year's) and which of them are defaults.

    A name appears once, however many criteria read it (the compact form's ``values``).
    """
    values: dict[str, Any] = {}
    previous: dict[str, Any] = {}
    src = criteria[0].source if criteria else ()
    if type(src) is ObservedSource and all(c.source is src for c in criteria):
        # as the engine made it: one source for every criterion, each criterion naming what it reads
        now, before = src.values, src.previous
        for c in criteria:
            info = c.info
            for n in info.indicators:
                if n in now and n not in values:
                    values[n] = now[n]
            for n in info.prev_indicators:
                if n in before and n not in previous:
                    previous[n] = before[n]
        return values, previous, [n for n in src.defaults_used if n in values]
    defaults: list[str] = []
    for c in criteria:
        for o in c.observed:
            if o.source == "previous_year":
                previous[o.name] = o.value
            elif o.source in ("input", "default") and o.name not in values:
                values[o.name] = o.value
                if o.source == "default":
                    defaults.append(o.name)
    return values, previous, defaults


def result_to_compact(r: Result) -> dict[str, Any]:
    """The compact dict of a result (see the module docs); :func:`result_from_compact` reverses it."""
    values, previous, defaults = _read(r.criteria)
    criteria: list[dict[str, Any]] = []
    for c in r.criteria:
        entry: dict[str, Any] = {"id": c.info.id, "status": c.status}
        if c.steps:
            entry["steps"] = _steps(c.steps)
        if c.missing:
            entry["missing"] = list(c.missing)
        if c.undefined:
            entry["undefined"] = list(c.undefined)
        criteria.append(entry)
    out: dict[str, Any] = {
        "schema": COMPACT_SCHEMA_ID,
        "pack": {"id": r.pack.id, "version": r.pack.version, "content_hash": r.pack.content_hash},
        "unit": r.unit.to_dict(),
        "year": r.year,
        "window": [r.window[0].isoformat(), r.window[1].isoformat()],
        "outcome": r.outcome,
        "summary": r.status_counts(),
        "illustrative": r.illustrative,
        "values": {k: _enc(v) for k, v in values.items()},
        "criteria": criteria,
    }
    out.update(_optional(r, {k: _enc(v) for k, v in previous.items()}, defaults))
    return out


def _optional(r: Result, previous: Any, defaults: list[str]) -> list[tuple[str, Any]]:
    """The compact form's keys written only when there is something to say (absent: empty, or null)."""
    chosen = {p.name: _enc(p.value) for p in r.parameters if not p.is_default and p.origin == "national"}
    optional = (
        ("parameters", chosen),
        ("previous_year", previous),
        ("defaults", defaults),
        ("exclusion", None if r.exclusion is None else r.exclusion.id),
        ("scope_notes", [n.id for n in r.scope_notes]),
        ("undetermined_scope", list(r.undetermined_scope)),
        ("outside_events", [[e.position, e.id, e.type, e.date.isoformat()] for e in r.outside_events]),
        ("score", None if r.score is None else _score(r.score)),
        ("dependencies", [_dependency(d, result_to_compact) for d in r.dependencies]),
    )
    return [(key, value) for key, value in optional if value]


def _without(d: dict[str, Any], static: Any) -> dict[str, Any]:
    """A record's full-form dict without the keys the pack restores on expanding."""
    for key in static:
        del d[key]
    return d


def _score(s: ScoreResult) -> dict[str, Any]:
    items = [_without(_item(i), _ITEM_STATIC) for i in s.items]
    conditions = [_without(_condition(c), _CONDITION_STATIC) for c in s.conditions]
    return {
        "status": s.status,
        "total": encode_value(s.total),
        "known_points": encode_value(s.known_points),
        "capped": s.capped,
        "band": s.band,
        "level": s.level,
        "missing_slots": list(s.missing_slots),
        "items": items,
        "conditions": conditions,
    }


# -- expanding ---------------------------------------------------------------------------------------


def _refuse(vi: str, en: str) -> ResultFormatError:
    return ResultFormatError(Text(vi, en))


def _pack_for(ref: dict[str, Any], pack: Pack | PackRegistry | None) -> Pack:
    """The pack a compact result names: ``pack`` itself, or found in the registry ``pack``; checked."""
    from antq_rules.packs import Pack, PackRegistry

    named = f"{ref.get('id')}@{ref.get('version')}"
    if pack is None:
        raise _refuse(
            f"kết quả dạng gọn ({COMPACT_SCHEMA_ID}) cần gói tiêu chí {named} để đọc lại đầy đủ: hãy truyền pack=",
            f"a compact result ({COMPACT_SCHEMA_ID}) needs its pack {named} to be read back in full: pass pack=",
        )
    if isinstance(pack, PackRegistry):
        try:
            found = pack.get(ref["id"], ref["version"])
        except (LookupError, ValueError, AntqError) as e:
            raise _refuse(
                f"không có gói {named} trong danh mục gói đã cho",
                f"the given registry has no pack {named}",
            ) from e
        pack = found
    assert isinstance(pack, Pack)
    if (pack.id, pack.version, pack.content_hash) != (ref.get("id"), ref.get("version"), ref.get("content_hash")):
        raise _refuse(
            f"kết quả dạng gọn được tạo bởi gói {named} (mã băm {str(ref.get('content_hash'))[:19]}…), không phải"
            f" gói {pack.id}@{pack.version} (mã băm {pack.content_hash[:19]}…) đã cho: không thể đọc lại đầy đủ",
            f"the compact result was made by pack {named} (hash {str(ref.get('content_hash'))[:19]}…), not by the"
            f" given pack {pack.id}@{pack.version} (hash {pack.content_hash[:19]}…): it cannot be read back in full",
        )
    return pack


def _unevent(e: list[Any]) -> EventRecord:
    position, eid, etype, day, list_id, point, status, reason = e
    return EventRecord(position, eid, etype, date.fromisoformat(day), list_id, point, status, _untext(reason))


def _unsteps(steps: list[Any]) -> tuple[Comparison | EventCount, ...]:
    out: list[Comparison | EventCount] = []
    for k in steps:
        if isinstance(k, dict):
            w = k["window"]
            window = (date.fromisoformat(w[0]), date.fromisoformat(w[1]))
            out.append(EventCount(k["count"], tuple(_unevent(e) for e in k["events"]), window, k["total"]))
        else:
            missing = tuple(k[5]) if len(k) > 5 else ()
            out.append(Comparison(k[0], k[1], decode_value(k[2]), decode_value(k[3]), k[4], missing))
    return tuple(out)


def result_from_compact(d: dict[str, Any], pack: Pack | PackRegistry | None) -> Result:
    """The full result a compact dict stands for, given the pack that made it (or a registry holding it)."""
    from antq_rules.engine._evaluate import _parameters_cached, _plan, outcome_label
    from antq_rules.packs import PackRegistry

    registry = pack if isinstance(pack, PackRegistry) else None
    p = _pack_for(d["pack"], pack)
    plan = _plan(p)
    u = d["unit"]
    unit = UnitRef(u["id"], u["subject"], u["kind"], u["name"])
    subject = unit.subject
    if subject not in p.criteria_by_subject:
        raise _refuse(
            f"gói {p.id}@{p.version} không có đối tượng {subject!r} của kết quả",
            f"pack {p.id}@{p.version} has no subject {subject!r} of the result",
        )
    exclusions = {ex.id: ex for ex in p.exclusions_by_subject[subject]}
    unknown = _unknown_in_pack(d, p, subject, set(exclusions))
    if unknown:
        raise ResultFormatError(
            Text(
                f"kết quả dạng gọn nhắc đến điều gói {p.id}@{p.version} không có",
                f"the compact result names what pack {p.id}@{p.version} does not have",
            ),
            unknown,
        )
    exclusion = None
    if d.get("exclusion") is not None:
        ex = exclusions[d["exclusion"]]
        exclusion = Exclusion(ex.id, ex.citation, ex.reason)
    criteria_of = {c.id: c for c in p.criteria_by_subject[subject]}
    source: Any = ()
    if exclusion is None:
        source = ObservedSource(
            {k: decode_value(v) for k, v in d["values"].items()},
            {k: decode_value(v) for k, v in d.get("previous_year", {}).items()},
            tuple(d.get("defaults", ())),
        )
    criteria = []
    for c in d["criteria"]:
        status = c["status"]
        reason = None
        if status == "not_applicable":
            reason = exclusion.reason if exclusion is not None else criteria_of[c["id"]].not_applicable_reason
        criteria.append(
            CriterionResult(
                plan.infos[c["id"]],
                status,
                _unsteps(c.get("steps", ())),
                tuple(c.get("missing", ())),
                tuple(c.get("undefined", ())),
                reason,
                source,
            )
        )
    chosen = {k: decode_value(v) for k, v in d.get("parameters", {}).items()}
    if chosen:
        values = {n: q.default for n, q in p.parameters.items()} | chosen
        parameters = _parameters_cached(p, tuple(values.items()), frozenset(chosen))
    else:
        parameters = plan.default_parameters
    score = None if d.get("score") is None else _unscore(d["score"], p, subject)
    return Result(
        pack=plan.ref,
        unit=unit,
        year=d["year"],
        window=(date.fromisoformat(d["window"][0]), date.fromisoformat(d["window"][1])),
        outcome=d["outcome"],
        outcome_label=outcome_label(p, d["outcome"], score),
        outcome_citation=p.outcome_citation,
        criteria=tuple(criteria),
        parameters=parameters,
        exclusion=exclusion,
        undetermined_scope=tuple(d.get("undetermined_scope", ())),
        extra_criteria=plan.extra_note[subject],
        schema=RESULT_SCHEMA_ID,
        kind=p.kind,
        score=score,
        dependencies=tuple(_undependency(x, registry) for x in d.get("dependencies", ())),
        provenance=plan.provenance[subject],
        illustrative=d["illustrative"],
        overlay=p.overlay.base if p.overlay else None,
        outside_events=tuple(
            OutsideEvent(i, eid, t, date.fromisoformat(day)) for i, eid, t, day in d.get("outside_events", ())
        ),
        scope_notes=tuple(
            Exclusion(ex.id, ex.citation, ex.kept_reason)  # type: ignore[arg-type]
            for ex in (exclusions[n] for n in d.get("scope_notes", ()))
        ),
    )


def _unknown_in_pack(d: dict[str, Any], p: Pack, subject: str, exclusions: set[str]) -> list[Problem]:
    """What a compact result names (criteria, exclusions, items, conditions, levels) that its pack lacks.

    The shape is already checked (results._schema); these ids are looked up in the pack on expanding.
    """
    out: list[Problem] = []

    def lacks(field: str, what_vi: str, what_en: str, name: Any) -> None:
        out.append(
            Problem(Text(f"gói không có {what_vi} {name!r}", f"the pack has no {what_en} {name!r}"), field=field)
        )

    criteria = {c.id for c in p.criteria_by_subject[subject]}
    for i, c in enumerate(d["criteria"]):
        if c["id"] not in criteria:
            lacks(
                f"criteria[{i}].id",
                f"tiêu chí nào của đối tượng {subject} là",
                f"criterion of subject {subject}",
                c["id"],
            )
    if d.get("exclusion") is not None and d["exclusion"] not in exclusions:
        lacks("exclusion", "trường hợp loại trừ", "exclusion", d["exclusion"])
    for i, n in enumerate(d.get("scope_notes", ())):
        if n not in exclusions:
            lacks(f"scope_notes[{i}]", "trường hợp loại trừ", "exclusion", n)
    from antq_rules.engine._evaluate import FIXED_OUTCOME_LABELS

    score = d.get("score")
    outcome = d["outcome"]
    if p.kind == "standard":
        if outcome not in OUTCOMES:
            lacks("outcome", "kết quả", "outcome", outcome)
    elif outcome not in FIXED_OUTCOME_LABELS:
        # a level reached: the score says which
        if outcome not in {lv.id for lv in p.levels}:
            lacks("outcome", "mức", "level", outcome)
        elif score is None or score["level"] != outcome:
            out.append(
                Problem(
                    Text(
                        f"kết quả là mức {outcome!r} nhưng phần điểm không nói vậy",
                        f"the outcome is level {outcome!r} but the score does not say so",
                    ),
                    field="score",
                )
            )
    if score is not None:
        items = {it.id for it in p.items_by_subject.get(subject, ())}
        for i, it in enumerate(score["items"]):
            if it["id"] not in items:
                lacks(f"score.items[{i}].id", "mục chấm điểm", "scoring item", it["id"])
        levels = {lv.id for lv in p.levels}
        conditions = {("condition", lv.id, c.id) for lv in p.levels for c in lv.conditions}
        conditions |= {("cap", cap.max_level, cap.id) for cap in p.caps}
        for i, c in enumerate(score["conditions"]):
            if (c["kind"], c["level"], c["id"]) not in conditions:
                lacks(f"score.conditions[{i}]", "điều kiện", "condition", f"{c['kind']} {c['id']} ({c['level']})")
        for key in ("level", "band"):
            if score[key] is not None and score[key] not in levels:
                lacks(f"score.{key}", "mức", "level", score[key])
    return out


def _unscore(d: dict[str, Any], pack: Pack, subject: str) -> ScoreResult:
    items = {it.id: it for it in pack.items_by_subject[subject]}
    levels = {lv.id: lv for lv in pack.levels}
    conditions: dict[tuple[str, str, str], Any] = {
        ("condition", lv.id, c.id): c for lv in pack.levels for c in lv.conditions
    }
    conditions.update({("cap", cap.max_level, cap.id): cap for cap in pack.caps})
    scale = pack.total
    level = d["level"]
    return ScoreResult(
        d["status"],
        decode_value(d["total"]),
        None if scale is None else scale.value,
        decode_value(d["known_points"]),
        tuple(_unitem({**_item_static(items[i["id"]]), **i}) for i in d["items"]),
        d["capped"],
        d["band"],
        level,
        None if level is None else levels[level].name,
        tuple(
            _uncondition({**_condition_static(conditions[(c["kind"], c["level"], c["id"])]), **c})
            for c in d["conditions"]
        ),
        tuple(d["missing_slots"]),
    )


def _item_static(it: Any) -> dict[str, Any]:
    """The pack's part of a scoring item's full form (as the engine fills it)."""
    return {
        "kind": it.kind,
        "title": _text(it.title),
        "citation": _cit(it.citation),
        "method": it.method,
        "max": encode_value(it.max.value),
        "group": _text(it.group),
        "origin": it.origin,
        "provenance": _prov(it.provenance),
        "max_provenance": _prov(it.max.provenance),
    }


def _condition_static(c: Any) -> dict[str, Any]:
    return {
        "description": _text(c.description),
        "citation": _cit(c.citation),
        "origin": c.origin,
        "provenance": _prov(c.provenance),
    }


def _undependency(d: dict[str, Any], registry: PackRegistry | None) -> DependencyResult:
    result = None
    if d["result"] is not None:
        if registry is None:
            ref = d["result"]["pack"]
            raise _refuse(
                f"kết quả dạng gọn chứa kết quả của gói phụ thuộc {ref['id']}@{ref['version']}:"
                " hãy truyền danh mục gói (PackRegistry) thay cho một gói",
                f"the compact result holds a result of the required pack {ref['id']}@{ref['version']}:"
                " pass a pack registry (PackRegistry) instead of one pack",
            )
        result = result_from_compact(d["result"], registry)
    return DependencyResult(
        d["id"], d["pack"], d["year"], d["outcome"], d["source"], d["decision"], d["version"], d["illustrative"], result
    )
