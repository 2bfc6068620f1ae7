"""The command line for scripts: ``help``, ``--format json`` on every command, the JSON error shape on
stderr, several inputs and ``-``, ``--fail-on`` exit codes, ``calendar`` for every subject.

Inputs are the illustrative examples (ví dụ minh hoạ) and the test pack ``tests/fixtures/mini.yaml``.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from antq_rules.cli import _app
from antq_rules.cli._errors import CODES, ERROR_SCHEMA
from cli_support import BAD, CLI, KDC_FAIL, KDC_PASS, MINI, PASS, run


def the_error(err: str, code: str, exit_code: int) -> dict[str, Any]:
    """The one JSON error object on stderr, checked against the documented shape."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    body = json.loads(lines[0])["error"]
    assert body["schema"] == ERROR_SCHEMA
    assert (body["code"], body["exit"]) == (code, exit_code)
    assert body["code"] in CODES
    assert set(body["message"]) == {"vi", "en"} and body["message"]["vi"] and body["message"]["en"]
    for p in body["problems"]:
        assert set(p) >= {"where", "file", "sheet", "line", "column", "field", "message"}
        assert set(p["message"]) == {"vi", "en"}
    return dict(body)


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")


# -- help -----------------------------------------------------------------------------------------


def test_help_prints_the_programs_or_a_commands_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "help")
    assert (code, err) == (0, "")
    assert "evaluate" in out and "calendar" in out and "help" in out
    code, out, _ = run(capsys, "--lang", "en", "help", "show")
    assert code == 0
    assert "--pack-version V" in out and "usage: antq-rules show" in out
    code, out, err = run(capsys, "--lang", "en", "help", "shwo")
    assert (code, out) == (2, "")
    assert "no command 'shwo'" in err and "did you mean 'show'?" in err


def test_mistyped_command_gets_a_hint_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "evalute", "x.yaml")
    assert code == 2 and "có phải là 'evaluate'?" in err
    code, _, err = run(capsys, "--lang", "en", "evalute", "x.yaml")
    assert code == 2 and "did you mean 'evaluate'?" in err


# -- the error shape ------------------------------------------------------------------------------


def test_usage_error_is_json_under_format_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", "--format", "json")
    assert (code, out) == (2, "")
    body = the_error(err, "usage", 2)
    assert "INPUT" in body["message"]["en"] and "thiếu tham số bắt buộc" in body["message"]["vi"]
    assert body["usage"].startswith("cách dùng: antq-rules evaluate")
    code, _, err = run(capsys, "evaluate", PASS, "--format=json", "--fail-on", "sometimes")
    assert the_error(err, "usage", 2)["message"]["en"].startswith("argument --fail-on: invalid choice")
    # the text form is unchanged without --format json
    code, _, err = run(capsys, "evaluate")
    assert code == 2 and err.startswith("cách dùng:")


def test_input_error_json_names_file_line_and_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    typo = tmp_path / "typo.yaml"
    doc = yaml.safe_load(Path(KDC_PASS).read_text(encoding="utf-8"))
    doc["indicators"]["households_registerd"] = doc["indicators"].pop("households_registered")
    typo.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(typo), "--format", "json")
    assert (code, out) == (1, "")
    body = the_error(err, "input_invalid", 1)
    assert body["message"]["en"] == "The input is invalid"
    (p,) = [p for p in body["problems"] if p["field"] == "indicators.households_registerd"]
    assert p["file"] == str(typo) and isinstance(p["line"], int) and p["line"] > 1
    assert p["where"].startswith(f"{typo}:{p['line']}:")
    assert "did you mean 'households_registered'?" in p["message"]["en"]
    assert "có phải là 'households_registered'?" in p["message"]["vi"]


def test_pack_error_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "packs", "--format", "json", "--pack-file", str(CLI / "broken-schema.yaml"))
    assert (code, out) == (1, "")
    body = the_error(err, "pack_invalid", 1)
    assert body["problems"] and all(p["file"].endswith("broken-schema.yaml") for p in body["problems"])


def test_evaluation_error_json_suggests_the_pack(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "show", "vn.bca.tt12", "--format", "json")
    body = the_error(err, "evaluation_error", 1)
    assert "did you mean 'vn.bca.tt124'?" in body["message"]["en"]
    _, _, err = run(capsys, "calendar", "vn.bca.tt124", "--year", "2026", "--subject", "kcd", "--format", "json")
    assert "có phải là 'kdc'?" in the_error(err, "evaluation_error", 1)["message"]["vi"]


