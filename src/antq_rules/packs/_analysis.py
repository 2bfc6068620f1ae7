"""What a compiled pack's expressions read and which thresholds they compare against.

Shared by the pack linter and by :mod:`antq_rules.testing` (near-boundary inputs). Only a pack's own
declarations are read; nothing here evaluates a unit.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import attrs

from antq_rules.expressions import CompiledExpression
from antq_rules.packs._model import Pack

__all__ = ["Threshold", "expressions_of", "thresholds"]

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


@attrs.frozen
class Threshold:
    """One comparison of an input against a fixed value, as a pack declares it.

    ``kind`` is ``indicator`` (``x OP v``), ``ratio`` (``ratio(a, b) OP v`` or ``a OP v * b``: ``indicators``
    is ``(a, b)``) or ``ordered`` (an ordered choice compared with a choice). ``value`` is the number
    (a :class:`fractions.Fraction` for shares) or the choice; ``law`` the value's name when it is a
    ``law.NAME`` (None for a literal). ``op`` reads with the input on the left.
    """

    where: str
    subjects: frozenset[str]
    kind: str
    indicators: tuple[str, ...]
    op: str
    value: Any
    law: str | None = None


def expressions_of(pack: Pack) -> Iterator[tuple[str, frozenset[str], str, CompiledExpression]]:
    """Every compiled expression of ``pack``: (owner id, its subjects, the field, the expression)."""
    everyone = frozenset(pack.subjects)
    for c in pack.criteria:
        yield c.id, c.subjects, "check", c.check
        if c.applies_when is not None:
            yield c.id, c.subjects, "applies_when", c.applies_when
    for e in pack.exclusions:
        yield e.id, frozenset({e.subject}), "when", e.when
    for k in pack.constraints:
        yield k.id, everyone, "check", k.check
    for it in (*pack.items, *pack.adjustments):
        for name, expr in (("check", it.check), ("share", it.share)):
            if expr is not None:
                yield it.id, it.subjects, name, expr
        for j, b in enumerate(it.bands):
            yield it.id, it.subjects, f"bands[{j}].when", b.when
    for lv in pack.levels:
        for cond in lv.conditions:
            yield cond.id, everyone, "when", cond.when
    for cap in pack.caps:
        yield cap.id, everyone, "when", cap.when


def _number(pack: Pack, node: ast.expr) -> tuple[Any, str | None] | None:
    """A fixed value: ``law.NAME`` (known), a number literal, or ``pct(N)``."""
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "law":
        v = pack.values.get(node.attr)
        if v is None or not v.known:
            return None
        return v.value, node.attr
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return Fraction(str(node.value)), None
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "pct"
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, (int, float))
    ):
        return Fraction(str(node.args[0].value)) / 100, None
    return None


def _side(pack: Pack, node: ast.expr) -> tuple[str, tuple[str, ...]] | None:
    if isinstance(node, ast.Name) and node.id in pack.indicators:
        return "indicator", (node.id,)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "ratio"
        and len(node.args) == 2
        and all(isinstance(a, ast.Name) and a.id in pack.indicators for a in node.args)
    ):
        return "ratio", tuple(a.id for a in node.args if isinstance(a, ast.Name))
    return None


def _compare(pack: Pack, left: ast.expr, op: str, right: ast.expr) -> tuple[str, tuple[str, ...], str, Any, Any] | None:
    for a, b, o in ((left, right, op), (right, left, _FLIP[op])):
        side = _side(pack, a)
        if side is None:
            continue
        fixed = _number(pack, b)
        if fixed is not None:
            kind, names = side
            spec = pack.indicators[names[0]]
            if kind == "indicator" and spec.type == "enum":
                return ("ordered", names, o, *fixed) if spec.ordered else None
            if isinstance(fixed[0], (int, Fraction)) and spec.type in ("integer", "decimal"):
                return kind, names, o, Fraction(fixed[0]), fixed[1]
            return None
        # a OP law.v * b (a share of b written as a product)
        if side[0] == "indicator" and isinstance(b, ast.BinOp) and isinstance(b.op, ast.Mult):
            for x, y in ((b.left, b.right), (b.right, b.left)):
                f = _number(pack, x)
                if (
                    f is not None
                    and isinstance(y, ast.Name)
                    and y.id in pack.indicators
                    and isinstance(f[0], (int, Fraction))
                ):
                    return "ratio", (side[1][0], y.id), o, Fraction(f[0]), f[1]
    return None


def thresholds(pack: Pack) -> tuple[Threshold, ...]:
    """Every comparison of an indicator (or a ratio of two) with a fixed value in ``pack``'s rules."""
    out: dict[tuple[Any, ...], Threshold] = {}
    for owner, subjects, _field, expr in expressions_of(pack):
        try:
            tree = ast.parse(expr.source, mode="eval")
        except SyntaxError:  # pragma: no cover - the compiler parsed it already
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare) or len(node.ops) != 1 or type(node.ops[0]) not in _OPS:
                continue
            found = _compare(pack, node.left, _OPS[type(node.ops[0])], node.comparators[0])
            if found is None:
                continue
            kind, names, op, value, law = found
            key = (owner, kind, names, op, str(value))
            out.setdefault(key, Threshold(owner, subjects, kind, names, op, value, law))
    return tuple(out.values())
