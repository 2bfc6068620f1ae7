"""JSON text of a result written directly, the same text as ``json.dumps(result.to_dict(detail))``.

``json.dumps`` costs about 0.1 µs per key or value on this project's machine: a residential area's
compact form has some 300 of them, more than the evaluation itself costs, and its full form some 5,000
(0.5 ms). Most of them are the pack's own words — comparison texts, operators, criterion ids, and in
the full form citations, titles, thresholds and parameter descriptions — the same on every result.
Here they are written from JSON text kept per string or per pack object; only what happened (statuses,
values, events) is encoded each time. The text is exactly ``json.dumps(result.to_dict(detail),
ensure_ascii=False)`` on one line (the tests compare them on every example and on generated inputs).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from json.encoder import encode_basestring as _quote  # JSON's own string writer (C)
from typing import Any

from antq_rules._lazy import OnFirstUse
from antq_rules._numbers import Share
from antq_rules.results._compact import _optional, _read
from antq_rules.results._json import (
    StaticCache,
    _cit_json,
    _dependency,
    _enc,
    _outside,
    _score,
    _text_json,
    info_parts,
    pack_json,
    parameters_json,
)
from antq_rules.results._model import COMPACT_SCHEMA_ID, CriterionResult, Result

__all__ = ["compact_json", "full_json"]


_dumps = json.JSONEncoder(ensure_ascii=False).encode
# What is written again and again is kept as JSON text, per value met (bounded: a long run starts again):
# a string's JSON — the strings written are mostly the pack's, the same every time —, a day's ISO text
# and a window's JSON array — a year's windows and deadlines come back on every result.
_s: Callable[[str], str] = OnFirstUse(_quote, limit=8192).__getitem__
_day: Callable[[date], str] = OnFirstUse(date.isoformat, limit=4096).__getitem__
_window: Callable[[tuple[date, date]], str] = OnFirstUse(
    lambda w: f'["{w[0].isoformat()}", "{w[1].isoformat()}"]', limit=1024
).__getitem__


def _v(v: Any) -> str:
    """A value's JSON, as ``json.dumps(_enc(v))`` writes it."""
    kind = type(v)
    if kind is int:
        return int.__repr__(v)
    if kind is str:
        return _quote(v)
    if v is None:
        return "null"
    if kind is bool:
        return "true" if v else "false"
    if kind is date:
        return f'{{"date": "{_day(v)}"}}'
    if kind is tuple and len(v) == 2 and type(v[0]) is date and type(v[1]) is date:
        return f'{{"window": {_window(v)}}}'
    if kind is Share or kind is Fraction:
        key = (kind, v.numerator, v.denominator)
        out = _numbers.get(key)
        if out is None:
            out = _dumps(_enc(v))
            if len(_numbers) >= 4096:
                _numbers.clear()
            _numbers[key] = out
        return out
    return _dumps(_enc(v))


_numbers: dict[tuple[type, int, int], str] = {}  # the JSON of the fractions and shares met so far


def _strings(items: Any) -> str:
    return "[" + ", ".join(map(_quote, items)) + "]"


_LITERALS = {True: "true", False: "false", None: "null"}


def _event_json(e: Any) -> str:
    position, eid, etype, day, list_id, point, status, reason = e
    why = "null" if reason is None else '{"vi": ' + _s(reason.vi) + ', "en": ' + _s(reason.en) + "}"
    return f'[{position!r}, {_v(eid)}, {_s(etype)}, "{_day(day)}", {_s(list_id)}, {_v(point)}, {_s(status)}, {why}]'


_heads: dict[str, tuple[str, str]] = {}  # a comparison's text -> (its operator, its JSON up to its values)


def _head(text: str, op: str) -> str:
    out = f"[{_quote(text)}, {_quote(op)}, "
    if len(_heads) >= 8192:
        _heads.clear()
    _heads[text] = (op, out)
    return out


