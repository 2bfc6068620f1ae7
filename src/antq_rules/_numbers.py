"""Exact numbers. A :class:`Share` is a fraction that is a proportion, so readers see it as a percent.

>>> Share(7, 10) == Fraction(7, 10), repr(Share(7, 10))
(True, 'Share(7, 10)')
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["Share"]


class Share(Fraction):
    """A proportion (70%, 411/412 …): compares and computes like a Fraction, displayed as percent."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Share({self.numerator}, {self.denominator})"
