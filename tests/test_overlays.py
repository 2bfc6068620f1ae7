"""Province overlays: fill, override (tighten only), add, re-point; origins; illustrative labels (API and CLI).

Every pack used here is an illustrative test fixture (``tests/fixtures/mini.yaml`` and
``tests/fixtures/scoring/*.yaml``); none of it is law.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antq_rules import InputError, PackError, evaluate, render_text
from antq_rules.cli import main
from antq_rules.packs import Pack, PackRegistry, load_pack, load_pack_text, load_packs
from antq_rules.results import Result

FIXTURES = Path(__file__).parent / "fixtures"
SCORING = FIXTURES / "scoring"
MINI = FIXTURES / "mini.yaml"
BASE = SCORING / "base.yaml"
OVERLAY = SCORING / "overlay.yaml"
COMPLETE = SCORING / "complete.yaml"
MINI_OVERLAY = SCORING / "mini_overlay.yaml"
KDC = {"id": "KDC-1", "subject": "kdc", "kind": "thon"}
CQ = {"id": "CQ-1", "subject": "cq", "kind": "co_quan"}
BANNER_VI = "⚠ KẾT QUẢ MINH HOẠ — tính bằng giá trị minh hoạ, không phải quy định pháp luật"
BANNER_EN = "⚠ ILLUSTRATIVE RESULT — computed with illustrative values, not law"
FULL = {"plan_ok": True, "part": 10, "people": 10}
HAND = {"S.3": {"points": 5, "reason": "Biên bản họp (minh hoạ)"}}
PASS_DEP = {"std": {"outcome": "pass", "decision": "QĐ 1/QĐ-UBND (minh hoạ)"}}
MINI_GOOD = {"resident": 10, "registered": 10, "reg_date": "2026-02-01", "crimes": 2, "rating": "mid"}
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# the head of an overlay of test.complete; tests append fill / override / add sections
COMPLETE_HEAD = """\
# Illustrative test fixture (ví dụ minh hoạ), not law
schema: antq-rules/pack/v1
id: test.complete_tinh
version: 1.0.0
extends: {pack: test.complete, version: 1.0.0}
kind: classification
title: {vi: "Gói tỉnh (thử nghiệm)", en: "Province pack (test)"}
effective_from: 2023-01-01
instrument:
  number: 3/TEST-TINH
  type: {vi: Quyết định, en: Decision}
  title: {vi: "Quyết định thử nghiệm", en: "Test decision"}
  issued: 2022-12-01
  issuer: {vi: UBND tỉnh thử nghiệm, en: Test province}
  effective_from: 2023-01-01
sources:
  P3: {title: "fixture province", confidence: low}
"""
CITED = "citation: {article: 2, instrument: 3/TEST-TINH}, provenance: {status: confirmed, sources: [P3]}"
WHY = 'reason: {vi: "tỉnh đặt mức khác", en: "the province sets another bar"}'


def override(target: str, value: str) -> str:
    return f"override:\n  {target}: {{value: {value}, {CITED}, {WHY}}}\n"


def added_criterion(cid: str) -> str:
    """One line of add.criteria (flow style) for a criterion ``cid`` checking plan_ok."""
    return (
        f"    - {{id: {cid}, subjects: [cq], citation: {{article: 1}}, title: {{vi: x, en: x}},"
        f' description: {{vi: x, en: x}}, check: "plan_ok"}}\n'
    )


@pytest.fixture(scope="module")
def reg() -> PackRegistry:
    return load_packs([MINI, BASE, OVERLAY, COMPLETE, MINI_OVERLAY])


@pytest.fixture(scope="module")
def overlay(reg: PackRegistry) -> Pack:
    return reg.get("test.scored_tinh")


@pytest.fixture(scope="module")
def overlay_text() -> str:
    return OVERLAY.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scored(overlay: Pack, reg: PackRegistry) -> Result:
    return evaluate(overlay, KDC, 2026, FULL, scores=HAND, dependencies=PASS_DEP, registry=reg)


def once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, hits
    return hits[0]


def refused(text: str, reg: PackRegistry, tmp_path: Path, name: str = "tinh.yaml") -> tuple[Path, list[Any]]:
    """Write an overlay file and load it against ``reg``; return its path and the problems."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path, reg)
    return path, list(info.value.problems)


