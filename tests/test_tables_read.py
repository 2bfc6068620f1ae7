"""Readers of population tables: every format, header rules, events, and what is refused or reported."""

from __future__ import annotations

import csv
import json
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import antq_rules
from antq_rules.errors import InputError
from antq_rules.packs import Pack
from antq_rules.population import RowError, UnitRow
from antq_rules.tables import read_population
from antq_rules.tables._names import norm
from antq_rules.tables._xlsx import scan_sheet_xml

TT124 = antq_rules.shipped_pack("vn.bca.tt124")
QD510 = antq_rules.shipped_pack("vn.bca.qd510")
PACKS = [TT124, QD510]


def _rows(paths: list[Path], packs: list[Pack] = PACKS, **kw: Any) -> list[UnitRow | RowError]:
    return list(read_population([str(p) for p in paths], packs, **kw).rows())


def _csv(path: Path, rows: list[list[Any]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def _xlsx(path: Path, sheets: dict[str, list[list[Any]]], hidden: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.save(path)
    return path


# --- packs: labels ---------------------------------------------------------------------------------


def test_every_indicator_and_event_field_of_the_shipped_packs_has_a_unique_label() -> None:
    reg = antq_rules.shipped_packs()
    by_label: dict[str, str] = {}
    for pack in reg:
        fields = list(pack.indicators.items())
        fields += [(n, f) for et in pack.event_types.values() for n, f in et.fields.items()]
        for name, spec in fields:
            assert spec.label is not None, f"{pack.ref}: {name} has no label"
            assert len(spec.label.vi) <= 60 and spec.label.vi == unicodedata.normalize("NFC", spec.label.vi)
            for text in (spec.label.vi, spec.label.en):
                key = norm(text)
                assert by_label.setdefault(key, name) == name, f"label {text!r} names {name} and {by_label[key]}"


# --- formats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_with_comma_or_semicolon(tmp_path: Path, delimiter: str) -> None:
    p = _csv(
        tmp_path / "kdc.csv",
        [["id", "Tên đơn vị", "Số hộ đang cư trú", "households_registered"], ["A1", "Thôn A", "412", "87,5"]],
        delimiter,
    )
    (row,) = _rows([p])
    assert isinstance(row, UnitRow)
    assert row.unit.id == "A1" and row.unit.subject == "kdc" and row.unit.name == "Thôn A"
    # plain digits already carry the reading validation gives them (the fast row path); other text stays
    # as written for the validator, which reads "87,5" or names the problem
    assert row.indicators == {"households_resident": 412, "households_registered": "87,5"}
    assert row.cells_read
    assert row.source.file == str(p) and row.source.sheet is None and row.source.row == 2
    assert row.source.columns["indicators.households_resident"] == (3, "Số hộ đang cư trú")


def test_csv_with_bom_and_empty_cells_absent(tmp_path: Path) -> None:
    p = _csv(
        tmp_path / "kdc.csv", [["id", "crimes_count", "social_evils_count"], ["A1", "", "  "]], encoding="utf-8-sig"
    )
    (row,) = _rows([p])
    assert isinstance(row, UnitRow) and row.unit.id == "A1" and row.indicators == {}


def test_xlsx_values_as_read_and_label_code_headers(tmp_path: Path) -> None:
    header = ["Mã đơn vị", "Resident households", "Số hộ đăng ký tham gia (households_registered)", "prev.crimes_count"]
    p = _xlsx(tmp_path / "x.xlsx", {"Khu dân cư": [header, [101, 412, 400, 3], ["B2", 10, None, None]]})
    a, b = _rows([p])
    assert isinstance(a, UnitRow) and isinstance(b, UnitRow)
    assert a.unit == antq_rules.inputs.UnitRef("101", "kdc", None, None)
    assert a.indicators == {"households_resident": 412, "households_registered": 400}
    assert a.previous_year == {"crimes_count": 3}
    assert (a.source.sheet, a.source.row, b.source.row) == ("Khu dân cư", 2, 3)
    assert b.indicators == {"households_resident": 10}


def test_score_columns_and_subject_column(tmp_path: Path) -> None:
    tm3554 = antq_rules.shipped_pack("vn.vd.tinh_mau.qd3554")
    item = next(i for i in tm3554.items if i.method == "manual")
    subject = sorted(item.subjects)[0]
    p = _csv(
        tmp_path / "data.csv",
        [["id", "Đối tượng", f"score.{item.id}", f"score_reason.{item.id}"], ["U1", subject, "3", "họp xét"]],
    )
    (row,) = _rows([p], [TT124, tm3554])
    assert isinstance(row, UnitRow) and row.unit.subject == subject
    assert row.scores == {item.id: {"points": "3", "reason": "họp xét"}}
    assert row.source.columns[f"scores.{item.id}.reason"] == (4, f"score_reason.{item.id}")


def test_subject_argument_when_the_name_says_nothing(tmp_path: Path) -> None:
    p = _csv(tmp_path / "export.csv", [["id", "crimes_count"], ["X1", "0"]])
    with pytest.raises(InputError) as err:
        read_population([p], PACKS)
    assert "subject" in err.value.render("en")
    (row,) = _rows([p], subject="xa")
    assert isinstance(row, UnitRow) and row.unit.subject == "xa"


def test_jsonl_documents(tmp_path: Path) -> None:
    p = tmp_path / "units.jsonl"
    docs = [
        {"unit": {"id": "A1", "subject": "kdc", "member_of": "X1"}, "indicators": {"crimes_count": 0}},
        {"unit": {"id": "A2", "subject": "kdc"}, "events": [{"type": "crime", "date": "2025-03-01"}]},
    ]
    p.write_text(json.dumps(docs[0]) + "\n\n" + json.dumps(docs[1]) + "\n{bad json\n", encoding="utf-8")
    a, b, c = _rows([p])
    assert isinstance(a, UnitRow) and a.member_of == "X1" and a.indicators == {"crimes_count": 0}
    assert isinstance(b, UnitRow) and b.source.row == 3 and len(b.events) == len(b.event_sources) == 1
    assert isinstance(c, RowError) and c.source.row == 4 and "JSON" in c.problems[0].message.en


def test_yaml_list_of_documents(tmp_path: Path) -> None:
    p = tmp_path / "units.yaml"
    p.write_text(
        "- unit: {id: A1, subject: kdc}\n  indicators: {crimes_count: 0}\n"
        "- unit: {id: A2, subject: kdc}\n  colour: red\n",
        encoding="utf-8",
    )
    a, b = _rows([p])
    assert isinstance(a, UnitRow) and a.source.row == 1
    assert isinstance(b, UnitRow) and b.source.row == 3 and "colour" in b.problems[0].message.en


def test_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    p = tmp_path / "kdc.parquet"
    table = pa.table({"id": ["A1", "A2"], "households_resident": [412, None], "crimes_count": [0.0, 1.5]})
    pq.write_table(table, p, row_group_size=1)
    a, b = _rows([p])
    assert isinstance(a, UnitRow) and a.indicators == {"households_resident": 412, "crimes_count": 0.0}
    assert isinstance(b, UnitRow) and b.indicators == {"crimes_count": 1.5} and b.source.row == 3


# --- events ----------------------------------------------------------------------------------------


def test_events_sheet_attached_and_orphans_reported(tmp_path: Path) -> None:
    p = _xlsx(
        tmp_path / "x.xlsx",
        {
            "kdc": [["id"], ["A1"], ["A2"]],
            "Sự kiện": [
                ["Mã đơn vị", "type", "date", "Bất khả kháng"],
                ["A2", "crime", "01/03/2025", "có"],
                ["A9", "crime", "02/03/2025", None],
                [None, "crime", "03/03/2025", None],
                ["A2", "fatal_work_accident", "04/03/2025", None],
            ],
        },
    )
    a, b, orphan, no_unit = _rows([p])
    assert isinstance(a, UnitRow) and a.events == ()
    assert isinstance(b, UnitRow)
    assert [e["type"] for e in b.events] == ["crime", "fatal_work_accident"]
    assert b.events[0]["force_majeure"] == "có"
    assert [s.row for s in b.event_sources] == [2, 5] and b.event_sources[0].sheet == "Sự kiện"
    assert isinstance(orphan, RowError) and orphan.source.row == 3 and "A9" in orphan.problems[0].message.en
    assert isinstance(no_unit, RowError) and no_unit.source.row == 4


# --- what xlsx would otherwise misread -------------------------------------------------------------


def test_formula_without_cached_value_is_a_row_problem(tmp_path: Path) -> None:
    p = _xlsx(tmp_path / "x.xlsx", {"kdc": [["id", "crimes_count", "social_evils_count"], ["A1", "=1+1", 2]]})
    (row,) = _rows([p])
    assert isinstance(row, UnitRow)
    (problem,) = row.problems
    assert "no computed value" in problem.message.en and "công thức" in problem.message.vi
    assert (problem.line, problem.column, problem.sheet) == (2, 2, "kdc")


def test_formula_with_cached_value_is_read(tmp_path: Path) -> None:
    p = tmp_path / "x.xlsx"
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>crimes_count</t>'
        '</is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A1</t></is></c><c r="B2"><f>1+1</f><v>2</v></c>'
        "</row></sheetData></worksheet>"
    )
    _xlsx(p, {"kdc": [["x"]]})
    with zipfile.ZipFile(p) as zin:
        parts = {n: zin.read(n) for n in zin.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(p, "w") as zout:
        for n, data in parts.items():
            zout.writestr(n, data)
    (row,) = _rows([p])
    assert isinstance(row, UnitRow) and row.indicators == {"crimes_count": 2} and row.problems == ()


def test_xml_scan_across_chunk_boundaries() -> None:
    cells = b"".join(
        b'<c r="B%d"><f>1+1</f><v /></c><c r="C%d" t="str"><f>""</f><v></v></c>' % (i, i) for i in range(2, 400)
    )
    xml = b"<sheetData>" + cells + b'</sheetData><mergeCells><mergeCell ref="A2:A5"/></mergeCells>'
    for size in (7, 64, 1000):
        chunks = [xml[i : i + size] for i in range(0, len(xml), size)] + [b""]
        formulas, merges, unplaced = scan_sheet_xml(iter(chunks))
        assert not unplaced and set(formulas) == set(range(2, 400)) and all(v == {2} for v in formulas.values())
        assert [m.ref for m in merges] == ["A2:A5"]


def test_merged_cells_are_row_problems_and_header_merges_refused(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "kdc"
    for r in (["id", "member_of"], ["A1", "X1"], ["A2", None], ["A3", "X2"]):
        ws.append(r)
    ws.merge_cells("B2:B3")
    wb.save(tmp_path / "m.xlsx")
    a, b, c = _rows([tmp_path / "m.xlsx"])
    assert isinstance(a, UnitRow) and isinstance(b, UnitRow) and isinstance(c, UnitRow)
    assert "B2:B3" in a.problems[0].message.en and "B2:B3" in b.problems[0].message.en and c.problems == ()
    ws.merge_cells("A1:B1")
    wb.save(tmp_path / "h.xlsx")
    with pytest.raises(InputError, match="merged"):
        read_population([tmp_path / "h.xlsx"], PACKS)


def test_hidden_and_ignored_sheets_are_warnings(tmp_path: Path) -> None:
    p = _xlsx(
        tmp_path / "x.xlsx",
        {"kdc": [["id"], ["A1"]], "xa": [["id"], ["X1"]], "Ghi chép": [["ý kiến"], ["…"]], "Hướng dẫn": [["a"]]},
        hidden=("xa",),
    )
    src = read_population([p], PACKS)
    texts = [w.message.en for w in src.warnings]
    assert len(texts) == 2 and "hidden" in texts[0] and "skipped" in texts[1]
    assert [w.sheet for w in src.warnings] == ["xa", "Ghi chép"]
    assert [r.unit.id for r in src.rows() if isinstance(r, UnitRow)] == ["A1", "X1"]


def test_unknown_columns_are_warnings_with_did_you_mean(tmp_path: Path) -> None:
    p = _csv(tmp_path / "kdc.csv", [["id", "crime_count", "Ghi chú riêng"], ["A1", "3", "x"]])
    src = read_population([p], PACKS)
    first, second = src.warnings
    assert "crimes_count" in first.message.en and first.column == 2 and first.line == 1
    assert "Ghi chú riêng" in second.message.vi
    (row,) = src.rows()
    assert isinstance(row, UnitRow) and row.indicators == {}


def test_value_under_a_column_without_header_is_a_problem(tmp_path: Path) -> None:
    p = _csv(tmp_path / "kdc.csv", [["id", "", "crimes_count"], ["A1", "lost?", "1"]])
    (row,) = _rows([p])
    assert isinstance(row, UnitRow) and row.problems[0].column == 2


def test_row_without_id_is_an_error_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    p = _csv(tmp_path / "kdc.csv", [["id", "crimes_count"], ["", "1"], ["", ""], ["A2", "0"]])
    err, ok = _rows([p])
    assert isinstance(err, RowError) and err.source.row == 2 and err.problems[0].field == "unit.id"
    assert isinstance(ok, UnitRow) and ok.source.row == 4


# --- whole-file problems ---------------------------------------------------------------------------


def test_every_whole_file_problem_of_every_file_at_once(tmp_path: Path) -> None:
    latin = tmp_path / "kdc.csv"
    latin.write_bytes("id,crimes_count\nThôn,1\n".encode("cp1258"))
    fake = tmp_path / "book.xlsx"
    fake.write_bytes(b"not a zip at all")
    noid = _csv(tmp_path / "xa.csv", [["name", "crimes_count"], ["X", "1"]])
    dup = _csv(tmp_path / "cq.csv", [["id", "Số vụ phạm tội", "crimes_count"], ["C", "1", "1"]])
    with pytest.raises(InputError) as err:
        read_population([latin, fake, noid, dup], PACKS)
    problems = err.value.problems
    assert [p.file for p in problems] == [str(latin), str(fake), str(noid), str(dup)]
    assert "not UTF-8" in problems[0].message.en and "offset 18" in problems[0].message.en
    assert "zip" in problems[1].message.en
    assert "'id'" in problems[2].message.en
    assert "crimes_count" in problems[3].message.en and problems[3].column == 3


def test_parquet_without_pyarrow_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from antq_rules.tables import _parquet

    monkeypatch.setattr(_parquet, "_module", lambda: None)
    p = tmp_path / "kdc.parquet"
    p.write_bytes(b"PAR1")
    with pytest.raises(InputError, match=r"antq-rules\[parquet\]"):
        read_population([p], PACKS)


def test_file_too_large_and_unsupported_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from antq_rules.tables import _sheet

    monkeypatch.setattr(_sheet, "MAX_FILE_BYTES", 10)
    big = _csv(tmp_path / "kdc.csv", [["id"], ["A1"], ["A2"]])
    odd = tmp_path / "kdc.ods"
    odd.write_bytes(b"x")
    with pytest.raises(InputError) as err:
        read_population([big, odd], PACKS)
    assert len(err.value.problems) == 2


# --- rows in = rows out ----------------------------------------------------------------------------

_cell = st.one_of(st.none(), st.just(""), st.integers(0, 10**6), st.text("abcxyzđ ,;\"'\n", max_size=6))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    units=st.lists(st.tuples(st.booleans(), _cell, _cell), max_size=12),
    events=st.lists(st.tuples(st.integers(0, 14), _cell), max_size=8),
    fmt=st.sampled_from(["csv", "xlsx"]),
)
def test_every_input_row_is_accounted_for(
    tmp_path_factory: pytest.TempPathFactory,
    units: list[tuple[bool, Any, Any]],
    events: list[tuple[int, Any]],
    fmt: str,
) -> None:
    tmp = tmp_path_factory.mktemp("prop")
    unit_rows = [[f"U{i}" if has_id else None, a, b] for i, (has_id, a, b) in enumerate(units)]
    event_rows = [[f"U{u}", "crime", "01/03/2025", note] for u, note in events]
    header, ev_header = ["id", "crimes_count", "Unknown column"], ["unit_id", "type", "date", "note"]
    if fmt == "csv":
        paths = [
            _csv(tmp / "kdc.csv", [header, *[["" if c is None else c for c in r] for r in unit_rows]]),
            _csv(tmp / "events.csv", [ev_header, *[["" if c is None else c for c in r] for r in event_rows]]),
        ]
    else:
        paths = [_xlsx(tmp / "x.xlsx", {"kdc": [header, *unit_rows], "events": [ev_header, *event_rows]})]
    out = _rows(paths)

    def blank(r: list[Any]) -> bool:
        return all(c is None or (isinstance(c, str) and not c.strip()) for c in r)

    units_in = [r for r in unit_rows if not blank(r)]
    units_out = [
        r
        for r in out
        if isinstance(r, UnitRow)
        or (isinstance(r, RowError) and r.source.sheet != "events" and not str(r.source.file).endswith("events.csv"))
    ]
    assert len(units_out) == len(units_in)
    attached = sum(len(r.events) for r in out if isinstance(r, UnitRow))
    orphans = len(out) - len(units_out)
    assert attached + orphans == len(event_rows)
    assert [r.source.row for r in units_out] == sorted(r.source.row for r in units_out)
