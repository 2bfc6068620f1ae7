"""Evaluate one unit against a compiled pack: exclusions, every criterion, the combined outcome."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from antq_rules._lazy import OnFirstUse
from antq_rules._text import Text
from antq_rules.engine._chain import resolve_dependencies
from antq_rules.engine._program import write_program
from antq_rules.engine._scoring import score, write_items_program
from antq_rules.errors import InputError, Problem
from antq_rules.expressions import SLOT, UNKNOWN, Context
from antq_rules.inputs import UnitRef, ValidatedInput, validate_input
from antq_rules.inputs._arguments import unit_problems
from antq_rules.inputs._validate import pack_windows
from antq_rules.packs import Pack, PackRegistry
from antq_rules.results import (
    RESULT_SCHEMA_ID,
    CriterionInfo,
    CriterionResult,
    DependencyResult,
    Exclusion,
    ObservedSource,
    PackRef,
    ParameterUsed,
    Result,
    ScoreResult,
    ValueUsed,
)

__all__ = ["evaluate", "evaluate_validated", "outcome_label", "resolve_dependencies"]

_tn = tuple.__new__  # builds a NamedTuple record without its Python-level __new__
# evaluate_validated builds a Result positionally, in this order
assert Result._fields[:5] == ("pack", "unit", "year", "window", "outcome")
assert Result._fields[12:] == (
    "schema",
    "kind",
    "score",
    "dependencies",
    "provenance",
    "illustrative",
    "overlay",
    "outside_events",
    "scope_notes",
)
_UNDETERMINED_LABEL = Text("Chưa xác định được", "Undetermined")
_NOT_APPLICABLE_LABEL = Text("Không thuộc đối tượng áp dụng", "Not applicable")
_UNDECIDED_SCOPE = Text(
    "Chưa xác định được đơn vị có thuộc phạm vi áp dụng hay không",
    "It cannot be decided whether the unit is within scope",
)


def _provenance_of(pack: Pack, subject: str) -> tuple[tuple[str, int], ...]:
    """How many of the values a subject's evaluation rests on have each provenance status."""
    counts: Counter[str] = Counter()
    crits = pack.criteria_by_subject[subject]
    names = {n for c in crits for n in c.law}
    params = {n for c in crits for n in c.params}
    for it in pack.items_by_subject[subject]:
        counts[it.max.provenance.status] += 1
        counts.update(b.points.provenance.status for b in it.bands)
        for e in (it.check, it.share, *(b.when for b in it.bands)):
            if e is not None:
                names.update(e.law)
                params.update(e.params)
    if pack.levels:
        assert pack.total is not None
        counts[pack.total.provenance.status] += 1
        for lv in pack.levels:
            counts.update((lv.min.provenance.status, lv.max.provenance.status))
            for cond in lv.conditions:
                names.update(cond.when.law)
                if cond.provenance is not None:
                    counts[cond.provenance.status] += 1
    for cap in pack.caps:
        names.update(cap.when.law)
        if cap.provenance is not None:
            counts[cap.provenance.status] += 1
    counts.update(pack.values[n].provenance.status for n in names)
    counts.update(pack.parameters[n].provenance.status for n in params)
    counts.update(c.provenance.status for c in crits if c.provenance is not None)
    return tuple(sorted(counts.items()))


_Step = tuple[Callable[[Context], Any], Callable[[Context], Any] | None, Text | None, CriterionInfo]


