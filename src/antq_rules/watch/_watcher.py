"""The watcher: units' state across a stream of incidents, updates and indicator changes.

Each message changes one unit (or the stream's date); the watcher asks its backend which generated rules
match (the incident's route, the unit's new standing, the commune's share, the deadlines), re-evaluates
the affected unit with the engine (:func:`~antq_rules.engine.evaluate_validated`) and builds the alerts
of the rules that fired.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from antq_rules._text import Lang, Text
from antq_rules.engine import evaluate_validated
from antq_rules.errors import InputError, Problem
from antq_rules.inputs import UnitRef, ValidatedInput, validate_input
from antq_rules.inputs._coerce import CoercionError, read_choice
from antq_rules.inputs._validate import _event_id
from antq_rules.inputs._validate import _plan as _input_plan
from antq_rules.packs import Pack
from antq_rules.population import RowError, UnitRow
from antq_rules.results import Result
from antq_rules.watch._backend import OUTSIDE, Backend, PlainBackend
from antq_rules.watch._counts import Tally, tally_for
from antq_rules.watch._model import Alert, Cause, WatchError
from antq_rules.watch._rules import EventRoute, watch_rules

__all__ = ["BACKENDS", "MAX_LINE_CHARS", "Step", "Watcher"]

BACKENDS = ("plain", "durable")

MAX_LINE_CHARS = 1024 * 1024
"""A JSON Lines message longer than this many characters is an error (not read): one message is one
incident, an update or a few indicators."""

_EVENT_KEYS = frozenset({"op", "unit", "id", "type", "date"})
_UNDECIDED = ("undetermined", "incomplete")
_NO_RISKS: frozenset[tuple[str, str]] = frozenset()


@attrs.frozen(slots=True)
class Step:
    """What one message did: the alerts it raised (in :meth:`Alert.key` order) and its errors."""

    seq: int
    alerts: tuple[Alert, ...] = ()
    errors: tuple[WatchError, ...] = ()


class _Unit:
    __slots__ = (
        "base",
        "commune",
        "ids",
        "indicators",
        "parameters",
        "parsed",
        "previous",
        "raw",
        "ref",
        "result",
        "routed",
        "stale",
        "tally",
        "version",
    )

    def __init__(self, ref: UnitRef, commune: str | None, indicators: Mapping[str, Any]) -> None:
        self.ref = ref
        self.commune = commune
        self.indicators: dict[str, Any] = dict(indicators)
        self.parameters: dict[str, Any] = {}
        self.previous: dict[str, Any] | None = None
        self.raw: list[dict[str, Any]] = []  # the events so far, as given (updates merged in)
        self.parsed: list[Any] = []  # the same, validated (antq_rules.expressions.Event)
        # the validated events of a type some criterion of the unit counts (a route), in order: the only
        # ones the engine looks at (each keeps its place in the whole list, so records are the same)
        self.routed: dict[int, Any] = {}
        self.ids: dict[str, int] = {}
        self.base: ValidatedInput | None = None
        self.result: Result | None = None
        self.version = 0  # bumped at each evaluation or change of events (keys the commune's share memo)
        self.tally: Tally | None = None  # running counts (None: re-evaluated at every message)
        self.stale = False  # the result's statuses are current, its event records are not (see _counts)


def _text_of(exc: InputError, strip: str = "") -> Text:
    def one(p: Problem, lang: str) -> str:
        field = (p.field or "").removeprefix(strip).lstrip(".")
        msg = p.message.en if lang == "en" else p.message.vi
        return f"{field}: {msg}" if field else msg

    items = list(exc.problems)
    return Text("; ".join(one(p, "vi") for p in items), "; ".join(one(p, "en") for p in items))


def _n(n: int, one: str, many: str) -> str:
    """``n`` with the English singular or plural (Vietnamese has no plural form)."""
    return f"{n} {one if n == 1 else many}"


def _err(vi: str, en: str) -> Text:
    return Text(vi, en)


class Watcher:
    """Watch ``units`` under ``pack`` for evaluation ``year`` as incidents are reported.

    ``units``: :class:`~antq_rules.population.UnitRow` items (from
    :func:`antq_rules.tables.read_population`) or input-like mappings (``id``, ``subject``, ``kind``,
    ``name``, ``member_of``, ``indicators``, ``events``, ``parameters``, ``previous_year``). A unit's own
    events, if any, are the incidents known at the start; otherwise none occurred so far.

    ``backend``: ``"plain"`` (no dependency) or ``"durable"`` (durable_rules, the ``live`` extra).
    ``warn_days``: how many days before a calendar deadline to warn (a host setting, not law).

    Feed it messages (:meth:`feed` for mappings, :meth:`feed_line` for JSON Lines text)::

        {"unit": "KDC-1", "id": "E1", "type": "crime", "date": "2026-03-02", "severity": "nghiem_trong",
         "reported_immediately": null}                                  # a new incident (op "event")
        {"op": "update", "unit": "KDC-1", "id": "E1", "reported_immediately": true}
        {"op": "indicators", "unit": "KDC-1", "indicators": {"registration_submitted": true}}
        {"op": "clock", "date": "2026-03-20"}                           # the date moved on

    An event field given as ``null`` is not known yet; an absent one takes the pack's default.
    """

    def __init__(
        self,
        pack: Pack,
        units: Iterable[UnitRow | RowError | Mapping[str, Any]],
        year: int,
        *,
        backend: str = "plain",
        warn_days: int = 14,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
        self.pack = pack
        self.year = year
        self.rules = watch_rules(pack, year, warn_days)
        self._input_plan = _input_plan(pack)
        # per subject: the criteria that count incidents (the only ones an incident can leave at risk)
        self._counting = {
            s: frozenset(c for (subj, _), r in self.rules.routes.items() if subj == s for c in r.criteria)
            for s in pack.subjects
        }
        self._sites = {s: tally_for(pack, s) for s in pack.subjects}  # see _counts
        # (commune, its version, derived counts) -> the share criteria not met with those counts
        self._share_memo: dict[tuple[str, int, tuple[Any, ...]], tuple[str, ...]] = {}
        self._share_failing: dict[str, tuple[str, ...]] = {}  # commune -> criteria behind its level
        self._contrib: dict[str, tuple[tuple[int, ...], ...]] = {}  # member -> its counts (see _count_member)
        self._totals: dict[str, list[list[int]]] = {}  # commune -> roll-up totals at levels 2 and 1
        self._standing: dict[str, tuple[Any, ...]] = {}  # member -> what its counts were worked out from
        self._backend: Backend
        if backend == "durable":
            from antq_rules.watch._durable import DurableBackend

            self._backend = DurableBackend(self.rules, self)
        else:
            self._backend = PlainBackend(self.rules, self)
        self.backend = self._backend.name
        self._units: dict[str, _Unit] = {}
        self._members: dict[str, list[str]] = {}
        self._risks: dict[str, frozenset[tuple[str, str]]] = {}
        self._share_level: dict[str, int] = {}
        self._warned: set[str] = set()
        self._clock: date | None = None
        self._alerts: list[Alert] = []
        self._cause = Cause(0, "start")
        self._seq = itertools.count(1)
        errors: list[RowError | Problem] = []
        initial: dict[str, list[Any]] = {}
        for raw in units:
            if isinstance(raw, RowError):
                errors.append(raw)
                continue
            try:
                row = raw if isinstance(raw, UnitRow) else self._row(raw)
            except (KeyError, TypeError, AttributeError):
                errors.append(Problem(Text(f"đơn vị không đọc được: {raw!r}", f"a unit that cannot be read: {raw!r}")))
                continue
            if row.problems:  # what a reader could not read (a formula without a value …)
                errors.append(RowError(0, row.unit, row.source, row.member_of, row.problems))
                continue
            if row.unit.subject not in pack.subjects:
                errors.append(
                    Problem(
                        Text(
                            f"đơn vị {row.unit.id}: gói {pack.ref} không có loại đơn vị '{row.unit.subject}'",
                            f"unit {row.unit.id}: pack {pack.ref} has no subject '{row.unit.subject}'",
                        )
                    )
                )
                continue
            if row.unit.id in self._units:
                errors.append(Problem(Text(f"mã đơn vị {row.unit.id} lặp lại", f"unit id {row.unit.id} appears twice")))
                continue
            ref = row.unit
            kinds = pack.subjects[ref.subject].kinds
            if ref.kind is not None and ref.kind not in kinds:  # a kind written as its name ("Thôn")
                with contextlib.suppress(CoercionError):
                    ref = UnitRef(ref.id, ref.subject, read_choice(ref.kind, kinds), ref.name)
            u = _Unit(ref, row.member_of, row.indicators)
            u.parameters = dict(row.parameters)
            sites = self._sites[ref.subject]
            u.tally = None if sites is None else Tally(sites)
            u.previous = dict(row.previous_year) if row.previous_year else None
            try:
                u.base = validate_input(pack, u.ref, year, u.indicators, u.previous, [], u.parameters)
            except InputError as exc:
                errors.append(Problem(Text(f"{u.ref.id}: {_text_of(exc).vi}", f"{u.ref.id}: {_text_of(exc).en}")))
                continue
            self._units[u.ref.id] = u
            initial[u.ref.id] = list(row.events or ())
            if row.member_of:
                self._members.setdefault(row.member_of, []).append(u.ref.id)
        self.unit_errors: tuple[RowError | Problem, ...] = tuple(errors)
        # the units as loaded: evaluate each, then take its known incidents one by one
        for u in self._units.values():
            u.result = self._evaluate(u)
            self._risks[u.ref.id] = frozenset()
        for uid, events in initial.items():
            for ev in events:
                ev = dict(ev)
                ev.pop("unit", None)
                ev.pop("op", None)
                problem = self._add_event(self._units[uid], ev)
                if problem is not None:
                    self.unit_errors += (Problem(Text(f"{uid}: {problem.vi}", f"{uid}: {problem.en}")),)
        for u in self._units.values():  # every member counts before any share is judged
            assert u.result is not None
            if u.result.outcome != "fail":
                self._count_member(u, self._risks_of(u))
            else:
                self._count_member(u, _NO_RISKS)
        for u in self._units.values():
            self._settle(u, "")  # no standing before: a unit failing at the start is 'lost' at seq 0
        self.start_alerts: tuple[Alert, ...] = tuple(sorted(self._alerts, key=Alert.key))
        self._alerts = []

    @staticmethod
    def _row(raw: Mapping[str, Any]) -> UnitRow:
        unit = raw.get("unit") if isinstance(raw.get("unit"), Mapping) else raw
        assert isinstance(unit, Mapping)
        ref = UnitRef(str(unit["id"]), str(unit["subject"]), unit.get("kind"), unit.get("name"))
        events = raw.get("events")
        return UnitRow(
            ref,
            member_of=raw.get("member_of"),
            indicators=dict(raw.get("indicators") or {}),
            previous_year=dict(raw.get("previous_year") or {}),
            events=None if events is None else tuple(events),
            parameters=dict(raw.get("parameters") or {}),
        )

    # ------------------------------------------------------------------ state and evaluation

    @property
    def units(self) -> tuple[str, ...]:
        return tuple(self._units)

    @property
    def clock(self) -> date | None:
        """The stream's date: the latest event or ``clock`` date seen."""
        return self._clock

    def result(self, unit_id: str) -> Result:
        """The unit's current result (the events so far)."""
        return self._full(self._units[unit_id])

    def outcome(self, unit_id: str) -> str:
        """The unit's current outcome (``pass`` / ``fail`` / ``undetermined`` / ``not_applicable``)."""
        r = self._units[unit_id].result
        assert r is not None
        return r.outcome

    def statuses(self, unit_id: str) -> tuple[tuple[str, str], ...]:
        """The unit's current status per criterion, ``(criterion id, status)`` in the pack's order —
        without rebuilding its event records as :meth:`result` may."""
        r = self._units[unit_id].result
        assert r is not None
        return self._statuses(r)

    def _full(self, u: _Unit) -> Result:
        """The unit's result with its event records current (rebuilt if running counts left it stale)."""
        if u.stale:
            assert u.base is not None
            u.result = evaluate_validated(self.pack, u.base._replace(events=tuple(u.routed.values())))
            u.stale = False
        assert u.result is not None
        return u.result

    def unit_input(self, unit_id: str) -> dict[str, Any]:
        """The unit's input as it stands (indicators, parameters, events so far): what a fresh
        :func:`~antq_rules.engine.evaluate` takes."""
        u = self._units[unit_id]
        return {
            "unit": {"id": u.ref.id, "subject": u.ref.subject, "kind": u.ref.kind, "name": u.ref.name},
            "indicators": dict(u.indicators),
            "previous_year": None if u.previous is None else dict(u.previous),
            "events": [dict(e) for e in u.raw],
            "parameters": dict(u.parameters),
        }

    def _evaluate(self, u: _Unit) -> Result:
        assert u.base is not None
        u.version += 1
        u.stale = False
        return evaluate_validated(self.pack, u.base._replace(events=tuple(u.routed.values())))

    def _check_event(self, u: _Unit, raw: dict[str, Any]) -> Any:
        """The event validated alone (with the unit's parameters), or the error text."""
        day = raw.get("date")
        if type(day) is str and len(day) == 10 and day[4] == "-":
            try:
                day = date.fromisoformat(day)
            except ValueError:
                day = None
        if type(day) is date and u.base is not None and u.base.windows is not None:
            # the validator's generated checker for plain events (None: something to report)
            quick = self._input_plan.fast_events([{**raw, "date": day}], u.base.windows)
            if quick:
                return quick[0]
        try:
            v = validate_input(self.pack, u.ref, self.year, {}, None, [raw], u.parameters)
        except InputError as exc:
            return _text_of(exc, "events[0]")
        if not v.events:  # dated outside every window the validator knows: the route rule says so below
            return None
        return v.events[0]

    def _add_event(self, u: _Unit, raw: dict[str, Any]) -> Text | None:
        """Take a new incident for ``u``; the error text if it cannot be taken."""
        if "type" not in raw:
            return _err("sự kiện thiếu loại (type)", "the event has no type")
        eid = _event_id(raw.get("id"))  # as the validator reads it (a spreadsheet's 7.0 is "7")
        if eid is not None and eid in u.ids:
            return _err(f"đã có sự kiện mã {eid}", f"an event with id {eid} was already reported")
        checked = self._check_event(u, raw)
        if isinstance(checked, Text):
            return checked
        day = checked.date if checked is not None else self._day(raw.get("date"))  # as the validator read it
        if day is None:
            return _err("ngày của sự kiện không đọc được", "the event's date cannot be read")
        route = self._backend.route(u.ref.subject, str(raw["type"]), day)
        if route == OUTSIDE or checked is None:
            return self._outside(u, day)
        pos = len(u.raw)
        u.raw.append(raw)
        u.parsed.append(checked._replace(position=pos))
        if route is not None:
            u.routed[pos] = u.parsed[pos]
        if eid is not None:
            u.ids[eid] = pos
        self._advance(day)
        if route is not None:
            assert isinstance(route, EventRoute)
            self._recount(u, pos)
        return None

    def _recount(self, u: _Unit, pos: int) -> None:
        """The routed event at ``pos`` is new or changed: re-evaluate the unit if it can change a status."""
        tally = u.tally
        if tally is None:
            u.result = self._evaluate(u)
            return
        assert u.base is not None
        if tally.mark(self.pack, u.base, pos, u.parsed[pos]):
            # a count_events call now returns something else: the statuses, from the events that
            # make each call's value (not all of them)
            events = tuple(u.parsed[p] for p in tally.essential())
            u.result = evaluate_validated(self.pack, u.base._replace(events=events))
        # otherwise every status stands; either way the event records are rebuilt when asked for (_full)
        u.stale = True
        u.version += 1

    def _outside(self, u: _Unit, day: date) -> Text:
        a, b = self.rules.windows[u.ref.subject]
        return Text(
            f"ngày {day:%d/%m/%Y} nằm ngoài kỳ đánh giá {a:%d/%m/%Y} – {b:%d/%m/%Y} của đơn vị",
            f"date {day.isoformat()} is outside the unit's evaluation period {a.isoformat()} – {b.isoformat()}",
        )

    @staticmethod
    def _day(raw: Any) -> date | None:
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            pass
        parts = str(raw).split("/")
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            try:
                return date(int(parts[2]), int(parts[1]), int(parts[0]))
            except ValueError:
                return None
        return None

    def _settle(self, u: _Unit, was: str) -> None:
        """Assert the unit's new standing to the backend (its rules raise the alerts)."""
        assert u.result is not None
        uid = u.ref.id
        # a failing unit has nothing left at risk (its alerts come back if it is restored)
        risks = _NO_RISKS if u.result.outcome == "fail" else self._risks_of(u)
        old = self._risks.get(uid, _NO_RISKS)
        self._risks[uid] = risks
        self._count_member(u, risks)
        commune = u.commune if u.commune in self._units else None
        commune_subject = self._units[commune].ref.subject if commune else ""
        self._backend.unit_fact(
            {
                "unit": uid,
                "outcome": u.result.outcome,
                "was": was,
                "new_risks": len(risks - old),
                "commune": commune or "",
                "commune_subject": commune_subject,
                "changed": u.result.outcome != was or risks != old,
            }
        )
        if uid in self._members and was:  # the commune itself changed: its share is judged again
            self._backend.member_fact(uid, u.ref.subject, True)

    def _risks_of(self, u: _Unit) -> frozenset[tuple[str, str]]:
        """The unit's (criterion, event) pairs left undetermined by an incident whose conditions are
        not known, from its running counts when it has them (its statuses are current either way)."""
        assert u.result is not None
        counting = self._counting[u.ref.subject]
        tally = u.tally
        if tally is None:
            return self._current_risks(u.result, counting)
        out = []
        for c in u.result.criteria:
            if c.status == "undetermined" and c.info.id in counting:
                for pos in tally.undetermined_of(c.info.id):
                    eid = u.parsed[pos].id
                    out.append((c.info.id, eid if eid is not None else f"#{pos}"))
        return frozenset(out)

    @staticmethod
    def _current_risks(result: Result, counting: frozenset[str]) -> frozenset[tuple[str, str]]:
        return frozenset(
            (c.info.id, rec.id if rec.id is not None else f"#{rec.position}")
            for c in result.criteria
            if c.status == "undetermined" and c.info.id in counting
            for rec in c.events
            if rec.status == "undetermined"
        )

    def _advance(self, day: date) -> None:
        if self._clock is not None and day <= self._clock:
            return
        self._clock = day
        pending = tuple(d.id for d in self.rules.deadlines if d.id not in self._warned)
        if pending:
            self._backend.clock(day, pending)

    # ------------------------------------------------------------------ the stream

    def feed_line(self, line: str, seq: int | None = None) -> Step:
        """Take one JSON Lines message (text). A line that is not a JSON object is one error.

        ``seq`` numbers the message (e.g. its line in a file); by default messages are numbered 1, 2, …
        """
        problem: Text | None = None
        if len(line) > MAX_LINE_CHARS:
            problem = Text(
                f"dòng dài quá {MAX_LINE_CHARS:,} ký tự (không đọc)".replace(",", "."),
                f"the line is longer than {MAX_LINE_CHARS:,} characters (not read)",
            )
        else:
            try:
                message = json.loads(line)
            except json.JSONDecodeError as exc:
                problem = Text(
                    f"dòng không phải JSON hợp lệ (cột {exc.colno}: {exc.msg})",
                    f"the line is not valid JSON (column {exc.colno}: {exc.msg})",
                )
            except ValueError as exc:
                problem = Text(f"dòng không phải JSON hợp lệ: {exc}", f"the line is not valid JSON: {exc}")
            except RecursionError:
                problem = Text("dòng JSON lồng nhau quá sâu", "the JSON line is nested too deeply")
        if problem is not None:
            n = self._number(seq)
            return Step(n, errors=(WatchError(n, problem),))
        return self.feed(message, seq)

    def _number(self, seq: int | None) -> int:
        n = next(self._seq)
        return n if seq is None else seq

    def feed(self, message: Any, seq: int | None = None) -> Step:
        """Take one message (a mapping); return its alerts and errors. Nothing else is dropped.

        ``seq`` numbers the message (default: 1, 2, … in the order messages are fed)."""
        n = self._number(seq)
        if not isinstance(message, Mapping):
            return Step(
                n,
                errors=(WatchError(n, Text("mỗi dòng phải là một đối tượng JSON", "each line must be a JSON object")),),
            )
        msg = dict(message)
        op = str(msg.pop("op", "event" if "type" in msg else "") or "")
        unit_id = None if msg.get("unit") is None else str(msg.get("unit"))
        event_id = None if msg.get("id") is None else str(msg.get("id"))
        self._cause = Cause(n, op or "?", unit_id, event_id)
        self._alerts = []
        problem = self._apply(op, unit_id, msg)
        alerts = tuple(sorted(self._alerts, key=Alert.key))
        self._alerts = []
        if problem is not None:
            return Step(n, alerts, (WatchError(n, problem, unit_id, event_id),))
        return Step(n, alerts)

    def _apply(self, op: str, unit_id: str | None, msg: dict[str, Any]) -> Text | None:
        if op == "clock":
            day = self._day(msg.get("date"))
            if day is None:
                return _err("thông điệp clock cần ngày (date)", "a clock message needs a date")
            self._advance(day)
            return None
        if op not in ("event", "update", "indicators"):
            return _err(
                f"thao tác không biết {op!r} (có: event, update, indicators, clock)",
                f"unknown op {op!r} (known: event, update, indicators, clock)",
            )
        if unit_id is None:
            return _err("thông điệp thiếu mã đơn vị (unit)", "the message names no unit")
        u = self._units.get(unit_id)
        if u is None:
            return _err(f"không có đơn vị {unit_id} trong danh sách theo dõi", f"unit {unit_id} is not being watched")
        assert u.result is not None
        was = u.result.outcome
        version = u.version
        if op == "event":
            msg.pop("unit", None)
            problem = self._add_event(u, msg)
        elif op == "update":
            problem = self._update(u, msg)
        else:
            problem = self._indicators(u, msg)
        if problem is None and u.version != version:  # re-evaluated or recounted: its rules may fire
            self._settle(u, was)
        return problem

    def _update(self, u: _Unit, msg: dict[str, Any]) -> Text | None:
        eid = msg.get("id")
        if eid is None:
            return _err("cập nhật cần mã sự kiện (id)", "an update needs the event's id")
        pos = u.ids.get(str(_event_id(eid)))
        if pos is None:
            return _err(f"đơn vị chưa có sự kiện mã {eid}", f"the unit has no event with id {eid}")
        if "type" in msg and msg["type"] != u.raw[pos].get("type"):
            return _err("không đổi được loại của sự kiện", "an update cannot change the event's type")
        new = {**u.raw[pos], **{k: v for k, v in msg.items() if k != "unit"}}
        checked = self._check_event(u, new)
        if isinstance(checked, Text):
            return checked
        day = checked.date if checked is not None else self._day(new.get("date"))
        if day is None:
            return _err("ngày của sự kiện không đọc được", "the event's date cannot be read")
        route = self._backend.route(u.ref.subject, str(new["type"]), day)
        if route == OUTSIDE or checked is None:
            return self._outside(u, day)
        u.raw[pos] = new
        u.parsed[pos] = checked._replace(position=pos)
        if route is not None:
            u.routed[pos] = u.parsed[pos]
        self._advance(day)
        if route is not None:
            self._recount(u, pos)
        return None

    def _indicators(self, u: _Unit, msg: dict[str, Any]) -> Text | None:
        changes = msg.get("indicators")
        if not isinstance(changes, Mapping):
            return _err("'indicators' phải là một bảng khoá–giá trị", "'indicators' must be a mapping")
        new = dict(u.indicators)
        for k, v in changes.items():
            if v is None:
                new.pop(str(k), None)
            else:
                new[str(k)] = v
        try:
            base = validate_input(self.pack, u.ref, self.year, new, u.previous, [], u.parameters)
        except InputError as exc:
            return _text_of(exc, "indicators")
        u.indicators = new
        u.base = base
        u.result = self._evaluate(u)
        return None

    def close(self) -> None:
        """Free the backend's state (durable_rules keeps a session per watcher)."""
        self._backend.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ actions (called by the rules)

    def _statuses(self, r: Result) -> tuple[tuple[str, str], ...]:
        return tuple((c.info.id, c.status) for c in r.criteria)

    def on_lost(self, unit: str) -> None:
        u = self._units[unit]
        r = self._full(u)
        failed = [c for c in r.criteria if c.status == "not_met"]
        counted = [rec for c in failed for rec in c.events if rec.status == "counted"]
        extra_vi = f"; sự việc được tính: {', '.join(self._incident(r, 'vi') for r in counted)}" if counted else ""
        extra_en = f"; counted: {', '.join(self._incident(r, 'en') for r in counted)}" if counted else ""
        self._alerts.append(
            Alert(
                "lost",
                Text(
                    f"{r.outcome_label.vi}: {len(failed)} tiêu chí không đạt{extra_vi}",
                    f"{r.outcome_label.en}: {_n(len(failed), 'criterion', 'criteria')} not met{extra_en}",
                ),
                self._cause,
                unit,
                u.ref.subject,
                tuple((c.info.id, c.info.citation) for c in failed),
                self._statuses(r),
            )
        )

    def on_restored(self, unit: str) -> None:
        u = self._units[unit]
        r = self._full(u)
        self._alerts.append(
            Alert(
                "restored",
                Text(
                    f"không còn tiêu chí nào không đạt; kết quả hiện tại: {r.outcome}",
                    f"no criterion is failed any more; current outcome: {r.outcome}",
                ),
                self._cause,
                unit,
                u.ref.subject,
                (),
                self._statuses(r),
            )
        )

    def on_at_risk(self, unit: str) -> None:
        u = self._units[unit]
        r = self._full(u)
        risky = [
            c for c in r.criteria if c.status == "undetermined" and any(e.status == "undetermined" for e in c.events)
        ]
        saves: list[Text] = []
        for c in risky:
            for rec in c.events:
                if rec.status != "undetermined":
                    continue
                saves.append(self._save_text(u, c.info.citation, rec))
        self._alerts.append(
            Alert(
                "at_risk",
                Text(
                    f"{len(risky)} tiêu chí phụ thuộc vào sự việc chưa rõ điều kiện: sẽ không đạt nếu sự việc bị tính",
                    f"{_n(len(risky), 'criterion depends', 'criteria depend')} on an incident whose conditions are not known: "
                    "it fails if the incident counts",
                ),
                self._cause,
                unit,
                u.ref.subject,
                tuple((c.info.id, c.info.citation) for c in risky),
                self._statuses(r),
                tuple(dict.fromkeys(saves)),
            )
        )

    def _incident(self, rec: Any, lang: Lang) -> str:
        """An incident as a person reads it: its type's name, date and id."""
        name = self.pack.event_types[rec.type].name.get(lang)
        return f"{name} {rec.date:%d/%m/%Y}{' (' + rec.id + ')' if rec.id else ''}"

    def _save_text(self, u: _Unit, citation: Any, rec: Any) -> Text:
        entry = self.rules.excuses.get((rec.list_id, rec.point))
        route = self.rules.routes.get((u.ref.subject, rec.type))
        fields = self.pack.event_types[rec.type].fields
        event = u.parsed[rec.position]
        unknown = [f for f in (route.fields if route else ()) if f not in event.fields]
        labels_vi = ", ".join((fields[f].label or fields[f].description).vi for f in unknown)
        labels_en = ", ".join((fields[f].label or fields[f].description).en for f in unknown)
        who, who_en = self._incident(rec, "vi"), self._incident(rec, "en")
        if entry is not None and entry.excuse is not None:
            return Text(
                f"{who}: {entry.excuse.vi} — chưa biết: {labels_vi}",
                f"{who_en}: {entry.excuse.en} — not known yet: {labels_en}",
            )
        return Text(
            f"{who}: sự việc không thuộc {citation.label('vi')} (điểm {rec.point}) — chưa biết: {labels_vi}",
            f"{who_en}: the incident is found not to fall under {citation.label('en')} (point {rec.point}) — not known yet: {labels_en}",
        )

    def on_member_changed(self, commune: str) -> None:
        level = self._share_level_of(commune)
        was = self._share_level.get(commune, 0)
        self._share_level[commune] = level
        self._backend.share_fact(commune, level, was)

    def _share_rule_of(self, u: _Unit) -> Any:
        commune = self._units.get(u.commune) if u.commune else None
        return None if commune is None else self.rules.shares.get(commune.ref.subject)

    def _contribution(self, m: _Unit, risks: frozenset[Any], rollups: tuple[Any, ...]) -> tuple[tuple[int, ...], ...]:
        """How member ``m`` counts in each roll-up of its commune: at level 2 (an undecided member
        counted as meeting the standard) and at level 1 (a member at risk counted as failing)."""
        out = []
        for pessimistic in (False, True):
            row = []
            outcome = m.result.outcome if m.result is not None else "undetermined"
            for r in rollups:
                n = 0
                if m.ref.subject in r.members and outcome != "not_applicable":
                    if r.count == "in_scope":
                        n = 1
                    elif r.count == "outcome":
                        could = outcome in _UNDECIDED and not (pessimistic and bool(risks))
                        n = int(outcome in r.outcomes or could)
                    else:
                        assert m.base is not None
                        v = m.base.values.get(str(r.member_indicator))
                        n = int(v is None or v == r.equals)
                row.append(n)
            out.append(tuple(row))
        return tuple(out)

    def _count_member(self, m: _Unit, risks: frozenset[Any]) -> None:
        """Keep the commune's roll-up totals current as member ``m`` changes (add its new share, take
        back its old one)."""
        rule = self._share_rule_of(m)
        if rule is None:
            return
        assert m.commune is not None and m.result is not None
        standing = (m.result.outcome, bool(risks), m.base)
        seen = self._standing.get(m.ref.id)
        if seen is not None and seen[0] == standing[0] and seen[1] == standing[1] and seen[2] is standing[2]:
            return  # counts as before
        self._standing[m.ref.id] = standing
        new = self._contribution(m, risks, rule.rollups)
        old = self._contrib.get(m.ref.id)
        totals = self._totals.setdefault(m.commune, [[0] * len(rule.rollups), [0] * len(rule.rollups)])
        for level in (0, 1):
            t = totals[level]
            for i, n in enumerate(new[level]):
                t[i] += n - (old[level][i] if old is not None else 0)
        self._contrib[m.ref.id] = new

    def _share_level_of(self, commune: str) -> int:
        """2: the share is out of reach even if every undecided member meets the standard; 1: it is
        out of reach if the members at risk fail; 0: it can still be reached."""
        c = self._units[commune]
        rule = self.rules.shares[c.ref.subject]
        totals = self._totals.get(commune)
        if totals is None:
            return 0
        assert c.base is not None
        for level, counts in ((2, totals[0]), (1, totals[1])):
            # the commune's own input is the same between member changes: memo on the derived counts
            key = (commune, c.version, tuple(counts))
            failed = self._share_memo.get(key)
            if failed is None:
                if len(self._share_memo) > 10_000:
                    self._share_memo.clear()
                values = dict(c.base.values)
                values.update(zip((r.indicator for r in rule.rollups), counts, strict=True))
                res = evaluate_validated(self.pack, c.base._replace(values=values, events=tuple(c.routed.values())))
                failed = tuple(
                    cr.info.id for cr in res.criteria if cr.info.id in rule.criteria and cr.status == "not_met"
                )
                self._share_memo[key] = failed
            if failed:
                self._share_failing[commune] = failed
                return level
        return 0

    def on_share(self, commune: str, level: int) -> None:
        c = self._units[commune]
        rule = self.rules.shares[c.ref.subject]
        failing = self._share_failing.get(commune, rule.criteria)  # the criteria not met at this level
        crits = [cr for cr in self.pack.criteria_by_subject[c.ref.subject] if cr.id in failing]
        members = self._members.get(commune, ())
        lost = tuple(m for m in members if (r := self._units[m].result) is not None and r.outcome == "fail")
        risky = tuple(m for m in members if self._risks.get(m) and m not in lost)
        if level == 2:
            msg = Text(
                f"không còn đạt được tỷ lệ đơn vị đạt tiêu chuẩn: {len(lost)} đơn vị thành viên đã mất tiêu chuẩn",
                f"the share of units meeting the standard can no longer be reached: {_n(len(lost), 'member unit', 'member units')} lost it",
            )
        else:
            msg = Text(
                f"tỷ lệ đơn vị đạt tiêu chuẩn sẽ không đạt nếu {len(risky)} đơn vị có nguy cơ bị tính "
                f"({len(lost)} đã mất tiêu chuẩn)",
                f"the share of units meeting the standard is not reached if the "
                f"{_n(len(risky), 'unit at risk fails', 'units at risk fail')} "
                f"({len(lost)} already lost it)",
            )
        self._alerts.append(
            Alert(
                "share_threatened",
                msg,
                self._cause,
                commune,
                c.ref.subject,
                tuple((cr.id, cr.citation) for cr in crits),
                self._statuses(self._full(c)),
                units=lost + risky,
            )
        )

    def on_deadline(self, deadline: str) -> None:
        if deadline in self._warned:
            return
        self._warned.add(deadline)
        d = next(x for x in self.rules.deadlines if x.id == deadline)
        assert self._clock is not None
        left = (d.date - self._clock).days
        pending: list[str] = []
        if d.kind == "registration":
            for u in self._units.values():
                if u.ref.subject not in d.subjects or u.base is None:
                    continue
                for ind, equals, members in self.rules.registration:
                    if u.ref.subject in members and u.base.values.get(ind) != equals:
                        pending.append(u.ref.id)
                        break
        name = d.entry.name
        tail_vi = f"; {len(pending)} đơn vị chưa đăng ký" if d.kind == "registration" else ""
        tail_en = f"; {_n(len(pending), 'unit has', 'units have')} not registered" if d.kind == "registration" else ""
        self._alerts.append(
            Alert(
                "deadline_near",
                Text(
                    f"{name.vi}: {'trước' if d.entry.before else 'vào'} ngày {d.date:%d/%m/%Y}, còn {left} ngày{tail_vi}",
                    f"{name.en}: {'before' if d.entry.before else 'on'} {d.date.isoformat()}, {left} days left{tail_en}",
                ),
                self._cause,
                citations=((d.id, d.entry.citation),),
                units=tuple(pending),
                date=d.date,
            )
        )
