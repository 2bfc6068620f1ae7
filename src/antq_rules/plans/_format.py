"""Numbers as a plan's reader expects them: ``18/20 = 90,0%``, never rounded onto the other side of a target.

>>> share_text(Fraction(18, 20), "vi"), share_text(Fraction(7, 8), "en")
('90,0%', '87.5%')
>>> share_text(Fraction(8999, 10000), "vi", near=Fraction(9, 10))  # not shown as 90,0%
'89,99%'
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from antq_rules._text import Lang

if TYPE_CHECKING:
    from antq_rules.plans._model import Target

__all__ = ["format_target_value", "percent_text", "share_text"]


def _places(x: Fraction, places: int) -> Decimal:
    q = Decimal(1).scaleb(-places)
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(q, rounding=ROUND_HALF_EVEN)


def share_text(x: Fraction, lang: Lang = "vi", near: Fraction | None = None) -> str:
    """``x`` (a share, 0–1) as a percent with one decimal; more decimals (up to 6) when one decimal
    would show a value that is not ``near`` as equal to it (a target's threshold)."""
    pct = x * 100
    places = 1
    if near is not None and x != near:
        while places < 6 and _places(pct, places) == _places(near * 100, places):
            places += 1
    text = f"{_places(pct, places)}%"
    return text.replace(".", ",") if lang == "vi" else text


def percent_text(x: Fraction, lang: Lang = "vi") -> str:
    """A target's share as the plan writes it: ``90%``, ``87,5%`` (exact, no trailing zeros)."""
    pct = x * 100
    if (pct * 10**6).denominator != 1:
        return f"{x.numerator}/{x.denominator}"
    text = f"{Decimal(pct.numerator) / Decimal(pct.denominator):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text += "%"
    return text.replace(".", ",") if lang == "vi" else text


def format_target_value(target: Target, lang: Lang = "vi") -> str:
    """The value a target compares with, as the plan writes it."""
    comp = target.comparison
    if comp is None:
        return ""
    v: Any = comp.value
    if target.measure in ("share", "change"):
        return percent_text(v, lang)
    return str(v)
