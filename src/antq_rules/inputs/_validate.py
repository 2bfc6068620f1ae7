"""Check a unit's input against a pack: names, types, units, ranges, windows and constraints.

Every problem is collected; evaluation never runs on invalid input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, NamedTuple

import attrs

from antq_rules._lazy import OnFirstUse
from antq_rules._numbers import LARGEST, NumberBoundError, Share, bounded_exact, number_text
from antq_rules._suggest import did_you_mean
from antq_rules._text import Text
from antq_rules._yaml import YamlDocument, format_path
from antq_rules.errors import InputError, Problem
from antq_rules.expressions import UNKNOWN, Context, Event
from antq_rules.inputs._arguments import check_arguments, unit_problems
from antq_rules.inputs._coerce import (
    MISSING,
    CoercionError,
    coerce_field,
    is_missing,
    native,
    quick_kind,
    read_number,
)
from antq_rules.inputs._fast import ConstraintsHold, FastFields, constraints_function, fast_events, fast_fields
from antq_rules.packs import FieldSpec, Pack
from antq_rules.packs._model import Item
from antq_rules.units import DIMENSIONLESS_UNITS, UNIT_NAMES, UnitMismatch, to_declared_unit
from antq_rules.units._registry import unit_words

__all__ = ["OutsideEvent", "UnitRef", "ValidatedInput", "pack_windows", "validate_input"]

_DIMENSIONLESS = ("percent", "ratio")
_tn = tuple.__new__  # builds a NamedTuple without its Python-level __new__
_NONE_CHOSEN: frozenset[str] = frozenset()


@attrs.frozen(slots=True)
class UnitRef:
    """The evaluated unit as the host named it."""

    id: str
    subject: str
    kind: str | None = None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "subject": self.subject, "kind": self.kind}


class OutsideEvent(NamedTuple):
    """A reported event dated outside the evaluation period: accepted, shown, and not counted.

    ``position`` is the event's place in the input list (``events[position]``).
    """

    position: int
    id: str | None
    type: str
    date: date


OUTSIDE_YEARS = (1900, 2200)  # an event dated outside these years is an input error, not an old event


class ValidatedInput(NamedTuple):
    """Input that passed every check, normalised to exact values (ints, fractions, dates, sets)."""

    unit: UnitRef
    year: int
    window: tuple[date, date]
    values: dict[str, Any]
    previous: dict[str, Any]
    events: tuple[Event, ...] | None  # None: events not reported (criteria counting them are undetermined)
    parameters: dict[str, Any]
    chosen_parameters: frozenset[str]
    defaults_used: tuple[str, ...]
    scores: dict[str, tuple[Any, str]] = {}  # noqa: RUF012 — hand-scored items: id -> (points, reason)
    windows: dict[str, tuple[date, date]] | None = None  # every window of the pack for this year and subject
    # events dated outside the evaluation window: never in ``events`` (which the engine counts)
    outside_events: tuple[OutsideEvent, ...] = ()


class _Problems:
    def __init__(self, doc: YamlDocument | None, file: str | None) -> None:
        self.doc = doc
        self.file = file
        self.items: list[Problem] = []

    def add(self, path: Sequence[str | int], vi: str, en: str) -> None:
        text = Text(vi, en)
        if self.doc is not None:
            self.items.append(self.doc.problem(text, path))
        else:
            self.items.append(Problem(text, file=self.file, field=format_path(path) or None))


@lru_cache(maxsize=256)
def _is_dimensionless(unit: str | None) -> bool:
    if unit is None:
        return False
    return unit in _DIMENSIONLESS or UNIT_NAMES.get(unit) in DIMENSIONLESS_UNITS


def field_quick_kind(spec: FieldSpec) -> Any:
    """Which quick text reading a field's cells may take (``inputs._coerce.quick_kind``), or None."""
    return quick_kind(spec.type, _is_dimensionless(spec.unit), spec.choices)


Converter = Callable[[Any, Sequence[str | int], "_Problems", Mapping[str, tuple[date, date]] | None], Any]


