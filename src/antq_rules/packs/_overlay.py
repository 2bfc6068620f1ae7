"""Province overlays: a pack that ``extends`` another and declares every change it makes.

An overlay may *fill* slots of the base, *override* known values (only in the stricter direction the
base declares with ``bound``), *add* indicators, values, parameters, event types and lists, criteria,
level conditions and caps, and re-point a requirement to another pack. Every change carries its own
citation and provenance. Adding a name the base already has is an error (undeclared clash), and so is
loosening a national floor.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from antq_rules._numbers import NumberBoundError
from antq_rules._text import Text
from antq_rules._yaml import YamlDocument, format_path
from antq_rules.errors import PackError, Problem
from antq_rules.packs._compile import OverlayMarks, _pydantic_problems, compile_pack, parse_legal_value
from antq_rules.packs._model import OverlayInfo, Pack
from antq_rules.packs._validated import DeferredModel

__all__ = ["build_overlay", "overlay_from_record"]


class _MergedDoc:
    """Locates problems of the merged pack in the overlay file, where the change was declared."""

    def __init__(self, overlay: YamlDocument, where: dict[tuple[Any, ...], tuple[Any, ...]]) -> None:
        self.file = overlay.file
        self.overlay = overlay
        self.where = where

    def problem(self, message: Text, path: Sequence[str | int]) -> Problem:
        p = tuple(path)
        while p:
            if p in self.where:
                return self.overlay.problem(message, self.where[p])
            p = p[:-1]
        mark = self.overlay.locate(())
        return Problem(
            message, file=self.file, line=mark[0] if mark else None, field=f"(pack after merge) {format_path(path)}"
        )


def _stamp_instrument(node: Any, number: str) -> None:
    """Give every citation of the base an explicit instrument before the overlay's replaces it."""
    if isinstance(node, dict):
        if "article" in node and "instrument" not in node and isinstance(node.get("article"), int):
            node["instrument"] = number
        for key, value in node.items():
            if key != "instrument":
                _stamp_instrument(value, number)
    elif isinstance(node, list):
        for value in node:
            _stamp_instrument(value, number)


def _cited(value: Any, path: list[Any], bad: Any) -> bool:
    """Every value an overlay fills in cites its own source."""
    if isinstance(value, dict) and value.get("citation"):
        return True
    bad(
        path,
        "mỗi giá trị điền vào phải có trích dẫn nguồn riêng (citation)",
        "every filled value needs its own citation",
    )
    return False


def _split(field: str) -> list[str | int]:
    parts = [x for x in field.replace("[", ".").replace("]", "").split(".") if x]
    return [int(x) if x.isdigit() else x for x in parts]


# what a value's ``bound`` lets a province do, in words (the Vietnamese message names no YAML code)
_BOUND_VI = {
    "min": "đây là mức sàn, gói của tỉnh chỉ được nâng lên",
    "max": "đây là mức trần, gói của tỉnh chỉ được hạ xuống",
    "superset": "đây là danh sách tối thiểu, gói của tỉnh chỉ được thêm vào",
}


def _tightens(bound: str | None, old: Any, new: Any) -> bool | None:
    """True if ``new`` is at least as strict as ``old``; None if the base allows no override."""
    if bound == "min":
        return bool(new >= old)
    if bound == "max":
        return bool(new <= old)
    if bound == "superset":
        return set(new) >= set(old)
    return None


def build_overlay(
    overlay_doc: YamlDocument, base: Pack, content_hash: str, remember: Callable[[Any], None] | None = None
) -> Pack:
    """Merge an overlay document into its base pack, check every change, and compile the result.

    ``remember`` (the pack cache's) is given the merged pack's :func:`overlay record <overlay_from_record>`
    once it has compiled.
    """
    model, marks, where = _merge(overlay_doc, base)
    pack = compile_pack(model, _MergedDoc(overlay_doc, where), content_hash, marks)
    if remember is not None:
        remember(_record(base, model, marks, where))
    return pack


