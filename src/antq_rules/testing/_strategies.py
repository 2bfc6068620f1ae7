"""Hypothesis strategies that draw a unit's input from any pack's own declarations.

Every value drawn here is an illustrative test input (ví dụ minh hoạ), never data of a real unit.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import reject
from hypothesis import strategies as st

from antq_rules.errors import InputError
from antq_rules.inputs import UnitRef, validate_input
from antq_rules.packs import FieldSpec, Pack
from antq_rules.packs._analysis import Threshold, thresholds

__all__ = ["changed_thresholds", "default_year", "favourable_inputs", "field_values", "inputs_for", "near_boundary"]

_RESERVED = ("year", "kind", "previous_year", "events", "parameters", "scores", "dependencies")
_REASON = "điểm minh hoạ do kiểm thử sinh ra / illustrative points drawn by a property test"
_TOP = 60  # the largest count drawn when a field declares no maximum (boundaries are drawn on purpose)


def default_year(pack: Pack) -> int:
    """The first full year the pack is in force (the year after it takes effect, within its end)."""
    year = pack.effective_from.year + 1
    if pack.effective_to is not None:
        year = min(year, pack.effective_to.year)
    return year


def _bounds(spec: FieldSpec) -> tuple[int, int]:
    low = math.ceil(spec.min) if isinstance(spec.min, (int, Fraction, Decimal)) else 0
    high = math.floor(spec.max) if isinstance(spec.max, (int, Fraction, Decimal)) else max(low, 0) + _TOP
    return low, max(low, min(high, low + 10 * _TOP))


def field_values(spec: FieldSpec, window: tuple[dt.date, dt.date]) -> st.SearchStrategy[Any]:
    """Values of one declared field: in its range, among its choices, around the evaluation window."""
    if spec.type == "integer":
        low, high = _bounds(spec)
        return st.integers(low, min(high, low + _TOP))
    if spec.type == "decimal":
        low, high = _bounds(spec)
        return st.decimals(low, min(high, low + _TOP), places=2, allow_nan=False, allow_infinity=False)
    if spec.type == "boolean":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(list(spec.choices or ()))
    if spec.type == "set":
        return st.lists(st.sampled_from(list(spec.choices or ())), unique=True).map(sorted)
    if spec.type == "date":
        return st.dates(window[0] - dt.timedelta(days=100), window[1])
    raise ValueError(f"unknown field type {spec.type!r}")  # pragma: no cover - the schema lists them


def _indicators_of(pack: Pack, subject: str) -> dict[str, FieldSpec]:
    return {n: s for n, s in pack.indicators.items() if s.subjects is None or subject in s.subjects}


def _constraint_shapes(pack: Pack) -> list[tuple[str, Any, Any]]:
    """Constraints of the shapes ``a <= b``, ``a < b`` and ``a + b + … == c`` (the others are left to the
    validator: a field it refuses is dropped)."""
    shapes: list[tuple[str, Any, Any]] = []
    for k in pack.constraints:
        try:
            node = ast.parse(k.check.source, mode="eval").body
        except SyntaxError:  # pragma: no cover
            continue
        if not isinstance(node, ast.Compare) or len(node.ops) != 1:
            continue
        left, right, op = node.left, node.comparators[0], node.ops[0]
        if isinstance(op, (ast.LtE, ast.Lt)) and isinstance(left, ast.Name) and isinstance(right, ast.Name):
            shapes.append(("le" if isinstance(op, ast.LtE) else "lt", left.id, right.id))
        elif isinstance(op, ast.Eq) and isinstance(right, ast.Name):
            terms: list[str] = []
            stack: list[ast.expr] = [left]
            while stack:
                n = stack.pop()
                if isinstance(n, ast.BinOp) and isinstance(n.op, ast.Add):
                    stack.extend((n.right, n.left))
                elif isinstance(n, ast.Name):
                    terms.append(n.id)
                else:
                    terms = []
                    break
            if terms:
                shapes.append(("sum", tuple(terms), right.id))
    return shapes


def _repair(values: dict[str, Any], fixed: set[str], shapes: list[tuple[str, Any, Any]]) -> None:
    """Move drawn numbers so the simple constraints hold, never touching a fixed one."""

    def num(name: str) -> bool:
        return isinstance(values.get(name), int) and not isinstance(values.get(name), bool)

    for _ in range(4):
        for kind, a, b in shapes:
            if kind in ("le", "lt"):
                if not (num(a) and num(b)):
                    continue
                gap = 1 if kind == "lt" else 0
                if values[a] + gap <= values[b]:
                    continue
                if b not in fixed:
                    values[b] = values[a] + gap
                elif a not in fixed:
                    values[a] = max(values[b] - gap, 0)
            else:
                terms, total = a, b
                if not (num(total) and all(num(t) for t in terms)):
                    continue
                rest = values[total] - sum(values[t] for t in terms)
                if rest == 0:
                    continue
                free = [t for t in terms if t not in fixed]
                if total not in fixed:
                    values[total] = sum(values[t] for t in terms)
                elif free:
                    for t in free:  # spread the difference over the free terms, none below zero
                        step = max(rest, -values[t])
                        values[t] += step
                        rest -= step
                        if rest == 0:
                            break


def _drop_refused(pack: Pack, doc: dict[str, Any], fixed: set[str]) -> bool:
    """Validate ``doc``; drop every field the validator refuses (a dropped indicator is missing). True if valid."""
    u = doc["unit"]
    for _ in range(6):
        try:
            validate_input(
                pack,
                UnitRef(u["id"], u["subject"], u.get("kind")),
                doc["year"],
                doc["indicators"],
                doc["previous_year"],
                doc["events"],
                doc["parameters"],
                scores=doc["scores"],
            )
        except InputError as err:
            changed = False
            for problem in err.problems:
                path = (problem.field or "").replace("[", ".").replace("]", "")
                section, _, rest = path.partition(".")
                name = rest.split(".")[0]
                if section in ("indicators", "previous_year", "parameters", "scores") and name in doc[section]:
                    if section == "indicators" and name in fixed:
                        continue
                    doc[section].pop(name)
                    changed = True
                elif section == "events" and name.isdigit() and doc["events"] and int(name) < len(doc["events"]):
                    doc["events"][int(name)] = None
                    changed = True
            if doc["events"] is not None:
                doc["events"] = [e for e in doc["events"] if e is not None]
            if not changed:
                return False
            continue
        return True
    return False


def _draw(draw: st.DrawFn, value: Any) -> Any:
    return draw(value) if isinstance(value, st.SearchStrategy) else value


@st.composite
def _inputs(
    draw: st.DrawFn,
    pack: Pack,
    subject: str,
    fixed: Mapping[str, Any],
    prefer: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """``fixed`` indicators are kept as given; ``prefer`` ones are drawn instead of random values but,
    like random ones, may be moved to keep a constraint or dropped when the validator refuses them."""
    prefer = prefer or {}
    year = _draw(draw, fixed.get("year", default_year(pack)))
    window = pack.evaluation_window(subject, year)
    kinds = list(pack.subjects[subject].kinds)
    kind = _draw(draw, fixed["kind"]) if "kind" in fixed else (draw(st.sampled_from(kinds)) if kinds else None)
    specs = _indicators_of(pack, subject)
    pinned = {n for n in fixed if n not in _RESERVED}
    indicators: dict[str, Any] = {}
    for name, spec in specs.items():
        if name in pinned:
            indicators[name] = _draw(draw, fixed[name])
        elif name in prefer:
            indicators[name] = prefer[name]
        elif draw(st.integers(0, 11)):  # about one in twelve left missing
            indicators[name] = draw(field_values(spec, window))
    if "previous_year" in fixed:
        previous = dict(_draw(draw, fixed["previous_year"]))
    else:
        previous = {
            n: draw(field_values(s, window)) for n, s in specs.items() if s.previous_year and draw(st.integers(0, 5))
        }
    if "events" in fixed:
        events = _draw(draw, fixed["events"])
        events = None if events is None else [dict(e) for e in events]
    else:
        events = []
        types = list(pack.event_types)
        for i in range(draw(st.integers(0, 3)) if types else 0):
            etype = pack.event_types[draw(st.sampled_from(types))]
            ev: dict[str, Any] = {"id": f"E{i + 1}", "type": etype.id, "date": draw(st.dates(window[0], window[1]))}
            for f in etype.fields.values():
                if f.subjects is not None and subject not in f.subjects:
                    continue
                if f.required or draw(st.booleans()):
                    ev[f.name] = draw(field_values(f, window))
            events.append(ev)
    if "parameters" in fixed:
        parameters = dict(_draw(draw, fixed["parameters"]))
    else:
        parameters = {}
        for p in pack.parameters.values():
            if draw(st.booleans()):
                continue  # the default
            if p.type == "boolean":
                parameters[p.name] = draw(st.booleans())
            elif p.type == "set":
                parameters[p.name] = draw(st.lists(st.sampled_from(list(p.choices or ())), unique=True))
            elif p.choices:
                parameters[p.name] = draw(st.sampled_from(list(p.choices)))
    if "scores" in fixed:
        scores = dict(_draw(draw, fixed["scores"]))
    else:
        scores = {}
        for it in pack.items_by_subject.get(subject, ()):
            if it.method == "manual" and it.max.known and draw(st.integers(0, 7)):
                top = Fraction(it.max.value)
                points = draw(st.fractions(0, top, max_denominator=4))
                scores[it.id] = {"points": points, "reason": _REASON}
            elif it.hand_scoring is not None and it.max.known and draw(st.integers(0, 3)) == 0:
                step = Fraction(it.hand_scoring.step)  # a hand score in the template's steps
                steps = draw(st.integers(0, int(Fraction(it.max.value) / step)))
                scores[it.id] = {"points": steps * step, "reason": _REASON}
    if "dependencies" in fixed:
        dependencies = dict(_draw(draw, fixed["dependencies"]))
    else:
        dependencies = {}
        for r in pack.requires:
            if len(r.outcomes) > 0 and draw(st.integers(0, 5)) > 0:
                dependencies[r.id] = {"outcome": draw(st.sampled_from(list(r.outcomes)))}
    _repair(indicators, pinned, _constraint_shapes(pack))
    doc: dict[str, Any] = {
        "unit": {"id": "U-minh-hoa", "subject": subject, "kind": kind},
        "year": year,
        "indicators": indicators,
        "previous_year": previous,
        "events": events,
        "parameters": parameters,
        "scores": scores,
        "dependencies": dependencies,
    }
    if not _drop_refused(pack, doc, pinned):
        reject()  # the pinned values themselves break a rule of the input: draw another
    return doc


def inputs_for(pack: Pack, subject: str, **fixed: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Valid inputs of a ``subject`` unit for ``pack``, drawn from the pack's declarations.

    Each drawn input is a dict with ``unit``, ``year``, ``indicators``, ``previous_year``, ``events``,
    ``parameters``, ``scores`` and ``dependencies`` (pass it to :func:`antq_rules.testing.evaluate_input`).
    Indicators respect their type, range and choices (a few are left missing, so undetermined paths are
    explored too); events are of the declared types, dated within the evaluation window, with their
    fields; manual items get hand scores up to their maximum; required packs get supplied outcomes.
    Simple constraints (``a <= b``, ``a + b == c``) are kept; any field the validator still refuses is
    dropped, so every drawn input validates.

    ``fixed`` pins parts of the input, each a value or a strategy: an indicator by its name, or
    ``year``, ``kind``, ``previous_year``, ``events`` (``None``: not reported), ``parameters``,
    ``scores``, ``dependencies``.
    """
    if subject not in pack.subjects:
        raise ValueError(f"pack {pack.ref} has no subject {subject!r} (known: {', '.join(pack.subjects)})")
    specs = _indicators_of(pack, subject)
    unknown = [k for k in fixed if k not in _RESERVED and k not in specs]
    if unknown:
        raise ValueError(f"not an indicator of {subject!r} in {pack.ref}: {', '.join(sorted(unknown))}")
    return _inputs(pack, subject, dict(fixed))