def _converter(spec: FieldSpec) -> Converter:
    """A converter specialised for one field, with a fast path for the common well-typed value."""
    # an integer without a declared bound still stays within the bounds of every number
    lo = -LARGEST if spec.min is None else spec.min
    hi = LARGEST if spec.max is None else spec.max
    if spec.type == "integer" and not _is_dimensionless(spec.unit):

        def integer(raw: Any, path: Sequence[str | int], out: _Problems, windows: Any) -> Any:
            if type(raw) is int and lo <= raw <= hi:
                return raw
            return _convert(spec, raw, path, out, windows)

        return integer
    if spec.type == "date" and spec.within is not None:
        within = spec.within

        def date_(raw: Any, path: Sequence[str | int], out: _Problems, windows: Any) -> Any:
            if type(raw) is date and windows is not None:
                lo_d, hi_d = windows[within]
                if lo_d <= raw <= hi_d:
                    return raw
            return _convert(spec, raw, path, out, windows)

        return date_
    if spec.type == "boolean":

        def boolean(raw: Any, path: Sequence[str | int], out: _Problems, windows: Any) -> Any:
            if raw is True or raw is False:
                return raw
            return _convert(spec, raw, path, out, windows)

        return boolean
    if spec.type == "enum":
        choices = spec.choices or {}

        def enum(raw: Any, path: Sequence[str | int], out: _Problems, windows: Any) -> Any:
            if type(raw) is str and raw in choices:
                return raw
            return _convert(spec, raw, path, out, windows)

        return enum
    return lambda raw, path, out, windows: _convert(spec, raw, path, out, windows)


def _convert(
    spec: FieldSpec,
    raw: Any,
    path: Sequence[str | int],
    out: _Problems,
    windows: Mapping[str, tuple[date, date]] | None,
) -> Any:
    """Convert one raw value to its exact form; report a problem and return UNKNOWN if it is bad.

    The value is first normalised by :func:`~antq_rules.inputs._coerce.coerce_field` (native numpy and
    pandas values, Vietnamese text); a missing value (None, NaN, NaT, an empty cell) gives UNKNOWN
    without a problem, exactly like a value not sent.
    """
    t = spec.type
    original = raw
    try:
        raw = coerce_field(t, raw, spec.choices, unit=spec.unit)
    except CoercionError as exc:
        out.add(path, exc.text.vi, exc.text.en)
        return UNKNOWN
    if raw is MISSING:
        return UNKNOWN
    if t in ("integer", "decimal"):
        value: Any
        if isinstance(raw, bool):
            out.add(path, "cần một số, không phải đúng/sai", "expected a number, not true/false")
            return UNKNOWN
        if isinstance(raw, (str, dict)):
            if spec.unit is None:
                out.add(
                    path,
                    f"cần một số không kèm đơn vị, nhận được {original!r}",
                    f"expected a number without a unit, got {original!r}",
                )
                return UNKNOWN
            dimensionless = _is_dimensionless(spec.unit)
            try:
                # shares are stored as exact ratios (65 % -> 13/20), like legal values written "70%"
                value = to_declared_unit(raw, "ratio" if dimensionless else spec.unit, require_unit=dimensionless)
                if dimensionless:
                    value = Share(value)
            except NumberBoundError as exc:
                out.add(path, exc.text.vi, exc.text.en)
                return UNKNOWN
            except UnitMismatch as exc:
                out.add(
                    path,
                    f"sai đơn vị: {exc.vi} (đơn vị khai báo: {unit_words(spec.unit)})",
                    f"wrong unit: {exc} (declared unit: {spec.unit})",
                )
                return UNKNOWN
        elif isinstance(raw, (int, Decimal, Fraction)):
            try:
                raw = bounded_exact(raw)  # looked at before it is computed: digits, exponent, finite
            except NumberBoundError as exc:
                out.add(path, exc.text.vi, exc.text.en)
                return UNKNOWN
            if _is_dimensionless(spec.unit):
                shown = original.strip() if isinstance(original, str) else raw
                out.add(
                    path,
                    f'số {shown} không ghi đơn vị; hãy viết rõ, ví dụ "{shown} %" hoặc "{shown} ratio"',
                    f'the number {shown} has no unit; say which, e.g. "{shown} %" or "{shown} ratio"',
                )
                return UNKNOWN
            value = Fraction(raw)
        else:
            out.add(path, f"cần một số, nhận được {original!r}", f"expected a number, got {original!r}")
            return UNKNOWN
        if isinstance(value, Fraction) and value.denominator == 1 and not isinstance(value, Share):
            value = int(value)
        if t == "integer" and not isinstance(value, int):
            out.add(path, f"cần một số nguyên, nhận được {value}", f"expected a whole number, got {value}")
            return UNKNOWN
        if spec.min is not None and value < spec.min:
            out.add(
                path,
                f"giá trị {value} nhỏ hơn mức tối thiểu {spec.min}",
                f"value {value} is below the minimum {spec.min}",
            )
            return UNKNOWN
        if spec.max is not None and value > spec.max:
            out.add(
                path, f"giá trị {value} lớn hơn mức tối đa {spec.max}", f"value {value} is above the maximum {spec.max}"
            )
            return UNKNOWN
        return value
    if t == "date":
        if spec.within is not None and windows is not None:
            start, end = windows[spec.within]
            if not start <= raw <= end:
                out.add(
                    path,
                    f"ngày {raw:%d/%m/%Y} nằm ngoài mốc thời gian đánh giá {start:%d/%m/%Y}–{end:%d/%m/%Y}",
                    f"date {raw.isoformat()} is outside the evaluation window {start.isoformat()} – {end.isoformat()}",
                )
                return UNKNOWN
        return raw
    if t == "set":
        if len(set(raw)) != len(raw):
            out.add(path, "danh sách có phần tử trùng lặp", "the list repeats an item")
            return UNKNOWN
        return frozenset(raw)
    return raw  # boolean, enum: already the value or the code


