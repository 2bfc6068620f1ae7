"""Pack lint: warnings (file, line, field) about a pack that loads but is probably not what was meant.

Hard errors stay the compiler's (``PackError``); a warning never stops a pack from loading. Each
warning has a ``code`` (e.g. ``unused-indicator``) so a host or a test can accept a justified one.

An overlay is linted for what its own file declares (what it adds, and the slots of its base it
leaves unfilled); the national pack it extends is linted on its own.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from antq_rules._text import Text, fold
from antq_rules._yaml import YamlDocument, format_path, parse_yaml, read_bounded
from antq_rules.errors import Problem
from antq_rules.packs._analysis import expressions_of
from antq_rules.packs._model import Citation, Pack, Provenance
from antq_rules.packs._registry import PackRegistry

__all__ = ["LINT_CODES", "LintWarning", "lint_file", "lint_pack"]

LINT_CODES: dict[str, Text] = {
    "unused-indicator": Text("chỉ số khai báo nhưng không được đọc", "indicator declared but never read"),
    "unused-previous-year": Text("khai báo số liệu năm trước nhưng không đọc", "previous year declared but never read"),
    "unused-value": Text("giá trị không được dùng", "value never used"),
    "unused-parameter": Text("tham số không được dùng", "parameter never used"),
    "constant-criterion": Text(
        "tiêu chí không bao giờ đạt hoặc không bao giờ trượt", "criterion that can never be met or never fail"
    ),
    "level-edges": Text("khoảng điểm các mức có thể hở hoặc chồng", "level bands may leave a gap or overlap"),
    "item-maxima": Text("điểm tối đa các mục không khớp thang điểm", "item maxima do not add up to the scale"),
    "unfilled-slot": Text("chỗ trống chưa điền", "slot left unfilled"),
    "citation-without-source": Text("trích dẫn không có nguồn", "citation without a source"),
    "one-language": Text("mô tả thiếu một ngôn ngữ", "description missing in one language"),
}


@attrs.frozen(slots=True)
class LintWarning(Problem):
    """A :class:`~antq_rules.errors.Problem` that is only a warning, with its lint ``code``."""

    code: str = ""

    def render(self, lang: str = "vi") -> str:
        head = "cảnh báo" if lang != "en" else "warning"
        return f"{super().render('en' if lang == 'en' else 'vi')} [{head}: {self.code}]"

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "code": self.code, "severity": "warning"}


class _Out:
    """Collects warnings, placing each at the first path the file declares (none: skipped)."""

    def __init__(self, pack: Pack, doc: YamlDocument | None) -> None:
        self.pack = pack
        self.doc = doc
        self.overlay = pack.overlay is not None
        self.warnings: list[LintWarning] = []

    def declared(self, path: Sequence[str | int]) -> bool:
        if self.doc is None:
            return not self.overlay
        node: Any = self.doc.data
        for part in path:
            if isinstance(node, dict) and part in node:
                node = node[part]
                continue
            if not (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
                return False
            node = node[part]
        return True

    def add(self, code: str, paths: Iterable[Sequence[str | int]], vi: str, en: str, *, anywhere: bool = False) -> None:
        """Warn at the first of ``paths`` the file declares; ``anywhere``: at the file itself if none."""
        for path in paths:
            if self.declared(path):
                self._emit(code, path, vi, en)
                return
        if anywhere:
            self._emit(code, (), vi, en)

    def _emit(self, code: str, path: Sequence[str | int], vi: str, en: str) -> None:
        file = self.doc.file if self.doc is not None else self.pack.file
        mark = self.doc.locate(path) if self.doc is not None and path else None
        self.warnings.append(
            LintWarning(
                Text(vi, en),
                file=file,
                line=mark[0] if mark else None,
                column=mark[1] if mark else None,
                field=format_path(path) or None,
                code=code,
            )
        )


def _index_of(doc: YamlDocument | None, section: Sequence[str], ident: str) -> int | None:
    node: Any = doc.data if doc is not None else None
    for part in section:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, list):
        for i, entry in enumerate(node):
            if isinstance(entry, dict) and entry.get("id") == ident:
                return i
    return None


def _criterion_paths(out: _Out, ident: str) -> list[list[str | int]]:
    paths: list[list[str | int]] = []
    for section in (["criteria"], ["add", "criteria"]):
        i = _index_of(out.doc, section, ident)
        if i is not None:
            paths.append([*section, i])
    return paths


def _item_paths(out: _Out, ident: str) -> list[list[str | int]]:
    paths: list[list[str | int]] = []
    for section in (["scoring", "items"], ["scoring", "adjustments"]):
        i = _index_of(out.doc, section, ident)
        if i is not None:
            paths.append([*section, i])
    paths.append(["fill", f"scoring.items.{ident}"])
    return paths


# -- what the rules read ---------------------------------------------------------------------------------


def _reads(pack: Pack) -> tuple[set[str], set[str], set[str], set[str], set[str]]:
    """(indicators, previous-year indicators, values, parameters) read by the rules, and the indicators
    only constraints read."""
    inds: set[str] = set()
    prev: set[str] = set()
    law: set[str] = set()
    params: set[str] = set()
    checked: set[str] = set()
    constraint_ids = {k.id for k in pack.constraints}
    for owner, _subjects, _field, expr in expressions_of(pack):
        if owner in constraint_ids:
            checked.update(expr.indicators)
        else:
            inds.update(expr.indicators)
            prev.update(expr.prev_indicators)
        law.update(expr.law)
        params.update(expr.params)
    for lst in pack.event_lists.values():
        for entry in lst.entries:
            for e in (entry.where_expr, entry.excused_expr):
                if e is not None:
                    law.update(getattr(e, "law", ()))
                    params.update(getattr(e, "params", ()))
    for r in pack.rollups:
        if r.member_indicator:
            inds.add(r.member_indicator)
    return inds, prev, law, params, checked - inds


def _unused(out: _Out, pack: Pack) -> None:
    inds, prev, law, params, only_checked = _reads(pack)
    for name, spec in pack.indicators.items():
        paths = (["indicators", name], ["add", "indicators", name])
        if name not in inds:
            if name in only_checked:
                vi = f"chỉ số '{name}' chỉ được ràng buộc (constraints) đọc, không tiêu chí, mục hay phạm vi nào đọc"
                en = f"indicator '{name}' is read only by constraints, by no criterion, item or scope rule"
            else:
                vi = f"chỉ số '{name}' được khai báo nhưng không quy tắc nào đọc"
                en = f"indicator '{name}' is declared but no rule reads it"
            out.add("unused-indicator", paths, vi, en)
        elif spec.previous_year and name not in prev:
            out.add(
                "unused-previous-year",
                [[*p, "previous_year"] for p in paths],
                f"chỉ số '{name}' khai báo previous_year nhưng không quy tắc nào đọc prev({name})",
                f"indicator '{name}' declares previous_year but no rule reads prev({name})",
            )
    for name in pack.values:
        if name not in law:
            out.add(
                "unused-value",
                (["values", name], ["add", "values", name]),
                f"giá trị '{name}' không được quy tắc nào dùng (law.{name})",
                f"value '{name}' is used by no rule (law.{name})",
            )
    for name in pack.parameters:
        if name not in params:
            out.add(
                "unused-parameter",
                (["parameters", name], ["add", "parameters", name]),
                f"tham số '{name}' không được quy tắc nào dùng (param.{name})",
                f"parameter '{name}' is used by no rule (param.{name})",
            )


# -- criteria that cannot change ----------------------------------------------------------------------------

_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _fixed_number(pack: Pack, node: ast.expr) -> Fraction | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "law":
        v = pack.values.get(node.attr)
        if v is not None and v.known and isinstance(v.value, (int, Fraction)) and not isinstance(v.value, bool):
            return Fraction(v.value)
        return None
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return Fraction(node.value)
    return None


def _range_verdict(pack: Pack, node: ast.expr) -> bool | None:
    """True/False if a comparison of an indicator with a fixed number always/never holds within the
    indicator's declared range; None if it can go either way (or is not that shape)."""
    if not isinstance(node, ast.Compare) or len(node.ops) != 1 or type(node.ops[0]) not in _OPS:
        return None
    op = _OPS[type(node.ops[0])]
    left, right = node.left, node.comparators[0]
    if not isinstance(left, ast.Name):
        left, right, op = right, left, _FLIP[op]
    if not isinstance(left, ast.Name) or left.id not in pack.indicators:
        return None
    spec = pack.indicators[left.id]
    v = _fixed_number(pack, right)
    if v is None or spec.type not in ("integer", "decimal"):
        return None
    lo = Fraction(spec.min) if spec.min is not None else None
    hi = Fraction(spec.max) if spec.max is not None else None
    if spec.type == "integer" and lo is None:
        lo = None  # integers may be negative unless a minimum is declared
    always = {
        ">=": lo is not None and lo >= v,
        ">": lo is not None and lo > v,
        "<=": hi is not None and hi <= v,
        "<": hi is not None and hi < v,
        "==": lo is not None and hi is not None and lo == hi == v,
        "!=": (lo is not None and lo > v) or (hi is not None and hi < v),
    }[op]
    never = {
        ">=": hi is not None and hi < v,
        ">": hi is not None and hi <= v,
        "<=": lo is not None and lo > v,
        "<": lo is not None and lo >= v,
        "==": (lo is not None and lo > v) or (hi is not None and hi < v),
        "!=": lo is not None and hi is not None and lo == hi == v,
    }[op]
    return True if always else (False if never else None)


