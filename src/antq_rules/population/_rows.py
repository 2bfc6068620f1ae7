"""The rows a population run takes: a reader's :class:`UnitRow`, or a host's document in the unit input
schema (``year`` and ``pack`` optional, ``unit.member_of`` naming the commune), and the cell helpers the
run shares.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import attrs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from antq_rules._text import Text
from antq_rules.errors import Problem
from antq_rules.inputs import InputDocument, UnitModel, UnitRef
from antq_rules.inputs._document import MAX_EVENTS
from antq_rules.population._model import RowError, RowSource, UnitRow

__all__ = ["Named", "as_row", "blank", "dependency_spec"]

# checks a document's own year and pack against the run: (source, year, pack) -> problems
Named = Callable[[RowSource, Any, Any], list[Problem]]


class _UnitModel(UnitModel):
    """The input schema's unit, plus the commune it belongs to."""

    member_of: str | None = Field(default=None, max_length=200)


class _RowModel(BaseModel):
    """A host's row: the unit input schema, with ``year``/``pack`` optional and ``unit.member_of``."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: str | None = Field(default=None, alias="schema")
    pack: str | None = None
    pack_version: str | None = None
    year: int | None = None
    unit: _UnitModel
    member_of: str | None = Field(default=None, max_length=200)
    indicators: dict[str, Any] = Field(default_factory=dict)
    previous_year: dict[str, Any] = Field(default_factory=dict)
    events: list[dict[str, Any]] | None = Field(default=None, max_length=MAX_EVENTS)  # None: not reported
    parameters: dict[str, Any] = Field(default_factory=dict)
    scores: dict[str, Any] = Field(default_factory=dict)
    dependencies: dict[str, Any] = Field(default_factory=dict)


def blank(v: Any) -> bool:
    """An empty cell: None, NaN or blank text (the same as a value not sent)."""
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    if isinstance(v, str):
        return not v.strip()
    try:
        return bool(v != v)  # NaN of numpy/pandas kinds, pandas.NA raises
    except (TypeError, ValueError):
        return True


def as_row(raw: Any, index: int, named: Named) -> UnitRow | RowError:
    """One input row as the run takes it; a host's malformed row becomes a :class:`RowError`."""
    if isinstance(raw, UnitRow):
        if raw.year is None and raw.pack is None:
            return raw
        found = named(raw.source, raw.year, raw.pack)
        return attrs.evolve(raw, problems=(*raw.problems, *found)) if found else raw
    if isinstance(raw, RowError):
        return attrs.evolve(raw, index=index)
    source = RowSource(row=index + 1)
    if isinstance(raw, InputDocument):
        raw = raw.model_dump(by_alias=True)
    if not isinstance(raw, Mapping):
        return RowError(
            index,
            None,
            source,
            None,
            (source.problem(Text("mỗi dòng là một bảng khoá–giá trị", "each row is a mapping")),),
        )
    try:
        m = _RowModel.model_validate(raw)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            path = ".".join(str(p) for p in err["loc"] if p != "schema_")
            problems.append(
                source.problem(
                    Text(f"giá trị không hợp lệ: {err['msg']}", f"invalid value: {err['msg']}"), path or None
                )
            )
        unit = raw.get("unit") if isinstance(raw.get("unit"), Mapping) else None
        ref = None
        if unit is not None and unit.get("id") is not None and unit.get("subject") is not None:
            ref = UnitRef(str(unit["id"]), str(unit["subject"]), None, None)
        return RowError(index, ref, source, None, tuple(problems))
    problems = named(source, m.year, m.pack)
    unit = UnitRef(m.unit.id, m.unit.subject, m.unit.kind, m.unit.name)
    return UnitRow(
        unit,
        source,
        m.unit.member_of or m.member_of,
        m.indicators,
        m.previous_year,
        None if m.events is None else tuple(m.events),
        (),
        m.scores,
        m.parameters,
        tuple(problems),
        dependencies=m.dependencies,
    )


def dependency_spec(raw: Any) -> Any:
    """A supplied outcome as read from cells: blank parts left out, a year written as text read as a number."""
    if not isinstance(raw, Mapping):
        return raw  # resolve_dependencies names the problem
    spec = {k: v for k, v in raw.items() if not blank(v)}
    year = spec.get("year")
    if isinstance(year, str) and year.strip().isdigit():
        spec["year"] = int(year.strip())
    elif isinstance(year, float) and year.is_integer():
        spec["year"] = int(year)
    if isinstance(spec.get("outcome"), str):
        spec["outcome"] = spec["outcome"].strip()
    return spec
