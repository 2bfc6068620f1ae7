"""Reports for people: what a failing unit must change, and a printable, self-contained HTML report."""

from antq_rules.reports._html import REFERENCE_PAGES, render_html_report
from antq_rules.reports._remedy import Remedy, remedies

__all__ = ["REFERENCE_PAGES", "Remedy", "remedies", "render_html_report"]
