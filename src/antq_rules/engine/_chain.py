"""Dependencies between packs: supply an outcome already decided, or evaluate the required pack.

QĐ 3554 needs the previous year's TT 124 standard and QĐ 510 level of the same unit; a province may make a
510 level depend on TT 124. The host either supplies such an outcome (a decision already made, with its
reference) or the inputs to evaluate it; otherwise the requirement is *missing* and whatever needs it
is undetermined.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from antq_rules._text import Text
from antq_rules.errors import EvaluationError, InputError, Problem
from antq_rules.inputs import UnitRef
from antq_rules.inputs._arguments import check_year
from antq_rules.packs import Pack, PackRegistry
from antq_rules.results import DependencyResult

__all__ = ["MAX_CHAIN", "resolve_dependencies"]

MAX_CHAIN = 8
_INPUT_KEYS = frozenset(
    {"indicators", "previous_year", "events", "parameters", "scores", "dependencies", "pack_version"}
)


def resolve_dependencies(
    pack: Pack,
    unit: UnitRef,
    year: int,
    given: Mapping[str, Any],
    registry: PackRegistry | None = None,
    _depth: int = 0,
) -> tuple[DependencyResult, ...]:
    """Outcomes of every pack ``pack`` requires, for ``unit``, each for its own evaluation year.

    ``given`` maps a requirement id to ``{"outcome": ..., "decision": ...}`` (supplied), to the
    inputs of that pack (``indicators``, ``scores``, ``dependencies`` …: evaluated), or to a
    :class:`~antq_rules.results.Result` already computed.
    """
    if not pack.requires and not given:
        return ()
    from antq_rules.results import Result  # results import the engine's types lazily

    if _depth > MAX_CHAIN:
        raise EvaluationError(Text("chuỗi phụ thuộc quá dài", f"dependency chain longer than {MAX_CHAIN}"))
    known = {r.id for r in pack.requires}
    problems = [
        Problem(
            Text(
                f"gói {pack.ref} không có phụ thuộc '{k}' (có: {', '.join(sorted(known))})",
                f"pack {pack.ref} has no requirement '{k}' (known: {', '.join(sorted(known))})",
            ),
            field=f"dependencies.{k}",
        )
        for k in given
        if k not in known
    ]
    if problems:
        raise InputError(problems)
    reg = registry or PackRegistry.shipped()
    out = []
    for rq in pack.requires:
        dep_year = year + rq.year_offset
        spec = given.get(rq.id)
        if spec is None:
            out.append(DependencyResult(rq.id, rq.pack, dep_year, None, "missing"))
            continue
        if isinstance(spec, Result):
            _check_outcome(rq.id, rq.outcomes, spec.outcome)
            out.append(
                DependencyResult(
                    rq.id,
                    spec.pack.id,
                    spec.year,
                    spec.outcome,
                    "evaluated",
                    None,
                    spec.pack.version,
                    spec.illustrative,
                    spec,
                )
            )
            continue
        if not isinstance(spec, Mapping):
            raise InputError(
                [
                    Problem(
                        Text("phụ thuộc phải là một bảng", "a dependency must be a mapping"),
                        field=f"dependencies.{rq.id}",
                    )
                ]
            )
        if "outcome" in spec:
            extra = set(spec) - {"outcome", "decision", "year"}
            if extra:
                raise InputError(
                    [
                        Problem(
                            Text(f"khoá không được phép: {sorted(extra)}", f"unknown keys: {sorted(extra)}"),
                            field=f"dependencies.{rq.id}",
                        )
                    ]
                )
            outcome = str(spec["outcome"])
            _check_outcome(rq.id, rq.outcomes, outcome)
            decision = spec.get("decision")
            year_given = spec.get("year", dep_year)
            if check_year(year_given):  # a whole number within the evaluation years (1990-2200)
                raise InputError(check_year(year_given, f"dependencies.{rq.id}.year"))
            out.append(
                DependencyResult(
                    rq.id,
                    rq.pack,
                    year_given,
                    outcome,
                    "supplied",
                    None if decision is None else str(decision),
                )
            )
            continue
        extra = set(spec) - _INPUT_KEYS
        if extra:
            raise InputError(
                [
                    Problem(
                        Text(f"khoá không được phép: {sorted(extra)}", f"unknown keys: {sorted(extra)}"),
                        field=f"dependencies.{rq.id}",
                    )
                ]
            )
        dep_pack = reg.select(
            rq.pack, None if spec.get("pack_version") is None else str(spec["pack_version"]), unit.subject, dep_year
        )
        result = _nested(dep_pack, unit, dep_year, spec, reg, _depth, rq.id)
        out.append(
            DependencyResult(
                rq.id,
                dep_pack.id,
                dep_year,
                result.outcome,
                "evaluated",
                None,
                dep_pack.version,
                result.illustrative,
                result,
            )
        )
    return tuple(out)


def _nested(
    pack: Pack, unit: UnitRef, year: int, spec: Mapping[str, Any], reg: PackRegistry, depth: int, dep_id: str
) -> Any:
    from antq_rules.engine._evaluate import evaluate_validated  # evaluation and chains call each other
    from antq_rules.inputs import validate_input

    try:
        validated = validate_input(
            pack,
            unit,
            year,
            spec.get("indicators") or {},
            spec.get("previous_year"),
            spec.get("events"),
            spec.get("parameters"),
            scores=spec.get("scores"),
        )
    except InputError as exc:
        prefix = f"dependencies.{dep_id}"
        raise InputError(
            [attrs.evolve(p, field=f"{prefix}.{p.field}" if p.field else prefix) for p in exc.problems]
        ) from None
    given = spec.get("dependencies") or {}
    deps = resolve_dependencies(pack, unit, year, given, reg, depth + 1)
    return evaluate_validated(pack, validated, deps)


def _check_outcome(dep_id: str, outcomes: tuple[str, ...], outcome: str) -> None:
    allowed = (*outcomes, "not_applicable", "undetermined", "incomplete", "not_eligible")
    if outcome not in allowed:
        raise InputError(
            [
                Problem(
                    Text(
                        f"kết quả '{outcome}' không hợp lệ (có: {', '.join(outcomes)})",
                        f"outcome '{outcome}' is not one of {', '.join(outcomes)}",
                    ),
                    field=f"dependencies.{dep_id}.outcome",
                )
            ]
        )