# -- the fixture overlay ------------------------------------------------------------------------------


def test_overlay_completes_the_base(scored: Result, overlay: Pack) -> None:
    assert scored.outcome == "xuat_sac"
    assert scored.score is not None and scored.score.total == 100
    assert scored.overlay == "test.scored@1.0.0"
    assert overlay.slots == ("values.unknown_x",)  # nothing reads it, so nothing is incomplete
    assert overlay.overlay is not None
    assert overlay.overlay.base == "test.scored@1.0.0"
    assert set(overlay.overlay.filled) == {
        "scoring.items.S.REST",
        "levels.yeu.max",
        "levels.kha.min",
        "levels.kha.max",
        "levels.xuat_sac.min",
    }
    assert "conditions.P.XS.STD" in overlay.overlay.added


def test_origins_of_items_conditions_and_amounts(scored: Result, overlay: Pack) -> None:
    assert scored.score is not None
    origin = {i.id: i.origin for i in scored.score.items}
    assert origin == {"S.1": "national", "S.2": "national", "S.3": "national", "P.1": "provincial"}
    p1 = next(i for i in scored.score.items if i.id == "P.1")
    assert p1.citation.instrument == "1/TEST-TINH"
    s1 = next(i for i in scored.score.items if i.id == "S.1")
    assert s1.citation.instrument == "0/TEST-S"  # base citations keep naming the base's text
    cond = next(c for c in scored.score.conditions if c.id == "P.XS.STD")
    assert (cond.origin, cond.status, cond.level) == ("provincial", "met", "xuat_sac")
    levels = {lv.id: lv for lv in overlay.levels}
    assert levels["kha"].min.origin == "provincial" and levels["kha"].min.value == 50
    assert levels["yeu"].min.origin == "national"
    assert levels["xuat_sac"].max.origin == "national"


def test_overridden_value_records_the_national_one(overlay: Pack, reg: PackRegistry) -> None:
    v = overlay.values["min_share"]
    assert v.value == Fraction(95, 100)
    assert v.origin == "provincial"
    assert v.replaced is not None
    assert v.replaced.value == Fraction(90, 100)
    assert v.replaced.origin == "national"
    assert v.citation is not None and v.citation.instrument == "1/TEST-TINH"
    assert reg.get("test.scored").values["min_share"].value == Fraction(9, 10)  # the base is untouched


def test_tightened_value_is_used(overlay: Pack, reg: PackRegistry) -> None:
    inds = {"plan_ok": True, "part": 92, "people": 100}
    national = evaluate(reg.get("test.scored"), KDC, 2026, inds, registry=reg)
    province = evaluate(overlay, KDC, 2026, inds, scores=HAND, dependencies=PASS_DEP, registry=reg)
    assert national.score is not None and province.score is not None
    assert next(i for i in national.score.items if i.id == "S.2").points == 20
    assert next(i for i in province.score.items if i.id == "S.2").points == 10


def test_provincial_marks_in_the_explanation(scored: Result) -> None:
    vi, en = render_text(scored, "vi"), render_text(scored, "en")
    assert "P.1: 65 / 65 — Mục tỉnh (địa phương)" in vi
    assert "P.1: 65 / 65 — Province item (provincial)" in en
    assert "Condition P.XS.STD (xuat_sac): MET — must hold the standard (provincial)" in en
    assert "extends test.scored@1.0.0" in en
    d = json.loads(scored.to_json())
    assert d["overlay"] == "test.scored@1.0.0"
    assert {i["id"]: i["origin"] for i in d["score"]["items"]}["P.1"] == "provincial"


