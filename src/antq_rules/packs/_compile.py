"""Load a pack: strict YAML → pydantic schema → cross-reference checks → compiled :class:`Pack`.

Every problem found is collected and reported together in one :class:`~antq_rules.errors.PackError`,
each with file, line and field.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from antq_rules._numbers import (
    NumberBoundError,
    Share,
    bounded_decimal,
    bounded_text,
    check_magnitude,
)
from antq_rules._text import Text, fold
from antq_rules._yaml import YamlDocument, YamlProblems, parse_yaml
from antq_rules.calendar import DayOfYear, WindowSpec
from antq_rules.errors import PackError, Problem
from antq_rules.expressions import (
    SLOT,
    CompiledExpression,
    EventEntry,
    EventList,
    ExpressionError,
    Scope,
    Symbol,
    compile_expression,
)
from antq_rules.packs._cache import CachedPack, cached_pack
from antq_rules.packs._model import (
    Amount,
    Band,
    Cap,
    Citation,
    Condition,
    Constraint,
    Criterion,
    Deadline,
    EventType,
    Exclusion,
    FieldSpec,
    HandScoring,
    Instrument,
    Item,
    LegalValue,
    Level,
    OverlayInfo,
    Pack,
    Parameter,
    Provenance,
    Requirement,
    RollupRule,
    Subject,
    Window,
)
from antq_rules.packs._validated import DeferredModel
from antq_rules.units import UNIT_NAMES, known_unit

if TYPE_CHECKING:
    # Annotations only: a pack whose schema check is in the pack cache is compiled without the schema's
    # models (antq_rules.packs._validated); they are imported where a pack is checked.
    from pydantic import ValidationError

    from antq_rules.packs._schema import (
        AmountModel,
        CitationModel,
        FieldModel,
        PackModel,
        ProvenanceModel,
        TextModel,
    )

__all__ = ["MAX_CRITERIA", "compile_pack", "load_pack_text", "parse_legal_value"]

# Criteria of one pack (or one overlay's extra criteria): bounds the generated evaluation program too.
MAX_CRITERIA = 10_000

_PERCENT = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*%\s*$")


def _t(m: TextModel) -> Text:
    return Text(m.vi, m.en)


def _topt(m: TextModel | None) -> Text | None:
    return None if m is None else Text(m.vi, m.en)


def parse_legal_value(raw: Any) -> Any:
    """Turn a pack value into its exact runtime form.

    >>> parse_legal_value("70%"), parse_legal_value(Decimal("0.5")), parse_legal_value(["a"])
    (Share(7, 10), Fraction(1, 2), frozenset({'a'}))

    Numbers are bounded (:mod:`antq_rules._numbers`) before they are computed; an out-of-bounds number
    raises :class:`~antq_rules._numbers.NumberBoundError`.
    """
    if isinstance(raw, str):
        m = _PERCENT.match(raw)  # linear; the number is bounded below before it is computed
        if m:
            return Share(Fraction(bounded_text(m.group(1))) / 100)
        return raw
    if isinstance(raw, Decimal):
        return bounded_decimal(raw)
    if type(raw) is int:
        check_magnitude(raw)
    if isinstance(raw, list):
        return frozenset(raw)
    return raw


def _provincial(p: Any, default: Any) -> Any:
    """A parameter's ``provincial`` declaration as the values an overlay may choose (see Parameter)."""
    rule = p.provincial
    if rule is None or rule == "open":
        return rule
    if rule.order is not None:
        order = list(rule.order)
        return frozenset(order[order.index(default) :] if default in order else ())
    return frozenset(frozenset(x) if isinstance(x, list) else x for x in rule.allowed or ())


def _unknown_unit(unit: str) -> tuple[str, str]:
    """The message for a unit outside the declared list (units are names, never expressions)."""
    shown = unit if len(unit) <= 40 else unit[:37] + "…"
    known = ", ".join(UNIT_NAMES)
    return f"đơn vị không biết '{shown}' (đơn vị nhận: {known})", f"unknown unit '{shown}' (known units: {known})"


def _value_symbol(value: Any) -> Symbol:
    if isinstance(value, bool):
        return Symbol("bool")
    if isinstance(value, (int, Fraction)):
        return Symbol("number")
    if isinstance(value, date):
        return Symbol("date")
    if isinstance(value, frozenset):
        return Symbol("set", tuple(sorted(value)), literal=True)
    return Symbol("str", (str(value),), literal=True)


def _field_symbol(f: FieldModel) -> Symbol:
    if f.type in ("integer", "decimal"):
        return Symbol("number", unit=f.unit)
    if f.type == "boolean":
        return Symbol("bool")
    if f.type == "date":
        return Symbol("date")
    return Symbol(f.type, tuple(f.choices or ()), f.ordered)


class _Collector:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def add(self, path: Sequence[str | int], vi: str, en: str) -> None:
        self.problems.append(self.doc.problem(Text(vi, en), path))

    def legal(self, raw: Any, path: Sequence[str | int], invalid: Any = SLOT) -> Any:
        """:func:`parse_legal_value`, an out-of-bounds number reported at ``path`` (and read as a slot)."""
        try:
            return parse_legal_value(raw)
        except NumberBoundError as exc:
            self.problems.append(self.doc.problem(exc.text, path))
            return invalid

    def expr(
        self, source: str, scope: Scope, path: Sequence[str | int], expect: str = "bool"
    ) -> CompiledExpression | None:
        try:
            return compile_expression(source, scope, expect)
        except ExpressionError as exc:
            col = f" (cột {exc.column})" if exc.column else ""
            col_en = f" (column {exc.column})" if exc.column else ""
            self.problems.append(
                self.doc.problem(
                    Text(
                        f"biểu thức không hợp lệ{col}: {exc.message.vi} — «{source}»",
                        f"invalid expression{col_en}: {exc.message.en} — «{source}»",
                    ),
                    path,
                )
            )
            return None


@attrs.define
class OverlayMarks:
    """Where each element of a merged pack came from (filled in by the overlay merger)."""

    label: str = "national"
    added: set[tuple[str, str]] = attrs.field(factory=set)  # (section, name)
    replaced: dict[str, Any] = attrs.field(factory=dict)  # "values.x" -> national LegalValue/Parameter
    info: OverlayInfo | None = None
    citations: dict[str, CitationModel] = attrs.field(factory=dict)  # "parameters.x" -> the overlay's citation

    def origin_of(self, section: str, name: str) -> str:
        return "provincial" if (section, name) in self.added else "national"