def _common_dates(pack: Pack, subject: str, year: int) -> tuple[dt.date, dt.date]:
    """The days inside every window of the pack for ``year`` (e.g. the first quarter), else the
    evaluation window: a date there satisfies any ``date_in(d, window.W)``."""
    start, end = pack.evaluation_window(subject, year)
    for w in pack.windows.values():
        a, b = w.spec.for_year(year)
        if max(start, a) <= min(end, b):
            start, end = max(start, a), min(end, b)
    return start, end


@st.composite
def _favourable(draw: st.DrawFn, pack: Pack, subject: str, fixed: Mapping[str, Any]) -> dict[str, Any]:
    year = _draw(draw, fixed.get("year", default_year(pack)))
    specs = _indicators_of(pack, subject)
    day_from, day_to = _common_dates(pack, subject, year)
    pin: dict[str, Any] = {}
    scope = {n for e in pack.exclusions for n in e.when.indicators}  # left random: in scope or not
    for name, spec in specs.items():
        if name in fixed or name in scope:
            continue
        if spec.type == "boolean":
            pin[name] = draw(st.sampled_from([True] * 9 + [False]))
        elif spec.type == "set":
            pin[name] = sorted(spec.choices or ())
        elif spec.type == "date":
            pin[name] = draw(st.dates(day_from, day_to))
        elif spec.type in ("integer", "decimal"):
            low, _high = _bounds(spec)
            pin[name] = draw(st.integers(low, low + 3)) if spec.type == "integer" else Decimal(low)
        elif spec.type == "enum" and spec.ordered and spec.choices:
            pin[name] = list(spec.choices)[-1]
    for t in thresholds(pack):  # the side of each threshold that meets it
        if subject not in t.subjects or any(n in fixed or n not in specs for n in t.indicators):
            continue
        if t.kind == "ratio" and Fraction(t.value) <= 1 and t.op in (">=", ">"):
            num, den = t.indicators
            b = draw(st.integers(1, _TOP))
            pin[den] = b
            pin[num] = draw(st.integers(min(math.ceil(Fraction(t.value) * b) + (t.op == ">"), b), b))
        elif t.kind == "indicator" and specs[t.indicators[0]].type == "integer":
            v = Fraction(t.value)
            lo, hi = _bounds(specs[t.indicators[0]])
            choice = {
                ">=": range(math.ceil(v), math.ceil(v) + 3),
                ">": range(math.floor(v) + 1, math.floor(v) + 4),
                "==": range(int(v), int(v) + 1) if v.denominator == 1 else range(0),
                "<=": range(max(lo, math.floor(v) - 2), math.floor(v) + 1),
                "<": range(max(lo, math.ceil(v) - 3), math.ceil(v)),
            }.get(t.op, range(0))
            options = [x for x in choice if lo <= x <= hi]
            if options:
                pin[t.indicators[0]] = draw(st.sampled_from(options))
    previous = {
        n: draw(st.integers(0, 3)) + (pin[n] if isinstance(pin.get(n), int) else 0)
        for n, s in specs.items()
        if s.previous_year
    }
    best = {r.id: {"outcome": r.outcomes[-1]} for r in pack.requires if r.outcomes}  # e.g. pass, the top level
    parts = {"events": [], "previous_year": previous, "parameters": {}, "year": year, "dependencies": best}
    return draw(_inputs(pack, subject, {**parts, **fixed}, pin))


