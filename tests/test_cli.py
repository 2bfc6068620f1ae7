"""The ``antq-rules`` command line, run in-process through ``main([...])`` (and once as a script).

The inputs under ``tests/fixtures/cli/`` and the pack ``tests/fixtures/mini.yaml`` are illustrative
(ví dụ minh hoạ), not law.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import antq_rules
from antq_rules.cli._inputs import build_registry, evaluate_path
from antq_rules.cli._table import display_width, fit_lines, render_table
from cli_support import CLI, FAIL, MINI, PASS, ROOT, run

TT124 = ROOT / "packs" / "tt124.yaml"
EXAMPLES = sorted((ROOT / "examples" / "tt124").glob("*.yaml"))
OUTCOMES = {"pass", "fail", "not_applicable", "undetermined"}

needs_tt124 = pytest.mark.skipif(not TT124.exists(), reason="packs/tt124.yaml is not there yet")


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables here are wide enough not to wrap: a row is one line (width is tested on its own)."""
    monkeypatch.setenv("COLUMNS", "250")


def row(out: str, criterion_id: str) -> str:
    """The table row of one criterion (the id is the second column)."""
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 1 and parts[1] == criterion_id:
            return line
    raise AssertionError(f"no row for {criterion_id} in:\n{out}")


# -- version, usage ------------------------------------------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"antq-rules {antq_rules.__version__}"


def test_no_command_is_a_usage_error_in_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys)
    assert code == 2 and out == ""
    assert "cách dùng: antq-rules" in err
    assert "lỗi: thiếu tham số bắt buộc: LỆNH" in err


def test_usage_errors_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--lang", "en", "evaluate")
    assert code == 2
    assert "usage: antq-rules evaluate" in err
    assert "the following arguments are required: INPUT" in err


def test_unknown_command_and_bad_choice(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "bogus")
    assert code == 2
    assert "lựa chọn không hợp lệ 'bogus'" in err
    code, _, err = run(capsys, "evaluate", PASS, "--pack-file", MINI, "--format", "xml")
    assert code == 2
    assert "tham số --format: lựa chọn không hợp lệ 'xml'" in err


def test_param_without_equals_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", PASS, "--pack-file", MINI, "--param", "op")
    assert code == 2
    assert "--param: cần dạng TÊN=GIÁ_TRỊ, nhận được 'op'" in err


def test_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", "--help")
    assert code == 0
    assert "tuỳ chọn:" in out and "hiện hướng dẫn này rồi thoát" in out
    code, out, _ = run(capsys, "--lang", "en", "evaluate", "--help")
    assert code == 0
    assert "show this help and exit" in out and "cách dùng" not in out


# -- packs, show ---------------------------------------------------------------------------------


