"""One generated function per pack subject that evaluates every criterion and builds its record.

:func:`antq_rules.engine._evaluate._run_criteria` calls each criterion's check in turn; this module
writes the same steps — applicability, check, trace, status, missing and undefined names — as the body
of a single function (with :class:`~antq_rules.expressions._codegen.Writer`, the writer of the
per-expression functions), which saves a call, a preamble and a loop turn per criterion. Both give
exactly the same records (``tests/test_program.py`` checks it on generated inputs).

Safety is that of the expression writer: nothing from the pack is pasted into the source (every text,
record and name is a constant in the table ``K``), the code sees no builtins, and its only loops run
over the reported events.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from antq_rules.expressions._codegen import PREAMBLE, Writer
from antq_rules.packs import Criterion
from antq_rules.results import CriterionInfo, CriterionResult, ObservedSource

__all__ = ["Program", "write_program"]

# (ctx, source) -> (criterion results, how many not met, how many undetermined)
Program = Callable[[Any, ObservedSource], tuple[tuple[CriterionResult, ...], int, int]]


def write_program(criteria: Sequence[Criterion], infos: dict[str, CriterionInfo]) -> Program | None:
    """Write the function evaluating ``criteria`` in order; None if one has no checked syntax to write."""
    exprs = [c.check for c in criteria] + [c.applies_when for c in criteria if c.applies_when is not None]
    if any(e.syntax is None for e in exprs):
        return None
    w = Writer(None)
    w.lines.append(PREAMBLE.rstrip("\n"))
    w.emit("ctx.trace = T = []; ctx.missing = M = []; ctx.undefined = D = []")
    w.emit("out = []; add = out.append; nm = 0; un = 0")
    for i, c in enumerate(criteria):
        info = w.k(infos[c.id])
        w.emit(f"# criterion {i}")  # no text of the pack is written into the source
        if c.applies_when is not None:
            applies = w.inline(c.applies_when)
            w.emit(f"if {applies} is False:")
            w.indent += 1
            w.emit(f"add(_tn(_CR, ({info}, 'not_applicable', _tuple(T), (), (), {w.k(c.not_applicable_reason)}, src)))")
            w.emit("T.clear(); M.clear(); D.clear()")
            w.indent -= 1
            w.emit("else:")
            w.indent += 1
            met = f"{{r}} is True and {applies} is True"
            not_met = f"{{r}} is False and {applies} is True"
        else:
            met, not_met = "{r} is True", "{r} is False"
        r = w.inline(c.check)
        w.emit("st = _tuple(T); T.clear()")
        w.emit("if D: lk = _tuple(D); D.clear()")
        w.emit("else: lk = ()")
        w.emit(f"if {met.format(r=r)}: add(_tn(_CR, ({info}, 'met', st, (), lk, None, src)))")
        w.emit(f"elif {not_met.format(r=r)}:")
        w.emit(f"    nm += 1; add(_tn(_CR, ({info}, 'not_met', st, (), lk, None, src)))")
        w.emit("else:")
        w.emit(f"    un += 1; add(_tn(_CR, ({info}, 'undetermined', st, _tuple(_keys(M)), lk, None, src)))")
        w.emit("if M: M.clear()")
        if c.applies_when is not None:
            w.indent -= 1
    program: Program = w.compile(
        "_criteria(ctx, src)",
        "(_tuple(out), nm, un)",
        "<antq-rules criteria>",
        _CR=CriterionResult,
        _keys=dict.fromkeys,
    )
    return program
