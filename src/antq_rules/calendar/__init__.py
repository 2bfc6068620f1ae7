"""Calendar: evaluation windows and other dated spans derived from the evaluation year."""

from antq_rules.calendar._windows import DayOfYear, WindowSpec

__all__ = ["DayOfYear", "WindowSpec"]
