"""Hand scoring in steps (issue 10, finding 11): where a scoring template allows it, the evaluation meeting
may give part of an item's points by hand; otherwise the pack's all-or-nothing reading applies.

The national QĐ 510 pack allows no hand score for a computed item (the text does not say whether partial
credit is given). The illustrative Tỉnh Mẫu overlay (``vn.vd.tinh_mau.qd510``) allows it for QD510.CQDN.1
in steps of 0.5 under its own (imaginary) instrument. Every unit and score here is illustrative.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import antq_rules
from antq_rules import InputError, PackError, render_text
from antq_rules.packs import Pack, load_pack_text
from antq_rules.results import ItemResult, Result

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "qd510" / "cq-tinh-mau.yaml"
ITEM = "QD510.CQDN.1"
REASON = "Biên bản hội nghị (minh hoạ): kế hoạch ban hành muộn, các nội dung khác đủ"


@pytest.fixture(scope="module")
def overlay() -> Pack:
    return antq_rules.shipped_pack("vn.vd.tinh_mau.qd510")


@pytest.fixture(scope="module")
def late_plan() -> dict[str, Any]:
    """The example agency with its plan dated in May: the all-or-nothing rule gives QD510.CQDN.1 no points."""
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    doc["indicators"]["movement_plan_date"] = "2026-05-20"
    return doc  # type: ignore[no-any-return]


def _run(doc: dict[str, Any], pack: Pack, hand: Any = None) -> Result:
    d = copy.deepcopy(doc)
    if hand is not None:
        d["scores"][ITEM] = {"points": hand, "reason": REASON}
    return antq_rules.evaluate(
        pack, d["unit"], d["year"], d["indicators"], scores=d["scores"], dependencies=d["dependencies"]
    )


def _item(r: Result, item_id: str = ITEM) -> ItemResult:
    assert r.score is not None
    return next(i for i in r.score.items if i.id == item_id)


def test_the_overlay_declares_the_allowance_under_its_own_instrument(overlay: Pack) -> None:
    item = next(i for i in overlay.items if i.id == ITEM)
    assert item.hand_scoring is not None
    assert item.hand_scoring.step == Fraction(1, 2)
    assert item.hand_scoring.origin == "provincial"
    assert item.hand_scoring.citation.instrument == overlay.instrument.number
    assert item.hand_scoring.provenance.status == "illustrative"
    national = next(i for i in antq_rules.shipped_pack("vn.bca.qd510").items if i.id == ITEM)
    assert national.hand_scoring is None
    assert national.provenance is not None and national.provenance.status == "interpretation"


def test_without_a_hand_score_the_rule_applies(overlay: Pack, late_plan: dict[str, Any]) -> None:
    item = _item(_run(late_plan, overlay))
    assert (item.points, item.status, item.hand_scoring, item.computed) == (0, "scored", None, None)


def test_a_hand_score_replaces_the_rule_and_keeps_what_the_rule_gave(overlay: Pack, late_plan: dict[str, Any]) -> None:
    plain = _run(late_plan, overlay)
    hand = _run(late_plan, overlay, "1,5")  # a Vietnamese decimal, as a sheet writes it
    item = _item(hand)
    assert item.points == Fraction(3, 2) and item.computed == 0 and item.reason == REASON
    assert item.hand_scoring is not None and item.status == "scored"
    assert item.trace, "the rule's checks stay in the result for the auditor"
    assert hand.score is not None and plain.score is not None
    assert hand.score.total - plain.score.total == Fraction(3, 2)
    vi, en = render_text(hand, "vi"), render_text(hand, "en")
    assert "chấm tay theo bước 0,5 điểm" in vi and "theo quy tắc của gói: 0" in vi
    assert "scored by hand in steps of 0.5 points" in en and "by the pack's rule: 0" in en
    assert "02/2025/QĐ-UBND" in en


def test_a_hand_score_below_what_the_rule_gives_is_the_meetings_call(overlay: Pack) -> None:
    doc = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))  # the plan is on time: the rule gives 3
    item = _item(_run(doc, overlay, 2))
    assert (item.points, item.computed) == (2, 3)


@pytest.mark.parametrize(
    ("points", "why_vi", "why_en"),
    [("1,2", "1,2 không phải bội của 0,5", "1.2 is not a multiple of 0.5"), (3.5, "ngoài khoảng 0..3", "outside 0..3")],
)
def test_points_off_the_steps_or_above_the_maximum_are_refused(
    overlay: Pack, late_plan: dict[str, Any], points: Any, why_vi: str, why_en: str
) -> None:
    with pytest.raises(InputError) as err:
        _run(late_plan, overlay, points)
    [problem] = err.value.problems
    assert problem.field == f"scores.{ITEM}.points"
    assert why_vi in problem.message.vi and why_en in problem.message.en


def test_the_national_pack_takes_no_hand_score_for_a_computed_item() -> None:
    national = antq_rules.shipped_pack("vn.bca.qd510")
    with pytest.raises(InputError) as err:
        antq_rules.evaluate(
            national,
            {"id": "VD-CQ", "subject": "cq", "kind": "co_quan_hanh_chinh_nha_nuoc"},
            2026,
            {},
            scores={ITEM: {"points": 1, "reason": REASON}},
        )
    [problem] = err.value.problems
    assert "không cho chấm tay theo bước" in problem.message.vi
    assert "allows no hand score in steps" in problem.message.en


def test_json_round_trip_keeps_the_hand_score(overlay: Pack, late_plan: dict[str, Any]) -> None:
    r = _run(late_plan, overlay, 1)
    back = Result.from_dict(r.to_dict())
    assert back == r
    assert _item(back).hand_scoring == _item(r).hand_scoring and _item(back).computed == 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.integers(0, 6))
def test_the_total_moves_by_exactly_the_hand_score(overlay: Pack, late_plan: dict[str, Any], steps: int) -> None:
    """Any hand score in the allowed steps adds exactly itself to the rule's total without the item."""
    base = _run(late_plan, overlay)
    r = _run(late_plan, overlay, str(Fraction(steps, 2)) if steps % 2 == 0 else f"{steps // 2}.5")
    assert r.score is not None and base.score is not None
    assert r.score.total == min(base.score.total + Fraction(steps, 2), r.score.scale)
    assert _item(r).points == Fraction(steps, 2)


