"""The live watcher (issue 12): alerts as incidents are reported, rules generated from the pack, both
backends giving the same alerts, and every 'lost' alert agreeing with a fresh evaluation.

Units and incidents here are illustrative (made up for the tests); the rules, lists, excuses, windows,
shares and deadlines come from the shipped TT 124 pack and the illustrative Tỉnh Mẫu overlay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import antq_rules
from antq_rules import evaluate, load_pack
from antq_rules.watch import Watcher, durable_available, watch_rules

ROOT = Path(__file__).resolve().parents[1]
PACK = antq_rules.shipped_pack("vn.bca.tt124")
YEAR = 2026
BACKENDS = ["plain", pytest.param("durable", marks=pytest.mark.skipif(not durable_available(), reason="no live extra"))]
needs_durable = pytest.mark.skipif(not durable_available(), reason="durable_rules (the live extra) is not installed")

CRIME_UNKNOWN = {  # an illustrative serious crime whose last excuse condition is not known yet
    "type": "crime",
    "date": "2026-03-02",
    "severity": "nghiem_trong",
    "detected_promptly": True,
    "mitigation_applied": True,
    "reported_immediately": None,
}


def _commune(n: int = 4, registered: bool = True) -> list[dict[str, Any]]:
    units: list[dict[str, Any]] = [{"id": "X1", "subject": "xa", "kind": "xa"}]
    for i in range(n):
        units.append(
            {
                "id": f"T{i}",
                "subject": "kdc",
                "kind": "thon",
                "member_of": "X1",
                "indicators": {"registration_submitted": registered},
            }
        )
    return units


# -- the rules are the pack's ------------------------------------------------------------------------


def test_rules_are_generated_from_the_pack_declarations() -> None:
    rules = watch_rules(PACK, YEAR)
    crime = rules.routes[("kdc", "crime")]
    assert "TT124.KDC.4b" in crime.criteria
    assert ("D4_K4", "b") in crime.points
    # the fields the entry's filters read: severity (where) and every excuse condition (excused_when)
    assert set(crime.fields) == {
        "severity",
        "force_majeure",
        "detected_promptly",
        "mitigation_applied",
        "reported_immediately",
    }
    assert rules.routes[("kdc", "fire_explosion_serious")].fields == ("force_majeure",)
    # an event type no list of the subject takes has no route (it can change no criterion)
    assert ("kdc", "illegal_strike") not in rules.routes
    assert ("dn", "illegal_strike") in rules.routes
    assert rules.windows["kdc"] == antq_rules.calendar_for(PACK, YEAR, "kdc").window
    assert "TT124.XA.4b" in rules.shares["xa"].criteria
    assert ("registration_submitted", True) in [(i, e) for i, e, _ in rules.registration]
    assert {d.id for d in rules.deadlines} == {
        e.id for s in PACK.subjects for e in antq_rules.calendar_for(PACK, YEAR, s).entries
    }


def test_an_overlay_changes_the_rules_as_it_changes_evaluation() -> None:
    overlay = load_pack(ROOT / "packs" / "examples" / "tinh-mau-tt124.yaml")
    national, province = watch_rules(PACK, YEAR), watch_rules(overlay, YEAR)
    assert "TM.TT124.XA.RECOGNISED" in province.shares["xa"].criteria
    assert "TM.TT124.XA.RECOGNISED" not in national.shares["xa"].criteria


@pytest.mark.parametrize("backend", BACKENDS)
def test_overlay_share_threatened_where_the_nation_is_not(backend: str) -> None:
    """Illustrative: 1 of 4 residential areas lost → 75 %: national 70 % still reachable, Tỉnh Mẫu's 80 % not."""
    overlay = load_pack(ROOT / "packs" / "examples" / "tinh-mau-tt124.yaml")
    fire = {"unit": "T0", "id": "F1", "type": "fire_explosion_serious", "date": "2026-02-01"}
    with Watcher(PACK, _commune(), YEAR, backend=backend) as w:
        kinds = [a.kind for a in w.feed(dict(fire)).alerts]
        assert kinds == ["lost"]
    with Watcher(overlay, _commune(), YEAR, backend=backend) as w:
        alerts = w.feed(dict(fire)).alerts
        assert [a.kind for a in alerts] == ["lost", "share_threatened"]
        share = alerts[1]
        assert share.unit == "X1" and share.units == ("T0",)
        # only the criterion that is not met is cited: the province's 80 %, not the national 70 %
        assert [cid for cid, _ in share.citations] == ["TM.TT124.XA.RECOGNISED"]


