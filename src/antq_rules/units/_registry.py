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

import re
from fractions import Fraction
from functools import lru_cache
from typing import Any

from antq_rules._numbers import NumberBoundError, bounded_exact, bounded_text, check_magnitude

__all__ = [
    "COUNT_UNITS",
    "DIMENSIONLESS_UNITS",
    "UNIT_NAMES",
    "UnitMismatch",
    "known_unit",
    "registry",
    "to_declared_unit",
]

COUNT_UNITS: dict[str, tuple[str, str]] = {
    "household": ("hộ", "household"),
    "person": ("người", "person"),
    "unit": ("đơn vị", "unit"),
    "case": ("vụ", "case"),
    "model": ("mô hình", "model"),
    "subunit": ("đầu mối", "sub-unit"),
    "incident": ("vụ việc", "incident"),
}


# Every unit a pack may declare or an input may write, and the name pint knows it by. User text is never
# handed to pint's expression parser (which evaluates ``9**9**9`` and recurses on brackets): a quantity is
# read here as ``<number> <unit name>``, and pint only converts between two names of this list.
UNIT_NAMES: dict[str, str] = {
    **{name: name for name in COUNT_UNITS},
    **{name + "s": name for name in COUNT_UNITS},
    "ratio": "ratio",
    "percent": "percent",
    "%": "percent",
    "permille": "permille",
    "‰": "permille",
}
DIMENSIONLESS_UNITS = frozenset({"ratio", "percent", "permille"})
MAX_QUANTITY_TEXT = 120  # characters of a quantity written as text (number, space, unit name)

# a decimal number (exponent allowed) or a quotient of two integers ("1/3 ratio"), then the unit name
_QUANTITY = re.compile(r"([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(?:\s*/\s*(\d+))?\s*(.*)", re.ASCII)


class UnitMismatch(ValueError):
    """A value's unit cannot be converted to the declared unit (or the value is not a quantity).

    ``str(exc)`` is the English message; ``exc.vi`` the Vietnamese one (a Vietnamese message never
    quotes the English).
    """

    def __init__(self, en: str, vi: str | None = None) -> None:
        super().__init__(en)
        self.en = en
        self.vi = vi if vi is not None else en


def unit_words(unit: str | None, lang: str = "vi") -> str:
    """A declared unit as a reader calls it: ``household`` → ``hộ``, ``percent`` → ``phần trăm``.

    >>> unit_words("household"), unit_words("percent", "en"), unit_words("ratio")
    ('hộ', 'percent', 'tỉ lệ')
    """
    if unit is None:
        return ""
    if unit in COUNT_UNITS:
        vi, en = COUNT_UNITS[unit]
        return vi if lang == "vi" else en
    words = {"percent": ("phần trăm", "percent"), "ratio": ("tỉ lệ", "ratio"), "permille": ("phần nghìn", "per mille")}
    return words[unit][0 if lang == "vi" else 1] if unit in words else unit


@lru_cache(maxsize=1)
def registry() -> Any:
    # pint (and numpy under it) costs ~0.3 s to import: it is imported here, the first time two different
    # units are converted, never at start-up (see docs/api.md, "Start-up and the pack cache").
    # Only the units packs need: loading pint's full default catalogue costs ~0.5 s more.
    import pint

    reg: Any = pint.UnitRegistry(filename=None, non_int_type=Fraction, autoconvert_offset_to_baseunit=False)
    for name in COUNT_UNITS:
        reg.define(f"{name} = [{name}_count] = {name}s")
    reg.define("ratio = 1")
    reg.define("percent = 0.01 = %")
    reg.define("permille = 0.001 = ‰")
    return reg


def known_unit(name: object) -> bool:
    """Whether ``name`` is one of the declared unit names (:data:`UNIT_NAMES`)."""
    return isinstance(name, str) and name in UNIT_NAMES


def _unit_name(given: str, text: str) -> str:
    name = UNIT_NAMES.get(given.strip())
    if name is None:
        shown = given if len(given) <= 40 else given[:37] + "…"
        known = ", ".join(UNIT_NAMES)
        raise UnitMismatch(
            f"cannot read {text!r} as a quantity: unknown unit {shown!r} (known: {known})",
            f"không đọc được {text!r} thành một số lượng: không biết đơn vị {shown!r} (các đơn vị: {known})",
        )
    return name


