"""Values of a result row as a file holds them: exact numbers, text that cannot turn into a formula.

>>> csv_cell("=HYPERLINK(\\"x\\")"), csv_cell(Fraction(105, 4)), csv_cell(True, "vi"), csv_cell(None)
('\\'=HYPERLINK("x")', '26.25', 'có', '')
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from antq_rules._text import Lang, Text

__all__ = ["FORMULA_START", "csv_cell", "exact_number", "yes_no"]

# a text cell starting with one of these is read as a formula by spreadsheet programs
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_YES = Text("có", "yes")
_NO = Text("không", "no")


def yes_no(v: bool, lang: Lang = "vi") -> str:
    return (_YES if v else _NO).get(lang)


def exact_number(v: Fraction) -> int | Decimal | str:
    """A fraction as an exact number: an int, a terminating decimal, or ``"n/d"`` text."""
    if v.denominator == 1:
        return v.numerator
    d = v.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d != 1:
        return f"{v.numerator}/{v.denominator}"
    places = 0
    while (v * 10**places).denominator != 1:
        places += 1
    return Decimal((v * 10**places).numerator).scaleb(-places)


def csv_cell(v: Any, lang: Lang = "vi") -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula gets a leading ``'``."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return yes_no(v, lang)
    if isinstance(v, Fraction):
        v = exact_number(v)
    if isinstance(v, (int, Decimal)):
        return str(v)
    text = str(v)
    return "'" + text if text.startswith(FORMULA_START) else text
