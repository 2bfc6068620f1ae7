"""How headers and sheet names are compared: NFC, case-folded, runs of whitespace collapsed."""

from __future__ import annotations

from antq_rules._text import fold as norm

__all__ = ["EVENTS_SHEETS", "TEMPLATE_SHEETS", "norm"]


EVENTS_SHEETS = frozenset({norm("events"), norm("Sự kiện")})
"""Names of the sheet (or file stem) that holds events, one row per event."""

TEMPLATE_SHEETS = frozenset({norm("Hướng dẫn"), norm("Danh mục")})
"""The template's own sheets (instructions, lists): skipped without a warning."""
