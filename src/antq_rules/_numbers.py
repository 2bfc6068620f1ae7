"""Exact numbers. A :class:`Share` is a fraction that is a proportion, so readers see it as a percent.

>>> Share(7, 10) == Fraction(7, 10), repr(Share(7, 10))
(True, 'Share(7, 10)')
>>> Share.of(18, 25) >= Share(7, 10), Share.of(17, 25) >= Share(7, 10)
(True, False)
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from math import gcd
from typing import Any, Final

from antq_rules._text import Lang, Text

__all__ = [
    "LARGEST",
    "MAX_DIGITS",
    "MAX_EXPONENT",
    "MAX_NUMBER_TEXT",
    "NumberBoundError",
    "Share",
    "bounded_decimal",
    "bounded_exact",
    "bounded_text",
    "check_magnitude",
    "number_text",
]

# -- bounds on every number read from a pack or an input -------------------------------------------------
# ``Fraction("1e999999999")`` or ``Fraction(Decimal("1e-999999999"))`` computes 10**999999999 (minutes,
# gigabytes), and an integer of more than 4300 digits cannot be written out. So every number is looked at
# (its length, its count of digits, its decimal exponent) before it is turned into an int or a Fraction.
MAX_NUMBER_TEXT: Final = 100  # characters of a number written as text (longer text is refused unread)
MAX_DIGITS: Final = 40  # significant digits of a number
MAX_EXPONENT: Final = 24  # |decimal exponent| of a number: 10**-24 <= |x| < 10**25 (or x == 0)
_LIMIT: Final = 10 ** (MAX_EXPONENT + 1)  # integers (and numerators, denominators) stay below this
LARGEST: Final = _LIMIT - 1  # the largest integer accepted (fast paths compare with it)


class NumberBoundError(ValueError):
    """A number outside the bounds above (or not finite); ``text`` says which (vi and en)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