@lru_cache(maxsize=4096)
def _parse(text: str) -> tuple[int | Fraction, str | None]:
    """``"<number> <unit>"`` (or a bare number) as an exact bounded number and a unit name of the list."""
    if len(text) > MAX_QUANTITY_TEXT:
        raise UnitMismatch(
            f"quantity text longer than {MAX_QUANTITY_TEXT} characters",
            f"chuỗi số lượng dài quá {MAX_QUANTITY_TEXT} ký tự",
        )
    m = _QUANTITY.fullmatch(text.strip())
    if m is None:
        shown = text if len(text) <= 40 else text[:37] + "…"
        raise UnitMismatch(
            f"cannot read {shown!r} as a quantity: write a number and a unit, e.g. '85 %'",
            f"không đọc được {shown!r} thành một số lượng: hãy viết một số và một đơn vị, ví dụ '85 %'",
        )
    magnitude = bounded_text(m.group(1))  # NumberBoundError (a ValueError) when out of bounds
    if m.group(2) is not None:
        denominator = bounded_text(m.group(2))
        if not denominator:
            raise UnitMismatch(
                f"cannot read {text!r} as a quantity: division by zero",
                f"không đọc được {text!r} thành một số lượng: chia cho 0",
            )
        magnitude = Fraction(magnitude) / denominator
        check_magnitude(magnitude)
    return magnitude, (_unit_name(m.group(3), text) if m.group(3) else None)


def _convert(magnitude: int | Fraction, given: str, unit: str, text: str) -> Fraction:
    if given == unit:
        return Fraction(magnitude)
    reg = registry()  # imports pint the first time
    from pint.errors import DimensionalityError

    try:
        return Fraction(reg.Quantity(Fraction(magnitude), given).to(UNIT_NAMES.get(unit, unit)).magnitude)
    except DimensionalityError:
        raise UnitMismatch(
            f"{text!r} is not in a unit compatible with '{unit}'",
            f"{text!r} không cùng loại đơn vị với {unit_words(unit)!r}",
        ) from None


def to_declared_unit(value: Any, unit: str, *, require_unit: bool = False) -> int | Fraction:
    """Convert ``value`` (a string like ``"85 %"``, or ``{value, unit}``) into ``unit``.

    A number written without a unit is taken to be in the declared unit already, unless
    ``require_unit`` is set (as it is for percent and ratio, where 85 and 0.85 are easily confused).
    Results are exact (int or Fraction). Numbers are bounded before they are computed
    (:class:`~antq_rules._numbers.NumberBoundError`); units come from :data:`UNIT_NAMES` only.
    """
    if isinstance(value, dict):
        magnitude_raw, given_raw = value.get("value"), value.get("unit")
        if not isinstance(given_raw, str) or magnitude_raw is None or isinstance(magnitude_raw, bool):
            raise UnitMismatch(
                "a quantity object needs 'value' and 'unit'",
                "một số lượng viết dạng đối tượng cần có 'value' và 'unit'",
            )
        text = f"{str(magnitude_raw)[:40]} {given_raw[:40]}"
        try:
            magnitude = bounded_exact(magnitude_raw)
        except NumberBoundError:
            raise  # out of bounds: said as such by the caller
        except (TypeError, ValueError):  # not a number at all ("x", a list …)
            raise UnitMismatch(
                f"a quantity object's 'value' must be a number, not {type(magnitude_raw).__name__}",
                f"'value' của một số lượng viết dạng đối tượng phải là một số, không phải {type(magnitude_raw).__name__}",
            ) from None
        given: str | None = _unit_name(given_raw, text)
    elif isinstance(value, str):
        text = value
        magnitude, given = _parse(value)
    else:
        raise UnitMismatch(f"not a quantity: {str(value)[:40]!r}", f"không phải một số lượng: {str(value)[:40]!r}")
    if given is None:
        if require_unit:
            raise UnitMismatch(
                f"{text!r} has no unit: write e.g. '85 %' or '0.85 ratio'",
                f"{text!r} không có đơn vị: hãy viết ví dụ '85 %' hoặc '0.85 ratio'",
            )
        result = Fraction(magnitude)  # a bare number inside a string is in the declared unit
    else:
        result = _convert(magnitude, given, unit, text)
    check_magnitude(result)
    return result.numerator if result.denominator == 1 else result
