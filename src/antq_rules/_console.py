"""The ``antq-rules`` console script: :func:`antq_rules.cli.main`, then a quick exit.

At exit the interpreter runs one last garbage collection over every object the run created (the packs,
the schema classes of pydantic and attrs …): about 0.1 s, a fifth of a one-file ``antq-rules evaluate``.
:func:`gc.freeze` moves them out of the collector's reach first; the process ends as usual (files are
flushed and closed, ``atexit`` handlers run) and the system frees the memory. Only the console script
does this: ``main()`` called in a host or a test process leaves the collector alone.
"""

from __future__ import annotations

import gc
import sys

__all__ = ["run"]


def run() -> None:
    """Run the command line (``sys.argv``) and exit with its code."""
    from antq_rules.cli import main

    code = main()
    gc.freeze()
    sys.exit(code)