def _shown(value: Any) -> str:
    """At most 40 characters of a number as written (it may be millions of digits long)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return f"<{value.bit_length()}-bit integer>"
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _out_of_bounds(value: Any) -> NumberBoundError:
    shown = _shown(value)
    return NumberBoundError(
        Text(
            f"số {shown} nằm ngoài giới hạn (tối đa {MAX_DIGITS} chữ số có nghĩa, "
            f"độ lớn từ 10^-{MAX_EXPONENT} đến dưới 10^{MAX_EXPONENT + 1})",
            f"number {shown} is out of bounds (at most {MAX_DIGITS} significant digits, "
            f"magnitude from 10^-{MAX_EXPONENT} to below 10^{MAX_EXPONENT + 1})",
        )
    )


def check_magnitude(value: int | Fraction) -> None:
    """Raise :class:`NumberBoundError` when an exact number is too large (or too finely divided).

    >>> check_magnitude(10**24); check_magnitude(Fraction(1, 3))
    >>> check_magnitude(10**30)
    Traceback (most recent call last):
    antq_rules._numbers.NumberBoundError: number 1000000000000000000000000000000 is out of bounds (at most 40 significant digits, magnitude from 10^-24 to below 10^25)
    """
    if type(value) is int or isinstance(value, int):
        if -_LIMIT < value < _LIMIT:
            return
    elif -_LIMIT < value.numerator < _LIMIT and value.denominator < _LIMIT:
        return
    raise _out_of_bounds(value)


def bounded_decimal(value: Decimal) -> int | Fraction:
    """A :class:`~decimal.Decimal` as an exact int or Fraction, once its digits and exponent are checked.

    >>> bounded_decimal(Decimal("0.70")), bounded_decimal(Decimal("1.2E+3"))
    (Fraction(7, 10), 1200)
    >>> bounded_decimal(Decimal("1e-999999999"))
    Traceback (most recent call last):
    antq_rules._numbers.NumberBoundError: number 1E-999999999 is out of bounds (at most 40 significant digits, magnitude from 10^-24 to below 10^25)
    """
    if not value.is_finite():
        shown = _shown(value)
        raise NumberBoundError(Text(f"số không hợp lệ: {shown}", f"not a finite number: {shown}"))
    if value and (len(value.as_tuple().digits) > MAX_DIGITS or not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT):
        raise _out_of_bounds(value)
    f = Fraction(value)
    return f.numerator if f.denominator == 1 else f


def bounded_text(text: str) -> int | Fraction:
    """A number written as plain decimal text (``12``, ``-0.5``, ``1.5e3``), read exactly within the bounds.

    ``ValueError`` (a :class:`NumberBoundError` when the number is readable but out of bounds) for
    anything else. The text is never handed to ``int()`` or ``Fraction()`` before it is checked.

    >>> bounded_text("1.5e3"), bounded_text("-0.25")
    (1500, Fraction(-1, 4))
    """
    if len(text) > MAX_NUMBER_TEXT:
        raise _out_of_bounds(text)
    try:
        value = Decimal(text.replace("_", "")) if text.isascii() else None
    except InvalidOperation:
        value = None
    if value is None or text.strip().lower().lstrip("+-") in ("inf", "infinity", "nan", "snan"):
        raise ValueError(f"not a number: {text!r}")
    return bounded_decimal(value)


def bounded_exact(value: Any) -> int | Fraction:
    """Any number a host or a pack may give (int, Decimal, Fraction, float, plain text) as an exact int
    or Fraction within the bounds; :class:`NumberBoundError` otherwise (``TypeError`` for a non-number).

    A float is read as the decimal it is written as (``0.1`` is 1/10).
    """
    kind = type(value)
    if kind is int:
        check_magnitude(value)
        return value  # type: ignore[no-any-return]
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Decimal):
        return bounded_decimal(value)
    if isinstance(value, Fraction):
        check_magnitude(value)
        return value.numerator if value.denominator == 1 else value
    if isinstance(value, int):
        check_magnitude(value)
        return int(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberBoundError(Text(f"số không hợp lệ: {value}", f"not a finite number: {value}"))
        return bounded_decimal(Decimal(repr(value)))
    if isinstance(value, str):
        return bounded_text(value)
    raise TypeError(f"not a number: {value!r}")


_RATIONAL = (Fraction, int)


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Share, Any], Any]:
    """A comparison that cross-multiplies with another fraction or an integer (no float, no rounding).

    ``Fraction``'s own comparison first tests ``other`` against the ``numbers.Rational`` ABC; evaluations
    compare a share with a legal threshold on every call, so the exact types are tested directly.
    """
    slow = getattr(Fraction, f"__{op.__name__}__")

    def compare(self: Share, other: Any) -> Any:
        kind = type(other)
        if kind is Share or kind is Fraction:  # read the two slots Fraction keeps (as its own methods do)
            return op(self._numerator * other._denominator, other._numerator * self._denominator)  # type: ignore[attr-defined]
        if kind is int:
            return op(self._numerator, other * self._denominator)  # type: ignore[attr-defined]
        return slow(self, other)

    compare.__name__ = f"__{op.__name__}__"
    return compare


class Share(Fraction):
    """A proportion (70%, 411/412 …): compares and computes like a Fraction, displayed as percent."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Share({self.numerator}, {self.denominator})"

    @classmethod
    def of(cls, numerator: int, denominator: int) -> Share:
        """``numerator / denominator`` for two integers, the denominator positive (no checks, fast)."""
        g = gcd(numerator, denominator)
        share = object.__new__(cls)  # what Fraction.__new__ does before setting the two slots below
        share._numerator = numerator // g  # type: ignore[attr-defined]
        share._denominator = denominator // g  # type: ignore[attr-defined]
        return share

    __lt__ = _compare(operator.lt)
    __le__ = _compare(operator.le)
    __gt__ = _compare(operator.gt)
    __ge__ = _compare(operator.ge)


def number_text(x: Any, lang: Lang = "vi") -> str:
    """A count or measure as a reader writes it: whole numbers exact, fractions to 4 decimals.

    >>> number_text(Fraction(5, 2), "vi"), number_text(412, "en"), number_text(Fraction(2, 3), "en")
    ('2,5', '412', '0.6667')
    """
    if isinstance(x, Fraction) and x.denominator != 1:
        text = f"{float(x):.4f}".rstrip("0").rstrip(".")
    else:
        text = str(int(x)) if isinstance(x, Fraction) else str(x)
    return text.replace(".", ",") if lang == "vi" else text
