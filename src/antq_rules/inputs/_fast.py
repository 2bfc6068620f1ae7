"""A generated fast path for the common case: every indicator well-typed and in range.

For one pack subject, one function checks all indicators inline and returns the normalised values, or
``None`` as soon as anything needs the full validator (an unknown name, a unit string, a value out of
range …), which then runs and reports every problem. The fast path never accepts what the full
validator would refuse: it only takes values that the full validator's own fast paths take unchanged.

Like :mod:`antq_rules.expressions._codegen`, only this module writes the source; every name and bound
of the pack is passed in the constant table ``K``, and the code sees no builtins.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from antq_rules.packs import FieldSpec

__all__ = ["fast_indicators"]

Fast = Callable[[Mapping[str, Any], Mapping[str, tuple[date, date]]], "dict[str, Any] | None"]


def fast_indicators(specs: Mapping[str, FieldSpec], dimensionless: Callable[[str | None], bool]) -> Fast:
    """Generate the fast checker for the indicators a subject may send (``specs``)."""
    consts: list[Any] = [frozenset(specs)]
    lines = [
        "def _fast(ind, W):",
        "    if not ind.keys() <= K[0]:",
        "        return None",
        "    out = {}",
        "    get = ind.get",
    ]

    def k(value: Any) -> str:
        consts.append(value)
        return f"K[{len(consts) - 1}]"

    for name, spec in specs.items():
        key = k(name)
        if spec.type == "integer" and not dimensionless(spec.unit):
            tests = ["_type(v) is _int"]
            if spec.min is not None:
                tests.append(f"v >= {k(spec.min)}")
            if spec.max is not None:
                tests.append(f"v <= {k(spec.max)}")
        elif spec.type == "boolean":
            tests = ["(v is True or v is False)"]
        elif spec.type == "enum":
            tests = ["_type(v) is _str", f"v in {k(frozenset(spec.choices or ()))}"]
        elif spec.type == "date" and spec.within is not None:
            w = k(spec.within)
            tests = ["_type(v) is _date", f"W[{w}][0] <= v <= W[{w}][1]"]
        elif spec.type == "set":
            choices = k(frozenset(spec.choices or ()))
            lines += [
                f"    v = get({key})",
                "    if v is not None:",
                "        if _type(v) is not _list:",
                "            return None",
                "        s = _frozenset(v)",
                f"        if _len(s) != _len(v) or not s <= {choices}:",
                "            return None",
                f"        out[{key}] = s",
            ]
            continue
        else:
            tests = ["False"]  # anything else takes the full validator
        lines += [
            f"    v = get({key})",
            "    if v is not None:",
            f"        if {' and '.join(tests)}:",
            f"            out[{key}] = v",
            "        else:",
            "            return None",
        ]
    lines.append("    return out")
    namespace: dict[str, Any] = {
        "__builtins__": {},
        "K": tuple(consts),
        "_type": type,
        "_int": int,
        "_str": str,
        "_date": date,
        "_list": list,
        "_frozenset": frozenset,
        "_len": len,
    }
    exec(compile("\n".join(lines), "<antq-rules input check>", "exec"), namespace)  # our own source
    fn: Fast = namespace["_fast"]
    return fn
