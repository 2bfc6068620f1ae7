"""Turn an already-checked expression into one flat Python function, for speed.

The closure compiler (:mod:`._compile`) checks an expression and builds a closure per node. Calling a
closure per node is the main cost of an evaluation, so this module writes the same logic as the body
of a single function and compiles it with :func:`compile` — the technique attrs uses for its
generated ``__init__`` methods.

Safety: only this module writes the source text. Nothing from the pack is ever pasted into it: every
name, string and number of the pack is passed in the constant table ``K`` and referred to by index;
the generated code sees no builtins (``__builtins__`` is empty) and no globals other than the table,
the helpers below, and the context argument. It has no loops, so it runs in time linear in the size
of the expression. Sub-expressions this module does not inline (``count_events``, ``includes`` …) call
the closures the checked compiler built for them.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from antq_rules._numbers import Share
from antq_rules.expressions._runtime import SLOT, UNKNOWN, Comparison, Context

__all__ = ["generate"]

Fn = Callable[[Context], Any]

_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_MEMBER = {ast.In: "in", ast.NotIn: "not in"}
_ARITH = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}
_OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


class _Gen:
    def __init__(self, compiler: Any) -> None:
        self.c = compiler  # the checking closure compiler (gives symbols and fallback closures)
        self.lines: list[str] = []
        self.indent = 1
        self.consts: list[Any] = []
        self.n = 0

    def k(self, value: Any) -> str:
        self.consts.append(value)
        return f"K[{len(self.consts) - 1}]"

    def tmp(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    def fallback(self, node: ast.AST) -> str:
        fn, _ = self.c.node(node, 0)
        t = self.tmp()
        self.emit(f"{t} = {self.k(fn)}(ctx)")
        return t

    # -------------------------------------------------------------------------------------------
    def node(self, node: ast.AST) -> str:
        method = getattr(self, "g_" + type(node).__name__, None)
        if method is None:
            return self.fallback(node)
        result: str = method(node)
        return result

    def g_Constant(self, node: ast.Constant) -> str:
        if isinstance(node.value, bool):
            return "True" if node.value else "False"
        return self.fallback(node) if not isinstance(node.value, str) else self.k(node.value)

    def g_Name(self, node: ast.Name) -> str:
        self.c.node(node, 0)  # checks and records the name as read
        t = self.tmp()
        if self.c.scope.event_fields is not None:
            self.emit(f"{t} = E.get({self.k(node.id)}, _U)")
            self.emit(f"if {t} is _U: M.append({self.k('event.' + node.id)})")
            return t
        key = self.k(node.id)
        self.emit(f"{t} = V.get({key}, _U)")
        self.emit(f"if {t} is _U: M.append({key})")
        return t

    def g_Attribute(self, node: ast.Attribute) -> str:
        assert isinstance(node.value, ast.Name)
        self.c.node(node, 0)  # resolves and records the name
        space, name = node.value.id, node.attr
        table = {"law": "L", "param": "P", "window": "W"}.get(space)
        if table is None:
            return self.fallback(node)
        t = self.tmp()
        self.emit(f"{t} = {table}[{self.k(name)}]")
        if space == "law":
            self.emit(f"if {t} is _SLOT: {t} = _U; S.append({self.k('values.' + name)})")
        return t

    def g_BoolOp(self, node: ast.BoolOp) -> str:
        parts = [self.node(v) for v in node.values]  # every part runs: every failing part is traced
        t = self.tmp()
        is_false = " or ".join(f"{p} is False" for p in parts)
        is_true = " or ".join(f"{p} is True" for p in parts)
        any_unknown = " or ".join(f"{p} is _U" for p in parts)
        if isinstance(node.op, ast.And):
            self.emit(f"{t} = False if ({is_false}) else (_U if ({any_unknown}) else True)")
        else:
            self.emit(f"{t} = True if ({is_true}) else (_U if ({any_unknown}) else False)")
        return t

    def g_UnaryOp(self, node: ast.UnaryOp) -> str:
        if isinstance(node.op, ast.Not):
            a = self.node(node.operand)
            t = self.tmp()
            self.emit(f"{t} = _U if {a} is _U else ({a} is not True)")
            return t
        return self.fallback(node)

    def g_IfExp(self, node: ast.IfExp) -> str:
        cond = self.node(node.test)
        t = self.tmp()
        self.emit(f"if {cond} is _U:")
        self.indent += 1
        self.emit(f"{t} = _U")
        self.indent -= 1
        self.emit(f"elif {cond} is True:")
        self.indent += 1
        self.emit(f"{t} = {self.node(node.body)}")
        self.indent -= 1
        self.emit("else:")
        self.indent += 1
        self.emit(f"{t} = {self.node(node.orelse)}")
        self.indent -= 1
        return t

    def g_BinOp(self, node: ast.BinOp) -> str:
        op = _ARITH.get(type(node.op))
        if op is None:
            return self.fallback(node)
        a, b = self.node(node.left), self.node(node.right)
        t = self.tmp()
        self.emit(f"{t} = _U if ({a} is _U or {b} is _U) else ({a} {op} {b})")
        return t

    def g_Compare(self, node: ast.Compare) -> str:
        self.c.node(node, 0)  # full static checks (enum literals, ordering on unordered enums …)
        operands = [node.left, *node.comparators]
        syms = [self.c.node(o, 0)[1] for o in operands]
        values = [self.node(o) for o in operands]
        results = []
        for i, op_node in enumerate(node.ops):
            a, b = values[i], values[i + 1]
            op = _CMP.get(type(op_node)) or _MEMBER[type(op_node)]
            rank = self.c._rank(syms[i]) or self.c._rank(syms[i + 1])
            if rank is not None and op in ("<", "<=", ">", ">="):
                r = self.k(rank)
                expr = f"{r}[{a}] {op} {r}[{b}]"
            else:
                expr = f"{a} {op} {b}"
            text = self.k(self.c._pair_text(operands[i], op, operands[i + 1]))
            opk = self.k(op)
            t = self.tmp()
            self.emit(f"if {a} is _U or {b} is _U:")
            self.indent += 1
            self.emit(f"{t} = _U")
            self.emit(
                f"T.append(_tn(_C, ({text}, {opk}, None if {a} is _U else {a}, None if {b} is _U else {b}, None, ())))"
            )
            self.indent -= 1
            self.emit("else:")
            self.indent += 1
            self.emit(f"{t} = {expr}")
            self.emit(f"T.append(_tn(_C, ({text}, {opk}, {a}, {b}, {t}, ())))")
            self.indent -= 1
            results.append(t)
        if len(results) == 1:
            return results[0]
        t = self.tmp()
        is_false = " or ".join(f"{p} is False" for p in results)
        any_unknown = " or ".join(f"{p} is _U" for p in results)
        self.emit(f"{t} = False if ({is_false}) else (_U if ({any_unknown}) else True)")
        return t

    def g_Call(self, node: ast.Call) -> str:
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name == "ratio" and len(node.args) == 2 and not node.keywords:
            share = self.c.node(node, 0)[1].unit == "ratio"
            a, b = self.node(node.args[0]), self.node(node.args[1])
            t = self.tmp()
            self.emit(f"if {a} is _U or {b} is _U:")
            self.indent += 1
            self.emit(f"{t} = _U")
            self.indent -= 1
            self.emit(f"elif {b} == 0:")
            self.indent += 1
            self.emit(f"{t} = _U")
            self.emit(f"D.append({self.k(self.c.seg(node))})")
            self.indent -= 1
            self.emit("else:")
            self.indent += 1
            cls = "_S" if share else "_F"
            self.emit(f"{t} = {cls}({a}, {b}) if (_type({a}) is _int and _type({b}) is _int) else {cls}(_F({a}) / {b})")
            self.indent -= 1
            return t
        if name == "date_in" and len(node.args) == 2 and not node.keywords:
            self.c.node(node, 0)
            d, w = self.node(node.args[0]), self.node(node.args[1])
            text = self.k(self.c.seg(node))
            t = self.tmp()
            self.emit(f"if {d} is _U:")
            self.indent += 1
            self.emit(f"{t} = _U")
            self.emit(f"T.append(_tn(_C, ({text}, 'in', None, {w}, None, ())))")
            self.indent -= 1
            self.emit("else:")
            self.indent += 1
            self.emit(f"{t} = {w}[0] <= {d} <= {w}[1]")
            self.emit(f"T.append(_tn(_C, ({text}, 'in', {d}, {w}, {t}, ())))")
            self.indent -= 1
            return t
        if name == "cmp" and len(node.args) == 3 and not node.keywords:
            self.c.node(node, 0)
            a, op, b = (self.node(x) for x in node.args)
            left, right = self.c.seg(node.args[0]), self.c.seg(node.args[1 + 1])
            texts = self.k({o: f"{left} {o} {right}" for o in _CMP.values()})
            t = self.tmp()
            self.emit(f"if {a} is _U or {b} is _U:")
            self.indent += 1
            self.emit(f"{t} = _U")
            self.emit(
                f"T.append(_tn(_C, ({texts}[{op}], {op}, None if {a} is _U else {a}, None if {b} is _U else {b}, None, ())))"
            )
            self.indent -= 1
            self.emit("else:")
            self.indent += 1
            self.emit(f"{t} = _OPS[{op}]({a}, {b})")
            self.emit(f"T.append(_tn(_C, ({texts}[{op}], {op}, {a}, {b}, {t}, ())))")
            self.indent -= 1
            return t
        return self.fallback(node)


def generate(tree: ast.expr, compiler: Any) -> Fn:
    """Generate and compile one function equivalent to the checked expression ``tree``."""
    gen = _Gen(compiler)
    result = gen.node(tree)
    body = "\n".join(gen.lines)
    source = (
        "def _expr(ctx):\n"
        "    V = ctx.values; L = ctx.law; P = ctx.params; W = ctx.windows\n"
        "    T = ctx.trace; M = ctx.missing; D = ctx.undefined; E = ctx.event; S = ctx.slots\n"
        f"{body}\n"
        f"    return {result}\n"
    )
    namespace: dict[str, Any] = {
        "__builtins__": {},
        "K": tuple(gen.consts),
        "_U": UNKNOWN,
        "_SLOT": SLOT,
        "_C": Comparison,
        "_tn": tuple.__new__,  # builds a NamedTuple without its Python-level __new__
        "_F": Fraction,
        "_S": Share,
        "_type": type,
        "_OPS": _OPS,
        "_int": int,
    }
    code = compile(source, "<antq-rules expression>", "exec")
    exec(code, namespace)  # our own generated source; see the module docstring
    fn: Fn = namespace["_expr"]
    return fn
