"""The versioned JSON form of a result (``antq-rules/result/v1``), and reading it back exactly.

Values that JSON has no type for are tagged: ``{"date": "2026-02-15"}``, ``{"fraction": "17/25",
"decimal": "0.68"}``, ``{"set": [...]}``. Numbers stay exact; nothing is rounded.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from math import gcd
from typing import TYPE_CHECKING, Any

from antq_rules._numbers import Share
from antq_rules._text import Text
from antq_rules.expressions import Comparison, EventCount, EventRecord
from antq_rules.inputs import OutsideEvent, UnitRef
from antq_rules.packs import Citation, Provenance
from antq_rules.packs._model import HandScoring
from antq_rules.results._model import (
    COMPACT_SCHEMA_ID,
    RESULT_SCHEMA_ID,
    ConditionResult,
    CriterionInfo,
    CriterionResult,
    DependencyResult,
    Detail,
    Exclusion,
    ItemResult,
    Observation,
    PackRef,
    ParameterUsed,
    Result,
    ResultFormatError,
    ScoreResult,
    ValueUsed,
)

if TYPE_CHECKING:
    from antq_rules.packs import Pack, PackRegistry

__all__ = [
    "OUTSIDE_NOTE",
    "StaticCache",
    "decode_value",
    "encode_value",
    "result_from_dict",
    "result_from_json",
    "result_to_dict",
]

OUTSIDE_NOTE = Text("ngoài kỳ đánh giá — không tính", "outside the evaluation period — not counted")


def _decimal_text(f: Fraction) -> str:
    # exact decimal when the fraction terminates, else 12 significant digits marked approximate
    return _decimal_of(f.numerator, f.denominator)


def _decimal_of(n: int, d: int) -> str:
    g = gcd(n, d)
    n, d = n // g, d // g
    rest, twos, fives = d, 0, 0
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    if rest != 1:
        return f"≈{n / d:.12g}"
    digits = max(twos, fives)  # the fewest decimals that write n/d exactly
    q = n * 10**digits // d
    sign = "-" if q < 0 else ""
    text = str(abs(q)).rjust(digits + 1, "0")
    return sign + (text[:-digits] + "." + text[-digits:] if digits else text)


# the JSON forms of the fractions and shares met so far (the same few thresholds and ratios recur)
_fractions: dict[tuple[type, int, int], dict[str, str]] = {}


def _fraction(v: Fraction) -> Any:
    key = (type(v), v.numerator, v.denominator)
    out = _fractions.get(key)
    if out is None:
        n, d = key[1], key[2]
        if isinstance(v, Share):
            out = {"share": f"{n}/{d}", "percent": _decimal_of(n * 100, d)}
        else:
            out = {"fraction": f"{n}/{d}", "decimal": _decimal_of(n, d)}
        if len(_fractions) >= 4096:
            _fractions.clear()
        _fractions[key] = out
    return out


def encode_value(v: Any) -> Any:
    """Encode a runtime value for JSON without losing exactness.

    >>> encode_value(Fraction(17, 25)), encode_value(date(2026, 2, 15))
    ({'fraction': '17/25', 'decimal': '0.68'}, {'date': '2026-02-15'})
    """
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, Share):
        return _fraction(v)
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return int(v)
        return _fraction(v)
    if isinstance(v, date):
        return {"date": v.isoformat()}
    if isinstance(v, (frozenset, set)):
        return {"set": [encode_value(x) for x in sorted(v, key=lambda x: (type(x).__name__, x))]}
    if isinstance(v, tuple) and len(v) == 2 and all(isinstance(x, date) for x in v):
        return {"window": [v[0].isoformat(), v[1].isoformat()]}
    if isinstance(v, (list, tuple)):
        return [encode_value(x) for x in v]
    return str(v)


def decode_value(v: Any) -> Any:
    if isinstance(v, dict):
        if "share" in v:
            return Share(v["share"])
        if "fraction" in v:
            return Fraction(v["fraction"])
        if "date" in v:
            return date.fromisoformat(v["date"])
        if "set" in v:
            return frozenset(decode_value(x) for x in v["set"])
        if "window" in v:
            return (date.fromisoformat(v["window"][0]), date.fromisoformat(v["window"][1]))
    if isinstance(v, list):
        return tuple(decode_value(x) for x in v)
    return v


def _text(t: Text | None) -> dict[str, str] | None:
    return None if t is None else t.to_dict()


def _untext(d: dict[str, str] | None) -> Text | None:
    return None if d is None else Text(d["vi"], d["en"])


def _cit(c: Citation | None) -> dict[str, Any] | None:
    if c is None:
        return None
    d = c.to_dict()
    d["text"] = _text(c.text)  # the pack's own wording, when it gave one
    return d


def _uncit(d: dict[str, Any] | None) -> Citation | None:
    if d is None:
        return None
    return Citation(d["instrument"], d["article"], d["clause"], d["point"], _untext(d.get("text")))


def _prov(p: Provenance | None) -> dict[str, Any] | None:
    return None if p is None else p.to_dict()


def _unprov(d: dict[str, Any] | None) -> Provenance | None:
    return None if d is None else Provenance(d["status"], tuple(d["sources"]), _untext(d["note"]))


def _event(e: EventRecord) -> dict[str, Any]:
    return {
        "index": e.position,
        "id": e.id,
        "type": e.type,
        "date": e.date.isoformat(),
        "list": e.list_id,
        "point": e.point,
        "status": e.status,
        "reason": _text(e.reason),
    }


def _unevent(e: dict[str, Any]) -> EventRecord:
    return EventRecord(
        e["index"],
        e["id"],
        e["type"],
        date.fromisoformat(e["date"]),
        e["list"],
        e["point"],
        e["status"],
        _untext(e["reason"]),
    )


def _outside(e: OutsideEvent) -> dict[str, Any]:
    return {"index": e.position, "id": e.id, "type": e.type, "date": e.date.isoformat(), "note": OUTSIDE_NOTE.to_dict()}


def _unoutside(e: dict[str, Any]) -> OutsideEvent:
    return OutsideEvent(e["index"], e["id"], e["type"], date.fromisoformat(e["date"]))


def _step(k: Comparison | EventCount) -> dict[str, Any]:
    if type(k) is EventCount:
        return {
            "text": k.text,
            "op": "count",
            "left": k.total,
            "right": encode_value(k.window),
            "result": None,
            "missing_items": [],
            "events": [_event(e) for e in k.events],
        }
    assert isinstance(k, Comparison)
    return {
        "text": k.text,
        "op": k.op,
        "left": encode_value(k.left),
        "right": encode_value(k.right),
        "result": k.result,
        "missing_items": list(k.missing_items),
    }


def _unstep(k: dict[str, Any]) -> Comparison | EventCount:
    if k["op"] == "count":
        return EventCount(k["text"], tuple(_unevent(e) for e in k["events"]), decode_value(k["right"]), k["left"])
    return Comparison(
        k["text"], k["op"], decode_value(k["left"]), decode_value(k["right"]), k["result"], tuple(k["missing_items"])
    )


class StaticCache:
    """The JSON forms of per-pack objects (criterion info, parameters, pack reference), built once.

    Keyed by the object's identity (every result of a pack refers to the same objects), so a lookup
    costs no hashing of texts; bounded, so results read back from JSON (new objects each time) cannot
    make it grow without end. Entries keep their object alive, so an id is never reused while cached.
    """

    def __init__(self, build: Callable[[Any], Any], size: int = 4096) -> None:
        self._build = build
        self._size = size
        self._entries: dict[int, tuple[Any, Any]] = {}

    def __call__(self, obj: Any) -> Any:
        hit = self._entries.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        value = self._build(obj)
        if len(self._entries) >= self._size:
            self._entries.clear()
        self._entries[id(obj)] = (obj, value)
        return value


_PLAIN = frozenset((int, str, bool, type(None)))


def _enc(v: Any) -> Any:
    """:func:`encode_value`, with the values results hold most (plain values, dates) first."""
    kind = type(v)
    if kind in _PLAIN:
        return v
    if kind is date:
        return {"date": v.isoformat()}
    if kind is tuple and len(v) == 2 and type(v[0]) is date and type(v[1]) is date:
        return {"window": [v[0].isoformat(), v[1].isoformat()]}
    return encode_value(v)


def _threshold(t: ValueUsed) -> dict[str, Any]:
    return {
        "name": t.name,
        "value": encode_value(t.value),
        "unit": t.unit,
        "citation": _cit(t.citation),
        "provenance": _prov(t.provenance),
        "description": _text(t.description),
        "origin": t.origin,
        "replaced": encode_value(t.replaced),
    }


def _info_parts(info: CriterionInfo) -> tuple[dict[str, Any], dict[str, Any], list[Any], list[str]]:
    """The static parts of a criterion's JSON: what it is, what it reads, its thresholds, parameters."""
    head = {
        "citation": _cit(info.citation),
        "title": _text(info.title),
        "description": _text(info.description),
        "origin": info.origin,
        "reused_from": info.reused_from,
        "provenance": _prov(info.provenance),
    }
    reads = {"indicators": list(info.indicators), "previous_year": list(info.prev_indicators)}
    return head, reads, [_threshold(t) for t in info.thresholds], list(info.parameters)