# -- alerts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_at_risk_then_lost_or_saved_by_an_update(backend: str) -> None:
    with Watcher(PACK, _commune(), YEAR, backend=backend) as w:
        assert w.start_alerts == ()
        step = w.feed({"unit": "T1", "id": "E1", **CRIME_UNKNOWN})
        (alert,) = step.alerts
        assert alert.kind == "at_risk" and alert.unit == "T1"
        assert alert.citations[0][0] == "TT124.KDC.4b"
        assert alert.citations[0][1].label("vi") == "Điều 4 khoản 4 điểm b"
        assert alert.cause.seq == 1 and alert.cause.event == "E1"
        assert dict(alert.statuses)["TT124.KDC.4b"] == "undetermined"
        (save,) = alert.save
        assert "báo cáo ngay cấp có thẩm quyền" in save.vi and "Reported at once" in save.en
        # the update that settles it the bad way: lost, citing the point
        step = w.feed({"op": "update", "unit": "T1", "id": "E1", "reported_immediately": False})
        kinds = [a.kind for a in step.alerts]
        assert kinds[0] == "lost"
        lost = step.alerts[0]
        assert [cid for cid, _ in lost.citations] == ["TT124.KDC.4b"]
        assert dict(lost.statuses)["TT124.KDC.4b"] == "not_met"
        assert w.result("T1").outcome == "fail"
        # and a correction that excuses it: no longer failing
        step = w.feed({"op": "update", "unit": "T1", "id": "E1", "reported_immediately": True})
        assert [a.kind for a in step.alerts] == ["restored"]
        assert dict(w.feed({"op": "clock", "date": "2026-03-03"}).alerts) == {} or True


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_alert_for_an_event_no_list_counts_or_an_excused_one(backend: str) -> None:
    with Watcher(PACK, _commune(), YEAR, backend=backend) as w:
        # not a list of residential areas (Art. 6 cl. 3(d) is for agencies and enterprises)
        assert w.feed({"unit": "T1", "type": "illegal_strike", "date": "2026-03-02"}).alerts == ()
        # a serious fire in force majeure is excused (Art. 4 cl. 4(d))
        step = w.feed({"unit": "T1", "type": "fire_explosion_serious", "date": "2026-03-02", "force_majeure": True})
        assert step.alerts == () and step.errors == ()
        assert w.result("T1").outcome != "fail"


