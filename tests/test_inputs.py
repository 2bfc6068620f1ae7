"""Input validation: every problem is found, named by its field path, and evaluation never runs."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import antq_rules.engine._evaluate as engine_module
from antq_rules import InputError, evaluate, evaluate_file
from antq_rules.inputs import UnitRef, read_input_file, validate_input
from antq_rules.packs import Pack

GOOD = {"resident": 10, "registered": 10, "reg_date": "2026-02-01", "crimes": 2, "rating": "mid"}
KDC = {"id": "U1", "subject": "kdc", "kind": "thon"}


def problems_of(pack: Pack, unit: dict[str, Any] | None = None, **kw: Any) -> dict[str, str]:
    """field -> English message, for an input that must be refused."""
    args: dict[str, Any] = {
        "indicators": GOOD,
        "previous_year": {"crimes": 3},
        "events": (),
        "parameters": None,
    }
    args.update(kw)
    with pytest.raises(InputError) as info:
        evaluate(
            pack,
            unit or KDC,
            args.pop("year", 2026),
            args["indicators"],
            args["previous_year"],
            args["events"],
            args["parameters"],
        )
    out: dict[str, str] = {}
    for p in info.value.problems:
        assert p.field, p
        assert p.message.vi and p.message.en
        out.setdefault(p.field, p.message.en)
    return out


@pytest.mark.parametrize(
    ("indicators", "field", "message"),
    [
        ({**GOOD, "bogus": 1}, "indicators.bogus", "unknown indicator 'bogus'"),
        ({**GOOD, "resident": True}, "indicators.resident", "not true/false"),
        ({**GOOD, "resident": "many"}, "indicators.resident", "wrong unit"),
        ({**GOOD, "resident": [1]}, "indicators.resident", "expected a number"),
        ({**GOOD, "resident": 10.5}, "indicators.resident", "whole number"),
        ({**GOOD, "resident": -1, "registered": 0}, "indicators.resident", "below the minimum 0"),
        ({**GOOD, "crimes": -3}, "indicators.crimes", "below the minimum"),
        ({**GOOD, "rating": "top"}, "indicators.rating", "not one of (low, mid, high)"),
        ({**GOOD, "rating": 2}, "indicators.rating", "not one of"),
        ({**GOOD, "reg_date": "yesterday"}, "indicators.reg_date", "invalid date"),
        ({**GOOD, "reg_date": "2026-02-30"}, "indicators.reg_date", "invalid date"),
        ({**GOOD, "reg_date": 20260201}, "indicators.reg_date", "expected a date"),
        (
            {**GOOD, "reg_date": "2027-01-01"},
            "indicators.reg_date",
            "outside the evaluation window",
        ),
        ({**GOOD, "reg_date": "2025-10-31"}, "indicators.reg_date", "2025-11-01"),
        (
            {**GOOD, "registered": 11},
            "indicators.registered",
            "more registered than resident households",
        ),
    ],
)
def test_one_bad_indicator(mini_pack: Pack, indicators: dict[str, Any], field: str, message: str) -> None:
    got = problems_of(mini_pack, indicators=indicators)
    assert list(got) == [field], got
    assert message in got[field]


def test_constraint_message_shows_values_and_constraint(mini_pack: Pack) -> None:
    got = problems_of(mini_pack, indicators={**GOOD, "registered": 12})
    msg = got["indicators.registered"]
    assert "registered = 12" in msg and "resident = 10" in msg
    assert "reg_le_res" in msg


def test_constraint_is_skipped_when_a_value_is_missing(mini_pack: Pack) -> None:
    r = evaluate(mini_pack, KDC, 2026, {"registered": 11})
    assert r.criterion("C1").status == "undetermined"


def test_window_boundaries_are_inclusive_for_dates(mini_pack: Pack) -> None:
    for d in ("2025-11-01", "2026-10-31"):
        r = evaluate(mini_pack, KDC, 2026, {**GOOD, "reg_date": d})
        assert r.criterion("C1").status == "not_met"  # valid input, just not in Q1


@pytest.mark.parametrize(
    ("unit", "field", "message"),
    [
        (
            {"id": "U1", "subject": "kdc", "kind": "phuong"},
            "unit.kind",
            "kind 'phuong' is not a kind of subject 'kdc'",
        ),
        ({"id": "U1", "subject": "xa", "kind": "thon"}, "unit.subject", "unknown subject 'xa'"),
    ],
)
def test_unknown_subject_or_kind(mini_pack: Pack, unit: dict[str, Any], field: str, message: str) -> None:
    got = problems_of(mini_pack, unit)
    assert field in got
    assert message in got[field]


@pytest.mark.parametrize(
    ("parameters", "field", "message"),
    [
        ({"bogus": "<"}, "parameters.bogus", "unknown parameter 'bogus'"),
        ({"op": ">"}, "parameters.op", "not allowed"),
        ({"op": 1}, "parameters.op", "not allowed"),
    ],
)
def test_bad_parameters(mini_pack: Pack, parameters: dict[str, Any], field: str, message: str) -> None:
    got = problems_of(mini_pack, parameters=parameters)
    assert list(got) == [field]
    assert message in got[field]


def test_boolean_parameter(extra_pack: Pack) -> None:
    got = problems_of(extra_pack, indicators={}, previous_year={}, parameters={"strict": "yes"})
    assert "parameters.strict" in got
    r = evaluate(extra_pack, KDC, 2026, {"opt": 9}, parameters={"strict": True})
    assert r.criterion("X6").status == "met"  # cmp(9, '<=', 5) or param.strict
    assert evaluate(extra_pack, KDC, 2026, {"opt": 9}).criterion("X6").status == "not_met"


@pytest.mark.parametrize(
    ("events", "field", "message"),
    [
        ([{"type": "arson", "date": "2026-05-01"}], "events[0].type", "unknown event type 'arson'"),
        ([{"date": "2026-05-01"}], "events[0].type", "unknown event type None"),
        (
            [{"type": "crime", "date": "2026-05-01", "colour": "red"}],
            "events[0].colour",
            "has no field 'colour'",
        ),
        (
            [{"type": "crime", "date": "2026-05-01", "force_majeure": "maybe"}],
            "events[0].force_majeure",
            "expected true or false",
        ),
        ([{"type": "crime"}], "events[0].date", "no date"),
        ([{"type": "crime", "date": "1899-12-31"}], "events[0].date", "not plausible"),
        ([{"type": "crime", "date": "soon"}], "events[0].date", "invalid date"),
        (["crime"], "events[0]", "each event is a mapping"),
    ],
)
def test_bad_events(mini_pack: Pack, events: list[Any], field: str, message: str) -> None:
    got = problems_of(mini_pack, events=events)
    assert list(got) == [field], got
    assert message in got[field]


def test_previous_year_only_for_declared_indicators(mini_pack: Pack) -> None:
    got = problems_of(mini_pack, previous_year={"resident": 3, "crimes": -1})
    assert "is not an indicator with a previous-year value" in got["previous_year.resident"]
    assert "below the minimum" in got["previous_year.crimes"]


def test_year_outside_the_pack(mini_pack: Pack) -> None:
    got = problems_of(mini_pack, year=2021)
    assert "year" in got
    assert "not in force" in got["year"]


def test_several_problems_at_once_and_evaluation_does_not_run(mini_pack: Pack, monkeypatch: pytest.MonkeyPatch) -> None:
    def must_not_run(*a: Any, **k: Any) -> Any:  # pragma: no cover - would mean evaluation ran
        raise AssertionError("evaluation ran on invalid input")

    monkeypatch.setattr(engine_module, "evaluate_validated", must_not_run)
    with pytest.raises(InputError) as info:
        evaluate(
            mini_pack,
            {"id": "U1", "subject": "kdc", "kind": "phuong"},
            2026,
            {
                "bogus": 1,
                "resident": 5,
                "registered": 9,
                "reg_date": "2027-01-01",
                "crimes": -1,
                "rating": "top",
            },
            {"crimes": "x"},
            [
                {"type": "arson", "date": "2026-05-01"},
                {"type": "crime", "date": "2026-05-01", "colour": "red"},
                {"type": "crime", "date": "2230-01-01"},  # an event outside the period is fine; this year is not
            ],
            {"op": ">", "nope": 1},
        )
    fields = [p.field for p in info.value.problems]
    expected = {
        "unit.kind",
        "indicators.bogus",
        "indicators.reg_date",
        "indicators.crimes",
        "indicators.rating",
        "indicators.registered",  # registered 9 > resident 5
        "previous_year.crimes",
        "events[0].type",
        "events[1].colour",
        "events[2].date",
        "parameters.op",
        "parameters.nope",
    }
    assert set(fields) == expected
    assert len(fields) == len(expected)
    text = info.value.render("en")
    assert f"({len(expected)})" in text.splitlines()[0]
    for f in expected:
        assert f in text
    vi = info.value.render("vi")
    assert vi.splitlines()[0].startswith("Dữ liệu đầu vào không hợp lệ")
    d = info.value.to_dict()
    assert d["error"] == "InputError" and len(d["problems"]) == len(expected)


# -- accepted input is normalised exactly ----------------------------------------------------------


def test_validated_input_is_exact_and_normalised(extra_pack: Pack) -> None:
    v = validate_input(
        extra_pack,
        UnitRef("U1", "kdc", "thon"),
        2026,
        {"avg": Decimal("2.50"), "share_ratio": "12.5 %", "topics": ["b", "a"], "colour": None},
        events=[{"type": "crime", "date": date(2026, 5, 1), "severity": "light", "id": 7}],
        parameters={"op": "<"},
    )
    assert v.values["avg"] == Fraction(5, 2) and type(v.values["avg"]) is Fraction
    assert v.values["share_ratio"] == Fraction(1, 8)
    assert v.values["topics"] == frozenset({"a", "b"})
    assert "colour" not in v.values  # an explicit null is the same as not sending it
    assert v.values["opt"] == 0 and v.defaults_used == ("opt",)
    assert v.window == (date(2025, 11, 1), date(2026, 10, 31))
    (ev,) = v.events
    assert (ev.type, ev.date, ev.id) == ("crime", date(2026, 5, 1), "7")
    assert ev.fields == {"severity": "light", "force_majeure": False}  # default filled in
    assert v.parameters == {"op": "<", "strict": False}
    assert v.chosen_parameters == frozenset({"op"})


def test_float_input_is_read_exactly(extra_pack: Pack) -> None:
    v = validate_input(extra_pack, UnitRef("U1", "kdc", "thon"), 2026, {"avg": 0.1})
    assert v.values["avg"] == Fraction(1, 10)


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), Decimal("NaN"), Decimal("-Infinity")], ids=repr)
def test_non_finite_numbers_are_input_errors(extra_pack: Pack, bad: Any) -> None:
    with pytest.raises(InputError) as info:
        evaluate(extra_pack, KDC, 2026, {"avg": bad})
    assert info.value.problems[0].field == "indicators.avg"


@pytest.mark.parametrize(
    ("raw", "message"),
    [(["a", "a"], "repeats"), (["a", "q"], "not among the choices"), (7, "expected a list"), ("a;q", "q")],
)
def test_set_indicator_problems(extra_pack: Pack, raw: Any, message: str) -> None:
    got = problems_of(extra_pack, indicators={"topics": raw}, previous_year={})
    assert message in got["indicators.topics"]


def test_indicator_of_another_subject(extra_pack: Pack) -> None:
    got = problems_of(extra_pack, indicators={"staff": 3}, previous_year={})
    assert "does not apply to subject 'kdc'" in got["indicators.staff"]


# -- input files: errors name the file and the line ------------------------------------------------

INPUT_YAML = """\
schema: antq-rules/input/v1
pack: test.mini
year: 2026
unit: {id: U1, subject: kdc, kind: thon}
indicators:
  resident: 10
  registered: 12
  bogus: 1
  reg_date: 2026-02-01
