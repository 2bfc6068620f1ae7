"""Issue 10 item 8: a criterion (item, condition, cap) is never marked stronger than the weakest legal
value, parameter or window it reads; the pack checker refuses it, for every pack and overlay, with the
file, line and field.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antq_rules import PackError
from antq_rules.packs import load_pack, load_pack_text
from antq_rules.packs._compile import _STRENGTH

ROOT = Path(__file__).resolve().parents[1]
MINI = (ROOT / "tests" / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
STATUSES = list(_STRENGTH)


def _note(status: str) -> str:
    return "" if status in ("confirmed", "secondary") else ', note: {vi: "ghi chú", en: "note"}'


def with_criterion_provenance(cid: str, status: str) -> str:
    """mini.yaml with a provenance on criterion ``cid``."""
    marker = f"  - id: {cid}\n"
    assert marker in MINI
    head, tail = MINI.split(marker, 1)
    line = f"    provenance: {{status: {status}, sources: [T1]{_note(status)}}}\n"
    return head + marker + line + tail


def problems(text: str, name: str = "p.yaml") -> list[str]:
    with pytest.raises(PackError) as info:
        load_pack_text(text, name)
    return [p.render("en") for p in info.value.problems]


def test_every_shipped_pack_and_overlay_passes_the_check() -> None:
    paths = sorted([*(ROOT / "packs").glob("*.yaml"), *(ROOT / "packs" / "examples").glob("*.yaml")])
    assert len(paths) >= 6
    for path in paths:
        load_pack(path)  # raises PackError on any too-strong provenance


def test_confirmed_criterion_reading_an_interpretive_parameter_is_refused() -> None:
    text = with_criterion_provenance("C3", "confirmed")
    (msg,) = problems(text)
    line = text.splitlines().index("    provenance: {status: confirmed, sources: [T1]}") + 1
    assert msg.startswith(f"p.yaml:{line}:")
    assert "criteria[2].provenance.status" in msg
    assert "'C3'" in msg and "parameter 'op' (interpretation)" in msg and "mark it 'interpretation'" in msg


def test_a_window_and_a_value_count_too() -> None:
    (msg,) = problems(with_criterion_provenance("C1", "interpretation"))
    assert "window 'q1' (illustrative)" in msg and "value 'share' (illustrative)" in msg
    load_pack_text(with_criterion_provenance("C1", "illustrative"), "ok.yaml")


def test_the_filters_of_counted_event_entries_count() -> None:
    text = with_criterion_provenance("C2", "confirmed").replace(
        '        excused_when: "force_majeure"', "        excused_when: \"force_majeure and param.op == '<='\""
    )
    (msg,) = problems(text)
    assert "'C2'" in msg and "parameter 'op' (interpretation)" in msg


@settings(max_examples=25, deadline=None)
@given(claimed=st.sampled_from(STATUSES), param=st.sampled_from(STATUSES[:4]))
def test_refused_exactly_when_stronger(claimed: str, param: str) -> None:
    """Invariant: C3 (reads parameter 'op') loads iff its claim is not stronger than the parameter."""
    text = with_criterion_provenance("C3", claimed).replace(
        '    provenance: {status: interpretation, note: {vi: "diễn giải", en: "interpretation"}}',
        f"    provenance: {{status: {param}{_note(param)}}}",
    )
    if _STRENGTH[claimed] < _STRENGTH[param]:
        assert any("'C3'" in m for m in problems(text))
    else:
        load_pack_text(text, "ok.yaml")


def test_an_overlay_that_weakens_a_value_read_by_a_confirmed_criterion_is_refused(tmp_path: Path) -> None:
    """The problem is placed at the overlay's override: that is what made the national claim too strong."""
    from antq_rules.packs import PackRegistry

    base = load_pack_text(
        MINI.replace(
            '  share: {value: 100%, provenance: {status: illustrative, note: {vi: "minh hoạ", en: "illustrative"}}, '
            'description: {vi: "tỉ lệ", en: "share"}}',
            '  share: {bound: min, value: 100%, provenance: {status: confirmed}, description: {vi: "tỉ lệ", en: "share"}}',
        )
        .replace(
            "    end: {month: 3, day: 31}\n    provenance: {status: illustrative",
            "    end: {month: 3, day: 31}\n    provenance: {status: confirmed",
        )
        .replace("  - id: C1\n", "  - id: C1\n    provenance: {status: confirmed, sources: [T1]}\n"),
        "base.yaml",
    )
    reg = PackRegistry([base])
    overlay = """# Illustrative test overlay (ví dụ minh hoạ)
schema: antq-rules/pack/v1
id: test.mini_weak
version: 0.1.0
extends: {pack: test.mini, version: 0.1.0}
kind: standard
title: {vi: "Thử", en: "Test"}
effective_from: 2022-02-10
instrument:
  number: 0/TINH
  type: {vi: Thử, en: Test}
  title: {vi: "Tỉnh", en: "Province"}
  issued: 2021-12-28
  issuer: {vi: Tỉnh, en: Province}
  effective_from: 2022-02-10
override:
  values.share:
    value: 100%
    citation: {article: 1, instrument: 0/TINH}
    provenance: {status: illustrative, note: {vi: "minh hoạ", en: "illustrative"}}
    reason: {vi: "thử", en: "test"}
"""
    with pytest.raises(PackError) as info:
        load_pack_text(overlay, "overlay.yaml", reg)
    msgs = [p.render("en") for p in info.value.problems]
    found = [m for m in msgs if "'C1'" in m]
    assert len(found) == 1, msgs
    msg = found[0]
    line = overlay.splitlines().index("  values.share:") + 1
    assert msg.startswith(f"overlay.yaml:{line}:"), msg
    assert "value 'share' (illustrative)" in msg