class _PackPlan:
    """Per-pack data computed once: pack reference, law values, thresholds per criterion."""

    def __init__(self, pack: Pack) -> None:
        self.ref = PackRef(pack.id, pack.version, pack.content_hash, pack.instrument.number, pack.title)
        self.law = pack.law
        self.infos = {
            c.id: CriterionInfo(
                id=c.id,
                citation=c.citation,
                title=c.title,
                description=c.description,
                thresholds=tuple(
                    ValueUsed(
                        n,
                        None if v.value is SLOT else v.value,
                        v.unit,
                        v.citation,
                        v.provenance,
                        v.description,
                        v.origin,
                        None if v.replaced is None or v.replaced.value is SLOT else v.replaced.value,
                    )
                    for n in c.law
                    for v in (pack.values[n],)
                ),
                parameters=c.params,
                reused_from=c.reused_from,
                origin=c.origin,
                provenance=c.provenance,
                indicators=c.indicators,
                prev_indicators=c.prev_indicators,
            )
            for c in pack.criteria
        }
        by_subject = pack.criteria_by_subject
        # Both are written for a subject when a unit of it is first evaluated, not for every subject at once:
        # writing a subject's program costs about 15 ms (a CLI run evaluates one subject).
        self.steps: dict[str, tuple[_Step, ...]] = OnFirstUse(
            lambda s: tuple(
                (
                    c.check.fn,
                    c.applies_when.fn if c.applies_when is not None else None,
                    c.not_applicable_reason,
                    self.infos[c.id],
                )
                for c in by_subject[s]
            )
        )
        # one generated function per subject runs all its criteria (None: call the steps one by one)
        self.programs: dict[str, Any] = OnFirstUse(lambda s: write_program(by_subject[s], self.infos))
        # likewise, one generated function per scored subject runs its items' checks and shares
        self.item_programs: dict[str, Any] = OnFirstUse(lambda s: write_items_program(pack.items_by_subject[s]))
        self.provenance = {s: _provenance_of(pack, s) for s in pack.subjects}
        # each required pack's id -> the outcomes it may give (a supplied one outside them is not used)
        self.required_outcomes = {r.id: r.outcomes for r in pack.requires}
        self.illustrative = {s: "illustrative" in dict(p) for s, p in self.provenance.items()}
        self.default_parameters = _parameters_cached(pack, (), frozenset())
        labels = pack.extra_criteria
        self.extra_note: dict[str, Text | None] = {}
        for subject, crits in pack.criteria_by_subject.items():
            local = [c.id for c in crits if c.origin != "national"]
            if local:
                ids = ", ".join(local)
                self.extra_note[subject] = Text(
                    f"Áp dụng {len(local)} tiêu chí bổ sung của địa phương: {ids}",
                    f"{len(local)} provincial extra criteria applied: {ids}",
                )
            elif labels and labels.get("allowed"):
                self.extra_note[subject] = Text(
                    "Không áp dụng tiêu chí bổ sung của địa phương trong lần đánh giá này",
                    "No provincial extra criteria were applied in this evaluation",
                )
            else:
                self.extra_note[subject] = None
        self.subjects: dict[str, _SubjectPlan] = OnFirstUse(lambda s: _subject_plan(pack, self, s))
        self.overlay_base = pack.overlay.base if pack.overlay else None


class _SubjectPlan(NamedTuple):
    """What :func:`evaluate_validated` reads of one subject, in one lookup (a dozen lookups fewer per
    evaluation, about 4 % of a pre-validated residential area's)."""

    program: Any  # the criteria program (None: the criteria run one by one)
    exclusions: tuple[Any, ...]
    # the criteria program runs without an evaluation context: nothing reads one (no exclusion to
    # test, no closure call in a check, no score to compute) unless dependencies are supplied
    plain: bool
    provenance: tuple[tuple[str, int], ...]
    illustrative: bool
    extra_note: Text | None


def _subject_plan(pack: Pack, plan: _PackPlan, subject: str) -> _SubjectPlan:
    program = plan.programs[subject]
    exclusions = pack.exclusions_by_subject[subject]
    plain = program is not None and not program.needs_context and not exclusions and pack.kind == "standard"
    return _SubjectPlan(
        program, exclusions, plain, plan.provenance[subject], plan.illustrative[subject], plan.extra_note[subject]
    )


@lru_cache(maxsize=64)
def _plan(pack: Pack) -> _PackPlan:
    return _PackPlan(pack)


def evaluate(
    pack: Pack,
    unit: UnitRef | Mapping[str, Any],
    year: int,
    indicators: Mapping[str, Any],
    previous_year: Mapping[str, Any] | None = None,
    events: Sequence[Mapping[str, Any]] | None = None,
    parameters: Mapping[str, Any] | None = None,
    *,
    scores: Mapping[str, Any] | None = None,
    dependencies: Mapping[str, Any] | None = None,
    registry: PackRegistry | None = None,
) -> Result:
    """Validate a unit's input and evaluate it against ``pack`` for evaluation ``year``.

    ``events``: the events of the evaluation period. An empty list means that no event occurred;
    ``None`` (the default) means that events were not reported, so every criterion that counts
    events is undetermined, with ``events`` among its missing inputs.

    Raises :class:`~antq_rules.errors.InputError` (listing every problem) on invalid input.

    >>> from antq_rules import shipped_pack
    >>> pack = shipped_pack("vn.bca.tt124")
    >>> r = evaluate(pack, {"id": "X", "subject": "dn", "kind": "doanh_nghiep"}, 2026,
    ...              {"dn_size_class": "small"})
    >>> r.outcome
    'not_applicable'
    """
    if dependencies is not None and not isinstance(dependencies, Mapping):
        raise InputError(
            [
                Problem(
                    Text("'dependencies' phải là một bảng khoá–giá trị", "'dependencies' must be a mapping"),
                    field="dependencies",
                )
            ]
        )
    if not isinstance(unit, UnitRef):
        problems = unit_problems(unit)
        if problems:
            raise InputError(problems)
        unit = UnitRef(unit["id"], unit["subject"], unit.get("kind"), unit.get("name"))
    validated = validate_input(pack, unit, year, indicators, previous_year, events, parameters, scores=scores)
    if not pack.requires and not dependencies:
        return evaluate_validated(pack, validated)  # nothing to resolve
    return evaluate_validated(pack, validated, resolve_dependencies(pack, unit, year, dependencies or {}, registry))