def test_internal_error_json_exit_70(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: Any) -> int:
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(_app, "cmd_packs", broken)
    code, out, err = run(capsys, "packs", "--format", "json")
    assert (code, out) == (70, "")
    body = the_error(err, "internal", 70)
    assert body["kind"] == "ZeroDivisionError" and "Lỗi nội bộ" in body["message"]["vi"]


def test_batch_and_template_errors_are_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "none.csv")
    code, _, err = run(capsys, "batch", missing, "--pack", "vn.bca.tt124", "--year", "2026", "--format", "json")
    assert code == 2
    the_error(err, "input_invalid", 2)
    code, _, err = run(capsys, "template", "vn.bca.tt124", "--subject", "kcd", "--format", "json")
    assert "did you mean 'kdc'?" in the_error(err, "evaluation_error", 2)["message"]["en"]
    code, _, err = run(capsys, "schema", "input", "vn.bca.tt12", "--format", "json")
    the_error(err, "evaluation_error", 2)


# -- --format json on every command ---------------------------------------------------------------


def test_every_command_speaks_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "packs", "--format", "json")
    packs = json.loads(out)
    assert code == 0 and packs["schema"] == "antq-rules/packs/v1"
    assert "vn.bca.tt124" in {p["id"] for p in packs["packs"]}

    code, out, _ = run(capsys, "show", "vn.bca.tt124", "--subject", "kdc", "--format", "json")
    shown = json.loads(out)
    assert shown["schema"] == "antq-rules/pack-summary/v1" and shown["subject"] == "kdc"
    assert [s["id"] for s in shown["subjects"]] == ["kdc"]
    assert {c["id"] for c in shown["criteria"]} >= {"TT124.KDC.1b", "TT124.KDC.5"}
    assert "kdc_prev_year_operator" in {p["name"] for p in shown["parameters"]}
    assert "csgd_multi_level_scope" not in {p["name"] for p in shown["parameters"]}

    code, out, _ = run(capsys, "show", "vn.bca.qd510", "--subject", "cq", "--format", "json")
    assert json.loads(out)["scoring"]["slots"]

    code, out, _ = run(capsys, "explain", KDC_FAIL, "--format", "json", "--lang", "en")
    explained = json.loads(out)
    assert explained["schema"] == "antq-rules/explanation/v1" and explained["input"] == KDC_FAIL
    assert explained["result"]["outcome"] == "fail" and explained["text"].startswith("Result: ✗ FAIL")

    code, out, _ = run(capsys, "check", MINI, str(CLI / "broken-schema.yaml"), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["schema"] == "antq-rules/check-report/v1"
    ok, broken = report["files"]
    assert ok["ok"] and ok["ref"] == "test.mini@0.1.0" and ok["criteria"] == 3
    assert not broken["ok"] and broken["problems"][0]["line"] is not None

    code, out, _ = run(capsys, "template", "vn.bca.tt124", "--subject", "kdc", "--format", "json", "--lang", "en")
    columns = json.loads(out)
    assert columns["schema"] == "antq-rules/template-columns/v1" and "Unit id (id)" in columns["columns"]


def test_calendar_without_subject_shows_every_subject(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "calendar", "vn.bca.tt124", "--year", "2026", "--format", "json")
    calendars = json.loads(out)
    assert code == 0 and [c["subject"] for c in calendars] == ["kdc", "xa", "cq", "dn", "csgd"]
    code, out, _ = run(capsys, "calendar", "vn.bca.tt124", "--year", "2026", "--subject", "xa", "--format", "json")
    assert json.loads(out)["subject"] == "xa"  # one subject: one object, as before
    code, out, _ = run(capsys, "--lang", "en", "calendar", "vn.bca.tt124", "--year", "2026")
    assert code == 0
    heads = [line for line in out.splitlines() if line.startswith("vn.bca.tt124@")]
    assert [h.split(" — ")[1].split()[0] for h in heads] == ["kdc", "xa", "cq", "dn", "csgd"]


# -- several inputs, standard input ---------------------------------------------------------------


def test_several_inputs_text_has_a_heading_per_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--lang", "en", "evaluate", KDC_PASS, KDC_FAIL)
    assert (code, err) == (0, "")
    assert out.index(f"Input file: {KDC_PASS}") < out.index("VD-KDC-001") < out.index(f"Input file: {KDC_FAIL}")
    assert out.index(f"Input file: {KDC_FAIL}") < out.index("VD-KDC-002")
    code, out, _ = run(capsys, "--lang", "en", "explain", KDC_PASS, KDC_FAIL)
    assert out.count("Input file: ") == 2 and "Result: ✗ FAIL" in out


def test_several_inputs_json_lines_and_errors_name_the_input(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", KDC_PASS, BAD, KDC_FAIL, "--format", "json", "--pack-file", MINI)
    assert code == 1  # the worst: one input is invalid
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(x["input"], x["result"]["outcome"]) for x in lines] == [(KDC_PASS, "pass"), (KDC_FAIL, "fail")]
    body = the_error(err, "input_invalid", 1)
    assert body["input"] == BAD and body["problems"]


def test_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = Path(KDC_FAIL).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run(capsys, "evaluate", "-", "--format", "json")
    assert code == 0 and json.loads(out)["unit"]["id"] == "VD-KDC-002"
    bad = b"pack: vn.bca.tt124\nyear: 2026\nunit: {id: X, subject: kdc}\nindicators: {households_registerd: 1}\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(bad), encoding="utf-8"))
    code, _, err = run(capsys, "evaluate", "-", "--format", "json")
    (p,) = the_error(err, "input_invalid", 1)["problems"]
    assert (p["file"], p["line"], p["field"]) == ("<stdin>", 4, "indicators.households_registerd")
    code, _, err = run(capsys, "evaluate", "-", "-")
    assert code == 1 and "'-'" in err


# -- --fail-on ------------------------------------------------------------------------------------


def test_fail_on_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = yaml.safe_load(Path(KDC_PASS).read_text(encoding="utf-8"))
    del doc["indicators"]["households_registered"]  # missing data: undetermined, never zero
    undetermined = tmp_path / "undetermined.yaml"
    undetermined.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    u = str(undetermined)
    cases = [
        ((KDC_PASS,), None, 0),
        ((KDC_FAIL,), None, 0),  # without --fail-on an outcome is data
        ((KDC_PASS,), "not_met", 0),
        ((KDC_FAIL,), "not_met", 3),
        ((u,), "not_met", 0),
        ((u,), "undetermined", 3),
        ((KDC_PASS, KDC_FAIL), "not_met", 3),
        ((KDC_FAIL, BAD), "not_met", 1),  # an error beats an outcome
    ]
    for inputs, fail_on, expected in cases:
        for command in ("evaluate", "explain"):
            argv = [command, *inputs, "--pack-file", MINI] + (["--fail-on", fail_on] if fail_on else [])
            code, _, _ = run(capsys, *argv)
            assert code == expected, (argv, code)


def test_batch_fail_on(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.test_cli_batch import population, with_events

    data = with_events(population(tmp_path / "kdc.csv", passing=3, failing=1))
    base = ["batch", *data, "--pack", "vn.bca.tt124", "--year", "2026"]
    assert run(capsys, *base)[0] == 0
    code, _, err = run(capsys, *base, "--fail-on", "not_met", "--lang", "en")
    assert code == 3 and "1 units have an outcome --fail-on not_met names" in err
    code, out, err = run(capsys, *base, "--fail-on", "not_met", "--format", "json")
    report = json.loads(out)
    assert (code, err) == (3, "") and report["units_failing"] == 1 and report["fail_on"] == "not_met"
    (tmp_path / "ok").mkdir()
    passing = with_events(population(tmp_path / "ok" / "kdc.csv", passing=2, failing=0))
    assert (
        run(capsys, "batch", *passing, "--pack", "vn.bca.tt124", "--year", "2026", "--fail-on", "undetermined")[0] == 0
    )


def test_a_result_format_error_keeps_its_problems_in_both_shapes() -> None:
    from antq_rules._text import Text
    from antq_rules.cli._errors import error_json, error_text
    from antq_rules.errors import Problem
    from antq_rules.results import ResultFormatError

    exc = ResultFormatError(
        Text("kết quả không đúng dạng", "the result is not in its shape"),
        [Problem(Text("giá trị không hợp lệ", "invalid value"), field="criteria[0].status")],
    )
    body = json.loads(error_json(exc, 1))["error"]
    assert body["message"]["en"] == "the result is not in its shape"
    assert [p["field"] for p in body["problems"]] == ["criteria[0].status"]
    text = error_text(exc, "en")
    assert "the result is not in its shape (1):" in text and "criteria[0].status: invalid value" in text