_EVENT_KEYS = frozenset({"type", "date", "id", "note"})
_EVENT_DATE = FieldSpec(name="date", type="date", description=Text("ngày", "date"))


def _allowed(subjects: frozenset[str] | None, subject: str) -> bool:
    return subjects is None or subject in subjects


class _InputPlan:
    """Per-pack data for validation, computed once: converters, defaults, legal values."""

    def __init__(self, pack: Pack) -> None:
        self.converters = {name: _converter(spec) for name, spec in pack.indicators.items()}
        self.prev_converters = {n: c for n, c in self.converters.items() if pack.indicators[n].previous_year}
        # per subject: only the indicators that subject may send
        self.subject_converters = {
            s: {n: c for n, c in self.converters.items() if _allowed(pack.indicators[n].subjects, s)}
            for s in pack.subjects
        }
        # generated checks are written for a subject when its first unit is validated
        self.fast: dict[str, FastFields] = OnFirstUse(
            lambda s: fast_fields(
                {n: spec for n, spec in pack.indicators.items() if _allowed(spec.subjects, s)}, _is_dimensionless
            )
        )
        self.fast_previous = fast_fields(
            {n: spec for n, spec in pack.indicators.items() if spec.previous_year}, _is_dimensionless, windows=False
        )
        self.fast_events = fast_events(
            {t.id: t.fields for t in pack.event_types.values()}, _is_dimensionless, _EVENT_KEYS
        )
        self.event_converters = {
            t.id: {f: _converter(fs) for f, fs in t.fields.items()} for t in pack.event_types.values()
        }
        self.event_defaults = {
            t.id: tuple((f, fs.default) for f, fs in t.fields.items() if fs.default is not None)
            for t in pack.event_types.values()
        }
        self.default_params = {name: p.default for name, p in pack.parameters.items()}
        self.quick = True  # try :func:`_quick` first (tests switch it off to compare with the full validator)
        # (year, subject) -> (windows, pack in force): filled as evaluations ask (a few entries per year)
        self.periods: dict[tuple[int, str], tuple[dict[str, tuple[date, date]], bool]] = {}
        # constraints that can apply to each subject (all their indicators allowed for it)
        self.constraints = {
            s: tuple(
                c for c in pack.constraints if all(_allowed(pack.indicators[n].subjects, s) for n in c.check.indicators)
            )
            for s in pack.subjects
        }
        self.law = pack.law
        # per subject: one generated function telling whether every applicable constraint holds
        self.constraints_hold: dict[str, ConstraintsHold | None] = OnFirstUse(
            lambda s: constraints_function(self.constraints[s], pack.law)
        )
        self.defaults = {
            s: tuple(
                (n, spec.default)
                for n, spec in pack.indicators.items()
                if spec.default is not None and (spec.subjects is None or s in spec.subjects)
            )
            for s in pack.subjects
        }
        # per subject: the items that take a hand score, for the quick path (see _hand_score_rules)
        self.hand_scores: dict[str, dict[str, tuple[Any, int, int]]] = OnFirstUse(
            lambda s: _hand_score_rules(_items_of(pack, s).values())
        )
        # what the quick path needs per subject, in one lookup
        self.quick_checks: dict[str, tuple[FastFields, bool, ConstraintsHold | None]] = OnFirstUse(
            lambda s: (self.fast[s], bool(self.defaults[s]), self.constraints_hold[s])
        )


