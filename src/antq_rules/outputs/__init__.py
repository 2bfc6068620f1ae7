"""Outputs of a population run: flat result rows, streaming writers (CSV, XLSX, JSON Lines), summaries."""

from antq_rules.outputs._format import format_share
from antq_rules.outputs._row import PackColumns, ResultLayout, result_row
from antq_rules.outputs._summary import GroupSummary, PackCounts, PopulationSummary
from antq_rules.outputs._summary_out import render_summary_text, summary_table, write_summary
from antq_rules.outputs._writers import (
    POPULATION_RECORD_SCHEMA,
    ResultWriter,
    open_results,
    record_to_dict,
    write_results,
)

__all__ = [
    "POPULATION_RECORD_SCHEMA",
    "GroupSummary",
    "PackColumns",
    "PackCounts",
    "PopulationSummary",
    "ResultLayout",
    "ResultWriter",
    "format_share",
    "open_results",
    "record_to_dict",
    "render_summary_text",
    "result_row",
    "summary_table",
    "write_results",
    "write_summary",
]
