"""Pack tests as data: the shipped TT 124 cases, the runner, ``antq-rules test``, the pytest plugin, and a
deliberate mutation of the pack that the cases catch. Cases and units are illustrative fixtures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from antq_rules.cli import main
from antq_rules.packtests import find_test_files, run_file

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "packs" / "tests" / "tt124"
CASE_FILES = find_test_files([SHIPPED])

HEADER = """\
schema: antq-rules/tests/v1
pack: vn.bca.tt124
year: 2026
bases:
  kdc: {file: kdc-pass.yaml}
cases:
"""


def _copy_base(folder: Path) -> None:
    (folder / "kdc-pass.yaml").write_text(
        (SHIPPED / "bases" / "kdc-pass.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )


def test_the_shipped_cases_are_found_and_labelled() -> None:
    assert [p.name for p in CASE_FILES] == ["cqdn.yaml", "csgd.yaml", "kdc.yaml", "xa.yaml"]
    for path in CASE_FILES:
        text = path.read_text(encoding="utf-8")
        assert "Illustrative test fixture" in text.splitlines()[1]


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_every_shipped_case_passes_against_the_national_pack(path: Path) -> None:
    results = run_file(path)
    assert len(results) >= 30
    bad = [(r.id, r.differences, [p.render("en") for p in r.problems]) for r in results if r.status != "passed"]
    assert bad == []


def test_the_bases_are_the_documented_examples() -> None:
    import yaml

    for subject in ("kdc", "xa", "cq", "csgd"):
        shipped = yaml.safe_load((SHIPPED / "bases" / f"{subject}-pass.yaml").read_text(encoding="utf-8"))
        example = yaml.safe_load((ROOT / "examples" / "tt124" / f"{subject}-pass.yaml").read_text(encoding="utf-8"))
        assert shipped == example, subject


def test_cli_runs_cases_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(SHIPPED)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\d+ ca trong 4 tệp: \d+ đạt, 0 sai, 0 lỗi", out)


def test_a_province_sees_which_cases_its_overlay_changes(capsys: pytest.CaptureFixture[str]) -> None:
    overlay = str(ROOT / "packs" / "examples" / "tinh-mau-tt124.yaml")
    assert main(["--lang", "en", "test", str(SHIPPED), "--pack", overlay, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["pack"].startswith("vn.vd.tinh_mau.tt124@")
    failed = [c for c in report["cases"] if c["status"] == "failed"]
    assert failed and all(c["differences"] for c in failed)
    # the overlay only adds to the national rule: a case the nation fails stays failed under it
    assert not any(
        d["what"] == "outcome" and d["expected"] == "fail" and d["actual"] == "pass"
        for c in failed
        for d in c["differences"]
    )


def test_a_mutated_pack_fails_the_shipped_cases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """70% of units recognised (Art. 5 cl. 4) lowered to 60% in a copy of the pack: cases catch it."""
    text = (ROOT / "packs" / "tt124.yaml").read_text(encoding="utf-8")
    block = re.search(r"(?ms)^  xa_units_recognised_share:\n.*?^    value: 70%$", text)
    assert block is not None
    mutated = tmp_path / "tt124-mutated.yaml"
    mutated.write_text(text.replace(block.group(0), block.group(0).replace("70%", "60%")), encoding="utf-8")
    assert main(["--lang", "en", "test", str(SHIPPED / "xa.yaml"), "--pack", str(mutated)]) == 1
    out = capsys.readouterr().out
    assert "✗ FAILED xa-4b" in out
    assert "-outcome: fail" in out and "+outcome: pass" in out


def test_a_malformed_case_is_located_and_the_others_still_run(tmp_path: Path) -> None:
    _copy_base(tmp_path)
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        HEADER
        + "  - id: ok\n    base: kdc\n    expect: {outcome: pass}\n"
        + "  - id: typo\n    base: kdc\n    expct: {outcome: pass}\n"
        + "  - id: unknown-criterion\n    base: kdc\n    expect: {criteria: {TT124.KDC.99: met}}\n"
        + "  - id: wrong\n    base: kdc\n    set: {households_registered: 411}\n    expect: {outcome: pass}\n",
        encoding="utf-8",
    )
    results = {r.id: r for r in run_file(cases)}
    assert results["ok"].status == "passed"
    typo = results["typo"]
    assert typo.status == "error" and typo.problems[0].line == 12 and "expct" in typo.problems[0].message.en
    unknown = results["unknown-criterion"]
    assert unknown.status == "error" and "TT124.KDC.99" in unknown.problems[0].message.en
    assert unknown.problems[0].field == "cases[2].expect.criteria.TT124.KDC.99"
    wrong = results["wrong"]
    assert wrong.status == "failed" and ("outcome", "pass", "fail") in wrong.differences
    assert "-outcome: pass" in wrong.diff() and "+outcome: fail" in wrong.diff()


def test_a_case_file_cannot_read_outside_its_folder(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    _copy_base(tmp_path)
    cases = inner / "cases.yaml"
    cases.write_text(
        HEADER.replace("{file: kdc-pass.yaml}", "{file: ../kdc-pass.yaml}")
        + "  - id: escape\n    base: kdc\n    expect: {outcome: pass}\n",
        encoding="utf-8",
    )
    (result,) = run_file(cases)
    assert result.status == "error" and "outside" in result.problems[0].message.en


def test_expected_input_errors_are_cases_too(tmp_path: Path) -> None:
    _copy_base(tmp_path)
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        HEADER
        + "  - id: impossible\n    base: kdc\n    set: {households_registered: 413}\n    error: [indicators.households_registered]\n"
        + "  - id: not-an-error\n    base: kdc\n    error: [indicators.households_registered]\n",
        encoding="utf-8",
    )
    results = {r.id: r.status for r in run_file(cases)}
    assert results == {"impossible": "passed", "not-an-error": "failed"}


def test_no_test_files_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(tmp_path)]) == 2
    assert str(tmp_path) in capsys.readouterr().err


def test_the_pytest_plugin_collects_each_case(pytester: pytest.Pytester) -> None:
    _copy_base(pytester.path)
    pytester.makefile(
        ".yaml",
        cases=HEADER
        + "  - id: passes\n    base: kdc\n    expect: {outcome: pass}\n"
        + "  - id: fails\n    base: kdc\n    set: {households_registered: 411}\n    expect: {outcome: pass}\n",
    )
    result = pytester.runpytest("-p", "no:cacheprovider", "cases.yaml")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*-outcome: pass*", "*+outcome: fail*", "*FAILED cases.yaml::fails*"])


def test_the_pytest_plugin_runs_cases_against_an_overlay(pytester: pytest.Pytester) -> None:
    _copy_base(pytester.path)
    pytester.makefile(".yaml", cases=HEADER + "  - id: kdc-passes\n    base: kdc\n    expect: {outcome: pass}\n")
    overlay = str(ROOT / "packs" / "examples" / "tinh-mau-tt124.yaml")
    national = pytester.runpytest("-p", "no:cacheprovider", "cases.yaml")
    national.assert_outcomes(passed=1)
    provincial = pytester.runpytest("-p", "no:cacheprovider", "cases.yaml", "--antq-pack", overlay)
    outcomes = provincial.parseoutcomes()
    assert outcomes.get("passed", 0) + outcomes.get("failed", 0) == 1