def _run_criteria(
    steps: tuple[_Step, ...], ctx: Context, source: ObservedSource
) -> tuple[tuple[CriterionResult, ...], int, int]:
    """Evaluate every criterion of a subject; return the results and counts of not_met, undetermined."""
    out = []
    not_met = undetermined = 0
    new = tuple.__new__  # CriterionResult is a NamedTuple; this skips its Python-level __new__
    cr = CriterionResult
    # one trace, missing and undefined list for the whole subject: generated checks bind them once per
    # call, and each criterion's share is copied out and the list cleared
    trace: list[Any] = []
    missing: list[str] = []
    undefined: list[str] = []
    ctx.trace, ctx.missing, ctx.undefined = trace, missing, undefined
    for check, applies_when, na_reason, info in steps:
        applies = True if applies_when is None else applies_when(ctx)
        if applies is False:
            out.append(new(cr, (info, "not_applicable", tuple(trace), (), (), na_reason, source)))
            trace.clear()
            missing.clear()
            undefined.clear()
            continue
        r = check(ctx)
        steps_taken = tuple(trace)
        trace.clear()
        lacking: tuple[str, ...] = ()
        if undefined:
            lacking = tuple(undefined)
            undefined.clear()
        if r is True and applies is True:
            out.append(new(cr, (info, "met", steps_taken, (), lacking, None, source)))
        elif r is False and applies is True:
            not_met += 1
            out.append(new(cr, (info, "not_met", steps_taken, (), lacking, None, source)))
        else:
            undetermined += 1
            out.append(
                new(cr, (info, "undetermined", steps_taken, tuple(dict.fromkeys(missing)), lacking, None, source))
            )
        if missing:
            missing.clear()
    return tuple(out), not_met, undetermined


def _parameters(pack: Pack, inp: ValidatedInput) -> tuple[ParameterUsed, ...]:
    if not inp.chosen_parameters:
        return _parameters_cached(pack, (), frozenset())
    return _parameters_cached(pack, tuple(inp.parameters.items()), inp.chosen_parameters)


@lru_cache(maxsize=1024)
def _parameters_cached(
    pack: Pack, values: tuple[tuple[str, Any], ...], chosen: frozenset[str]
) -> tuple[ParameterUsed, ...]:
    params = dict(values) if values else {n: p.default for n, p in pack.parameters.items()}
    out = []
    for name, p in pack.parameters.items():
        value = params[name]
        choice = p.choices.get(value) if p.choices and isinstance(value, str) else None
        # a default an overlay set is the province's choice: reported as provincial, with its citation
        provincial = p.citation is not None and name not in chosen
        out.append(
            ParameterUsed(
                name,
                value,
                name not in chosen and not provincial,
                p.description,
                choice,
                p.provenance,
                "provincial" if provincial else "national",
                p.citation if provincial else None,
            )
        )
    return tuple(out)


