"""Pack lint (issue 9 item 4): warnings with file, line and field beside the hard errors of ``check``.

The packs edited here are illustrative test fixtures (ví dụ minh hoạ), not law.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from antq_rules.cli import main
from antq_rules.packs import load_packs
from antq_rules.packs._lint import LINT_CODES, LintWarning, lint_file, lint_pack

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.yaml"
SCORING = FIXTURES / "scoring"
SHIPPED = [
    *sorted((ROOT / "packs").glob("*.yaml")),
    *sorted((ROOT / "packs" / "examples").glob("*.yaml")),
]

# Warnings the shipped packs are allowed to carry, each with the reason it is justified:
# (file name, code, field) -> reason. Empty: every shipped pack lints clean.
JUSTIFIED: dict[tuple[str, str, str | None], str] = {}


def _edit(tmp_path: Path, source: Path, *edits: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    out = tmp_path / source.name
    out.write_text(text, encoding="utf-8")
    return out


def _line(path: Path, start: str) -> int:
    """The line number of the first line of ``path`` that starts with ``start``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def _found(warnings: tuple[LintWarning, ...]) -> list[tuple[str, str | None, int | None]]:
    return [(w.code, w.field, w.line) for w in warnings]


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_packs_lint_clean_or_justified(path: Path) -> None:
    _, warnings = lint_file(path)
    unjustified = [w.render("en") for w in warnings if (path.name, w.code, w.field) not in JUSTIFIED]
    assert unjustified == []


def test_the_test_fixture_packs_lint_clean() -> None:
    assert lint_file(MINI)[1] == ()


def test_unused_declarations_are_named_with_line_and_field(tmp_path: Path) -> None:
    path = _edit(
        tmp_path,
        MINI,
        (
            "indicators:\n",
            "indicators:\n"
            '  spare: {type: integer, min: 0, description: {vi: "dự phòng", en: "spare"}}\n'
            '  checked_only: {type: integer, min: 0, description: {vi: "chỉ để đối chiếu", en: "cross-check only"}}\n',
        ),
        (
            "values:\n",
            'values:\n  lonely: {value: 3, provenance: {status: illustrative, note: {vi: "minh hoạ", en: "illustrative"}}, '
            'description: {vi: "không dùng", en: "unused"}}\n',
        ),
        (
            "parameters:\n",
            "parameters:\n  idle:\n    type: boolean\n    default: false\n"
            '    description: {vi: "không dùng", en: "unused"}\n'
            '    provenance: {status: interpretation, note: {vi: "diễn giải", en: "interpretation"}}\n',
        ),
        ('    check: "registered <= resident"', '    check: "registered <= resident and checked_only >= 0"'),
    )
    _, warnings = lint_file(path)
    assert _found(warnings) == [
        ("unused-indicator", "indicators.spare", _line(path, "  spare:")),
        ("unused-indicator", "indicators.checked_only", _line(path, "  checked_only:")),
        ("unused-value", "values.lonely", _line(path, "  lonely:")),
        ("unused-parameter", "parameters.idle", _line(path, "  idle:")),
    ]
    assert "is read only by constraints" in warnings[1].message.en
    line = _line(path, "  spare:")
    assert warnings[0].render("vi").startswith(f"{path}:{line}:3: indicators.spare: chỉ số 'spare' được khai báo")
    assert warnings[0].render("en").endswith("[warning: unused-indicator]")
    assert warnings[0].to_dict()["severity"] == "warning" and warnings[0].to_dict()["code"] == "unused-indicator"


def test_previous_year_declared_but_never_read(tmp_path: Path) -> None:
    path = _edit(
        tmp_path, MINI, ('check: "cmp(crimes, param.op, prev(crimes)) and', 'check: "cmp(crimes, param.op, 0) and')
    )
    _, warnings = lint_file(path)
    assert _found(warnings) == [("unused-previous-year", "indicators.crimes.previous_year", _line(path, "  crimes:"))]


@pytest.mark.parametrize(
    ("check", "verdict"),
    [
        ("count_events(lists.L) == 0 and resident < 0", "can never be met"),
        ("count_events(lists.L) == 0 or registered >= 0", "can never fail"),
        ("law.share > 0", "reads nothing of the unit"),
    ],
)
def test_criteria_that_cannot_change(tmp_path: Path, check: str, verdict: str) -> None:
    path = _edit(tmp_path, MINI, ('    check: "count_events(lists.L) == 0"', f'    check: "{check}"'))
    _, warnings = lint_file(path)
    assert [(w.code, w.field) for w in warnings] == [("constant-criterion", "criteria[1].check")]
    assert verdict in warnings[0].message.en and "'C2'" in warnings[0].message.en


def test_a_comparison_that_can_go_either_way_is_not_flagged(tmp_path: Path) -> None:
    path = _edit(tmp_path, MINI, ('    check: "count_events(lists.L) == 0"', '    check: "resident >= 3"'))
    assert lint_file(path)[1] == ()


