"""``antq-rules batch`` and ``antq-rules template``, run in-process through ``main([...])``.

The populations are illustrative (ví dụ minh hoạ), built from ``examples/tt124/kdc-pass.yaml``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from antq_rules.cli import main
from cli_support import run

ROOT = Path(__file__).resolve().parents[1]
KDC = yaml.safe_load((ROOT / "examples" / "tt124" / "kdc-pass.yaml").read_text(encoding="utf-8"))
TT124 = "vn.bca.tt124"


def _cell(v: Any) -> str:
    return str(v).lower() if isinstance(v, bool) else str(v)


def population(path: Path, passing: int = 18, failing: int = 2, broken: int = 0, commune: str = "") -> Path:
    """A CSV of residential areas: ``passing`` pass TT 124, ``failing`` fail (too few households
    registered), ``broken`` rows have a value that cannot be read."""
    ind = KDC["indicators"]
    prev = KDC["previous_year"]
    head = ["id", "name", "kind", "member_of", *ind, *(f"prev.{k}" for k in prev)]
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for i in range(passing + failing + broken):
            vals = dict(ind)
            if passing <= i < passing + failing:
                vals["households_registered"] = 100
            elif i >= passing + failing:
                vals["households_resident"] = "nhiều"
            w.writerow(
                [f"T{i:03d}", f"Thôn {i}", KDC["unit"]["kind"], commune]
                + [_cell(vals[k]) for k in ind]
                + [_cell(v) for v in prev.values()]
            )
    # the events file of the population: no event occurred (without it, events are not reported and
    # the event-based criteria are undetermined)
    (path.parent / "events.csv").write_text("unit_id,type,date\n", encoding="utf-8")
    return path


def with_events(path: Path) -> list[str]:
    """The population file and its events file, as given to ``batch``."""
    return [str(path), str(path.parent / "events.csv")]


def test_batch_prints_the_summary_and_exits_0_when_units_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = population(tmp_path / "kdc.csv")
    code, out, err = run(capsys, "batch", *with_events(data), "--pack", TT124, "--year", "2026")
    assert code == 0
    assert "Tổng hợp kết quả" in out
    assert "90,0% (18/20)" in out
    assert "Đạt: 18; Chưa đạt: 2" in out
    # stderr is not a terminal here: no progress bar, and nothing else to say
    assert err == ""


def test_batch_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = population(tmp_path / "kdc.csv")
    code, out, _ = run(capsys, "--lang", "en", "batch", *with_events(data), "--pack", TT124, "--year", "2026")
    assert code == 0
    assert "Summary of results" in out and "90.0% (18/20)" in out and "Pass: 18; Fail: 2" in out


def test_batch_writes_results_and_summary_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = population(tmp_path / "kdc.csv", broken=1)
    results, summary = tmp_path / "ket-qua.xlsx", tmp_path / "tong-hop.csv"
    code, out, err = run(
        capsys,
        "batch",
        *with_events(data),
        "--pack",
        TT124,
        "--year",
        "2026",
        "--out",
        str(results),
        "--summary",
        str(summary),
    )
    assert code == 0
    assert f"Đã ghi kết quả (21 dòng): {results}" in out
    ws = load_workbook(results).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 22  # header + every input row, the broken one included
    assert ws.freeze_panes == "A2"
    assert [r[2] for r in rows[1:]] == [f"T{i:03d}" for i in range(21)]
    assert "indicators.households_resident" in (rows[-1][-1] or "")
    with summary.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[1][0] == "Toàn bộ"
    assert "90,0% (18/20)" in table[1]
    # the row error is printed with its place
    assert "Dòng có lỗi (1):" in err and "kdc.csv:22:" in err


def test_batch_jsonl_output_has_one_line_per_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = population(tmp_path / "kdc.csv", passing=3, failing=1, broken=1)
    out_file = tmp_path / "r.jsonl"
    code, _, _ = run(capsys, "batch", *with_events(data), "--pack", TT124, "--year", "2026", "--out", str(out_file))
    assert code == 0
    docs = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert [d["kind"] for d in docs] == ["result"] * 4 + ["error"]
    assert docs[3]["results"][TT124]["outcome"] == "fail"


def test_strict_turns_row_errors_into_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = population(tmp_path / "kdc.csv", broken=2)
    code, out, err = run(capsys, "batch", *with_events(data), "--pack", TT124, "--year", "2026")
    assert code == 0 and "Tổng hợp kết quả" in out
    code, out, err = run(capsys, "batch", *with_events(data), "--pack", TT124, "--year", "2026", "--strict")
    assert code == 1
    assert "Tổng hợp kết quả" in out  # the run completed and is reported
    assert "2 dòng có lỗi; với --strict mã thoát là 1." in err
    (tmp_path / "clean").mkdir()
    clean = population(tmp_path / "clean" / "kdc.csv")  # the file name tells the subject
    code, _, _ = run(capsys, "batch", *with_events(clean), "--pack", TT124, "--year", "2026", "--strict")
    assert code == 0


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = population(tmp_path / "kdc.csv", broken=1)
    code, out, _ = run(capsys, "batch", *with_events(data), "--pack", TT124, "--year", "2026", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["schema"] == "antq-rules/batch-report/v1"
    assert (report["rows"], report["row_errors"], report["year"]) == (21, 1, 2026)
    packs = report["summary"]["overall"]["packs"][TT124]
    assert packs["pass_share_determined"] == "9/10"
    assert packs["outcomes"] == {"fail": 2, "pass": 18}


def test_unreadable_or_malformed_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "batch", str(tmp_path / "khong-co.csv"), "--pack", TT124, "--year", "2026")
    assert code == 2 and out == ""
    assert "khong-co.csv" in err
    no_id = tmp_path / "kdc.csv"
    no_id.write_text("name,households_resident\nThôn A,10\n", encoding="utf-8")
    code, out, err = run(capsys, "--lang", "en", "batch", str(no_id), "--pack", TT124, "--year", "2026")
    assert code == 2 and out == ""
    assert "kdc.csv" in err


def test_unknown_pack_and_bad_output_name_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = population(tmp_path / "kdc.csv", passing=1, failing=0)
    code, _, err = run(capsys, "batch", *with_events(data), "--pack", "vn.bca.khong_co", "--year", "2026")
    assert code == 2 and "vn.bca.khong_co" in err
    code, _, err = run(
        capsys, "batch", *with_events(data), "--pack", TT124, "--year", "2026", "--out", str(tmp_path / "r.txt")
    )
    assert code == 2 and "r.txt" in err
    assert not (tmp_path / "r.txt").exists()
    code, _, err = run(capsys, "batch", *with_events(data), "--year", "2026")
    assert code == 2 and "--pack" in err  # usage error


def test_pack_given_as_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = population(tmp_path / "kdc.csv", passing=2, failing=1)
    pack_file = ROOT / "packs" / "tt124.yaml"
    code, out, _ = run(capsys, "batch", *with_events(data), "--pack", str(pack_file), "--year", "2026")
    assert code == 0
    assert "66,7% (2/3)" in out


def test_a_chain_of_packs_writes_columns_for_each(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = population(tmp_path / "kdc.csv", passing=2, failing=1)
    out_file = tmp_path / "r.csv"
    code, out, _ = run(
        capsys,
        "batch",
        *with_events(data),
        "--pack",
        TT124,
        "--pack",
        "vn.bca.qd510",
        "--year",
        "2026",
        "--out",
        str(out_file),
    )
    assert code == 0
    with out_file.open(encoding="utf-8-sig", newline="") as f:
        head = next(csv.reader(f))
    assert "vn.bca.tt124 · Kết quả (mã)" in head and "vn.bca.qd510 · Mức xếp loại" in head
    assert "vn.bca.qd510" in out


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = population(tmp_path / "kdc.csv", passing=3, failing=0)
    tty, out = _Tty(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", tty)
    monkeypatch.setattr(sys, "stdout", out)
    assert main(["batch", *with_events(data), "--pack", TT124, "--year", "2026"]) == 0
    assert "Đang đánh giá" in tty.getvalue()
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    assert main(["batch", *with_events(data), "--pack", TT124, "--year", "2026"]) == 0
    assert plain.getvalue() == ""


def test_batch_help_is_bilingual(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "batch", "--help")
    assert code == 0 and "Mã thoát" in out and "--strict" in out
    code, out, _ = run(capsys, "--lang", "en", "batch", "--help")
    assert code == 0 and "Exit codes" in out


# -- template --------------------------------------------------------------------------------------


def test_template_csv_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "template", TT124, "--subject", "kdc", "--format", "csv")
    assert code == 0
    head = next(csv.reader(io.StringIO(out)))
    assert head[0] == "Mã đơn vị (id)"
    assert not out.startswith("\ufeff")


def test_template_xlsx_file_and_unknown_subject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "mau.xlsx"
    code, out, _ = run(capsys, "--lang", "en", "template", TT124, "--subject", "xa", "--out", str(target))
    assert code == 0 and str(target) in out
    assert load_workbook(target).sheetnames[0] == "xa"
    code, _, err = run(capsys, "template", TT124, "--subject", "khong_co")
    assert code == 2 and "khong_co" in err


def test_template_then_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A template written by the command reads back as an (empty) population."""
    target = tmp_path / "kdc.csv"
    assert run(capsys, "template", TT124, "--subject", "kdc", "--out", str(target))[0] == 0
    code, out, _ = run(capsys, "batch", str(target), "--pack", TT124, "--year", "2026")
    assert code == 0 and "Tổng số dòng 0" in out


