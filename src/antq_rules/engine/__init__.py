"""The engine: evaluate a unit's validated indicators against a compiled pack."""

from antq_rules.engine._chain import resolve_dependencies
from antq_rules.engine._evaluate import evaluate, evaluate_validated
from antq_rules.engine._scoring import score

__all__ = ["evaluate", "evaluate_validated", "resolve_dependencies", "score"]
