"""The rule backends: where the watcher's generated rules are matched against facts.

The watcher (``_watcher``) keeps the units' state and evaluates them with the engine; a backend matches
the generated rules (:mod:`antq_rules.watch._rules`) against the facts the watcher asserts and calls back
the watcher's actions for each rule that fires. :class:`PlainBackend` matches them in Python;
``_durable.DurableBackend`` hands them to durable_rules (the ``live`` extra). Both must fire the same
actions for the same facts.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Protocol

from antq_rules.watch._rules import EventRoute, WatchRules

__all__ = ["OUTSIDE", "Actions", "Backend", "PlainBackend"]

OUTSIDE = "outside"


class Actions(Protocol):
    """What a rule's action can do: the watcher's side of each rule."""

    def on_lost(self, unit: str) -> None: ...
    def on_restored(self, unit: str) -> None: ...
    def on_at_risk(self, unit: str) -> None: ...
    def on_member_changed(self, commune: str) -> None: ...
    def on_share(self, commune: str, level: int) -> None: ...
    def on_deadline(self, deadline: str) -> None: ...


class Backend(Protocol):
    name: str

    def route(self, subject: str, event_type: str, day: date) -> EventRoute | str | None:
        """Match an incident: :data:`OUTSIDE` (dated outside the subject's evaluation window), the route
        of the criteria it may change, or ``None`` (no criterion of the subject counts that type)."""
        ...

    def unit_fact(self, fact: dict[str, Any]) -> None:
        """A unit was re-evaluated: ``unit``, ``outcome``, ``was``, ``new_risks``, ``commune``,
        ``commune_subject``, ``changed``."""
        ...

    def member_fact(self, commune: str, commune_subject: str, changed: bool) -> None:
        """A member of ``commune`` changed (or the commune itself did): its share may need judging."""
        ...

    def share_fact(self, commune: str, level: int, was: int) -> None: ...

    def clock(self, day: date, pending: tuple[str, ...]) -> None:
        """The stream's date moved to ``day``; ``pending`` are the deadlines not yet warned about."""
        ...

    def close(self) -> None: ...


class PlainBackend:
    """The rules matched in Python: dictionary look-ups and comparisons, no dependency."""

    name = "plain"

    def __init__(self, rules: WatchRules, actions: Actions) -> None:
        self.rules = rules
        self.actions = actions
        self.windows = {s: (a.toordinal(), b.toordinal()) for s, (a, b) in rules.windows.items()}
        self.deadlines = {d.id: (d.warn_from.toordinal(), d.date.toordinal()) for d in rules.deadlines}

    def route(self, subject: str, event_type: str, day: date) -> EventRoute | str | None:
        start, end = self.windows[subject]
        if not start <= day.toordinal() <= end:
            return OUTSIDE
        return self.rules.routes.get((subject, event_type))

    def unit_fact(self, fact: dict[str, Any]) -> None:
        a = self.actions
        outcome, was = fact["outcome"], fact["was"]
        if outcome == "fail" and was != "fail":
            a.on_lost(fact["unit"])
        elif outcome != "fail" and was == "fail":
            a.on_restored(fact["unit"])
        if outcome != "fail" and fact["new_risks"] > 0:
            a.on_at_risk(fact["unit"])
        if fact["commune"]:
            self.member_fact(fact["commune"], fact["commune_subject"], fact["changed"])

    def member_fact(self, commune: str, commune_subject: str, changed: bool) -> None:
        if commune_subject in self.rules.shares and changed:
            self.actions.on_member_changed(commune)

    def share_fact(self, commune: str, level: int, was: int) -> None:
        if level > was:
            self.actions.on_share(commune, level)

    def clock(self, day: date, pending: tuple[str, ...]) -> None:
        d = day.toordinal()
        for dl in pending:
            start, end = self.deadlines[dl]
            if start <= d <= end:
                self.actions.on_deadline(dl)

    def close(self) -> None:
        return None
