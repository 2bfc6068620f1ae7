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
    ("docs/packs/qd510.md", "vn.bca.qd510", "vi"),
    ("docs/packs/qd510-en.md", "vn.bca.qd510", "en"),
    ("docs/packs/qd3554.md", "vn.bca.qd3554", "vi"),
    ("docs/packs/qd3554-en.md", "vn.bca.qd3554", "en"),
    ("docs/packs/examples/tinh-mau-qd510.md", "vn.vd.tinh_mau.qd510", "vi"),
    ("docs/packs/examples/tinh-mau-qd510-en.md", "vn.vd.tinh_mau.qd510", "en"),
]
SCORED_PACKS = ["vn.bca.qd510", "vn.bca.qd3554", "vn.vd.tinh_mau.qd510", "vn.vd.tinh_mau.qd3554"]
SLOT_WORDS = {"vi": "chưa biết — chưa có văn bản", "en": "unknown — no official text yet"}


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


@pytest.mark.parametrize("fixture", sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.glob("**/*.yaml")))
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


# -- scored packs, requirements, deadlines, overlays ---------------------------------------------------


def _heading(page: str, start: str, anchor: str) -> bool:
    return any(line.startswith(start) and line.endswith(f"{{ #{anchor} }}") for line in page.splitlines())


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("pack_id", SCORED_PACKS)
def test_scored_page_names_every_item_level_and_slot(pack_id: str, lang: str) -> None:
    pack = antq_rules.shipped_pack(pack_id)
    page = render_pack_markdown(pack, lang)  # type: ignore[arg-type]
    items = [*pack.items, *pack.adjustments]
    missing_items = [i.id for i in items if not _heading(page, f"#### {i.id} — ", i.id)]
    missing_levels = [lv.id for lv in pack.levels if not _heading(page, "### ", f"level.{lv.id}")]
    conditions = [c for lv in pack.levels for c in lv.conditions]
    missing_conditions = [c.id for c in conditions if not _heading(page, "#### ", c.id)]
    missing_caps = [c.id for c in pack.caps if not _heading(page, "### ", c.id)]
    missing_slots = [s for s in pack.slots if f"| `{s}` |" not in page]
    assert not missing_items, f"scoring items missing from the page: {missing_items}"
    assert not missing_levels, f"levels missing from the page: {missing_levels}"
    assert not missing_conditions, f"level conditions missing from the page: {missing_conditions}"
    assert not missing_caps, f"caps missing from the page: {missing_caps}"
    assert not missing_slots, f"slots missing from the slot table: {missing_slots}"
    for it in items:  # every check, share and band condition is shown as written
        for e in (it.check, it.share, *(b.when for b in it.bands)):
            if e is not None:
                assert f"`{' '.join(e.source.split())}`" in page, it.id
    assert _heading(page, "## ", "scoring") and _heading(page, "## ", "levels") and _heading(page, "## ", "slots")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_slots_are_shown_as_unknown_with_their_note(lang: str) -> None:
    pack = antq_rules.shipped_pack("vn.bca.qd510")
    page = render_pack_markdown(pack, lang)  # type: ignore[arg-type]
    assert pack.slots, "the national QĐ 510 pack has slots"
    word = SLOT_WORDS[lang]
    lines = page.splitlines()
    # each unknown item: its maximum is shown as unknown, with the note saying which text is needed
    for it in pack.items:
        if it.method != "unknown":
            continue
        assert it.max.provenance.note is not None
        note = " ".join(it.max.provenance.note.get(lang).split())  # type: ignore[arg-type]
        block = page[page.index(f"{{ #{it.id} }}") :]
        block = block[: block.find("\n#### ")] if "\n#### " in block else block
        assert f"**{word}**" in block and note in block, it.id
        assert f"`scoring.items.{it.id}`" in block, it.id
    for lv in pack.levels:
        for edge in (lv.min, lv.max):
            if not edge.known:
                shown = [ln for ln in lines if f"`{edge.slot}`" in ln and f"**{word}**" in ln]
                assert shown, edge.slot
    # the known ones are numbers with their provenance
    assert "3 — **" in page


