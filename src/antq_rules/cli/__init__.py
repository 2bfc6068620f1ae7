"""The ``antq-rules`` command line: list and show packs, check pack files, evaluate units.

Every message is in Vietnamese by default and in English with ``--lang en``. Exit codes: 0 success
(also when the unit does not pass: the outcome is data), 1 invalid pack or input, 2 usage error,
3 a unit's outcome is one ``--fail-on`` names, 70 internal error. Under ``--format json`` an error is
one JSON object on stderr (``antq-rules/error/v1``, see :mod:`antq_rules.cli._errors`).
"""

from antq_rules.cli._app import main

__all__ = ["main"]
