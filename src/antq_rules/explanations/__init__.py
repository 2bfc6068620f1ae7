"""Explanations: render a structured result as readable text, Vietnamese first, English on request."""

from antq_rules.explanations._text import (
    format_percent,
    format_value,
    render_criterion,
    render_dependencies,
    render_outside_events,
    render_score,
    render_text,
)

__all__ = [
    "format_percent",
    "format_value",
    "render_criterion",
    "render_dependencies",
    "render_outside_events",
    "render_score",
    "render_text",
]
