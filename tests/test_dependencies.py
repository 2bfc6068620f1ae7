"""Dependencies between packs: supplied, evaluated or missing outcomes, the explained chain, cycles.

Every pack used here is an illustrative test fixture (``tests/fixtures/mini.yaml`` and
``tests/fixtures/scoring/*.yaml``); none of it is law.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from antq_rules import AntqError, EvaluationError, InputError, PackError, evaluate, render_text
from antq_rules.packs import Pack, PackRegistry, load_pack, load_pack_text, load_packs
from antq_rules.results import DependencyResult, Result

FIXTURES = Path(__file__).parent / "fixtures"
SCORING = FIXTURES / "scoring"
MINI = FIXTURES / "mini.yaml"
MINI_V2 = SCORING / "mini_v2.yaml"
BASE = SCORING / "base.yaml"
OVERLAY = SCORING / "overlay.yaml"
CYCLE_A = SCORING / "cycle_a.yaml"
CYCLE_B = SCORING / "cycle_b.yaml"
KDC = {"id": "KDC-1", "subject": "kdc", "kind": "thon", "name": "Thôn Thử (minh hoạ)"}
FULL = {"plan_ok": True, "part": 10, "people": 10}  # 100 points with S.3 = 5: the xuat_sac band
KHA = {"plan_ok": True, "part": 6, "people": 10}  # 10 + 10 + 39 + 5 = 64: the kha band
HAND = {"S.3": {"points": 5, "reason": "Biên bản họp (minh hoạ)"}}
DECISION = "QĐ 123/QĐ-UBND ngày 18/11/2025 (minh hoạ)"
MINI_GOOD = {"resident": 10, "registered": 10, "reg_date": "2026-02-01", "crimes": 2, "rating": "mid"}
MINI_PREV = {"crimes": 3}

# A standard pack that requires the classification (illustrative test fixture, written by the tests).
TOP = """\
# Illustrative test fixture (ví dụ minh hoạ), not law
schema: antq-rules/pack/v1
id: test.top
version: 1.0.0
kind: standard
title: {vi: "Gói phụ thuộc xếp loại (thử nghiệm)", en: "Pack requiring a level (test)"}
effective_from: 2022-01-01
instrument:
  number: 0/TEST-TOP
  type: {vi: Thử nghiệm, en: Test}
  title: {vi: "Văn bản thử nghiệm", en: "Test instrument"}
  issued: 2021-12-01
  issuer: {vi: Không có, en: Nobody}
  effective_from: 2022-01-01
requires:
  - id: cls
    pack: PACK
    year_offset: -1
    outcomes: [yeu, kha, xuat_sac]
subjects:
  - id: kdc
    name: {vi: Khu dân cư, en: Residential area}
    kinds: {thon: {vi: Thôn, en: Village}}
    window: y
    citation: {article: 1}
windows:
  y:
    name: {vi: "Năm", en: "Year"}
    start: {month: 11, day: 1, year_offset: -1}
    end: {month: 10, day: 31}
    provenance: {status: confirmed}
criteria:
  - id: TOP.1
    subjects: [kdc]
    citation: {article: 2}
    title: {vi: "Xếp loại năm trước", en: "Last year's level"}
    description: {vi: "năm trước đạt Khá trở lên", en: "at least Good last year"}
    check: "dep.cls >= 'kha'"
outcome:
  labels: {pass: {vi: Đạt, en: Pass}, fail: {vi: Chưa đạt, en: Fail}}
  citation: {article: 3}