def test_thresholds_show_provincial_origin_and_replaced_value(reg: PackRegistry) -> None:
    text = COMPLETE_HEAD + override("values.trained_share", "90%")
    pack = load_pack_text(text, "tinh.yaml", reg)
    r = evaluate(pack, CQ, 2026, {"trained": 9, "staff": 10, "plan_ok": True, "incidents": 0, "award": False})
    t = r.criterion("K.1").thresholds[0]
    assert (t.name, t.value, t.origin, t.replaced) == ("trained_share", Fraction(9, 10), "provincial", Fraction(4, 5))
    assert t.citation is not None and t.citation.instrument == "3/TEST-TINH"
    assert "replacing the national value 80%" in render_text(r, "en")
    assert "thay cho giá trị quốc gia 80%" in render_text(r, "vi")
    d = json.loads(r.to_json())
    th = d["criteria"][0]["thresholds"][0]
    assert th["origin"] == "provincial"
    assert th["replaced"] == {"share": "4/5", "percent": "80"}
    national = evaluate(
        reg.get("test.complete"), CQ, 2026, {"trained": 9, "staff": 10, "plan_ok": True, "incidents": 0, "award": False}
    )
    nt = national.criterion("K.1").thresholds[0]
    assert (nt.origin, nt.replaced) == ("national", None)
    assert national.criterion("K.1").status == "met" and r.criterion("K.1").status == "met"
    assert r.illustrative is False  # the override is confirmed, not illustrative


# -- override: only in the stricter direction ----------------------------------------------------------


def test_loosening_the_floor_is_refused(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    text = once(overlay_text, "value: 95%", "value: 80%")
    path, problems = refused(text, reg, tmp_path, "tinh-loose.yaml")
    assert len(problems) == 1
    p = problems[0]
    assert p.file == str(path)
    assert p.field == "override.values.min_share"
    assert p.line == line_of(text, "values.min_share:")
    assert "loosening the national floor 'min_share'" in p.message.en and "bound: min" in p.message.en
    assert "không được nới lỏng" in p.message.vi
    assert str(path) in PackError(problems).render("en")


def test_equal_value_is_not_a_loosening(overlay_text: str, reg: PackRegistry) -> None:
    pack = load_pack_text(once(overlay_text, "value: 95%", "value: 90%"), "tinh.yaml", reg)
    assert pack.values["min_share"].value == Fraction(9, 10)


@pytest.mark.parametrize(
    ("target", "value", "ok"),
    [
        ("values.trained_share", "85%", True),
        ("values.trained_share", "0.79", False),
        ("values.max_incidents", "1", True),
        ("values.max_incidents", "3", False),
        ("values.required_docs", "[ke_hoach, bao_cao, bien_ban]", True),
        ("values.required_docs", "[ke_hoach]", False),
    ],
)
def test_bounds_allow_only_tightening(reg: PackRegistry, tmp_path: Path, target: str, value: str, ok: bool) -> None:
    text = COMPLETE_HEAD + override(target, value)
    if ok:
        pack = load_pack_text(text, "tinh.yaml", reg)
        name = target.split(".")[1]
        assert pack.values[name].origin == "provincial"
        assert pack.values[name].replaced == reg.get("test.complete").values[name]
        return
    _, problems = refused(text, reg, tmp_path)
    assert [p.field for p in problems] == [f"override.{target}"]
    assert "loosening" in problems[0].message.en


@pytest.mark.parametrize("target", ["values.open_value", "values.fixed_share"])
def test_override_without_bound_or_fixed_is_refused(reg: PackRegistry, tmp_path: Path, target: str) -> None:
    _, problems = refused(COMPLETE_HEAD + override(target, "4" if "open" in target else "60%"), reg, tmp_path)
    assert [p.field for p in problems] == [f"override.{target}"]
    assert "does not allow changing" in problems[0].message.en


def test_override_of_a_standard_pack_value_without_bound(reg: PackRegistry, tmp_path: Path) -> None:
    text = once(MINI_OVERLAY.read_text(encoding="utf-8"), "add:\n", override("values.share", "100%") + "add:\n")
    path, problems = refused(text, reg, tmp_path, "mini-tinh.yaml")
    assert [p.field for p in problems] == ["override.values.share"]
    assert problems[0].file == str(path)


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("values.nothing", "nothing called 'values.nothing'"),
        ("levels.kha.min", "nothing called 'levels.kha.min'"),
    ],
)
def test_override_of_unknown_target(reg: PackRegistry, tmp_path: Path, target: str, words: str) -> None:
    _, problems = refused(COMPLETE_HEAD + override(target, "1"), reg, tmp_path)
    assert [p.field for p in problems] == [f"override.{target}"]
    assert words in problems[0].message.en