def _step_json(k: Any) -> str:
    if len(k) == 6:
        text, op, left, right, result, missing = k
        known = _heads.get(text)
        head = known[1] if known is not None and known[0] == op else _head(text, op)
        # the values comparisons hold most are integers: written without a call
        lj = int.__repr__(left) if type(left) is int else _v(left)
        rj = int.__repr__(right) if type(right) is int else _v(right)
        if missing:
            return f"{head}{lj}, {rj}, {_LITERALS[result]}, {_strings(missing)}]"
        return f"{head}{lj}, {rj}, {_LITERALS[result]}]"
    text, events, window, total = k
    return (
        f'{{"count": {_s(text)}, "window": {_window(window)},'
        f' "total": {_v(total)}, "events": [{", ".join(map(_event_json, events))}]}}'
    )


def _mapping(values: dict[str, Any]) -> str:
    return (
        "{" + ", ".join([f"{_s(k)}: {int.__repr__(v) if type(v) is int else _v(v)}" for k, v in values.items()]) + "}"
    )


def compact_json(r: Result) -> str:
    """The compact form's JSON text on one line: ``json.dumps(result_to_compact(r), ensure_ascii=False)``."""
    values, previous, defaults = _read(r.criteria)
    criteria = []
    for c in r.criteria:
        entry = f'{{"id": {_s(c.info.id)}, "status": {_s(c.status)}'
        if c.steps:
            entry += f', "steps": [{", ".join(map(_step_json, c.steps))}]'
        if c.missing:
            entry += ', "missing": ' + _strings(c.missing)
        if c.undefined:
            entry += ', "undefined": ' + _strings(c.undefined)
        criteria.append(entry + "}")
    p, u, w = r.pack, r.unit, r.window
    counts = r.status_counts()
    parts = [
        f'{{"schema": "{COMPACT_SCHEMA_ID}", "pack": {{"id": {_s(p.id)}, "version": {_s(p.version)},'
        f' "content_hash": {_s(p.content_hash)}}}, "unit": {{"id": {_v(u.id)}, "name": {_v(u.name)},'
        f' "subject": {_v(u.subject)}, "kind": {_v(u.kind)}}}, "year": {_v(r.year)},'
        f' "window": {_window(w)}, "outcome": {_s(r.outcome)},'
        f' "summary": {{"met": {counts["met"]}, "not_met": {counts["not_met"]},'
        f' "not_applicable": {counts["not_applicable"]}, "undetermined": {counts["undetermined"]}}},'
        f' "illustrative": {_v(r.illustrative)}, "values": {_mapping(values)},'
        f' "criteria": [{", ".join(criteria)}]'
    ]
    for key, value in _optional(r, previous, defaults):
        parts.append(f', "{key}": {_mapping(value) if key == "previous_year" else _dumps(value)}')
    parts.append("}")
    return "".join(parts)


# -- the full form -----------------------------------------------------------------------------------


def _info_json(info: Any) -> tuple[str, str, str, str]:
    head, reads, thresholds, parameters = info_parts(info)
    return _dumps(head)[1:-1], _dumps(reads), _dumps(thresholds), _dumps(parameters)


_info_text = StaticCache(_info_json)
_pack_text = StaticCache(lambda p: _dumps(pack_json(p)))
_parameters_text = StaticCache(lambda ps: _dumps(parameters_json(ps)))
_text_text = StaticCache(lambda t: _dumps(_text_json(t)))
_cit_text = StaticCache(lambda c: _dumps(_cit_json(c)))
_full_heads: dict[str, tuple[str, str]] = {}


def _full_event(e: Any) -> str:
    position, eid, etype, day, list_id, point, status, reason = e
    why = "null" if reason is None else _text_text(reason)
    return (
        f'{{"index": {position!r}, "id": {_v(eid)}, "type": {_s(etype)}, "date": "{_day(day)}",'
        f' "list": {_s(list_id)}, "point": {_v(point)}, "status": {_s(status)}, "reason": {why}}}'
    )