def _verdict(pack: Pack, node: ast.expr) -> bool | None:
    if isinstance(node, ast.BoolOp):
        parts = [_verdict(pack, v) for v in node.values]
        if isinstance(node.op, ast.And):
            return False if False in parts else (True if all(p is True for p in parts) else None)
        return True if True in parts else (False if all(p is False for p in parts) else None)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _verdict(pack, node.operand)
        return None if inner is None else not inner
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return node.value
    return _range_verdict(pack, node)


def _constant_criteria(out: _Out, pack: Pack) -> None:
    for c in pack.criteria:
        expr = c.check
        reads_unit = expr.indicators or expr.prev_indicators or expr.lists or "dep" in expr.source
        if not reads_unit and not expr.params:
            out.add(
                "constant-criterion",
                [[*p, "check"] for p in _criterion_paths(out, c.id)],
                f"tiêu chí '{c.id}' không đọc dữ liệu nào của đơn vị: mọi đơn vị đều có cùng kết quả",
                f"criterion '{c.id}' reads nothing of the unit: every unit gets the same status",
            )
            continue
        try:
            verdict = _verdict(pack, ast.parse(expr.source, mode="eval").body)
        except SyntaxError:  # pragma: no cover - compiled already
            continue
        if verdict is None:
            continue
        vi, en = ("không bao giờ trượt", "can never fail") if verdict else ("không bao giờ đạt", "can never be met")
        out.add(
            "constant-criterion",
            [[*p, "check"] for p in _criterion_paths(out, c.id)],
            f"tiêu chí '{c.id}' {vi} với khoảng giá trị (min/max) đã khai báo của chỉ số",
            f"criterion '{c.id}' {en} within its indicators' declared ranges (min/max)",
        )


