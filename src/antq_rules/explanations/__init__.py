"""Explanations: render a structured result as readable text, Vietnamese first, English on request."""

from antq_rules.explanations._text import format_value, render_criterion, render_text

__all__ = ["format_value", "render_criterion", "render_text"]