def _full_steps(steps: tuple[Any, ...]) -> tuple[str, str]:
    """The comparisons' JSON and the events' JSON of a criterion's recorded steps."""
    out = []
    events: list[str] = []
    for k in steps:
        if len(k) == 6:
            text, op, left, right, result, missing = k
            known = _full_heads.get(text)
            if known is not None and known[0] == op:
                head = known[1]
            else:
                head = f'{{"text": {_quote(text)}, "op": {_quote(op)}, "left": '
                if len(_full_heads) >= 8192:
                    _full_heads.clear()
                _full_heads[text] = (op, head)
            lj = int.__repr__(left) if type(left) is int else _v(left)
            rj = int.__repr__(right) if type(right) is int else _v(right)
            out.append(
                f'{head}{lj}, "right": {rj}, "result": {_LITERALS[result]}, "missing_items": {_strings(missing)}}}'
            )
        else:
            text, evs, window, total = k
            listed = [_full_event(e) for e in evs]
            events.extend(listed)
            out.append(
                f'{{"text": {_s(text)}, "op": "count", "left": {_v(total)}, "right": {_v(window)},'
                f' "result": null, "missing_items": [], "events": [{", ".join(listed)}]}}'
            )
    return ", ".join(out), ", ".join(events)


def _full_criterion(c: CriterionResult) -> str:
    head, reads, thresholds, parameters = _info_text(c.info)
    comparisons, events = _full_steps(c.steps)
    observed = ", ".join(
        [f'{{"name": {_s(o.name)}, "value": {_v(o.value)}, "source": {_s(o.source)}}}' for o in c.observed]
    )
    return (
        f'{{"id": {_s(c.info.id)}, "status": {_s(c.status)}, {head},'
        f' "reason": {"null" if c.reason is None else _text_text(c.reason)}, "reads": {reads},'
        f' "observed": [{observed}], "thresholds": {thresholds}, "parameters": {parameters},'
        f' "comparisons": [{comparisons}], "events": [{events}], "missing": {_strings(c.missing)},'
        f' "undefined": {_strings(c.undefined)}}}'
    )


def full_json(r: Result) -> str:
    """The full form's JSON text on one line: ``json.dumps(result_to_dict(r), ensure_ascii=False)``."""
    u, w, ex = r.unit, r.window, r.exclusion
    counts = r.status_counts()
    exclusion = (
        "null"
        if ex is None
        else f'{{"id": {_s(ex.id)}, "citation": {_cit_text(ex.citation)}, "reason": {_text_text(ex.reason)}}}'
    )
    return (
        f'{{"schema": {_s(r.schema)}, "pack": {_pack_text(r.pack)}, "unit": {{"id": {_v(u.id)},'
        f' "name": {_v(u.name)}, "subject": {_v(u.subject)}, "kind": {_v(u.kind)}}}, "year": {_v(r.year)},'
        f' "window": {_window(w)}, "outcome": {_s(r.outcome)},'
        f' "outcome_label": {_text_text(r.outcome_label)},'
        f' "outcome_citation": {"null" if r.outcome_citation is None else _cit_text(r.outcome_citation)},'
        f' "summary": {{"met": {counts["met"]}, "not_met": {counts["not_met"]},'
        f' "not_applicable": {counts["not_applicable"]}, "undetermined": {counts["undetermined"]}}},'
        f' "exclusion": {exclusion}, "undetermined_scope": {_strings(r.undetermined_scope)},'
        f' "extra_criteria": {"null" if r.extra_criteria is None else _text_text(r.extra_criteria)},'
        f' "parameters": {_parameters_text(r.parameters)},'
        f' "criteria": [{", ".join([_full_criterion(c) for c in r.criteria])}], "kind": {_s(r.kind)},'
        f' "illustrative": {_v(r.illustrative)}, "provenance": {_dumps(dict(r.provenance))},'
        f' "overlay": {_v(r.overlay)}, "score": {"null" if r.score is None else _dumps(_score(r.score))},'
        f' "dependencies": {_dumps([_dependency(d) for d in r.dependencies])},'
        f' "outside_events": {_dumps([_outside(e) for e in r.outside_events])},'
        f' "scope_notes": {_dumps([_scope_note(n) for n in r.scope_notes])}}}'
    )


def _scope_note(n: Any) -> dict[str, Any]:
    return {"id": n.id, "citation": _cit_json(n.citation), "reason": _text_json(n.reason)}
