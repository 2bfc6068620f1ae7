"""The ``antq-rules`` console script: :func:`antq_rules.cli.main`, then a quick exit.

At exit the interpreter runs one last garbage collection over every object the run created (the packs,
the schema classes of pydantic and attrs …): about 0.1 s, a fifth of a one-file ``antq-rules evaluate``.
:func:`gc.freeze` moves them out of the collector's reach first; the process ends as usual (files are
flushed and closed, ``atexit`` handlers run) and the system frees the memory. Only the console script
does this: ``main()`` called in a host or a test process leaves the collector alone.
"""

from __future__ import annotations

import gc
import os
import sys

__all__ = ["run"]


def run() -> None:
    """Run the command line (``sys.argv``) and exit with its code."""
    # Start-up builds many long-lived objects (the schema classes of pydantic and attrs, the packs): with
    # the default threshold (700 allocations) the collector runs hundreds of times over them while they
    # are made, ~0.05-0.1 s of a one-file evaluation. A larger first threshold keeps collecting cycles in a
    # long batch run, only less often.
    gc.set_threshold(50_000, 20, 20)
    # pydantic looks for plugins of other installed packages (entry points) when it builds its first model:
    # ~20 ms of every start. The command line uses none; a host that embeds the library is not affected.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from antq_rules.cli import main

    code = main()
    gc.freeze()
    sys.exit(code)
