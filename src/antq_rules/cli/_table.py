"""Plain-text tables that line up in a terminal (display width, not code points)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

__all__ = ["display_width", "render_table", "truncate"]

LAST_RULE_MAX = 40  # the rule under a long last column stops here


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: combining marks take none, wide characters two.

    >>> display_width("Điều 4"), display_width("Đie\u0301u"), display_width("表")
    (6, 4, 2)
    """
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns, ending in ``…`` when it was cut.

    >>> truncate("Khu dân cư an toàn", 10)
    'Khu dân c…'
    """
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    return out.rstrip() + "…"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    indent: str = "",
    gap: str = "  ",
) -> list[str]:
    """Lines of a left-aligned table with a header rule; the last column is never padded.

    >>> print("\\n".join(render_table(["ID", "Tên"], [["kdc", "Khu dân cư"], ["xa", "Xã"]])))
    ID   Tên
    ---  ----------
    kdc  Khu dân cư
    xa   Xã
    """
    cells = [[" ".join(str(c).split()) for c in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            widths[i] = max(widths[i], display_width(c))

    def line(row: Sequence[str]) -> str:
        parts = [_pad(c, widths[i]) if i < len(row) - 1 else c for i, c in enumerate(row)]
        return (indent + gap.join(parts)).rstrip()

    rule = [
        "-" * (w if i < len(widths) - 1 else min(w, max(display_width(headers[i]), LAST_RULE_MAX)))
        for i, w in enumerate(widths)
    ]
    out = [line(list(headers)), line(rule)]
    out.extend(line(row) for row in cells)
    return out
