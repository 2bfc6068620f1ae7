"""Exact shares shown as percent the way each language writes them (Babel, locale ``vi`` or ``en``).

>>> from fractions import Fraction
>>> format_share(Fraction(9, 10), "vi"), format_share(Fraction(9, 10), "en")
('90,0%', '90.0%')
>>> format_share(Fraction(2, 3), "vi"), format_share(None, "en")
('66,7%', '—')
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from babel.numbers import format_decimal, format_percent

from antq_rules._text import Lang

__all__ = ["format_count", "format_share", "round_half_up", "share_text"]

_PATTERN = "#,##0.0%"


def round_half_up(x: Fraction, places: int) -> Decimal:
    """``x`` rounded to ``places`` decimals, halves away from zero, computed exactly (no float).

    >>> round_half_up(Fraction(1, 8), 2), round_half_up(Fraction(-1, 8), 2)
    (Decimal('0.13'), Decimal('-0.13'))
    """
    scale = 10**places
    scaled = abs(x) * scale
    q, r = divmod(scaled.numerator, scaled.denominator)
    if 2 * r >= scaled.denominator:
        q += 1
    if x < 0:
        q = -q
    return Decimal(q).scaleb(-places)


def format_share(share: Fraction | None, lang: Lang = "vi") -> str:
    """A share (0..1) as percent with one decimal: ``90,0%`` (vi), ``90.0%`` (en); ``—`` when none."""
    if share is None:
        return "—"
    # rounded exactly here (to 0.1 percentage point), then Babel only writes the digits
    return str(format_percent(round_half_up(share, 3), format=_PATTERN, locale=lang))


def format_count(n: int, lang: Lang = "vi") -> str:
    """A count with the language's digit grouping: ``12.345`` (vi), ``12,345`` (en)."""
    return str(format_decimal(n, locale=lang))


def share_text(share: Fraction | None) -> str | None:
    """The exact fraction as text (``"9/10"``) for machine-readable outputs; ``None`` when none."""
    if share is None:
        return None
    return f"{share.numerator}/{share.denominator}"
