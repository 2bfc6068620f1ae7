"""Loading packs: schema errors, dangling references, bad expressions, all reported together."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from antq_rules import EvaluationError, PackError, PackRegistry
from antq_rules.errors import Problem
from antq_rules.packs import Pack, load_pack, load_pack_text

Problems = Callable[[str], tuple[Problem, ...]]
Edit = Callable[..., str]
LineOf = Callable[[str, str], int]

C2_CHECK = 'check: "count_events(lists.L) == 0"'


def one(problems: tuple[Problem, ...]) -> Problem:
    assert len(problems) == 1, [p.render("en") for p in problems]
    return problems[0]


# -- a good pack -----------------------------------------------------------------------------------


def test_mini_pack_loads(mini_pack: Pack, mini_path: Path) -> None:
    assert mini_pack.id == "test.mini"
    assert mini_pack.version == "0.1.0"
    assert mini_pack.ref == "test.mini@0.1.0"
    assert mini_pack.file == str(mini_path)
    assert [c.id for c in mini_pack.criteria] == ["C1", "C2", "C3"]
    assert set(mini_pack.subjects) == {"kdc"}
    assert mini_pack.values["share"].value == Fraction(1)
    assert mini_pack.values["share"].unit == "percent"
    assert mini_pack.parameters["op"].default == "<="
    assert mini_pack.evaluation_window("kdc", 2026) == (date(2025, 11, 1), date(2026, 10, 31))
    assert mini_pack.windows["q1"].spec.for_year(2026) == (date(2026, 1, 1), date(2026, 3, 31))
    assert mini_pack.in_force(date(2022, 2, 10)) and not mini_pack.in_force(date(2022, 2, 9))


def test_content_hash_is_sha256_of_file_bytes(mini_pack: Pack, mini_path: Path, mini_text: str) -> None:
    expected = "sha256:" + hashlib.sha256(mini_path.read_bytes()).hexdigest()
    assert mini_pack.content_hash == expected
    # a change that does not change the meaning (a comment) still changes the hash
    other = load_pack_text(mini_text + "# comment\n", "other.yaml")
    assert other.content_hash != expected
    assert load_pack_text(mini_path.read_bytes(), "again.yaml").content_hash == expected


def test_extra_pack_loads(extra_pack: Pack) -> None:
    assert extra_pack.id == "test.extra"
    assert {c.id for c in extra_pack.criteria_by_subject["cq"]} == {"X6", "Y1", "Y2"}
    y2 = extra_pack.criteria_by_id["Y2"]
    assert y2.reused_from == "X6"
    assert y2.check.source == extra_pack.criteria_by_id["X6"].check.source
    assert extra_pack.values["min_share"].value == Fraction(7, 10)
    assert extra_pack.values["required_topics"].value == frozenset({"a", "b"})
    assert [e.point for e in extra_pack.event_lists["L"].entries] == ["a", "b", "đ"]


def test_load_pack_missing_file_is_a_pack_error(tmp_path: Path) -> None:
    with pytest.raises(PackError) as info:
        load_pack(tmp_path / "nope.yaml")
    (p,) = info.value.problems
    assert p.file == str(tmp_path / "nope.yaml")


# -- schema errors ---------------------------------------------------------------------------------


def test_unknown_top_level_key(mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf) -> None:
    text = edit(mini_text, ("kind: standard\n", "kind: standard\nbogus: 1\n"))
    p = one(pack_problems(text))
    assert (p.file, p.line, p.field) == ("broken.yaml", line_of(text, "bogus: 1"), "bogus")
    assert "unknown key 'bogus'" in p.message.en
    assert "bogus" in p.message.vi


def test_unknown_nested_key(mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf) -> None:
    text = edit(mini_text, (C2_CHECK, C2_CHECK.replace("check:", "chek:")))
    ps = pack_problems(text)
    chek = [p for p in ps if p.field == "criteria[1].chek"]
    assert chek and chek[0].line == line_of(text, "chek:")
    assert "unknown key 'chek'" in chek[0].message.en


def test_missing_required_field(mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf) -> None:
    text = edit(mini_text, ('    title: {vi: "Sự kiện", en: "Events"}\n', ""))
    p = one(pack_problems(text))
    assert p.field == "criteria[1].title"
    assert "missing required field 'title'" in p.message.en
    # the line is the criterion's own (the field is absent, so its parent is named)
    assert p.line == line_of(text, "- id: C2")


def test_wrong_type_and_bad_values(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(
        mini_text,
        ("version: 0.1.0", "version: one"),
        (
            "citation: {article: 4, clause: 3}\n    title",
            "citation: {article: 0, clause: 3}\n    title",
        ),
        ('T1: {title: "fixture", confidence: low}', 'T1: {title: "fixture", confidence: sure}'),
    )
    ps = pack_problems(text)
    fields = {p.field for p in ps}
    assert {"version", "criteria[1].citation.article", "sources.T1.confidence"} <= fields
    assert all(p.file == "broken.yaml" and p.line is not None for p in ps)


def test_several_schema_problems_are_all_reported(
    mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf
) -> None:
    text = edit(
        mini_text,
        ("kind: standard\n", "kind: standard\nbogus: 1\n"),
        ('    title: {vi: "Sự kiện", en: "Events"}\n', ""),
        (C2_CHECK, C2_CHECK + "\n    extra_field: 2"),
        ("confidence: low", "confidence: sure"),
    )
    ps = pack_problems(text)
    by_field = {p.field: p for p in ps}
    assert {
        "bogus",
        "criteria[1].title",
        "criteria[1].extra_field",
        "sources.T1.confidence",
    } <= set(by_field)
    assert by_field["bogus"].line == line_of(text, "bogus: 1")
    assert by_field["criteria[1].extra_field"].line == line_of(text, "extra_field: 2")
    assert all(p.file == "broken.yaml" for p in ps)
    assert len(ps) == len({(p.line, p.field, p.message) for p in ps})  # no repeats


def test_not_a_mapping(pack_problems: Problems) -> None:
    p = one(pack_problems("- a\n- b\n"))
    assert p.file == "broken.yaml"


def test_applies_when_needs_reason(mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf) -> None:
    text = edit(mini_text, (C2_CHECK, C2_CHECK + '\n    applies_when: "resident > 0"'))
    p = one(pack_problems(text))
    assert p.field == "criteria[1]"
    assert p.line == line_of(text, "- id: C2")
    assert "go together" in p.message.en


def test_interpretation_needs_a_note(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(
        mini_text,
        (
            'provenance: {status: interpretation, note: {vi: "diễn giải", en: "interpretation"}}',
            "provenance: {status: interpretation}",
        ),
    )
    p = one(pack_problems(text))
    assert p.field == "parameters.op.provenance"
    assert "needs a note" in p.message.en


# -- duplicate ids and dangling references ---------------------------------------------------------


def test_duplicate_criterion_id(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(mini_text, ("- id: C2", "- id: C1"))
    p = one(pack_problems(text))
    assert (p.file, p.field) == ("broken.yaml", "criteria[1].id")
    assert p.line == [i for i, ln in enumerate(text.splitlines(), 1) if ln.strip() == "- id: C1"][1]
    assert "duplicate criterion id 'C1'" in p.message.en


@pytest.mark.parametrize(
    ("old", "new", "field", "needle", "message"),
    [
        (
            "window: kdc_year",
            "window: no_such_window",
            "subjects[0].window",
            "window: no_such_window",
            "unknown window 'no_such_window'",
        ),
        (
            "subjects: [kdc]\n    citation: {article: 4, clause: 3}",
            "subjects: [kdc, xa]\n    citation: {article: 4, clause: 3}",
            "criteria[1].subjects[1]",
            "subjects: [kdc, xa]",
            "unknown subject 'xa'",
        ),
        (
            "share: {value: 100%, provenance: {status: illustrative,",
            "share: {value: 100%, provenance: {status: illustrative, sources: [T9],",
            "values.share.provenance.sources[0]",
            "sources: [T9]",
            "unknown source 'T9'",
        ),
        (
            "types: [crime]",
            "types: [crime, arson]",
            "event_lists.L.entries[0].types[1]",
            "types: [crime, arson]",
            "unknown event type 'arson'",
        ),
        (
            C2_CHECK,
            "same_check_as: C9",
            "criteria[1].same_check_as",
            "same_check_as: C9",
            "unknown criterion 'C9'",
        ),
        (
            "reg_date: {type: date, within: evaluation,",
            "reg_date: {type: date, within: q9,",
            "indicators.reg_date.within",
            "within: q9",
            "unknown window 'q9'",
        ),
        (
            "resident: {type: integer, unit: household,",
            "resident: {type: integer, unit: furlong_of_households,",
            "indicators.resident.unit",
            "furlong_of_households",
            "unknown unit",
        ),
    ],
    ids=["window", "subject", "source", "event-type", "same-check-target", "within-window", "unit"],
)
def test_dangling_reference(
    mini_text: str,
    edit: Edit,
    pack_problems: Problems,
    line_of: LineOf,
    old: str,
    new: str,
    field: str,
    needle: str,
    message: str,
) -> None:
    text = edit(mini_text, (old, new))
    p = one(pack_problems(text))
    assert (p.file, p.field) == ("broken.yaml", field)
    assert p.line == line_of(text, needle)
    assert message in p.message.en
    assert p.message.vi and p.message.vi != p.message.en


def test_chained_same_check_as(mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf) -> None:
    text = edit(
        mini_text,
        (C2_CHECK, "same_check_as: C1"),
        ("check: \"cmp(crimes, param.op, prev(crimes)) and rating >= 'mid'\"", "same_check_as: C2"),
    )
    p = one(pack_problems(text))
    assert p.field == "criteria[2].same_check_as"
    assert p.line == line_of(text, "same_check_as: C2")
    assert "re-uses another" in p.message.en


def test_self_reference_same_check_as(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(mini_text, (C2_CHECK, "same_check_as: C2"))
    p = one(pack_problems(text))
    assert p.field == "criteria[1].same_check_as"


def test_check_and_same_check_as_together(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(mini_text, (C2_CHECK, C2_CHECK + "\n    same_check_as: C1"))
    p = one(pack_problems(text))
    assert p.field == "criteria[1]"
    assert "exactly one of" in p.message.en


def test_subject_without_criteria(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(
        mini_text,
        (
            "subjects:\n  - id: kdc",
            "subjects:\n  - id: xa\n    name: {vi: Xã, en: Commune}\n"
            "    kinds: {xa: {vi: Xã, en: Commune}}\n"
            "    window: kdc_year\n    citation: {article: 1}\n  - id: kdc",
        ),
    )
    p = one(pack_problems(text))
    assert "subject 'xa' has no criteria" in p.message.en


def test_reserved_window_name(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(mini_text, ("  q1:\n    name: {vi: Quý I", "  evaluation:\n    name: {vi: Quý I"))
    ps = pack_problems(text)
    assert any(p.field == "windows.evaluation" and "reserved" in p.message.en for p in ps)


def test_indicator_not_declared_for_subject(extra_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(extra_text, ('check: "staff >= 1"', 'check: "staff >= 1 and households > 0"'))
    p = one(pack_problems(text))
    assert p.field == "criteria[6].subjects"
    assert "indicator 'households' is not declared for subject 'cq'" in p.message.en


# -- bad expressions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("nosuch > 1", "unknown indicator 'nosuch'"),
        ("foo(resident) > 1", "function not allowed: foo"),
        ("__import__('os').system('true') == 0", "function not allowed"),
        ("__import__('os') == 1", "function not allowed: __import__"),
        ("resident.real > 0", "unknown namespace 'resident'"),
        ("(1).real > 0", "attribute access not allowed"),
        ("law.share.__class__ == 1", "attribute access not allowed"),
        ("law.__class__ == 1", "unknown legal value 'law.__class__'"),
        ("(lambda: 1) == 1", "syntax not allowed: Lambda"),
        ("(lambda: True)()", "function not allowed"),
        ("[x for x in [1, 2]] == [1]", "syntax not allowed: ListComp"),
        ("count({x for x in ['a']}) == 1", "syntax not allowed: SetComp"),
        ("resident ** 2 > 4", "operator not allowed"),
        ("resident // 2 > 4", "operator not allowed"),
        ("resident % 2 == 0", "operator not allowed"),
        ("rating >= 'top'", "'top' is not a declared choice"),
        ("rating in ['low', 'top']", "'top' is not a declared choice"),
        ("resident + 1", "must give a bool, not a number"),
        ("reg_date", "must give a bool, not a date"),
        ("rating", "must give a bool"),
        ("law.nope > 1", "unknown legal value 'law.nope'"),
        ("cmp(crimes, param.nope, 1)", "unknown parameter 'param.nope'"),
        ("date_in(reg_date, window.q9)", "unknown window 'window.q9'"),
        ("count_events(lists.M) == 0", "unknown event list 'lists.M'"),
        ("count_events(lists.L, points=['z']) == 0", "has no point 'z'"),
        ("count_events(lists.L, since=1) == 0", "has no argument 'since'"),
        ("prev(resident) > 1", "not declared with previous_year"),
        ("cmp(crimes, 'x', 1)", "cmp()'s second argument"),
        ("ratio(resident) > 1", "takes 2 arguments"),
        ("resident > 1 if", "syntax error"),
        ("x := 1", "syntax error"),
        ("(x := 1) > 0", "syntax not allowed: NamedExpr"),
        ("resident[0] > 1", "syntax not allowed: Subscript"),
        ("resident == None", "None is not allowed"),
        ("f'{resident}' == '1'", "syntax not allowed: JoinedStr"),
    ],
)
def test_bad_expression(
    mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf, expr: str, message: str
) -> None:
    quoted = '"' + expr.replace('"', '\\"') + '"'
    text = edit(mini_text, (C2_CHECK, f"check: {quoted}"))
    p = one(pack_problems(text))
    assert (p.file, p.field) == ("broken.yaml", "criteria[1].check")
    assert p.line == line_of(text, f"check: {quoted}")
    assert message in p.message.en, p.message.en
    assert expr in p.message.en  # the expression itself is quoted in the message
    assert "biểu thức không hợp lệ" in p.message.vi


def test_bad_event_expression(mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf) -> None:
    text = edit(
        mini_text,
        ('excused_when: "force_majeure"', 'excused_when: "force_majeure or resident > 1"'),
    )
    p = one(pack_problems(text))
    assert p.field == "event_lists.L.entries[0].excused_when"
    assert p.line == line_of(text, "excused_when:")
    assert "unknown event field 'resident'" in p.message.en


def test_bad_constraint_and_exclusion_expressions(
    extra_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf
) -> None:
    text = edit(
        extra_text,
        ('when: "cq_is_armed"', 'when: "cq_is_armed and nosuch"'),
        (
            "values:\n",
            'constraints:\n  - id: c1\n    check: "staff >"\n    message: {vi: "x", en: "x"}\nvalues:\n',
        ),
    )
    ps = pack_problems(text)
    by_field = {p.field: p for p in ps}
    assert set(by_field) == {"exclusions[0].when", "constraints[0].check"}
    assert by_field["exclusions[0].when"].line == line_of(text, 'when: "cq_is_armed and nosuch"')
    assert "unknown indicator 'nosuch'" in by_field["exclusions[0].when"].message.en
    assert "syntax error" in by_field["constraints[0].check"].message.en


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("resident < 'abc'", "cannot compare a number value with a str value"),
        ("reg_date > 5", "cannot compare a date value with a number value"),
        ("rating == 5", "cannot compare"),
        ("resident + reg_date > 1", "arithmetic cannot be used with a date value"),
        ("count(resident) > 1", "count() cannot be used with a number value"),
        ("abs(rating) > 1", "abs() cannot be used with a enum value"),
        ("ratio(reg_date, resident) > 1", "ratio() cannot be used with a date value"),
        ("min(resident, rating) > 1", "min() cannot be used"),
        ("-rating == 'low'", "'-' cannot be used"),
        ("resident in 5", "right side of 'in' must be a set"),
        ("not resident", "'not' cannot be used with a number value"),
        ("resident and True", "'and'/'or' cannot be used with a number value"),
        ("rating or False", "'and'/'or' cannot be used with a enum value"),
        ("date_in(reg_date, window.q1) < True", "'<' cannot be used with a bool value"),
    ],
)
def test_type_mismatch_is_refused_at_load(
    mini_text: str, edit: Edit, pack_problems: Problems, expr: str, message: str
) -> None:
    # these once loaded fine and then crashed evaluation with TypeError (or were silently wrong)
    text = edit(mini_text, (C2_CHECK, f'check: "{expr}"'))
    p = one(pack_problems(text))
    assert p.field == "criteria[1].check"
    assert message in p.message.en, p.message.en


# -- all problems together -------------------------------------------------------------------------


def test_several_problems_are_all_reported_in_one_error(mini_text: str, edit: Edit, line_of: LineOf) -> None:
    text = edit(
        mini_text,
        ("window: kdc_year", "window: nowin"),
        (
            "share: {value: 100%, provenance: {status: illustrative,",
            "share: {value: 100%, provenance: {status: illustrative, sources: [T9],",
        ),
        ("types: [crime]", "types: [crime, arson]"),
        ('excused_when: "force_majeure"', 'excused_when: "nosuch_field"'),
        ("- id: C2", "- id: C1"),
        ("rating >= 'mid'", "rating >= 'top'"),
        ('check: "registered <= resident"', 'check: "registered <= residents"'),
    )
    with pytest.raises(PackError) as info:
        load_pack_text(text, "broken.yaml")
    ps = info.value.problems
    expected = {
        "subjects[0].window": ("window: nowin", "unknown window 'nowin'"),
        "values.share.provenance.sources[0]": ("sources: [T9]", "unknown source 'T9'"),
        "event_lists.L.entries[0].types[1]": (
            "types: [crime, arson]",
            "unknown event type 'arson'",
        ),
        "event_lists.L.entries[0].excused_when": (
            "nosuch_field",
            "unknown event field 'nosuch_field'",
        ),
        "criteria[1].id": (None, "duplicate criterion id 'C1'"),
        "criteria[2].check": ("rating >= 'top'", "'top' is not a declared choice"),
        "constraints[0].check": ("registered <= residents", "unknown indicator 'residents'"),
    }
    by_field = {p.field: p for p in ps}
    assert set(by_field) == set(expected), [p.render("en") for p in ps]
    assert len(ps) == len(expected)
    for field, (needle, message) in expected.items():
        p = by_field[field]
        assert p.file == "broken.yaml"
        assert p.line is not None
        if needle is not None:
            assert p.line == line_of(text, needle), field
        assert message in p.message.en
    rendered = info.value.render("vi")
    assert f"({len(expected)})" in rendered.splitlines()[0]
    for p in ps:
        assert f"broken.yaml:{p.line}" in rendered
    d = info.value.to_dict()
    assert d["error"] == "PackError"
    assert len(d["problems"]) == len(expected)
    assert all({"file", "line", "field", "message"} <= set(x) for x in d["problems"])


def test_schema_and_reference_problems_are_reported_together(
    mini_text: str, edit: Edit, pack_problems: Problems
) -> None:
    text = edit(
        mini_text,
        ("kind: standard\n", "kind: standard\nbogus: 1\n"),
        ("window: kdc_year", "window: nowin"),
        (C2_CHECK, 'check: "nosuch > 1"'),
    )
    fields = {p.field for p in pack_problems(text)}
    assert {"bogus", "subjects[0].window", "criteria[1].check"} <= fields


# -- windows and dates -----------------------------------------------------------------------------


def test_window_ending_before_start(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(
        mini_text,
        (
            "start: {month: 1, day: 1}\n    end: {month: 3, day: 31}",
            "start: {month: 4, day: 1}\n    end: {month: 3, day: 31}",
        ),
    )
    p = one(pack_problems(text))
    assert p.field == "windows.q1"
    assert "ends before it starts" in p.message.en


def test_impossible_day_in_window(mini_text: str, edit: Edit, pack_problems: Problems) -> None:
    text = edit(mini_text, ("end: {month: 3, day: 31}", "end: {month: 4, day: 31}"))
    p = one(pack_problems(text))
    assert p.field is not None and p.field.startswith("windows.q1.end")


def test_window_on_29_february_is_refused(mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf) -> None:
    # 29/02 does not exist every year: a window ending on it would crash non-leap evaluation years
    text = edit(mini_text, ("end: {month: 3, day: 31}", "end: {month: 2, day: 29}"))
    p = one(pack_problems(text))
    assert p.field is not None and p.field.startswith("windows.q1.end")
    assert p.line == line_of(text, "end: {month: 2, day: 29}")
    assert "29/02" in p.message.en


def test_impossible_date_in_pack(mini_text: str, edit: Edit, pack_problems: Problems, line_of: LineOf) -> None:
    text = edit(mini_text, ("issued: 2021-12-28", "issued: 2021-02-30"))
    p = one(pack_problems(text))
    assert p.field == "instrument.issued"
    assert p.line == line_of(text, "issued: 2021-02-30")


# -- registry --------------------------------------------------------------------------------------


def test_registry_picks_the_version_in_force(mini_text: str, edit: Edit) -> None:
    v1 = load_pack_text(mini_text, "v1.yaml")
    v2 = load_pack_text(
        edit(
            mini_text,
            ("version: 0.1.0", "version: 0.2.0"),
            ("effective_from: 2022-02-10\ninstrument", "effective_from: 2026-01-01\ninstrument"),
        ),
        "v2.yaml",
    )
    reg = PackRegistry([v2, v1])
    assert reg.ids() == ["test.mini"]
    assert reg.get("test.mini").version == "0.2.0"
    assert reg.get("test.mini", on=date(2025, 6, 1)).version == "0.1.0"
    assert reg.get("test.mini", on=date(2026, 6, 1)).version == "0.2.0"
    assert reg.get("test.mini", "0.1.0") is v1
    with pytest.raises(EvaluationError):
        reg.get("test.mini", on=date(2020, 1, 1))
    with pytest.raises(EvaluationError):
        reg.get("test.nope")
    with pytest.raises(PackError):
        reg.add(load_pack_text(mini_text, "dup.yaml"))
