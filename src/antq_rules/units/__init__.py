"""Units on indicators (pint): counts of distinct things, percent and ratio, converted exactly."""

from antq_rules.units._registry import (
    COUNT_UNITS,
    DIMENSIONLESS_UNITS,
    UNIT_NAMES,
    UnitMismatch,
    known_unit,
    registry,
    to_declared_unit,
)

__all__ = [
    "COUNT_UNITS",
    "DIMENSIONLESS_UNITS",
    "UNIT_NAMES",
    "UnitMismatch",
    "known_unit",
    "registry",
    "to_declared_unit",
]
