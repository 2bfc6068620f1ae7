"""The unit registry: pint, plus one dimension per kind of counted thing.

Households, persons, units, cases, models, sub-units and incidents each get their own dimension, so a
count of persons can never be given where households are expected. ``percent`` and ``ratio`` are
dimensionless; conversions between them are exact.

>>> to_declared_unit("85 %", "ratio")
Fraction(17, 20)
>>> to_declared_unit("412 household", "household")
412
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from typing import Any

import pint

__all__ = ["COUNT_UNITS", "UnitMismatch", "known_unit", "registry", "to_declared_unit"]

COUNT_UNITS: dict[str, tuple[str, str]] = {
    "household": ("hộ", "household"),
    "person": ("người", "person"),
    "unit": ("đơn vị", "unit"),
    "case": ("vụ", "case"),
    "model": ("mô hình", "model"),
    "subunit": ("đầu mối", "sub-unit"),
    "incident": ("vụ việc", "incident"),
}


class UnitMismatch(ValueError):
    """A value's unit cannot be converted to the declared unit."""


@lru_cache(maxsize=1)
def registry() -> Any:
    # Only the units packs need: loading pint's full default catalogue costs ~0.5 s at start-up.
    reg: Any = pint.UnitRegistry(filename=None, non_int_type=Fraction, autoconvert_offset_to_baseunit=False)
    for name in COUNT_UNITS:
        reg.define(f"{name} = [{name}_count] = {name}s")
    reg.define("ratio = 1")
    reg.define("percent = 0.01 = %")
    reg.define("permille = 0.001 = ‰")
    return reg


def known_unit(name: str) -> bool:
    try:
        registry().Unit(name)
    except (pint.errors.UndefinedUnitError, ValueError, AttributeError, TypeError):
        return False
    return True


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[Fraction, str]:
    reg = registry()
    try:
        q: Any = reg.Quantity(text.strip())
    except Exception as exc:  # pint raises many types for bad strings
        raise UnitMismatch(f"cannot read {text!r} as a quantity: {exc}") from None
    return Fraction(q.magnitude), str(q.units)


def to_declared_unit(value: Any, unit: str, *, require_unit: bool = False) -> int | Fraction:
    """Convert ``value`` (a number, a string like ``"85 %"``, or ``{value, unit}``) into ``unit``.

    A number written without a unit is taken to be in the declared unit already, unless
    ``require_unit`` is set (as it is for percent and ratio, where 85 and 0.85 are easily confused).
    Results are exact (int or Fraction).
    """
    if isinstance(value, dict):
        magnitude, given = value.get("value"), value.get("unit")
        if not isinstance(given, str):
            raise UnitMismatch("a quantity object needs 'value' and 'unit'")
        text = f"{magnitude} {given}"
    elif isinstance(value, str):
        text = value
    else:
        raise UnitMismatch(f"not a quantity: {value!r}")
    magnitude_f, given_unit = _parse(text)
    reg = registry()
    if given_unit in ("dimensionless", ""):
        if require_unit:
            raise UnitMismatch(f"{text!r} has no unit: write e.g. '85 %' or '0.85 ratio'")
        result = magnitude_f  # a bare number inside a string is in the declared unit
    else:
        try:
            result = Fraction(reg.Quantity(magnitude_f, given_unit).to(unit).magnitude)
        except pint.errors.DimensionalityError:
            raise UnitMismatch(f"{text!r} is not in a unit compatible with '{unit}'") from None
    return int(result) if result.denominator == 1 else result
