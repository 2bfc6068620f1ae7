"""The ``antq-rules`` command line: list and show packs, check pack files, evaluate units.

Every message is in Vietnamese by default and in English with ``--lang en``. Exit codes: 0 success
(also when the unit does not pass: the outcome is data), 1 invalid pack or input, 2 usage error.
"""

from antq_rules.cli._app import main

__all__ = ["main"]