"""


@pytest.fixture(scope="module")
def reg() -> PackRegistry:
    return load_packs([MINI, MINI_V2, BASE, OVERLAY])


@pytest.fixture(scope="module")
def overlay(reg: PackRegistry) -> Pack:
    return reg.get("test.scored_tinh")


def run(reg: PackRegistry, deps: dict[str, Any], indicators: dict[str, Any] = FULL, year: int = 2026) -> Result:
    return evaluate(reg.get("test.scored_tinh"), KDC, year, indicators, scores=HAND, dependencies=deps, registry=reg)


def condition(r: Result) -> Any:
    assert r.score is not None
    return next(c for c in r.score.conditions if c.id == "P.XS.STD")


# -- supplied -------------------------------------------------------------------------------------------


def test_supplied_outcome(reg: PackRegistry) -> None:
    r = run(reg, {"std": {"outcome": "pass", "decision": DECISION}})
    assert r.dependencies == (DependencyResult("std", "test.mini", 2026, "pass", "supplied", DECISION),)
    assert r.outcome == "xuat_sac"
    assert condition(r).status == "met"
    # the outcome by its name, not its code ("dep.std = pass")
    assert f"  test.mini: Pass (evaluation year 2026; supplied by the caller — {DECISION})" in render_text(r, "en")
    assert f"  test.mini: Đạt (năm đánh giá 2026; do bên gọi cung cấp — {DECISION})" in render_text(r, "vi")
    d = json.loads(r.to_json())["dependencies"][0]
    assert d == {
        "id": "std",
        "pack": "test.mini",
        "version": None,
        "year": 2026,
        "outcome": "pass",
        "source": "supplied",
        "decision": DECISION,
        "illustrative": False,
        "result": None,
    }


def test_supplied_fail_drops_a_level(reg: PackRegistry) -> None:
    r = run(reg, {"std": {"outcome": "fail"}})
    assert r.score is not None
    assert (r.score.band, r.outcome) == ("xuat_sac", "kha")
    assert condition(r).status == "not_met"
    assert r.dependencies[0].decision is None


def test_supplied_year_is_recorded(reg: PackRegistry) -> None:
    r = run(reg, {"std": {"outcome": "pass", "year": 2025}})
    assert r.dependencies[0].year == 2025


@pytest.mark.parametrize("outcome", ["undetermined", "not_applicable"])
def test_supplied_open_outcome_leaves_the_condition_open(reg: PackRegistry, outcome: str) -> None:
    r = run(reg, {"std": {"outcome": outcome}})
    assert r.dependencies[0].outcome == outcome
    assert condition(r).status == "undetermined"
    assert r.outcome == "undetermined"


@pytest.mark.parametrize("outcome", ["excellent", "xuat_sac", "PASS", "đạt"])
def test_outcome_outside_the_declared_list(reg: PackRegistry, outcome: str) -> None:
    with pytest.raises(InputError) as info:
        run(reg, {"std": {"outcome": outcome}})
    assert [p.field for p in info.value.problems] == ["dependencies.std.outcome"]
    assert f"'{outcome}' is not one of fail, pass" in info.value.problems[0].message.en


def test_unknown_dependency_id(reg: PackRegistry) -> None:
    with pytest.raises(InputError) as info:
        run(reg, {"std": {"outcome": "pass"}, "tt124": {"outcome": "pass"}})
    assert [p.field for p in info.value.problems] == ["dependencies.tt124"]
    assert "has no requirement 'tt124' (known: std)" in info.value.problems[0].message.en


def test_dependencies_on_a_pack_without_requirements(reg: PackRegistry) -> None:
    with pytest.raises(InputError) as info:
        evaluate(reg.get("test.mini", "0.1.0"), KDC, 2026, MINI_GOOD, MINI_PREV, dependencies={"std": {}})
    assert [p.field for p in info.value.problems] == ["dependencies.std"]
    assert "has no requirement 'std'" in info.value.problems[0].message.en


@pytest.mark.parametrize(
    "spec",
    [
        {"outcome": "pass", "decided_by": "x"},
        {"indicators": MINI_GOOD, "indicator": {}},
        "pass",
        ["pass"],
    ],
)
def test_malformed_dependency(reg: PackRegistry, spec: Any) -> None:
    with pytest.raises(InputError) as info:
        run(reg, {"std": spec})
    assert [p.field for p in info.value.problems] == ["dependencies.std"]


def test_supplied_year_must_be_a_number(reg: PackRegistry) -> None:
    with pytest.raises(InputError) as info:
        run(reg, {"std": {"outcome": "pass", "year": "abc"}})
    assert [p.field for p in info.value.problems] == ["dependencies.std.year"]


# -- evaluated ------------------------------------------------------------------------------------------


def test_evaluated_from_inputs(reg: PackRegistry) -> None:
    r = run(reg, {"std": {"indicators": MINI_GOOD, "previous_year": MINI_PREV, "events": []}})
    (dep,) = r.dependencies
    assert (dep.id, dep.pack, dep.version, dep.year, dep.source) == ("std", "test.mini", "0.1.0", 2026, "evaluated")
    assert dep.outcome == "pass"
    assert isinstance(dep.result, Result)
    assert dep.result.pack.id == "test.mini" and dep.result.year == 2026
    assert dep.result.unit.id == "KDC-1"  # the same unit
    assert {c.id: c.status for c in dep.result.criteria} == {"C1": "met", "C2": "met", "C3": "met"}
    assert r.outcome == "xuat_sac"
    # test.mini rests on an illustrative share, so the chain is illustrative too
    assert dep.illustrative is True and r.illustrative is True
    text = render_text(r, "en")
    assert "  test.mini: Pass (evaluation year 2026; evaluated from inputs) [illustrative]" in text
    d = json.loads(r.to_json())["dependencies"][0]
    assert d["source"] == "evaluated" and d["version"] == "0.1.0"
    assert d["result"]["pack"]["id"] == "test.mini" and d["result"]["outcome"] == "pass"
    assert Result.from_dict(json.loads(r.to_json())) == r


def test_evaluated_fail(reg: PackRegistry) -> None:
    r = run(reg, {"std": {"indicators": {**MINI_GOOD, "registered": 9}, "previous_year": MINI_PREV}})
    dep = r.dependencies[0]
    assert dep.outcome == "fail"
    assert dep.result is not None and dep.result.criterion("C1").status == "not_met"
    assert r.outcome == "kha"


def test_evaluated_with_events_and_parameters(reg: PackRegistry) -> None:
    spec = {
        "indicators": MINI_GOOD,
        "previous_year": {"crimes": 2},
        "parameters": {"op": "<"},
        "events": [{"type": "crime", "date": "2026-03-01", "force_majeure": True}],
    }
    dep = run(reg, {"std": spec}).dependencies[0]
    assert dep.result is not None
    assert dep.result.criterion("C2").status == "met"  # the only event is excused
    assert dep.result.criterion("C3").status == "not_met"  # 2 < 2 is false with the chosen operator
    assert dep.outcome == "fail"


def test_evaluated_undetermined(reg: PackRegistry) -> None:
    r = run(reg, {"std": {"indicators": {"resident": 10}}})
    assert r.dependencies[0].outcome == "undetermined"
    assert condition(r).status == "undetermined"
    assert r.outcome == "undetermined"


def test_a_result_can_be_passed_as_the_dependency(reg: PackRegistry) -> None:
    mini = evaluate(reg.get("test.mini", "0.1.0"), KDC, 2026, MINI_GOOD, MINI_PREV, [])
    r = run(reg, {"std": mini})
    dep = r.dependencies[0]
    assert dep.source == "evaluated" and dep.result is mini and dep.outcome == "pass"
    assert r.outcome == "xuat_sac"


def test_nested_input_errors_are_reported(reg: PackRegistry) -> None:
    with pytest.raises(InputError) as info:
        run(reg, {"std": {"indicators": {**MINI_GOOD, "resident": -1, "zzz": 1}}})
    assert len(info.value.problems) == 2


def test_nested_input_errors_name_the_dependency(reg: PackRegistry) -> None:
    with pytest.raises(InputError) as info:
        run(reg, {"std": {"indicators": {**MINI_GOOD, "resident": -1, "zzz": 1}}})
    assert sorted(p.field or "" for p in info.value.problems) == [
        "dependencies.std.indicators.resident",
        "dependencies.std.indicators.zzz",
    ]


def test_evaluated_dependency_uses_the_version_in_force(reg: PackRegistry) -> None:
    nine = {
        "indicators": {**MINI_GOOD, "registered": 9, "reg_date": "2027-02-01"},
        "previous_year": MINI_PREV,
        "events": [],
    }
    r27 = run(reg, {"std": nine}, year=2027)
    assert (r27.dependencies[0].version, r27.dependencies[0].outcome) == ("0.2.0", "pass")  # 90% suffices in 0.2.0
    assert r27.dependencies[0].year == 2027
    pinned = run(reg, {"std": {**nine, "pack_version": "0.1.0"}}, year=2027)
    assert (pinned.dependencies[0].version, pinned.dependencies[0].outcome) == ("0.1.0", "fail")
    r26 = run(reg, {"std": {**nine, "indicators": {**nine["indicators"], "reg_date": "2026-02-01"}}})
    assert (r26.dependencies[0].version, r26.dependencies[0].outcome) == ("0.1.0", "fail")


def test_evaluated_dependency_with_an_unknown_version(reg: PackRegistry) -> None:
    with pytest.raises(AntqError) as info:
        run(reg, {"std": {"indicators": MINI_GOOD, "pack_version": "9.9.9"}})
    assert "9.9.9" in str(info.value)


def test_evaluated_dependency_needs_its_pack_in_the_registry() -> None:
    only = load_packs([BASE, OVERLAY, MINI])
    bare = PackRegistry([only.get("test.scored"), only.get("test.scored_tinh")])
    with pytest.raises(EvaluationError) as info:
        evaluate(
            bare.get("test.scored_tinh"),
            KDC,
            2026,
            FULL,
            scores=HAND,
            dependencies={"std": {"indicators": {}}},
            registry=bare,
        )
    assert "no pack 'test.mini'" in info.value.message.en


# -- missing --------------------------------------------------------------------------------------------


def test_missing_dependency_makes_the_condition_undetermined(reg: PackRegistry) -> None:
    r = run(reg, {})
    assert r.dependencies == (DependencyResult("std", "test.mini", 2026, None, "missing"),)
    assert condition(r).status == "undetermined"
    assert r.outcome == "undetermined"
    assert r.score is not None
    assert (r.score.status, r.score.band, r.score.level, r.score.total) == ("undetermined", "xuat_sac", None, 100)
    en = render_text(r, "en")
    assert "  test.mini: unknown (evaluation year 2026; MISSING)" in en
    assert json.loads(r.to_json())["dependencies"][0]["source"] == "missing"


def test_missing_dependency_does_not_matter_below_the_conditioned_level(reg: PackRegistry) -> None:
    r = run(reg, {}, indicators=KHA)
    assert r.score is not None and r.score.total == 64
    assert r.outcome == "kha"
    assert r.score.conditions == ()


def test_missing_dependency_in_the_national_pack(reg: PackRegistry) -> None:
    r = evaluate(reg.get("test.scored"), KDC, 2026, FULL, scores=HAND, registry=reg)
    assert r.dependencies[0].source == "missing"
    assert r.outcome == "incomplete"


# -- a chain of three packs -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "level", "outcome"),
    [("test.scored_tinh", "xuat_sac", "pass"), ("test.scored", "incomplete", "undetermined")],
)
def test_chain_of_three(reg: PackRegistry, target: str, level: str, outcome: str) -> None:
    top = load_pack_text(TOP.replace("PACK", target), "top.yaml")
    spec = {
        "indicators": FULL,
        "scores": HAND,
        "dependencies": {
            "std": {"indicators": {**MINI_GOOD, "reg_date": "2025-02-01"}, "previous_year": MINI_PREV, "events": []}
        },
    }
    r = evaluate(top, KDC, 2026, {}, dependencies={"cls": spec}, registry=reg)
    cls = r.dependencies[0]
    assert (cls.pack, cls.year, cls.source, cls.outcome) == (target, 2025, "evaluated", level)
    assert cls.result is not None
    std = cls.result.dependencies[0]
    assert (std.pack, std.year, std.outcome, std.source) == ("test.mini", 2025, "pass", "evaluated")
    assert r.outcome == outcome
    assert r.criterion("TOP.1").status == ("met" if outcome == "pass" else "undetermined")
    assert Result.from_dict(json.loads(r.to_json())) == r


@pytest.mark.parametrize(("level", "status"), [("yeu", "not_met"), ("kha", "met"), ("xuat_sac", "met")])
def test_ordered_dependency_outcome(reg: PackRegistry, level: str, status: str) -> None:
    top = load_pack_text(TOP.replace("PACK", "test.scored_tinh"), "top.yaml")
    r = evaluate(top, KDC, 2026, {}, dependencies={"cls": {"outcome": level}}, registry=reg)
    assert r.criterion("TOP.1").status == status
    assert r.dependencies[0].year == 2025  # year_offset: -1


# -- cycles and declarations ------------------------------------------------------------------------------


def test_each_cycle_pack_alone_loads() -> None:
    assert load_pack(CYCLE_A).requires[0].pack == "test.cycle_b"
    assert load_packs([CYCLE_B]).ids() == ["test.cycle_b"]


def test_two_packs_requiring_each_other() -> None:
    with pytest.raises(PackError) as info:
        load_packs([CYCLE_A, CYCLE_B])
    problems = info.value.problems
    assert len(problems) == 1
    assert problems[0].field == "requires"
    assert "requirement cycle between packs" in problems[0].message.en
    assert "test.cycle_a → test.cycle_b → test.cycle_a" in problems[0].message.en
    assert "phụ thuộc vòng tròn" in problems[0].message.vi


def test_cycle_closed_by_a_later_load() -> None:
    first = load_packs([CYCLE_A])
    with pytest.raises(PackError) as info:
        load_packs([CYCLE_B], first)
    assert "test.cycle_a → test.cycle_b → test.cycle_a" in str(info.value)


def test_cycle_of_three(tmp_path: Path) -> None:
    text = CYCLE_A.read_text(encoding="utf-8")
    paths = []
    for me, other in (("x", "y"), ("y", "z"), ("z", "x")):
        p = tmp_path / f"cycle_{me}.yaml"
        p.write_text(text.replace("test.cycle_b", f"test.cycle_{other}").replace("test.cycle_a", f"test.cycle_{me}"))
        paths.append(p)
    load_packs(paths[:2])  # x → y → z is no cycle while z is absent
    with pytest.raises(PackError) as info:
        load_packs(paths)
    assert "test.cycle_x → test.cycle_y → test.cycle_z → test.cycle_x" in str(info.value)


def test_a_pack_cannot_require_itself() -> None:
    text = CYCLE_A.read_text(encoding="utf-8").replace("pack: test.cycle_b", "pack: test.cycle_a")
    with pytest.raises(PackError) as info:
        load_pack_text(text, "self.yaml")
    assert [p.field for p in info.value.problems] == ["requires[0].pack"]
    assert "cannot require itself" in info.value.problems[0].message.en


def test_duplicate_requirement_id() -> None:
    text = (SCORING / "base.yaml").read_text(encoding="utf-8")
    extra = "  - id: std\n    pack: test.other\n    outcomes: [fail, pass]\nsubjects:\n"
    with pytest.raises(PackError) as info:
        load_pack_text(text.replace("subjects:\n", extra, 1), "dup.yaml")
    assert [p.field for p in info.value.problems] == ["requires[1].id"]


def test_unknown_dependency_name_in_an_expression() -> None:
    text = CYCLE_A.read_text(encoding="utf-8").replace("dep.other == 'pass'", "dep.nobody == 'pass'")
    with pytest.raises(PackError) as info:
        load_pack_text(text, "bad.yaml")
    assert [p.field for p in info.value.problems] == ["criteria[0].check"]


def test_dependency_outcome_literal_must_be_declared() -> None:
    text = CYCLE_A.read_text(encoding="utf-8").replace("dep.other == 'pass'", "dep.other == 'xuat_sac'")
    with pytest.raises(PackError) as info:
        load_pack_text(text, "bad.yaml")
    assert [p.field for p in info.value.problems] == ["criteria[0].check"]


def test_declared_outcomes_are_checked_against_the_required_pack(tmp_path: Path) -> None:
    p = tmp_path / "base-bad-outcomes.yaml"
    p.write_text(BASE.read_text(encoding="utf-8").replace("outcomes: [fail, pass]", "outcomes: [bad, good]"))
    with pytest.raises(PackError) as info:
        load_packs([MINI, p])
    assert [(q.file, q.field) for q in info.value.problems] == [(str(p), "requires")]
    assert "declared outcomes ['bad', 'good'] differ from those of test.mini@0.1.0 ['fail', 'pass']" in (
        info.value.problems[0].message.en
    )


def test_declared_levels_are_checked_against_the_required_classification(tmp_path: Path) -> None:
    top = tmp_path / "top.yaml"
    top.write_text(TOP.replace("[yeu, kha, xuat_sac]", "[yeu, kha]").replace("PACK", "test.scored"), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_packs([MINI, BASE, top])
    assert [(q.file, q.field) for q in info.value.problems] == [(str(top), "requires")]
    assert "declared outcomes ['yeu', 'kha'] differ from those of test.scored@1.0.0" in str(info.value)
    top.write_text(TOP.replace("PACK", "test.scored"), encoding="utf-8")
    assert load_packs([MINI, BASE, top]).get("test.top").requires[0].outcomes == ("yeu", "kha", "xuat_sac")
