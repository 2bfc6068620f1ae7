"""Events reported by a unit and the legal lists ("không để xảy ra") that count them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

import attrs

from antq_rules._text import Text

__all__ = ["Event", "EventEntry", "EventList", "EventRecord"]


class Event(NamedTuple):
    """One reported event: its type, date and typed fields (force majeure, severity …).

    ``position`` is the event's place in the input list (``events[position]``).
    """

    position: int
    id: str | None
    type: str
    date: date
    fields: dict[str, Any]


@attrs.frozen(slots=True)
class EventEntry:
    """A point of a list (e.g. Điều 4 khoản 3 điểm đ): which event types fall under it, and excuses."""

    point: str
    types: frozenset[str]
    description: Text
    where: Callable[[Any], Any] | None = None
    where_text: str | None = None
    excused_when: Callable[[Any], Any] | None = None
    excused_text: str | None = None
    excuse: Text | None = None
    # the compiled filters (CompiledExpression), which generated code writes inline
    where_expr: Any = attrs.field(default=None, eq=False, repr=False)
    excused_expr: Any = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen(slots=True)
class EventList:
    id: str
    name: Text
    citation: Any
    entries: tuple[EventEntry, ...]

    def entry(self, point: str) -> EventEntry | None:
        for e in self.entries:
            if e.point == point:
                return e
        return None


class EventRecord(NamedTuple):
    """How a list check treated one reported event: counted, excused (with why) or undetermined."""

    position: int
    id: str | None
    type: str
    date: date
    list_id: str
    point: str
    status: str  # counted | excused | undetermined
    reason: Text | None = None