def test_packs_with_pack_file_global_or_per_command(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["packs", "--pack-file", MINI], ["--pack-file", MINI, "packs"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0
        line = next(x for x in out.splitlines() if "test.mini" in x)
        assert "0.1.0" in line and "0/TEST" in line and "từ 10/02/2022" in line
        assert re.search(r"sha256:[0-9a-f]{12}…", line)
        assert "Gói thử nghiệm nhỏ (minh hoạ)" in line


@needs_tt124
def test_packs_lists_shipped_pack_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en", "packs")
    assert code == 0
    assert out.startswith("Criteria packs (")
    line = next(x for x in out.splitlines() if "vn.bca.tt124" in x)
    assert "124/2021/TT-BCA" in line and "from 2022-02-10" in line


def test_pack_file_with_the_same_ref_twice_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(Path(MINI).read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run(capsys, "packs", "--pack-file", MINI, "--pack-file", str(copy))
    assert code == 1
    assert "gói test.mini@0.1.0 đã có" in err


@needs_tt124
def test_pack_file_replaces_shipped_pack_with_same_ref(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = TT124.read_text(encoding="utf-8")
    changed = tmp_path / "tt124-local.yaml"
    changed.write_text(text + "\n# local copy\n", encoding="utf-8")
    code, out, _ = run(capsys, "packs", "--pack-file", str(changed))
    assert code == 0
    rows = [x for x in out.splitlines() if "vn.bca.tt124" in x]
    assert len(rows) == 1
    local = antq_rules.load_pack(changed).content_hash
    assert local[:19] in rows[0]


def test_show_mini(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "test.mini", "--pack-file", MINI)
    assert code == 0
    assert out.startswith("test.mini@0.1.0 — Gói thử nghiệm nhỏ (minh hoạ)")
    assert "C3 · Điều 4 khoản 4 điểm a — So sánh" in out
    assert "Kiểm tra: ratio(registered, resident) >= law.share and date_in(reg_date, window.q1)" in out
    assert "kdc_year: 01/11/Y-1 – 31/10/Y" in out
    param = next(x for x in out.splitlines() if x.strip().startswith("op "))
    assert "enum" in param and "<=, <" in param and "diễn giải" in param
    share = next(x for x in out.splitlines() if x.strip().startswith("share "))
    assert share.rstrip().endswith("100%") and "giá trị minh hoạ" in share


def test_show_in_english_and_by_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "test.mini", "--pack-version", "0.1.0", "--pack-file", MINI, "--lang", "en")
    assert code == 0
    assert "C3 · Art. 4 cl. 4(a) — Compare" in out
    assert "Criteria (3):" in out
    code, _, err = run(capsys, "show", "test.mini", "--pack-version", "9.9.9", "--pack-file", MINI)
    assert code == 1
    assert "không có phiên bản 9.9.9" in err


def test_show_version_was_renamed_pack_version(capsys: pytest.CaptureFixture[str]) -> None:
    """``show --version`` clashed with the program's ``--version``: it is a usage error saying what to write."""
    code, out, err = run(capsys, "--lang", "en", "show", "test.mini", "--version", "0.1.0", "--pack-file", MINI)
    assert (code, out) == (2, "")
    assert "renamed --pack-version" in err
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, f"antq-rules {antq_rules.__version__}")


def test_show_unknown_pack_or_subject(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "no.such.pack", "--pack-file", MINI)
    assert code == 1
    assert "Lỗi: không có gói 'no.such.pack'" in err
    code, _, err = run(capsys, "--lang", "en", "show", "test.mini", "--pack-file", MINI, "--subject", "zz")
    assert code == 1
    assert "Error: pack test.mini@0.1.0 has no subject 'zz' (known: kdc)" in err


@needs_tt124
def test_show_tt124_one_subject(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "vn.bca.tt124", "--subject", "kdc")
    assert code == 0
    assert "TT124.KDC.1b · Điều 4 khoản 1" in out
    assert "TT124.XA." not in out and "TT124.CQDN." not in out
    # used only inside an event list filter, still listed for the subject
    assert "serious_crime_minimum" in out
    assert "xa_recognition_basis" not in out


# -- evaluate, explain ---------------------------------------------------------------------------


def test_evaluate_table_pass(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", PASS, "--pack-file", MINI)
    assert code == 0
    assert "Đơn vị: Thôn Thử (minh hoạ) (T-PASS) — Khu dân cư / Thôn; Năm đánh giá 2026" in out
    c1 = row(out, "C1")
    assert c1.startswith("✓") and "Điều 4 khoản 1" in c1 and "hộ đăng ký: 100/100 hộ (100%), cần 100%" in c1
    assert row(out, "C3").startswith("✓") and "xếp loại: cao, cần từ vừa trở lên" in row(out, "C3")
    assert "Kết quả: ✓ ĐẠT — 3 đạt, 0 không đạt" in out


def test_evaluate_table_fail_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", FAIL, "--pack-file", MINI)
    assert code == 0  # the outcome is data, not an error
    assert row(out, "C1").startswith("✗") and "99/100 hộ (99%), cần 100%" in row(out, "C1")
    assert row(out, "C2").startswith("✗") and "1 vụ, cần 0" in row(out, "C2")
    assert row(out, "C3").startswith("?") and "thiếu: xếp loại" in row(out, "C3")
    assert "Kết quả: ✗ CHƯA ĐẠT — 0 đạt, 2 không đạt, 0 không áp dụng, 1 chưa xác định" in out


def test_evaluate_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", FAIL, "--pack-file", MINI, "--lang", "en")
    assert code == 0
    assert "Art. 4 cl. 4(a)" in row(out, "C3") and "missing: rating" in row(out, "C3")
    assert "Result: ✗ FAIL — 0 met, 2 not met, 0 not applicable, 1 undetermined" in out
    assert "Kết quả" not in out


def test_evaluate_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", FAIL, "--pack-file", MINI, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["outcome"] == "fail"
    assert [(c["id"], c["status"]) for c in data["criteria"]] == [
        ("C1", "not_met"),
        ("C2", "not_met"),
        ("C3", "undetermined"),
    ]
    assert antq_rules.Result.from_dict(data).outcome == "fail"


def test_evaluate_text_and_explain_match_render_text(capsys: pytest.CaptureFixture[str]) -> None:
    result = evaluate_path(FAIL, build_registry([MINI]))
    for lang in ("vi", "en"):
        text = antq_rules.render_text(result, lang, registry=build_registry([MINI]))
        expected = "\n".join(fit_lines(text, 250)) + "\n"  # COLUMNS=250 (the fixture above)
        code, out, _ = run(capsys, "--lang", lang, "evaluate", FAIL, "--pack-file", MINI, "--format", "text")
        assert code == 0 and out == expected
        code, out, _ = run(capsys, "--lang", lang, "explain", FAIL, "--pack-file", MINI)
        assert code == 0 and out == expected
    assert "[C1 · Điều 4 khoản 1 0/TEST]" in antq_rules.render_text(result, "vi")


def test_evaluate_json_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(CLI / "mini-pass.json"), "--pack-file", MINI)
    assert code == 0
    assert "T-JSON" in out and "Kết quả: ✓ ĐẠT" in out


def test_param_overrides_the_interpretation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", PASS, "--pack-file", MINI, "--param", "op=<")
    assert code == 0
    assert row(out, "C3").startswith("✗") and "số vụ: 3 vụ, cần dưới 3 vụ (năm trước)" in row(out, "C3")
    assert "Tham số do bên gọi chọn: op = giảm" in out
    code, out, _ = run(capsys, "evaluate", PASS, "--pack-file", MINI, "--param", "op='<'", "--format", "json")
    data = json.loads(out)
    assert data["outcome"] == "fail"
    assert data["parameters"][0]["name"] == "op"
    assert data["parameters"][0]["value"] == "<" and data["parameters"][0]["is_default"] is False


def test_bad_params_are_all_reported(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", PASS, "--pack-file", MINI, "--param", "op=>", "--param", "nope=1")
    assert code == 1 and out == ""
    assert "Dữ liệu đầu vào không hợp lệ (2):" in err
    assert "--param op: giá trị '>' không được phép (có: <=, <)" in err
    assert "--param nope: tham số không biết 'nope' (có: op)" in err


@needs_tt124
def test_enum_param_changes_the_result(capsys: pytest.CaptureFixture[str]) -> None:
    kdc = str(ROOT / "examples" / "tt124" / "kdc-pass.yaml")
    code, out, _ = run(capsys, "evaluate", kdc, "--format", "json", "--param", "serious_crime_minimum=it_nghiem_trong")
    assert code == 0
    doc = json.loads(out)
    used = {p["name"]: p for p in doc["parameters"]}
    assert used["serious_crime_minimum"]["value"] == "it_nghiem_trong"
    assert used["serious_crime_minimum"]["is_default"] is False
    # the example's less-serious crime now counts under Art. 4 cl. 4(b)
    assert {c["id"]: c["status"] for c in doc["criteria"]}["TT124.KDC.4b"] == "not_met"
    code, out, _ = run(capsys, "evaluate", kdc)
    assert code == 0
    assert "0 vụ, cần 0" in row(out, "TT124.KDC.4b")
    assert "severity" not in row(out, "TT124.KDC.4b")  # steps of the event filter are left out
    code, _, err = run(capsys, "evaluate", kdc, "--param", "serious_crime_minimum=nhe")
    assert code == 1
    assert "--param serious_crime_minimum: giá trị 'nhe' không được phép" in err


def test_input_naming_no_pack_needs_pack_option(capsys: pytest.CaptureFixture[str]) -> None:
    nopack = str(CLI / "mini-nopack.yaml")
    code, _, err = run(capsys, "evaluate", nopack, "--pack-file", MINI)
    assert code == 1
    assert "tệp đầu vào không ghi gói tiêu chí" in err and "--pack" in err
    for ref in ("test.mini", "test.mini@0.1.0"):
        code, out, _ = run(capsys, "evaluate", nopack, "--pack-file", MINI, "--pack", ref)
        assert code == 0 and "Kết quả: ✓ ĐẠT" in out
    code, _, err = run(capsys, "evaluate", nopack, "--pack-file", MINI, "--pack", "test.mini@9.9.9")
    assert code == 1 and "không có phiên bản 9.9.9" in err


def test_pack_option_conflicting_with_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", PASS, "--pack-file", MINI, "--pack", "other.pack")
    assert code == 1
    assert "mini-pass.yaml:4:1: pack: tệp đầu vào ghi gói 'test.mini' nhưng --pack chọn 'other.pack'" in err


def test_invalid_input_reports_every_problem_with_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", str(CLI / "mini-bad-input.yaml"), "--pack-file", MINI)
    assert code == 1 and out == ""
    assert "Dữ liệu đầu vào không hợp lệ (2):" in err
    assert re.search(r"mini-bad-input\.yaml:8:\d+: indicators\.no_such_indicator: ", err)
    assert re.search(r"mini-bad-input\.yaml:9:\d+: indicators\.resident: ", err)
    code, _, err = run(capsys, "--lang", "en", "explain", str(CLI / "mini-bad-input.yaml"), "--pack-file", MINI)
    assert code == 1
    assert "The input is invalid (2):" in err and "unknown indicator 'no_such_indicator'" in err


def test_missing_input_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", str(CLI / "no-such-file.yaml"), "--pack-file", MINI)
    assert code == 1
    assert "no-such-file.yaml: không đọc được tệp" in err


def test_broken_pack_file_stops_evaluate(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evaluate", PASS, "--pack-file", str(CLI / "broken-expr.yaml"))
    assert code == 1
    assert "Gói tiêu chí không hợp lệ (3):" in err


# -- check ---------------------------------------------------------------------------------------


def test_check_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", MINI)
    assert code == 0
    assert out.strip() == "OK test.mini@0.1.0 (3 tiêu chí)"
    code, out, _ = run(capsys, "--lang", "en", "check", MINI)
    assert out.strip() == "OK test.mini@0.1.0 (3 criteria)"


def test_check_reports_schema_problems_with_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(CLI / "broken-schema.yaml"), MINI)
    assert code == 1
    assert "OK test.mini@0.1.0" in out  # the good file is still checked
    assert "Gói tiêu chí không hợp lệ (2):" in err
    assert re.search(r"broken-schema\.yaml:8:\d+: author: khoá không được phép 'author'", err)
    assert re.search(r"broken-schema\.yaml:79:\d+: criteria\[0\]\.colour: khoá không được phép", err)


def test_check_reports_expression_problems_with_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "en", "check", str(CLI / "broken-expr.yaml"))
    assert code == 1 and out == ""
    assert "The criteria pack is invalid (3):" in err
    assert re.search(
        r"broken-expr\.yaml:73:\d+: parameters\.op\.provenance\.sources\[0\]: "
        r"unknown source 'NOPE'",
        err,
    )
    assert re.search(
        r"broken-expr\.yaml:86:\d+: criteria\[1\]\.check: .*unknown indicator 'no_such_indicator'",
        err,
    )
    assert re.search(r"broken-expr\.yaml:92:\d+: criteria\[2\]\.check: .*syntax error", err)


def test_check_reports_unknown_key_and_bad_expression_together(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = Path(MINI).read_text(encoding="utf-8")
    text = text.replace("kind: standard\n", "kind: standard\nauthor: nobody\n", 1)
    text = text.replace('check: "count_events(lists.L) == 0"', 'check: "count_events(lists.L) == nope"', 1)
    both = tmp_path / "both.yaml"
    both.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, "check", str(both))
    assert code == 1
    assert "author" in err and "'nope'" in err


# -- the shipped TT 124 pack and its examples ----------------------------------------------------


@needs_tt124
def test_check_shipped_tt124(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(TT124))
    assert code == 0, err
    assert re.fullmatch(r"OK vn\.bca\.tt124@\S+ \(\d+ tiêu chí\)\n", out)


@needs_tt124
@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_tt124_examples(capsys: pytest.CaptureFixture[str], example: Path) -> None:
    code, out, err = run(capsys, "evaluate", str(example), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["outcome"] in OUTCOMES
    assert data["pack"]["id"] == "vn.bca.tt124"
    name = example.stem
    if name.endswith("-pass"):
        assert data["outcome"] == "pass"
    elif name.endswith("-fail"):
        assert data["outcome"] == "fail"
        assert any(c["status"] == "not_met" for c in data["criteria"])
    elif "excluded" in name:
        assert data["outcome"] == "not_applicable" and data["exclusion"] is not None
    code, out, _ = run(capsys, "evaluate", str(example))
    assert code == 0
    mark = {"pass": "✓", "fail": "✗", "not_applicable": "–", "undetermined": "?"}[data["outcome"]]
    assert f"Kết quả: {mark} " in out
    for c in data["criteria"]:
        assert c["id"] in out


def test_examples_are_there() -> None:
    if TT124.exists():
        assert EXAMPLES, "examples/tt124/*.yaml is empty"


# -- as an installed script ----------------------------------------------------------------------


def _script() -> str | None:
    here = Path(sys.executable).parent / ("antq-rules.exe" if os.name == "nt" else "antq-rules")
    return str(here) if here.exists() else shutil.which("antq-rules")


@pytest.mark.skipif(_script() is None, reason="the antq-rules script is not installed")
def test_installed_script_writes_utf8_whatever_the_locale() -> None:
    script = _script()
    assert script is not None
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([script, "evaluate", FAIL, "--pack-file", MINI], capture_output=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    out = done.stdout.decode("utf-8")
    assert "Kết quả: ✗ CHƯA ĐẠT" in out and "Điều 4 khoản 4 điểm a" in out
    bad = subprocess.run([script, "check", str(CLI / "broken-expr.yaml")], capture_output=True, env=env, timeout=120)
    assert bad.returncode == 1
    err = bad.stderr.decode("utf-8")
    assert "Gói tiêu chí không hợp lệ (3):" in err and "Traceback" not in err


# -- the table helper ----------------------------------------------------------------------------


def test_table_aligns_decomposed_and_wide_text() -> None:
    nfd = "Đie\u0301u"  # "Điều" with a combining accent: 4 columns, 5 code points
    assert display_width(nfd) == 4 and display_width("表") == 2
    lines = render_table(["A", "B"], [[nfd, "x"], ["ab", "y"]])
    assert display_width(lines[2]) == display_width(lines[3]) == 7
    assert lines[2].endswith("x") and lines[3] == "ab    y"