def evaluate_validated(pack: Pack, inp: ValidatedInput, dependencies: tuple[DependencyResult, ...] = ()) -> Result:
    """Evaluate input that :func:`~antq_rules.inputs.validate_input` already accepted.

    ``dependencies`` are the outcomes of the packs this one requires (see
    :func:`~antq_rules.engine.resolve_dependencies`); a requirement without one is undetermined.
    """
    plan = _plan(pack)
    subject = inp.unit.subject
    windows = inp.windows if inp.windows is not None else pack_windows(pack, inp.year, subject)
    program, exclusions, plain, statuses, illustrative, extra_note = plan.subjects[subject]
    ctx: Any = None
    if not plain or dependencies:
        ctx = Context(inp.values, inp.previous, inp.events, windows, plan.law, inp.parameters)
    if dependencies:
        allowed = plan.required_outcomes
        ctx.deps = {d.id: d.outcome for d in dependencies if d.outcome in allowed.get(d.id, ())}
    exclusion = None
    score_result: ScoreResult | None = None
    undecided: list[str] = []
    for ex in exclusions:
        ctx.missing = []
        r = ex.when.fn(ctx)
        if r is True:
            exclusion = Exclusion(ex.id, ex.citation, ex.reason)
            break
        if r is UNKNOWN:
            undecided.extend(ctx.missing)
    scope_notes: list[Exclusion] = []
    if exclusion is None:
        for ex in exclusions:
            if ex.kept_when is not None and ex.kept_reason is not None and ex.kept_when.fn(ctx) is True:
                scope_notes.append(Exclusion(ex.id, ex.citation, ex.kept_reason))
    if exclusion is not None:
        criteria = tuple(
            CriterionResult(plan.infos[c.id], "not_applicable", reason=exclusion.reason, source=())
            for c in pack.criteria_by_subject[subject]
        )
        outcome, label = "not_applicable", _NOT_APPLICABLE_LABEL
    else:
        source = _tn(ObservedSource, (inp.values, inp.previous, inp.defaults_used))
        if program is not None:
            criteria, not_met, undetermined = program.run(
                inp.values, inp.previous, inp.events, windows, plan.law, inp.parameters, source, ctx
            )
        else:
            criteria, not_met, undetermined = _run_criteria(plan.steps[subject], ctx, source)
        if pack.kind == "standard":
            if undecided:
                outcome = "undetermined"  # if the unit is out of scope, no failure would count
            elif not_met:
                outcome = "fail"
            elif undetermined:
                outcome = "undetermined"
            else:
                outcome = "pass"
            label = _UNDETERMINED_LABEL if outcome == "undetermined" else pack.outcome_labels[outcome]
        else:
            score_result = score(pack, subject, ctx, inp.scores, plan.item_programs[subject])
            outcome, label = _scored_outcome(pack, score_result, bool(undecided), not_met, undetermined)
    if dependencies and not illustrative:
        illustrative = any(d.illustrative for d in dependencies)
    return _tn(
        Result,
        (
            plan.ref,
            inp.unit,
            inp.year,
            inp.window,
            outcome,
            label,
            pack.outcome_citation,
            criteria,
            _parameters(pack, inp) if inp.chosen_parameters else plan.default_parameters,
            exclusion,
            tuple(dict.fromkeys(undecided)) if undecided and exclusion is None else (),
            extra_note,
            RESULT_SCHEMA_ID,
            pack.kind,
            score_result,
            dependencies,
            statuses,
            illustrative,
            plan.overlay_base,
            inp.outside_events,
            tuple(scope_notes),
        ),
    )


_INCOMPLETE_LABEL = Text(
    "Chưa đủ căn cứ: còn giá trị chưa biết (chưa có văn bản)",
    "Incomplete: some values are not known yet (no official text)",
)
_NOT_ELIGIBLE_LABEL = Text("Không đủ điều kiện lựa chọn", "Not eligible")


# the outcomes whose label is the library's, whatever the pack (the others: the pack's outcome or level)
FIXED_OUTCOME_LABELS = {
    "not_applicable": _NOT_APPLICABLE_LABEL,
    "undetermined": _UNDETERMINED_LABEL,
    "incomplete": _INCOMPLETE_LABEL,
    "not_eligible": _NOT_ELIGIBLE_LABEL,
}


def outcome_label(pack: Pack, outcome: str, score: ScoreResult | None) -> Text:
    """The label of an outcome, as :func:`evaluate_validated` gives it (a compact result is expanded with it)."""
    if outcome in FIXED_OUTCOME_LABELS:
        return FIXED_OUTCOME_LABELS[outcome]
    if pack.kind == "standard":
        return pack.outcome_labels[outcome]
    assert score is not None and score.level_name is not None
    return score.level_name


def _scored_outcome(pack: Pack, s: ScoreResult, undecided: bool, not_met: int, undetermined: int) -> tuple[str, Text]:
    if pack.kind == "exemplary" and not_met and not undecided:
        return "not_eligible", _NOT_ELIGIBLE_LABEL
    if s.status == "incomplete":
        return "incomplete", _INCOMPLETE_LABEL
    if undecided or s.status == "undetermined" or (pack.kind == "exemplary" and undetermined):
        return "undetermined", _UNDETERMINED_LABEL
    assert s.level is not None and s.level_name is not None
    return s.level, s.level_name
