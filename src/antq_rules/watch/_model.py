"""What a watcher emits: alerts (with citations, cause and the unit's per-criterion status) and errors."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from antq_rules._text import Lang, Text

__all__ = ["ALERT_KINDS", "Alert", "Cause", "WatchError"]

ALERT_KINDS = ("lost", "restored", "at_risk", "share_threatened", "deadline_near")
"""Every kind of alert, in the order alerts of one step are given."""


@attrs.frozen(slots=True)
class Cause:
    """The message that caused an alert: its place in the stream, its operation, the unit and event."""

    seq: int  # 1-based number of the message in the stream (0: the units as loaded)
    op: str  # event | update | indicators | clock | start
    unit: str | None = None
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "op": self.op, "unit": self.unit, "event": self.event}


@attrs.frozen(slots=True)
class Alert:
    """One alert.

    ``kind`` is one of :data:`ALERT_KINDS`: ``lost`` (the unit no longer meets the standard),
    ``restored`` (it no longer fails, e.g. an update excused the incident), ``at_risk`` (an incident is
    undetermined: it counts unless what ``save`` says becomes known), ``share_threatened`` (an aggregating
    unit's share of members meeting the standard is not reached when the members that lost it, and those at
    risk, fail), ``deadline_near`` (a calendar deadline, with the units that have not yet registered).

    ``citations`` holds ``(criterion or deadline id, citation)`` pairs; ``statuses`` the unit's current
    status per criterion (``met`` / ``not_met`` / ``undetermined`` / ``not_applicable``).
    """

    kind: str
    message: Text
    cause: Cause
    unit: str | None = None
    subject: str | None = None
    citations: tuple[tuple[str, Any], ...] = ()
    statuses: tuple[tuple[str, str], ...] = ()
    save: tuple[Text, ...] = ()
    units: tuple[str, ...] = ()
    date: date | None = None

    def key(self) -> tuple[Any, ...]:
        """The order alerts of one step are given in (kind, unit, first citation)."""
        first = self.citations[0][0] if self.citations else ""
        return (ALERT_KINDS.index(self.kind), self.unit or "", first)

    def render(self, lang: Lang = "vi") -> str:
        """One line (plus a line per way to save the unit) as a person reads it."""
        where = f"[{self.unit}] " if self.unit else ""
        cites = "; ".join(f"{cid} ({c.label(lang)})" for cid, c in self.citations if c is not None)
        line = f"{_KIND_LABELS[self.kind].get(lang)}: {where}{self.message.get(lang)}"
        if cites:
            line += f" — {cites}"
        for s in self.save:
            line += f"\n    {_SAVE.get(lang)}: {s.get(lang)}"
        return line

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "unit": self.unit,
            "subject": self.subject,
            "message": self.message.to_dict(),
            "citations": [{"id": cid, "citation": None if c is None else c.to_dict()} for cid, c in self.citations],
            "cause": self.cause.to_dict(),
            "statuses": dict(self.statuses),
            "save": [s.to_dict() for s in self.save],
            "units": list(self.units),
            "date": None if self.date is None else self.date.isoformat(),
        }


@attrs.frozen(slots=True)
class WatchError:
    """A message the watcher could not take (the stream goes on): where, which unit/event, why."""

    seq: int
    message: Text
    unit: str | None = None
    event: str | None = None

    def render(self, lang: Lang = "vi") -> str:
        what = _ERROR.get(lang)
        where = f"#{self.seq}" if self.seq else ""
        who = f" [{self.unit}{'/' + self.event if self.event else ''}]" if self.unit else ""
        return f"{what} {where}{who}: {self.message.get(lang)}"

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.message.to_dict(), "seq": self.seq, "unit": self.unit, "event": self.event}


_KIND_LABELS = {
    "lost": Text("MẤT TIÊU CHUẨN", "LOST THE STANDARD"),
    "restored": Text("KHÔNG CÒN CHƯA ĐẠT", "NO LONGER FAILING"),
    "at_risk": Text("CÓ NGUY CƠ", "AT RISK"),
    "share_threatened": Text("TỶ LỆ BỊ ĐE DOẠ", "SHARE THREATENED"),
    "deadline_near": Text("SẮP ĐẾN HẠN", "DEADLINE NEAR"),
}
_SAVE = Text("còn cứu được nếu", "would still be saved if")
_ERROR = Text("Lỗi dòng", "Error in message")
