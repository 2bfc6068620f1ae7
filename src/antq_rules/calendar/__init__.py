"""Calendar: evaluation windows and other dated spans, and each pack's yearly deadlines."""

from antq_rules.calendar._plan import Calendar, CalendarEntry, calendar_for
from antq_rules.calendar._windows import DayOfYear, WindowSpec

__all__ = ["Calendar", "CalendarEntry", "DayOfYear", "WindowSpec", "calendar_for"]