def _amount(
    c: _Collector, m: AmountModel, slot: str, path: Sequence[str | int], prov: Any, cite: Any, marks: OverlayMarks
) -> Amount:
    value = None if m.value is None else c.legal(m.value, [*path, "value"], None)
    return Amount(
        slot,
        value,
        prov(m.provenance, [*path, "provenance"]),
        cite(m.citation) if m.citation else None,
        marks.origin_of("amounts", slot),
    )


def _compile_scoring(
    model: PackModel,
    c: _Collector,
    scope: Scope,
    cite: Any,
    prov: Any,
    subjects: dict[str, Subject],
    marks: OverlayMarks,
    subject_indicators_ok: Any,
) -> dict[str, Any]:
    """Compile ``scoring``, ``levels`` and ``caps``; check maxima against the total and band edges."""
    sc = model.scoring
    if sc is None or model.levels is None:
        return {}
    total = _amount(c, sc.total, "scoring.total", ["scoring", "total"], prov, cite, marks)

    def item(m: Any, path: list[str | int], kind: str) -> Item | None:
        for j, s in enumerate(m.subjects):
            if s not in subjects:
                c.add([*path, "subjects", j], f"không có đối tượng '{s}'", f"unknown subject '{s}'")
        num = scope  # expressions of items see the same names as criteria
        check = c.expr(m.check, num, [*path, "check"]) if m.check else None
        share = c.expr(m.share, num, [*path, "share"], expect="number") if m.share else None
        bands = []
        for j, b in enumerate(m.bands or ()):
            when = c.expr(b.when, num, [*path, "bands", j, "when"])
            pts = _amount(
                c, b.points, f"scoring.items.{m.id}.bands[{j}].points", [*path, "bands", j, "points"], prov, cite, marks
            )
            if when is not None:
                bands.append(Band(when, pts))
        mx = _amount(c, m.max, f"scoring.items.{m.id}.max", [*path, "max"], prov, cite, marks)
        for j, band in enumerate(bands):
            if band.points.known and mx.known and band.points.value > mx.value:
                c.add(
                    [*path, "bands", j, "points"],
                    "điểm của mức lớn hơn điểm tối đa",
                    "band points exceed the item's max",
                )
        exprs = [e for e in (check, share, *(b.when for b in bands)) if e is not None]
        for e in exprs:
            subject_indicators_ok(e, m.subjects, [*path, "subjects"])
        hand = None
        if m.hand_scoring is not None:
            hs = m.hand_scoring
            step = c.legal(hs.step, [*path, "hand_scoring", "step"], None)
            if step is not None and mx.known and (Fraction(mx.value) / Fraction(step)).denominator != 1:
                c.add(
                    [*path, "hand_scoring", "step"],
                    f"điểm tối đa {mx.value} không chia hết cho bước {step}: không chấm tay được đủ điểm",
                    f"the maximum {mx.value} is not a multiple of the step {step}: full marks cannot be given by hand",
                )
            hand = HandScoring(
                step,
                cite(hs.citation),
                prov(hs.provenance, [*path, "hand_scoring", "provenance"]),
                _topt(hs.note),
                marks.origin_of("hand_scoring", m.id),
            )
        return Item(
            id=m.id,
            subjects=frozenset(m.subjects),
            citation=cite(m.citation),
            title=_t(m.title),
            description=_t(m.description),
            max=mx,
            method=m.method,
            check=check,
            bands=tuple(bands),
            share=share,
            group=_topt(m.group),
            kind=kind,
            provenance=prov(m.provenance, [*path, "provenance"]) if m.provenance else None,
            origin=marks.origin_of("items", m.id),
            indicators=tuple(sorted({n for e in exprs for n in e.indicators})),
            hand_scoring=hand,
        )

    seen: set[str] = {cm.id for cm in model.criteria}
    items, adjustments = [], []
    for i, m in enumerate(sc.items):
        if m.id in seen:
            c.add(["scoring", "items", i, "id"], f"trùng mã '{m.id}'", f"duplicate id '{m.id}'")
        seen.add(m.id)
        it = item(m, ["scoring", "items", i], "item")
        if it is not None:
            items.append(it)
    for i, m in enumerate(sc.adjustments):
        if m.id in seen:
            c.add(["scoring", "adjustments", i, "id"], f"trùng mã '{m.id}'", f"duplicate id '{m.id}'")
        seen.add(m.id)
        it = item(m, ["scoring", "adjustments", i], m.kind)
        if it is not None:
            adjustments.append(it)
    if total.known:
        for s in subjects:
            mine = [it for it in items if s in it.subjects]
            if not mine:
                c.add(
                    ["scoring", "items"],
                    f"đối tượng '{s}' không có mục chấm điểm nào",
                    f"subject '{s}' has no scoring item",
                )
                continue
            known = sum((it.max.value for it in mine if it.max.known), Fraction(0))
            if all(it.max.known for it in mine) and known != total.value:
                c.add(
                    ["scoring", "items"],
                    f"tổng điểm tối đa các mục của '{s}' là {known}, khác tổng {total.value}",
                    f"the item maxima of '{s}' add up to {known}, not the declared total {total.value}",
                )
            elif known > total.value:
                c.add(
                    ["scoring", "items"],
                    f"điểm tối đa đã biết của '{s}' ({known}) vượt tổng {total.value}",
                    f"the known item maxima of '{s}' ({known}) exceed the declared total {total.value}",
                )

    levels = []
    level_ids: list[str] = []
    for i, lv in enumerate(model.levels):
        path: list[str | int] = ["levels", i]
        if lv.id in level_ids:
            c.add([*path, "id"], f"trùng mức '{lv.id}'", f"duplicate level '{lv.id}'")
        level_ids.append(lv.id)
        conds = []
        for j, cm in enumerate(lv.conditions):
            if cm.id in seen:
                c.add([*path, "conditions", j, "id"], f"trùng mã '{cm.id}'", f"duplicate id '{cm.id}'")
            seen.add(cm.id)
            when = c.expr(cm.when, scope, [*path, "conditions", j, "when"])
            if when is not None:
                conds.append(
                    Condition(
                        cm.id,
                        when,
                        _t(cm.description),
                        cite(cm.citation) if cm.citation else None,
                        prov(cm.provenance, [*path, "conditions", j, "provenance"]) if cm.provenance else None,
                        marks.origin_of("conditions", cm.id),
                    )
                )
        levels.append(
            Level(
                lv.id,
                _t(lv.name),
                _amount(c, lv.min, f"levels.{lv.id}.min", [*path, "min"], prov, cite, marks),
                _amount(c, lv.max, f"levels.{lv.id}.max", [*path, "max"], prov, cite, marks),
                tuple(conds),
                _topt(lv.description),
            )
        )
    # band edges: start at 0, end at the total, each level ending where the next begins
    if levels:
        if levels[0].min.known and levels[0].min.value != 0:
            c.add(["levels", 0, "min"], "mức thấp nhất phải bắt đầu từ 0", "the lowest level must start at 0")
        if levels[-1].max.known and total.known and levels[-1].max.value != total.value:
            c.add(
                ["levels", len(levels) - 1, "max"],
                "mức cao nhất phải kết thúc ở tổng điểm",
                "the top level must end at the total",
            )
        for i, level in enumerate(levels):
            if level.min.known and level.max.known and level.min.value >= level.max.value:
                c.add(["levels", i], "mức có cận dưới không nhỏ hơn cận trên", "a level's min is not below its max")
            if i + 1 < len(levels):
                nxt = levels[i + 1]
                if level.max.known and nxt.min.known and level.max.value != nxt.min.value:
                    kind = ("chồng lấn", "overlap") if level.max.value > nxt.min.value else ("khoảng trống", "gap")
                    c.add(
                        ["levels", i + 1, "min"],
                        f"{kind[0]} giữa mức '{level.id}' và '{nxt.id}' ({level.max.value} ≠ {nxt.min.value})",
                        f"{kind[1]} between levels '{level.id}' and '{nxt.id}' ({level.max.value} ≠ {nxt.min.value})",
                    )
    caps = []
    for i, cp in enumerate(model.caps):
        if cp.id in seen:
            c.add(["caps", i, "id"], f"trùng mã '{cp.id}'", f"duplicate id '{cp.id}'")
        seen.add(cp.id)
        if cp.max_level not in level_ids:
            c.add(["caps", i, "max_level"], f"không có mức '{cp.max_level}'", f"unknown level '{cp.max_level}'")
        when = c.expr(cp.when, scope, ["caps", i, "when"])
        if when is not None:
            caps.append(
                Cap(
                    cp.id,
                    when,
                    cp.max_level,
                    _t(cp.description),
                    cite(cp.citation) if cp.citation else None,
                    prov(cp.provenance, ["caps", i, "provenance"]) if cp.provenance else None,
                    marks.origin_of("caps", cp.id),
                )
            )
    return {
        "total": total,
        "items": tuple(items),
        "adjustments": tuple(adjustments),
        "levels": tuple(levels),
        "caps": tuple(caps),
    }