info_parts = StaticCache(_info_parts)


def _event_any(e: Any) -> dict[str, Any]:
    """An event record as recorded (a record or a plain tuple of its fields) in its JSON form."""
    position, eid, etype, day, list_id, point, status, reason = e
    return {
        "index": position,
        "id": eid,
        "type": etype,
        "date": day.isoformat(),
        "list": list_id,
        "point": point,
        "status": status,
        "reason": None if reason is None else reason.to_dict(),
    }


def _steps_json(steps: tuple[Any, ...]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A criterion's recorded steps (as recorded: records or plain tuples) and the events they looked at."""
    out: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for k in steps:
        if len(k) == 6:  # a comparison: text, op, left, right, result, missing items
            text, op, left, right, result, missing = k
            out.append(
                {
                    "text": text,
                    "op": op,
                    "left": _enc(left),
                    "right": _enc(right),
                    "result": result,
                    "missing_items": list(missing),
                }
            )
        else:  # a count_events call: text, event records, window, total
            text, evs, window, total = k
            listed = [_event_any(e) for e in evs]
            events.extend(listed)
            out.append(
                {
                    "text": text,
                    "op": "count",
                    "left": total,
                    "right": _enc(window),
                    "result": None,
                    "missing_items": [],
                    "events": listed,
                }
            )
    return out, events


def _criterion(c: CriterionResult) -> dict[str, Any]:
    head, reads, thresholds, parameters = info_parts(c.info)
    comparisons, events = _steps_json(c.steps)
    return {
        "id": c.info.id,
        "status": c.status,
        **head,
        "reason": None if c.reason is None else c.reason.to_dict(),
        "reads": reads,
        "observed": [{"name": o.name, "value": _enc(o.value), "source": o.source} for o in c.observed],
        "thresholds": thresholds,
        "parameters": parameters,
        "comparisons": comparisons,
        "events": events,
        "missing": list(c.missing),
        "undefined": list(c.undefined),
    }


def _uncriterion(d: dict[str, Any]) -> CriterionResult:
    cit = _uncit(d["citation"])
    assert cit is not None
    info = CriterionInfo(
        id=d["id"],
        citation=cit,
        title=Text(**d["title"]),
        description=Text(**d["description"]),
        thresholds=tuple(
            ValueUsed(
                t["name"],
                decode_value(t["value"]),
                t["unit"],
                _uncit(t["citation"]),
                _unprov(t["provenance"]),  # type: ignore[arg-type]
                Text(**t["description"]),
                t["origin"],
                decode_value(t["replaced"]),
            )
            for t in d["thresholds"]
        ),
        parameters=tuple(d["parameters"]),
        reused_from=d["reused_from"],
        origin=d["origin"],
        provenance=_unprov(d["provenance"]),
        indicators=tuple(d["reads"]["indicators"]),
        prev_indicators=tuple(d["reads"]["previous_year"]),
    )
    return CriterionResult(
        info=info,
        status=d["status"],
        steps=tuple(_unstep(k) for k in d["comparisons"]),
        missing=tuple(d["missing"]),
        undefined=tuple(d["undefined"]),
        reason=_untext(d["reason"]),
        source=tuple(Observation(o["name"], decode_value(o["value"]), o["source"]) for o in d["observed"]),
    )


def _pack_json(p: PackRef) -> dict[str, Any]:
    return {
        "id": p.id,
        "version": p.version,
        "content_hash": p.content_hash,
        "instrument": p.instrument,
        "title": _text(p.title),
    }


def _parameter(p: ParameterUsed) -> dict[str, Any]:
    return {
        "name": p.name,
        "value": encode_value(p.value),
        "is_default": p.is_default,
        "description": _text(p.description),
        "choice": _text(p.choice),
        "provenance": _prov(p.provenance),
        "origin": p.origin,
        "citation": _cit(p.citation),
    }


pack_json = StaticCache(_pack_json)
# the engine gives every result with the same parameter values the same tuple: one JSON list for them
parameters_json = StaticCache(lambda ps: [_parameter(p) for p in ps])
_cit_json = StaticCache(_cit)
_text_json = StaticCache(_text)


def result_to_dict(r: Result, detail: Detail = "full") -> dict[str, Any]:
    """The JSON-ready dict of a result: ``antq-rules/result/v1`` in full, or its compact form.

    The static parts (pack, criterion texts, citations, thresholds, parameters) are built once per pack
    and shared by the dicts of every result: read them, do not change them.
    """
    if detail == "compact":
        from antq_rules.results._compact import result_to_compact

        return result_to_compact(r)
    if detail != "full":
        raise ValueError(f"detail must be 'full' or 'compact', not {detail!r}")
    counts = r.status_counts()
    ex = r.exclusion
    return {
        "schema": r.schema,
        "pack": pack_json(r.pack),
        "unit": r.unit.to_dict(),
        "year": r.year,
        "window": [r.window[0].isoformat(), r.window[1].isoformat()],
        "outcome": r.outcome,
        "outcome_label": _text_json(r.outcome_label),
        "outcome_citation": None if r.outcome_citation is None else _cit_json(r.outcome_citation),
        "summary": counts,
        "exclusion": None
        if ex is None
        else {"id": ex.id, "citation": _cit_json(ex.citation), "reason": _text_json(ex.reason)},
        "undetermined_scope": list(r.undetermined_scope),
        "extra_criteria": None if r.extra_criteria is None else _text_json(r.extra_criteria),
        "parameters": parameters_json(r.parameters),
        "criteria": [_criterion(c) for c in r.criteria],
        "kind": r.kind,
        "illustrative": r.illustrative,
        "provenance": dict(r.provenance),
        "overlay": r.overlay,
        "score": None if r.score is None else _score(r.score),
        "dependencies": [_dependency(d) for d in r.dependencies],
        "outside_events": [_outside(e) for e in r.outside_events],
        "scope_notes": [{"id": n.id, "citation": _cit(n.citation), "reason": _text(n.reason)} for n in r.scope_notes],
    }


def _item(i: ItemResult) -> dict[str, Any]:
    return {
        "id": i.id,
        "kind": i.kind,
        "title": _text(i.title),
        "citation": _cit(i.citation),
        "method": i.method,
        "max": encode_value(i.max),
        "points": encode_value(i.points),
        "status": i.status,
        "group": _text(i.group),
        "reason": i.reason,
        "band": i.band,
        "comparisons": [_step(k) for k in i.trace],
        "missing": list(i.missing),
        "slots": list(i.slots),
        "origin": i.origin,
        "provenance": _prov(i.provenance),
        "max_provenance": _prov(i.max_provenance),
        "hand_scoring": _hand(i.hand_scoring),
        "computed": encode_value(i.computed),
    }


def _hand(h: HandScoring | None) -> dict[str, Any] | None:
    if h is None:
        return None
    return {
        "step": encode_value(h.step),
        "citation": _cit(h.citation),
        "provenance": _prov(h.provenance),
        "note": _text(h.note),
        "origin": h.origin,
    }


def _unhand(d: dict[str, Any] | None) -> HandScoring | None:
    if d is None:
        return None
    return HandScoring(
        decode_value(d["step"]),
        _uncit(d["citation"]),  # type: ignore[arg-type]
        _unprov(d["provenance"]),  # type: ignore[arg-type]
        _untext(d["note"]),
        d["origin"],
    )


def _unitem(d: dict[str, Any]) -> ItemResult:
    return ItemResult(
        d["id"],
        d["kind"],
        Text(**d["title"]),
        _uncit(d["citation"]),  # type: ignore[arg-type]
        d["method"],
        decode_value(d["max"]),
        decode_value(d["points"]),
        d["status"],
        _untext(d["group"]),
        d["reason"],
        d["band"],
        tuple(_unstep(k) for k in d["comparisons"]),
        tuple(d["missing"]),
        tuple(d["slots"]),
        d["origin"],
        _unprov(d["provenance"]),
        _unprov(d["max_provenance"]),
        _unhand(d.get("hand_scoring")),
        decode_value(d.get("computed")),
    )


def _condition(c: ConditionResult) -> dict[str, Any]:
    return {
        "id": c.id,
        "kind": c.kind,
        "level": c.level,
        "status": c.status,
        "description": _text(c.description),
        "citation": _cit(c.citation),
        "origin": c.origin,
        "provenance": _prov(c.provenance),
        "comparisons": [_step(k) for k in c.trace],
        "missing": list(c.missing),
    }


def _uncondition(d: dict[str, Any]) -> ConditionResult:
    return ConditionResult(
        d["id"],
        d["kind"],
        d["level"],
        d["status"],
        Text(**d["description"]),
        _uncit(d["citation"]),
        d["origin"],
        _unprov(d["provenance"]),
        tuple(_unstep(k) for k in d["comparisons"]),
        tuple(d["missing"]),
    )


def _score(s: ScoreResult) -> dict[str, Any]:
    return {
        "status": s.status,
        "total": encode_value(s.total),
        "scale": encode_value(s.scale),
        "known_points": encode_value(s.known_points),
        "capped": s.capped,
        "band": s.band,
        "level": s.level,
        "level_name": _text(s.level_name),
        "missing_slots": list(s.missing_slots),
        "items": [_item(i) for i in s.items],
        "conditions": [_condition(c) for c in s.conditions],
    }


def _unscore(d: dict[str, Any]) -> ScoreResult:
    return ScoreResult(
        d["status"],
        decode_value(d["total"]),
        decode_value(d["scale"]),
        decode_value(d["known_points"]),
        tuple(_unitem(i) for i in d["items"]),
        d["capped"],
        d["band"],
        d["level"],
        _untext(d["level_name"]),
        tuple(_uncondition(c) for c in d["conditions"]),
        tuple(d["missing_slots"]),
    )


def _dependency(d: DependencyResult, result: Callable[[Result], dict[str, Any]] | None = None) -> dict[str, Any]:
    """A dependency's outcome; an evaluated one carries its result (full form, or ``result``'s form)."""
    return {
        "id": d.id,
        "pack": d.pack,
        "version": d.version,
        "year": d.year,
        "outcome": d.outcome,
        "source": d.source,
        "decision": d.decision,
        "illustrative": d.illustrative,
        "result": None if d.result is None else (result or result_to_dict)(d.result),
    }


def _undependency(d: dict[str, Any]) -> DependencyResult:
    return DependencyResult(
        d["id"],
        d["pack"],
        d["year"],
        d["outcome"],
        d["source"],
        d["decision"],
        d["version"],
        d["illustrative"],
        None if d["result"] is None else result_from_dict(d["result"]),
    )


def result_from_json(text: str | bytes, pack: Pack | PackRegistry | None = None) -> Result:
    """Read a result from its JSON text, full or compact (see :func:`result_from_dict`)."""
    try:
        data = json.loads(text)
    except ValueError as e:
        raise ResultFormatError(Text(f"không phải JSON hợp lệ: {e}", f"not valid JSON: {e}")) from None
    return result_from_dict(data, pack)


def result_from_dict(d: Any, pack: Pack | PackRegistry | None = None) -> Result:
    """Rebuild a :class:`Result` from its JSON dict, exactly (inverse of :func:`result_to_dict`).

    A compact dict (``antq-rules/result-compact/v1``) is expanded with ``pack`` (or the pack of that
    id and version in the registry ``pack``): it must be the very pack that made the result (same id,
    version and content hash), else :class:`ResultFormatError`. ``pack`` is not needed for a full dict.
    """
    schema = d.get("schema") if isinstance(d, dict) else None
    if schema not in (RESULT_SCHEMA_ID, COMPACT_SCHEMA_ID):
        raise ResultFormatError(
            Text(
                f"không phải kết quả antq-rules ({RESULT_SCHEMA_ID} hoặc {COMPACT_SCHEMA_ID}): schema {schema!r}",
                f"not an antq-rules result ({RESULT_SCHEMA_ID} or {COMPACT_SCHEMA_ID}): schema {schema!r}",
            )
        )
    from antq_rules.results._schema import document_problems

    problems = document_problems(d, compact=schema == COMPACT_SCHEMA_ID)
    if problems:
        raise ResultFormatError(
            Text(f"kết quả {schema} không đúng dạng", f"the result ({schema}) is not in its shape"), problems
        )
    if schema == COMPACT_SCHEMA_ID:
        from antq_rules.results._compact import result_from_compact

        return result_from_compact(d, pack)
    p = d["pack"]
    ex = d["exclusion"]
    oc = _uncit(d["outcome_citation"])
    return Result(
        pack=PackRef(p["id"], p["version"], p["content_hash"], p["instrument"], Text(**p["title"])),
        unit=UnitRef(d["unit"]["id"], d["unit"]["subject"], d["unit"]["kind"], d["unit"]["name"]),
        year=d["year"],
        window=(date.fromisoformat(d["window"][0]), date.fromisoformat(d["window"][1])),
        outcome=d["outcome"],
        outcome_label=Text(**d["outcome_label"]),
        outcome_citation=oc,
        criteria=tuple(_uncriterion(c) for c in d["criteria"]),
        parameters=tuple(
            ParameterUsed(
                q["name"],
                decode_value(q["value"]),
                q["is_default"],
                Text(**q["description"]),
                _untext(q["choice"]),
                _unprov(q["provenance"]),  # type: ignore[arg-type]
                q.get("origin", "national"),
                _uncit(q.get("citation")),
            )
            for q in d["parameters"]
        ),
        exclusion=None if ex is None else Exclusion(ex["id"], _uncit(ex["citation"]), Text(**ex["reason"])),  # type: ignore[arg-type]
        undetermined_scope=tuple(d["undetermined_scope"]),
        extra_criteria=_untext(d["extra_criteria"]),
        schema=d["schema"],
        kind=d["kind"],
        score=None if d["score"] is None else _unscore(d["score"]),
        dependencies=tuple(_undependency(x) for x in d["dependencies"]),
        provenance=tuple(sorted(d["provenance"].items())),
        illustrative=d["illustrative"],
        overlay=d["overlay"],
        # documents written before events outside the period were accepted have no such list
        outside_events=tuple(_unoutside(e) for e in d.get("outside_events", ())),
        scope_notes=tuple(
            Exclusion(n["id"], _uncit(n["citation"]), Text(**n["reason"]))  # type: ignore[arg-type]
            for n in d.get("scope_notes", ())
        ),
    )