# -- scoring -----------------------------------------------------------------------------------------------


def _levels(out: _Out, pack: Pack) -> None:
    levels = pack.levels
    for i in range(len(levels) - 1):
        a, b = levels[i], levels[i + 1]
        if a.max.known == b.min.known:
            continue  # both known: the compiler checks them; both slots: one edge still to fill
        known, slot = (a.max, b.min) if a.max.known else (b.min, a.max)
        out.add(
            "level-edges",
            (
                ["levels", i + 1 if slot is b.min else i, "min" if slot is b.min else "max"],
                ["fill", known.slot],
                ["fill", slot.slot],
            ),
            f"ranh giới giữa '{a.id}' và '{b.id}' chỉ khai báo một phía ({known.slot} = {known.value}, "
            f"{slot.slot} còn trống): điền phía kia khác giá trị sẽ để lại khoảng hở hoặc chồng",
            f"the edge between '{a.id}' and '{b.id}' is declared on one side only ({known.slot} = {known.value}, "
            f"{slot.slot} is a slot): filling the other side with another value leaves a gap or an overlap",
            anywhere=out.overlay,
        )


def _maxima(out: _Out, pack: Pack) -> None:
    if not pack.levels or pack.total is None:
        return
    total = pack.total
    for s in pack.subjects:
        mine = [it for it in pack.items if s in it.subjects]
        if not mine:
            continue
        known = sum((Fraction(it.max.value) for it in mine if it.max.known), Fraction(0))
        slots = [it.id for it in mine if not it.max.known]
        if not total.known and not slots:
            out.add(
                "item-maxima",
                (["scoring", "total"], ["fill", "scoring.total"]),
                f"thang điểm còn trống nhưng điểm tối đa các mục của '{s}' đã đủ, cộng lại {known}",
                f"the scale is a slot but the item maxima of '{s}' are all known and add up to {known}",
                anywhere=out.overlay,
            )
        elif total.known and slots and known == Fraction(total.value):
            out.add(
                "item-maxima",
                (["scoring", "total"],),
                f"điểm tối đa đã biết của '{s}' đã bằng thang {total.value}: các mục còn trống "
                f"({', '.join(slots)}) chỉ còn có thể là 0",
                f"the known item maxima of '{s}' already add up to the scale {total.value}: the items still "
                f"slots ({', '.join(slots)}) could only be worth 0",
                anywhere=out.overlay,
            )


