"""Compile a safe expression (a small subset of Python syntax) into a tree of closures.

The text is parsed with :func:`ast.parse` (parsing never runs code), every node is checked against a
white list and against the pack's declared names, and each node becomes a plain Python closure. There is
no ``eval``/``exec``, no attribute access beyond the fixed namespaces, no loops and no user functions,
so an expression always terminates in time linear in its size (and in the number of reported events
for ``count_events``).

>>> scope = Scope(indicators={"a": Symbol("number"), "b": Symbol("number")})
>>> expr = compile_expression("ratio(a, b) >= pct(70)", scope)
>>> ctx = Context({"a": 18, "b": 25}, {}, (), {}, {}, {})
>>> expr.fn(ctx)
True
>>> Context({"a": 17, "b": 25}, {}, (), {}, {}, {}).values["a"] * 100 / 25 >= 70
False
"""

from __future__ import annotations

import ast
import io
import operator
import tokenize
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from antq_rules._numbers import NumberBoundError, Share, bounded_text, check_magnitude
from antq_rules._text import Text
from antq_rules.expressions._codegen import generate
from antq_rules.expressions._events import EventList, EventRecord
from antq_rules.expressions._runtime import EVENTS_NOT_REPORTED, SLOT, UNKNOWN, Comparison, Context, EventCount

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "CompiledExpression",
    "ExpressionError",
    "Scope",
    "Symbol",
    "compile_expression",
]

MAX_LENGTH = 2000
MAX_DEPTH = 60

Fn = Callable[[Context], Any]


class ExpressionError(Exception):
    """An expression is not valid; ``message`` is bilingual, ``column`` is 1-based when known."""

    def __init__(self, message: Text, column: int | None = None) -> None:
        self.message = message
        self.column = column
        super().__init__(message.en)


@attrs.frozen(slots=True)
class Symbol:
    """The static type of a name: bool, number, date, enum, set, str, list or any."""

    kind: str
    choices: tuple[str, ...] = ()
    ordered: bool = False
    literal: bool = False  # choices are written values (a list literal, a legal value), not a domain
    unit: str | None = None  # the declared unit of a quantity (ratio of like units is a share)


@attrs.frozen
class Scope:
    """The names an expression may use (declared by the pack)."""

    indicators: Mapping[str, Symbol] = attrs.field(factory=dict)
    prev_allowed: frozenset[str] = frozenset()
    law: Mapping[str, Symbol] = attrs.field(factory=dict)
    params: Mapping[str, Symbol] = attrs.field(factory=dict)
    windows: frozenset[str] = frozenset()
    lists: Mapping[str, EventList] = attrs.field(factory=dict)
    event_fields: Mapping[str, Symbol] | None = None
    deps: Mapping[str, Symbol] = attrs.field(factory=dict)


@attrs.frozen(slots=True)
class CompiledExpression:
    """A compiled expression and the names it reads (for explanations).

    ``fn`` is the expression as one generated Python function, written and compiled the first time it is
    read: most criteria only ever run inside their subject's program (engine._program), so generating
    every expression's own function while a pack loads was a third of the load time.
    """

    source: str
    _fn: Fn | None = attrs.field(eq=False, repr=False)  # None until ``fn`` is first read (set once)
    indicators: tuple[str, ...]
    prev_indicators: tuple[str, ...]
    law: tuple[str, ...]
    params: tuple[str, ...]
    lists: tuple[str, ...]
    windows: tuple[str, ...]
    kind: str = "any"
    # the checked tree and its compiler, so a whole subject's criteria can be written as one function
    syntax: tuple[ast.expr, Any] | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def fn(self) -> Fn:
        """The compiled function: ``fn(ctx)`` gives the value (generated on first read, then kept)."""
        fn = self._fn
        if fn is None:
            assert self.syntax is not None  # only a fast expression is built without its function
            fn = generate(*self.syntax)
            object.__setattr__(self, "_fn", fn)  # a cache of a pure function of the frozen fields
        return fn


_COMPARE: dict[type[ast.cmpop], tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Eq: ("==", operator.eq),
    ast.NotEq: ("!=", operator.ne),
    ast.Lt: ("<", operator.lt),
    ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt),
    ast.GtE: (">=", operator.ge),
    ast.In: ("in", lambda a, b: a in b),
    ast.NotIn: ("not in", lambda a, b: a not in b),
}
_CMP_BY_TEXT = {text: fn for text, fn in _COMPARE.values() if text in ("==", "!=", "<", "<=", ">", ">=")}
_ARITH: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}
_FUNCTIONS = (
    "ratio",
    "pct",
    "cmp",
    "prev",
    "date_in",
    "includes",
    "count",
    "count_events",
    "provided",
    "min",
    "max",
    "abs",
)


