"""Populations: many units in one run — readers' rows in, the commune roll-up and the pack chain, records out."""

from antq_rules.population._model import (
    DerivedCount,
    MemberStatus,
    Rollup,
    RowError,
    RowSource,
    UnitRecord,
    UnitRow,
)

__all__ = [
    "DerivedCount",
    "MemberStatus",
    "Rollup",
    "RowError",
    "RowSource",
    "UnitRecord",
    "UnitRow",
]