def _slots(out: _Out, pack: Pack) -> None:
    """A province overlay that leaves slots of its base unfilled (a national slot is a declared unknown
    of the law, explained by its provenance note: not warned)."""
    if not out.overlay or not pack.slots:
        return
    out.add(
        "unfilled-slot",
        (["fill"],),
        f"gói tỉnh còn để trống {len(pack.slots)} chỗ của gói quốc gia: {', '.join(pack.slots)} — "
        "kết quả cần chúng sẽ là 'chưa xác định'",
        f"the province pack leaves {len(pack.slots)} slot(s) of its base unfilled: {', '.join(pack.slots)} — "
        "results that need them will be undetermined",
        anywhere=True,
    )


# -- citations and sources ---------------------------------------------------------------------------------


def _instrument_known(pack: Pack, number: str) -> bool:
    wanted = fold(number)
    if wanted == fold(pack.instrument.number) or any(fold(r) == wanted for r in pack.instrument.replaces):
        return True
    texts = [pack.instrument.number, *(str(a.get("number", "")) for a in pack.instrument.amendments)]
    for src in pack.sources.values():
        texts.extend(str(src.get(k) or "") for k in ("title", "note"))
    core = re.split(r"\s*\(", number, maxsplit=1)[0].strip()  # "01/2025/QĐ-UBND (Tỉnh Mẫu, minh hoạ)"
    return any(fold(core) in fold(t) for t in texts if t)