def test_citations_without_a_source(tmp_path: Path) -> None:
    path = _edit(
        tmp_path,
        MINI,
        (
            '  share: {value: 100%, provenance: {status: illustrative, note: {vi: "minh hoạ", en: "illustrative"}}, ',
            "  share: {value: 100%, provenance: {status: confirmed}, citation: {article: 3, instrument: 99/NOWHERE}, ",
        ),
    )
    _, warnings = lint_file(path)
    assert [(w.code, w.field) for w in warnings] == [
        ("citation-without-source", "values.share.citation"),
        ("citation-without-source", "values.share.provenance"),
    ]
    assert "'99/NOWHERE', which no source" in warnings[0].message.en
    assert "status 'confirmed' but names no source" in warnings[1].message.en


def test_descriptions_missing_in_one_language(tmp_path: Path) -> None:
    path = _edit(
        tmp_path,
        MINI,
        (
            'description: {vi: "đủ hộ đăng ký", en: "all households registered"}',
            'description: {vi: "all households registered", en: "all households registered"}',
        ),
        (
            'title: {vi: "Sự kiện", en: "Events"}',
            'title: {vi: "No events at all here", en: "No events at all, really"}',
        ),
    )
    _, warnings = lint_file(path)
    assert _found(warnings) == [
        ("one-language", "criteria[0].description", _line(path, '    description: {vi: "all households')),
        ("one-language", "criteria[1].title", _line(path, '    title: {vi: "No events')),
    ]
    assert "identical" in warnings[0].message.en and "no Vietnamese letter" in warnings[1].message.en


@pytest.fixture(scope="module")
def base_reg() -> object:
    return load_packs([MINI, SCORING / "base.yaml"])


def test_an_overlay_leaving_slots_unfilled_and_an_edge_half_declared(tmp_path: Path, base_reg: object) -> None:
    fill = '  levels.kha.max: {value: 80, provenance: {status: illustrative, note: {vi: "minh hoạ", en: "illustrative"}}, citation: {article: 5, instrument: 1/TEST-TINH}}\n'
    path = _edit(tmp_path, SCORING / "overlay.yaml", (fill, ""))
    _, warnings = lint_file(path, base_reg)
    assert [(w.code, w.field) for w in warnings] == [
        ("level-edges", "fill.levels.xuat_sac.min"),
        ("unfilled-slot", "fill"),
    ]
    assert "declared on one side only (levels.xuat_sac.min = 80, levels.kha.max is a slot)" in warnings[0].message.en
    # the fixture overlay also leaves the base's values.unknown_x unfilled (on purpose: see test_scoring)
    assert "leaves 2 slot(s) of its base unfilled: values.unknown_x, levels.kha.max" in warnings[1].message.en
    assert warnings[1].line == _line(path, "fill:")


def test_an_overlay_is_linted_for_what_it_adds_only(tmp_path: Path, base_reg: object) -> None:
    (only,) = lint_file(SCORING / "overlay.yaml", base_reg)[1]
    assert (only.code, only.field) == ("unfilled-slot", "fill")  # values.unknown_x, left a slot on purpose
    added = (
        "add:\n",
        "add:\n  values:\n    tinh_unused: {value: 2, citation: {article: 6, instrument: 1/TEST-TINH}, "
        'provenance: {status: illustrative, note: {vi: "minh hoạ", en: "illustrative"}}, '
        'description: {vi: "không dùng", en: "unused"}}\n',
    )
    _, warnings = lint_file(_edit(tmp_path, SCORING / "overlay.yaml", added), base_reg)
    assert [(w.code, w.field) for w in warnings] == [
        ("unused-value", "add.values.tinh_unused"),
        ("unfilled-slot", "fill"),
    ]


def test_scale_slot_with_every_maximum_known(tmp_path: Path, base_reg: object) -> None:
    pack, _ = lint_file(SCORING / "overlay.yaml", base_reg)

    slot_scale = attrs.evolve(pack, total=attrs.evolve(pack.total, value=None))
    found = lint_pack(slot_scale)
    assert [w.code for w in found] == ["item-maxima", "unfilled-slot"]
    assert "the scale is a slot but the item maxima of 'kdc' are all known and add up to 100" in found[0].message.en


def test_every_code_has_a_bilingual_title() -> None:
    assert set(LINT_CODES) >= {
        "unused-indicator",
        "unused-value",
        "unused-parameter",
        "constant-criterion",
        "level-edges",
        "item-maxima",
        "unfilled-slot",
        "citation-without-source",
        "one-language",
    }
    assert all(t.vi and t.en and t.vi != t.en for t in LINT_CODES.values())


def test_cli_check_prints_warnings_and_strict_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _edit(
        tmp_path,
        MINI,
        (
            "indicators:\n",
            'indicators:\n  spare: {type: integer, min: 0, description: {vi: "dự phòng", en: "spare"}}\n',
        ),
    )
    assert main(["--lang", "en", "check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "OK test.mini@0.1.0 (3 criteria)"
    assert "Warnings (1):" in err
    assert (
        f"{path}:{_line(path, '  spare:')}:3: indicators.spare: indicator 'spare' is declared but no rule reads it [warning: unused-indicator]"
        in err
    )
    assert main(["check", "--strict", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Cảnh báo (1):" in err and "[cảnh báo: unused-indicator]" in err
    assert main(["check", "--strict", str(MINI)]) == 0
