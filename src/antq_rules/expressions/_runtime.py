"""Runtime pieces shared by compiled expressions: the unknown marker, the context, trace records."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

__all__ = ["EVENTS_NOT_REPORTED", "SLOT", "UNKNOWN", "Comparison", "Context", "EventCount", "Slot", "Unknown"]

EVENTS_NOT_REPORTED = "events"
"""The name listed as missing by a criterion that counts events when no events list was given at all
(``events`` absent, as opposed to an empty list: no event occurred)."""


class Unknown:
    """The third truth value: a needed indicator is missing or a value is undefined."""

    _instance: Unknown | None = None

    def __new__(cls) -> Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; test `is UNKNOWN` first")


UNKNOWN = Unknown()


class Slot:
    """Marks a legal value that is not known yet (an explicit slot); reading it gives UNKNOWN."""

    _instance: Slot | None = None

    def __new__(cls) -> Slot:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "SLOT"


SLOT = Slot()


class Comparison(NamedTuple):
    """One recorded step of a check: ``left op right`` gave ``result`` (None = undetermined)."""

    text: str
    op: str
    left: Any
    right: Any
    result: bool | None
    missing_items: tuple[str, ...] = ()


class EventCount(NamedTuple):
    """A recorded ``count_events`` call: the record of each event, the window, the count."""

    text: str
    events: tuple[Any, ...]  # EventRecord
    window: tuple[date, date]
    total: int | None


def known(v: Any) -> Any:
    """``None`` for UNKNOWN, else the value itself (trace records never hold the marker)."""
    return None if v is UNKNOWN else v


class Context:
    """Everything an expression can read during one evaluation, plus the trace it writes.

    Built by the engine; expressions never see anything else (no files, no globals).
    """

    __slots__ = (
        "deps",
        "event",
        "events",
        "law",
        "missing",
        "params",
        "prev",
        "slots",
        "trace",
        "undefined",
        "values",
        "window",
        "windows",
    )

    def __init__(
        self,
        values: dict[str, Any],
        prev: dict[str, Any],
        events: tuple[Any, ...] | None,
        windows: dict[str, tuple[date, date]],
        law: dict[str, Any],
        params: dict[str, Any],
    ) -> None:
        self.values = values
        self.prev = prev
        self.events = events
        self.windows = windows
        self.law = law
        self.params = params
        self.trace: list[tuple[Any, ...]] = []
        self.missing: list[str] = []
        self.undefined: list[str] = []
        self.event: dict[str, Any] = {}
        self.slots: list[str] = []  # slots an expression needed (law values not known yet)
        self.deps: dict[str, Any] = {}  # outcomes of required packs, by requirement id
        self.window: tuple[date, date] | None = None