@pytest.mark.parametrize("backend", BACKENDS)
def test_share_threatened_then_out_of_reach(backend: str) -> None:
    units = _commune(n=3)
    with Watcher(PACK, units, YEAR, backend=backend) as w:
        # 1 of 3 at risk: 2/3 < 70 % if it counts
        step = w.feed({"unit": "T0", "id": "E1", **CRIME_UNKNOWN})
        assert [a.kind for a in step.alerts] == ["at_risk", "share_threatened"]
        share = step.alerts[1]
        assert share.unit == "X1" and share.units == ("T0",)
        assert share.citations[0][1].label("en") == "Art. 5 cl. 4"
        assert "at risk" in share.message.en
        # it counts: lost, and the share is now out of reach whatever the others do
        step = w.feed({"op": "update", "unit": "T0", "id": "E1", "reported_immediately": False})
        assert [a.kind for a in step.alerts] == ["lost", "share_threatened"]
        assert "can no longer be reached" in step.alerts[1].message.en
        # a second loss raises no new share alert (it was already out of reach)
        step = w.feed({"unit": "T1", "type": "fire_explosion_serious", "date": "2026-03-03"})
        assert [a.kind for a in step.alerts] == ["lost"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_deadline_near_lists_units_not_registered(backend: str) -> None:
    units = _commune(n=2)
    units[1]["indicators"] = {"registration_submitted": False}
    units[2]["indicators"] = {}
    with Watcher(PACK, units, YEAR, backend=backend, warn_days=10) as w:
        registration = next(d for d in w.rules.deadlines if d.kind == "registration")
        early = registration.date.toordinal() - 11
        from datetime import date

        assert w.feed({"op": "clock", "date": date.fromordinal(early).isoformat()}).alerts == ()
        step = w.feed({"op": "clock", "date": date.fromordinal(early + 1).isoformat()})
        (alert,) = step.alerts
        assert alert.kind == "deadline_near" and alert.date == registration.date
        # T0 said no, T1 said nothing; the commune is not a member of any roll-up counting registrations
        assert set(alert.units) == {"T0", "T1"}
        assert alert.citations[0][0] == "registration"
        # once per deadline
        assert w.feed({"op": "clock", "date": date.fromordinal(early + 2).isoformat()}).alerts == ()
        # an incident's date moves the clock too
        kdc_decision = next(d for d in w.rules.deadlines if d.id == "decision_kdc")
        day = min(kdc_decision.date, w.rules.windows["kdc"][1])
        step = w.feed({"unit": "T0", "type": "illegal_strike", "date": day.isoformat()})
        assert "deadline_near" in [a.kind for a in step.alerts] or day < kdc_decision.warn_from


@pytest.mark.parametrize("backend", BACKENDS)
def test_bad_messages_get_one_error_each_and_the_stream_goes_on(backend: str) -> None:
    with Watcher(PACK, _commune(), YEAR, backend=backend) as w:
        bad = [
            {"unit": "NOPE", "type": "crime", "date": "2026-03-02"},  # unknown unit
            {"unit": "T1", "type": "crime", "date": "2027-03-02", "severity": "nghiem_trong"},  # outside the period
            {"op": "update", "unit": "T1", "id": "E404", "force_majeure": True},  # no such event
            {"unit": "T1", "type": "no_such_type", "date": "2026-03-02"},
            {"unit": "T1", "type": "crime", "date": "2026-03-02", "severity": "very"},
            {"op": "indicators", "unit": "T1", "indicators": {"households_resident": -3}},
            {"op": "dance"},
            ["not", "a", "mapping"],
        ]
        for msg in bad:
            step = w.feed(msg)
            assert len(step.errors) == 1 and step.alerts == (), msg
        assert "2025-11-01" in w.feed(bad[1]).errors[0].message.en  # names the period
        assert len(w.feed_line("{not json").errors) == 1
        # nothing was taken from the bad messages, and the stream goes on
        assert w.unit_input("T1")["events"] == []
        step = w.feed({"unit": "T1", "type": "fire_explosion_serious", "date": "2026-03-02"})
        assert [a.kind for a in step.alerts] == ["lost"] and step.seq == len(bad) + 3


def test_duplicate_event_id_is_an_error() -> None:
    w = Watcher(PACK, _commune(), YEAR)
    assert not w.feed({"unit": "T1", "id": "A", "type": "illegal_strike", "date": "2026-03-02"}).errors
    assert len(w.feed({"unit": "T1", "id": "A", "type": "illegal_strike", "date": "2026-03-03"}).errors) == 1


def test_units_failing_at_the_start_are_reported_and_bad_units_named() -> None:
    units = [
        *_commune(2),
        {
            "id": "T9",
            "subject": "kdc",
            "kind": "thon",
            "events": [{"type": "fire_explosion_serious", "date": "2026-01-05"}],
        },
        {"id": "Q1", "subject": "nope"},
    ]
    w = Watcher(PACK, units, YEAR)
    assert [(a.kind, a.unit, a.cause.seq) for a in w.start_alerts] == [("lost", "T9", 0)]
    assert len(w.unit_errors) == 1 and "nope" in w.unit_errors[0].message.en  # type: ignore[union-attr]


# -- differential: both backends, and a fresh evaluate ----------------------------------------------

_UNITS = [
    {"id": "X1", "subject": "xa", "kind": "xa"},
    {"id": "K1", "subject": "kdc", "kind": "thon", "member_of": "X1", "indicators": {"registration_submitted": True}},
    {
        "id": "K2",
        "subject": "kdc",
        "kind": "to_dan_pho",
        "member_of": "X1",
        "indicators": {"registration_submitted": True},
    },
    {"id": "K3", "subject": "kdc", "kind": "thon", "member_of": "X1"},
    # a province's choice that changes which crimes fall under the point (param.serious_crime_minimum)
    {
        "id": "K4",
        "subject": "kdc",
        "kind": "thon",
        "member_of": "X1",
        "parameters": {"serious_crime_minimum": "it_nghiem_trong"},
    },
    {"id": "D1", "subject": "dn", "kind": "doanh_nghiep", "member_of": "X1", "indicators": {"dn_size_class": "large"}},
]
_TYPES = ["crime", "fire_explosion_serious", "prolonged_internal_conflict", "illegal_strike", "serious_incident"]
_SEVERITIES = ["it_nghiem_trong", "nghiem_trong", "rat_nghiem_trong", "dac_biet_nghiem_trong"]
_FLAGS = st.sampled_from([None, True, False, "absent"])


@st.composite
def _messages(draw: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    made: list[tuple[str, str, str]] = []
    for k in range(draw(st.integers(1, 24))):
        choice = draw(st.integers(0, 9))
        # K4 (its own parameter) twice as often: its incidents are where the counts depend on the unit
        unit = draw(st.sampled_from([u["id"] for u in _UNITS] + ["K4", "ZZ"]))
        day = draw(
            st.sampled_from(["2025-10-30", "2025-11-01", "2026-03-01", "2026-03-31", "2026-10-31", "2026-11-12"])
        )
        if choice <= 5 or not made:
            etype = draw(st.sampled_from(_TYPES))
            ev: dict[str, Any] = {"unit": unit, "id": f"E{k}", "type": etype, "date": day}
            if etype == "crime":
                ev["severity"] = draw(st.sampled_from(_SEVERITIES))
                for f in ("force_majeure", "detected_promptly", "mitigation_applied", "reported_immediately"):
                    v = draw(_FLAGS)
                    if v != "absent":
                        ev[f] = v
            elif etype in ("fire_explosion_serious", "serious_incident"):
                v = draw(_FLAGS)
                if v != "absent":
                    ev["force_majeure"] = v
            out.append(ev)
            made.append((unit, f"E{k}", etype))
        elif choice <= 7:
            # an update: an excuse condition becomes known (or unknown again), the severity is
            # corrected (in or out of the point), or the date moves (in or out of the period)
            u, eid, etype = draw(st.sampled_from(made))
            fields = ["date"]
            if etype == "crime":
                fields += [
                    "severity",
                    "force_majeure",
                    "detected_promptly",
                    "mitigation_applied",
                    "reported_immediately",
                ]
            elif etype in ("fire_explosion_serious", "serious_incident"):
                fields += ["force_majeure"]
            upd: dict[str, Any] = {"op": "update", "unit": u, "id": eid}
            for field in draw(st.lists(st.sampled_from(fields), min_size=1, max_size=3, unique=True)):
                if field == "date":
                    upd[field] = day
                elif field == "severity":
                    upd[field] = draw(st.sampled_from(_SEVERITIES))
                else:
                    upd[field] = draw(st.sampled_from([None, True, False]))
            out.append(upd)
        elif choice == 8:
            regs = draw(st.sampled_from([True, False, None]))
            out.append({"op": "indicators", "unit": unit, "indicators": {"registration_submitted": regs}})
        else:
            out.append({"op": "clock", "date": day})
    return out


def _fresh(w: Watcher, unit_id: str) -> Any:
    doc = w.unit_input(unit_id)
    return evaluate(
        w.pack, doc["unit"], YEAR, doc["indicators"], doc["previous_year"], doc["events"], doc["parameters"]
    )


def _view(step: Any) -> Any:
    return ([a.to_dict() for a in step.alerts], [e.to_dict() for e in step.errors])


def _statuses(r: Any) -> list[tuple[str, str]]:
    return [(c.info.id, c.status) for c in r.criteria]


_OVERLAY = load_pack(ROOT / "packs" / "examples" / "tinh-mau-tt124.yaml")


@pytest.mark.parametrize("pack", [PACK, _OVERLAY], ids=["national", "overlay"])
@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages=_messages())
def test_property_lost_alerts_agree_with_a_fresh_evaluate(pack: Any, messages: list[dict[str, Any]]) -> None:
    w = Watcher(pack, _UNITS, YEAR)
    # the reference: no running counts, every routed message re-evaluates its unit over all its events
    with patch("antq_rules.watch._watcher.tally_for", lambda pack, subject: None):
        ref = Watcher(pack, _UNITS, YEAR)
    assert all(u.tally is not None for u in w._units.values())  # the incremental path is the one tested
    for msg in messages:
        step = w.feed(dict(msg))
        assert _view(step) == _view(ref.feed(dict(msg)))
        # every unit's standing (read before anything rebuilds its records) is a fresh evaluation's
        for uid in w.units:
            fresh = _fresh(w, uid)
            assert w.outcome(uid) == fresh.outcome, uid
            assert list(w.statuses(uid)) == _statuses(fresh), uid
        touched = msg.get("unit")
        if touched in w.units:  # and its full result, event records included
            now, fresh = w.result(touched), _fresh(w, touched)
            assert [(c.info.id, c.status, c.events) for c in now.criteria] == [
                (c.info.id, c.status, c.events) for c in fresh.criteria
            ]
        for alert in step.alerts:
            if alert.kind == "lost":
                fresh = _fresh(w, str(alert.unit))
                assert fresh.outcome == "fail"
                assert [cid for cid, _ in alert.citations] == [
                    c.info.id for c in fresh.criteria if c.status == "not_met"
                ]
                assert list(alert.statuses) == _statuses(fresh)
            if alert.kind == "restored":
                assert _fresh(w, str(alert.unit)).outcome != "fail"
            if alert.kind == "at_risk":  # each cited criterion is undetermined by an undetermined incident
                fresh = _fresh(w, str(alert.unit))
                undecided = {
                    c.info.id
                    for c in fresh.criteria
                    if c.status == "undetermined" and any(e.status == "undetermined" for e in c.events)
                }
                assert {cid for cid, _ in alert.citations} <= undecided and alert.citations


@needs_durable
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_messages())
def test_property_durable_and_plain_backends_agree(messages: list[dict[str, Any]]) -> None:
    plain = Watcher(PACK, _UNITS, YEAR, backend="plain")
    with Watcher(PACK, _UNITS, YEAR, backend="durable") as durable:
        assert durable.backend == "durable_rules"
        assert [a.to_dict() for a in plain.start_alerts] == [a.to_dict() for a in durable.start_alerts]
        for msg in messages:
            assert _view(plain.feed(dict(msg))) == _view(durable.feed(dict(msg)))


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(ValueError):
        Watcher(PACK, _UNITS, YEAR, backend="magic")


