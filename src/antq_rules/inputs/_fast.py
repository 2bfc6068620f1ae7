"""Generated fast paths for the common case: every value well-typed, in range, and nothing unknown.

For a set of declared fields (a subject's indicators, the previous-year indicators, one event type's
fields), one generated function checks every value inline and returns the normalised values, or ``None``
as soon as anything needs the full validator (an unknown name, a unit string, a value out of range …),
which then runs and reports every problem. A fast path never accepts what the full validator would
refuse: it only takes values that the full validator's own fast paths take unchanged.

Like :mod:`antq_rules.expressions._codegen`, only this module writes the source; every name and bound
of the pack is passed in the constant table ``K``, and the code sees no builtins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from antq_rules._numbers import LARGEST
from antq_rules.expressions import Event
from antq_rules.expressions._codegen import Writer
from antq_rules.packs import FieldSpec

__all__ = [
    "ConstraintsHold",
    "FastEvents",
    "FastFields",
    "constraints_function",
    "fast_events",
    "fast_fields",
]

# (raw mapping, windows or None) -> normalised values, or None: use the full validator
FastFields = Callable[[Mapping[str, Any], "Mapping[str, tuple[date, date]] | None"], "dict[str, Any] | None"]


class _Source:
    """The constant table ``K`` and the lines of one generated function."""

    def __init__(self) -> None:
        self.consts: list[Any] = []
        self.lines: list[str] = []

    def k(self, value: Any) -> str:
        self.consts.append(value)
        return f"K[{len(self.consts) - 1}]"

    def compile(self, name: str) -> Any:
        namespace: dict[str, Any] = {
            "__builtins__": {},
            "K": tuple(self.consts),
            "_type": type,
            "_int": int,
            "_str": str,
            "_date": date,
            "_list": list,
            "_dict": dict,
            "_frozenset": frozenset,
            "_len": len,
            "_set": set,
            "_map": map,
            "_strs": frozenset({str}),
            "_tn": tuple.__new__,
            "_tuple": tuple,
            "_Event": Event,
            "_text": str,
        }
        exec(compile("\n".join(self.lines), "<antq-rules input check>", "exec"), namespace)  # our own source
        return namespace[name]


def _field_lines(
    src: _Source,
    specs: Mapping[str, FieldSpec],
    dimensionless: Callable[[str | None], bool],
    pad: str,
    *,
    defaults: bool,
    windows: bool,
    copy: bool = False,
) -> list[str]:
    """Lines checking each field of ``raw`` (read with ``get``) into the dict ``out``; ``return None`` on doubt.

    ``copy``: the lines only check, and note in ``nulls`` an explicit null; the caller copies ``raw``
    afterwards (one C-level copy instead of a store per field) and converts the sets.
    """
    k, lines = src.k, []
    for name, spec in specs.items():
        key = k(name)
        if spec.type == "integer" and not dimensionless(spec.unit):
            # bounded even without a declared min or max (the full validator names a number out of bounds)
            lo = -LARGEST if spec.min is None else spec.min
            hi = LARGEST if spec.max is None else spec.max
            tests = ["_type(v) is _int", f"{k(lo)} <= v <= {k(hi)}"]
        elif spec.type == "boolean":
            tests = ["(v is True or v is False)"]
        elif spec.type == "enum":
            tests = ["_type(v) is _str", f"v in {k(frozenset(spec.choices or ()))}"]
        elif spec.type == "date" and spec.within is not None and windows:
            w = k(spec.within)
            tests = ["_type(v) is _date", f"W[{w}][0] <= v <= W[{w}][1]"]
        elif spec.type == "set":
            tests = []
        else:
            tests = ["False"]  # anything else takes the full validator
        lines.append(f"v = get({key})")
        if spec.type == "set" and not tests:
            choices = k(frozenset(spec.choices or ()))
            lines += [
                "if v is not None:",
                "    if _type(v) is not _list or not _set(_map(_type, v)) <= _strs:",
                "        return None",
                "    s = _frozenset(v)",
                f"    if _len(s) != _len(v) or not s <= {choices}:",
                "        return None",
                f"    {'sets' if copy else 'out'}[{key}] = s",
            ]
        elif copy:  # the tests never pass for None, which (an explicit null) means "not sent"
            lines += [
                f"if not ({' and '.join(tests)}):",
                "    if v is not None:",
                "        return None",
                "    nulls = True",
            ]
        else:
            lines += [f"if {' and '.join(tests)}:", f"    out[{key}] = v", "elif v is not None:", "    return None"]
        if defaults and spec.default is not None:
            lines += [f"elif {key} not in raw:", f"    out[{key}] = {k(spec.default)}"]
    return [pad + line for line in lines]


def fast_fields(
    specs: Mapping[str, FieldSpec],
    dimensionless: Callable[[str | None], bool],
    *,
    windows: bool = True,
) -> FastFields:
    """Generate the fast checker for the fields ``specs`` (a subject's indicators, previous-year values).

    ``windows=False`` leaves dates bounded by a window to the full validator (previous-year values are
    checked without windows).
    """
    src = _Source()
    allowed = src.k(frozenset(specs))
    src.lines += [
        "def _fast(raw, W):",
        f"    if not raw.keys() <= {allowed}:",
        "        return None",
        "    nulls = False; sets = {}",
        "    get = raw.get",
        *_field_lines(src, specs, dimensionless, "    ", defaults=False, windows=windows, copy=True),
        "    if nulls:  # an explicit null is the same as not sending the value",
        "        out = {key: v for key, v in raw.items() if v is not None}",
        "    else:",
        "        out = _dict(raw)",
        "    if sets:",
        "        out.update(sets)",
        "    return out",
    ]
    fn: FastFields = src.compile("_fast")
    return fn


# (raw events, windows) -> the events, or None: use the full validator
FastEvents = Callable[[Sequence[Any], "Mapping[str, tuple[date, date]]"], "tuple[Event, ...] | None"]


def fast_events(
    event_types: Mapping[str, Mapping[str, FieldSpec]],
    dimensionless: Callable[[str | None], bool],
    extra_keys: frozenset[str],
) -> FastEvents:
    """Generate the fast checker for a list of reported events (``event_types``: type -> its fields).

    Each event must be a plain mapping of a known type, dated inside the evaluation window (an event
    outside it is accepted by the full validator, as an event not counted), with only
    its type's fields (and ``extra_keys``: type, date, id, note); a field missing from it takes its
    declared default, as in the full validator.
    """
    src = _Source()
    index = src.k({t: i for i, t in enumerate(event_types)})
    src.lines += [
        "def _events(events, W):",
        "    found = []",
        "    start, end = W['evaluation']",
        "    i = 0",
        "    for raw in events:",
        "        if _type(raw) is not _dict:",
        "            return None",
        "        t = raw.get('type')",
        f"        n = {index}.get(t) if _type(t) is _str else None",
        "        d = raw.get('date')",
        "        if n is None or _type(d) is not _date or not start <= d <= end:",
        "            return None",
        "        out = {}",
        "        get = raw.get",
    ]
    blocks = list(event_types.values())

    def dispatch(lo: int, hi: int, pad: str) -> None:
        """Type numbers lo..hi-1: halve the range until one is left (a few tests, not one per type)."""
        if hi - lo == 1:
            fields = blocks[lo]
            src.lines.append(f"{pad}if not raw.keys() <= {src.k(frozenset(fields) | extra_keys)}:")
            src.lines.append(f"{pad}    return None")
            src.lines.extend(_field_lines(src, fields, dimensionless, pad, defaults=True, windows=True))
            return
        mid = (lo + hi) // 2
        src.lines.append(f"{pad}if n < {mid}:")
        dispatch(lo, mid, pad + "    ")
        src.lines.append(f"{pad}else:")
        dispatch(mid, hi, pad + "    ")

    if blocks:
        dispatch(0, len(blocks), " " * 8)
    src.lines += [
        "        x = raw.get('id')",
        "        if x is not None and _type(x) is not _str:",
        "            if _type(x) is not _int:",
        "                return None  # a spreadsheet number (7.0), NaN …: the full validator reads it",
        "            x = _text(x)",
        "        found.append(_tn(_Event, (i, x, t, d, out)))",
        "        i += 1",
        "    return _tuple(found)",
    ]
    fn: FastEvents = src.compile("_events")
    return fn


# (values, parameters, windows) -> True if every constraint holds (or cannot be checked yet)
ConstraintsHold = Callable[[dict[str, Any], dict[str, Any], "dict[str, tuple[date, date]]"], bool]


def constraints_function(constraints: Sequence[Any], law: Mapping[str, Any]) -> ConstraintsHold | None:
    """One generated function checking a subject's constraints between indicators, without a trace.

    A constraint is checked only when every value it names is present (as in the full validator);
    the function answers False as soon as one is broken, and the full validator then reports them all.
    None when there is nothing to check or a constraint needs more than indicators, parameters, legal
    values and windows (the full validator's loop is then used).
    """
    if not constraints or any(c.check.syntax is None or c.check.prev_indicators or c.check.lists for c in constraints):
        return None
    w = Writer(None, trace=False)
    w.emit("M = []; D = []; S = []; L = _law")  # what the checks may write to, and the legal values
    for c in constraints:
        w.emit(f"if V.keys() >= {w.k(c.names)}:")
        w.indent += 1
        w.closures = False
        ok = w.inline(c.check)
        if w.closures:  # a closure call needs the evaluation context: leave it to the full validator
            return None
        w.emit(f"if {ok} is False: return False")
        w.indent -= 1
    fn: ConstraintsHold = w.compile("_holds(V, P, W)", "True", "<antq-rules constraints>", _law=law)
    return fn
