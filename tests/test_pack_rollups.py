"""The pack format's roll-up declarations and indicator labels: what the checker accepts and refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from antq_rules.errors import PackError
from antq_rules.packs import load_pack_text

MINI = (Path(__file__).parent / "fixtures" / "mini.yaml").read_text(encoding="utf-8")


def _with(extra: str, replace: tuple[str, str] | None = None) -> str:
    text = MINI if replace is None else MINI.replace(*replace)
    return text + "\n" + extra


def _problems(text: str) -> list[str]:
    with pytest.raises(PackError) as info:
        load_pack_text(text, "t.yaml")
    return [f"{p.field}: {p.message.en}" for p in info.value.problems]


def test_mini_fixture_loads() -> None:
    assert load_pack_text(MINI, "t.yaml").rollups == ()


def test_label_that_repeats_another_indicators_label_or_code_is_refused() -> None:
    text = MINI.replace(
        "registered: {type: integer, unit: household, min: 0, description",
        'registered: {type: integer, unit: household, min: 0, label: {vi: "Resident", en: "Registered"}, description',
    )
    problems = _problems(text)
    assert any("indicators.registered.label.vi" in p and "'resident'" in p for p in problems)


@pytest.mark.parametrize(
    ("rollup", "expected"),
    [
        ("nope: {subject: S, members: [S], count: in_scope, description: {vi: a, en: a}}", "no indicator 'nope'"),
        ("reg_date: {subject: S, members: [S], count: in_scope, description: {vi: a, en: a}}", "must be an integer"),
        ("resident: {subject: zz, members: [S], count: in_scope, description: {vi: a, en: a}}", "unknown subject 'zz'"),
        ("resident: {subject: S, members: [S], count: in_scope, description: {vi: a, en: a}}", "its own member"),
        (
            "resident: {subject: S, members: [S], count: {outcome: [great]}, description: {vi: a, en: a}}",
            "unknown outcome 'great'",
        ),
        (
            "resident: {subject: S, members: [S], count: {indicator: rating, equals: 7}, description: {vi: a, en: a}}",
            "'equals' must be",
        ),
        (
            "resident: {subject: S, members: [S], count: {outcome: [pass], indicator: rating}, description: {vi: a, en: a}}",
            "exactly one",
        ),
    ],
)
def test_bad_rollups_are_refused_with_their_field(rollup: str, expected: str) -> None:
    subject = load_pack_text(MINI, "t.yaml").subjects
    first = next(iter(subject))
    problems = _problems(
        _with("rollups:\n  " + rollup.replace("subject: S", f"subject: {first}").replace("[S]", f"[{first}]"))
    )
    assert any(expected in p and p.startswith("rollups") for p in problems), problems