def _citations(out: _Out, pack: Pack) -> None:
    seen: set[str] = set()

    def check(cite: Citation | None, prov: Provenance | None, paths: list[list[str | int]], what: Text) -> None:
        if cite is not None and cite.instrument not in seen and not _instrument_known(pack, cite.instrument):
            seen.add(cite.instrument)
            out.add(
                "citation-without-source",
                [[*p, "citation"] for p in paths],
                f"{what.vi} trích dẫn văn bản '{cite.instrument}' mà không nguồn nào (sources) nêu",
                f"{what.en} cites '{cite.instrument}', which no source (sources) names",
            )
        if cite is not None and prov is not None and prov.status in ("confirmed", "secondary") and not prov.sources:
            out.add(
                "citation-without-source",
                [[*p, "provenance"] for p in paths],
                f"{what.vi} có trích dẫn và trạng thái '{prov.status}' nhưng không nêu nguồn (provenance.sources)",
                f"{what.en} has a citation and status '{prov.status}' but names no source (provenance.sources)",
            )

    for name, v in pack.values.items():
        if v.origin == "national" and out.overlay and not out.declared(["override", f"values.{name}"]):
            continue
        check(
            v.citation,
            v.provenance,
            [["values", name], ["add", "values", name], ["override", f"values.{name}"]],
            Text(f"giá trị '{name}'", f"value '{name}'"),
        )
    for c in pack.criteria:
        if out.overlay and c.origin == "national":
            continue
        check(c.citation, c.provenance, _criterion_paths(out, c.id), Text(f"tiêu chí '{c.id}'", f"criterion '{c.id}'"))
    for it in (*pack.items, *pack.adjustments):
        if out.overlay and it.origin == "national":
            continue
        check(it.citation, it.provenance, _item_paths(out, it.id), Text(f"mục '{it.id}'", f"item '{it.id}'"))


# -- languages ---------------------------------------------------------------------------------------------

_VI_LETTERS = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)


def _texts(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    if isinstance(node, dict):
        if set(node) == {"vi", "en"} and isinstance(node["vi"], str) and isinstance(node["en"], str):
            yield path, node["vi"], node["en"]
            return
        for k, v in node.items():
            yield from _texts(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _texts(v, (*path, i))


def _languages(out: _Out) -> None:
    if out.doc is None:
        return
    for path, vi, en in _texts(out.doc.data):
        words = len(vi.split())
        if words >= 3 and vi.strip() == en.strip():
            out.add(
                "one-language",
                (path,),
                "hai bản tiếng Việt và tiếng Anh giống hệt nhau: có thể chưa dịch",
                "the Vietnamese and English texts are identical: probably not translated",
            )
        elif words >= 4 and not _VI_LETTERS.search(vi) and _VI_LETTERS.search(en) is None:
            out.add(
                "one-language",
                (path,),
                "bản tiếng Việt (vi) không có chữ có dấu nào: có thể là bản tiếng Anh chép sang",
                "the Vietnamese text (vi) has no Vietnamese letter: probably the English text copied over",
            )


def lint_pack(pack: Pack, doc: YamlDocument | None = None) -> tuple[LintWarning, ...]:
    """The lint warnings of a loaded ``pack``; ``doc`` (its parsed file) gives them lines.

    Without ``doc`` a national pack's warnings have no line, and an overlay's are limited to what
    does not need its file.
    """
    out = _Out(pack, doc)
    _unused(out, pack)
    _constant_criteria(out, pack)
    _levels(out, pack)
    _maxima(out, pack)
    _slots(out, pack)
    _citations(out, pack)
    _languages(out)
    return tuple(out.warnings)


def lint_file(path: str | Path, registry: PackRegistry | None = None) -> tuple[Pack, tuple[LintWarning, ...]]:
    """Load the pack file at ``path`` (raises :class:`~antq_rules.errors.PackError`) and lint it."""
    from antq_rules.packs._compile import load_pack_text

    p = Path(path)
    raw = read_bounded(p)
    pack = load_pack_text(raw, str(p), registry)
    doc = parse_yaml(raw, str(p))
    return pack, lint_pack(pack, doc)