@lru_cache(maxsize=64)
def _plan(pack: Pack) -> _InputPlan:
    return _InputPlan(pack)


@lru_cache(maxsize=4096)
def pack_windows(pack: Pack, year: int, subject: str) -> dict[str, tuple[date, date]]:
    """Every window of ``pack`` for ``year``, plus ``evaluation``: the subject's evaluation window."""
    out = {wid: w.spec.for_year(year) for wid, w in pack.windows.items()}
    out["evaluation"] = pack.evaluation_window(subject, year)
    return out


def _period(pack: Pack, year: int, subject: str) -> tuple[dict[str, tuple[date, date]], bool]:
    """The windows of ``year`` for ``subject``, and whether the pack is in force for that evaluation."""
    windows = pack_windows(pack, year, subject)
    return windows, pack.in_force(windows["evaluation"][1])


def validate_input(
    pack: Pack,
    unit: UnitRef,
    year: int,
    indicators: Mapping[str, Any],
    previous_year: Mapping[str, Any] | None = None,
    events: Sequence[Mapping[str, Any]] | None = None,
    parameters: Mapping[str, Any] | None = None,
    *,
    scores: Mapping[str, Any] | None = None,
    doc: YamlDocument | None = None,
    file: str | None = None,
) -> ValidatedInput:
    """Validate a unit's input against ``pack``; raise :class:`InputError` naming every problem.

    ``events`` None (not reported) is kept as None; an empty list means that no event occurred.
    """
    check_arguments(pack, year, indicators, previous_year, events, parameters, scores)  # the library's errors
    if not isinstance(unit, UnitRef):
        raise InputError(unit_problems(unit) or [Problem(Text("cần một UnitRef", "expected a UnitRef"), field="unit")])
    plan = _plan(pack)
    if plan.quick:
        quick = _quick(pack, plan, unit, year, indicators, previous_year, events, parameters, scores)
        if quick is not None:
            return quick
    out = _Problems(doc, file)
    subject = pack.subjects.get(unit.subject)
    if subject is None:
        out.add(
            ["unit", "subject"],
            f"đối tượng không biết '{unit.subject}' (có: {', '.join(pack.subjects)})"
            + did_you_mean(unit.subject, pack.subjects).vi,
            f"unknown subject '{unit.subject}' (known: {', '.join(pack.subjects)})"
            + did_you_mean(unit.subject, pack.subjects).en,
        )
        raise InputError(out.items)
    if unit.kind is not None and unit.kind not in subject.kinds:
        out.add(
            ["unit", "kind"],
            f"loại '{unit.kind}' không thuộc đối tượng '{subject.id}' (có: {', '.join(subject.kinds)})",
            f"kind '{unit.kind}' is not a kind of subject '{subject.id}' (known: {', '.join(subject.kinds)})",
        )
    windows = pack_windows(pack, year, subject.id)
    window = windows["evaluation"]
    if not pack.in_force(window[1]):
        out.add(
            ["year"],
            f"gói {pack.ref} không có hiệu lực cho năm đánh giá {year} (hiệu lực từ {pack.effective_from:%d/%m/%Y})",
            f"pack {pack.ref} is not in force for evaluation year {year} (in force from {pack.effective_from.isoformat()})",
        )

    fast = plan.fast[subject.id](indicators, windows)
    values: dict[str, Any] = {} if fast is None else fast
    converters = plan.subject_converters[subject.id]
    for name, raw in indicators.items() if fast is None else ():
        convert = converters.get(name)
        if convert is None:
            if name not in pack.indicators:
                hint = did_you_mean(name, converters) if converters else Text("", "")
                hint = hint if hint.en else did_you_mean(name, pack.indicators)
                out.add(
                    ("indicators", name), f"chỉ số không biết '{name}'{hint.vi}", f"unknown indicator '{name}'{hint.en}"
                )
            else:
                out.add(
                    ("indicators", name),
                    f"chỉ số '{name}' không dùng cho đối tượng '{subject.id}'",
                    f"indicator '{name}' does not apply to subject '{subject.id}'",
                )
            continue
        if raw is None:
            continue  # an explicit null is the same as not sending it: the criteria say undetermined
        v = convert(raw, ("indicators", name), out, windows)
        if v is not UNKNOWN:
            values[name] = v
    defaults_used = _fill_defaults(plan, subject.id, values, indicators)

    previous: dict[str, Any] = {}
    if previous_year:
        prev_converters = plan.prev_converters
        for name, raw in previous_year.items():
            convert = prev_converters.get(name)
            if convert is None:
                out.add(
                    ("previous_year", name),
                    f"'{name}' không phải chỉ số có giá trị năm trước",
                    f"'{name}' is not an indicator with a previous-year value",
                )
                continue
            if raw is None:
                continue
            v = convert(raw, ("previous_year", name), out, None)
            if v is not UNKNOWN:
                previous[name] = v

    parsed_events = []
    outside: list[OutsideEvent] = []
    for i, ev in enumerate(events or ()):
        path: tuple[str | int, ...] = ("events", i)
        if type(ev) is not dict and not isinstance(ev, Mapping):
            out.add(path, "mỗi sự kiện là một bảng khoá–giá trị", "each event is a mapping")
            continue
        etype = pack.event_types.get(str(ev.get("type")))
        if etype is None:
            out.add(
                (*path, "type"),
                f"loại sự kiện không biết {ev.get('type')!r} (có: {', '.join(pack.event_types)})"
                + did_you_mean(ev.get("type"), pack.event_types).vi,
                f"unknown event type {ev.get('type')!r} (known: {', '.join(pack.event_types)})"
                + did_you_mean(ev.get("type"), pack.event_types).en,
            )
            continue
        raw_date = ev.get("date")
        if is_missing(raw_date):
            out.add((*path, "date"), "sự kiện thiếu ngày", "the event has no date")
            continue
        d: Any
        if type(raw_date) is date and window[0] <= raw_date <= window[1]:
            d = raw_date
        else:
            d = _convert(_EVENT_DATE, raw_date, (*path, "date"), out, None)
            if d is not UNKNOWN and not OUTSIDE_YEARS[0] <= d.year <= OUTSIDE_YEARS[1]:
                out.add(
                    (*path, "date"),
                    f"ngày {d:%d/%m/%Y} không hợp lý (năm phải từ {OUTSIDE_YEARS[0]} đến {OUTSIDE_YEARS[1]})",
                    f"date {d.isoformat()} is not plausible (the year must be {OUTSIDE_YEARS[0]} – {OUTSIDE_YEARS[1]})",
                )
                d = UNKNOWN
        fields: dict[str, Any] = {}
        field_converters = plan.event_converters[etype.id]
        for key, raw in ev.items():
            convert = field_converters.get(key)
            if convert is None:
                if key not in _EVENT_KEYS:
                    out.add(
                        (*path, key),
                        f"loại sự kiện '{etype.id}' không có trường '{key}'",
                        f"event type '{etype.id}' has no field '{key}'",
                    )
                continue
            if raw is None:
                continue
            v = convert(raw, (*path, key), out, windows)
            if v is not UNKNOWN:
                fields[key] = v
        for key, default in plan.event_defaults[etype.id]:
            if key not in ev:
                fields[key] = default
        ev_id = _event_id(ev.get("id"))
        if d is UNKNOWN:
            continue
        if window[0] <= d <= window[1]:
            parsed_events.append(Event(i, ev_id, etype.id, d, fields))
        else:  # accepted and shown, never counted: the engine only sees events inside the window
            outside.append(OutsideEvent(i, ev_id, etype.id, d))

    params, chosen = _check_parameters(pack, parameters, out)

    _check_constraints(plan, subject.id, values, previous, windows, params, out)
    checked_scores = _check_scores(pack, subject.id, scores, out) if scores else {}
    if out.items:
        raise InputError(out.items)
    return ValidatedInput(
        unit=unit,
        year=year,
        window=window,
        values=values,
        previous=previous,
        events=None if events is None else tuple(parsed_events),
        parameters=params,
        chosen_parameters=chosen,
        defaults_used=tuple(defaults_used),
        scores=checked_scores,
        windows=windows,
        outside_events=tuple(outside),
    )