def _err(vi: str, en: str, node: ast.AST | None = None) -> ExpressionError:
    col = getattr(node, "col_offset", None)
    return ExpressionError(Text(vi, en), None if col is None else col + 1)


def compile_expression(
    source: str, scope: Scope, expect: str | None = "bool", *, fast: bool = True
) -> CompiledExpression:
    """Parse, check and compile ``source`` against ``scope``; raise :class:`ExpressionError`."""
    if not isinstance(source, str) or not source.strip():
        raise _err("biểu thức rỗng", "empty expression")
    if len(source) > MAX_LENGTH:
        raise _err(f"biểu thức dài quá {MAX_LENGTH} ký tự", f"expression longer than {MAX_LENGTH} characters")
    text = " ".join(source.splitlines())
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        col = exc.offset
        raise ExpressionError(Text(f"lỗi cú pháp: {exc.msg}", f"syntax error: {exc.msg}"), col) from None
    except (MemoryError, RecursionError, ValueError):
        raise _err("biểu thức quá phức tạp", "expression too complex") from None
    if not text.isascii():
        _check_names_as_written(text.strip())
    compiler = _Compiler(text.strip(), scope)
    closures, sym = compiler.node(tree.body, 0)  # checks everything and builds closures
    if expect is not None and sym.kind != expect:
        raise _err(
            f"biểu thức phải cho kết quả kiểu {expect}, không phải {sym.kind}",
            f"the expression must give a {expect}, not a {sym.kind}",
        )
    return CompiledExpression(
        source=source,
        fn=None if fast else closures,  # fast: generated from ``syntax`` when first used
        indicators=tuple(sorted(compiler.indicators)),
        prev_indicators=tuple(sorted(compiler.prev)),
        law=tuple(sorted(compiler.law)),
        params=tuple(sorted(compiler.params)),
        lists=tuple(sorted(compiler.lists)),
        windows=tuple(sorted(compiler.windows)),
        kind=sym.kind,
        syntax=(tree.body, compiler),
    )


def _check_names_as_written(text: str) -> None:
    """Refuse a name that Python would silently read as another (``ｒesident`` is read as ``resident``).

    Python folds identifiers to NFKC: fullwidth letters, ligatures, superscripts … would name a declared
    indicator without looking like it. Text inside quotes is not a name and is left as written.
    """
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return  # ast.parse accepted it; nothing more to say here
    for tok in tokens:
        if tok.type == tokenize.NAME and not tok.string.isascii():
            folded = unicodedata.normalize("NFKC", tok.string)
            if folded != tok.string:
                raise ExpressionError(
                    Text(
                        f"tên '{tok.string}' viết bằng ký tự tương thích (toàn độ rộng, chữ ghép …) và sẽ bị "
                        f"đọc thành '{folded}'; hãy viết '{folded}'",
                        f"the name '{tok.string}' is written with compatibility characters (fullwidth, "
                        f"ligatures …) and would be read as '{folded}'; write '{folded}'",
                    ),
                    tok.start[1] + 1,
                )


def _number_literal(node: ast.Constant, text: str) -> int | Fraction:
    if isinstance(node.value, bool):
        raise _err("cần một số, không phải đúng/sai", "expected a number, not true/false", node)
    segment = ast.get_source_segment(text, node) or repr(node.value)
    try:
        if isinstance(node.value, int):
            check_magnitude(node.value)  # 0x… and 1_000… literals are already read by the parser (bounded length)
            return node.value
        # the written text, bounded before it is computed: Fraction("1e999999999") would compute 10**999999999
        return bounded_text(segment)
    except NumberBoundError as exc:
        raise ExpressionError(exc.text, node.col_offset + 1) from None
    except (ValueError, ZeroDivisionError):
        raise _err(f"số không hợp lệ: {segment}", f"invalid number: {segment}", node) from None


