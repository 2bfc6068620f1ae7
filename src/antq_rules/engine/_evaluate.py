"""Evaluate one unit against a compiled pack: exclusions, every criterion, the combined outcome."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from antq_rules._text import Text
from antq_rules.expressions import UNKNOWN, Context, EventVerdict
from antq_rules.inputs import UnitRef, ValidatedInput, validate_input
from antq_rules.packs import Criterion, Pack
from antq_rules.results import (
    Comparison,
    CriterionResult,
    EventRecord,
    Exclusion,
    Observation,
    PackRef,
    ParameterUsed,
    Result,
    ValueUsed,
)

__all__ = ["evaluate", "evaluate_validated"]

_UNDETERMINED_LABEL = Text("Chưa xác định được", "Undetermined")
_NOT_APPLICABLE_LABEL = Text("Không thuộc đối tượng áp dụng", "Not applicable")
_UNDECIDED_SCOPE = Text(
    "Chưa xác định được đơn vị có thuộc phạm vi áp dụng hay không",
    "It cannot be decided whether the unit is within scope",
)


class _PackPlan:
    """Per-pack data computed once: pack reference, law values, thresholds per criterion."""

    def __init__(self, pack: Pack) -> None:
        self.ref = PackRef(pack.id, pack.version, pack.content_hash, pack.instrument.number, pack.title)
        self.law = {k: v.value for k, v in pack.values.items()}
        self.thresholds = {
            c.id: tuple(
                ValueUsed(n, v.value, v.unit, v.citation, v.provenance, v.description)
                for n in c.law
                for v in (pack.values[n],)
            )
            for c in pack.criteria
        }
        labels = pack.extra_criteria
        self.extra_note = (
            Text(
                "Không áp dụng tiêu chí bổ sung của địa phương trong lần đánh giá này",
                "No provincial extra criteria were applied in this evaluation",
            )
            if labels and labels.get("allowed")
            else None
        )


@lru_cache(maxsize=64)
def _plan(pack: Pack) -> _PackPlan:
    return _PackPlan(pack)


@lru_cache(maxsize=4096)
def _windows(pack: Pack, year: int, subject: str) -> dict[str, tuple[date, date]]:
    out = {wid: w.spec.for_year(year) for wid, w in pack.windows.items()}
    out["evaluation"] = pack.evaluation_window(subject, year)
    return out


def evaluate(
    pack: Pack,
    unit: UnitRef | Mapping[str, Any],
    year: int,
    indicators: Mapping[str, Any],
    previous_year: Mapping[str, Any] | None = None,
    events: Sequence[Mapping[str, Any]] = (),
    parameters: Mapping[str, Any] | None = None,
) -> Result:
    """Validate a unit's input and evaluate it against ``pack`` for evaluation ``year``.

    Raises :class:`~antq_rules.errors.InputError` (listing every problem) on invalid input.

    >>> from antq_rules import shipped_pack
    >>> pack = shipped_pack("vn.bca.tt124")
    >>> r = evaluate(pack, {"id": "X", "subject": "dn", "kind": "doanh_nghiep"}, 2026,
    ...              {"dn_size_class": "small"})
    >>> r.outcome
    'not_applicable'
    """
    if not isinstance(unit, UnitRef):
        unit = UnitRef(str(unit["id"]), str(unit["subject"]), unit.get("kind"), unit.get("name"))
    validated = validate_input(pack, unit, year, indicators, previous_year, events, parameters)
    return evaluate_validated(pack, validated)


def _observed(c: Criterion, inp: ValidatedInput) -> tuple[Observation, ...]:
    out = []
    values, defaults = inp.values, inp.defaults_used
    for n in c.indicators:
        if n in values:
            out.append(Observation(n, values[n], "default" if n in defaults else "input"))
        else:
            out.append(Observation(n, None, "missing"))
    for n in c.prev_indicators:
        v = inp.previous.get(n)
        out.append(Observation(n, v, "previous_year" if v is not None else "missing"))
    return tuple(out)


def _trace(ctx: Context) -> tuple[tuple[Comparison, ...], tuple[EventRecord, ...]]:
    comparisons = []
    events: list[EventRecord] = []
    for entry in ctx.trace:
        site = entry[0]
        if site.kind == "count_events":
            verdicts: tuple[EventVerdict, ...] = entry[1]
            for v in verdicts:
                ev = v.event
                events.append(EventRecord(ev.index, ev.id, ev.type, ev.date, v.list_id, v.point, v.status, v.reason))
            res = entry[3]
            comparisons.append(Comparison(site.text, "count", None if res is UNKNOWN else res, entry[2], None))
            continue
        left, right, res = entry[1], entry[2], entry[3]
        comparisons.append(
            Comparison(
                site.text,
                site.op,
                None if left is UNKNOWN else left,
                None if right is UNKNOWN else right,
                None if res is UNKNOWN else res,
                tuple(sorted(entry[4])) if len(entry) > 4 else (),
            )
        )
    return tuple(comparisons), tuple(events)


def _criterion(c: Criterion, ctx: Context, inp: ValidatedInput, plan: _PackPlan) -> CriterionResult:
    ctx.trace = []
    ctx.missing = []
    ctx.undefined = []
    status = None
    reason = None
    if c.applies_when is not None:
        applies = c.applies_when.fn(ctx)
        if applies is False:
            status, reason = "not_applicable", c.not_applicable_reason
    if status is None:
        r = c.check.fn(ctx)
        if c.applies_when is not None and applies is UNKNOWN:
            status = "undetermined"
        else:
            status = "met" if r is True else ("not_met" if r is False else "undetermined")
    comparisons, events = _trace(ctx)
    return CriterionResult(
        id=c.id,
        status=status,
        citation=c.citation,
        title=c.title,
        description=c.description,
        observed=_observed(c, inp),
        thresholds=plan.thresholds[c.id],
        parameters=c.params,
        comparisons=comparisons,
        events=events,
        missing=tuple(dict.fromkeys(ctx.missing)) if status == "undetermined" else (),
        undefined=tuple(ctx.undefined),
        reason=reason,
        reused_from=c.reused_from,
        origin=c.origin,
        provenance=c.provenance,
    )


def _parameters(pack: Pack, inp: ValidatedInput) -> tuple[ParameterUsed, ...]:
    out = []
    for name, p in pack.parameters.items():
        value = inp.parameters[name]
        choice = p.choices.get(value) if p.choices and isinstance(value, str) else None
        out.append(ParameterUsed(name, value, name not in inp.chosen_parameters, p.description, choice, p.provenance))
    return tuple(out)


def evaluate_validated(pack: Pack, inp: ValidatedInput) -> Result:
    """Evaluate input that :func:`~antq_rules.inputs.validate_input` already accepted."""
    plan = _plan(pack)
    subject = inp.unit.subject
    ctx = Context(inp.values, inp.previous, inp.events, _windows(pack, inp.year, subject), plan.law, inp.parameters)
    exclusion = None
    undecided: list[str] = []
    for ex in pack.exclusions_by_subject[subject]:
        ctx.missing = []
        r = ex.when.fn(ctx)
        if r is True:
            exclusion = Exclusion(ex.id, ex.citation, ex.reason)
            break
        if r is UNKNOWN:
            undecided.extend(ctx.missing)
    criteria_spec = pack.criteria_by_subject[subject]
    if exclusion is not None:
        criteria = tuple(
            CriterionResult(
                id=c.id,
                status="not_applicable",
                citation=c.citation,
                title=c.title,
                description=c.description,
                reason=exclusion.reason,
                reused_from=c.reused_from,
                origin=c.origin,
                provenance=c.provenance,
            )
            for c in criteria_spec
        )
        outcome, label = "not_applicable", _NOT_APPLICABLE_LABEL
    else:
        criteria = tuple(_criterion(c, ctx, inp, plan) for c in criteria_spec)
        statuses = {c.status for c in criteria}
        if undecided:
            outcome = "undetermined"  # if the unit is out of scope, no failure would count
        elif "not_met" in statuses:
            outcome = "fail"
        elif "undetermined" in statuses:
            outcome = "undetermined"
        else:
            outcome = "pass"
        label = _UNDETERMINED_LABEL if outcome == "undetermined" else pack.outcome_labels[outcome]
    return Result(
        pack=plan.ref,
        unit=inp.unit,
        year=inp.year,
        window=inp.window,
        outcome=outcome,
        outcome_label=label,
        outcome_citation=pack.outcome_citation,
        criteria=criteria,
        parameters=_parameters(pack, inp),
        exclusion=exclusion,
        undetermined_scope=tuple(dict.fromkeys(undecided)) if exclusion is None else (),
        extra_criteria=plan.extra_note,
    )
