"""Load a plan pack: strict YAML, the schema, then every name checked against the packs it reads.

Every problem is collected and reported together, each with file, line and field.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from antq_rules._text import Text
from antq_rules._yaml import YamlDocument, YamlProblems, parse_yaml
from antq_rules.errors import EvaluationError, PackError, Problem
from antq_rules.packs import Pack, PackRegistry, Provenance
from antq_rules.packs._compile import _pydantic_problems, compile_instrument
from antq_rules.plans._model import Comparison, Plan, PlanCitation, Selector, Target
from antq_rules.plans._schema import PlanModel, TargetModel

__all__ = ["is_plan_text", "load_plan", "load_plan_text"]

_PERCENT = re.compile(r"^\s*(\d{1,3}(?:[.,]\d{1,6})?)\s*%\s*$")
_OUTCOMES_ALWAYS = ("not_applicable",)


def _t(m: Any) -> Text:
    return Text(m.vi, m.en)


def is_plan_text(raw: bytes) -> bool:
    """Whether a pack file declares ``kind: plan`` (a cheap look before a full load)."""
    return re.search(rb"(?m)^kind:\s*[\"']?plan[\"']?\s*(#.*)?$", raw) is not None


def load_plan(path: str | Path, registry: PackRegistry | None = None) -> Plan:
    """Load and check one plan file. Raises :class:`~antq_rules.errors.PackError` naming every problem.

    The packs a plan's targets read are looked up in ``registry`` (default: the shipped packs); a run
    may use a province's overlay of one of them, which counts as that pack.
    """
    from antq_rules.packs._registry import read_pack_file

    p = Path(path)
    return load_plan_text(read_pack_file(p), str(p), registry)


def load_plan_text(text: str | bytes, file: str, registry: PackRegistry | None = None) -> Plan:
    """Load a plan from its YAML text; ``file`` names it in errors."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        doc = parse_yaml(raw, file)
    except YamlProblems as exc:
        raise PackError(exc.problems) from None
    if not isinstance(doc.data, dict):
        raise PackError(
            [Problem(Text("kế hoạch phải là một bảng khoá–giá trị", "a plan must be a mapping"), file=file)]
        )
    if doc.data.get("kind") != "plan":
        raise PackError(
            [
                doc.problem(
                    Text(
                        "tệp này không phải kế hoạch (cần 'kind: plan')", "this file is not a plan (needs 'kind: plan')"
                    ),
                    ["kind"],
                )
            ]
        )
    try:
        model = PlanModel.model_validate(doc.data)
    except ValidationError as exc:
        raise PackError(_pydantic_problems(doc, exc)) from None
    reg = registry if registry is not None else PackRegistry.shipped()
    checker = _Checker(doc, reg, model)
    targets = tuple(checker.target(i, t) for i, t in enumerate(model.targets))
    if checker.problems:
        raise PackError(checker.problems)
    return Plan(
        id=model.id,
        version=model.version,
        title=_t(model.title),
        year=model.year,
        instrument=compile_instrument(model.instrument),
        targets=tuple(t for t in targets if t is not None),
        sources={k: s.model_dump(mode="json") for k, s in model.sources.items()},
        example=_t(model.example) if model.example else None,
        content_hash="sha256:" + hashlib.sha256(raw).hexdigest(),
        file=file,
        note=_t(model.note) if model.note else None,
    )


