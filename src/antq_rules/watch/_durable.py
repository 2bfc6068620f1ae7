"""The durable_rules backend (the optional ``live`` extra: ``pip install "antq-rules[live]"``).

The watcher's generated rules become one durable_rules ruleset per (pack content, year, warning days),
built once per process and shared by every watcher of that pack: each watcher posts its facts under its
own session id (``sid``), and the rules' actions call back that watcher. durable_rules consumes a
message with the first rule it matches, so the rules over one kind of fact are mutually exclusive, and
each kind of fact is posted separately.

durable_rules 2.0.28 is unmaintained and builds from source (a C extension): it builds and runs on
CPython 3.11 and 3.12 (Linux, gcc); on 3.13 it builds but cannot be imported (``PyEval_CallObject`` is
gone), so :func:`durable_available` is false there. See the docs page "Theo dõi trong năm / watching
during the year".
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from antq_rules.watch._backend import OUTSIDE, Actions
from antq_rules.watch._rules import EventRoute, WatchRules

__all__ = ["DurableBackend", "durable_available"]


def durable_available() -> bool:
    """Whether durable_rules (the ``live`` extra) can be imported."""
    try:
        import durable.engine
        import durable.lang  # noqa: F401
    except ImportError:
        return False
    return True


_LOCK = threading.Lock()
_BUILT: set[str] = set()
_BACKENDS: dict[str, DurableBackend] = {}  # sid -> backend (rule actions call back through it)
_SIDS = itertools.count(1)


def _backend(c: Any) -> DurableBackend:
    return _BACKENDS[str(c.m.sid)]


def _action(fn: Callable[[DurableBackend, Any], None]) -> Callable[[Any], None]:
    """A rule action (one argument: durable_rules treats two-argument actions as asynchronous)."""

    def act(c: Any) -> None:
        backend = _backend(c)
        try:
            fn(backend, c.m)
        except BaseException as exc:  # durable_rules would swallow it; the backend re-raises it
            backend.failure = exc

    return act


def _ruleset_name(rules: WatchRules) -> str:
    return f"antq_watch_{rules.pack.content_hash[:20]}_{rules.year}_{rules.warn_days}"


def _build(rules: WatchRules, name: str) -> None:
    """Write the generated rules as a durable_rules ruleset."""
    from durable.lang import m, ruleset, when_all

    def set_route(route: EventRoute) -> Callable[[Any], None]:
        return _action(lambda b, msg: b._decide(route))

    with ruleset(name):
        for subject, (start, end) in rules.windows.items():
            s, e = start.toordinal(), end.toordinal()
            when_all((m.kind == "incident") & (m.subject == subject) & ((m.ord < s) | (m.ord > e)))(
                _action(lambda b, msg: b._decide(OUTSIDE))
            )
        for (subject, event_type), route in rules.routes.items():
            s, e = (d.toordinal() for d in rules.windows[subject])
            when_all(
                (m.kind == "incident") & (m.subject == subject) & (m.type == event_type) & (m.ord >= s) & (m.ord <= e)
            )(set_route(route))
        when_all((m.kind == "outcome") & (m.outcome == "fail") & (m.was != "fail"))(
            _action(lambda b, msg: b.actions.on_lost(msg.unit))
        )
        when_all((m.kind == "outcome") & (m.outcome != "fail") & (m.was == "fail"))(
            _action(lambda b, msg: b.actions.on_restored(msg.unit))
        )
        when_all((m.kind == "risk") & (m.outcome != "fail") & (m.new_risks > 0))(
            _action(lambda b, msg: b.actions.on_at_risk(msg.unit))
        )
        for subject in rules.shares:
            when_all((m.kind == "member") & (m.commune_subject == subject) & (m.changed == True))(  # noqa: E712
                _action(lambda b, msg: b.actions.on_member_changed(msg.commune))
            )
        for level in (2, 1):
            when_all((m.kind == "share") & (m.level == level) & (m.was < level))(
                _action(lambda b, msg: b.actions.on_share(msg.commune, int(msg.level)))
            )
        for d in rules.deadlines:
            when_all(
                (m.kind == "clock")
                & (m.deadline == d.id)
                & (m.ord >= d.warn_from.toordinal())
                & (m.ord <= d.date.toordinal())
            )(_action(lambda b, msg: b.actions.on_deadline(msg.deadline)))


class DurableBackend:
    """The watcher's rules run by durable_rules (forward chaining over the facts the watcher posts)."""

    name = "durable_rules"

    def __init__(self, rules: WatchRules, actions: Actions) -> None:
        from durable.engine import MessageNotHandledException
        from durable.lang import post

        self.rules = rules
        self.actions = actions
        self._post = post
        self._unhandled = MessageNotHandledException
        self.ruleset = _ruleset_name(rules)
        with _LOCK:
            if self.ruleset not in _BUILT:
                _build(rules, self.ruleset)
                _BUILT.add(self.ruleset)
            self.sid = f"w{next(_SIDS)}"
            _BACKENDS[self.sid] = self
        self._ids = itertools.count(1)
        self._decision: EventRoute | str | None = None
        self.failure: BaseException | None = None

    def _decide(self, decision: EventRoute | str | None) -> None:
        self._decision = decision

    def _send(self, message: dict[str, Any]) -> None:
        message["sid"] = self.sid
        message["id"] = next(self._ids)  # durable_rules ignores a message it has already seen
        with contextlib.suppress(self._unhandled):  # no rule matched: nothing fires
            self._post(self.ruleset, message)
        if self.failure is not None:
            exc, self.failure = self.failure, None
            raise exc

    def route(self, subject: str, event_type: str, day: date) -> EventRoute | str | None:
        self._decision = None
        self._send({"kind": "incident", "subject": subject, "type": event_type, "ord": day.toordinal()})
        decision, self._decision = self._decision, None
        return decision

    def unit_fact(self, fact: dict[str, Any]) -> None:
        unit, outcome = fact["unit"], fact["outcome"]
        self._send({"kind": "outcome", "unit": unit, "outcome": outcome, "was": fact["was"]})
        self._send({"kind": "risk", "unit": unit, "outcome": outcome, "new_risks": fact["new_risks"]})
        if fact["commune"]:
            self.member_fact(fact["commune"], fact["commune_subject"], fact["changed"])

    def member_fact(self, commune: str, commune_subject: str, changed: bool) -> None:
        self._send({"kind": "member", "commune": commune, "commune_subject": commune_subject, "changed": changed})

    def share_fact(self, commune: str, level: int, was: int) -> None:
        self._send({"kind": "share", "commune": commune, "level": level, "was": was})

    def clock(self, day: date, pending: tuple[str, ...]) -> None:
        for dl in pending:
            self._send({"kind": "clock", "deadline": dl, "ord": day.toordinal()})

    def close(self) -> None:
        with _LOCK:
            _BACKENDS.pop(self.sid, None)
        try:
            from durable.lang import delete_state

            delete_state(self.ruleset, self.sid)
        except Exception:  # an engine without the call, or a session it never kept: nothing to free
            pass
