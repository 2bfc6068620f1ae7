"""Plain-text tables that line up in a terminal (display width, not code points) and fit its width."""

from __future__ import annotations

import os
import shutil
import unicodedata
from collections.abc import Collection, Sequence
from typing import TextIO

__all__ = ["display_width", "fit_lines", "render_table", "terminal_width", "truncate", "wrap"]

LAST_RULE_MAX = 40  # the rule under a long last column stops here
DEFAULT_WIDTH = 100  # output that goes to a file or a pipe, when COLUMNS does not say
MIN_WIDTH = 40
MIN_COLUMN = 8  # a column that wraps keeps at least this many columns (or its widest word)


def terminal_width(out: TextIO | None = None) -> int:
    """The width to fit: ``COLUMNS`` when set, else the terminal's width when ``out`` is a terminal, else
    :data:`DEFAULT_WIDTH` (never less than :data:`MIN_WIDTH`).

    >>> import io; os.environ["COLUMNS"] = "60"; terminal_width(io.StringIO())
    60
    >>> del os.environ["COLUMNS"]; terminal_width(io.StringIO())
    100
    """
    env = os.environ.get("COLUMNS", "").strip()
    if env.isdigit() and int(env) > 0:
        return max(int(env), MIN_WIDTH)
    try:
        tty = out is not None and out.isatty()
    except (AttributeError, ValueError):
        tty = False
    if tty:
        return max(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns, MIN_WIDTH)
    return DEFAULT_WIDTH


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` display columns, between words where it can.

    >>> wrap("Kiểm tra: 411/412 hộ (≈ 99,76%), cần 100%", 16)
    ['Kiểm tra:', '411/412 hộ (≈', '99,76%), cần', '100%']
    """
    width = max(width, 1)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while display_width(word) > width:  # a word longer than the column: cut it
            room = width - display_width(line) - (1 if line else 0)
            if room <= 0:
                lines.append(line)
                line, room = "", width
            head = ""
            for ch in word:
                if display_width(head + ch) > room:
                    break
                head += ch
            line = f"{line} {head}" if line else head
            word = word[len(head) :]
            lines.append(line)
            line = ""
        if not word:
            continue
        candidate = f"{line} {word}" if line else word
        if display_width(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: combining marks take none, wide characters two.

    >>> display_width("Điều 4"), display_width("Đie\u0301u"), display_width("表")
    (6, 4, 2)
    """
    if text.isascii():  # most cells (codes, numbers, English): one column per character
        return len(text)
    width = 0
    for ch in text:
        if ch < "\u0300" and ch != "\xad":  # below the combining marks, only the soft hyphen takes no column
            width += 1
            continue
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


def fit_lines(lines: list[str] | str, width: int) -> list[str]:
    """Lines no longer than ``width``: a longer line is wrapped, its continuation lines indented two
    more than it, so every piece stays under the heading it belongs to.

    >>> fit_lines(["    Kiểm tra: ✗ 1 vụ, cần 0", "", "x"], 14)
    ['    Kiểm tra:', '      ✗ 1 vụ,', '      cần 0', '', 'x']
    """
    if isinstance(lines, str):
        lines = lines.split("\n")
    out: list[str] = []
    for text in lines:
        if display_width(text) <= width:
            out.append(text)
            continue
        lead = text[: len(text) - len(text.lstrip())]
        body, tag = text.strip(), ""
        cut = body.rfind(" [")
        if body.endswith("]") and cut > 0 and display_width(body[cut + 1 :]) <= width - display_width(lead) - 2:
            body, tag = body[:cut], body[cut + 1 :]  # a closing [citation] stays whole, on its own line
        first, *rest = wrap(body, max(width - display_width(lead), MIN_COLUMN))
        out.append(lead + first)
        if rest:
            more = wrap(" ".join(rest), max(width - display_width(lead) - 2, MIN_COLUMN))
            out.extend(lead + "  " + m for m in more)
        if tag:
            if display_width(out[-1]) + 1 + display_width(tag) <= width:
                out[-1] += " " + tag
            else:
                out.append(lead + "  " + tag)
    return out


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    indent: str = "",
    gap: str = "  ",
    width: int | None = None,
    fixed: Collection[int] = (),
    first: dict[int, int] | None = None,
    stack_below: int | None = None,
) -> list[str]:
    """Lines of a left-aligned table with a header rule; the last column is never padded.

    With ``width``, no line is longer than ``width`` display columns: the widest columns (except those
    in ``fixed``) are narrowed and their cells wrapped onto more lines, under their own column;
    ``first`` maps columns to narrow before the others to the width they may be narrowed to. When no
    column layout fits (or, with ``stack_below``, a narrowed column would be narrower than that), each
    row becomes a block: its first cell, then ``header: cell`` lines.

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

    if width is not None:
        room = width - display_width(indent) - display_width(gap) * (len(widths) - 1)
        words = [
            max((display_width(w) for row in [list(headers), *cells] for w in row[i].split()), default=1)
            for i in range(len(widths))
        ]
        natural = list(widths)
        # first without cutting a word, then cutting words, then one block per row
        if not _fit(widths, room, fixed, first or {}, words):
            widths[:] = natural
            if not _fit(widths, room, fixed, first or {}):
                return _stacked(headers, cells, indent, width)
        if stack_below is not None and any(w < min(n, stack_below) for w, n in zip(widths, natural, strict=True)):
            return _stacked(headers, cells, indent, width)

    def line(row: Sequence[str]) -> str:
        parts = [_pad(c, widths[i]) if i < len(row) - 1 else c for i, c in enumerate(row)]
        return (indent + gap.join(parts)).rstrip()

    def lines(row: Sequence[str]) -> list[str]:
        if width is None:
            return [line(row)]
        wrapped = [wrap(c, widths[i]) for i, c in enumerate(row)]
        height = max(len(w) for w in wrapped)
        return [line([w[k] if k < len(w) else "" for w in wrapped]) for k in range(height)]

    rule = [
        "-" * (w if i < len(widths) - 1 else min(w, max(display_width(headers[i]), LAST_RULE_MAX)))
        for i, w in enumerate(widths)
    ]
    out = [*lines(list(headers)), line(rule)]
    for row in cells:
        out.extend(lines(row))
    return out


def _stacked(headers: Sequence[str], cells: list[list[str]], indent: str, width: int) -> list[str]:
    """A table too wide for any column layout, one block per row: its first cell, then ``header: cell``
    lines under it (wrapped to ``width``).

    >>> print("\\n".join(_stacked(["Mã", "Tên"], [["kdc", "Khu dân cư"]], "", 20)))
    kdc
      Tên: Khu dân cư
    """
    out: list[str] = []
    for row in cells:
        out.extend(fit_lines([indent + row[0]], width))
        for head, cell in zip(headers[1:], row[1:], strict=False):
            if cell:
                out.extend(fit_lines([f"{indent}  {head}: {cell}"], width))
    return out


def _fit(
    widths: list[int], room: int, fixed: Collection[int], first: dict[int, int], words: Sequence[int] = ()
) -> bool:
    """Narrow the widest columns (not ``fixed``; those in ``first`` first) until they fit ``room``, never
    below :data:`MIN_COLUMN` nor, when ``words`` gives each column's widest word, below that (else a word
    wider than its column is cut by :func:`wrap`). False when it does not fit."""
    least = [max(MIN_COLUMN, words[i]) if words else MIN_COLUMN for i in range(len(widths))]
    for i, floor in first.items():
        while sum(widths) > room and widths[i] > max(floor, least[i]):
            widths[i] -= 1
    floors = [w if i in fixed else min(w, least[i]) for i, w in enumerate(widths)]
    while sum(widths) > room:
        candidates = [i for i, w in enumerate(widths) if w > floors[i]]
        if not candidates:
            return False
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    return True