def test_override_of_a_slot_must_use_fill(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    text = once(overlay_text, "override:\n", "override:\n" + override("values.unknown_x", "5")[len("override:\n") :])
    _, problems = refused(text, reg, tmp_path)
    assert [p.field for p in problems] == ["override.values.unknown_x"]
    assert "use fill" in problems[0].message.en


def test_override_needs_a_value(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    _, problems = refused(once(overlay_text, "    value: 95%\n", ""), reg, tmp_path)
    assert [p.field for p in problems] == ["override.values.min_share"]
    assert "missing 'value'" in problems[0].message.en


def test_override_needs_a_citation_and_a_reason(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    text = once(overlay_text, "    citation: {article: 2, instrument: 1/TEST-TINH}\n", "")
    text = once(text, '    reason: {vi: "tỉnh đặt mức cao hơn", en: "the province sets a higher bar"}\n', "")
    _, problems = refused(text, reg, tmp_path)
    fields = {p.field for p in problems}
    assert fields == {"override.values.min_share.citation", "override.values.min_share.reason"}


@pytest.mark.parametrize("value", ["abc", "2026-01-01", "[a, b]"])
def test_override_with_a_value_of_another_type(overlay_text: str, reg: PackRegistry, value: str) -> None:
    with pytest.raises(PackError) as info:
        load_pack_text(once(overlay_text, "value: 95%", f"value: {value}"), "tinh.yaml", reg)
    assert [p.field for p in info.value.problems] == ["override.values.min_share"]
    assert "not of the national value's type" in info.value.problems[0].message.en


# -- fill: only slots -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "field", "words"),
    [
        (
            "levels.yeu.min: {value: 0, provenance: {status: confirmed}}",
            "fill.levels.yeu.min",
            "'levels.yeu.min' is not a slot",
        ),
        ("values.min_share: {value: 99%}", "fill.values.min_share", "only a slot can be filled"),
        ("scoring.items.S.1: {id: Q.1}", "fill.scoring.items.S.1", "item 'S.1' is not a slot"),
        ("scoring.total: {value: 100, provenance: {status: confirmed}}", "fill.scoring.total", "total is not a slot"),
        ("values.nope: {value: 1}", "fill.values.nope", "no value 'nope'"),
        ("levels.gioi.min: {value: 1, provenance: {status: confirmed}}", "fill.levels.gioi.min", "no level 'gioi'"),
        ("scoring.items.S.9: {id: Q.1}", "fill.scoring.items.S.9", "no scoring item 'S.9'"),
        ("criteria.C1: {id: Q.1}", "fill.criteria.C1", "invalid fill target"),
    ],
)
def test_fill_only_fills_slots(
    overlay_text: str, reg: PackRegistry, tmp_path: Path, entry: str, field: str, words: str
) -> None:
    text = once(overlay_text, "fill:\n", f"fill:\n  {entry}\n")
    path, problems = refused(text, reg, tmp_path)
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message.en
    assert problems[0].file == str(path)
    assert problems[0].line == line_of(text, entry)


def test_fill_a_value_slot(overlay_text: str, reg: PackRegistry) -> None:
    entry = "  values.unknown_x: {value: 3, citation: {article: 9}, provenance: {status: confirmed, sources: [P1]}}\n"
    pack = load_pack_text(once(overlay_text, "fill:\n", "fill:\n" + entry), "tinh.yaml", reg)
    v = pack.values["unknown_x"]
    assert (v.value, v.origin, v.provenance.status) == (3, "provincial", "confirmed")
    assert v.citation is not None and v.citation.instrument == "1/TEST-TINH"
    assert v.replaced is not None and v.replaced.provenance.status == "unknown"
    assert pack.slots == ()
    assert "values.unknown_x" in (pack.overlay.filled if pack.overlay else ())


def test_fill_that_leaves_a_gap_is_reported_in_the_overlay(
    overlay_text: str, reg: PackRegistry, tmp_path: Path
) -> None:
    text = once(overlay_text, "levels.kha.min: {value: 50,", "levels.kha.min: {value: 55,")
    path, problems = refused(text, reg, tmp_path)
    assert [p.field for p in problems] == ["fill.levels.kha.min"]
    assert "gap between levels 'yeu' and 'kha'" in problems[0].message.en
    assert problems[0].file == str(path)
    assert problems[0].line == line_of(text, "levels.kha.min:")


def test_filled_items_must_add_up(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    text = once(overlay_text, "max: {value: 65,", "max: {value: 60,")
    _, problems = refused(text, reg, tmp_path)
    assert len(problems) == 1
    assert "add up to 95, not the declared total 100" in problems[0].message.en


def test_partial_fill_stays_incomplete(overlay_text: str, reg: PackRegistry) -> None:
    text = once(
        overlay_text,
        "  levels.xuat_sac.min: {value: 80, provenance: {status: illustrative,"
        ' note: {vi: "minh hoạ", en: "illustrative"}}, citation: {article: 5, instrument: 1/TEST-TINH}}\n',
        "",
    )
    pack = load_pack_text(text, "tinh.yaml", reg)
    r = evaluate(pack, KDC, 2026, FULL, scores=HAND, dependencies=PASS_DEP, registry=reg)
    assert r.outcome == "incomplete"
    assert r.score is not None and r.score.missing_slots == ("levels.xuat_sac.min",)
    assert r.score.known_points == 100  # every item is known now; only the level edge is missing


# -- add: new names only ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "field"),
    [
        ("  indicators:\n    part: {type: integer, min: 0, description: {vi: x, en: x}}\n", "add.indicators.part"),
        (
            "  values:\n    min_share: {value: 99%, provenance: {status: confirmed}, description: {vi: x, en: x}}\n",
            "add.values.min_share",
        ),
    ],
)
def test_add_an_existing_name_is_an_undeclared_clash(
    overlay_text: str, reg: PackRegistry, tmp_path: Path, section: str, field: str
) -> None:
    _, problems = refused(once(overlay_text, "add:\n", "add:\n" + section), reg, tmp_path)
    assert [p.field for p in problems] == [field]
    assert "already exists in the base pack" in problems[0].message.en
    assert "override" in problems[0].message.en


def test_add_an_existing_criterion_or_cap(reg: PackRegistry, tmp_path: Path) -> None:
    caps = '  caps:\n    - {id: K.CAP.1, when: "incidents > 0", max_level: kha, description: {vi: x, en: x}}\n'
    text = COMPLETE_HEAD + "add:\n  criteria:\n" + added_criterion("K.1") + caps
    _, problems = refused(text, reg, tmp_path)
    assert sorted(p.field or "" for p in problems) == ["add.caps[0].id", "add.criteria[0].id"]
    assert all("already exists in the base pack" in p.message.en for p in problems)


def test_add_a_criterion_named_like_a_scoring_item_is_refused(reg: PackRegistry, tmp_path: Path) -> None:
    text = COMPLETE_HEAD + "add:\n  criteria:\n" + added_criterion("K.S1")
    _, problems = refused(text, reg, tmp_path)
    assert [(p.field, p.message.en) for p in problems] == [
        ("add.criteria[0].id", "'K.S1' already exists in the base pack")
    ]
    assert problems[0].line == line_of(text, "id: K.S1")


def test_add_an_existing_condition_is_an_undeclared_clash(reg: PackRegistry, tmp_path: Path) -> None:
    text = COMPLETE_HEAD + (
        "add:\n  conditions:\n    xuat_sac:\n"
        '      - {id: K.XS.1, when: "plan_ok", citation: {article: 1}, description: {vi: x, en: x}}\n'
    )
    _, problems = refused(text, reg, tmp_path)
    assert [(p.field, p.message.en) for p in problems] == [
        ("add.conditions.xuat_sac[0].id", "'K.XS.1' already exists in the base pack")
    ]


def test_add_the_same_new_id_twice_is_refused(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    dup = '      - {id: P.XS.STD, when: "plan_ok", citation: {article: 5}, description: {vi: x, en: x}}\n'
    text = once(overlay_text, "    xuat_sac:\n", "    xuat_sac:\n" + dup)
    _, problems = refused(text, reg, tmp_path)
    assert [p.field for p in problems] == ["add.conditions.xuat_sac[1].id"]


def test_add_a_condition_on_an_unknown_level(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    _, problems = refused(once(overlay_text, "    xuat_sac:\n", "    gioi:\n"), reg, tmp_path)
    assert [p.field for p in problems] == ["add.conditions.gioi"]


def test_every_overlay_problem_reported_together(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    text = once(overlay_text, "value: 95%", "value: 80%")
    text = once(text, "fill:\n", "fill:\n  levels.yeu.min: {value: 0, provenance: {status: confirmed}}\n")
    text = once(text, "add:\n", "add:\n  indicators:\n    part: {type: integer, description: {vi: x, en: x}}\n")
    _, problems = refused(text, reg, tmp_path)
    assert {p.field for p in problems} == {"override.values.min_share", "fill.levels.yeu.min", "add.indicators.part"}


# -- extends and kind -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("{pack: test.scored, version: 1.0.0}", "{pack: test.scored, version: 9.9.9}", "has no version 9.9.9"),
        ("{pack: test.scored, version: 1.0.0}", "{pack: test.nowhere, version: 1.0.0}", "no pack 'test.nowhere'"),
    ],
)
def test_extending_an_unknown_pack_or_version(
    overlay_text: str, reg: PackRegistry, tmp_path: Path, old: str, new: str, words: str
) -> None:
    text = once(overlay_text, old, new)
    path, problems = refused(text, reg, tmp_path)
    assert [p.field for p in problems] == ["extends"]
    assert words in problems[0].message.en
    assert problems[0].line == line_of(text, "extends:")
    # load_packs waits for a base that may come later, then reports it
    with pytest.raises(PackError) as info:
        load_packs([MINI, BASE, path])
    assert [(p.file, p.field) for p in info.value.problems] == [(str(path), "extends")]


def test_overlay_before_its_base_in_the_file_list(reg: PackRegistry) -> None:
    r = load_packs([OVERLAY, MINI, BASE])
    assert r.get("test.scored_tinh").overlay is not None


def test_kind_must_match_the_base(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    text = once(overlay_text, "kind: classification", "kind: exemplary")
    _, problems = refused(text, reg, tmp_path)
    assert "kind" in [p.field for p in problems]
    assert any("the kind must be the base's kind (classification)" in p.message.en for p in problems)


def test_repoint_a_requirement(overlay_text: str, reg: PackRegistry) -> None:
    text = overlay_text + "requires:\n  std: {pack: test.mini_tinh}\n"
    pack = load_pack_text(text, "tinh.yaml", reg)
    assert [(r.id, r.pack) for r in pack.requires] == [("std", "test.mini_tinh")]
    r = evaluate(
        pack,
        KDC,
        2026,
        FULL,
        scores=HAND,
        dependencies={"std": {"indicators": {**MINI_GOOD, "cameras": 1}, "previous_year": {"crimes": 3}}},
        registry=reg,
    )
    dep = r.dependencies[0]
    assert (dep.pack, dep.source, dep.outcome) == ("test.mini_tinh", "evaluated", "fail")
    assert r.outcome == "kha"  # 100 points, but the province's standard is not met


def test_repoint_an_unknown_requirement(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    _, problems = refused(overlay_text + "requires:\n  zz: {pack: test.mini_tinh}\n", reg, tmp_path)
    assert [p.field for p in problems] == ["requires.zz"]


# -- illustrative labels ------------------------------------------------------------------------------------


def test_overlay_result_is_illustrative(scored: Result) -> None:
    assert scored.illustrative is True
    assert dict(scored.provenance)["illustrative"] >= 1
    assert json.loads(scored.to_json())["illustrative"] is True
    assert render_text(scored, "vi").splitlines()[0] == BANNER_VI
    assert render_text(scored, "en").splitlines()[0] == BANNER_EN


def test_result_without_illustrative_values_has_no_banner(reg: PackRegistry) -> None:
    r = evaluate(
        reg.get("test.complete"),
        CQ,
        2026,
        {"trained": 9, "staff": 10, "plan_ok": True, "incidents": 0, "award": False},
        scores={"K.S3": {"points": 30, "reason": "họp xét (minh hoạ)"}},
    )
    assert r.outcome == "xuat_sac"
    assert r.illustrative is False
    assert "illustrative" not in dict(r.provenance)
    assert json.loads(r.to_json())["illustrative"] is False
    for lang in ("vi", "en"):
        text = render_text(r, lang)
        assert "⚠" not in text
        assert not text.startswith("⚠")


def test_national_scored_pack_without_illustrative_values_is_not_labelled(reg: PackRegistry) -> None:
    r = evaluate(reg.get("test.scored"), KDC, 2026, FULL, scores=HAND, dependencies=PASS_DEP, registry=reg)
    assert r.outcome == "incomplete"
    assert r.illustrative is False
    assert "⚠" not in render_text(r, "en")


def test_illustrative_cap_labels_the_result(reg: PackRegistry) -> None:
    text = COMPLETE_HEAD + (
        "add:\n  caps:\n"
        '    - {id: P.CAP, when: "incidents > 0", max_level: kha, citation: {article: 5}, description: {vi: x, en: x},'
        " provenance: {status: illustrative, note: {vi: minh hoạ, en: illustrative}}}\n"
    )
    pack = load_pack_text(text, "tinh.yaml", reg)
    r = evaluate(
        pack,
        CQ,
        2026,
        {"trained": 9, "staff": 10, "plan_ok": True, "incidents": 1, "award": True},
        scores={"K.S3": {"points": 40, "reason": "x"}},
    )
    assert r.score is not None and (r.score.band, r.outcome) == ("xuat_sac", "kha")  # the cap decided the level
    assert r.illustrative is True
    assert render_text(r, "en").splitlines()[0] == BANNER_EN


def _input(tmp_path: Path, name: str, body: str) -> str:
    path = tmp_path / name
    path.write_text("# Illustrative test input (ví dụ minh hoạ), not law\nschema: antq-rules/input/v1\n" + body)
    return str(path)


OVERLAY_INPUT = """\
pack: test.scored_tinh
year: 2026
unit: {id: CLI-1, subject: kdc, kind: thon, name: "Thôn CLI (minh hoạ)"}
indicators: {part: 10, people: 10, plan_ok: true}
scores:
  S.3: {points: 5, reason: "Biên bản họp CLI (minh hoạ)"}
dependencies:
  std: {outcome: pass, decision: "QĐ 9/QĐ-UBND (minh hoạ)"}
"""
COMPLETE_INPUT = """\
pack: test.complete
year: 2026
unit: {id: CLI-2, subject: cq, kind: co_quan}
indicators: {trained: 9, staff: 10, plan_ok: true, incidents: 0, award: false}
scores:
  K.S3: {points: 30, reason: "Biên bản họp CLI (minh hoạ)"}
"""
PACK_FILES = ["--pack-file", str(MINI), "--pack-file", str(BASE), "--pack-file", str(OVERLAY)]


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize(
    ("argv", "banner", "explained"),
    [
        (["evaluate"], BANNER_VI, False),
        (["--lang", "en", "evaluate"], BANNER_EN, False),
        (["evaluate", "--format", "text"], BANNER_VI, True),
        (["--lang", "en", "evaluate", "--format", "text"], BANNER_EN, True),
        (["explain"], BANNER_VI, True),
    ],
)
def test_cli_shows_the_banner(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str], banner: str, explained: bool
) -> None:
    path = _input(tmp_path, "tinh.yaml", OVERLAY_INPUT)
    code, out, _ = cli(capsys, *argv, path, *PACK_FILES)
    assert code == 0
    assert out.splitlines()[0] == banner
    if explained:  # the full explanation carries the meeting's reason
        assert "Biên bản họp CLI (minh hoạ)" in out


def test_cli_json_is_labelled(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _input(tmp_path, "tinh.yaml", OVERLAY_INPUT)
    code, out, _ = cli(capsys, "evaluate", path, "--format", "json", *PACK_FILES)
    assert code == 0
    d = json.loads(out)
    assert d["illustrative"] is True
    assert d["outcome"] == "xuat_sac"
    assert d["overlay"] == "test.scored@1.0.0"
    assert d["dependencies"][0]["decision"] == "QĐ 9/QĐ-UBND (minh hoạ)"
    assert Result.from_dict(d).illustrative is True


@pytest.mark.parametrize("fmt", ["table", "text", "json"])
def test_cli_without_illustrative_values_has_no_banner(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    path = _input(tmp_path, "complete.yaml", COMPLETE_INPUT)
    code, out, _ = cli(capsys, "--lang", "en", "evaluate", path, "--format", fmt, "--pack-file", str(COMPLETE))
    assert code == 0
    assert "⚠" not in out
    if fmt == "json":
        assert json.loads(out)["illustrative"] is False
    else:
        assert "Excellent" in out or "EXCELLENT" in out


def test_cli_reports_a_refused_overlay(capsys: pytest.CaptureFixture[str], tmp_path: Path, overlay_text: str) -> None:
    bad = tmp_path / "tinh-loose.yaml"
    bad.write_text(once(overlay_text, "value: 95%", "value: 80%"), encoding="utf-8")
    path = _input(tmp_path, "tinh.yaml", OVERLAY_INPUT)
    code, _, err = cli(
        capsys,
        "--lang",
        "en",
        "evaluate",
        path,
        "--pack-file",
        str(MINI),
        "--pack-file",
        str(BASE),
        "--pack-file",
        str(bad),
    )
    assert code == 1
    assert f"{bad}:" in err and "override.values.min_share" in err and "loosening" in err


def test_cli_hand_score_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    body = OVERLAY_INPUT.replace('S.3: {points: 5, reason: "Biên bản họp CLI (minh hoạ)"}', "S.3: {points: 7}")
    path = _input(tmp_path, "tinh-bad.yaml", body)
    code, _, err = cli(capsys, "--lang", "en", "evaluate", path, *PACK_FILES)
    assert code == 1
    assert "scores.S.3.points" in err and "scores.S.3.reason" in err


# -- a standard-pack overlay that adds a criterion ---------------------------------------------------------


def test_standard_overlay_adds_a_provincial_criterion(reg: PackRegistry) -> None:
    pack = reg.get("test.mini_tinh")
    assert [c.id for c in pack.criteria] == ["C1", "C2", "C3", "P.C1"]
    r = evaluate(pack, KDC, 2026, {**MINI_GOOD, "cameras": 2}, {"crimes": 3}, [])
    assert r.outcome == "pass"
    assert r.criterion("P.C1").origin == "provincial"
    assert r.criterion("C1").origin == "national"
    assert "(provincial)" in render_text(r, "en")
    assert evaluate(pack, KDC, 2026, {**MINI_GOOD, "cameras": 1}, {"crimes": 3}, []).outcome == "fail"
    assert evaluate(pack, KDC, 2026, MINI_GOOD, {"crimes": 3}).outcome == "undetermined"
    with pytest.raises(InputError):
        evaluate(reg.get("test.mini"), KDC, 2026, {**MINI_GOOD, "cameras": 2}, {"crimes": 3})


@PROPERTY
@given(
    resident=st.integers(min_value=0, max_value=30),
    missing_reg=st.integers(min_value=0, max_value=3),
    reg_date=st.sampled_from([None, "2026-02-01", "2026-05-01"]),
    crimes=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
    prev=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
    rating=st.sampled_from([None, "low", "mid", "high"]),
    cameras=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
    events=st.lists(st.booleans(), max_size=2),
)
def test_property_an_added_criterion_never_turns_fail_into_pass(
    reg: PackRegistry,
    resident: int,
    missing_reg: int,
    reg_date: Any,
    crimes: Any,
    prev: Any,
    rating: Any,
    cameras: Any,
    events: list[bool],
) -> None:
    base_inds = {
        "resident": resident,
        "registered": max(resident - missing_reg, 0),
        "reg_date": reg_date,
        "crimes": crimes,
        "rating": rating,
    }
    base_inds = {k: v for k, v in base_inds.items() if v is not None}
    previous = {} if prev is None else {"crimes": prev}
    evs = [{"type": "crime", "date": "2026-03-01", "force_majeure": fm} for fm in events]
    national = evaluate(reg.get("test.mini"), KDC, 2026, base_inds, previous, evs)
    province_inds = base_inds if cameras is None else {**base_inds, "cameras": cameras}
    province = evaluate(reg.get("test.mini_tinh"), KDC, 2026, province_inds, previous, evs)
    if province.outcome == "pass":
        assert national.outcome == "pass"
    if national.outcome == "fail":
        assert province.outcome == "fail"
    # the national criteria are judged the same way under the overlay
    assert {c.id: c.status for c in national.criteria} == {c.id: c.status for c in province.criteria if c.id != "P.C1"}


def test_every_filled_value_cites_its_source(overlay_text: str, reg: PackRegistry, tmp_path: Path) -> None:
    text = once(
        overlay_text, ", citation: {article: 5, instrument: 1/TEST-TINH}}\n  levels.kha.min", "}\n  levels.kha.min"
    )
    _, problems = refused(text, reg, tmp_path)
    assert [p.field for p in problems] == ["fill.levels.yeu.max"]
    assert "needs its own citation" in problems[0].message.en
