"""The engine: evaluate a unit's validated indicators against a compiled pack."""

from antq_rules.engine._evaluate import evaluate, evaluate_validated

__all__ = ["evaluate", "evaluate_validated"]
