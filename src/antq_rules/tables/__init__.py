"""Tables: read a population from spreadsheets and files, and write fill-in templates.

:func:`read_population` reads CSV, Excel (.xlsx/.xlsm), Parquet, JSON Lines and YAML/JSON files into
:class:`~antq_rules.population.UnitRow` items (one per unit row), checking every file's layout first;
:func:`write_template` writes a workbook (or CSV header) to fill in for one subject of a pack.
"""

from antq_rules.tables._limits import MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_LINE_BYTES
from antq_rules.tables._source import PopulationSource, read_population
from antq_rules.tables._template import write_template

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "PopulationSource",
    "read_population",
    "write_template",
]
