"""Outputs of population runs: flat rows, CSV/XLSX/JSONL written and read back, summaries with exact shares.

Every unit here is an illustrative fixture (ví dụ minh hoạ) built from the shipped examples.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

import antq_rules
from antq_rules import Problem, Text, UnitRef
from antq_rules._text import LANGS
from antq_rules.outputs import (
    POPULATION_RECORD_SCHEMA,
    PopulationSummary,
    ResultLayout,
    format_share,
    open_results,
    record_to_dict,
    render_summary_text,
    result_row,
    summary_table,
    write_results,
    write_summary,
)
from antq_rules.outputs._cells import csv_cell
from antq_rules.population import RowError, RowSource, UnitRecord, evaluate_population
from antq_rules.results import Result, encode_value

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
TT124 = "vn.bca.tt124"
TM510 = "vn.vd.tinh_mau.qd510"
QD510 = "vn.bca.qd510"


def _res(path: str) -> Result:
    return antq_rules.evaluate_file(str(EX / path))


@pytest.fixture(scope="module")
def results() -> dict[str, Result]:
    return {
        "pass": _res("tt124/kdc-pass.yaml"),
        "fail": _res("tt124/kdc-fail.yaml"),
        "na": _res("tt124/dn-excluded-small.yaml"),
        "kha": _res("qd510/kdc-tinh-mau.yaml"),
        "incomplete": _res("qd510/cq-national.yaml"),
    }


def _src(row: int, sheet: str = "kdc") -> RowSource:
    return RowSource(file="xa-mau.xlsx", sheet=sheet, row=row)


def record(
    index: int, result: Result, key: str = TT124, *, uid: str | None = None, commune: str | None = "X1"
) -> UnitRecord:
    unit = result.unit if uid is None else UnitRef(uid, result.unit.subject, result.unit.kind, result.unit.name)
    return UnitRecord(index, unit, _src(index + 2), commune, {key: result.replace(unit=unit)})


def error(index: int, uid: str = "T-ERR", commune: str | None = "X1") -> RowError:
    src = _src(index + 2)
    problems = (
        Problem(
            Text("phải là số", "must be a number"),
            file=src.file,
            sheet=src.sheet,
            line=src.row,
            column=5,
            field="indicators.households_resident",
        ),
        Problem(
            Text("thiếu mã đơn vị", "the unit id is missing"),
            file=src.file,
            sheet=src.sheet,
            line=src.row,
            field="unit.id",
        ),
    )
    return RowError(index, UnitRef(uid, "kdc", None, "Thôn Lỗi"), src, commune, problems)


# -- result_row ------------------------------------------------------------------------------------


def test_row_of_a_failing_unit(results: dict[str, Result]) -> None:
    rec = record(0, results["fail"])
    row = result_row(rec, [TT124])
    assert row["row"] == 1
    assert row["source"] == "xa-mau.xlsx[kdc]:2"
    assert (row["id"], row["subject"], row["member_of"]) == ("VD-KDC-002", "kdc", "X1")
    assert row[f"{TT124}.outcome"] == "fail"
    assert row[f"{TT124}.outcome_label"] == "Chưa đạt"
    assert row[f"{TT124}.year"] == 2026
    assert row[f"{TT124}.failing"] == "TT124.KDC.1b; TT124.KDC.3; TT124.KDC.4d"
    assert row[f"{TT124}.undetermined"] == ""
    assert row["illustrative"] is False
    assert row["error"] is None and row["error_fields"] is None
    # a standard pack has no score columns
    assert f"{TT124}.score" not in row
    assert result_row(rec, [TT124], lang="en")[f"{TT124}.outcome_label"] == "Fail"


def test_row_of_a_passing_unit_and_a_pack_that_does_not_cover_it(results: dict[str, Result]) -> None:
    rec = record(3, results["pass"])
    row = result_row(rec, [TT124, QD510])
    assert row[f"{TT124}.outcome"] == "pass" and row[f"{TT124}.failing"] == ""
    # the run's second pack gave no result for this record: every cell of it is empty
    assert all(row[f"{QD510}.{f}"] is None for f in ("outcome", "score", "level", "missing_slots"))


def test_row_of_a_classified_and_an_incomplete_unit(results: dict[str, Result]) -> None:
    row = result_row(record(0, results["kha"], TM510), [TM510])
    assert row[f"{TM510}.outcome"] == "kha"
    assert row[f"{TM510}.score"] == 94
    assert row[f"{TM510}.level"] == "kha"
    assert row[f"{TM510}.missing_slots"] == ""
    assert row["illustrative"] is True

    row = result_row(record(1, results["incomplete"], QD510), [QD510])
    assert row[f"{QD510}.outcome"] == "incomplete"
    assert row[f"{QD510}.score"] is None
    assert row[f"{QD510}.level"] == "incomplete"
    slots = results["incomplete"].score.missing_slots  # type: ignore[union-attr]
    assert slots and row[f"{QD510}.missing_slots"] == "; ".join(slots)
    assert "levels.kha.min" in row[f"{QD510}.missing_slots"].split("; ")


def test_row_of_an_error_names_every_problem_with_its_place_in_the_language() -> None:
    rec = error(4)
    vi = result_row(rec, [TT124])
    assert vi[f"{TT124}.outcome"] is None
    assert vi["error"] == (
        "xa-mau.xlsx[kdc]:6:E: indicators.households_resident: phải là số; xa-mau.xlsx[kdc]:6: unit.id: thiếu mã đơn vị"
    )
    assert vi["error_fields"] == "indicators.households_resident; unit.id"
    en = result_row(rec, [TT124], lang="en")
    assert "must be a number" in en["error"] and "the unit id is missing" in en["error"]
    assert "phải là số" not in en["error"]


def _population() -> list[dict[str, Any]]:
    kdc = yaml.safe_load((EX / "tt124" / "kdc-pass.yaml").read_text(encoding="utf-8"))
    xa = yaml.safe_load((EX / "tt124" / "xa-pass.yaml").read_text(encoding="utf-8"))

    def member(uid: str) -> dict[str, Any]:
        return {
            "unit": {"id": uid, "subject": "kdc", "kind": kdc["unit"]["kind"], "member_of": "X1"},
            "indicators": copy.deepcopy(kdc["indicators"]),
            "previous_year": copy.deepcopy(kdc.get("previous_year", {})),
            "events": copy.deepcopy(kdc.get("events", [])),
        }

    commune = {
        "unit": {"id": "X1", "subject": "xa", "kind": xa["unit"]["kind"]},
        "indicators": {k: v for k, v in xa["indicators"].items() if not k.startswith("units_")},
        "previous_year": copy.deepcopy(xa.get("previous_year", {})),
    }
    bad = member("T-BAD")
    bad["indicators"]["households_resident"] = "mười"
    return [member("T1"), member("T2"), bad, commune]


def test_row_of_a_commune_carries_its_derived_counts() -> None:
    records = list(evaluate_population(_population(), [TT124], 2026))
    commune = next(r for r in records if r.unit is not None and r.unit.id == "X1")
    assert isinstance(commune, UnitRecord) and commune.rollup is not None
    layout = ResultLayout([TT124])
    assert "rollup.units_recognised_kdc" in layout.columns
    row = layout.row(commune)
    # the member with an error leaves the kdc counts open; the counts of absent kinds are 0
    assert row["rollup.units_in_scope_cq"] == 0
    assert row["rollup.units_recognised_kdc"] is None
    assert "units_recognised_kdc" in row["rollup_undetermined"].split("; ")
    derived = {c.indicator: c.value for c in commune.rollup.counts}
    assert row["rollup.units_in_scope_dn"] == derived["units_in_scope_dn"]


def test_layout_labels_in_both_languages() -> None:
    layout = ResultLayout([TT124, QD510])
    vi, en = layout.labels("vi"), layout.labels("en")
    assert len(vi) == len(en) == len(layout.columns)
    assert vi[layout.columns.index(f"{QD510}.level")] == f"{QD510} · Mức xếp loại"
    assert en[layout.columns.index(f"{QD510}.level")] == f"{QD510} · Level"
    assert vi[layout.columns.index("error")] == "Lỗi" and en[layout.columns.index("error")] == "Errors"


# -- writers ---------------------------------------------------------------------------------------


def _records(results: dict[str, Result]) -> list[UnitRecord | RowError]:
    return [
        record(0, results["pass"], uid="T1"),
        record(1, results["fail"], uid="T2"),
        error(2),
        record(3, results["na"], uid="DN1"),
    ]


def test_csv_rows_in_equal_rows_out(tmp_path: Path, results: dict[str, Result]) -> None:
    recs = _records(results)
    out = tmp_path / "ket-qua.csv"
    assert write_results(recs, out, [TT124], header="key") == 4
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs read UTF-8
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["T1", "T2", "T-ERR", "DN1"]
    assert [r[f"{TT124}.outcome"] for r in rows] == ["pass", "fail", "", "not_applicable"]
    assert rows[2]["error"].startswith("xa-mau.xlsx[kdc]:4:E: indicators.households_resident: phải là số")
    assert rows[0]["illustrative"] == "không"
    layout = ResultLayout([TT124])
    assert list(rows[0]) == list(layout.columns)


def test_csv_header_in_english_labels(tmp_path: Path, results: dict[str, Result]) -> None:
    out = tmp_path / "results.csv"
    write_results(_records(results), out, [TT124], lang="en")
    with out.open(encoding="utf-8-sig", newline="") as f:
        head = next(csv.reader(f))
    assert head[:3] == ["No.", "Source (file[sheet]:row)", "Unit ID"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, results: dict[str, Result]) -> None:
    r = results["pass"]
    unit = UnitRef('=HYPERLINK("http://x")', "kdc", None, "@SUM(A1)")
    rec = UnitRecord(0, unit, _src(2), None, {TT124: r.replace(unit=unit)})
    write_results([rec], tmp_path / "r.csv", [TT124], header="key")
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["id"] == '\'=HYPERLINK("http://x")' and row["name"] == "'@SUM(A1)"
    write_results([rec], tmp_path / "r.xlsx", [TT124])
    ws = load_workbook(tmp_path / "r.xlsx").active
    assert ws.cell(2, 3).value == '=HYPERLINK("http://x")'
    assert ws.cell(2, 3).data_type == "s"


def test_xlsx_rows_in_equal_rows_out_header_frozen_errors_highlighted(
    tmp_path: Path, results: dict[str, Result]
) -> None:
    out = tmp_path / "ket-qua.xlsx"
    write_results(_records(results), out, [TT124])
    wb = load_workbook(out)
    ws = wb.active
    assert ws.title == "Kết quả"
    assert ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    layout = ResultLayout([TT124])
    assert list(rows[0]) == layout.labels("vi")
    assert len(rows) == 5
    col = {k: i for i, k in enumerate(layout.columns)}
    assert [r[col["id"]] for r in rows[1:]] == ["T1", "T2", "T-ERR", "DN1"]
    assert [r[col[f"{TT124}.outcome"]] for r in rows[1:]] == ["pass", "fail", None, "not_applicable"]
    assert rows[1][col["row"]] == 1  # numbers stay numbers
    err_cell = ws.cell(4, col["error"] + 1)
    assert "phải là số" in err_cell.value
    assert err_cell.fill.fgColor.rgb == "FFF4CCCC" and err_cell.font.b
    ok_cell = ws.cell(2, col["error"] + 1)
    assert ok_cell.fill.fill_type is None


def test_jsonl_envelope_and_results_read_back(tmp_path: Path, results: dict[str, Result]) -> None:
    out = tmp_path / "ket-qua.jsonl"
    recs = _records(results)
    write_results(recs, out, [TT124], lang="en")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(recs)
    docs = [json.loads(line) for line in lines]
    assert {d["schema"] for d in docs} == {POPULATION_RECORD_SCHEMA}
    assert [d["kind"] for d in docs] == ["result", "result", "error", "result"]
    assert [d["index"] for d in docs] == [0, 1, 2, 3]
    # each line is the record's envelope as json.dumps writes it (the results' text is written directly)
    assert lines == [
        json.dumps(record_to_dict(r, "en", "compact"), ensure_ascii=False, default=encode_value) for r in recs
    ]
    # compact by default: read back in full given the packs
    assert docs[1]["results"][TT124]["schema"] == "antq-rules/result-compact/v1"
    back = Result.from_dict(docs[1]["results"][TT124], pack=antq_rules.PackRegistry.shipped())
    assert back == recs[1].results[TT124]  # type: ignore[union-attr]
    assert back.outcome == "fail" and [c.id for c in back.by_status("not_met")] == [
        "TT124.KDC.1b",
        "TT124.KDC.3",
        "TT124.KDC.4d",
    ]
    assert docs[2]["results"] == {} and len(docs[2]["problems"]) == 2
    assert docs[2]["problems"][0]["column"] == 5
    assert "must be a number" in docs[2]["error"]
    assert docs[0]["source"]["where"] == "xa-mau.xlsx[kdc]:2"


def test_jsonl_full_detail_on_request(tmp_path: Path, results: dict[str, Result]) -> None:
    out = tmp_path / "full.jsonl"
    recs = _records(results)
    write_results(recs, out, [TT124], detail="full")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == [json.dumps(record_to_dict(r), ensure_ascii=False, default=encode_value) for r in recs]
    docs = [json.loads(line) for line in lines]
    assert docs[1]["results"][TT124]["schema"] == "antq-rules/result/v1"
    assert Result.from_dict(docs[1]["results"][TT124]) == recs[1].results[TT124]  # type: ignore[union-attr]


def test_jsonl_carries_the_rollup(tmp_path: Path) -> None:
    out = tmp_path / "r.jsonl"
    write_results(evaluate_population(_population(), [TT124], 2026), out, [TT124])
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 4
    commune = next(d for d in docs if d["unit"] and d["unit"]["id"] == "X1")
    assert commune["rollups"][0]["schema"] == "antq-rules/rollup/v1"
    assert {m["id"] for m in commune["rollups"][0]["members"]} == {"T1", "T2", "T-BAD"}


def test_writers_stream_one_record_at_a_time(tmp_path: Path, results: dict[str, Result]) -> None:
    """Each record is written before the next one is asked for (nothing is collected first)."""
    written_before: list[int] = []
    counter: dict[str, Any] = {}

    def gen() -> Iterator[UnitRecord]:
        for i in range(50):
            written_before.append(counter["writer"].count if "writer" in counter else 0)
            yield record(i, results["pass"], uid=f"T{i}")

    for fmt in ("csv", "xlsx", "jsonl"):
        written_before.clear()
        with open_results(tmp_path / f"r.{fmt}", [TT124]) as w:
            counter["writer"] = w
            for rec in gen():
                w.write(rec)
        assert written_before == list(range(50)) and w.count == 50


def test_unknown_suffix_is_an_error(tmp_path: Path, results: dict[str, Result]) -> None:
    with pytest.raises(antq_rules.EvaluationError) as exc:
        write_results([], tmp_path / "r.txt", [TT124])
    assert "r.txt" in exc.value.message.vi and ".xlsx" in exc.value.message.en


def test_write_to_a_stream(results: dict[str, Result]) -> None:
    buf = io.StringIO()
    write_results(_records(results), buf, [TT124], format="jsonl")
    assert len(buf.getvalue().splitlines()) == 4


def _varied(results: dict[str, Result]) -> list[tuple[list[str], list[UnitRecord | RowError]]]:
    """Records of several runs: every outcome, errors, roll-ups (open and conflicting), scored packs."""
    rows = _population()
    undetermined = copy.deepcopy(rows[0])
    undetermined["unit"]["id"] = "T-OPEN"
    undetermined["indicators"].pop(sorted(undetermined["indicators"])[0])
    formula = copy.deepcopy(rows[1])
    formula["unit"] |= {"id": "=T3", "name": '+Thôn; "lạ"\n', "member_of": "X2"}
    conflict = copy.deepcopy(rows[3])
    conflict["unit"]["id"] = "X2"
    conflict["indicators"]["units_in_scope_kdc"] = 99
    rows = [*rows[:3], undetermined, formula, rows[3], conflict]
    hand: list[UnitRecord | RowError] = [
        record(0, results["pass"], uid="T1"),
        record(1, results["fail"], uid="@T2"),
        error(2),
        record(3, results["na"], uid="DN1"),
        record(4, results["kha"], TM510),
        record(5, results["incomplete"], QD510),
        RowError(6, None, RowSource(None, None, 8), None, (Problem(Text("x", "y"), field="a"),)),
    ]
    runs: list[tuple[list[str], list[UnitRecord | RowError]]] = [([TT124, TM510, QD510], hand)]
    for packs in ([TT124], [TT124, QD510], ["vn.vd.tinh_mau.tt124", TM510]):
        runs.append((packs, list(evaluate_population(copy.deepcopy(rows), packs, 2026))))
    return runs


def test_csv_fast_rows_equal_the_flat_rows(results: dict[str, Result]) -> None:
    """The CSV writer's fast path (``ResultLayout.csv_row``) writes exactly ``csv_cell`` of every
    cell of ``ResultLayout.row``, on a population with every kind of record."""
    seen: set[str] = set()
    for packs, records in _varied(results):
        layout = ResultLayout(packs)
        for rec in records:
            seen.add(rec.kind)
            if isinstance(rec, UnitRecord):
                seen.update(r.outcome for r in rec.results.values())
                seen.update("illustrative" for r in rec.results.values() if r.illustrative)
            seen.update("rollup" for _ in rec.rollups)
            for lang in LANGS:
                row = layout.row(rec, lang)
                expected = [csv_cell(row[c], lang) for c in layout.columns]
                assert layout.csv_row(rec, lang) == expected, (packs, rec.index, lang)
        for lang in LANGS:
            buf, ref = io.StringIO(), io.StringIO()
            write_results(records, buf, packs, format="csv", lang=lang)
            w = csv.writer(ref)
            w.writerow(layout.labels(lang))
            for rec in records:
                row = layout.row(rec, lang)
                w.writerow([csv_cell(row[c], lang) for c in layout.columns])
            assert buf.getvalue() == ref.getvalue()
    kinds = {"pass", "fail", "not_applicable", "undetermined", "incomplete", "kha", "error", "rollup", "illustrative"}
    assert kinds <= seen


@pytest.mark.parametrize(
    "source",
    [
        RowSource("xa-mau.xlsx", "kdc", 7),
        RowSource("kdc.csv", None, 12),
        RowSource("kdc.csv", "kdc", None),
        RowSource("", "kdc", 3),
        RowSource(None, None, 5),
        RowSource(),
    ],
)
def test_csv_fast_source_cell_equals_where(source: RowSource) -> None:
    from antq_rules._text import Text
    from antq_rules.errors import Problem

    # the source cell (RowSource.where) writes a place exactly as a Problem does, "#row" without a file
    as_problem = Problem(Text("", ""), file=source.file, line=source.row, sheet=source.sheet).where()
    assert source.where() == (as_problem or f"#{source.row}")


# -- summary ---------------------------------------------------------------------------------------


def _summary(results: dict[str, Result]) -> PopulationSummary:
    s = PopulationSummary([TT124])
    i = 0
    for n in range(18):
        s.add(record(i, results["pass"], uid=f"P{n}", commune="X1" if n < 9 else "X2"))
        i += 1
    for n in range(2):
        s.add(record(i, results["fail"], uid=f"F{n}", commune="X2"))
        i += 1
    undetermined = antq_rules.evaluate(antq_rules.shipped_pack(TT124), {"id": "U1", "subject": "kdc"}, 2026, {})
    assert undetermined.outcome == "undetermined"
    s.add(UnitRecord(i, undetermined.unit, _src(i + 2), "X2", {TT124: undetermined}))
    s.add(record(i + 1, results["na"], uid="DN1", commune="X1"))
    s.add(error(i + 2, commune="X1"))
    return s


def test_summary_counts_and_exact_shares(results: dict[str, Result]) -> None:
    s = _summary(results)
    o = s.overall
    assert o.units == {"kdc": 21, "dn": 1}
    assert o.errors == 1 and o.rows == 23
    c = o.packs[TT124]
    assert dict(c.outcomes) == {"pass": 18, "fail": 2, "undetermined": 1, "not_applicable": 1}
    assert (c.evaluated, c.in_scope, c.determined) == (22, 21, 20)
    assert c.pass_share_determined == Fraction(9, 10)
    assert isinstance(c.pass_share_determined, Fraction)
    assert c.pass_share_in_scope == Fraction(18, 21)
    assert set(s.communes) == {"X1", "X2"}
    x1 = s.communes["X1"]
    assert x1.errors == 1 and x1.packs[TT124].outcomes["pass"] == 9 and x1.packs[TT124].pass_share_determined == 1
    x2 = s.communes["X2"].packs[TT124]
    assert x2.pass_share_determined == Fraction(9, 11) and x2.pass_share_in_scope == Fraction(9, 12)


def test_share_formatting() -> None:
    assert format_share(Fraction(18, 20), "vi") == "90,0%"
    assert format_share(Fraction(18, 20), "en") == "90.0%"
    assert format_share(Fraction(1, 3), "vi") == "33,3%"
    assert format_share(Fraction(2, 3), "en") == "66.7%"
    assert format_share(Fraction(1, 2000), "en") == "0.1%"  # 0.05% rounds half up, exactly
    assert format_share(Fraction(1), "vi") == "100,0%"
    assert format_share(None, "vi") == "—"


def test_commune_record_counts_under_its_own_id() -> None:
    records = list(evaluate_population(_population(), [TT124], 2026))
    s = PopulationSummary([TT124])
    for r in records:
        s.add(r)
    assert list(s.communes) == ["X1"]
    g = s.communes["X1"]
    assert g.units == {"kdc": 2, "xa": 1} and g.errors == 1


def test_summary_table_and_files(tmp_path: Path, results: dict[str, Result]) -> None:
    s = _summary(results)
    heads, rows = summary_table(s, "vi")
    assert [r[0] for r in rows] == ["Toàn bộ", "X1", "X2"]
    share_col = heads.index(f"{TT124} · Tỷ lệ đạt / số đã có kết luận")
    assert rows[0][share_col] == "90,0% (18/20)"
    assert rows[0][heads.index(f"{TT124} · Tỷ lệ đạt / số thuộc phạm vi")] == "85,7% (18/21)"
    assert rows[0][heads.index(f"{TT124} · Đạt")] == 18
    write_summary(s, tmp_path / "tong-hop.csv", "vi")
    with (tmp_path / "tong-hop.csv").open(encoding="utf-8-sig", newline="") as f:
        back = list(csv.reader(f))
    assert back[0] == heads and back[1][share_col] == "90,0% (18/20)" and len(back) == 4
    write_summary(s, tmp_path / "summary.xlsx", "en")
    ws = load_workbook(tmp_path / "summary.xlsx").active
    heads_en = [c.value for c in ws[1]]
    assert f"{TT124} · Pass share among units with a determined outcome" in heads_en
    col = heads_en.index(f"{TT124} · Pass share among units with a determined outcome") + 1
    assert ws.cell(2, col).value == "90.0% (18/20)"
    assert ws.freeze_panes == "B2"


def test_summary_of_a_scored_pack_counts_levels_and_incomplete(results: dict[str, Result]) -> None:
    s = PopulationSummary([QD510])
    s.add(record(0, results["incomplete"], QD510, uid="C1"))
    s.add(record(1, results["incomplete"], QD510, uid="C2"))
    c = s.overall.packs[QD510]
    assert c.incomplete == 2 and c.levels == {} and c.outcomes == {"incomplete": 2}
    assert c.pass_share_determined is None and c.pass_share_in_scope is None  # no pass/fail in 510
    s2 = PopulationSummary([TM510])
    s2.add(record(0, results["kha"], TM510))
    assert s2.overall.packs[TM510].levels == {"kha": 1}
    heads, rows = summary_table(s2, "vi")
    assert rows[0][heads.index(f"{TM510} · Mức Khá")] == 1


def test_summary_text_in_both_languages_escapes_input(results: dict[str, Result]) -> None:
    s = _summary(results)
    s.add(record(99, results["pass"], uid="T-MARKUP", commune="[bold]X9[/bold]"))
    vi = render_summary_text(s, "vi")
    assert "Tổng hợp kết quả" in vi
    assert "[bold]X9[/bold]" in vi  # shown as written, never read as markup
    assert "95,0% (19/20)" not in vi  # nineteen passes overall now: 19 of 21 determined
    assert "90,5% (19/21)" in vi
    en = render_summary_text(s, "en")
    assert "Summary of results" in en and "90.5% (19/21)" in en
    assert "\x1b[" not in en  # plain text: no colour codes


def test_summary_to_dict_is_exact(results: dict[str, Result]) -> None:
    d = _summary(results).to_dict()
    assert d["overall"]["packs"][TT124]["pass_share_determined"] == "9/10"
    assert d["overall"]["packs"][TT124]["pass_share_in_scope"] == "6/7"
    json.dumps(d)
