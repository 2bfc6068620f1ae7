"""The safe expression language of criteria packs: parse once, compile to closures, never ``eval``."""

from antq_rules.expressions._compile import (
    MAX_DEPTH,
    MAX_LENGTH,
    CompiledExpression,
    ExpressionError,
    Scope,
    Symbol,
    compile_expression,
)
from antq_rules.expressions._events import Event, EventEntry, EventList, EventRecord
from antq_rules.expressions._runtime import SLOT, UNKNOWN, Comparison, Context, EventCount, Unknown

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "SLOT",
    "UNKNOWN",
    "Comparison",
    "CompiledExpression",
    "Context",
    "Event",
    "EventCount",
    "EventEntry",
    "EventList",
    "EventRecord",
    "ExpressionError",
    "Scope",
    "Symbol",
    "Unknown",
    "compile_expression",
]
