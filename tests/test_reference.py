"""The reference pages generated from packs: complete, deterministic, and never out of date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import antq_rules
from antq_rules.reference import render_pack_markdown
from antq_rules.reference.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# (committed page, pack id, language): each page must equal a fresh render of the shipped pack
GENERATED_PAGES = [
    ("docs/packs/tt124.md", "vn.bca.tt124", "vi"),
    ("docs/packs/tt124-en.md", "vn.bca.tt124", "en"),
]


@pytest.fixture(scope="module")
def tt124() -> antq_rules.Pack:
    return antq_rules.shipped_pack("vn.bca.tt124")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_names_every_criterion_and_parameter(tt124: antq_rules.Pack, lang: str) -> None:
    page = render_pack_markdown(tt124, lang)  # type: ignore[arg-type]
    # each criterion, parameter and legal value has a heading with a stable anchor named after it
    lines = page.splitlines()

    def heading(start: str, anchor: str) -> bool:
        return any(line.startswith(start) and line.endswith(f"{{ #{anchor} }}") for line in lines)

    missing_criteria = [c.id for c in tt124.criteria if not heading(f"#### {c.id} — ", c.id)]
    missing_params = [p for p in tt124.parameters if not heading(f"### `param.{p}`", f"param.{p}")]
    missing_values = [v for v in tt124.values if not heading(f"### `law.{v}`", f"law.{v}")]
    missing_indicators = [i for i in tt124.indicators if f"| `{i}` |" not in page]
    assert not missing_criteria, f"criteria missing from the page: {missing_criteria}"
    assert not missing_params, f"parameters missing from the page: {missing_params}"
    assert not missing_values, f"legal values missing from the page: {missing_values}"
    assert not missing_indicators, f"indicators missing from the page: {missing_indicators}"


def test_page_shows_checks_citations_and_provenance(tt124: antq_rules.Pack) -> None:
    page = render_pack_markdown(tt124)
    for c in tt124.criteria:
        assert c.citation.full("vi") in page, c.id
    # every check expression appears once per criterion that owns it (re-used checks are repeated)
    for c in tt124.criteria:
        expr = " ".join(c.check.source.split())
        assert f"`{expr}`" in page, c.id
    assert tt124.content_hash in page
    assert "48/2025/TT-BCA" in page  # the amendment whose content is unknown


def test_page_is_vietnamese_or_english(tt124: antq_rules.Pack) -> None:
    vi = render_pack_markdown(tt124, "vi")
    en = render_pack_markdown(tt124, "en")
    assert "## Tiêu chí" in vi and "## Tham số diễn giải" in vi and "Căn cứ" in vi
    assert "## Criteria" in en and "## Interpretation parameters" in en and "Citation" in en
    assert "## Criteria" not in vi and "## Tiêu chí" not in en
    assert tt124.title.vi in vi and tt124.title.en in en


def test_render_is_deterministic(tt124: antq_rules.Pack) -> None:
    again = antq_rules.load_pack(tt124.file)
    assert render_pack_markdown(tt124) == render_pack_markdown(again)
    assert render_pack_markdown(tt124, "en") == render_pack_markdown(again, "en")


def test_render_rejects_unknown_language(tt124: antq_rules.Pack) -> None:
    with pytest.raises(ValueError):
        render_pack_markdown(tt124, "fr")  # type: ignore[arg-type]


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.yaml")))
def test_fixture_packs_render(fixture: str) -> None:
    try:
        pack = antq_rules.load_pack(FIXTURES / fixture)
    except antq_rules.PackError:
        pytest.skip(f"{fixture} is not a valid pack (a fixture for error tests)")
    page = render_pack_markdown(pack)
    assert page.startswith(f"# {pack.title.vi}\n")
    assert page.endswith("\n") and not page.endswith("\n\n")
    for c in pack.criteria:
        assert c.id in page


@pytest.mark.parametrize(("path", "pack_id", "lang"), GENERATED_PAGES)
def test_committed_page_is_up_to_date(path: str, pack_id: str, lang: str) -> None:
    committed = ROOT / path
    fresh = render_pack_markdown(antq_rules.shipped_pack(pack_id), lang)  # type: ignore[arg-type]
    option = " --lang en" if lang == "en" else ""
    command = f"python -m antq_rules.reference {pack_id}{option} > {path}"
    assert committed.exists(), f"{path} is missing; generate it with:\n    {command}"
    assert committed.read_text(encoding="utf-8") == fresh, (
        f"{path} is out of date with the pack {pack_id}; regenerate it with:\n    {command}"
    )


def test_command_line_writes_the_page(tmp_path: Path, tt124: antq_rules.Pack) -> None:
    out = tmp_path / "page.md"
    assert main(["vn.bca.tt124", "--lang", "en", "--output", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == render_pack_markdown(tt124, "en")
    assert main([str(FIXTURES / "mini.yaml"), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Gói thử nghiệm nhỏ")


def test_command_line_stdout_is_utf8(tt124: antq_rules.Pack) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "antq_rules.reference", "vn.bca.tt124"],
        capture_output=True,
        check=True,
        env={"PYTHONIOENCODING": "ascii", "PATH": ""},
    )
    assert run.stdout.decode("utf-8") == render_pack_markdown(tt124)


def test_command_line_reports_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vn.bca.no_such_pack"]) == 1
    assert "vn.bca.no_such_pack" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: antq-rules/pack/v1\nid: x\n", encoding="utf-8")
    assert main([str(bad), "--lang", "en"]) == 1
    assert "The criteria pack is invalid" in capsys.readouterr().err