@pytest.mark.parametrize("backend", BACKENDS)
def test_indicator_changes_are_evaluated_too(backend: str) -> None:
    """Illustrative: a residential area says it has not registered (Art. 4 cl. 1), then that it has."""
    with Watcher(PACK, _commune(n=4), YEAR, backend=backend) as w:
        step = w.feed({"op": "indicators", "unit": "T2", "indicators": {"registration_submitted": False}})
        assert [a.kind for a in step.alerts] == ["lost"]
        assert [cid for cid, _ in step.alerts[0].citations] == ["TT124.KDC.1a"]
        assert step.alerts[0].cause.op == "indicators"
        step = w.feed({"op": "indicators", "unit": "T2", "indicators": {"registration_submitted": None}})
        assert [a.kind for a in step.alerts] == ["restored"]  # removed: not known again, so no longer failing
        assert "registration_submitted" not in w.unit_input("T2")["indicators"]


def test_a_numeric_event_id_is_read_as_the_validator_reads_it() -> None:
    w = Watcher(PACK, _commune(), YEAR)
    assert not w.feed({"unit": "T1", "id": 7.0, **CRIME_UNKNOWN}).errors
    assert not w.feed({"op": "update", "unit": "T1", "id": "7", "reported_immediately": True}).errors
    assert len(w.feed({"unit": "T1", "id": 7, "type": "illegal_strike", "date": "2026-03-03"}).errors) == 1