class _Checker:
    """Checks names against the packs and builds targets; collects every problem."""

    def __init__(self, doc: YamlDocument, registry: PackRegistry, model: PlanModel) -> None:
        self.doc = doc
        self.registry = registry
        self.model = model
        self.problems: list[Problem] = []

    def add(self, path: list[str | int], vi: str, en: str) -> None:
        self.problems.append(self.doc.problem(Text(vi, en), path))

    def target(self, i: int, m: TargetModel) -> Target | None:
        at: list[str | int] = ["targets", i]
        for j, s in enumerate(m.provenance.sources):
            if s not in self.model.sources:
                self.add(
                    [*at, "provenance", "sources", j], f"nguồn '{s}' chưa khai báo", f"source '{s}' is not declared"
                )
        citation = PlanCitation(
            m.citation.instrument or self.model.instrument.number, m.citation.section, _t(m.citation.text)
        )
        prov = Provenance(
            m.provenance.status, tuple(m.provenance.sources), _t(m.provenance.note) if m.provenance.note else None
        )
        base: dict[str, Any] = {
            "id": m.id,
            "title": _t(m.title),
            "citation": citation,
            "provenance": prov,
            "measure": m.measure,
            "note": _t(m.note) if m.note else None,
        }
        if m.measure == "not_measurable":
            assert m.reason is not None
            return Target(**base, reason=_t(m.reason))
        assert m.pack is not None and m.compare is not None
        try:
            pack = self.registry.get(m.pack)
        except EvaluationError:
            self.add([*at, "pack"], f"không có gói '{m.pack}'", f"unknown pack '{m.pack}'")
            return None
        subjects = None
        if m.subjects is not None:
            for j, s in enumerate(m.subjects):
                if s not in pack.subjects:
                    self.add(
                        [*at, "subjects", j],
                        f"gói {pack.id} không có đối tượng '{s}' (có: {', '.join(pack.subjects)})",
                        f"pack {pack.id} has no subject '{s}' (it has: {', '.join(pack.subjects)})",
                    )
            subjects = frozenset(m.subjects)
        value = self.value(m.measure, m.value, [*at, "value"])
        selector = None
        indicator = None
        if m.units_meeting is not None:
            selector = self.selector(pack, m.units_meeting, subjects, [*at, "units_meeting"])
        if m.measure == "change":
            assert m.indicator is not None
            indicator = m.indicator
            self.change_indicator(pack, indicator, subjects, [*at, "indicator"])
        if value is None or (m.units_meeting is not None and selector is None):
            return None
        named = indicator or (selector.indicator if selector is not None else None)
        spec = pack.indicators.get(named) if named else None
        label = (spec.label or spec.description) if spec is not None else None
        return Target(
            indicator_label=label,
            **base,
            pack=pack.id,
            subjects=subjects,
            selector=selector,
            indicator=indicator,
            comparison=Comparison(m.compare, value),
        )

    def value(self, measure: str, raw: Any, path: list[str | int]) -> Any:
        if measure == "count":
            if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
                self.add(path, "số lượng phải là số nguyên không âm", "a count is a whole number, 0 or more")
                return None
            return raw
        share = _percent(raw)
        if share is None or (measure == "share" and share > 1):
            self.add(
                path,
                f"tỉ lệ viết dạng phần trăm, ví dụ '90%' hoặc '87,5%'{' (không quá 100%)' if measure == 'share' else ''}",
                f"a share is written as a percent, e.g. '90%' or '87,5%'{' (at most 100%)' if measure == 'share' else ''}",
            )
            return None
        return share

    def selector(self, pack: Pack, m: Any, subjects: frozenset[str] | None, path: list[str | int]) -> Selector | None:
        rank = tuple(lv.id for lv in pack.levels)
        if m.outcome is not None:
            allowed = (*pack.outcome_labels, *rank, *_OUTCOMES_ALWAYS)
            if pack.kind == "exemplary":
                allowed = (*allowed, "not_eligible")
            if m.outcome not in allowed:
                self.add(
                    [*path, "outcome"],
                    f"gói {pack.id} không có kết quả '{m.outcome}' (có: {', '.join(allowed)})",
                    f"pack {pack.id} has no outcome '{m.outcome}' (it has: {', '.join(allowed)})",
                )
                return None
            return Selector(outcome=m.outcome, level_rank=rank)
        if m.level is not None or m.level_at_least is not None:
            key = "level" if m.level is not None else "level_at_least"
            level = m.level if m.level is not None else m.level_at_least
            if level not in rank:
                has = ", ".join(rank) if rank else ("không có mức nào", "no levels")
                vi_has, en_has = (has, has) if isinstance(has, str) else has
                self.add(
                    [*path, key],
                    f"gói {pack.id} không có mức '{level}' ({vi_has})",
                    f"pack {pack.id} has no level '{level}' ({en_has})",
                )
                return None
            return Selector(level=m.level, level_at_least=m.level_at_least, level_rank=rank)
        cond = m.indicator
        spec = pack.indicators.get(cond.indicator)
        if spec is None:
            self.add(
                [*path, "indicator", "indicator"],
                f"gói {pack.id} không có chỉ số '{cond.indicator}'",
                f"pack {pack.id} has no indicator '{cond.indicator}'",
            )
            return None
        if not self.indicator_subjects(pack, cond.indicator, subjects, [*path, "indicator", "indicator"]):
            return None
        value = self.condition_value(spec, cond.compare, cond.value, [*path, "indicator", "value"])
        if value is None:
            return None
        return Selector(indicator=cond.indicator, condition=Comparison(cond.compare, value), level_rank=rank)

    def indicator_subjects(self, pack: Pack, name: str, subjects: frozenset[str] | None, path: list[str | int]) -> bool:
        spec = pack.indicators[name]
        if spec.subjects is None:
            return True
        wanted = subjects if subjects is not None else frozenset(pack.subjects)
        outside = sorted(wanted - spec.subjects)
        if outside:
            self.add(
                path,
                f"chỉ số '{name}' không dùng cho đối tượng {', '.join(outside)} (chỉ: {', '.join(sorted(spec.subjects))});"
                " hãy nêu 'subjects'",
                f"indicator '{name}' does not apply to subject(s) {', '.join(outside)} (only: "
                f"{', '.join(sorted(spec.subjects))}); name 'subjects'",
            )
            return False
        return True

    def condition_value(self, spec: Any, compare: str, raw: Any, path: list[str | int]) -> Any:
        if spec.type in ("integer", "decimal"):
            if isinstance(raw, bool):
                raw = None
            elif isinstance(raw, Decimal):
                raw = Fraction(raw)
            elif isinstance(raw, str):
                raw = _percent(raw) if spec.within is not None else None
            if raw is None:
                self.add(
                    path,
                    f"chỉ số '{spec.name}' là số: giá trị phải là số",
                    f"indicator '{spec.name}' is a number: the value must be a number",
                )
            return raw
        if spec.type == "boolean":
            if not isinstance(raw, bool) or compare != "equal":
                self.add(
                    path,
                    f"chỉ số '{spec.name}' là có/không: dùng 'compare: equal' với true hoặc false",
                    f"indicator '{spec.name}' is yes/no: use 'compare: equal' with true or false",
                )
                return None
            return raw
        if spec.type == "enum" and isinstance(raw, str) and compare == "equal":
            if raw not in (spec.choices or {}):
                self.add(
                    path, f"'{raw}' không phải lựa chọn của '{spec.name}'", f"'{raw}' is not a choice of '{spec.name}'"
                )
                return None
            return raw
        self.add(
            path,
            f"không so sánh được chỉ số '{spec.name}' (kiểu {spec.type}) theo cách này",
            f"indicator '{spec.name}' (type {spec.type}) cannot be compared this way",
        )
        return None

    def change_indicator(self, pack: Pack, name: str, subjects: frozenset[str] | None, path: list[str | int]) -> None:
        spec = pack.indicators.get(name)
        if spec is None:
            self.add(path, f"gói {pack.id} không có chỉ số '{name}'", f"pack {pack.id} has no indicator '{name}'")
            return
        if spec.type not in ("integer", "decimal") or not spec.previous_year:
            self.add(
                path,
                f"chỉ số '{name}' phải là số và có giá trị năm trước (previous_year) để so với năm trước",
                f"indicator '{name}' must be a number with a previous-year value (previous_year) to compare years",
            )
            return
        self.indicator_subjects(pack, name, subjects, path)


def _percent(raw: Any) -> Fraction | None:
    if not isinstance(raw, str):
        return None
    m = _PERCENT.match(raw)
    if m is None:
        return None
    return Fraction(m.group(1).replace(",", ".")) / 100