events:
  - {type: crime, date: 2026-05-02, colour: red}
parameters:
  op: ">"
"""


def test_input_file_problems_name_file_and_line(tmp_path: Path, mini_pack: Pack) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text(INPUT_YAML, encoding="utf-8")
    with pytest.raises(InputError) as info:
        evaluate_file(path, mini_pack)
    by_field = {p.field: p for p in info.value.problems}
    lines = {f: by_field[f].line for f in by_field}
    assert lines == {
        "indicators.registered": 7,
        "indicators.bogus": 8,
        "events[0].colour": 11,
        "parameters.op": 13,
    }
    assert all(p.file == str(path) for p in info.value.problems)
    assert f"{path}:8" in info.value.render("en")


def test_input_file_evaluates(tmp_path: Path, mini_pack: Pack) -> None:
    path = tmp_path / "unit.yaml"
    text = INPUT_YAML.replace("  registered: 12\n  bogus: 1\n", "  registered: 10\n").replace(", colour: red", "")
    path.write_text(text.replace('  op: ">"', '  op: "<"'), encoding="utf-8")
    r = evaluate_file(path, mini_pack)
    assert r.unit.id == "U1" and r.year == 2026
    assert r.criterion("C2").status == "not_met"
    assert {p.name: p.is_default for p in r.parameters} == {"op": False}


def test_input_envelope_problems(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text("year: 1800\nunit: {id: U1}\nextra: 1\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_input_file(path)
    fields = {p.field for p in info.value.problems}
    assert {"year", "unit.subject", "extra"} <= fields
    assert all(p.line is not None for p in info.value.problems)


def test_input_json_file(tmp_path: Path, mini_pack: Pack) -> None:
    path = tmp_path / "unit.json"
    path.write_text(
        json.dumps({"year": 2026, "unit": KDC, "indicators": {"resident": 10, "registered": 10}}),
        encoding="utf-8",
    )
    r = evaluate_file(path, mini_pack)
    assert r.criterion("C1").status == "undetermined"
    bad = tmp_path / "bad.json"
    bad.write_text("{year: 2026", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_input_file(bad)
    assert info.value.problems[0].file == str(bad)
    assert "JSON" in info.value.problems[0].message.en


def test_input_file_with_anchor_or_tag_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "unit.yaml"
    path.write_text("year: 2026\nunit: !!python/object:os.system {id: U1, subject: kdc}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_input_file(path)
    (p,) = info.value.problems
    assert (p.file, p.line) == (str(path), 2)
    assert "tag not allowed" in p.message.en