def test_units_are_read_as_a_population_run_reads_them() -> None:
    units = [
        {"id": "A", "subject": "kdc", "kind": "Thôn"},
        {"subject": "kdc"},
        {"id": "B", "subject": "kdc", "kind": "zzz"},
    ]
    w = Watcher(PACK, units, YEAR)
    assert w.units == ("A",) and w.result("A").unit.kind == "thon"  # a kind written as its name
    assert len(w.unit_errors) == 2  # no id; an unknown kind — each named, neither watched
    assert "zzz" in w.unit_errors[1].message.en  # type: ignore[union-attr]


@pytest.mark.parametrize("backend", BACKENDS)
def test_share_threatened_only_when_it_gets_worse(backend: str) -> None:
    """Illustrative: 3 residential areas (2 of 3 is under 70 %). The share alert is raised when the share
    newly drops (or drops further), not again while it stays threatened."""
    crime = {k: v for k, v in CRIME_UNKNOWN.items() if k != "date"}
    with Watcher(PACK, _commune(n=3), YEAR, backend=backend) as w:

        def kinds(msg: dict[str, Any]) -> list[str]:
            return [a.kind for a in w.feed(msg).alerts]

        assert kinds({"unit": "T0", "id": "A1", "date": "2026-03-01", **crime}) == ["at_risk", "share_threatened"]
        # still threatened: more incidents at risk, here and in another unit, raise no share alert
        assert kinds({"unit": "T0", "id": "A2", "date": "2026-03-02", **crime}) == ["at_risk"]
        assert kinds({"unit": "T1", "id": "B1", "date": "2026-03-03", **crime}) == ["at_risk"]
        assert kinds({"op": "update", "unit": "T0", "id": "A1", "reported_immediately": True}) == []
        assert kinds({"op": "update", "unit": "T0", "id": "A2", "reported_immediately": True}) == []
        # T1 still at risk: the share is still threatened, no new alert; then it is safe again
        assert kinds({"op": "update", "unit": "T1", "id": "B1", "reported_immediately": True}) == []
        # newly threatened again after it was safe: raised again
        assert kinds({"unit": "T2", "id": "C1", "date": "2026-03-04", **crime}) == ["at_risk", "share_threatened"]
        # worse: the incident counts, the share is out of reach
        step = w.feed({"op": "update", "unit": "T2", "id": "C1", "reported_immediately": False})
        assert [a.kind for a in step.alerts] == ["lost", "share_threatened"]
        assert "can no longer be reached" in step.alerts[1].message.en
        # stays out of reach: later losses, risks and unrelated messages raise none
        assert kinds({"unit": "T0", "type": "fire_explosion_serious", "date": "2026-03-05"}) == ["lost"]
        assert kinds({"unit": "T1", "id": "B2", "date": "2026-03-06", **crime}) == ["at_risk"]
        assert kinds({"unit": "T2", "type": "fire_explosion_serious", "date": "2026-03-07"}) == []


