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
from antq_rules.expressions._events import Event, EventEntry, EventList, EventVerdict
from antq_rules.expressions._runtime import UNKNOWN, Context, Site, Unknown

__all__ = [
    "MAX_DEPTH",
    "MAX_LENGTH",
    "UNKNOWN",
    "CompiledExpression",
    "Context",
    "Event",
    "EventEntry",
    "EventList",
    "EventVerdict",
    "ExpressionError",
    "Scope",
    "Site",
    "Symbol",
    "Unknown",
    "compile_expression",
]
