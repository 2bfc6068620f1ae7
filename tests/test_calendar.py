"""The yearly calendar (window, deadlines) and choosing the pack version in force for a year.

Every pack used here is an illustrative test fixture (``tests/fixtures/mini.yaml`` and
``tests/fixtures/scoring/*.yaml``); none of it is law.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import antq_rules
from antq_rules import EvaluationError, InputError, evaluate
from antq_rules.cli import main
from antq_rules.inputs import parse_input
from antq_rules.packs import Pack, PackRegistry, load_pack_text, load_packs

FIXTURES = Path(__file__).parent / "fixtures"
SCORING = FIXTURES / "scoring"
MINI = FIXTURES / "mini.yaml"
MINI_V2 = SCORING / "mini_v2.yaml"
BASE = SCORING / "base.yaml"
OVERLAY = SCORING / "overlay.yaml"
COMPLETE = SCORING / "complete.yaml"
KDC = {"id": "KDC-1", "subject": "kdc", "kind": "thon"}
MINI_GOOD = {"resident": 10, "registered": 10, "reg_date": "2026-02-01", "crimes": 2, "rating": "mid"}


@pytest.fixture(scope="module")
def reg() -> PackRegistry:
    return load_packs([MINI, MINI_V2, BASE, OVERLAY, COMPLETE])


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# -- calendar_for ---------------------------------------------------------------------------------------


def test_calendar_of_the_scored_pack(reg: PackRegistry) -> None:
    cal = antq_rules.calendar_for(reg.get("test.scored"), 2026, "kdc")
    assert cal.pack == "test.scored@1.0.0"
    assert (cal.subject, cal.year) == ("kdc", 2026)
    assert cal.window == (date(2025, 11, 1), date(2026, 10, 31))
    assert cal.window_name.en == "Year"
    assert cal.window_provenance.status == "illustrative"
    assert [(e.id, e.kind, e.date, e.before) for e in cal.entries] == [("decide", "decision", date(2026, 11, 20), True)]
    assert cal.entries[0].name.vi == "Xếp loại"


@pytest.mark.parametrize("year", [2022, 2027, 2030])
def test_calendar_moves_with_the_year(reg: PackRegistry, year: int) -> None:
    cal = antq_rules.calendar_for(reg.get("test.scored"), year, "kdc")
    assert cal.window == (date(year - 1, 11, 1), date(year, 10, 31))
    assert cal.entries[0].date == date(year, 11, 20)
    assert cal.window[1] < cal.entries[0].date  # the decision comes after the evaluation window


def test_overlay_keeps_the_base_calendar(reg: PackRegistry) -> None:
    base = antq_rules.calendar_for(reg.get("test.scored"), 2026, "kdc")
    tinh = antq_rules.calendar_for(reg.get("test.scored_tinh"), 2026, "kdc")
    assert tinh.pack == "test.scored_tinh@1.0.0"
    assert (tinh.window, [(e.id, e.date) for e in tinh.entries]) == (
        base.window,
        [(e.id, e.date) for e in base.entries],
    )


@pytest.mark.parametrize(
    ("subject", "entries"),
    [
        (
            "cq",
            [
                ("register", "registration", date(2026, 3, 31), True),
                ("decide_cq", "decision", date(2027, 1, 15), False),  # year_offset: 1
            ],
        ),
        (
            "dn",
            [
                ("register", "registration", date(2026, 3, 31), True),
                ("report_dn", "report", date(2026, 12, 10), False),
            ],
        ),
    ],
)
def test_deadlines_per_subject_sorted_by_date(reg: PackRegistry, subject: str, entries: list[Any]) -> None:
    cal = antq_rules.calendar_for(reg.get("test.complete"), 2026, subject)
    assert cal.window == (date(2026, 1, 1), date(2026, 12, 31))
    assert [(e.id, e.kind, e.date, e.before) for e in cal.entries] == entries


def test_calendar_unknown_subject(reg: PackRegistry) -> None:
    with pytest.raises(EvaluationError) as info:
        antq_rules.calendar_for(reg.get("test.scored"), 2026, "xa")
    assert "has no subject 'xa' (known: kdc)" in info.value.message.en


def test_calendar_to_dict(reg: PackRegistry) -> None:
    d = antq_rules.calendar_for(reg.get("test.scored"), 2026, "kdc").to_dict()
    assert d["window"]["start"] == "2025-11-01" and d["window"]["end"] == "2026-10-31"
    assert d["window"]["provenance"]["status"] == "illustrative"
    assert d["entries"] == [
        {
            "id": "decide",
            "kind": "decision",
            "date": "2026-11-20",
            "before": True,
            "name": {"vi": "Xếp loại", "en": "Classify"},
            "citation": None,
            "provenance": {"status": "illustrative", "sources": [], "note": {"vi": "minh hoạ", "en": "illustrative"}},
        }
    ]
    json.dumps(d)  # JSON-ready


# -- the calendar command -----------------------------------------------------------------------------------


def test_cli_calendar_vi(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys,
        "calendar",
        "test.scored",
        "--year",
        "2026",
        "--subject",
        "kdc",
        "--pack-file",
        str(MINI),
        "--pack-file",
        str(BASE),
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "test.scored@1.0.0 — kdc — 2026"
    assert "01/11/2025 – 31/10/2026" in out
    decision = next(line for line in lines if line.startswith("quyết định"))
    assert "trước 20/11/2026" in decision and "Xếp loại" in decision and "giá trị minh hoạ" in decision


def test_cli_calendar_en(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys,
        "--lang",
        "en",
        "calendar",
        "test.scored",
        "--year",
        "2027",
        "--subject",
        "kdc",
        "--pack-file",
        str(BASE),
    )
    assert code == 0
    assert "2026-11-01 – 2027-10-31" in out
    assert "before 2027-11-20" in out and "Classify" in out


def test_cli_calendar_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys,
        "calendar",
        "test.scored",
        "--year",
        "2026",
        "--subject",
        "kdc",
        "--format",
        "json",
        "--pack-file",
        str(BASE),
    )
    assert code == 0
    d = json.loads(out)
    assert d["pack"] == "test.scored@1.0.0"
    assert (d["window"]["start"], d["window"]["end"]) == ("2025-11-01", "2026-10-31")
    assert [(e["id"], e["date"], e["before"]) for e in d["entries"]] == [("decide", "2026-11-20", True)]


def test_cli_calendar_per_subject(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(
        capsys,
        "--lang",
        "en",
        "calendar",
        "test.complete",
        "--year",
        "2026",
        "--subject",
        "dn",
        "--pack-file",
        str(COMPLETE),
    )
    assert code == 0
    assert "before 2026-03-31" in out and "2026-12-10" in out
    assert "Decision (agency)" not in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--subject", "xa", "--year", "2026"], "has no subject 'xa'"),
        (["--subject", "kdc", "--year", "2021"], "no version of pack 'test.scored' is in force on 2021-10-31"),
    ],
)
def test_cli_calendar_errors(capsys: pytest.CaptureFixture[str], argv: list[str], words: str) -> None:
    code, out, err = cli(capsys, "--lang", "en", "calendar", "test.scored", *argv, "--pack-file", str(BASE))
    assert code == 1
    assert out == ""
    assert words in err


def test_cli_calendar_year_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "--lang", "en", "calendar", "test.scored", "--subject", "kdc", "--pack-file", str(BASE))
    assert code == 2
    assert "--year" in err


# -- versions and dates -----------------------------------------------------------------------------------


def test_both_versions_are_registered(reg: PackRegistry) -> None:
    assert [p.version for p in reg.versions("test.mini")] == ["0.1.0", "0.2.0"]
    assert reg.get("test.mini").version == "0.2.0"  # the newest


@pytest.mark.parametrize(("year", "version"), [(2022, "0.1.0"), (2026, "0.1.0"), (2027, "0.2.0"), (2040, "0.2.0")])
def test_select_the_version_in_force(reg: PackRegistry, year: int, version: str) -> None:
    assert reg.select("test.mini", None, "kdc", year).version == version


def test_select_an_explicit_version(reg: PackRegistry) -> None:
    assert reg.select("test.mini", "0.1.0", "kdc", 2027).version == "0.1.0"
    with pytest.raises(EvaluationError):
        reg.select("test.mini", "0.3.0", "kdc", 2027)


def test_select_before_the_first_version(reg: PackRegistry) -> None:
    with pytest.raises(EvaluationError) as info:
        reg.select("test.mini", None, "kdc", 2021)
    assert "no version of pack 'test.mini' is in force on 2021-10-31" in info.value.message.en


@pytest.mark.parametrize(("effective", "version"), [("2026-10-31", "0.2.0"), ("2026-11-01", "0.1.0")])
def test_version_in_force_on_the_last_day_of_the_window(effective: str, version: str) -> None:
    v1 = MINI.read_text(encoding="utf-8")
    v2 = MINI_V2.read_text(encoding="utf-8").replace("effective_from: 2027-01-01", f"effective_from: {effective}", 1)
    reg = PackRegistry([load_pack_text(v1, "v1.yaml"), load_pack_text(v2, "v2.yaml")])
    assert reg.select("test.mini", None, "kdc", 2026).version == version


def test_effective_to_ends_a_version() -> None:
    v1 = MINI.read_text(encoding="utf-8").replace(
        "effective_from: 2022-02-10\ninstrument", "effective_from: 2022-02-10\neffective_to: 2025-12-31\ninstrument", 1
    )
    reg = PackRegistry([load_pack_text(v1, "v1.yaml"), load_pack_text(MINI_V2.read_text(encoding="utf-8"), "v2.yaml")])
    assert reg.select("test.mini", None, "kdc", 2025).version == "0.1.0"
    with pytest.raises(EvaluationError):
        reg.select("test.mini", None, "kdc", 2026)  # 0.1.0 ended, 0.2.0 not yet in force
    assert reg.select("test.mini", None, "kdc", 2027).version == "0.2.0"


@pytest.mark.parametrize(("version", "year", "words"), [("0.1.0", 2021, "2022-02-10"), ("0.2.0", 2026, "2027-01-01")])
def test_evaluating_a_version_not_in_force(reg: PackRegistry, version: str, year: int, words: str) -> None:
    inds = {**MINI_GOOD, "reg_date": f"{year}-02-01"}
    with pytest.raises(InputError) as info:
        evaluate(reg.get("test.mini", version), KDC, year, inds, {"crimes": 3})
    assert "year" in [p.field for p in info.value.problems]
    msg = next(p for p in info.value.problems if p.field == "year").message.en
    assert f"is not in force for evaluation year {year}" in msg and words in msg


def test_the_two_versions_differ(reg: PackRegistry) -> None:
    nine = {**MINI_GOOD, "registered": 9}
    r26 = evaluate(reg.select("test.mini", None, "kdc", 2026), KDC, 2026, nine, {"crimes": 3}, [])
    r27 = evaluate(
        reg.select("test.mini", None, "kdc", 2027), KDC, 2027, {**nine, "reg_date": "2027-02-01"}, {"crimes": 3}, []
    )
    assert (r26.pack.version, r26.outcome) == ("0.1.0", "fail")
    assert (r27.pack.version, r27.outcome) == ("0.2.0", "pass")
    assert r27.window == (date(2026, 11, 1), date(2027, 10, 31))
    assert r26.pack.content_hash != r27.pack.content_hash


def _document(year: int, **extra: Any) -> Any:
    data = {
        "schema": "antq-rules/input/v1",
        "pack": "test.mini",
        "year": year,
        "unit": KDC,
        "indicators": {**MINI_GOOD, "reg_date": f"{year}-02-01"},
        "previous_year": {"crimes": 3},
        "events": [],  # no event occurred (an absent list would mean: not reported)
        **extra,
    }
    return parse_input(data)


@pytest.mark.parametrize(("year", "version"), [(2026, "0.1.0"), (2027, "0.2.0")])
def test_evaluate_document_picks_the_version(reg: PackRegistry, year: int, version: str) -> None:
    r = antq_rules.evaluate_document(_document(year), registry=reg)
    assert r.pack.version == version
    pinned = antq_rules.evaluate_document(_document(2027, pack_version="0.1.0"), registry=reg)
    assert pinned.pack.version == "0.1.0"


def test_evaluate_document_before_any_version(reg: PackRegistry) -> None:
    with pytest.raises((EvaluationError, InputError)):
        antq_rules.evaluate_document(_document(2021), registry=reg)


def _input_file(tmp_path: Path, year: int) -> str:
    p = tmp_path / f"mini-{year}.yaml"
    p.write_text(
        "# Illustrative test input (ví dụ minh hoạ), not law\n"
        "schema: antq-rules/input/v1\n"
        "pack: test.mini\n"
        f"year: {year}\n"
        "unit: {id: KDC-1, subject: kdc, kind: thon}\n"
        f"indicators: {{resident: 10, registered: 9, reg_date: {year}-02-01, crimes: 2, rating: mid}}\n"
        "previous_year: {crimes: 3}\n"
        "events: []\n",
        encoding="utf-8",
    )
    return str(p)


@pytest.mark.parametrize(("year", "version", "outcome"), [(2026, "0.1.0", "fail"), (2027, "0.2.0", "pass")])
def test_cli_picks_the_version_for_the_year(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, year: int, version: str, outcome: str
) -> None:
    path = _input_file(tmp_path, year)
    code, out, _ = cli(
        capsys, "evaluate", path, "--format", "json", "--pack-file", str(MINI), "--pack-file", str(MINI_V2)
    )
    assert code == 0
    d = json.loads(out)
    assert (d["pack"]["version"], d["outcome"]) == (version, outcome)


def test_cli_year_before_any_version(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _input_file(tmp_path, 2021)
    code, _, err = cli(capsys, "--lang", "en", "evaluate", path, "--pack-file", str(MINI), "--pack-file", str(MINI_V2))
    assert code == 1
    assert "not in force for evaluation year 2021" in err
    assert f"{path}:" in err  # the problem names the input file


def test_registry_iteration_is_sorted_by_effective_date(reg: PackRegistry) -> None:
    minis: list[Pack] = [p for p in reg if p.id == "test.mini"]
    assert [p.effective_from for p in minis] == sorted(p.effective_from for p in minis)