def test_count_calls_that_may_not_run_are_not_followed() -> None:
    """A count under and / or / if-else may not run: such a subject is re-evaluated at every message."""
    from antq_rules.watch._counts import _calls, tally_for

    calls = _calls("count_events(lists.A) == 0 and (x or count_events(lists.B) == 0)")
    assert calls is not None and [sure for _, sure in calls] == [True, False]
    calls = _calls("1 if x else count_events(lists.A)")
    assert calls is not None and [sure for _, sure in calls] == [False]
    sites = tally_for(PACK, "kdc")
    assert sites is not None
    assert sites.by_criterion.keys() == {"TT124.KDC.3", "TT124.KDC.4b", "TT124.KDC.4d"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_units_parameters_decide_which_incidents_it_counts(backend: str) -> None:
    """Illustrative: a less serious crime falls under Art. 4 cl. 4(b) only where the parameter
    serious_crime_minimum says it_nghiem_trong (the unit's own choice)."""
    units = [
        {"id": "A", "subject": "kdc", "kind": "thon"},
        {"id": "B", "subject": "kdc", "kind": "thon", "parameters": {"serious_crime_minimum": "it_nghiem_trong"}},
    ]
    crime = {"type": "crime", "date": "2026-03-01", "severity": "it_nghiem_trong"}
    with Watcher(PACK, units, YEAR, backend=backend) as w:
        assert w.feed({"unit": "A", **crime}).alerts == ()
        step = w.feed({"unit": "B", **crime})
        assert [(a.kind, a.citations[0][0]) for a in step.alerts] == [("lost", "TT124.KDC.4b")]
        assert w.outcome("A") != "fail" and w.outcome("B") == "fail"