def _pydantic_problems(doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = [("schema" if p == "schema_" else p) for p in err["loc"]]
        # pydantic adds the tagged-union / validator names into loc; keep the ones that are keys
        path: list[str | int] = [p for p in loc if isinstance(p, (str, int))]
        msg = err["msg"]
        kind = err["type"]
        if kind == "extra_forbidden":
            vi, en = f"khoá không được phép '{path[-1]}'", f"unknown key '{path[-1]}'"
        elif kind == "missing":
            vi, en = f"thiếu trường bắt buộc '{path[-1]}'", f"missing required field '{path[-1]}'"
        else:
            vi, en = f"giá trị không hợp lệ: {msg}", f"invalid value: {msg}"
        out.append(doc.problem(Text(vi, en), path))
    return out


def load_pack_text(text: str | bytes, file: str, registry: Any = None, *, cache: bool = False) -> Pack:
    """Load a pack from its YAML text; ``file`` is the name used in errors and in results.

    A pack that ``extends`` another (a province overlay) takes its base from ``registry`` (by default
    the shipped packs). With ``cache``, the parsed YAML may come from (and goes to) the pack cache
    (:mod:`antq_rules.packs._cache`; pack files loaded by path use it).
    """
    if not isinstance(text, (str, bytes)) or not isinstance(file, str):
        wrong = Text(
            "cần văn bản của gói (str hoặc bytes) và tên tệp (str)",
            "expected the pack's text (str or bytes) and a file name (str)",
        )
        raise PackError([Problem(wrong, file=file if isinstance(file, str) else None)])
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        cached = cached_pack(raw, file) if cache else None
        doc = cached.doc if cached is not None else parse_yaml(raw, file)
    except YamlProblems as exc:
        raise PackError(exc.problems) from None
    if not isinstance(doc.data, dict):
        raise PackError([Problem(Text("gói phải là một bảng khoá–giá trị", "a pack must be a mapping"), file=file)])
    added = doc.data.get("add")
    for where, listed in (
        ("criteria", doc.data.get("criteria")),
        ("add.criteria", added.get("criteria") if isinstance(added, dict) else None),
    ):
        if isinstance(listed, list) and len(listed) > MAX_CRITERIA:
            too_many = Text(
                f"gói có {len(listed)} tiêu chí, tối đa {MAX_CRITERIA}",
                f"the pack has {len(listed)} criteria, at most {MAX_CRITERIA}",
            )
            raise PackError([doc.problem(too_many, where.split("."))])
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    if "extends" in doc.data:
        return _load_overlay(doc, digest, registry, cached)
    if cached is not None and cached.checked is not None:
        # what the schema gave when this very file was loaded before (the cache's key says so)
        return compile_pack(cached.checked, doc, digest, model_source=DeferredModel(doc.data))
    from pydantic import ValidationError

    from antq_rules.packs._schema import PackModel

    try:
        model = PackModel.model_validate(doc.data)
    except ValidationError as exc:
        problems = _pydantic_problems(doc, exc)
        # Report reference and expression problems too: set the broken parts aside and go on.
        raise PackError([*problems, *_problems_beyond_schema(doc, exc, digest)]) from None
    pack = compile_pack(model, doc, digest)
    if cached is not None:
        cached.remember(model)
    return pack


def _prune(data: Any, loc: Sequence[Any], extra: bool, names: set[str]) -> bool:
    """Remove the part of ``data`` an error points at (a key, or the list item / entry holding it)."""
    if len(loc) < 2 and not extra:
        return False
    target = list(loc) if extra else list(loc[:2])
    if not extra and isinstance(target[-1], str):
        names.add(target[-1])
    node = data
    for part in target[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    last = target[-1]
    if isinstance(node, dict) and last in node:
        del node[last]
        return True
    if isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node):
        node[last] = None  # keep indexes stable; removed below
        return True
    return False


def _problems_beyond_schema(doc: YamlDocument, exc: ValidationError, digest: str) -> list[Problem]:
    import copy

    from pydantic import ValidationError

    from antq_rules.packs._schema import PackModel

    data = copy.deepcopy(doc.data)
    names: set[str] = set()  # names set aside: problems that only follow from that are not repeated
    error: ValidationError | None = exc
    for _ in range(5):
        assert error is not None
        pruned = False
        for err in error.errors(include_url=False):
            loc = ["schema" if p == "schema_" else p for p in err["loc"] if isinstance(p, (str, int))]
            pruned |= _prune(data, loc, err["type"] == "extra_forbidden", names)
        if not pruned:
            return []
        for key, value in list(data.items()):
            if isinstance(value, list):
                data[key] = [v for v in value if v is not None]
        try:
            model = PackModel.model_validate(data)
        except ValidationError as again:
            error = again
            continue
        try:
            compile_pack(model, doc, digest)
        except PackError as more:
            return [
                p for p in more.problems if not any(f"'{n}'" in p.message.en or f".{n}'" in p.message.en for n in names)
            ]
        return []
    return []


def _load_overlay(doc: YamlDocument, digest: str, registry: Any, cached: CachedPack | None) -> Pack:
    from antq_rules.errors import EvaluationError
    from antq_rules.packs._overlay import build_overlay, overlay_from_record
    from antq_rules.packs._registry import PackRegistry

    ext = doc.data.get("extends")
    if not isinstance(ext, dict) or not isinstance(ext.get("pack"), str) or not isinstance(ext.get("version"), str):
        raise PackError(
            [doc.problem(Text("extends cần {pack, version}", "extends needs {pack, version}"), ["extends"])]
        )
    reg = registry if registry is not None else PackRegistry.shipped()
    try:
        base = reg.get(ext["pack"], ext["version"])
    except EvaluationError as exc:
        raise PackError([doc.problem(exc.message, ["extends"])]) from None
    if cached is not None and cached.checked is not None:
        pack = overlay_from_record(doc, base, digest, cached.checked)
        if pack is not None:
            return pack
        cached.checked = None  # made over another base: merged again below, and stored anew
    return build_overlay(doc, base, digest, cached.remember if cached is not None else None)


def compile_instrument(ins: Any) -> Instrument:
    """The runtime :class:`Instrument` of a validated ``instrument:`` section (packs and plans)."""
    return Instrument(
        ins.number,
        _t(ins.type),
        _t(ins.title),
        ins.issued,
        _t(ins.issuer),
        ins.signer,
        ins.effective_from,
        tuple(ins.replaces),
        tuple(a.model_dump(mode="json") for a in ins.amendments),
    )


def compile_pack(
    model: PackModel, doc: Any, content_hash: str, marks: OverlayMarks | None = None, *, model_source: Any = None
) -> Pack:
    """Check every cross-reference of a schema-valid pack and compile its expressions.

    ``model`` is the validated PackModel, or the same data as :class:`~antq_rules.packs._validated.CheckedData`
    from the pack cache; then ``model_source`` (a :class:`~antq_rules.packs._validated.DeferredModel`)
    gives the pack its PackModel when first asked.
    """
    c = _Collector(doc)
    marks = marks or OverlayMarks()
    instrument_no = model.instrument.number

    def cite(m: CitationModel) -> Citation:
        return Citation(m.instrument or instrument_no, m.article, m.clause, m.point, _topt(m.text))

    def prov(m: ProvenanceModel, path: Sequence[str | int]) -> Provenance:
        for i, s in enumerate(m.sources):
            if s not in model.sources:
                c.add([*path, "sources", i], f"không có nguồn '{s}'", f"unknown source '{s}'")
        return Provenance(m.status, tuple(m.sources), _topt(m.note))

    # windows ----------------------------------------------------------------------------------
    windows = {
        wid: Window(
            wid,
            _t(w.name),
            WindowSpec(
                DayOfYear(w.start.month, w.start.day, w.start.year_offset),
                DayOfYear(w.end.month, w.end.day, w.end.year_offset),
            ),
            cite(w.citation) if w.citation else None,
            prov(w.provenance, ["windows", wid, "provenance"]),
        )
        for wid, w in model.windows.items()
    }
    if "evaluation" in windows:
        c.add(["windows", "evaluation"], "'evaluation' là tên dành riêng", "'evaluation' is a reserved window name")

    # subjects -----------------------------------------------------------------------------------
    subjects: dict[str, Subject] = {}
    all_kinds: dict[str, str] = {}
    for i, s in enumerate(model.subjects):
        if s.id in subjects:
            c.add(["subjects", i, "id"], f"trùng mã đối tượng '{s.id}'", f"duplicate subject id '{s.id}'")
        if s.window not in windows:
            c.add(["subjects", i, "window"], f"không có mốc thời gian '{s.window}'", f"unknown window '{s.window}'")
        for k in s.kinds:
            if k in all_kinds:
                c.add(
                    ["subjects", i, "kinds", k],
                    f"loại '{k}' đã thuộc đối tượng '{all_kinds[k]}'",
                    f"kind '{k}' already belongs to subject '{all_kinds[k]}'",
                )
            all_kinds[k] = s.id
        subjects[s.id] = Subject(s.id, _t(s.name), {k: _t(v) for k, v in s.kinds.items()}, s.window, cite(s.citation))

    def check_subjects(ids: Iterable[str], path: Sequence[str | int]) -> None:
        for j, sid in enumerate(ids):
            if sid not in subjects:
                c.add([*path, j], f"không có đối tượng '{sid}'", f"unknown subject '{sid}'")

    # fields -------------------------------------------------------------------------------------
    def field_spec(name: str, f: FieldModel, path: Sequence[str | int], **extra: Any) -> FieldSpec:
        if f.unit is not None and not known_unit(f.unit):
            c.add([*path, "unit"], *_unknown_unit(f.unit))
        if f.within is not None and f.within != "evaluation" and f.within not in windows:
            c.add([*path, "within"], f"không có mốc thời gian '{f.within}'", f"unknown window '{f.within}'")
        default = f.default
        if default is not None:
            if f.required:
                c.add(
                    [*path, "default"],
                    "chỉ trường không bắt buộc mới có mặc định",
                    "only a field with required: false may have a default",
                )
            bad = (
                (f.type == "boolean" and not isinstance(default, bool))
                or (
                    f.type in ("integer", "decimal")
                    and (isinstance(default, bool) or not isinstance(default, (int, Decimal)))
                )
                or (f.type == "enum" and default not in (f.choices or {}))
            )
            if bad:
                c.add([*path, "default"], "giá trị mặc định sai kiểu", "the default does not match the type")
            default = c.legal(default, [*path, "default"], None)
        return FieldSpec(
            name=name,
            type=f.type,
            description=_t(f.description),
            label=None if f.label is None else _t(f.label),
            unit=f.unit,
            min=None if f.min is None else c.legal(f.min, [*path, "min"], None),
            max=None if f.max is None else c.legal(f.max, [*path, "max"], None),
            choices={k: _t(v) for k, v in f.choices.items()} if f.choices else None,
            ordered=f.ordered,
            within=f.within,
            required=f.required,
            default=default,
            **extra,
        )

    indicators: dict[str, FieldSpec] = {}
    for name, ind in model.indicators.items():
        path: list[str | int] = ["indicators", name]
        if ind.subjects is not None:
            check_subjects(ind.subjects, [*path, "subjects"])
        indicators[name] = field_spec(
            name,
            ind,
            path,
            subjects=None if ind.subjects is None else frozenset(ind.subjects),
            previous_year=ind.previous_year,
        )
    _check_labels(model, c)

    event_types = {
        tid: EventType(
            tid,
            _t(t.name),
            {fname: field_spec(fname, f, ["event_types", tid, "fields", fname]) for fname, f in t.fields.items()},
        )
        for tid, t in model.event_types.items()
    }
    for tid in event_types:
        for reserved in ("type", "date", "id"):
            if reserved in model.event_types[tid].fields:
                c.add(
                    ["event_types", tid, "fields", reserved],
                    f"'{reserved}' là tên dành riêng",
                    f"'{reserved}' is a reserved field name",
                )

    # values and parameters --------------------------------------------------------------------------
    values: dict[str, LegalValue] = {}
    for name, v in model.values.items():
        if v.unit is not None and not known_unit(v.unit):
            c.add(["values", name, "unit"], *_unknown_unit(v.unit))
        if (
            v.bound in ("min", "max")
            and v.value is not None
            and not isinstance(c.legal(v.value, ["values", name, "value"]), (int, Fraction, type(SLOT)))
        ):
            c.add(
                ["values", name, "bound"], "bound min/max chỉ dùng cho giá trị số", "bound min/max is only for numbers"
            )
        if v.bound == "superset" and v.value is not None and not isinstance(v.value, list):
            c.add(
                ["values", name, "bound"], "bound superset chỉ dùng cho danh sách", "bound superset is only for lists"
            )
        unit = v.unit
        if unit is None and isinstance(v.value, str) and _PERCENT.match(v.value):
            unit = "percent"
        values[name] = LegalValue(
            name,
            SLOT if v.value is None else c.legal(v.value, ["values", name, "value"]),
            unit,
            cite(v.citation) if v.citation else None,
            prov(v.provenance, ["values", name, "provenance"]),
            _t(v.description),
            bound=v.bound,
            origin=marks.origin_of("values", name),
            replaced=marks.replaced.get("values." + name),
        )
    parameters: dict[str, Parameter] = {}
    param_syms: dict[str, Symbol] = {}
    for name, p in model.parameters.items():
        choices = {k: _t(t) for k, t in (p.choices or {}).items()}
        default = frozenset(p.default) if p.type == "set" else p.default
        parameters[name] = Parameter(
            name,
            p.type,
            choices or None,
            default,
            _t(p.description),
            prov(p.provenance, ["parameters", name, "provenance"]),
            origin=marks.origin_of("parameters", name),
            replaced=marks.replaced.get("parameters." + name),
            provincial=_provincial(p, default),
            citation=cite(marks.citations["parameters." + name]) if "parameters." + name in marks.citations else None,
        )
        param_syms[name] = Symbol("bool") if p.type == "boolean" else Symbol(p.type, tuple(choices))

    base_scope = Scope(
        indicators={n: _field_symbol(model.indicators[n]) for n in indicators},
        prev_allowed=frozenset(n for n, i in indicators.items() if i.previous_year),
        law={n: Symbol("any") if v.value is SLOT else _value_symbol(v.value) for n, v in values.items()},
        params=param_syms,
        windows=frozenset(windows),
    )
    requirements = []
    dep_syms: dict[str, Symbol] = {}
    for i, rq in enumerate(model.requires):
        if rq.id in dep_syms:
            c.add(["requires", i, "id"], f"trùng mã '{rq.id}'", f"duplicate requirement id '{rq.id}'")
        if rq.pack == model.id:
            c.add(["requires", i, "pack"], "gói không thể phụ thuộc chính nó", "a pack cannot require itself")
        dep_syms[rq.id] = Symbol("enum", tuple(rq.outcomes), ordered=True)
        requirements.append(
            Requirement(
                rq.id,
                rq.pack,
                rq.year_offset,
                tuple(rq.outcomes),
                cite(rq.citation) if rq.citation else None,
                _topt(rq.description),
            )
        )

    rollups = _rollups(model, indicators, c, cite)

    # event lists ------------------------------------------------------------------------------------
    event_lists: dict[str, EventList] = {}
    for lid, lst in model.event_lists.items():
        entries = []
        points_seen: set[str] = set()
        for j, e in enumerate(lst.entries):
            path = ["event_lists", lid, "entries", j]
            if e.point in points_seen:
                c.add([*path, "point"], f"trùng điểm '{e.point}'", f"duplicate point '{e.point}'")
            points_seen.add(e.point)
            field_syms: dict[str, Symbol] | None = None
            for ti, t in enumerate(e.types):
                if t not in event_types:
                    c.add([*path, "types", ti], f"không có loại sự kiện '{t}'", f"unknown event type '{t}'")
                    continue
                syms = {f: _field_symbol(model.event_types[t].fields[f]) for f in model.event_types[t].fields}
                # a field is usable only if every type of the entry has it with the same type
                field_syms = syms if field_syms is None else {f: s for f, s in field_syms.items() if syms.get(f) == s}
            ev_scope = Scope(params=param_syms, law=base_scope.law, event_fields=field_syms or {})
            where = c.expr(e.where, ev_scope, [*path, "where"]) if e.where else None
            excused = c.expr(e.excused_when, ev_scope, [*path, "excused_when"]) if e.excused_when else None
            entries.append(
                EventEntry(
                    point=e.point,
                    types=frozenset(e.types),
                    description=_t(e.description),
                    where=where.fn if where else None,
                    where_text=e.where,
                    excused_when=excused.fn if excused else None,
                    excused_text=e.excused_when,
                    excuse=_topt(e.excuse),
                    where_expr=where,
                    excused_expr=excused,
                )
            )
        event_lists[lid] = EventList(lid, _t(lst.name), cite(lst.citation), tuple(entries))

    scope = Scope(
        indicators=base_scope.indicators,
        prev_allowed=base_scope.prev_allowed,
        law=base_scope.law,
        params=param_syms,
        windows=base_scope.windows,
        lists=event_lists,
        deps=dep_syms,
    )

    def subject_indicators_ok(expr: CompiledExpression, subj: Iterable[str], path: Sequence[str | int]) -> None:
        for n in expr.indicators:
            allowed = indicators[n].subjects
            if allowed is None:
                continue
            for s in subj:
                if s not in allowed:
                    c.add(
                        path,
                        f"chỉ số '{n}' không khai báo cho đối tượng '{s}'",
                        f"indicator '{n}' is not declared for subject '{s}'",
                    )

    # exclusions -------------------------------------------------------------------------------------
    exclusions = []
    seen_ids: set[str] = set()
    for i, ex in enumerate(model.exclusions):
        path = ["exclusions", i]
        if ex.subject not in subjects:
            c.add([*path, "subject"], f"không có đối tượng '{ex.subject}'", f"unknown subject '{ex.subject}'")
        if ex.id in seen_ids:
            c.add([*path, "id"], f"trùng mã '{ex.id}'", f"duplicate id '{ex.id}'")
        seen_ids.add(ex.id)
        when = c.expr(ex.when, scope, [*path, "when"])
        kept = c.expr(ex.kept_when, scope, [*path, "kept_when"]) if ex.kept_when is not None else None
        if kept is not None:
            subject_indicators_ok(kept, [ex.subject], [*path, "kept_when"])
        if when is not None:
            subject_indicators_ok(when, [ex.subject], [*path, "when"])
            exclusions.append(
                Exclusion(ex.id, ex.subject, when, _t(ex.reason), cite(ex.citation), kept, _topt(ex.kept_reason))
            )

    # constraints ------------------------------------------------------------------------------------
    constraints = []
    for i, con in enumerate(model.constraints):
        expr = c.expr(con.check, scope, ["constraints", i, "check"])
        if con.id in seen_ids:
            c.add(["constraints", i, "id"], f"trùng mã '{con.id}'", f"duplicate id '{con.id}'")
        seen_ids.add(con.id)
        if expr is not None:
            constraints.append(Constraint(con.id, expr, _t(con.message), frozenset(expr.indicators)))

    # criteria ---------------------------------------------------------------------------------------
    by_id = {}
    for i, cm in enumerate(model.criteria):
        if cm.id in by_id or cm.id in seen_ids:
            c.add(["criteria", i, "id"], f"trùng mã tiêu chí '{cm.id}'", f"duplicate criterion id '{cm.id}'")
        by_id[cm.id] = (i, cm)
    criteria = []
    for i, cm in enumerate(model.criteria):
        cpath: list[str | int] = ["criteria", i]
        check_subjects(cm.subjects, [*cpath, "subjects"])
        check_src, check_path, reused = cm.check, [*cpath, "check"], None
        applies_src = cm.applies_when
        na_reason = _topt(cm.not_applicable_reason)
        if cm.same_check_as is not None:
            target = by_id.get(cm.same_check_as)
            if target is None:
                c.add(
                    [*cpath, "same_check_as"],
                    f"không có tiêu chí '{cm.same_check_as}'",
                    f"unknown criterion '{cm.same_check_as}'",
                )
                continue
            ti, tm = target
            if tm.same_check_as is not None:
                c.add(
                    [*cpath, "same_check_as"],
                    "không dùng lại một tiêu chí cũng đang dùng lại",
                    "cannot re-use a criterion that itself re-uses another",
                )
                continue
            check_src, check_path, reused = tm.check, ["criteria", ti, "check"], tm.id
            if applies_src is None and tm.applies_when is not None:
                applies_src, na_reason = tm.applies_when, _topt(tm.not_applicable_reason)
        assert check_src is not None
        check = c.expr(check_src, scope, check_path)
        applies = c.expr(applies_src, scope, [*cpath, "applies_when"]) if applies_src else None
        if check is None or (applies_src and applies is None):
            continue
        subject_indicators_ok(check, cm.subjects, [*cpath, "subjects"])
        if applies is not None:
            subject_indicators_ok(applies, cm.subjects, [*cpath, "subjects"])
        exprs = [e for e in (applies, check) if e is not None]
        criteria.append(
            Criterion(
                id=cm.id,
                subjects=frozenset(cm.subjects),
                citation=cite(cm.citation),
                title=_t(cm.title),
                description=_t(cm.description),
                check=check,
                applies_when=applies,
                not_applicable_reason=na_reason,
                reused_from=reused,
                origin=marks.origin_of("criteria", cm.id),
                provenance=prov(cm.provenance, [*cpath, "provenance"]) if cm.provenance else None,
                indicators=tuple(sorted({n for e in exprs for n in e.indicators})),
                prev_indicators=tuple(sorted({n for e in exprs for n in e.prev_indicators})),
                law=tuple(sorted({n for e in exprs for n in e.law})),
                params=tuple(sorted({n for e in exprs for n in e.params})),
            )
        )
    if model.kind == "standard":
        for sid in subjects:
            if not any(sid in cm.subjects for cm in model.criteria):
                c.add(["subjects"], f"đối tượng '{sid}' không có tiêu chí nào", f"subject '{sid}' has no criteria")

    scored = _compile_scoring(model, c, scope, cite, prov, subjects, marks, subject_indicators_ok)
    _check_provenance_strength(model, c, criteria, scored, values, parameters, windows, event_lists, marks)
    deadlines = tuple(
        Deadline(
            d.id,
            None if d.subjects is None else frozenset(d.subjects),
            d.kind,
            DayOfYear(d.date.month, d.date.day, d.date.year_offset),
            d.before,
            _t(d.name),
            cite(d.citation) if d.citation else None,
            prov(d.provenance, ["deadlines", i, "provenance"]),
        )
        for i, d in enumerate(model.deadlines)
    )
    for i, d in enumerate(model.deadlines):
        check_subjects(d.subjects or (), ["deadlines", i, "subjects"])

    outcome = model.outcome
    if c.problems:
        raise PackError(c.problems)
    ins = model.instrument
    return Pack(
        id=model.id,
        version=model.version,
        kind=model.kind,
        title=_t(model.title),
        effective_from=model.effective_from,
        effective_to=model.effective_to,
        instrument=compile_instrument(ins),
        sources={k: s.model_dump(mode="json") for k, s in model.sources.items()},
        subjects=subjects,
        exclusions=tuple(exclusions),
        windows=windows,
        indicators=indicators,
        event_types=event_types,
        event_lists=event_lists,
        constraints=tuple(constraints),
        values=values,
        parameters=parameters,
        criteria=tuple(criteria),
        outcome_labels={k: _t(v) for k, v in outcome.labels.items()} if outcome else {},
        outcome_citation=cite(outcome.citation) if outcome else None,
        extra_criteria=outcome.extra_criteria.model_dump(mode="json") if outcome and outcome.extra_criteria else None,
        content_hash=content_hash,
        file=doc.file,
        requires=tuple(requirements),
        rollups=rollups,
        deadlines=deadlines,
        overlay=marks.info,
        model=model if model_source is None else model_source,
        **scored,
    )


def _rollups(
    model: Any, indicators: dict[str, FieldSpec], c: _Collector, cite: Callable[[CitationModel], Citation]
) -> tuple[RollupRule, ...]:
    """Check and compile the pack's roll-up declarations (indicators a population run derives)."""
    subjects = {s.id for s in model.subjects}
    if model.kind == "standard":
        outcomes = {"pass", "fail"}
    else:
        outcomes = {lv.id for lv in model.levels or ()} | {"incomplete", "not_eligible"}
    out = []
    edges: dict[str, set[str]] = {}
    for name, r in model.rollups.items():
        path: list[str | int] = ["rollups", name]
        spec = indicators.get(name)
        if spec is None:
            c.add(path, f"không có chỉ số '{name}'", f"no indicator '{name}' to derive")
        elif spec.type != "integer":
            c.add(path, f"chỉ số '{name}' phải là số nguyên", f"indicator '{name}' must be an integer to be counted")
        elif spec.subjects is not None and r.subject not in spec.subjects:
            c.add(
                [*path, "subject"],
                f"chỉ số '{name}' không dùng cho '{r.subject}'",
                f"indicator '{name}' does not apply to '{r.subject}'",
            )
        if r.subject not in subjects:
            c.add([*path, "subject"], f"không có đối tượng '{r.subject}'", f"unknown subject '{r.subject}'")
        for j, m in enumerate(r.members):
            if m not in subjects:
                c.add([*path, "members", j], f"không có đối tượng '{m}'", f"unknown subject '{m}'")
            elif m == r.subject:
                c.add(
                    [*path, "members", j],
                    "đối tượng không thể là thành viên của chính nó",
                    "a subject cannot be its own member",
                )
        edges.setdefault(r.subject, set()).update(r.members)
        count = r.count
        kind, outs, member_ind, equals = "in_scope", frozenset[str](), None, None
        if not isinstance(count, str):
            if count.outcome is not None:
                kind, outs = "outcome", frozenset(count.outcome)
                for j, o in enumerate(count.outcome):
                    if o not in outcomes:
                        c.add(
                            [*path, "count", "outcome", j],
                            f"kết quả '{o}' không có (có: {', '.join(sorted(outcomes))})",
                            f"unknown outcome '{o}' (known: {', '.join(sorted(outcomes))})",
                        )
            else:
                kind, member_ind, equals = "indicator", count.indicator, count.equals
                mspec = indicators.get(str(member_ind))
                if mspec is None:
                    c.add(
                        [*path, "count", "indicator"],
                        f"không có chỉ số '{member_ind}'",
                        f"unknown indicator '{member_ind}'",
                    )
                else:
                    if mspec.subjects is not None and not set(r.members) <= mspec.subjects:
                        c.add(
                            [*path, "count", "indicator"],
                            f"chỉ số '{member_ind}' không dùng cho mọi đối tượng thành viên",
                            f"indicator '{member_ind}' does not apply to every member subject",
                        )
                    ok = (
                        isinstance(equals, bool)
                        if mspec.type == "boolean"
                        else isinstance(equals, str) and equals in (mspec.choices or {})
                        if mspec.type == "enum"
                        else False
                    )
                    if not ok:
                        c.add(
                            [*path, "count", "equals"],
                            "chỉ so sánh được với một giá trị đúng/sai hoặc một lựa chọn của chỉ số",
                            "'equals' must be true/false (boolean indicator) or one of the indicator's choices (enum)",
                        )
        out.append(
            RollupRule(
                indicator=name,
                subject=r.subject,
                members=frozenset(r.members),
                count=kind,
                description=_t(r.description),
                outcomes=outs,
                member_indicator=member_ind,
                equals=equals,
                citation=None if r.citation is None else cite(r.citation),
            )
        )

    # an aggregating subject cannot (through other roll-ups) be a member of itself
    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for m in edges.get(start, ()):
            if m == goal:
                return True
            if m not in seen:
                seen.add(m)
                if reaches(m, goal, seen):
                    return True
        return False

    for subj in edges:
        if reaches(subj, subj, set()):
            c.add(
                ["rollups"], f"vòng lặp thành viên qua đối tượng '{subj}'", f"membership cycle through subject '{subj}'"
            )
            break
    return tuple(out)


_STRENGTH = {"confirmed": 0, "secondary": 1, "interpretation": 2, "illustrative": 3, "unknown": 4}
_STATUS_VI = {
    "confirmed": "đã xác nhận",
    "secondary": "nguồn thứ cấp",
    "interpretation": "cách hiểu",
    "illustrative": "minh hoạ",
    "unknown": "chưa biết",
}
_KIND_VI = {"value": "giá trị", "parameter": "tham số", "window": "mốc thời gian"}


def _list_entries(expr: CompiledExpression, event_lists: dict[str, EventList]) -> list[EventEntry]:
    """The event-list entries an expression's ``count_events`` calls can count (``points=`` honoured)."""
    import ast

    if not expr.lists:  # names no list (most expressions): nothing to look for in its tree
        return []
    out: list[EventEntry] = []
    tree = expr.syntax[0] if expr.syntax is not None else None
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)] if tree is not None else []
    seen = False
    for call in calls:
        if not (isinstance(call.func, ast.Name) and call.func.id == "count_events" and call.args):
            continue
        first = call.args[0]
        if not (isinstance(first, ast.Attribute) and first.attr in event_lists):
            continue
        seen = True
        points: set[str] | None = None
        for kw in call.keywords:
            if kw.arg == "points" and isinstance(kw.value, (ast.List, ast.Tuple, ast.Set)):
                points = {e.value for e in kw.value.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        out.extend(e for e in event_lists[first.attr].entries if points is None or e.point in points)
    if not seen:  # no tree to read: every entry of every list the expression names
        out = [e for lid in expr.lists for e in event_lists[lid].entries]
    return out


def _check_provenance_strength(
    model: Any,
    c: _Collector,
    criteria: Sequence[Criterion],
    scored: dict[str, Any],
    values: dict[str, LegalValue],
    parameters: dict[str, Parameter],
    windows: dict[str, Window],
    event_lists: dict[str, EventList],
    marks: OverlayMarks,
) -> None:
    """A criterion, item, condition or cap is never marked stronger than the weakest legal value,
    parameter or window it reads (directly, or through the filters of the event-list entries it counts).

    Strength, strongest first: confirmed, secondary, interpretation, illustrative, unknown. A problem
    is placed at the element's provenance status; when the weak value or parameter is one an overlay
    replaced, at the overlay's replacement (that is what made the claim too strong).
    """

    def reads(exprs: Iterable[CompiledExpression | None]) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        for e in exprs:
            if e is None:
                continue
            out += [("value", n, values[n].provenance.status) for n in e.law if n in values]
            out += [("parameter", n, parameters[n].provenance.status) for n in e.params if n in parameters]
            out += [("window", w, windows[w].provenance.status) for w in e.windows if w in windows]
            for entry in _list_entries(e, event_lists):
                out += reads((entry.where_expr, entry.excused_expr))
        return out

    targets: list[tuple[str, Any, list[CompiledExpression | None], list[str | int]]] = []
    index = {cm.id: i for i, cm in enumerate(model.criteria)}
    for cr in criteria:
        targets.append((cr.id, cr.provenance, [cr.check, cr.applies_when], ["criteria", index[cr.id]]))
    sc = model.scoring
    for section, items in (("items", scored.get("items", ())), ("adjustments", scored.get("adjustments", ()))):
        pos = {m.id: i for i, m in enumerate(getattr(sc, section))} if sc is not None else {}
        for it in items:
            exprs = [it.check, it.share, *(b.when for b in it.bands)]
            targets.append((it.id, it.provenance, exprs, ["scoring", section, pos[it.id]]))
    for i, lv in enumerate(model.levels or ()):
        pos = {cm.id: j for j, cm in enumerate(lv.conditions)}
        for level in scored.get("levels", ()):
            if level.id == lv.id:
                for cd in level.conditions:
                    targets.append((cd.id, cd.provenance, [cd.when], ["levels", i, "conditions", pos[cd.id]]))
    cap_pos = {cp.id: i for i, cp in enumerate(model.caps)}
    for cap in scored.get("caps", ()):
        targets.append((cap.id, cap.provenance, [cap.when], ["caps", cap_pos[cap.id]]))

    for eid, provenance, exprs, path in targets:
        if provenance is None:
            continue
        claimed = _STRENGTH[provenance.status]
        weaker = sorted(
            {r for r in reads(exprs) if _STRENGTH[r[2]] > claimed}, key=lambda r: (-_STRENGTH[r[2]], r[0], r[1])
        )
        if not weaker:
            continue
        kind, name, status = weaker[0]
        names = ", ".join(f"{k} '{n}' ({s})" for k, n, s in weaker)
        names_vi = ", ".join(f"{_KIND_VI[k]} '{n}' ({_STATUS_VI[s]})" for k, n, s in weaker)
        owner = {"value": "values", "parameter": "parameters"}.get(kind)
        replaced = owner is not None and f"{owner}.{name}" in marks.replaced
        where: list[str | int] = (
            [owner, name, "provenance", "status"] if replaced and owner else [*path, "provenance", "status"]
        )
        c.add(
            where,
            f"nguồn gốc '{provenance.status}' ({_STATUS_VI[provenance.status]}) của '{eid}' mạnh hơn điều nó đọc: "
            f"{names_vi}; hãy ghi '{status}' hoặc yếu hơn (kèm ghi chú nói cách hiểu)",
            f"provenance '{provenance.status}' of '{eid}' is stronger than what it reads: {names}; "
            f"mark it '{status}' or weaker (with a note saying what is interpreted)",
        )


def _check_labels(model: Any, c: _Collector) -> None:
    """Labels serve as spreadsheet headers: within a pack, a label (vi or en, compared case- and
    space-insensitively) names one indicator, and never another indicator's code."""
    owner: dict[str, str] = {fold(name): name for name in model.indicators}
    for name, ind in model.indicators.items():
        if ind.label is None:
            continue
        for lang, text in (("vi", ind.label.vi), ("en", ind.label.en)):
            key = fold(text)
            other = owner.setdefault(key, name)
            if other != name:
                c.add(
                    ["indicators", name, "label", lang],
                    f"nhãn '{text}' trùng với chỉ số '{other}' (nhãn dùng làm tên cột nên phải khác nhau)",
                    f"label '{text}' is already used by indicator '{other}' (labels serve as column headers, so they must differ)",
                )
