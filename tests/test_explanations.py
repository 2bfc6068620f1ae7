"""Readable explanations: Vietnamese by default, English on request; each criterion a block whose heading
carries its citation once, its lines indented under it and written as sentences in the pack's words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from antq_rules import evaluate, render_text
from antq_rules._numbers import Share
from antq_rules.explanations import format_value, render_criterion
from antq_rules.packs import Pack
from antq_rules.results import CriterionResult, Result

Run = Callable[..., Result]
EVENTS = [
    {"id": "E1", "type": "crime", "date": "2026-05-01", "force_majeure": True},
    {"id": "E2", "type": "crime", "date": "2026-05-02"},
]


@pytest.fixture(scope="module")
def failing(run_mini: Run, mini_good: dict[str, Any]) -> Result:
    """C1 not met (9 of 10 registered), C2 not met (one counted event), C3 met."""
    return run_mini(indicators={**mini_good, "registered": 9}, events=EVENTS)


def tag(c: CriterionResult, lang: str) -> str:
    return f"[{c.id} · {c.citation.label(lang)} {c.citation.instrument}]"  # type: ignore[arg-type]


def criterion_block(text: str, cid: str) -> list[str]:
    """The lines of ``text`` that belong to criterion ``cid``: its heading (the one line that carries its
    tag) and the indented lines under it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if f"[{cid} · " in line)
    block = [lines[start]]
    for line in lines[start + 1 :]:
        if not line.startswith("    "):
            break
        block.append(line)
    return block


# -- languages -------------------------------------------------------------------------------------


def test_vietnamese_by_default(failing: Result) -> None:
    text = render_text(failing)
    assert text == render_text(failing, "vi")
    # the mini fixture pack holds illustrative values, so the result is labelled first
    assert text.splitlines()[0].startswith("⚠ KẾT QUẢ MINH HOẠ")
    assert text.splitlines()[1].startswith("Kết quả: ✗ CHƯA ĐẠT")
    assert "✓ ĐẠT — So sánh" in text
    assert "✗ KHÔNG ĐẠT — Đăng ký" in text
    assert "Điều 4 khoản 1" in text
    assert "Điều 4 khoản 4 điểm a" in text
    assert "Điều 8 khoản 1" in text  # the outcome's own basis
    assert "Art." not in text and "NOT MET" not in text


def test_english_on_request(failing: Result) -> None:
    text = render_text(failing, "en")
    assert text.splitlines()[0].startswith("⚠ ILLUSTRATIVE RESULT")
    assert text.splitlines()[1].startswith("Result: ✗ FAIL")
    assert "✗ NOT MET — Registration" in text
    assert "✓ MET — Compare" in text
    assert "Art. 4 cl. 1" in text
    assert "Art. 4 cl. 4(a)" in text
    assert "Điều" not in text and "ĐẠT" not in text
    assert "MINH HOẠ" not in text


