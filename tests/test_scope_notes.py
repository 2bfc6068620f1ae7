"""Issue 10 item 6: a multi-level school kept in scope by the reading csgd_multi_level_scope = highest_level
says so in its explanation (a 'scope note'), just as the other reading says why it excludes the school.
Units are illustrative."""

from __future__ import annotations

from typing import Any

import pytest

from antq_rules import evaluate, render_text, shipped_pack
from antq_rules.errors import PackError
from antq_rules.packs import load_pack_text
from antq_rules.reports import render_html_report
from antq_rules.results import Result

PACK = shipped_pack("vn.bca.tt124")
SCHOOL = {"id": "VD-TH-THCS", "subject": "csgd", "kind": "truong_hoc", "name": "Trường TH&THCS Ví Dụ"}


def school(teaches_excluded: bool | None, **parameters: Any) -> Result:
    indicators: dict[str, Any] = {"csgd_level": "thcs"}
    if teaches_excluded is not None:
        indicators["csgd_teaches_excluded_level"] = teaches_excluded
    return evaluate(PACK, SCHOOL, 2026, indicators, events=[], parameters=parameters or None)


def test_a_multi_level_school_kept_in_scope_says_why() -> None:
    r = school(True)
    assert r.exclusion is None
    assert [n.id for n in r.scope_notes] == ["TT124.SCOPE.2.CSGD.MULTI"]
    note = r.scope_notes[0]
    assert "csgd_multi_level_scope = highest_level" in note.reason.vi and "cấp cao nhất" in note.reason.vi
    assert note.citation.article == 1 and note.citation.clause == 2 and note.citation.point == "b"
    text = render_text(r, "vi")
    assert "Thuộc phạm vi theo cách hiểu:" in text and "[TT124.SCOPE.2.CSGD.MULTI · Điều 1 khoản 2 điểm b" in text
    assert "In scope under a reading:" in render_text(r, "en")
    assert "Thuộc phạm vi theo cách hiểu" in render_html_report([r])


@pytest.mark.parametrize("teaches_excluded", [False, None])
def test_no_note_when_the_reading_does_not_decide(teaches_excluded: bool | None) -> None:
    assert school(teaches_excluded).scope_notes == ()


def test_the_other_reading_excludes_and_adds_no_note() -> None:
    r = school(True, csgd_multi_level_scope="any_excluded_level")
    assert r.outcome == "not_applicable" and r.exclusion is not None
    assert r.exclusion.id == "TT124.SCOPE.2.CSGD.MULTI" and r.scope_notes == ()


def test_scope_notes_round_trip_through_json() -> None:
    r = school(True)
    assert Result.from_dict(r.to_dict()).scope_notes == r.scope_notes
    assert r.to_dict()["scope_notes"][0]["id"] == "TT124.SCOPE.2.CSGD.MULTI"


def test_kept_when_needs_its_reason() -> None:
    from pathlib import Path

    text = Path(PACK.file).read_text(encoding="utf-8")
    broken = text.replace("    kept_reason:\n", "    kept_reason_x:\n", 1)
    with pytest.raises(PackError) as exc:
        load_pack_text(broken, "tt124-broken.yaml")
    assert any("kept_" in p.render("en") for p in exc.value.problems)
