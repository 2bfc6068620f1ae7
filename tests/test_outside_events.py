"""Events outside the evaluation window: accepted, shown as not counted, never an error, never dropped.

Uses the illustrative fixture pack ``test.mini`` (window 01/11/Y-1 – 31/10/Y; not law).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antq_rules import InputError, evaluate, render_text
from antq_rules.cli._commands import table_lines
from antq_rules.inputs import OutsideEvent, UnitRef, validate_input
from antq_rules.inputs._validate import _plan, _quick
from antq_rules.packs import Pack
from antq_rules.results import Result

KDC = UnitRef("U1", "kdc", "thon")
WINDOW = (date(2025, 11, 1), date(2026, 10, 31))


def crime(day: Any, **fields: Any) -> dict[str, Any]:
    return {"type": "crime", "date": day, **fields}


def test_events_outside_the_window_are_kept_apart(mini_pack: Pack, mini_good: dict[str, Any]) -> None:
    events = [
        crime("2025-10-31", id="A"),  # the day before the window
        crime("2026-05-01", id="B"),
        crime(date(2026, 11, 1), id="C"),  # the day after
        crime("15/03/2024"),
    ]
    v = validate_input(mini_pack, KDC, 2026, mini_good, {"crimes": 3}, events)
    assert [(e.position, e.id) for e in v.events] == [(1, "B")]
    assert v.outside_events == (
        OutsideEvent(0, "A", "crime", date(2025, 10, 31)),
        OutsideEvent(2, "C", "crime", date(2026, 11, 1)),
        OutsideEvent(3, None, "crime", date(2024, 3, 15)),
    )


def test_outside_events_are_not_counted(mini_pack: Pack, mini_good: dict[str, Any]) -> None:
    r = evaluate(mini_pack, KDC, 2026, mini_good, {"crimes": 3}, [crime("2025-10-31"), crime("2026-11-01")])
    assert r.outcome == "pass"
    c2 = r.criterion("C2")
    assert c2.status == "met" and c2.events == ()
    assert [e.date for e in r.outside_events] == [date(2025, 10, 31), date(2026, 11, 1)]

    inside = evaluate(mini_pack, KDC, 2026, mini_good, {"crimes": 3}, [crime("2026-10-31")])
    assert inside.outcome == "fail" and inside.outside_events == ()


def test_a_whole_year_incident_log_can_be_passed_as_it_is(mini_pack: Pack, mini_good: dict[str, Any]) -> None:
    """A host's log for calendar year 2026 (pandas, as read from a sheet): Nov–Dec fall outside."""
    log = pd.DataFrame(
        {
            "type": ["crime"] * 4,
            "date": pd.to_datetime(["2026-01-10", "2026-06-01", "2026-11-05", "2026-12-31"]),
            "id": ["V1", "V2", "V3", "V4"],
            "force_majeure": [True, True, False, False],
        }
    )
    r = evaluate(mini_pack, KDC, 2026, mini_good, {"crimes": 3}, log.to_dict("records"))
    assert r.criterion("C2").status == "met"  # the two inside are excused; the two outside not counted
    assert [(e.position, e.id) for e in r.outside_events] == [(2, "V3"), (3, "V4")]
    assert {e.id for e in r.criterion("C2").events} == {"V1", "V2"}


def test_outside_events_are_still_checked(mini_pack: Pack, mini_good: dict[str, Any]) -> None:
    with pytest.raises(InputError) as info:
        evaluate(
            mini_pack,
            KDC,
            2026,
            mini_good,
            None,
            [
                crime("2024-01-01", colour="red"),
                crime("2024-01-01", force_majeure="maybe"),
                {"type": "arson", "date": "2024-01-01"},
                crime("2024-02-30"),
                crime("1899-12-31"),
                crime(date(2201, 1, 1)),
            ],
        )
    got = {p.field: p.message for p in info.value.problems}
    assert set(got) == {
        "events[0].colour",
        "events[1].force_majeure",
        "events[2].type",
        "events[3].date",
        "events[4].date",
        "events[5].date",
    }
    assert "not plausible" in got["events[4].date"].en and "1900" in got["events[4].date"].en
    assert "không hợp lý" in got["events[5].date"].vi


def test_the_quick_path_hands_outside_events_to_the_full_validator(mini_pack: Pack, mini_good: dict[str, Any]) -> None:
    plain = {**mini_good, "reg_date": date(2026, 2, 1)}  # what the quick path takes as it is
    events = [crime(date(2026, 5, 1)), crime(date(2026, 12, 1))]
    plan = _plan(mini_pack)
    assert _quick(mini_pack, plan, KDC, 2026, plain, None, events, None, None) is None
    full = validate_input(mini_pack, KDC, 2026, plain, None, events)
    assert len(full.events) == 1 and len(full.outside_events) == 1
    inside_only = [crime(date(2026, 5, 1))]
    quick = _quick(mini_pack, plan, KDC, 2026, plain, None, inside_only, None, None)
    assert quick is not None and quick.outside_events == ()
    assert quick == validate_input(mini_pack, KDC, 2026, plain, None, inside_only)