def favourable_inputs(pack: Pack, subject: str, **fixed: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Inputs that lean toward meeting the rules: every declared threshold on its meeting side, yes/no
    answers mostly yes, every choice of a set, the highest ordered choice, dates inside every window
    (e.g. the first quarter), no event, last year's counts no lower than this year's, default
    readings, required packs at their best outcome. Many such units pass or reach a high level — what random inputs rarely do — so the
    properties also see passing results. ``fixed`` as for :func:`inputs_for`.
    """
    inputs_for(pack, subject, **fixed)  # the same checks of ``subject`` and ``fixed``
    return _favourable(pack, subject, dict(fixed))


def _candidates(t: Threshold, spec: FieldSpec, value: Any) -> list[int]:
    low, high = _bounds(spec)
    edge = Fraction(value)
    out = sorted({math.floor(edge) - 1, math.floor(edge), math.ceil(edge), math.ceil(edge) + 1})
    return [x for x in out if low <= x <= high] or [low]


@st.composite
def _near(draw: st.DrawFn, pack: Pack, subject: str, found: Sequence[Threshold], fixed: Mapping[str, Any]) -> Any:
    t = draw(st.sampled_from(list(found)))
    pin: dict[str, Any] = {}
    if t.kind == "indicator":
        spec = pack.indicators[t.indicators[0]]
        pin[spec.name] = draw(st.sampled_from(_candidates(t, spec, t.value)))
    elif t.kind == "ratio":
        num, den = (pack.indicators[n] for n in t.indicators)
        lo, hi = _bounds(den)
        lo, hi = max(lo, 1), max(lo, 1, min(hi, 200))
        den_step = Fraction(t.value).denominator  # half the time a base where the edge is a whole count
        whole = [k * den_step for k in range(-(-lo // den_step), hi // den_step + 1)]
        b = draw(st.sampled_from(whole)) if len(whole) > 0 and draw(st.booleans()) else draw(st.integers(lo, hi))
        edge = Fraction(t.value) * b
        low, high = _bounds(num)
        if Fraction(t.value) <= 1:
            high = min(high, b)
        choices = sorted({math.floor(edge) - 1, math.floor(edge), math.ceil(edge), math.ceil(edge) + 1})
        pin[num.name] = draw(st.sampled_from([x for x in choices if low <= x <= high] or [min(low, high)]))
        pin[den.name] = b
    else:  # ordered choice
        spec = pack.indicators[t.indicators[0]]
        order = list(spec.choices or ())
        i = order.index(t.value) if t.value in order else 0
        pin[spec.name] = draw(st.sampled_from(order[max(i - 1, 0) : i + 2]))
    return draw(inputs_for(pack, subject, **{**fixed, **pin}))


def near_boundary(
    pack: Pack,
    subject: str,
    *,
    also: Sequence[Pack] = (),
    law: Sequence[str] | None = None,
    among: Sequence[Threshold] | None = None,
    **fixed: Any,
) -> st.SearchStrategy[dict[str, Any]]:
    """Inputs whose indicators sit just below, at and just above a threshold the rules declare.

    A threshold is a comparison of an indicator (or ``ratio(a, b)``, or ``a`` against ``law.V * b``)
    with a fixed value (``law.NAME``, a number, ``pct(N)``), or of an ordered choice with a choice.
    The thresholds of the packs in ``also`` (e.g. the national pack an overlay or copy must not
    loosen) are used too, with the indicators ``pack`` has. ``law`` keeps only the thresholds that
    compare with those named values (``law.NAME``); ``among`` gives the thresholds to use instead (e.g.
    :func:`changed_thresholds`). Falls back to :func:`inputs_for` when ``subject``'s rules declare none.
    """
    specs = _indicators_of(pack, subject)
    pool = list(among) if among is not None else [t for p in (pack, *also) for t in thresholds(p)]
    found = [
        t
        for t in pool
        if subject in t.subjects
        and all(n in specs for n in t.indicators)
        and _free(t, fixed)
        and (law is None or t.law in law)
    ]
    if not found:
        return inputs_for(pack, subject, **fixed)
    return _near(pack, subject, found, dict(fixed))


def changed_thresholds(pack: Pack, national: Pack) -> tuple[Threshold, ...]:
    """The thresholds where ``pack`` and ``national`` differ (each side's), e.g. a copy's 60% where the
    national pack says 70%: where a loosened pack and the national one disagree first."""
    mine, theirs = thresholds(pack), thresholds(national)

    def key(t: Threshold) -> tuple[Any, ...]:
        return (t.where, t.kind, t.indicators, t.op, str(t.value))

    mine_keys, their_keys = {key(t) for t in mine}, {key(t) for t in theirs}
    return (*(t for t in mine if key(t) not in their_keys), *(t for t in theirs if key(t) not in mine_keys))


def _free(t: Threshold, fixed: Mapping[str, Any]) -> bool:
    return not any(n in fixed for n in t.indicators)
