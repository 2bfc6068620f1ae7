"""The printable HTML report and "what must change": content, escaping, offline, and a real browser.

Units here are illustrative (made-up ids, names and figures).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from antq_rules import evaluate, shipped_pack
from antq_rules.cli import main
from antq_rules.explanations import render_text
from antq_rules.reports import remedies, render_html_report

ROOT = Path(__file__).resolve().parents[1]
POPULATION = ROOT / "examples" / "population"
CSV = [str(POPULATION / f) for f in ("xa.csv", "kdc.csv", "cq.csv", "dn.csv", "events.csv")]
HAM_LIEM = str(ROOT / "packs" / "examples" / "plans" / "ham-liem-2026.yaml")
TT124 = shipped_pack("vn.bca.tt124")

KDC_OK: dict[str, Any] = {
    "party_resolution_adopted": True,
    "party_resolution_date": "20/01/2026",
    "registration_submitted": True,
    "registration_date": "25/01/2026",
    "households_resident": 412,
    "households_registered": 412,
    "policy_implementation_ok": True,
    "crimes_count": 1,
    "social_evils_count": 0,
    "other_violations_count": 0,
    "new_complex_hotspots": 0,
    "new_persons_social_evils": 0,
    "supervised_subjects_management_ok": True,
    "grassroots_force_rating": "hoan_thanh",
    "grassroots_force_disciplined_count": 0,
}
PREV = {"crimes_count": 2, "social_evils_count": 0, "other_violations_count": 0}


def kdc(uid: str = "VD-1", name: str = "Thôn Ví Dụ", events: list[Any] | None = None, **changes: Any) -> Any:
    unit = {"id": uid, "subject": "kdc", "kind": "thon", "name": name}
    return evaluate(TT124, unit, 2026, {**KDC_OK, **changes}, PREV, events=[] if events is None else events)


def test_the_reference_unit_passes() -> None:
    assert kdc().outcome == "pass", [c.id for c in kdc().criteria if c.status != "met"]


# -- what must change ------------------------------------------------------------------------------------


def _fix(result: Any, criterion: str) -> Any:
    return next(f for f in remedies(result, TT124) if f.id == criterion)


def test_a_share_gap_is_said_in_households() -> None:
    fix = _fix(kdc(households_registered=409), "TT124.KDC.1b")
    assert fix.fixable is True
    assert fix.lines[0].vi.startswith("Thiếu 3 — Số hộ đăng ký tham gia: 409/412")
    assert "ít nhất 412" in fix.lines[0].vi and "at least 412" in fix.lines[0].en


def test_an_incident_in_the_period_cannot_be_put_right() -> None:
    crime = {"id": "SV-<b>", "type": "crime", "date": "2026-03-02", "severity": "nghiem_trong"}
    fix = _fix(kdc(events=[crime]), "TT124.KDC.4b")
    assert fix.fixable is False
    assert "1 vụ trong kỳ 01/11/2025 – 31/10/2026" in fix.lines[0].vi
    assert "không thể khắc phục trong kỳ đánh giá này" in fix.lines[0].vi
    assert len(fix.lines) == 1  # the count comparison is not said twice


def test_a_date_outside_its_window_cannot_be_put_right() -> None:
    fix = _fix(kdc(party_resolution_date="05/04/2026"), "TT124.KDC.1a")
    assert fix.fixable is False
    assert "05/04/2026" in fix.lines[0].vi and "01/01/2026 – 31/03/2026" in fix.lines[0].vi


def test_more_than_last_year_is_said_as_too_many() -> None:
    fix = _fix(kdc(crimes_count=4), "TT124.KDC.4a")
    assert any("hiện 4, cần không quá 2 (năm trước) (vượt 2)" in line.vi for line in fix.lines)


def test_missing_data_asks_to_be_supplied() -> None:
    result = kdc()
    data = {k: v for k, v in KDC_OK.items() if k != "party_resolution_date"}
    result = evaluate(TT124, {"id": "VD-2", "subject": "kdc", "kind": "thon"}, 2026, data, PREV, events=[])
    fix = _fix(result, "TT124.KDC.1a")
    assert fix.status == "undetermined"
    assert any(line.vi.startswith("Thiếu dữ liệu “") and "cần bổ sung" in line.vi for line in fix.lines)


def test_a_passing_unit_has_nothing_to_change() -> None:
    assert remedies(kdc(), TT124) == ()


# -- the HTML report -------------------------------------------------------------------------------------


def test_input_text_is_escaped() -> None:
    crime = {"id": "<script>alert(2)</script>", "type": "crime", "date": "2026-03-02", "severity": "nghiem_trong"}
    page = render_html_report([kdc("VD-<script>", "<script>alert(1)</script>", events=[crime])])
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_the_report_is_self_contained() -> None:
    page = render_html_report([kdc(), kdc("VD-2", households_registered=400)])
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "nothing is fetched from elsewhere"
    assert "@import" not in page and "<link" not in page and "<script" not in page
    assert "<style>" in page
    for section in ("summary", "units", "fixes", "details"):
        assert f'id="{section}"' in page
    # citations link to the generated reference pages (relative by default)
    assert 'href="packs/tt124/#TT124.KDC.1b"' in page


def test_english_report_links_to_english_reference_pages() -> None:
    page = render_html_report([kdc()], lang="en", reference_url="https://intranet.example/antq/packs/")
    assert 'lang="en"' in page and "What must change" in page
    assert 'href="https://intranet.example/antq/packs/tt124-en/#TT124.KDC.1b"' in page


def test_only_the_parameters_the_subject_uses_are_shown() -> None:
    page = render_html_report([kdc()])
    details = page[page.index('id="details"') :]
    used = {p for c in kdc().criteria for p in c.parameters}
    every = {p.name for p in kdc().parameters}
    assert used and used < every
    for name in every - used:
        assert f"<code>{name}</code>" not in details, name


def test_codes_are_shown_by_their_names() -> None:
    page = render_html_report([kdc(grassroots_force_rating="hoan_thanh_tot")])
    assert "grassroots_force_rating</code> = hoan_thanh_tot" not in page
    assert "Hoàn thành tốt" in page or "hoàn thành tốt" in page.lower()


def test_batch_writes_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bao-cao.html"
    args = ["batch", *CSV, "--pack", "vn.bca.tt124", "--year", "2026", "--plan", HAM_LIEM, "--report", str(out)]
    assert main(args) == 0
    page = out.read_text(encoding="utf-8")
    assert "4/5 = 80,0% — cần trên 90% → chưa đạt" in page
    assert 'id="u-VD-THON-02"' in page and 'href="#u-VD-THON-02"' in page
    assert "Thiếu 1 — Số hộ đăng ký tham gia: 318/319" in page
    assert str(out) in capsys.readouterr().out


def test_batch_refuses_a_report_name_that_is_not_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["batch", *CSV, "--pack", "vn.bca.tt124", "--year", "2026", "--report", str(tmp_path / "r.pdf")]) == 2
    assert ".html" in capsys.readouterr().err


# -- in a real browser -----------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_the_report_renders_and_prints_in_chromium(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    html = tmp_path / "report.html"
    assert (
        main(["batch", *CSV, "--pack", "vn.bca.tt124", "--year", "2026", "--plan", HAM_LIEM, "--report", str(html)])
        == 0
    )
    errors: list[str] = []
    outside: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file:") else None)
        page.goto(html.as_uri())
        for section in ("#summary", "#units", "#fixes", "#details"):
            assert page.locator(section).is_visible()
        assert page.locator("table.targets").count() >= 1
        assert "Cần khắc phục" in page.locator("#fixes h2").inner_text()
        pdf = page.pdf(format="A4")
        browser.close()
    assert errors == []
    assert outside == []
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_one_unit_as_html(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(ROOT / "examples" / "tt124" / "cq-pass.yaml"), "--format", "html"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and 'id="details"' in page
    assert page.count('class="criterion met"') >= 5


def test_a_scored_result_shows_each_item_and_how_it_got_its_points() -> None:
    """The printed report lists a QĐ 510 result's items: points, and a hand score in steps beside what the
    pack's rule gave, with the meeting's reason escaped (illustrative Tỉnh Mẫu pack and agency)."""
    import yaml

    doc = yaml.safe_load((ROOT / "examples" / "qd510" / "cq-tinh-mau.yaml").read_text(encoding="utf-8"))
    doc["indicators"]["movement_plan_date"] = "2026-05-20"  # late: the rule gives 0
    doc["scores"]["QD510.CQDN.1"] = {"points": "1,5", "reason": "Kế hoạch muộn <b>(minh hoạ)</b>"}
    pack = shipped_pack("vn.vd.tinh_mau.qd510")
    result = evaluate(
        pack, doc["unit"], doc["year"], doc["indicators"], scores=doc["scores"], dependencies=doc["dependencies"]
    )
    import html

    vi, en = render_html_report([result]), html.unescape(render_html_report([result], lang="en"))
    assert "chấm tay theo bước 0,5 điểm" in vi and "quy tắc của gói cho: 0" in vi and "1,5 / 3" in vi
    assert "scored by hand in steps of 0.5 points" in en and "the pack's rule gave: 0" in en
    assert "scored by the meeting" in en  # TM510.CQDN.8, a manual item
    assert "&lt;b&gt;(minh hoạ)&lt;/b&gt;" in vi and "<b>(minh hoạ)</b>" not in vi


def test_a_manual_item_waiting_for_its_score_is_named_as_the_meetings_score() -> None:
    """A QĐ 510 item scored by the evaluation meeting (illustrative Tỉnh Mẫu TM510.CQDN.8): without its
    score, the report asks for the meeting's score, not for a bare input key."""
    import yaml

    doc = yaml.safe_load((ROOT / "examples" / "qd510" / "cq-tinh-mau.yaml").read_text(encoding="utf-8"))
    del doc["scores"]["TM510.CQDN.8"]
    pack = shipped_pack("vn.vd.tinh_mau.qd510")
    result = evaluate(
        pack, doc["unit"], doc["year"], doc["indicators"], scores=doc["scores"], dependencies=doc["dependencies"]
    )
    fix = next(f for f in remedies(result, pack) if f.id == "TM510.CQDN.8")
    assert [line.vi for line in fix.lines] == [
        "Thiếu dữ liệu “điểm của hội nghị xét cho mục TM510.CQDN.8 (scores.TM510.CQDN.8)”: cần bổ sung"
    ]
    assert "the evaluation meeting's score for item TM510.CQDN.8" in fix.lines[0].en
    # the text explanation names it the same way (one wording for both)
    text = render_text(result, "en", pack=pack)
    assert "Missing data: the evaluation meeting's score for item TM510.CQDN.8 (scores.TM510.CQDN.8)" in text