def test_all_statuses_have_words(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    r = evaluate(extra_pack, kdc_unit, 2026, {"households": 0, "share_ratio": "10 %", "topics": ["a", "b"]})
    assert {c.status for c in r.criteria} >= {"met", "not_met", "not_applicable"}
    vi = render_text(r)
    assert "KHÔNG ÁP DỤNG" in vi and "KHÔNG ĐẠT" in vi and "✓ ĐẠT" in vi
    en = render_text(r, "en")
    assert "NOT APPLICABLE" in en and "NOT MET" in en
    und = render_text(evaluate(extra_pack, kdc_unit, 2026, {}), "vi")
    assert "CHƯA XÁC ĐỊNH" in und


def test_failed_criteria_come_first(failing: Result) -> None:
    heads = [line for line in render_text(failing, "en").splitlines() if line[:1] in "✓✗?–" and " — " in line]
    assert [h.split(" [")[1].split(" ·")[0] for h in heads] == ["C1", "C2", "C3"]
    assert heads[-1].startswith("✓")


# -- the citation once, in the criterion's heading --------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_criterion_block_carries_its_citation_once_in_its_heading(failing: Result, lang: str) -> None:
    for c in failing.criteria:
        lines = render_criterion(c, lang)  # type: ignore[arg-type]
        assert len(lines) >= 3
        assert lines[0].endswith(tag(c, lang)), lines[0]
        assert "\n".join(lines).count(tag(c, lang)) == 1
        assert "\n".join(lines).count(c.citation.label(lang)) == 1  # type: ignore[arg-type]
        for line in lines[1:]:  # every other line sits under the heading, so it is traced to it
            assert line.startswith("    ") and not line.startswith("     "), line
            assert f"[{c.id} · " not in line


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_line_of_the_criteria_section_belongs_to_one_block(failing: Result, lang: str) -> None:
    text = render_text(failing, lang)  # type: ignore[arg-type]
    for c in failing.criteria:
        assert text.count(tag(c, lang)) == 1  # one heading per criterion, citation said once
    blocks = text.split("\n\n")[1:-2]  # header | one block per criterion | provenance | parameters
    assert len(blocks) == len(failing.criteria)
    for block, c in zip(blocks, sorted(failing.criteria, key=lambda c: c.status != "not_met"), strict=True):
        head, *rest = block.splitlines()
        assert head.endswith(tag(c, lang)) and head[:1] in "✓✗?–"
        assert rest and all(line.startswith("    ") for line in rest)


def test_no_line_repeats_a_citation(failing: Result) -> None:
    for lang in ("vi", "en"):
        text = render_text(failing, lang)  # type: ignore[arg-type]
        tagged = [line for line in text.splitlines() if " · " in line and line.endswith("]")]
        assert len(tagged) == len(failing.criteria)


def test_citation_tag_includes_point_and_instrument(failing: Result) -> None:
    c3 = failing.criterion("C3")
    assert tag(c3, "vi") == "[C3 · Điều 4 khoản 4 điểm a 0/TEST]"
    assert tag(c3, "en") == "[C3 · Art. 4 cl. 4(a) 0/TEST]"
    assert tag(c3, "vi") in render_text(failing)


# -- what an auditor needs to see ------------------------------------------------------------------


def test_observed_values_and_thresholds_appear(failing: Result) -> None:
    vi = criterion_block(render_text(failing), "C1")
    joined = "\n".join(vi)
    assert "registered = 9" in joined and "resident = 10" in joined
    assert "reg_date = 01/02/2026" in joined  # Vietnamese date
    assert "Ngưỡng/giá trị pháp lý: 100% (giá trị minh hoạ)" in joined  # the threshold and its provenance
    assert "Kiểm tra: ✗ registered: 9/10 (90%), cần 100%" in joined  # a sentence, the share exact
    assert "ratio(" not in joined and "law." not in joined  # the raw expression is the auditor's form
    en = "\n".join(criterion_block(render_text(failing, "en"), "C1"))
    assert "reg_date = 2026-02-01" in en
    assert "Threshold / legal value: 100% (illustrative value)" in en
    assert "Check: ✗ registered: 9/10 (90%), needs 100%" in en
    verbose = "\n".join(criterion_block(render_text(failing, "en", verbose=True), "C1"))
    assert "Threshold / legal value: share = 100%" in verbose
    assert "[ratio(registered, resident) >= law.share → 90% >= 100% = false]" in verbose


def test_the_packs_words_replace_codes(failing: Result, mini_pack: Pack) -> None:
    vi = render_text(failing, pack=mini_pack)
    c1 = "\n".join(criterion_block(vi, "C1"))
    label = mini_pack.indicators["registered"]
    shown = (label.label or label.description).vi
    assert f"Kiểm tra: ✗ {shown}: 9/10 hộ (90%), cần 100%" in c1
    assert f"{shown} = 9 hộ" in c1
    subject = mini_pack.subjects["kdc"]
    assert f"— {subject.name.vi} / {subject.kinds['thon'].vi};" in vi
    en = render_text(failing, "en", pack=mini_pack, verbose=True)
    assert f"{(label.label or label.description).en} (registered) = 9 households" in en


def test_previous_year_and_parameter_appear(failing: Result) -> None:
    block = "\n".join(criterion_block(render_text(failing, "en"), "C3"))
    assert "crimes (previous year) = 3" in block
    assert "Parameter op: not higher (default; interpretation)" in block
    assert "Check: ✓ crimes: 2, needs at most 3 (previous year)" in block
    assert "crimes <= prev(crimes) → 2 <= 3 = true" in render_text(failing, "en", verbose=True)
    tail = render_text(failing, "en").split("\n\n")[-1]
    assert "Parameter op: not higher (default; interpretation)" in tail


def test_events_appear_with_reasons(failing: Result) -> None:
    vi = "\n".join(criterion_block(render_text(failing), "C2"))
    assert "Kiểm tra: ✗ 1 vụ, cần 0" in vi
    assert "Vụ việc E1 (#0): crime, 01/05/2026 — điểm a, danh sách L: được loại trừ — bất khả kháng" in vi
    assert "Vụ việc E2 (#1): crime, 02/05/2026 — điểm a, danh sách L: được tính" in vi
    en = "\n".join(criterion_block(render_text(failing, "en"), "C2"))
    assert "Check: ✗ 1 incident, needs 0" in en
    assert "Incident E1 (#0): crime, 2026-05-01 — point a, list L: excused — force majeure" in en
    assert "Incident E2 (#1): crime, 2026-05-02 — point a, list L: counted" in en


def test_missing_and_undefined_appear(run_mini: Run, mini_good: dict[str, Any]) -> None:
    r = run_mini(indicators={"resident": 0, "registered": 0, "reg_date": "2026-02-01"}, previous_year={})
    en = render_text(r, "en")
    assert "Undefined (division by zero): ratio(registered, resident)" in en
    c3 = "\n".join(criterion_block(en, "C3"))
    assert "Missing data: crimes, crimes (previous year), rating" in c3
    assert "crimes = MISSING" in c3
    vi = render_text(r)
    assert "Thiếu dữ liệu" in vi and "THIẾU" in vi
    assert "Kết quả: ? CHƯA XÁC ĐỊNH" in vi


def test_includes_lists_what_is_missing(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    r = evaluate(extra_pack, kdc_unit, 2026, {"topics": ["a"]})
    block = "\n".join(criterion_block(render_text(r, "en"), "X2"))
    assert "Threshold / legal value: a, b (illustrative value)" in block
    assert "Check: ✗ topics: a, needs all of: a, b; lacking: b" in block
    verbose = "\n".join(criterion_block(render_text(r, "en", verbose=True), "X2"))
    assert "required_topics = a, b" in verbose and "{a} ⊇ {a, b} = false" in verbose


def test_exclusion_and_scope_are_explained(extra_pack: Pack, cq_unit: dict[str, Any]) -> None:
    out = render_text(evaluate(extra_pack, cq_unit, 2026, {"cq_is_armed": True}), "en")
    assert "Out of scope: armed unit (illustrative) [X.SCOPE.CQ · Art. 1 cl. 3 0/TEST-X]" in out
    assert out.splitlines()[0].startswith("Result: – NOT APPLICABLE")
    undecided = render_text(evaluate(extra_pack, cq_unit, 2026, {"staff": 1}), "vi")
    assert "Chưa xác định được phạm vi áp dụng, thiếu: cq_is_armed" in undecided


def test_header_names_unit_year_window_and_pack(failing: Result) -> None:
    vi = render_text(failing).splitlines()[1:]  # after the illustrative banner
    assert vi[1] == "Đơn vị: Thôn Thử (minh hoạ) (U1) — kdc / thon; Năm đánh giá 2026"
    assert vi[2] == "Mốc thời gian đánh giá: 01/11/2025 – 31/10/2026"
    assert vi[3].startswith("Gói tiêu chí: test.mini@0.1.0 — Gói thử nghiệm nhỏ (minh hoạ) (sha256:")
    assert "2 không đạt" in vi[4] and "1 đạt" in vi[4]


def test_explanation_survives_a_json_round_trip(failing: Result) -> None:
    import json

    back = Result.from_dict(json.loads(failing.to_json()))
    assert render_text(back) == render_text(failing)
    assert render_text(back, "en") == render_text(failing, "en")


# -- value formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "shown"),
    [
        (Share(7, 10), "vi", "70%"),
        (Share(7, 10), "en", "70%"),
        (Share(1, 8), "vi", "12,5%"),
        (Share(1, 8), "en", "12.5%"),
        (Share(411, 412), "en", "411/412 (≈ 99.7573%)"),
        (Share(411, 412), "vi", "411/412 (≈ 99,7573%)"),
        (Share(1), "en", "100%"),
        (Fraction(5, 2), "en", "2.5"),
        (Fraction(5, 2), "vi", "2,5"),
        (Fraction(1, 3), "en", "1/3 (≈ 0.3333)"),
        (12, "vi", "12"),
        (True, "vi", "đúng"),
        (False, "en", "false"),
        (None, "vi", "chưa biết"),
        (date(2026, 2, 15), "vi", "15/02/2026"),
        (date(2026, 2, 15), "en", "2026-02-15"),
        (frozenset({"b", "a"}), "en", "{a, b}"),
        ((date(2026, 1, 1), date(2026, 3, 31)), "vi", "01/01/2026 – 31/03/2026"),
    ],
)
def test_format_value(value: Any, lang: str, shown: str) -> None:
    assert format_value(value, lang) == shown  # type: ignore[arg-type]


def test_non_share_fractions_are_not_shown_as_percent(extra_pack: Pack, kdc_unit: dict[str, Any]) -> None:
    r = evaluate(extra_pack, kdc_unit, 2026, {"households": 4, "persons": 10, "avg": Decimal("2.5")})
    en = render_text(r, "en")
    assert "250%" not in en
    assert "persons / households: 2.5, needs at least 2" in en


def test_threshold_of_100_percent_is_shown_as_percent_in_the_check(failing: Result) -> None:
    block = "\n".join(criterion_block(render_text(failing, "en"), "C1"))
    assert "9/10 (90%), needs 100%" in block


def test_missing_previous_year_value_is_labelled(run_mini: Run, mini_good: dict[str, Any]) -> None:
    r = run_mini(indicators={k: v for k, v in mini_good.items() if k != "crimes"}, previous_year={})
    observed = r.criterion("C3").observed
    assert len({(o.name, o.source) for o in observed}) == len(observed)
    block = "\n".join(criterion_block(render_text(r, "en"), "C3"))
    assert "crimes (previous year) = MISSING" in block
