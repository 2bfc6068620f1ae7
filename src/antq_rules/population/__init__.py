"""Populations: many units in one run — readers' rows in, the commune roll-up and the pack chain, records out."""

from antq_rules.population._chain import ChainStep, plan_chain
from antq_rules.population._model import (
    DerivedCount,
    MemberStatus,
    Rollup,
    RowError,
    RowSource,
    UnitRecord,
    UnitRow,
    commune_of,
)
from antq_rules.population._render import render_rollup, rollup_to_dict
from antq_rules.population._run import PopulationRun, evaluate_population

__all__ = [
    "ChainStep",
    "DerivedCount",
    "MemberStatus",
    "PopulationRun",
    "Rollup",
    "RowError",
    "RowSource",
    "UnitRecord",
    "UnitRow",
    "commune_of",
    "evaluate_population",
    "plan_chain",
    "render_rollup",
    "rollup_to_dict",
]