# -- JSON, text, CLI table -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result(mini_pack: Pack, mini_good: dict[str, Any]) -> Result:
    return evaluate(
        mini_pack,
        {"id": "U1", "subject": "kdc", "kind": "thon", "name": "Thôn Thử"},
        2026,
        mini_good,
        {"crimes": 3},
        [crime("2026-05-01", id="IN", force_majeure=True), crime("2026-12-24", id="XMAS"), crime("2025-01-02")],
    )


def test_json_lists_outside_events_with_the_note(result: Result) -> None:
    d = json.loads(result.to_json())
    assert d["outside_events"] == [
        {
            "index": 1,
            "id": "XMAS",
            "type": "crime",
            "date": "2026-12-24",
            "note": {"vi": "ngoài kỳ đánh giá — không tính", "en": "outside the evaluation period — not counted"},
        },
        {
            "index": 2,
            "id": None,
            "type": "crime",
            "date": "2025-01-02",
            "note": {"vi": "ngoài kỳ đánh giá — không tính", "en": "outside the evaluation period — not counted"},
        },
    ]
    assert Result.from_dict(d) == result


def test_json_without_the_list_reads_as_none(result: Result) -> None:
    d = result.to_dict()
    del d["outside_events"]
    assert Result.from_dict(d).outside_events == ()


@pytest.mark.parametrize(
    ("lang", "heading", "line"),
    [
        (
            "vi",
            "Sự kiện ngoài kỳ đánh giá — không tính (2):",
            "  #1 XMAS: crime 24/12/2026 — ngoài kỳ đánh giá — không tính",
        ),
        (
            "en",
            "Events outside the evaluation period — not counted (2):",
            "  #1 XMAS: crime 2026-12-24 — outside the evaluation period — not counted",
        ),
    ],
)
def test_text_and_cli_table_show_outside_events(result: Result, lang: Any, heading: str, line: str) -> None:
    for lines in (render_text(result, lang).splitlines(), table_lines(result, lang)):
        assert heading in lines
        at = lines.index(heading)
        assert lines[at + 1] == line
        assert lines[at + 2].startswith("  #2: crime ")


def test_no_section_without_outside_events(mini_pack: Pack, mini_good: dict[str, Any]) -> None:
    r = evaluate(mini_pack, KDC, 2026, mini_good, {"crimes": 3})
    assert "ngoài kỳ đánh giá" not in render_text(r)
    assert "outside the evaluation period" not in "\n".join(table_lines(r, "en"))
    assert r.to_dict()["outside_events"] == []


# -- properties ------------------------------------------------------------------------------------------------

_DAYS = st.dates(min_value=date(2024, 6, 1), max_value=date(2027, 6, 30))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {"type": st.just("crime"), "date": _DAYS}, optional={"force_majeure": st.booleans(), "id": st.just("E")}
        ),
        max_size=8,
    )
)
def test_property_outside_events_change_nothing_but_their_list(
    mini_pack: Pack, mini_good: dict[str, Any], events: list[dict[str, Any]]
) -> None:
    """Every event is either counted-or-excused inside, or listed outside; none is dropped, and the
    outcome is the one of the inside events alone. The result round-trips through JSON."""
    r = evaluate(mini_pack, KDC, 2026, mini_good, {"crimes": 3}, events)
    inside = [e for e in events if WINDOW[0] <= e["date"] <= WINDOW[1]]
    alone = evaluate(mini_pack, KDC, 2026, mini_good, {"crimes": 3}, inside)
    assert r.outcome == alone.outcome
    assert [c.status for c in r.criteria] == [c.status for c in alone.criteria]
    seen_inside = {e.position for e in r.criterion("C2").events}
    seen_outside = {e.position for e in r.outside_events}
    assert seen_inside.isdisjoint(seen_outside)
    assert seen_inside | seen_outside == set(range(len(events)))
    assert all(not WINDOW[0] <= e.date <= WINDOW[1] for e in r.outside_events)
    assert Result.from_dict(json.loads(r.to_json())) == r


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=400), st.sampled_from(["before", "after"]))
def test_property_any_day_outside_is_accepted(mini_pack: Pack, mini_good: dict[str, Any], days: int, side: str) -> None:
    day = WINDOW[0] - timedelta(days=days) if side == "before" else WINDOW[1] + timedelta(days=days)
    v = validate_input(mini_pack, KDC, 2026, mini_good, None, [crime(day.strftime("%d/%m/%Y"))])
    assert v.events == () and v.outside_events == (OutsideEvent(0, None, "crime", day),)