def _merge(overlay_doc: YamlDocument, base: Pack) -> tuple[Any, OverlayMarks, dict[tuple[Any, ...], tuple[Any, ...]]]:
    """The merged pack's validated PackModel, the marks of what the overlay changed, and where it said so."""
    from pydantic import ValidationError

    from antq_rules.packs._schema import OverlayModel, PackModel

    try:
        ov = OverlayModel.model_validate(overlay_doc.data)
    except ValidationError as exc:
        raise PackError(_pydantic_problems(overlay_doc, exc)) from None
    problems: list[Problem] = []

    def bad(path: Sequence[str | int], vi: str, en: str) -> None:
        problems.append(overlay_doc.problem(Text(vi, en), path))

    if base.model is None:
        raise PackError(
            [overlay_doc.problem(Text("gói gốc không mở rộng được", "the base pack cannot be extended"), ["extends"])]
        )
    if ov.kind != base.kind:
        bad(["kind"], f"loại gói phải giống gói gốc ({base.kind})", f"the kind must be the base's kind ({base.kind})")
    data: dict[str, Any] = base.model.model_dump(mode="python", by_alias=True, exclude_none=True)
    _stamp_instrument(data, base.instrument.number)  # base citations keep naming the base's text
    marks = OverlayMarks(label=ov.id)
    where: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for key in ("id", "version", "kind", "title", "effective_from", "effective_to", "instrument", "note"):
        value = getattr(ov, key)
        if value is not None:
            data[key] = value.model_dump(mode="python", exclude_none=True) if hasattr(value, "model_dump") else value
    sources = data.setdefault("sources", {})
    for sid, src in ov.sources.items():
        if sid in sources:
            bad(
                ["sources", sid],
                f"nguồn '{sid}' đã có trong gói gốc",
                f"source '{sid}' already exists in the base pack",
            )
        sources[sid] = src.model_dump(mode="python", exclude_none=True)

    filled: list[str] = []
    raw_fill = overlay_doc.data.get("fill", {}) if isinstance(overlay_doc.data, dict) else {}
    for target in ov.fill:
        value = raw_fill[target]
        path = ["fill", target]
        parts = target.split(".")
        if parts[0] == "values" and len(parts) == 2:
            old = data.get("values", {}).get(parts[1])
            if old is None:
                bad(path, f"gói gốc không có giá trị '{parts[1]}'", f"the base pack has no value '{parts[1]}'")
                continue
            if old["provenance"]["status"] != "unknown":
                bad(
                    path,
                    "chỉ điền được giá trị chưa biết; giá trị đã biết thì dùng override",
                    "only a slot can be filled; use override for a known value",
                )
                continue
            if not isinstance(value, dict):
                bad(path, "cần {value, citation, provenance}", "expected {value, citation, provenance}")
                continue
            if not _cited(value, path, bad):
                continue
            data["values"][parts[1]] = {**old, **value}
            marks.added.add(("values", parts[1]))
            marks.replaced[target] = base.values[parts[1]]
            where[("values", parts[1])] = tuple(path)
        elif target == "scoring.total":
            if data.get("scoring", {}).get("total", {}).get("provenance", {}).get("status") != "unknown":
                bad(path, "tổng điểm của gói gốc không phải ô trống", "the base pack's total is not a slot")
                continue
            if not _cited(value, path, bad):
                continue
            data["scoring"]["total"] = value
            marks.added.add(("amounts", "scoring.total"))
            where[("scoring", "total")] = tuple(path)
        elif parts[:2] == ["scoring", "items"] and len(parts) >= 3:
            item_id = ".".join(parts[2:])
            items = data.get("scoring", {}).get("items", [])
            idx = next((i for i, it in enumerate(items) if it["id"] == item_id), None)
            if idx is None:
                bad(path, f"gói gốc không có mục '{item_id}'", f"the base pack has no scoring item '{item_id}'")
                continue
            old_item = items[idx]
            if old_item["method"] != "unknown" and old_item["max"]["provenance"]["status"] != "unknown":
                bad(path, f"mục '{item_id}' không phải ô trống", f"item '{item_id}' is not a slot")
                continue
            new_items = value if isinstance(value, list) else [value]
            if not all(isinstance(x, dict) for x in new_items):
                bad(path, "cần một mục hoặc danh sách mục", "expected an item or a list of items")
                continue
            items[idx : idx + 1] = new_items
            for j, x in enumerate(new_items):
                marks.added.add(("items", str(x.get("id"))))
                where[("scoring", "items", idx + j)] = (*path, j) if isinstance(value, list) else tuple(path)
        elif parts[0] == "levels" and len(parts) == 3 and parts[2] in ("min", "max"):
            levels = data.get("levels") or []
            lv = next((x for x in levels if x["id"] == parts[1]), None)
            if lv is None:
                bad(path, f"gói gốc không có mức '{parts[1]}'", f"the base pack has no level '{parts[1]}'")
                continue
            if lv[parts[2]]["provenance"]["status"] != "unknown":
                bad(path, f"cận '{target}' không phải ô trống", f"'{target}' is not a slot")
                continue
            if not _cited(value, path, bad):
                continue
            lv[parts[2]] = value
            marks.added.add(("amounts", target))
            where[("levels", levels.index(lv), parts[2])] = tuple(path)
        else:
            bad(
                path,
                "đích điền không hợp lệ (dùng values.X, scoring.total, scoring.items.ID, levels.ID.min|max)",
                "invalid fill target (use values.X, scoring.total, scoring.items.ID, levels.ID.min|max)",
            )
            continue
        filled.append(target)

    overridden: dict[str, Any] = {}
    for target, ovr in ov.override.items():
        path = ["override", target]
        parts = target.split(".")
        if parts[0] == "values" and len(parts) == 2 and parts[1] in base.values:
            old = base.values[parts[1]]
            if not old.known:
                bad(path, "giá trị này là ô trống: dùng fill", "this value is a slot: use fill")
                continue
            if ovr.value is None:
                bad(path, "thiếu 'value'", "missing 'value'")
                continue
            try:
                strict = _tightens(old.bound, old.value, parse_legal_value(ovr.value))
            except NumberBoundError as exc:
                bad([*path, "value"], exc.text.vi, exc.text.en)
                continue
            except TypeError:
                bad(
                    path,
                    "giá trị mới khác kiểu với giá trị quốc gia",
                    "the new value is not of the national value's type",
                )
                continue
            if strict is None:
                bad(
                    path,
                    f"gói gốc không cho phép thay đổi '{parts[1]}' (giá trị không khai báo gói của tỉnh được thay "
                    "đổi nó thế nào, hoặc khai báo là cố định)",
                    f"the base pack does not allow changing '{parts[1]}' (no bound declared, or bound: fixed)",
                )
                continue
            if not strict:
                bad(
                    path,
                    f"không được nới lỏng giá trị quốc gia '{parts[1]}': {_BOUND_VI.get(old.bound or '', old.bound)}",
                    f"loosening the national floor '{parts[1]}' is refused (bound: {old.bound})",
                )
                continue
            entry = data["values"][parts[1]]
            entry.update(
                value=ovr.value,
                citation=ovr.citation.model_dump(mode="python", exclude_none=True),
                provenance=ovr.provenance.model_dump(mode="python", exclude_none=True),
            )
            marks.added.add(("values", parts[1]))
        elif parts[0] == "parameters" and len(parts) == 2 and parts[1] in base.parameters:
            old_p = base.parameters[parts[1]]
            if ovr.default is None:
                bad(path, "thiếu 'default'", "missing 'default'")
                continue
            # the same rule as values: an overlay may only tighten (or choose where the pack leaves it open)
            try:
                may = old_p.overlay_may_choose(ovr.default)
            except TypeError:  # an unhashable value: the schema names it below
                may = True
            if not may:
                if old_p.provincial is None:
                    bad(
                        [*path, "default"],
                        f"gói quốc gia không cho tỉnh thay đổi tham số '{parts[1]}' (gói không khai báo tỉnh được chọn giá trị nào)",
                        f"the national pack does not let a province change parameter '{parts[1]}' (no 'provincial' declared)",
                    )
                else:
                    shown = ", ".join(sorted(map(str, old_p.provincial))) or "—"
                    bad(
                        [*path, "default"],
                        f"không được nới lỏng tham số quốc gia '{parts[1]}': {ovr.default!r} kém chặt hơn mặc định "
                        f"{old_p.default!r} (được chọn: {shown})",
                        f"loosening the national parameter '{parts[1]}' is refused: {ovr.default!r} is less strict than "
                        f"the default {old_p.default!r} (may choose: {shown})",
                    )
                continue
            marks.citations[target] = ovr.citation
            entry = data["parameters"][parts[1]]
            entry.update(default=ovr.default, provenance=ovr.provenance.model_dump(mode="python", exclude_none=True))
            marks.added.add(("parameters", parts[1]))
            old = old_p
        else:
            bad(
                path,
                f"không có '{target}' trong gói gốc để thay đổi",
                f"nothing called '{target}' in the base pack to override",
            )
            continue
        overridden[target] = old
        marks.replaced[target] = old
        where[tuple(parts)] = tuple(path)

    added: list[str] = []
    for section in ("indicators", "values", "parameters", "event_types", "event_lists", "rollups"):
        for name, item in getattr(ov.add, section).items():
            have = data.setdefault(section, {})
            if name in have:
                bad(
                    ["add", section, name],
                    f"'{name}' đã có trong gói gốc: khai báo trong override nếu muốn thay đổi",
                    f"'{name}' already exists in the base pack: declare it under override to change it",
                )
                continue
            have[name] = item.model_dump(mode="python", by_alias=True, exclude_none=True)
            marks.added.add((section, name))
            where[(section, name)] = ("add", section, name)
            added.append(f"{section}.{name}")
    taken = {x["id"] for sec in ("criteria", "constraints", "caps") for x in data.get(sec, [])}
    taken |= {
        x["id"]
        for x in (data.get("scoring") or {}).get("items", []) + (data.get("scoring") or {}).get("adjustments", [])
    }
    taken |= {c["id"] for lv in data.get("levels") or [] for c in lv.get("conditions", [])}
    for section in ("criteria", "constraints", "caps"):
        have_list = data.setdefault(section, [])
        ids = taken
        for j, item in enumerate(getattr(ov.add, section)):
            if item.id in ids:
                bad(
                    ["add", section, j, "id"],
                    f"'{item.id}' đã có trong gói gốc",
                    f"'{item.id}' already exists in the base pack",
                )
                continue
            have_list.append(item.model_dump(mode="python", by_alias=True, exclude_none=True))
            taken.add(item.id)
            marks.added.add((section, item.id))
            where[(section, len(have_list) - 1)] = ("add", section, j)
            added.append(f"{section}.{item.id}")
    for level_id, conds in ov.add.conditions.items():
        lv = next((x for x in data.get("levels") or [] if x["id"] == level_id), None)
        if lv is None:
            bad(["add", "conditions", level_id], f"không có mức '{level_id}'", f"no level '{level_id}'")
            continue
        lv.setdefault("conditions", [])
        for j, cond in enumerate(conds):
            if cond.id in taken:
                bad(
                    ["add", "conditions", level_id, j, "id"],
                    f"'{cond.id}' đã có trong gói gốc",
                    f"'{cond.id}' already exists in the base pack",
                )
                continue
            taken.add(cond.id)
            lv["conditions"].append(cond.model_dump(mode="python", by_alias=True, exclude_none=True))
            marks.added.add(("conditions", cond.id))
            where[("levels", data["levels"].index(lv), "conditions", len(lv["conditions"]) - 1)] = (
                "add",
                "conditions",
                level_id,
                j,
            )
            added.append(f"conditions.{cond.id}")

    scoring_items = (data.get("scoring") or {}).get("items", []) + (data.get("scoring") or {}).get("adjustments", [])
    for item_id, hs in ov.add.hand_scoring.items():
        path = ["add", "hand_scoring", item_id]
        base_item: dict[str, Any] | None = next((x for x in scoring_items if x["id"] == item_id), None)
        if base_item is None:
            bad(path, f"gói gốc không có mục chấm điểm '{item_id}'", f"the base pack has no scoring item '{item_id}'")
            continue
        if "hand_scoring" in base_item:
            bad(
                path,
                f"mục '{item_id}' đã cho chấm tay theo bước trong gói gốc",
                f"item '{item_id}' already allows hand scoring in steps in the base pack",
            )
            continue
        if base_item.get("method") in ("manual", "unknown"):
            bad(
                path,
                f"mục '{item_id}' có cách chấm '{base_item.get('method')}': chỉ mục chấm từ chỉ số mới cho chấm tay theo bước",
                f"item '{item_id}' has method '{base_item.get('method')}': only a computed item can allow hand scoring in steps",
            )
            continue
        base_item["hand_scoring"] = hs.model_dump(mode="python", by_alias=True, exclude_none=True)
        marks.added.add(("hand_scoring", item_id))
        section = "items" if base_item in (data.get("scoring") or {}).get("items", []) else "adjustments"
        where[("scoring", section, data["scoring"][section].index(base_item), "hand_scoring")] = tuple(path)
        added.append(f"hand_scoring.{item_id}")

    repointed: dict[str, str] = {}
    for alias, rp in ov.requires.items():
        req = next((r for r in data.get("requires", []) if r["id"] == alias), None)
        if req is None:
            bad(
                ["requires", alias],
                f"gói gốc không có phụ thuộc '{alias}'",
                f"the base pack has no requirement '{alias}'",
            )
            continue
        repointed[alias] = rp.pack
        req["pack"] = rp.pack
    if problems:
        raise PackError(problems)
    marks.info = OverlayInfo(base.ref, base.content_hash, tuple(filled), overridden, tuple(added), repointed)
    merged_doc = _MergedDoc(overlay_doc, where)
    try:
        model = PackModel.model_validate(data)
    except ValidationError as exc:
        raise PackError(
            [
                merged_doc.problem(p.message, _split(p.field or ""))
                for p in _pydantic_problems(YamlDocument(data, overlay_doc.file, {}), exc)
            ]
        ) from None
    return model, marks, where


