"""Exact numbers. A :class:`Share` is a fraction that is a proportion, so readers see it as a percent.

>>> Share(7, 10) == Fraction(7, 10), repr(Share(7, 10))
(True, 'Share(7, 10)')
>>> Share.of(18, 25) >= Share(7, 10), Share.of(17, 25) >= Share(7, 10)
(True, False)
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from fractions import Fraction
from math import gcd
from typing import Any

__all__ = ["Share"]

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
