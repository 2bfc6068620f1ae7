"""Text output fit for a person (issue 8 item 5), checked on the shipped examples.

- No raw code leaks into the Vietnamese output: outcome codes, level ids, choice codes, event type ids,
  unit kinds, ``bound:``, nor the raw expression syntax (``param.``, ``dep.``, ``law.``, ``count_events``,
  ``ratio(``), except where a text names a parameter explicitly ("tham số X", "cách đọc Y của tham số X").
  Criterion ids (``TT124.KDC.1b``) are codes on purpose: they are not in the list.
- Tables fit the terminal: no line is longer than ``COLUMNS``.
- A residential area lists only the parameters its criteria read.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from antq_rules import evaluate_file, render_text, shipped_pack
from antq_rules.cli import main
from antq_rules.cli._table import display_width, render_table, wrap
from antq_rules.packs import PackRegistry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(
    str(p.relative_to(ROOT)) for sub in ("tt124", "qd510", "qd3554") for p in (ROOT / "examples" / sub).glob("*.yaml")
)
POPULATION = ROOT / "examples" / "population"
BATCH = ["xa.csv", "kdc.csv", "cq.csv", "dn.csv", "events.csv"]
EXPLAINED = ["VD-XA-01", "VD-THON-01", "VD-THON-02", "VD-THON-03", "VD-CQ-01", "VD-DN-01"]
OUTCOMES = {"pass", "fail", "not_applicable", "undetermined", "incomplete", "not_eligible"}
RAW_SYNTAX = ("param.", "dep.", "law.", "count_events", "ratio(", "prev(", "window.", "bound:")
ENGLISH = ("MISSING", "unknown", "true", "false", "counted", "excused", "previous year", "Check:", "Event")
# a text that names a parameter (and its reading) on purpose, as the pack texts do
LABELLED = re.compile(r"(?:cách đọc \w+ của )?tham số \w+(?: = \w+| \(mặc định \w+\))?")


@cache
def known_codes() -> frozenset[str]:
    """Every code a reader should see by its name: outcomes, levels, choices, event types, unit kinds."""
    codes = set(OUTCOMES)
    for pack in PackRegistry.shipped():
        codes |= {lv.id for lv in pack.levels}
        codes |= {c for f in pack.indicators.values() for c in f.choices or ()}
        codes |= {c for p in pack.parameters.values() for c in p.choices or ()}
        for kind in pack.event_types.values():
            codes.add(kind.id)
            codes |= {c for f in kind.fields.values() for c in f.choices or ()}
        codes |= {k for s in pack.subjects.values() for k in s.kinds}
    # snake_case codes, and the English outcome words; one-word codes ("mid", "a") are ordinary words
    return frozenset(c for c in codes if "_" in c) | {"pass", "fail"}


def leaks(text: str) -> list[str]:
    """The codes and raw syntax found in ``text`` outside the places that label them as codes."""
    pattern = re.compile(
        r"(?<![\w.\-/])(" + "|".join(sorted(map(re.escape, known_codes()), key=len, reverse=True)) + r")(?![\w\-])"
    )
    found = []
    for line in text.splitlines():
        line = LABELLED.sub("", line)
        found += [f"{m.group(1)!r} in: {line.strip()}" for m in pattern.finditer(line)]
        found += [f"{s!r} in: {line.strip()}" for s in RAW_SYNTAX if s in line]
        found += [f"{w!r} in: {line.strip()}" for w in ENGLISH if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", line)]
    return found


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_the_detector_finds_codes_and_spares_labelled_ones() -> None:
    assert leaks("dep.tt124 = pass") == ["'pass' in: dep.tt124 = pass", "'dep.' in: dep.tt124 = pass"]
    assert leaks("Mức theo điểm: xuat_sac → kha")
    assert leaks("Ngưỡng: 100% (bound: min)")
    assert not leaks("Theo tham số subunit_discipline_scope = qualifying_subunits (mặc định), điều kiện …")
    assert not leaks("✗ KHÔNG ĐẠT — 100% hộ gia đình [TT124.KDC.1b · Điều 4 khoản 1 124/2021/TT-BCA]")


@pytest.mark.parametrize("example", EXAMPLES)
def test_vietnamese_output_of_every_example_leaks_no_code(
    example: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # rows on one line: a code cannot hide across a wrap
    path = str(ROOT / example)
    for argv in (["evaluate", path], ["explain", path], ["evaluate", path, "--format", "text"]):
        out = cli(capsys, *argv)
        assert leaks(out) == [], argv


def test_vietnamese_batch_explanations_of_the_population_example_leak_no_code(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.chdir(POPULATION)
    argv = ["batch", *BATCH, "--pack", "vn.bca.tt124", "--pack", "vn.bca.qd510", "--year", "2026"]
    for uid in EXPLAINED:
        argv += ["--explain", uid]
    out = cli(capsys, *argv)
    for uid in EXPLAINED:
        assert uid in out
    assert leaks(out) == []


def test_the_auditors_form_keeps_the_raw_expressions(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "tt124" / "kdc-fail.yaml")
    out = cli(capsys, "explain", path, "--verbose")
    assert "ratio(households_registered, households_resident) >= law.kdc_household_registration_share" in out
    assert "kdc_household_registration_share = 100%" in out  # the threshold by its name
    assert "Số hộ đăng ký tham gia (households_registered) = 411 hộ" in out


def test_sentences_in_the_kdc_example(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "tt124" / "kdc-fail.yaml")
    for lang, share, incident in (
        ("vi", "Số hộ đăng ký tham gia: 411/412 hộ (≈ 99,76%), cần 100%", "✗ 1 vụ, cần 0"),
        ("en", "Households signed up: 411/412 households (≈ 99.76%), needs 100%", "✗ 1 incident, needs 0"),
    ):
        out = cli(capsys, "--lang", lang, "explain", path)
        assert share in out and incident in out
        table = cli(capsys, "--lang", lang, "evaluate", path)
        assert incident[2:] in table


def test_a_residential_area_lists_only_the_parameters_its_criteria_read() -> None:
    r = evaluate_file(ROOT / "examples" / "tt124" / "kdc-fail.yaml")
    pack = shipped_pack("vn.bca.tt124")
    used = {p for c in r.criteria for p in c.parameters}
    assert used and len(used) < len(pack.parameters)
    tail = render_text(r).split("Tham số diễn giải đã dùng:\n")[1]
    listed = re.findall(r"^  Tham số (\w+)", tail, re.MULTILINE)
    assert set(listed) == used
    assert len(listed) == len(used)


# -- width -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("example", ["tt124/kdc-fail.yaml", "tt124/cq-pass.yaml", "qd510/cq-tinh-mau.yaml"])
def test_the_table_fits_the_terminal(
    width: int, example: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    for lang in ("vi", "en"):
        out = cli(capsys, "--lang", lang, "evaluate", str(ROOT / "examples" / example))
        lines = out.splitlines()
        assert max(display_width(line) for line in lines) <= width, "\n".join(
            line for line in lines if display_width(line) > width
        )
        # nothing is cut: every criterion id is there, and no cell ends in an ellipsis
        r = evaluate_file(ROOT / "examples" / example)
        for c in r.criteria:
            assert c.id in out
        assert "…  " not in out


def test_a_wrapped_cell_keeps_every_word_in_its_column() -> None:
    rows = [["✗", "TT124.KDC.1b", "Số hộ đăng ký tham gia: 411/412 hộ (≈ 99,76%), cần 100%"]]
    lines = render_table(["", "Mã", "Quan sát / ngưỡng"], rows, width=40, fixed=(0, 1))
    assert max(display_width(line) for line in lines) <= 40
    column = lines[0].index("Quan sát")
    body = lines[2:]
    assert all(line[:column].strip() in ("", "✗  TT124.KDC.1b") for line in body)
    assert " ".join(line[column:].strip() for line in body) == rows[0][2]


def test_wrap_breaks_between_words_and_cuts_only_words_longer_than_the_column() -> None:
    assert wrap("một hai ba", 7) == ["một hai", "ba"]
    assert wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert all(display_width(x) <= 5 for x in wrap("Điều 4 khoản 4 điểm a 124/2021/TT-BCA", 5))


def test_a_loosened_floor_is_refused_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    """The overlay checker names what the national value allows, not the YAML code ("(bound: min)")."""
    bad = str(ROOT / "docs" / "assets" / "overlays" / "noi-long.yaml")
    assert main(["check", bad]) == 1
    err = capsys.readouterr().err
    assert "đây là mức sàn, gói của tỉnh chỉ được nâng lên" in err
    assert "bound" not in err and leaks(err) == []
    assert main(["--lang", "en", "check", bad]) == 1
    assert "loosening the national floor" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        ("412 person", "không cùng loại đơn vị với 'hộ'", "is not in a unit compatible with 'household'"),
        ("nhiều", "hãy viết một số và một đơn vị", "write a number and a unit"),
        ("412 vịt", "không biết đơn vị 'vịt'", "unknown unit 'vịt'"),
    ],
)
def test_a_unit_error_is_said_in_vietnamese(value: str, vi: str, en: str) -> None:
    """The unit library's English words never show inside a Vietnamese message."""
    from antq_rules import InputError, evaluate

    unit = {"id": "VD-1", "subject": "kdc", "kind": "thon"}
    with pytest.raises(InputError) as info:
        evaluate(shipped_pack("vn.bca.tt124"), unit, 2026, {"households_resident": value}, events=[])
    [problem] = [p for p in info.value.problems if "households_resident" in p.render("en")]
    assert vi in problem.message.vi and "(đơn vị khai báo: hộ)" in problem.message.vi
    assert en in problem.message.en and "(declared unit: household)" in problem.message.en
    for english in ("cannot read", "quantity", "unit compatible", "write a", "declared", "known:"):
        assert english not in problem.message.vi


