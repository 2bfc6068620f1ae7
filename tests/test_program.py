"""The generated code gives exactly the results of the checked closures, criterion by criterion.

Every expression is compiled twice by the library: into a tree of closures (the checking compiler) and
into generated Python source (speed). The engine runs a whole subject's criteria as one generated
function. Here the same pack files are also loaded with generation switched off, evaluated one
criterion at a time through the closures, and both results are compared on inputs generated from each
pack's own declarations (every shipped pack and example overlay, every subject).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import antq_rules.expressions._compile as expression_compiler
from antq_rules import evaluate
from antq_rules.engine._evaluate import _plan
from antq_rules.engine._scoring import _scored_expression
from antq_rules.packs import Pack, PackRegistry, load_packs, shipped_packs_dir
from pack_inputs import accepted_input, unit_input

YEAR = 2026
PACK_FILES = sorted(shipped_packs_dir().glob("*.yaml")) + sorted((shipped_packs_dir() / "examples").glob("*.yaml"))


def _load(generated: bool) -> PackRegistry:
    if generated:
        return load_packs(PACK_FILES)
    # every expression loaded with fast=False: its function is the tree of closures (a fast expression's
    # function is generated when first read, so patching the generator during the load would not do)
    defaults = expression_compiler.compile_expression.__kwdefaults__
    assert defaults is not None
    defaults["fast"] = False
    try:
        reg = load_packs(PACK_FILES)
    finally:
        defaults["fast"] = True
    for pack in reg:
        _closures_only(pack)
    return reg


def _closures_only(pack: Pack) -> None:
    """No subject program: one criterion, one scoring item at a time. Set again on every use, because the
    engine's plan cache is bounded and a long test session may evict (and rebuild) the plan in between."""
    plan = _plan(pack)
    plan.programs = dict.fromkeys(pack.subjects)
    plan.item_programs = dict.fromkeys(pack.subjects)


GENERATED, CLOSURES = _load(True), _load(False)
CASES = [(p.ref, s) for p in GENERATED for s in p.subjects if p.criteria_by_subject[s] or p.items_by_subject[s]]


def _pair(ref: str) -> tuple[Pack, Pack]:
    pick = {p.ref: p for p in GENERATED}, {p.ref: p for p in CLOSURES}
    _closures_only(pick[1][ref])
    return pick[0][ref], pick[1][ref]


def test_the_two_loads_differ_only_in_how_checks_run() -> None:
    assert [p.ref for p in GENERATED] == [p.ref for p in CLOSURES]
    for fast, slow in (_pair(p.ref) for p in GENERATED):
        assert fast.content_hash == slow.content_hash
        assert any(_plan(fast).programs[s] for s in fast.subjects)
        assert not any(_plan(slow).programs[s] for s in slow.subjects)
        for a, b in zip(fast.criteria, slow.criteria, strict=True):
            assert a.check.fn.__code__.co_filename == "<antq-rules expression>"
            assert b.check.fn.__code__.co_filename != "<antq-rules expression>"


def _run(pack: Pack, doc: dict[str, Any]) -> Any:
    return evaluate(pack, doc["unit"], YEAR, doc["indicators"], doc["previous_year"], doc["events"], doc["parameters"])


@pytest.mark.parametrize(("ref", "subject"), CASES, ids=[f"{r}-{s}" for r, s in CASES])
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_property_generated_code_agrees_with_the_closures(ref: str, subject: str, data: st.DataObject) -> None:
    fast, slow = _pair(ref)
    doc = data.draw(unit_input(fast, subject, YEAR))
    for accepted in accepted_input(fast, doc, _run):
        a, b = _run(fast, accepted), _run(slow, accepted)
        assert a.criteria == b.criteria
        assert a.to_dict() == b.to_dict()


def test_scored_subjects_run_their_items_in_one_function() -> None:
    """The property above compares a subject's generated items program (scoring) with the items run one
    by one through the closures: the generated load has the program, the closures load never."""
    scored = [(p.ref, s) for p in GENERATED if p.kind != "standard" for s in p.subjects if p.items_by_subject[s]]
    assert {r.split("@")[0] for r, _ in scored} >= {"vn.bca.qd510", "vn.vd.tinh_mau.qd510"}
    for ref, subject in scored:
        fast, slow = _pair(ref)
        runs_an_expression = any(_scored_expression(i) for i in fast.items_by_subject[subject])
        program = _plan(fast).item_programs[subject]
        assert (program is not None) == runs_an_expression, (ref, subject)
        assert _plan(slow).item_programs[subject] is None
        if program is not None:
            assert program.__code__.co_filename == "<antq-rules items>"


def test_generated_program_sees_no_builtins() -> None:
    pack = next(p for p in GENERATED if p.id == "vn.bca.tt124")
    program = _plan(pack).programs["kdc"]
    assert program is not None
    assert program.run.__globals__["__builtins__"] == {}
    assert program.run.__code__.co_filename == "<antq-rules criteria>"
    assert not program.needs_context  # every TT 124 check is written inline: no context is built


def test_every_shipped_file_is_compared() -> None:
    assert {Path(p).name for p in PACK_FILES} >= {"tt124.yaml", "qd510.yaml", "qd3554.yaml"}
    assert {r.split("@")[0] for r, _ in CASES} >= {"vn.bca.tt124", "vn.bca.qd3554"}


_OWN_LITERALS = {
    "met",
    "not_met",
    "not_applicable",
    "undetermined",
    "counted",
    "excused",
    "evaluation",
    "type",
    "date",
    "id",
    "in",  # the operator text of date_in() steps
}


def _strings(code: Any) -> set[str]:
    out = set()
    for c in code.co_consts:
        if isinstance(c, str):
            out.add(c)
        elif hasattr(c, "co_consts"):
            out |= _strings(c)
    return out


def test_generated_code_holds_no_text_of_the_pack() -> None:
    """Generated source refers to the pack's names and texts through the constant table only."""
    from antq_rules.inputs._validate import _plan as input_plan

    for pack in GENERATED:
        programs = [_plan(pack).programs[s] for s in pack.subjects]  # (each written on first use)
        functions = [p.run for p in programs if p is not None]
        functions += [c.check.fn for c in pack.criteria]
        plan = input_plan(pack)
        functions += [*plan.fast.values(), plan.fast_previous, plan.fast_events]
        functions += [f for f in plan.constraints_hold.values() if f is not None]
        functions += [f for s in pack.subjects if (f := _plan(pack).item_programs[s]) is not None]
        for fn in functions:
            assert fn.__globals__["__builtins__"] == {}
            assert _strings(fn.__code__) <= _OWN_LITERALS, fn.__code__.co_filename
            assert not set(fn.__code__.co_names) & set(pack.indicators), fn.__code__.co_filename