class _Compiler:
    def __init__(self, text: str, scope: Scope) -> None:
        self.text = text
        self._one_line = text.encode("utf-8") if "\n" not in text and "\r" not in text else None
        self.scope = scope
        self.indicators: set[str] = set()
        self.prev: set[str] = set()
        self.law: set[str] = set()
        self.params: set[str] = set()
        self.lists: set[str] = set()
        self.windows: set[str] = set()
        self.deps: set[str] = set()

    def seg(self, node: ast.AST) -> str:
        # ast.get_source_segment splits the whole text into lines on every call (the largest single cost
        # of loading the shipped packs); a one-line expression is sliced directly. Offsets are in UTF-8 bytes.
        if self._one_line is not None:
            start, end = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
            if start is not None and end is not None:
                return self._one_line[start:end].decode("utf-8")
        return ast.get_source_segment(self.text, node) or ""

    # -- dispatch -----------------------------------------------------------------------------
    def node(self, node: ast.AST, depth: int) -> tuple[Fn, Symbol]:
        if depth > MAX_DEPTH:
            raise _err(f"lồng nhau quá {MAX_DEPTH} cấp", f"nested deeper than {MAX_DEPTH} levels", node)
        method = getattr(self, "n_" + type(node).__name__, None)
        if method is None:
            raise _err(
                f"cú pháp không được phép: {type(node).__name__}",
                f"syntax not allowed: {type(node).__name__}",
                node,
            )
        result: tuple[Fn, Symbol] = method(node, depth + 1)
        return result

    # -- literals -----------------------------------------------------------------------------
    def n_Constant(self, node: ast.Constant, depth: int) -> tuple[Fn, Symbol]:
        value = node.value
        if isinstance(value, bool):
            return (lambda ctx, v=value: v), Symbol("bool")
        if value is None:
            raise _err("không dùng None", "None is not allowed", node)
        if isinstance(value, (int, float)):
            num = _number_literal(node, self.text)
            return (lambda ctx, v=num: v), Symbol("number")
        if isinstance(value, str):
            return (lambda ctx, v=value: v), Symbol("str", (value,), literal=True)
        raise _err("hằng số không được phép", "literal not allowed", node)

    def _literal_items(self, node: ast.List | ast.Set | ast.Tuple) -> tuple[Any, ...]:
        items: list[Any] = []
        for elt in node.elts:
            if isinstance(elt, ast.Constant) and isinstance(elt.value, str):
                items.append(elt.value)
            elif (
                isinstance(elt, ast.Constant)
                and isinstance(elt.value, (int, float))
                and not isinstance(elt.value, bool)
            ):
                items.append(_number_literal(elt, self.text))
            else:
                raise _err(
                    "danh sách chỉ chứa chữ hoặc số cố định",
                    "lists and sets may only hold literal strings or numbers",
                    elt,
                )
        if len(items) > 200:
            raise _err("danh sách quá 200 phần tử", "list longer than 200 items", node)
        return tuple(items)

    def n_List(self, node: ast.List, depth: int) -> tuple[Fn, Symbol]:
        items = self._literal_items(node)
        strs = tuple(i for i in items if isinstance(i, str))
        return (lambda ctx, v=frozenset(items): v), Symbol("set", strs, literal=True)

    n_Set = n_List
    n_Tuple = n_List

    # -- names ----------------------------------------------------------------------------------
    def n_Name(self, node: ast.Name, depth: int) -> tuple[Fn, Symbol]:
        name = node.id
        if self.scope.event_fields is not None:
            sym = self.scope.event_fields.get(name)
            if sym is None:
                raise _err(
                    f"không có trường sự kiện '{name}'",
                    f"unknown event field '{name}'",
                    node,
                )

            def event_field(ctx: Context, name: str = name) -> Any:
                v = ctx.event.get(name, UNKNOWN)
                if v is UNKNOWN:
                    ctx.missing.append("event." + name)
                return v

            return event_field, sym
        sym = self.scope.indicators.get(name)
        if sym is None:
            if name in ("law", "param", "window", "lists", "dep"):
                raise _err(f"'{name}' cần một tên sau dấu chấm", f"'{name}' needs '.NAME'", node)
            raise _err(f"không có chỉ số '{name}'", f"unknown indicator '{name}'", node)
        self.indicators.add(name)

        def indicator(ctx: Context, name: str = name) -> Any:
            v = ctx.values.get(name, UNKNOWN)
            if v is UNKNOWN:
                ctx.missing.append(name)
            return v

        return indicator, sym

    def n_Attribute(self, node: ast.Attribute, depth: int) -> tuple[Fn, Symbol]:
        if not isinstance(node.value, ast.Name):
            raise _err("truy cập thuộc tính không được phép", "attribute access not allowed", node)
        space, name = node.value.id, node.attr
        if space == "law":
            sym = self.scope.law.get(name)
            if sym is None:
                raise _err(f"không có giá trị pháp lý '{name}'", f"unknown legal value 'law.{name}'", node)
            self.law.add(name)

            def law(ctx: Context, n: str = name) -> Any:
                v = ctx.law[n]
                if v is SLOT:
                    ctx.slots.append("values." + n)
                    return UNKNOWN
                return v

            return law, sym
        if space == "param":
            sym = self.scope.params.get(name)
            if sym is None:
                raise _err(f"không có tham số '{name}'", f"unknown parameter 'param.{name}'", node)
            self.params.add(name)
            return (lambda ctx, n=name: ctx.params[n]), sym
        if space == "window":
            if name != "evaluation" and name not in self.scope.windows:
                raise _err(f"không có mốc thời gian '{name}'", f"unknown window 'window.{name}'", node)
            self.windows.add(name)
            return (lambda ctx, n=name: ctx.windows[n]), Symbol("window")
        if space == "lists":
            if name not in self.scope.lists:
                raise _err(f"không có danh sách '{name}'", f"unknown event list 'lists.{name}'", node)
            self.lists.add(name)
            lst = self.scope.lists[name]
            return (lambda ctx, v=lst: v), Symbol("eventlist")
        if space == "dep":
            sym = self.scope.deps.get(name)
            if sym is None:
                raise _err(f"không có gói phụ thuộc '{name}'", f"unknown requirement 'dep.{name}'", node)
            self.deps.add(name)

            def dep(ctx: Context, n: str = name) -> Any:
                v = ctx.deps.get(n, UNKNOWN)
                if v is UNKNOWN:
                    ctx.missing.append("dep." + n)
                return v

            return dep, sym
        raise _err(
            f"không gian tên không hợp lệ '{space}' (dùng law, param, window, lists, dep)",
            f"unknown namespace '{space}' (use law, param, window, lists, dep)",
            node,
        )

    # -- logic ----------------------------------------------------------------------------------
    def n_BoolOp(self, node: ast.BoolOp, depth: int) -> tuple[Fn, Symbol]:
        compiled = [self.node(v, depth) for v in node.values]
        for (_, sym), v in zip(compiled, node.values, strict=True):
            _need(sym, ("bool",), "'and'/'or'", v)
        fns = [f for f, _ in compiled]
        if isinstance(node.op, ast.And):

            def and_(ctx: Context, fns: list[Fn] = fns) -> Any:
                unknown = False
                result: Any = True
                for f in fns:  # no short-circuit: every failing part is traced
                    v = f(ctx)
                    if v is UNKNOWN:
                        unknown = True
                    elif v is not True:
                        result = False
                return result if result is False else (UNKNOWN if unknown else True)

            return and_, Symbol("bool")

        def or_(ctx: Context, fns: list[Fn] = fns) -> Any:
            unknown = False
            result: Any = False
            for f in fns:
                v = f(ctx)
                if v is UNKNOWN:
                    unknown = True
                elif v is True:
                    result = True
            return result if result is True else (UNKNOWN if unknown else False)

        return or_, Symbol("bool")

    def n_UnaryOp(self, node: ast.UnaryOp, depth: int) -> tuple[Fn, Symbol]:
        fn, sym = self.node(node.operand, depth)
        if isinstance(node.op, ast.Not):
            _need(sym, ("bool",), "'not'", node.operand)

            def not_(ctx: Context) -> Any:
                v = fn(ctx)
                return UNKNOWN if v is UNKNOWN else (v is not True)

            return not_, Symbol("bool")
        _need(sym, ("number",), "'-'", node.operand)
        if isinstance(node.op, ast.USub):
            return (lambda ctx: UNKNOWN if (v := fn(ctx)) is UNKNOWN else -v), Symbol("number")
        if isinstance(node.op, ast.UAdd):
            return fn, sym
        raise _err("toán tử không được phép", "operator not allowed", node)

    def n_IfExp(self, node: ast.IfExp, depth: int) -> tuple[Fn, Symbol]:
        cond, _ = self.node(node.test, depth)
        then, sym = self.node(node.body, depth)
        other, _ = self.node(node.orelse, depth)

        def if_(ctx: Context) -> Any:
            c = cond(ctx)
            if c is UNKNOWN:
                return UNKNOWN
            return then(ctx) if c is True else other(ctx)

        return if_, sym

    # -- arithmetic -----------------------------------------------------------------------------
    def n_BinOp(self, node: ast.BinOp, depth: int) -> tuple[Fn, Symbol]:
        left, lsym = self.node(node.left, depth)
        right, rsym = self.node(node.right, depth)
        _need(lsym, ("number",), "phép tính số học / arithmetic", node.left)
        _need(rsym, ("number",), "phép tính số học / arithmetic", node.right)
        if isinstance(node.op, ast.Div):
            text = self.seg(node)

            def div(ctx: Context) -> Any:
                a, b = left(ctx), right(ctx)
                if a is UNKNOWN or b is UNKNOWN:
                    return UNKNOWN
                if b == 0:
                    ctx.undefined.append(text)
                    return UNKNOWN
                return Fraction(a) / b

            return div, Symbol("number")
        op = _ARITH.get(type(node.op))
        if op is None:
            raise _err("toán tử không được phép", "operator not allowed", node)

        def arith(ctx: Context, op: Callable[[Any, Any], Any] = op) -> Any:
            a, b = left(ctx), right(ctx)
            if a is UNKNOWN or b is UNKNOWN:
                return UNKNOWN
            return op(a, b)

        return arith, Symbol("number")

    # -- comparisons ----------------------------------------------------------------------------
    def _check_enum_literal(self, sym: Symbol, other: ast.AST, other_sym: Symbol) -> None:
        """Values written against a declared domain (literals, legal values) must be in the domain."""
        if sym.literal or sym.kind not in ("enum", "set") or not (other_sym.literal or other_sym.kind == "str"):
            return
        if other_sym.kind not in ("str", "set"):
            return
        for value in other_sym.choices:
            if value not in sym.choices:
                raise _err(
                    f"'{value}' không phải là giá trị được khai báo ({', '.join(sym.choices)})",
                    f"'{value}' is not a declared choice ({', '.join(sym.choices)})",
                    other,
                )

    def _rank(self, sym: Symbol) -> dict[str, int] | None:
        return {c: i for i, c in enumerate(sym.choices)} if sym.kind == "enum" and sym.ordered else None

    def n_Compare(self, node: ast.Compare, depth: int) -> tuple[Fn, Symbol]:
        operands = [node.left, *node.comparators]
        compiled = [self.node(o, depth) for o in operands]
        parts: list[Fn] = []
        for i, op_node in enumerate(node.ops):
            (lf, ls), (rf, rs) = compiled[i], compiled[i + 1]
            self._check_enum_literal(ls, operands[i + 1], rs)
            self._check_enum_literal(rs, operands[i], ls)
            known = _COMPARE.get(type(op_node))
            if known is None:  # 'is', 'is not'
                raise _err(
                    "không dùng 'is' / 'is not': hãy viết == hoặc !=",
                    "'is' and 'is not' are not allowed: write == or !=",
                    node,
                )
            op_text, op = known
            _check_types(op_text, ls, rs, node)
            rank = self._rank(ls) or self._rank(rs)
            if rank is not None and op_text in ("<", "<=", ">", ">="):
                op = _ranked(op, rank)
            elif ((ls.kind == "enum" and not ls.ordered) or (rs.kind == "enum" and not rs.ordered)) and op_text in (
                "<",
                "<=",
                ">",
                ">=",
            ):
                raise _err(
                    "không so sánh lớn/nhỏ trên danh mục không có thứ tự",
                    "ordering comparison on an unordered enum",
                    node,
                )
            text = self._pair_text(operands[i], op_text, operands[i + 1])
            parts.append(_compare_fn(lf, rf, op, text, op_text))
        if len(parts) == 1:
            return parts[0], Symbol("bool")

        def chain(ctx: Context) -> Any:
            values = [p(ctx) for p in parts]
            if any(v is False for v in values):
                return False
            return UNKNOWN if any(v is UNKNOWN for v in values) else True

        return chain, Symbol("bool")

    def _pair_text(self, left: ast.AST, op: str, right: ast.AST) -> str:
        return f"{self.seg(left)} {op} {self.seg(right)}"

    # -- functions ------------------------------------------------------------------------------
    def n_Call(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        if not isinstance(node.func, ast.Name) or node.func.id not in _FUNCTIONS:
            name = node.func.id if isinstance(node.func, ast.Name) else self.seg(node.func)
            raise _err(
                f"hàm không được phép: {name} (chỉ dùng {', '.join(_FUNCTIONS)})",
                f"function not allowed: {name} (allowed: {', '.join(_FUNCTIONS)})",
                node,
            )
        name = node.func.id
        if name != "count_events" and node.keywords:
            raise _err(f"{name}() không nhận tham số có tên", f"{name}() takes no keyword arguments", node)
        if any(isinstance(a, ast.Starred) for a in node.args):
            raise _err("không dùng *", "'*' is not allowed", node)
        result: tuple[Fn, Symbol] = getattr(self, "f_" + name)(node, depth)
        return result

    def _args(self, node: ast.Call, n: int | tuple[int, int]) -> list[ast.expr]:
        lo, hi = (n, n) if isinstance(n, int) else n
        if not lo <= len(node.args) <= hi:
            want = str(lo) if lo == hi else f"{lo}–{hi}"
            raise _err(
                f"{node.func.id}() cần {want} đối số",  # type: ignore[attr-defined]
                f"{node.func.id}() takes {want} arguments",  # type: ignore[attr-defined]
                node,
            )
        return node.args

    def f_ratio(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        (a, asym), (b, bsym) = (self.node(x, depth) for x in self._args(node, 2))
        _need(asym, ("number",), "ratio()", node.args[0])
        _need(bsym, ("number",), "ratio()", node.args[1])
        text = self.seg(node)

        def ratio(ctx: Context) -> Any:
            x, y = a(ctx), b(ctx)
            if x is UNKNOWN or y is UNKNOWN:
                return UNKNOWN
            if y == 0:
                ctx.undefined.append(text)
                return UNKNOWN
            q = Fraction(x, y) if type(x) is int and type(y) is int else Fraction(x) / y
            return Share(q) if share else q

        share = asym.unit is not None and asym.unit == bsym.unit
        return ratio, Symbol("number", unit="ratio" if share else None)

    def f_pct(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        (arg,) = self._args(node, 1)
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, (int, float))):
            raise _err("pct() cần một số cố định", "pct() takes a literal number", node)
        value = Share(Fraction(_number_literal(arg, self.text)) / 100)
        return (lambda ctx, v=value: v), Symbol("number")

    def f_cmp(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        a_node, op_node, b_node = self._args(node, 3)
        (a, _), (opf, op_sym), (b, _) = (self.node(x, depth) for x in (a_node, op_node, b_node))
        bad = [c for c in op_sym.choices if c not in _CMP_BY_TEXT]
        if op_sym.kind not in ("str", "enum") or bad or not op_sym.choices:
            raise _err(
                "đối số thứ hai của cmp() phải là toán tử '<', '<=', '==', '>=', '>' hoặc tham số chỉ nhận các giá trị đó",
                "cmp()'s second argument must be one of '<', '<=', '==', '>=', '>' or a parameter limited to them",
                op_node,
            )
        text_left, text_right = self.seg(a_node), self.seg(b_node)
        texts = {op: f"{text_left} {op} {text_right}" for op in op_sym.choices}

        def cmp(ctx: Context) -> Any:
            x, y, op = a(ctx), b(ctx), opf(ctx)
            if x is UNKNOWN or y is UNKNOWN:
                ctx.trace.append(
                    Comparison(texts[op], op, None if x is UNKNOWN else x, None if y is UNKNOWN else y, None)
                )
                return UNKNOWN
            r = _CMP_BY_TEXT[op](x, y)
            ctx.trace.append(Comparison(texts[op], op, x, y, r))
            return r

        return cmp, Symbol("bool")

    def f_prev(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        (arg,) = self._args(node, 1)
        if not isinstance(arg, ast.Name) or self.scope.event_fields is not None:
            raise _err("prev() cần tên một chỉ số", "prev() takes an indicator name", node)
        name = arg.id
        sym = self.scope.indicators.get(name)
        if sym is None:
            raise _err(f"không có chỉ số '{name}'", f"unknown indicator '{name}'", arg)
        if name not in self.scope.prev_allowed:
            raise _err(
                f"chỉ số '{name}' không khai báo previous_year: true",
                f"indicator '{name}' is not declared with previous_year: true",
                arg,
            )
        self.prev.add(name)
        key = name

        def prev(ctx: Context) -> Any:
            v = ctx.prev.get(key, UNKNOWN)
            if v is UNKNOWN:
                ctx.missing.append("previous_year." + key)
            return v

        return prev, sym

    def f_date_in(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        d_node, w_node = self._args(node, 2)
        d, dsym = self.node(d_node, depth)
        w, wsym = self.node(w_node, depth)
        if wsym.kind != "window":
            raise _err(
                "đối số thứ hai của date_in() phải là window.TÊN",
                "date_in()'s second argument must be window.NAME",
                w_node,
            )
        if dsym.kind not in ("date", "any"):
            raise _err("date_in() cần một ngày", "date_in() needs a date", d_node)
        text = self.seg(node)

        def date_in(ctx: Context) -> Any:
            x = d(ctx)
            span = w(ctx)
            if x is UNKNOWN:
                ctx.trace.append(Comparison(text, "in", None, span, None))
                return UNKNOWN
            r = span[0] <= x <= span[1]
            ctx.trace.append(Comparison(text, "in", x, span, r))
            return r

        return date_in, Symbol("bool")

    def f_includes(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        s_node, r_node = self._args(node, 2)
        s, ssym = self.node(s_node, depth)
        r, rsym = self.node(r_node, depth)
        self._check_enum_literal(ssym, r_node, rsym)
        text = self.seg(node)

        def includes(ctx: Context) -> Any:
            have, need = s(ctx), r(ctx)
            if have is UNKNOWN or need is UNKNOWN:
                ctx.trace.append(
                    Comparison(text, "⊇", None if have is UNKNOWN else have, None if need is UNKNOWN else need, None)
                )
                return UNKNOWN
            missing = frozenset(need) - frozenset(have)
            ctx.trace.append(Comparison(text, "⊇", have, need, not missing, tuple(sorted(missing))))
            return not missing

        return includes, Symbol("bool")

    def f_count(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        (arg,) = self._args(node, 1)
        f, sym = self.node(arg, depth)
        _need(sym, ("set",), "count()", arg)
        return (lambda ctx: UNKNOWN if (v := f(ctx)) is UNKNOWN else len(v)), Symbol("number")

    def f_provided(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        (arg,) = self._args(node, 1)
        if not isinstance(arg, ast.Name) or arg.id not in self.scope.indicators:
            raise _err("provided() cần tên một chỉ số", "provided() takes an indicator name", node)
        self.indicators.add(arg.id)
        return (lambda ctx, n=arg.id: n in ctx.values), Symbol("bool")

    def _many(self, node: ast.Call, depth: int, fold: Callable[..., Any]) -> tuple[Fn, Symbol]:
        compiled = [(self.node(x, depth), x) for x in self._args(node, (1, 20))]
        for (_, sym), x in compiled:
            _need(sym, ("number",), f"{node.func.id}()", x)  # type: ignore[attr-defined]
        fns = [f for (f, _), _ in compiled]

        def many(ctx: Context) -> Any:
            vals = [f(ctx) for f in fns]
            return UNKNOWN if any(v is UNKNOWN for v in vals) else fold(vals)

        return many, Symbol("number")

    def f_min(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        return self._many(node, depth, min)

    def f_max(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        return self._many(node, depth, max)

    def f_abs(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        (arg,) = self._args(node, 1)
        f, sym = self.node(arg, depth)
        _need(sym, ("number",), "abs()", arg)
        return (lambda ctx: UNKNOWN if (v := f(ctx)) is UNKNOWN else abs(v)), Symbol("number")

    def f_count_events(self, node: ast.Call, depth: int) -> tuple[Fn, Symbol]:
        if self.scope.event_fields is not None:
            raise _err(
                "count_events() không dùng trong biểu thức sự kiện",
                "count_events() is not allowed inside an event expression",
                node,
            )
        (l_node,) = self._args(node, 1)
        _, lsym = self.node(l_node, depth)
        if lsym.kind != "eventlist":
            raise _err("đối số của count_events() phải là lists.TÊN", "count_events() takes lists.NAME", l_node)
        assert isinstance(l_node, ast.Attribute)
        lst = self.scope.lists[l_node.attr]
        points: tuple[str, ...] | None = None
        window: Fn | None = None
        for kw in node.keywords:
            if kw.arg == "points":
                if not isinstance(kw.value, (ast.List, ast.Set, ast.Tuple)):
                    raise _err("points= cần một danh sách điểm", "points= takes a list of points", kw.value)
                points = tuple(str(p) for p in self._literal_items(kw.value))
                known = [e.point for e in lst.entries]
                for p in points:
                    if p not in known:
                        raise _err(
                            f"danh sách {lst.id} không có điểm '{p}' (có: {', '.join(known)})",
                            f"list {lst.id} has no point '{p}' (has: {', '.join(known)})",
                            kw.value,
                        )
            elif kw.arg == "window":
                window, wsym = self.node(kw.value, depth)
                if wsym.kind != "window":
                    raise _err("window= cần window.TÊN", "window= takes window.NAME", kw.value)
            else:
                raise _err(
                    f"count_events() không có tham số '{kw.arg}' (dùng points, window)",
                    f"count_events() has no argument '{kw.arg}' (use points, window)",
                    node,
                )
        entries = tuple(e for e in lst.entries if points is None or e.point in points)
        return _count_events_fn(lst, entries, window, self.seg(node)), Symbol("number")


_TEXTUAL = ("enum", "str")


def _kind_error(node: ast.AST, what: str, got: str) -> ExpressionError:
    return _err(f"{what} không dùng được với giá trị kiểu {got}", f"{what} cannot be used with a {got} value", node)


def _need(sym: Symbol, kinds: tuple[str, ...], what: str, node: ast.AST) -> None:
    if sym.kind != "any" and sym.kind not in kinds:
        raise _kind_error(node, what, sym.kind)


def _check_types(op: str, ls: Symbol, rs: Symbol, node: ast.AST) -> None:
    """Refuse at load time a comparison whose two sides can never be compared."""
    a, b = ls.kind, rs.kind
    if "any" in (a, b):
        return
    if op in ("in", "not in"):
        if b != "set":
            raise _err(f"vế phải của '{op}' phải là một tập hợp", f"the right side of '{op}' must be a set", node)
        if a not in ("str", "enum", "number"):
            raise _kind_error(node, f"'{op}'", a)
        return
    same = a == b or (a in _TEXTUAL and b in _TEXTUAL)
    if not same:
        raise _err(
            f"không so sánh được giá trị kiểu {a} với kiểu {b}",
            f"cannot compare a {a} value with a {b} value",
            node,
        )
    if op in ("<", "<=", ">", ">=") and a in ("bool", "window", "eventlist"):
        raise _kind_error(node, f"'{op}'", a)
    if op in ("<", "<=", ">", ">=") and a in _TEXTUAL and b in _TEXTUAL and not (ls.ordered or rs.ordered):
        raise _err(
            "không so sánh lớn/nhỏ trên danh mục không có thứ tự",
            "ordering comparison on an unordered enum",
            node,
        )


def _ranked(op: Callable[[Any, Any], Any], rank: dict[str, int]) -> Callable[[Any, Any], Any]:
    return lambda a, b: op(rank[a], rank[b])


def _compare_fn(lf: Fn, rf: Fn, op: Callable[[Any, Any], Any], text: str, op_text: str) -> Fn:
    def compare(ctx: Context) -> Any:
        a = lf(ctx)
        b = rf(ctx)
        if a is UNKNOWN or b is UNKNOWN:
            ctx.trace.append(Comparison(text, op_text, None if a is UNKNOWN else a, None if b is UNKNOWN else b, None))
            return UNKNOWN
        r = op(a, b)
        ctx.trace.append(Comparison(text, op_text, a, b, r))
        return r

    return compare


def _count_events_fn(lst: EventList, entries: tuple[Any, ...], window: Fn | None, text: str) -> Fn:
    lid = lst.id
    types = frozenset(t for e in entries for t in e.types)

    def count_events(ctx: Context) -> Any:
        span: tuple[date, date] = window(ctx) if window is not None else ctx.windows["evaluation"]
        if ctx.events is None:  # events not reported (no list at all): the count is not known
            ctx.missing.append(EVENTS_NOT_REPORTED)
            ctx.trace.append(EventCount(text, (), span, None))
            return UNKNOWN
        verdicts: list[EventRecord] = []
        counted = 0
        unknown = False
        saved_event, saved_trace = ctx.event, ctx.trace
        ctx.trace = []  # steps inside event filters are summarised by each event's record
        for event in ctx.events:
            if event.type not in types or not span[0] <= event.date <= span[1]:
                continue
            for entry in entries:  # an event counts once, under the first point it falls under
                if event.type not in entry.types:
                    continue
                ctx.event = event.fields
                status, reason = "counted", None
                w = True if entry.where is None else entry.where(ctx)
                if w is not True and w is not UNKNOWN:
                    continue  # not under this point
                if w is UNKNOWN:
                    status = "undetermined"
                elif entry.excused_when is not None:
                    x = entry.excused_when(ctx)
                    if x is UNKNOWN:
                        status = "undetermined"
                    elif x is True:
                        status, reason = "excused", entry.excuse
                verdicts.append(
                    EventRecord(event.position, event.id, event.type, event.date, lid, entry.point, status, reason)
                )
                unknown = unknown or status == "undetermined"
                counted += status == "counted"
                break
        ctx.event, ctx.trace = saved_event, saved_trace
        # A count with an undetermined event is itself undetermined (it is only a lower bound).
        result: Any = UNKNOWN if unknown else counted
        ctx.trace.append(EventCount(text, tuple(verdicts), span, None if unknown else counted))
        return result

    return count_events
