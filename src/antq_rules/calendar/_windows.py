"""Dated spans computed from an evaluation year (evaluation windows, Quý I, deadlines).

>>> spec = WindowSpec(DayOfYear(11, 1, -1), DayOfYear(10, 31, 0))
>>> spec.for_year(2026)
(datetime.date(2025, 11, 1), datetime.date(2026, 10, 31))
"""

from __future__ import annotations

from datetime import date

import attrs

__all__ = ["DayOfYear", "WindowSpec"]


@attrs.frozen(slots=True)
class DayOfYear:
    """A day given as month and day, relative to the evaluation year by ``year_offset``."""

    month: int
    day: int
    year_offset: int = 0

    def in_year(self, year: int) -> date:
        return date(year + self.year_offset, self.month, self.day)

    def label(self) -> str:
        rel = "Y" if self.year_offset == 0 else f"Y{self.year_offset:+d}"
        return f"{self.day:02d}/{self.month:02d}/{rel}"


@attrs.frozen(slots=True)
class WindowSpec:
    """An inclusive span of days, both ends relative to the evaluation year."""

    start: DayOfYear
    end: DayOfYear

    def for_year(self, year: int) -> tuple[date, date]:
        return self.start.in_year(year), self.end.in_year(year)

    def label(self) -> str:
        return f"{self.start.label()} – {self.end.label()}"
