"""Fill-in templates: layout, lists, instructions, and the round trip through read_population."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

import antq_rules
from antq_rules.errors import InputError
from antq_rules.population import UnitRow
from antq_rules.tables import read_population, write_template

TT124 = antq_rules.shipped_pack("vn.bca.tt124")


def test_workbook_layout(tmp_path: Path) -> None:
    p = tmp_path / "kdc.xlsx"
    write_template(TT124, "kdc", p, "xlsx")
    wb = load_workbook(p)
    assert wb.sheetnames == ["kdc", "events", "Danh mục", "Hướng dẫn"]
    ws = wb["kdc"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Mã đơn vị (id)", "Tên đơn vị (name)", "Loại (kind)", "Thuộc xã (member_of)"]
    assert "Số hộ đang cư trú (households_resident)" in header
    assert "Số vụ phạm tội – năm trước (prev.crimes_count)" in header
    assert "Số hộ đăng ký tham gia (households_registered)" in header
    assert not any("staff_total" in h for h in header)  # not an indicator of kdc
    assert ws.freeze_panes == "A2"
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    kind_list = lists["C2"]
    assert kind_list.startswith("'Danh mục'!$")
    col = kind_list.split("!$")[1].split("$")[0]
    codes = [c.value for c in wb["Danh mục"][col][1:] if c.value is not None]
    assert codes == list(TT124.subjects["kdc"].kinds)
    events = [c.value for c in wb["events"][1]]
    assert events[:5] == [
        "Mã đơn vị (unit_id)",
        "Mã sự kiện (id)",
        "Loại sự kiện (type)",
        "Ngày (date)",
        "Ghi chú (note)",
    ]
    guide = list(wb["Hướng dẫn"].iter_rows(values_only=True))
    row = next(r for r in guide if r[2] == "households_resident")
    assert row[3] == "số nguyên" and row[4] == "household" and row[5] == "≥ 1" and row[6] == "bắt buộc"
    assert row[7].startswith("Số hộ gia đình") and row[8].startswith("Number of households")
    assert "Điều 4 khoản 1" in row[9] and "124/2021/TT-BCA" in row[9]


def test_empty_template_reads_back_as_nothing(tmp_path: Path) -> None:
    p = tmp_path / "kdc.xlsx"
    write_template(TT124, "kdc", p)
    src = read_population([p], [TT124])
    assert src.warnings == () and list(src.rows()) == []
    c = tmp_path / "kdc.csv"
    write_template(TT124, "kdc", c, "csv")
    assert c.read_bytes().startswith(b"\xef\xbb\xbf")
    src = read_population([c], [TT124])
    assert src.warnings == () and list(src.rows()) == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_filled_template_round_trip(tmp_path: Path, lang: str) -> None:
    p = tmp_path / "t.xlsx"
    write_template(TT124, "kdc", p, "xlsx", lang)  # type: ignore[arg-type]
    wb = load_workbook(p)
    ws = wb["kdc"]
    header = [c.value for c in ws[1]]
    values = {"id": "A1", "kind": "thon", "households_resident": 412, "prev.crimes_count": 2}
    ws.append([next((v for k, v in values.items() if h.endswith(f"({k})")), None) for h in header])
    wb["events"].append(["A1", "e1", "crime", "01/03/2025", None, "nghiem_trong"])
    wb.save(p)
    src = read_population([p], [TT124])
    assert src.warnings == ()
    (row,) = src.rows()
    assert isinstance(row, UnitRow)
    assert (row.unit.id, row.unit.subject, row.unit.kind) == ("A1", "kdc", "thon")
    assert row.indicators == {"households_resident": 412}
    assert row.previous_year == {"crimes_count": 2}
    assert row.events == ({"id": "e1", "type": "crime", "date": "01/03/2025", "severity": "nghiem_trong"},)


def test_csv_template_to_a_stream_and_errors() -> None:
    out = io.BytesIO()
    write_template(TT124, "xa", out, "csv", "en")
    text = out.getvalue().decode("utf-8-sig")
    assert text.startswith("Unit id (id),Unit name (name),Kind (kind),Member of (member_of),")
    with pytest.raises(InputError) as err:
        write_template(TT124, "huyen", io.BytesIO(), "ods")  # type: ignore[arg-type]
    assert len(err.value.problems) == 2
