"""Bounds on what a reader accepts: files are untrusted, so every size is limited and documented."""

from __future__ import annotations

__all__ = ["MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_LINE_BYTES"]

MAX_FILE_BYTES = 200 * 1024 * 1024
"""A file larger than this (on disk) is refused whole (200 MB)."""

MAX_CELL_CHARS = 10_000
"""A cell holding more characters than this is a problem of its row (the value is not used)."""

MAX_COLUMNS = 2_000
"""A header row with more columns than this is refused (a sheet of one row per unit never needs it)."""

MAX_LINE_BYTES = 16 * 1024 * 1024
"""One line of a JSON Lines file (one unit's document) may hold at most this many bytes."""