def _event_id(raw: Any) -> str | None:
    """An event's id as text (a spreadsheet number 7.0 is the id "7"); None when missing."""
    value = native(raw)
    if value is MISSING:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if type(value) is str else str(value)


def _fill_defaults(plan: _InputPlan, subject: str, values: dict[str, Any], indicators: Mapping[str, Any]) -> list[str]:
    """Give every indicator not sent at all (an explicit null stays missing) its declared default."""
    used = []
    for name, default in plan.defaults[subject]:
        if name not in values and name not in indicators:
            values[name] = default
            used.append(name)
    return used


def _check_constraints(
    plan: _InputPlan,
    subject: str,
    values: dict[str, Any],
    previous: dict[str, Any],
    windows: dict[str, tuple[date, date]],
    params: dict[str, Any],
    out: _Problems,
) -> None:
    """Report every broken constraint between indicators (each checked only when all its values are given)."""
    ctx: Context | None = None
    present = values.keys()
    for con in plan.constraints[subject]:
        if not present >= con.names:
            continue
        if ctx is None:
            ctx = Context(values, previous, (), windows, plan.law, params)
        if con.check.fn(ctx) is False:
            names = ", ".join(con.check.indicators)
            shown = ", ".join(f"{n} = {values[n]}" for n in con.check.indicators if n in values)
            out.add(
                ["indicators", con.check.indicators[0]] if con.check.indicators else ["indicators"],
                f"{con.message.vi} ({shown}) [ràng buộc {con.id}: {names}]",
                f"{con.message.en} ({shown}) [constraint {con.id}: {names}]",
            )