def test_scored_page_says_how_the_outcome_is_reached() -> None:
    qd510 = render_pack_markdown(antq_rules.shipped_pack("vn.bca.qd510"), "en")
    qd3554 = render_pack_markdown(antq_rules.shipped_pack("vn.bca.qd3554"), "en")
    for page in (qd510, qd3554):
        assert "`incomplete`" in page and "`undetermined`" in page
    assert "`not_eligible`" in qd3554 and "`not_eligible`" not in qd510
    assert "`yeu`, `trung_binh`, `kha`, `xuat_sac`" in qd510
    assert "## Criteria" not in qd510  # the national QĐ 510 pack has no criteria
    assert "eligibility gate" in qd3554


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_requirements_and_deadlines_are_rendered(lang: str) -> None:
    pack = antq_rules.shipped_pack("vn.bca.qd3554")
    page = render_pack_markdown(pack, lang)  # type: ignore[arg-type]
    for rq in pack.requires:
        assert _heading(page, f"### `dep.{rq.id}`", f"dep.{rq.id}")
        assert f"`{rq.pack}`" in page
        assert ", ".join(f"`{o}`" for o in rq.outcomes) in page
        assert "(Y-1)" in page
    # the criteria reading dep.X link to the requirement, and the requirement lists them back
    assert "[`dep.qd510`](#dep.qd510)" in page and "[QD3554.GATE.QD510](#QD3554.GATE.QD510)" in page
    before, on = ("trước", "ngày") if lang == "vi" else ("before", "on")
    for d in pack.deadlines:
        assert f"(`{d.id}`;" in page
        assert f"**{before if d.before else on} {d.day.label()}**" in page
    tt124 = render_pack_markdown(antq_rules.shipped_pack("vn.bca.tt124"), lang)  # type: ignore[arg-type]
    assert _heading(tt124, "## ", "deadlines") and "antq-rules calendar vn.bca.tt124 --year Y --subject S" in tt124


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_overlay_page_names_its_base_and_every_change(lang: str) -> None:
    pack = antq_rules.shipped_pack("vn.vd.tinh_mau.qd510")
    assert pack.overlay is not None
    page = render_pack_markdown(pack, lang)  # type: ignore[arg-type]
    info = pack.overlay
    assert f"`{info.base}`" in page and f"`{info.base_hash}`" in page
    assert _heading(page, "## ", "overlay")
    assert info.filled, "the example overlay fills slots"
    overlay_part = page[page.index("{ #overlay }") : page.index("\n## ", page.index("{ #overlay }"))]
    for target in info.filled:
        assert f"`{target}`" in overlay_part, target
    # each slot filled with items links to the items that fill it (read from the overlay file)
    assert "[TM510.CQDN.5](#TM510.CQDN.5)" in overlay_part and "[TM510.KDC.4](#TM510.KDC.4)" in overlay_part
    for entry in info.added:
        assert f"`{entry.partition('.')[2]}`" in overlay_part, entry
    for alias, target in info.repointed.items():
        assert f"[`dep.{alias}`](#dep.{alias}) → `{target}`" in overlay_part
    assert "`vn.bca.tt124`" in overlay_part  # the national pack the requirement named
    # provincial items and conditions are marked, national ones are not
    local = "Quy định của địa phương" if lang == "vi" else "Provincial rule"
    for it in pack.items:
        block = page[page.index(f"{{ #{it.id} }}") :]
        block = block[: block.find("\n#### ")]
        assert (f"**{local}**" in block) == (it.origin != "national"), it.id
    assert not pack.slots and ("Gói không còn ô trống nào." in page or "The pack has no slot left." in page)
    banner = "Gói minh hoạ" if lang == "vi" else "Illustrative pack"
    assert banner in page.split("\n## ")[0]  # the illustrative banner is at the top
    national = render_pack_markdown(antq_rules.shipped_pack("vn.bca.qd510"), lang)  # type: ignore[arg-type]
    assert banner not in national and "{ #overlay }" not in national


def test_overlay_page_shows_the_national_value_it_overrides() -> None:
    scoring = FIXTURES / "scoring"
    reg = antq_rules.packs.load_packs([FIXTURES / "mini.yaml", scoring / "base.yaml", scoring / "overlay.yaml"])
    overlay, base = reg.get("test.scored_tinh"), reg.get("test.scored")
    en = render_pack_markdown(overlay, "en", base=base)
    vi = render_pack_markdown(overlay, "vi", base=base)
    assert "[`law.min_share`](#law.min_share): **95%**" in en
    assert "replacing the national value 90%" in en and "`bound: min`" in en
    assert "the province sets a higher bar" in en  # the reason, read from the overlay file
    assert "thay cho giá trị quốc gia 90%" in vi and "tỉnh đặt mức cao hơn" in vi
    for target in overlay.overlay.filled:  # type: ignore[union-attr]
        assert f"`{target}`" in en
    assert "[P.1](#P.1)" in en and "[`P.XS.STD`](#P.XS.STD)" in en
    # without the overlay file (loaded from text), the page still lists every change it knows of
    text = (scoring / "overlay.yaml").read_text(encoding="utf-8")
    from_text = antq_rules.packs.load_pack_text(text, "elsewhere.yaml", reg)
    page = render_pack_markdown(from_text, "en", base=base)
    for target in from_text.overlay.filled:  # type: ignore[union-attr]
        assert f"`{target}`" in page
    assert "replacing the national value 90%" in page and "higher bar" not in page


def test_overlay_render_is_deterministic() -> None:
    pack = antq_rules.shipped_pack("vn.vd.tinh_mau.qd510")
    again = antq_rules.load_pack(pack.file)
    for lang in ("vi", "en"):
        assert render_pack_markdown(pack, lang) == render_pack_markdown(again, lang)  # type: ignore[arg-type]