def test_batch_explain_prints_a_units_explanation_and_the_commune_roll_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kdc = population(tmp_path / "kdc.csv", passing=3, failing=1, commune="X1")
    xa = tmp_path / "xa.csv"
    xa.write_text("id,name,kind\nX1,Xã Một (minh hoạ),xa\n", encoding="utf-8")
    code, out, err = run(
        capsys,
        "batch",
        *with_events(kdc),
        str(xa),
        "--pack",
        TT124,
        "--year",
        "2026",
        "--explain",
        "X1",
        "--explain",
        "T003",
        "--explain",
        "NOPE",
        "--lang",
        "en",
    )
    assert code == 0
    assert "Explanation of unit X1" in out and "Explanation of unit T003" in out
    # the counts by the pack's labels (the code after them, as the pack's texts use it), with their unit
    assert "Units recognised (units_recognised) = 3 units — derived from the member units" in " ".join(out.split())
    assert "T003 Thôn 3 [Residential area]: in scope; result: Fail" in out
    assert "TT124.KDC.1b" in out  # T003's failing criterion, from its own full explanation
    assert "no unit has the id 'NOPE'" in err
    code, out, _ = run(
        capsys,
        "batch",
        *with_events(kdc),
        str(xa),
        "--pack",
        TT124,
        "--year",
        "2026",
        "--explain",
        "X1",
        "--format",
        "json",
    )
    report = json.loads(out)
    assert set(report["explanations"]) == {"X1"}