def _quick(
    pack: Pack,
    plan: _InputPlan,
    unit: UnitRef,
    year: int,
    indicators: Mapping[str, Any],
    previous_year: Mapping[str, Any] | None,
    events: Sequence[Mapping[str, Any]] | None,
    parameters: Mapping[str, Any] | None,
    scores: Mapping[str, Any] | None,
) -> ValidatedInput | None:
    """The whole of :func:`validate_input` for input the generated checks take as it is.

    Returns None as soon as anything is unusual (an unknown name, a unit string, an event that is not a
    plain mapping …); the full validator then runs from the start and reports every problem. Whatever
    this accepts, the full validator accepts with the same result (``tests/test_fast_validation.py``).
    """
    subject = pack.subjects.get(unit.subject)
    if subject is None or (unit.kind is not None and unit.kind not in subject.kinds):
        return None
    period = plan.periods.get((year, subject.id))
    if period is None:
        if len(plan.periods) > 256:  # many different years: start again rather than grow
            plan.periods.clear()
        period = plan.periods[year, subject.id] = _period(pack, year, subject.id)
    windows, in_force = period
    if not in_force:
        return None
    window = windows["evaluation"]
    fast, defaults, holds = plan.quick_checks[subject.id]
    values = fast(indicators, windows)
    if values is None:
        return None
    defaults_used = _fill_defaults(plan, subject.id, values, indicators) if defaults else ()
    previous: dict[str, Any] = {}
    if previous_year:
        fast_previous = plan.fast_previous(previous_year, None)
        if fast_previous is None:
            return None
        previous = fast_previous
    parsed: tuple[Event, ...] | None = None if events is None else ()
    if events:
        parsed = plan.fast_events(events, windows)
        if parsed is None:
            return None
    checked_scores: dict[str, tuple[Any, str]] = {}
    if parameters:
        out = _Problems(None, None)
        params, chosen = _check_parameters(pack, parameters, out)
        if out.items:
            return None
    else:
        params, chosen = dict(plan.default_params), _NONE_CHOSEN
    if scores:
        quick_scores = _quick_scores(plan.hand_scores[subject.id], scores)
        if quick_scores is None:
            return None
        checked_scores = quick_scores
    if holds is not None:
        if not holds(values, params, windows):
            return None
    elif plan.constraints[subject.id]:
        out = _Problems(None, None)
        _check_constraints(plan, subject.id, values, previous, windows, params, out)
        if out.items:
            return None
    return _tn(
        ValidatedInput,
        (
            unit,
            year,
            window,
            values,
            previous,
            parsed,
            params,
            chosen,
            tuple(defaults_used),
            checked_scores,
            windows,
            (),
        ),
    )