@pytest.mark.parametrize("width", [60, 80])
def test_explanations_fit_the_terminal_and_keep_their_blocks(
    width: int, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long line wraps with its continuation indented under it: every piece stays in its block."""
    monkeypatch.setenv("COLUMNS", str(width))
    path = str(ROOT / "examples" / "tt124" / "kdc-fail.yaml")
    outputs = [cli(capsys, "explain", path), cli(capsys, "evaluate", path, "--format", "text")]
    monkeypatch.chdir(POPULATION)
    argv = ["batch", *BATCH, "--pack", "vn.bca.tt124", "--pack", "vn.bca.qd510", "--year", "2026"]
    outputs.append(cli(capsys, *argv, "--explain", "VD-XA-01", "--explain", "VD-THON-02"))
    for out in outputs:
        lines = out.splitlines()
        assert max(display_width(line) for line in lines) <= width
        heads = [i for i, line in enumerate(lines) if line[:2] in ("✓ ", "✗ ", "? ", "– ")]
        assert heads
        for i in heads:  # the heading's own continuation (its citation) is indented 2, its lines 4
            body = lines[i + 1 : i + 1 + next((k for k, x in enumerate(lines[i + 1 :]) if not x.startswith("  ")), 0)]
            assert all(x.startswith("    ") or x.startswith("  [") or not x.startswith("   ") for x in body)
    explained = outputs[0]
    assert explained.count("[TT124.KDC.1b · Điều 4 khoản 1 124/2021/TT-BCA]") == 1


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize(
    "argv",
    [
        ["packs"],
        ["show", "vn.bca.tt124", "--subject", "kdc"],
        ["show", "vn.bca.qd510", "--subject", "cq"],
        ["calendar", "vn.bca.tt124", "--year", "2026", "--subject", "kdc"],
    ],
)
def test_the_other_tables_fit_the_terminal(
    width: int, argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = cli(capsys, *argv)
    assert max(display_width(line) for line in out.splitlines()) <= width
    if argv == ["packs"]:  # a pack id is never cut, whatever the layout
        for pack in PackRegistry.shipped():
            assert re.search(rf"(?m)^  {re.escape(pack.id)}(\s|$)", out)


def test_a_table_too_wide_for_columns_becomes_one_block_per_row() -> None:
    rows = [["vn.bca.tt124", "1.1.0", "Tiêu chuẩn “An toàn về an ninh, trật tự” đối với khu dân cư"]]
    lines = render_table(["Mã", "Phiên bản", "Tên"], rows, indent="  ", width=30, fixed=(0, 1))
    assert lines[0] == "  vn.bca.tt124"
    assert lines[1] == "    Phiên bản: 1.1.0"
    assert all(display_width(line) <= 30 for line in lines)
    assert " ".join(" ".join(lines[2:]).split()) == "Tên: Tiêu chuẩn “An toàn về an ninh, trật tự” đối với khu dân cư"
