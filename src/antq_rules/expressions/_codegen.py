"""Turn an already-checked expression into one flat Python function, for speed.

The closure compiler (:mod:`._compile`) checks an expression and builds a closure per node. Calling a
closure per node is the main cost of an evaluation, so this module writes the same logic as the body
of a single function and compiles it with :func:`compile` — the technique attrs uses for its
generated ``__init__`` methods.

Safety: only this module writes the source text. Nothing from the pack is ever pasted into it: every
name, string and number of the pack is passed in the constant table ``K`` and referred to by index;
the generated code sees no builtins (``__builtins__`` is empty) and no globals other than the table,
the helpers below, and its arguments. Its only loop is the one ``count_events`` makes over the
reported events, so it runs in time linear in the size of the expression and the number of events
(``tests/test_program.py`` checks that no text of a pack appears in the generated code).
Sub-expressions this module does not inline (``includes``, ``dep.X`` …) call the closures the checked
compiler built for them.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from antq_rules._numbers import Share
from antq_rules.expressions._events import EventRecord
from antq_rules.expressions._runtime import EVENTS_NOT_REPORTED, SLOT, UNKNOWN, Comparison, Context, EventCount

__all__ = ["PREAMBLE", "Writer", "generate", "namespace_for"]

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


class Writer:
    """Writes the Python source of checked expressions, one statement per line, into one function body.

    ``trace`` off leaves out the trace records (used for event filters, whose steps each event's record
    summarises). A writer can hold several expressions (a whole subject's criteria, see
    :mod:`antq_rules.engine._program`); each is written with the checking compiler it was compiled
    with (:meth:`inline`).
    """

    def __init__(self, compiler: Any, *, trace: bool = True, plain: bool = False) -> None:
        self.c = compiler  # the checking closure compiler (gives symbols and fallback closures)
        self.lines: list[str] = []
        self.indent = 1
        self.consts: list[Any] = []
        self.n = 0
        self.trace = trace
        # plain: trace steps and event records are written as plain tuples, which the result's views
        # (``CriterionResult.trace``) turn into their record types on access; about three times cheaper
        self.plain = plain
        # collected: each trace step goes into its own variable, named here in order, instead of the
        # list T (only for straight-line code: see ``straight``)
        self.collected: list[str] | None = None
        self.straight = True  # no branch (IfExp) nor closure call (fallback) written since reset
        self.closures = False  # a closure call (fallback) written since reset: it needs ``ctx``
        self.undefined = False  # something written can report an undefined value (D)
        self.known: set[str] = set()  # names written that never hold UNKNOWN (parameters, windows …)

    def inline(self, expr: Any, *, trace: bool | None = None) -> str:
        """Write the compiled expression ``expr`` here; return the name holding its value."""
        tree, compiler = expr.syntax
        saved = self.c, self.trace
        self.c = compiler
        if trace is not None:
            self.trace = trace
        try:
            return self.node(tree)
        finally:
            self.c, self.trace = saved

    def site(self) -> str:
        """A name for the trace step about to be recorded (its branches record under the same name)."""
        name = f"r{self.n + 1}"
        self.n += 1
        if self.trace and self.collected is not None:
            self.collected.append(name)
        return name

    def record(self, site: str, kind: str, fields: str) -> None:
        """Record one trace step (``kind`` is ``_C`` or ``_EC``), unless tracing is off."""
        if not self.trace:
            return
        value = f"({fields})" if self.plain else f"_tn({kind}, ({fields}))"
        self.emit(f"{site} = {value}" if self.collected is not None else f"T.append({value})")

    def k(self, value: Any) -> str:
        self.consts.append(value)
        return f"K[{len(self.consts) - 1}]"

    def tmp(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def is_known(self, name: str) -> bool:
        """Whether ``name`` can never hold UNKNOWN: a constant, or a value known by construction."""
        return name.startswith("K[") or name in ("True", "False") or name in self.known

    def unknown_test(self, *names: str) -> str:
        """``a is _U or b is _U …`` over the names that may be UNKNOWN ('' if none may)."""
        return " or ".join(f"{n} is _U" for n in names if not self.is_known(n))

    def compared(self, a: str, b: str, value: str, text: str, op: str) -> str:
        """Write a comparison of ``a`` and ``b`` computed as ``value`` (UNKNOWN if either side is) and
        record it as a step ``text``/``op``; return the name holding the result."""
        t, r = self.tmp(), self.site()
        unknown = self.unknown_test(a, b)
        if unknown:
            self.emit(f"if {unknown}:")
            self.indent += 1
            self.emit(f"{t} = _U")
            self.record(r, "_C", f"{text}, {op}, {self.shown(a)}, {self.shown(b)}, None, ()")
            self.indent -= 1
            self.emit("else:")
            self.indent += 1
        else:
            self.known.add(t)
        self.emit(f"{t} = {value}")
        self.record(r, "_C", f"{text}, {op}, {a}, {b}, {t}, ()")
        if unknown:
            self.indent -= 1
        return t

    def shown(self, name: str) -> str:
        """How a trace step shows ``name``: None for UNKNOWN (traces never hold the marker)."""
        return name if self.is_known(name) else f"None if {name} is _U else {name}"

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    def fallback(self, node: ast.AST) -> str:
        fn, _ = self.c.node(node, 0)
        self.straight = False  # a closure records into T
        self.closures = True
        self.undefined = True  # and may report an undefined value
        t = self.tmp()
        if self.trace:
            self.emit(f"{t} = {self.k(fn)}(ctx)")
        else:  # the closure records into a list that is thrown away
            self.emit(f"ctx.trace = []; {t} = {self.k(fn)}(ctx); ctx.trace = T")
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
        if isinstance(node.value, (int, float)):
            literal, _ = self.c.node(node, 0)  # checks the literal; its closure returns the exact number
            return self.k(literal(None))
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
        else:
            self.known.add(t)  # every parameter has a value (its default at least), every window dates
        return t

    def g_BoolOp(self, node: ast.BoolOp) -> str:
        parts = [self.node(v) for v in node.values]  # every part runs: every failing part is traced
        t = self.tmp()
        is_false = " or ".join(f"{p} is False" for p in parts)
        is_true = " or ".join(f"{p} is True" for p in parts)
        any_unknown = self.unknown_test(*parts)
        if not any_unknown:
            self.known.add(t)
        # the common case first: all true (and) or all false (or) takes one test per part
        if isinstance(node.op, ast.And):
            all_true = " and ".join(f"{p} is True" for p in parts)
            rest = f"(False if ({is_false}) else _U)" if any_unknown else "False"
            self.emit(f"{t} = True if ({all_true}) else {rest}")
        else:
            all_false = " and ".join(f"{p} is False" for p in parts)
            rest = f"(True if ({is_true}) else _U)" if any_unknown else "True"
            self.emit(f"{t} = False if ({all_false}) else {rest}")
        return t

    def g_UnaryOp(self, node: ast.UnaryOp) -> str:
        if isinstance(node.op, ast.Not):
            a = self.node(node.operand)
            t = self.tmp()
            if self.is_known(a):
                self.known.add(t)
                self.emit(f"{t} = {a} is not True")
            else:
                self.emit(f"{t} = _U if {a} is _U else ({a} is not True)")
            return t
        return self.fallback(node)

    def g_IfExp(self, node: ast.IfExp) -> str:
        self.straight = False  # which steps are recorded depends on the branch taken
        cond = self.node(node.test)
        t = self.tmp()
        if self.is_known(cond):
            self.emit(f"if {cond} is True:")
        else:
            self.emit(f"if {cond} is _U:")
            self.indent += 1
            self.emit(f"{t} = _U")
            self.indent -= 1
            self.emit(f"elif {cond} is True:")
        self.indent += 1
        then = self.node(node.body)
        self.emit(f"{t} = {then}")
        self.indent -= 1
        self.emit("else:")
        self.indent += 1
        other = self.node(node.orelse)
        self.emit(f"{t} = {other}")
        self.indent -= 1
        if self.is_known(cond) and self.is_known(then) and self.is_known(other):
            self.known.add(t)
        return t

    def g_BinOp(self, node: ast.BinOp) -> str:
        op = _ARITH.get(type(node.op))
        if op is None:
            return self.fallback(node)
        a, b = self.node(node.left), self.node(node.right)
        t = self.tmp()
        unknown = self.unknown_test(a, b)
        if unknown:
            self.emit(f"{t} = _U if ({unknown}) else ({a} {op} {b})")
        else:
            self.known.add(t)
            self.emit(f"{t} = {a} {op} {b}")
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
            results.append(self.compared(a, b, expr, text, self.k(op)))
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
            self.undefined = True
            self.emit(f"elif {b} == 0:")
            self.indent += 1
            self.emit(f"{t} = _U")
            self.emit(f"D.append({self.k(self.c.seg(node))})")
            self.indent -= 1
            self.emit("else:")
            self.indent += 1
            if share:  # two counts of a kind: the common case takes the quick constructor
                self.emit(
                    f"{t} = _S.of({a}, {b}) if (_type({a}) is _int and _type({b}) is _int and {b} > 0) else _S(_F({a}) / {b})"
                )
            else:
                self.emit(f"{t} = _F({a}, {b}) if (_type({a}) is _int and _type({b}) is _int) else _F(_F({a}) / {b})")
            self.indent -= 1
            return t
        if name == "date_in" and len(node.args) == 2 and not node.keywords:
            self.c.node(node, 0)
            d, w = self.node(node.args[0]), self.node(node.args[1])
            text = self.k(self.c.seg(node))
            return self.compared(d, w, f"{w}[0] <= {d} <= {w}[1]", text, "'in'")
        if name == "cmp" and len(node.args) == 3 and not node.keywords:
            self.c.node(node, 0)
            a, op, b = (self.node(x) for x in node.args)
            left, right = self.c.seg(node.args[0]), self.c.seg(node.args[1 + 1])
            texts = self.k({o: f"{left} {o} {right}" for o in _CMP.values()})
            return self.compared(a, b, f"_OPS[{op}]({a}, {b})", f"{texts}[{op}]", op)
        if name == "prev" and len(node.args) == 1 and isinstance(node.args[0], ast.Name):
            self.c.node(node, 0)  # checks the name and records it as read
            key = self.k(node.args[0].id)
            t = self.tmp()
            self.emit(f"{t} = PV.get({key}, _U)")
            self.emit(f"if {t} is _U: M.append({self.k('previous_year.' + node.args[0].id)})")
            return t
        if name == "count_events":
            return self.count_events(node)
        return self.fallback(node)

    def count_events(self, node: ast.Call) -> str:
        """Inline ``count_events``: one pass over the reported events, in input order.

        Same rules as the closure (``_compile._count_events_fn``): an event counts once, under the first
        point it falls under; a count with an undetermined event is undetermined; the steps of the event
        filters are not traced (each event's record summarises them).
        """
        self.c.node(node, 0)  # full checks (list, points, window)
        assert isinstance(node.args[0], ast.Attribute)
        lst = self.c.scope.lists[node.args[0].attr]
        points: tuple[Any, ...] | None = None
        span = None
        for kw in node.keywords:
            if kw.arg == "points":
                assert isinstance(kw.value, (ast.List, ast.Set, ast.Tuple))
                points = self.c._literal_items(kw.value)
            elif kw.arg == "window":
                span = self.node(kw.value)
        entries = [e for e in lst.entries if points is None or e.point in points]
        if any((e.where is None) != (e.where_expr is None) for e in entries) or any(
            (e.excused_when is None) != (e.excused_expr is None) for e in entries
        ):
            return self.fallback(node)  # filters given only as functions: call the closure
        # validated events all fall inside the evaluation window (the validator refuses any other date),
        # so only another window needs the date test
        in_evaluation_window = span is None
        if span is None:
            span = self.tmp()
            self.emit(f"{span} = W['evaluation']")
        records, counted, unknown, ev, x = self.tmp(), self.tmp(), self.tmp(), self.tmp(), self.tmp()
        types = self.k(frozenset(t for e in entries for t in e.types))
        list_id = self.k(lst.id)
        # no events list at all (``events`` not reported): the count is not known, "events" is missing
        self.emit(f"{records} = []; {counted} = 0; {unknown} = EV is None")
        self.emit(f"if {unknown}: M.append({self.k(EVENTS_NOT_REPORTED)})")
        self.emit(f"for {ev} in () if {unknown} else EV:")
        self.indent += 1
        if in_evaluation_window:
            self.emit(f"if {ev}[2] not in {types}: continue")
        else:
            self.emit(f"if {ev}[2] not in {types} or not ({span}[0] <= {ev}[3] <= {span}[1]): continue")
        self.emit(f"E = {ev}[4]")
        bind_at, closures = len(self.lines), self.closures
        self.closures = False
        for entry in entries:
            # with one entry, its types are those of the whole count, already tested
            self.emit("if True:" if len(entries) == 1 else f"if {ev}[2] in {self.k(entry.types)}:")
            self.indent += 1
            where = "True" if entry.where_expr is None else self.inline(entry.where_expr, trace=False)
            if where == "True":
                self.emit("if True:")
            else:
                self.emit(f"if {where} is True or {where} is _U:")
            self.indent += 1
            if where != "True":
                self.emit(f"if {where} is _U: {x} = 'undetermined'")
                self.emit("else:")
                self.indent += 1
            if entry.excused_expr is None:
                self.emit(f"{x} = 'counted'")
            else:
                excused = self.inline(entry.excused_expr, trace=False)
                self.emit(
                    f"{x} = 'undetermined' if {excused} is _U else ('excused' if {excused} is True else 'counted')"
                )
            if where != "True":
                self.indent -= 1
            reason = self.k(entry.excuse)
            fields = (
                f"{ev}[0], {ev}[1], {ev}[2], {ev}[3], {list_id}, {self.k(entry.point)}, {x},"
                f" {reason} if {x} == 'excused' else None"
            )
            self.emit(f"{records}.append(({fields}))" if self.plain else f"{records}.append(_tn(_ER, ({fields})))")
            self.emit(f"if {x} == 'counted': {counted} += 1")
            self.emit(f"elif {x} == 'undetermined': {unknown} = True")
            self.emit("continue")
            self.indent -= 2
        if self.closures:  # a filter calls a closure, which reads the event from the context
            self.lines.insert(bind_at, "    " * self.indent + "ctx.event = E")
        self.closures = self.closures or closures
        self.indent -= 1
        t, r = self.tmp(), self.site()
        self.emit(f"{t} = _U if {unknown} else {counted}")
        text = self.k(self.c.seg(node))
        self.record(r, "_EC", f"{text}, _tuple({records}), {span}, None if {unknown} else {counted}")
        return t

    def compile(self, head: str, result: str, where: str, **helpers: Any) -> Callable[..., Any]:
        """Compile the written body as ``def {head}: ... return {result}``; ``helpers`` join the globals."""
        body = "\n".join(self.lines)
        source = f"def {head}:\n{body}\n    return {result}\n"
        namespace = namespace_for(self.consts, **helpers)
        exec(compile(source, where, "exec"), namespace)  # our own generated source; see the module docstring
        fn: Callable[..., Any] = namespace[head.partition("(")[0]]
        return fn


PREAMBLE = (
    "    V = ctx.values; L = ctx.law; P = ctx.params; W = ctx.windows\n"
    "    T = ctx.trace; M = ctx.missing; D = ctx.undefined; E = ctx.event; S = ctx.slots\n"
    "    PV = ctx.prev; EV = ctx.events\n"
)


def namespace_for(consts: list[Any], **extra: Any) -> dict[str, Any]:
    """The only globals generated code sees: the constant table and fixed helpers, no builtins."""
    return {
        "__builtins__": {},
        "K": tuple(consts),
        "_U": UNKNOWN,
        "_SLOT": SLOT,
        "_C": Comparison,
        "_EC": EventCount,
        "_ER": EventRecord,
        "_tn": tuple.__new__,  # builds a NamedTuple without its Python-level __new__
        "_tuple": tuple,
        "_F": Fraction,
        "_S": Share,
        "_type": type,
        "_OPS": _OPS,
        "_int": int,
        **extra,
    }


def generate(tree: ast.expr, compiler: Any) -> Fn:
    """Generate and compile one function equivalent to the checked expression ``tree``."""
    gen = Writer(compiler)
    gen.lines.append(PREAMBLE.rstrip("\n"))
    result = gen.node(tree)
    fn: Fn = gen.compile("_expr(ctx)", result, "<antq-rules expression>")
    return fn