def _check_parameters(
    pack: Pack, parameters: Mapping[str, Any] | None, out: _Problems
) -> tuple[dict[str, Any], frozenset[str]]:
    """The parameter values to use (defaults, then the host's choices), and which ones were chosen."""
    params = dict(_plan(pack).default_params)
    chosen = set()
    for name, raw in (parameters or {}).items():
        p = pack.parameters.get(name)
        ppath = ("parameters", name)
        if p is None:
            out.add(
                ppath,
                f"tham số không biết '{name}' (có: {', '.join(pack.parameters)})"
                + did_you_mean(name, pack.parameters).vi,
                f"unknown parameter '{name}' (known: {', '.join(pack.parameters)})"
                + did_you_mean(name, pack.parameters).en,
            )
            continue
        choices = p.choices or {}
        if p.type == "boolean":
            ok = isinstance(raw, bool)
            val: Any = raw
        elif p.type == "set":
            ok = isinstance(raw, list) and all(isinstance(x, str) and x in choices for x in raw)
            val = frozenset(raw) if ok else None
        else:
            ok = isinstance(raw, str) and raw in choices
            val = raw
        if not ok:
            out.add(
                ppath,
                f"giá trị {raw!r} không được phép (có: {', '.join(choices) or 'true, false'})",
                f"value {raw!r} is not allowed (choices: {', '.join(choices) or 'true, false'})",
            )
            continue
        params[name] = val
        chosen.add(name)

    return params, frozenset(chosen)


_BAD_POINTS = object()  # points text already reported


@lru_cache(maxsize=256)
def _items_of(pack: Pack, subject: str) -> dict[str, Item]:
    """A subject's scoring items by id (looked up once per pack and subject)."""
    return {i.id: i for i in pack.items_by_subject.get(subject, ())}


def _takes_hand_score(item: Item) -> bool:
    """A manual item, or one the pack lets the evaluation meeting score by hand in steps."""
    return item.method == "manual" or item.hand_scoring is not None


def _hand_score_rules(items: Iterable[Item]) -> dict[str, tuple[Any, int, int]]:
    """For :func:`_quick_scores`: item id -> (highest points, step numerator, step denominator) of each
    item that takes a hand score with a known maximum (a step of 1 where the meeting scores freely)."""
    rules = {}
    for item in items:
        top = item.max.value
        if _takes_hand_score(item) and top is not None:
            step = Fraction(1 if item.hand_scoring is None else item.hand_scoring.step)
            if step > 0:
                rules[item.id] = (min(top, LARGEST), step.numerator, step.denominator)
    return rules


_SCORE_KEYS = frozenset({"points", "reason"})


def _quick_scores(
    rules: dict[str, tuple[Any, int, int]], scores: Mapping[str, Any]
) -> dict[str, tuple[Any, str]] | None:
    """:func:`_check_scores` for hand scores it would take unchanged (whole points in range and in step,
    a written reason); None as soon as one is anything else, and the full check then names every problem.

    Where the meeting scores freely (step 1), any whole number in range is in step; a fractional step
    (½ point) takes whole points that are multiples of it, and the full check reads the rest.
    """
    checked = {}
    for item_id, given in scores.items():
        rule = rules.get(item_id)
        if rule is None or type(given) is not dict or not given.keys() <= _SCORE_KEYS:
            return None
        points, reason = given.get("points"), given.get("reason")
        top, n, d = rule
        if type(points) is not int or not 0 <= points <= top or (points * d) % n or type(reason) is not str:
            return None
        reason = reason.strip()
        if not reason:
            return None
        checked[item_id] = (points, reason)
    return checked