# The pack cache keeps an overlay's merged pack as a record of data (antq_rules.packs._validated), so that
# loading a province pack again needs neither the schema's models nor the merge: what the schema gave for
# the merged pack, and the marks saying what came from the province. The base pack's own parts that the
# overlay replaced are named, not stored: they are taken from the base, whose content hash must match.


def _record(base: Pack, model: Any, marks: OverlayMarks, where: dict[tuple[Any, ...], tuple[Any, ...]]) -> Any:
    info = marks.info
    assert info is not None
    return {
        "base": base.content_hash,
        "model": model,
        "label": marks.label,
        "added": sorted([list(a) for a in marks.added]),
        "replaced": sorted(marks.replaced),
        "citations": marks.citations,
        "filled": list(info.filled),
        "overridden": list(info.overridden),
        "added_names": list(info.added),
        "repointed": dict(info.repointed),
        "where": [[list(k), list(v)] for k, v in where.items()],
    }


def overlay_from_record(overlay_doc: YamlDocument, base: Pack, content_hash: str, record: Any) -> Pack | None:
    """The overlay's pack compiled from its cached record, or None if the record is not for this base."""
    if not isinstance(record, dict) or record.get("base") != base.content_hash:
        return None  # another version of the base pack (same id and version, other content): merge again

    def national(key: str) -> Any:
        section, _, name = key.partition(".")
        return base.values[name] if section == "values" else base.parameters[name]

    try:
        replaced = {key: national(key) for key in record["replaced"]}
        marks = OverlayMarks(
            label=record["label"],
            added={(section, name) for section, name in record["added"]},
            replaced=replaced,
            citations=dict(record["citations"]),
            info=OverlayInfo(
                base.ref,
                base.content_hash,
                tuple(record["filled"]),
                {key: replaced[key] for key in record["overridden"]},
                tuple(record["added_names"]),
                dict(record["repointed"]),
            ),
        )
        where = {tuple(k): tuple(v) for k, v in record["where"]}
        model = record["model"]
    except (KeyError, TypeError, ValueError):
        return None  # not a record this code wrote: merge again
    merged_doc = _MergedDoc(overlay_doc, where)
    return compile_pack(model, merged_doc, content_hash, marks, model_source=_MergedModel(overlay_doc, base))


class _MergedModel(DeferredModel):
    """The merged PackModel of an overlay read from the cache, merged again when first asked."""

    __slots__ = ("_base", "_doc")

    def __init__(self, overlay_doc: YamlDocument, base: Pack) -> None:
        super().__init__(None)
        self._doc, self._base = overlay_doc, base

    def get(self) -> Any:
        if self._model is None:
            self._model = _merge(self._doc, self._base)[0]
        return self._model