# ---- the overlay's declaration is checked like any other change -------------------------------------

HEAD = """\
# Illustrative test fixture (ví dụ minh hoạ), not law
schema: antq-rules/pack/v1
id: test.tinh_hand
version: 1.0.0
extends: {pack: vn.bca.qd510, version: 1.0.1}
kind: classification
title: {vi: "Gói tỉnh (thử nghiệm)", en: "Province pack (test)"}
effective_from: 2025-01-01
instrument:
  number: 9/TEST
  type: {vi: Quyết định, en: Decision}
  title: {vi: "Quyết định thử nghiệm", en: "Test decision"}
  issued: 2024-12-01
  issuer: {vi: UBND tỉnh thử nghiệm, en: Test province}
  effective_from: 2025-01-01
sources:
  P9: {title: "fixture province", confidence: low}
add:
  hand_scoring:
"""


def _hand(item: str, step: str = "0.5") -> str:
    return (
        f"    {item}:\n      step: {step}\n      citation: {{article: 3}}\n"
        "      provenance: {status: secondary, sources: [P9]}\n"
    )


def test_an_overlay_may_allow_it_for_a_national_item() -> None:
    pack = load_pack_text(HEAD + _hand("QD510.CQDN.2", "1"), "tinh.yaml")
    item = next(i for i in pack.items if i.id == "QD510.CQDN.2")
    assert item.hand_scoring is not None and item.hand_scoring.step == 1
    assert item.hand_scoring.citation.instrument == "9/TEST"


@pytest.mark.parametrize(
    ("item", "step", "words"),
    [
        ("QD510.NOPE", "0.5", "no scoring item 'QD510.NOPE'"),
        ("QD510.CQDN.REST", "0.5", "only a computed item can allow hand scoring"),
        ("QD510.CQDN.1", "2", "not a multiple of the step 2"),
        ("QD510.CQDN.1", "0", "step"),
    ],
)
def test_a_wrong_declaration_is_refused_where_it_is_written(item: str, step: str, words: str) -> None:
    with pytest.raises(PackError) as err:
        load_pack_text(HEAD + _hand(item, step), "tinh.yaml")
    text = str(err.value)
    assert words in text and "tinh.yaml" in text


def test_the_reference_page_and_the_template_show_the_allowance(overlay: Pack) -> None:
    from antq_rules.reference import render_pack_markdown
    from antq_rules.tables._template import _unit_columns

    page = render_pack_markdown(overlay, "en")
    assert "Hand scoring in steps" in page and "steps of 0.5 points" in page
    column = next(c for c in _unit_columns(overlay, "cq", "en") if c.code == f"score.{ITEM}")
    assert "in steps of 0.5" in column.allowed
    column_vi = next(c for c in _unit_columns(overlay, "cq", "vi") if c.code == f"score.{ITEM}")
    assert "theo bước 0,5" in column_vi.allowed
