"""The watcher's rules, generated from a pack's declarations (never written per criterion).

For one pack and one evaluation year:

- **routes** — for each subject and event type, the criteria whose check counts an event list with an
  entry for that type (``count_events(lists.X …)``), the entries' points, and the event fields their
  ``where`` / ``excused_when`` filters read (what could still excuse an incident);
- **windows** — each subject's evaluation window in that year (an incident dated outside is an error);
- **shares** — for each aggregating subject, the criteria that read a roll-up counting members by outcome
  (TT 124 Art. 5 cl. 4: the commune's share of recognised units);
- **registration** — the roll-ups counting members by an indicator (e.g. ``registration_submitted``);
- **deadlines** — the pack's calendar for every subject.

An overlay (a province pack) is a pack: its rules are generated the same way, so a changed list, excuse,
value or parameter changes the watcher as it changes evaluation.
"""

from __future__ import annotations

import ast
from datetime import date, timedelta
from datetime import date as _Date
from typing import Any

import attrs

from antq_rules.calendar import calendar_for
from antq_rules.packs import Pack

__all__ = ["DeadlineRule", "EventRoute", "ShareRule", "WatchRules", "watch_rules"]


@attrs.frozen(slots=True)
class EventRoute:
    """Rule: an incident of ``type`` reported for a unit of ``subject`` can change these criteria."""

    subject: str
    type: str
    criteria: tuple[str, ...]
    points: tuple[tuple[str, str], ...]  # (list id, point) of the entries that take this type
    fields: tuple[str, ...]  # event fields read by those entries' where / excused_when filters


@attrs.frozen(slots=True)
class ShareRule:
    """Rule: an aggregating unit's criteria that read roll-ups counting its members by outcome."""

    subject: str
    criteria: tuple[str, ...]
    rollups: tuple[Any, ...]  # the pack's RollupRule records for this subject


@attrs.frozen(slots=True)
class DeadlineRule:
    """Rule: warn from ``warn_from`` to ``date`` (inclusive) about a calendar entry."""

    id: str
    kind: str
    date: _Date
    warn_from: _Date
    subjects: tuple[str, ...]
    entry: Any  # the CalendarEntry (name, citation, provenance)


@attrs.frozen(slots=True)
class WatchRules:
    pack: Pack = attrs.field(eq=False)
    year: int
    warn_days: int
    windows: dict[str, tuple[date, date]]
    routes: dict[tuple[str, str], EventRoute]
    shares: dict[str, ShareRule]
    registration: tuple[tuple[str, Any, frozenset[str]], ...]  # (indicator, equals, member subjects)
    deadlines: tuple[DeadlineRule, ...]
    excuses: dict[tuple[str, str], Any]  # (list id, point) -> EventEntry


def _names(source: str | None) -> set[str]:
    if not source:
        return set()
    return {n.id for n in ast.walk(ast.parse(source, mode="eval")) if isinstance(n, ast.Name)}


def watch_rules(pack: Pack, year: int, warn_days: int = 14) -> WatchRules:
    """Generate the watcher's rules for ``pack`` in evaluation ``year``.

    ``warn_days`` is how many days before a calendar deadline the watcher starts warning: a host
    setting, not a legal number.
    """
    windows = {s: calendar_for(pack, year, s).window for s in pack.subjects}
    routes: dict[tuple[str, str], EventRoute] = {}
    excuses: dict[tuple[str, str], Any] = {}
    for subject in pack.subjects:
        by_type: dict[str, tuple[list[str], list[tuple[str, str]], set[str]]] = {}
        for crit in pack.criteria_by_subject[subject]:
            exprs = [crit.check, *([crit.applies_when] if crit.applies_when is not None else [])]
            for list_id in dict.fromkeys(lid for e in exprs for lid in e.lists):
                lst = pack.event_lists[list_id]
                for entry in lst.entries:
                    excuses[(list_id, entry.point)] = entry
                    for t in sorted(entry.types):
                        crits, points, fields = by_type.setdefault(t, ([], [], set()))
                        if crit.id not in crits:
                            crits.append(crit.id)
                        if (list_id, entry.point) not in points:
                            points.append((list_id, entry.point))
                        known = set(pack.event_types[t].fields)
                        fields.update(_names(entry.where_text) & known)
                        fields.update(_names(entry.excused_text) & known)
        for t, (crits, points, fields) in by_type.items():
            routes[(subject, t)] = EventRoute(subject, t, tuple(crits), tuple(points), tuple(sorted(fields)))

    shares: dict[str, ShareRule] = {}
    for subject in pack.subjects:
        outcome_rollups = {r.indicator: r for r in pack.rollups if r.subject == subject and r.count == "outcome"}
        if not outcome_rollups:
            continue
        reading = tuple(
            c.id for c in pack.criteria_by_subject[subject] if any(n in outcome_rollups for n in c.indicators)
        )
        if reading:
            rollups = tuple(r for r in pack.rollups if r.subject == subject)
            shares[subject] = ShareRule(subject, reading, rollups)

    registration = tuple((str(r.member_indicator), r.equals, r.members) for r in pack.rollups if r.count == "indicator")
    registration = tuple(dict.fromkeys(registration))

    deadlines: dict[tuple[str, date], DeadlineRule] = {}
    for subject in pack.subjects:
        for e in calendar_for(pack, year, subject).entries:
            key = (e.id, e.date)
            old = deadlines.get(key)
            subjects = (*old.subjects, subject) if old else (subject,)
            deadlines[key] = DeadlineRule(e.id, e.kind, e.date, e.date - timedelta(days=warn_days), subjects, e)
    return WatchRules(
        pack=pack,
        year=year,
        warn_days=warn_days,
        windows=windows,
        routes=routes,
        shares=shares,
        registration=registration,
        deadlines=tuple(sorted(deadlines.values(), key=lambda d: (d.date, d.id))),
        excuses=excuses,
    )
