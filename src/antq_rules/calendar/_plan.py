"""The yearly calendar of a pack for one subject: evaluation window, registration, deadlines.

>>> import antq_rules
>>> cal = calendar_for(antq_rules.shipped_pack("vn.bca.tt124"), 2026, "kdc")
>>> cal.window
(datetime.date(2025, 11, 1), datetime.date(2026, 10, 31))
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from antq_rules._text import Text

if TYPE_CHECKING:
    from antq_rules.packs import Pack

__all__ = ["Calendar", "CalendarEntry", "calendar_for"]


@attrs.frozen(slots=True)
class CalendarEntry:
    """A dated step of the yearly cycle (registration, selection, decision, report)."""

    id: str
    kind: str
    date: date
    before: bool  # "before this date" (trước ngày …) rather than "on this date"
    name: Text
    citation: Any
    provenance: Any


@attrs.frozen(slots=True)
class Calendar:
    pack: str
    subject: str
    year: int
    window: tuple[date, date]
    window_name: Text
    window_citation: Any
    window_provenance: Any
    entries: tuple[CalendarEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        def cite(c: Any) -> Any:
            return None if c is None else c.to_dict()

        return {
            "pack": self.pack,
            "subject": self.subject,
            "year": self.year,
            "window": {
                "start": self.window[0].isoformat(),
                "end": self.window[1].isoformat(),
                "name": self.window_name.to_dict(),
                "citation": cite(self.window_citation),
                "provenance": self.window_provenance.to_dict(),
            },
            "entries": [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "date": e.date.isoformat(),
                    "before": e.before,
                    "name": e.name.to_dict(),
                    "citation": cite(e.citation),
                    "provenance": e.provenance.to_dict(),
                }
                for e in self.entries
            ],
        }


def calendar_for(pack: Pack, year: int, subject: str) -> Calendar:
    """The evaluation window and every deadline of ``pack`` that applies to ``subject`` in ``year``."""
    from antq_rules.inputs._arguments import require_year

    require_year(year)  # EvaluationError outside 1990-2200 (dates of year 0 or 99999 do not exist)
    if subject not in pack.subjects:
        from antq_rules.errors import EvaluationError

        known = ", ".join(pack.subjects)
        raise EvaluationError(
            Text(
                f"gói {pack.ref} không có đối tượng '{subject}' (có: {known})",
                f"pack {pack.ref} has no subject '{subject}' (known: {known})",
            )
        )
    w = pack.windows[pack.subjects[subject].window]
    entries = sorted(
        (
            CalendarEntry(d.id, d.kind, d.day.in_year(year), d.before, d.name, d.citation, d.provenance)
            for d in pack.deadlines
            if d.subjects is None or subject in d.subjects
        ),
        key=lambda e: (e.date, e.id),
    )
    return Calendar(pack.ref, subject, year, w.spec.for_year(year), w.name, w.citation, w.provenance, tuple(entries))
