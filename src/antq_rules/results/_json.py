"""The versioned JSON form of a result (``antq-rules/result/v1``), and reading it back exactly.

Values that JSON has no type for are tagged: ``{"date": "2026-02-15"}``, ``{"fraction": "17/25",
"decimal": "0.68"}``, ``{"set": [...]}``. Numbers stay exact; nothing is rounded.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from antq_rules._numbers import Share
from antq_rules._text import Text
from antq_rules.expressions import Comparison, EventCount, EventRecord
from antq_rules.inputs import OutsideEvent, UnitRef
from antq_rules.packs import Citation, Provenance
from antq_rules.packs._model import HandScoring
from antq_rules.results._model import (
    ConditionResult,
    CriterionInfo,
    CriterionResult,
    DependencyResult,
    Exclusion,
    ItemResult,
    Observation,
    PackRef,
    ParameterUsed,
    Result,
    ScoreResult,
    ValueUsed,
)

__all__ = ["OUTSIDE_NOTE", "decode_value", "encode_value", "result_from_dict", "result_to_dict"]

OUTSIDE_NOTE = Text("ngoài kỳ đánh giá — không tính", "outside the evaluation period — not counted")


def _decimal_text(f: Fraction) -> str:
    # exact decimal when the fraction terminates, else 12 significant digits marked approximate
    d = f.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d == 1:
        q = f
        digits = 0
        while q.denominator != 1:
            q *= 10
            digits += 1
        sign = "-" if q < 0 else ""
        s = str(abs(int(q))).rjust(digits + 1, "0")
        return sign + (s[:-digits] + "." + s[-digits:] if digits else s)
    return f"≈{float(f):.12g}"


def encode_value(v: Any) -> Any:
    """Encode a runtime value for JSON without losing exactness.

    >>> encode_value(Fraction(17, 25)), encode_value(date(2026, 2, 15))
    ({'fraction': '17/25', 'decimal': '0.68'}, {'date': '2026-02-15'})
    """
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, Share):
        return {"share": f"{v.numerator}/{v.denominator}", "percent": _decimal_text(v * 100)}
    if isinstance(v, Fraction):
        if v.denominator == 1:
            return int(v)
        return {"fraction": f"{v.numerator}/{v.denominator}", "decimal": _decimal_text(v)}
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


def _criterion(c: CriterionResult) -> dict[str, Any]:
    return {
        "id": c.id,
        "status": c.status,
        "citation": _cit(c.citation),
        "title": _text(c.title),
        "description": _text(c.description),
        "origin": c.origin,
        "reused_from": c.reused_from,
        "provenance": _prov(c.provenance),
        "reason": _text(c.reason),
        "reads": {"indicators": list(c.info.indicators), "previous_year": list(c.info.prev_indicators)},
        "observed": [{"name": o.name, "value": encode_value(o.value), "source": o.source} for o in c.observed],
        "thresholds": [
            {
                "name": t.name,
                "value": encode_value(t.value),
                "unit": t.unit,
                "citation": _cit(t.citation),
                "provenance": _prov(t.provenance),
                "description": _text(t.description),
                "origin": t.origin,
                "replaced": encode_value(t.replaced),
            }
            for t in c.thresholds
        ],
        "parameters": list(c.parameters),
        "comparisons": [_step(k) for k in c.trace],
        "events": [_event(e) for e in c.events],
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


def result_to_dict(r: Result) -> dict[str, Any]:
    """The JSON-ready dict of a result (schema ``antq-rules/result/v1``)."""
    counts = r.status_counts()
    return {
        "schema": r.schema,
        "pack": {
            "id": r.pack.id,
            "version": r.pack.version,
            "content_hash": r.pack.content_hash,
            "instrument": r.pack.instrument,
            "title": _text(r.pack.title),
        },
        "unit": r.unit.to_dict(),
        "year": r.year,
        "window": [r.window[0].isoformat(), r.window[1].isoformat()],
        "outcome": r.outcome,
        "outcome_label": _text(r.outcome_label),
        "outcome_citation": _cit(r.outcome_citation),
        "summary": counts,
        "exclusion": None
        if r.exclusion is None
        else {"id": r.exclusion.id, "citation": _cit(r.exclusion.citation), "reason": _text(r.exclusion.reason)},
        "undetermined_scope": list(r.undetermined_scope),
        "extra_criteria": _text(r.extra_criteria),
        "parameters": [
            {
                "name": p.name,
                "value": encode_value(p.value),
                "is_default": p.is_default,
                "description": _text(p.description),
                "choice": _text(p.choice),
                "provenance": _prov(p.provenance),
                "origin": p.origin,
                "citation": _cit(p.citation),
            }
            for p in r.parameters
        ],
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


def _dependency(d: DependencyResult) -> dict[str, Any]:
    return {
        "id": d.id,
        "pack": d.pack,
        "version": d.version,
        "year": d.year,
        "outcome": d.outcome,
        "source": d.source,
        "decision": d.decision,
        "illustrative": d.illustrative,
        "result": None if d.result is None else result_to_dict(d.result),
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


def result_from_dict(d: dict[str, Any]) -> Result:
    """Rebuild a :class:`Result` from its JSON dict (exact inverse of :func:`result_to_dict`)."""
    if d.get("schema") != "antq-rules/result/v1":
        raise ValueError(f"not an antq-rules/result/v1 document: {d.get('schema')!r}")
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