def _check_scores(pack: Pack, subject: str, scores: Mapping[str, Any], out: _Problems) -> dict[str, tuple[Any, str]]:
    """Hand scores of an evaluation meeting: manual items, and items the pack lets be hand-scored in steps."""
    items = _items_of(pack, subject)
    checked: dict[str, tuple[Any, str]] = {}
    for item_id, given in scores.items():
        path = ("scores", item_id)
        item = items.get(item_id)
        if item is None:
            out.add(
                path,
                f"không có mục chấm điểm '{item_id}' cho đối tượng '{subject}'",
                f"no scoring item '{item_id}' for subject '{subject}'",
            )
            continue
        if not _takes_hand_score(item):
            out.add(
                path,
                f"mục '{item_id}' được chấm tự động từ chỉ số (cách chấm: {item.method}) và gói không cho chấm tay "
                "theo bước, nên không nhận điểm tay",
                f"item '{item_id}' is scored from indicators (method {item.method}) and the pack allows no hand "
                "score in steps for it, so it takes no hand score",
            )
            continue
        if not isinstance(given, Mapping) or set(given) - {"points", "reason"}:
            out.add(path, "điểm chấm tay có dạng {points, reason}", "a hand score is {points, reason}")
            continue
        raw, reason = given.get("points"), given.get("reason")
        points: Any = None
        value = native(raw)
        if isinstance(value, str):
            try:
                value = read_number(value, whole=False)  # "7,5" as a Vietnamese sheet writes it
            except CoercionError as exc:
                out.add((*path, "points"), exc.text.vi, exc.text.en)
                value = _BAD_POINTS
        elif isinstance(value, float) and value == value and abs(value) != float("inf"):
            try:
                value = bounded_exact(value)  # the decimal the float is written as, within bounds
            except NumberBoundError as exc:
                out.add((*path, "points"), exc.text.vi, exc.text.en)
                value = _BAD_POINTS
        finite = isinstance(value, (int, Fraction)) or (isinstance(value, Decimal) and value.is_finite())
        if value is _BAD_POINTS:
            pass
        elif isinstance(value, bool) or not finite:
            out.add(
                (*path, "points"), f"điểm phải là một số, nhận được {raw!r}", f"points must be a number, got {raw!r}"
            )
        else:
            try:
                points = bounded_exact(value)  # digits and exponent looked at before any computing
            except NumberBoundError as exc:
                out.add((*path, "points"), exc.text.vi, exc.text.en)
                points = None
            top = item.max.value
            if points is None:
                pass
            elif points < 0 or (top is not None and points > top):
                shown = "?" if top is None else top
                out.add(
                    (*path, "points"),
                    f"điểm {points} nằm ngoài khoảng 0..{shown} của mục '{item_id}'",
                    f"points {points} are outside 0..{shown} for item '{item_id}'",
                )
                points = None
            step = item.hand_scoring.step if item.hand_scoring is not None else None
            if points is not None and step is not None and (Fraction(points) / Fraction(step)).denominator != 1:
                assert item.hand_scoring is not None  # it gave the step
                cite = item.hand_scoring.citation
                sv, pv, se, pe = (number_text(x, lang) for lang in ("vi", "en") for x in (step, points))
                out.add(
                    (*path, "points"),
                    f"mục '{item_id}' chỉ được chấm tay theo bước {sv} điểm ({cite.full('vi')}); "
                    f"{pv} không phải bội của {sv}",
                    f"item '{item_id}' may be scored by hand only in steps of {se} points ({cite.full('en')}); "
                    f"{pe} is not a multiple of {se}",
                )
                points = None
        if not isinstance(reason, str) or not reason.strip():
            out.add(
                (*path, "reason"), "điểm chấm tay phải kèm lý do bằng văn bản", "a hand score needs a written reason"
            )
            continue
        if points is not None:
            checked[item_id] = (points, reason.strip())
    return checked
