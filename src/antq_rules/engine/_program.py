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
from typing import NamedTuple, TypeVar

from antq_rules.expressions._codegen import Writer
from antq_rules.packs import Criterion
from antq_rules.results import CriterionInfo, CriterionResult

_T = TypeVar("_T")

__all__ = ["Program", "steps_expression", "straight_or_traced", "write_program"]

# (values, previous-year values, events, windows, legal values, parameters, source, context or None)
#   -> (criterion results, how many not met, how many undetermined)
ProgramFn = Callable[..., tuple[tuple[CriterionResult, ...], int, int]]


class Program(NamedTuple):
    """A subject's generated criteria function, and whether it needs the evaluation context.

    Only checks the writer could not write inline (closure calls: ``dep.X``, rare functions) read the
    :class:`~antq_rules.expressions.Context`; without them the engine need not build one.
    """

    run: ProgramFn
    needs_context: bool


# Criteria per generated function. Compiling one function for a whole subject costs memory that grows
# faster than its size (2,000 criteria: a 4.6 MB source and 573 MB to compile it), and Python slows down
# on very large functions; chunks of this many criteria keep both linear. The program runs them in turn.
CHUNK = 100


def write_program(criteria: Sequence[Criterion], infos: dict[str, CriterionInfo]) -> Program | None:
    """Write the function evaluating ``criteria`` in order; None if one has no checked syntax to write.

    More than :data:`CHUNK` criteria are written as several functions of at most CHUNK criteria each,
    run one after the other.
    """
    exprs = [c.check for c in criteria] + [c.applies_when for c in criteria if c.applies_when is not None]
    if any(e.syntax is None for e in exprs):
        return None
    if len(criteria) <= CHUNK:
        return _write_chunk(criteria, infos)
    chunks = [_write_chunk(criteria[i : i + CHUNK], infos) for i in range(0, len(criteria), CHUNK)]
    runs = tuple(chunk.run for chunk in chunks)

    def run(*args: object) -> tuple[tuple[CriterionResult, ...], int, int]:
        out: list[CriterionResult] = []
        not_met = undetermined = 0
        for part in runs:
            results, nm, un = part(*args)
            out.extend(results)
            not_met += nm
            undetermined += un
        return tuple(out), not_met, undetermined

    return Program(run, any(chunk.needs_context for chunk in chunks))


def _write_chunk(criteria: Sequence[Criterion], infos: dict[str, CriterionInfo]) -> Program:
    """One generated function evaluating ``criteria`` in order."""
    w = Writer(None, plain=True)
    w.emit("T = []; M = []; D = []; S = []; E = None")
    w.emit("nm = 0; un = 0")
    closures = False
    for i, c in enumerate(criteria):
        w.emit(f"# criterion {i}")  # no text of the pack is written into the source
        info, var = w.k(infos[c.id]), f"c{i}"

        def write(straight: bool, c: Criterion = c, info: str = info, var: str = var) -> None:
            _write_criterion(w, c, info, var, straight=straight)

        straight_or_traced(w, write)
        closures = closures or w.closures
    if closures:  # closures record into the context's lists: they are the program's own
        w.lines.insert(1, "    ctx.trace = T; ctx.missing = M; ctx.undefined = D; ctx.slots = S")
    run: ProgramFn = w.compile(
        "_criteria(V, PV, EV, W, L, P, src, ctx)",
        f"(({''.join(f'c{i}, ' for i in range(len(criteria)))}), nm, un)",
        "<antq-rules criteria>",
        _CR=CriterionResult,
        _keys=dict.fromkeys,
    )
    return Program(run, closures)


def straight_or_traced(w: Writer, write: Callable[[bool], _T]) -> _T:
    """``write(True)``: each trace step in its own variable (straight-line code), if the writer finds no
    branch nor closure call in it; otherwise the lines are taken back and ``write(False)`` records the
    steps through the list T instead. Returns what the kept ``write`` returned."""
    mark = len(w.lines)
    w.closures = False
    out = write(True)
    if not w.straight:
        del w.lines[mark:]
        w.closures = False
        out = write(False)
    return out


def _write_criterion(w: Writer, c: Criterion, info: str, var: str, *, straight: bool) -> None:
    """Write one criterion: applicability, check, then its record, in the variable ``var``.

    ``straight`` writes each trace step into its own variable and the criterion's trace as a tuple of
    them; it is only valid if the writer finds no branch nor closure call (``w.straight`` after).
    """
    w.collected = [] if straight else None
    w.straight, w.undefined = True, False
    if c.applies_when is not None:
        applies = w.inline(c.applies_when)
        before = steps_expression(w)
        w.emit(f"if {applies} is False:")
        w.emit(
            f"    {var} = _tn(_CR, ({info}, 'not_applicable', {before}, (), (), {w.k(c.not_applicable_reason)}, src))"
        )
        w.emit("    T.clear(); M.clear(); D.clear()" if not straight else "    M.clear(); D.clear()")
        w.emit("else:")
        w.indent += 1
        met, not_met = f"{{r}} is True and {applies} is True", f"{{r}} is False and {applies} is True"
    else:
        met, not_met = "{r} is True", "{r} is False"
    r = w.inline(c.check)
    w.emit(f"st = {steps_expression(w)}" if straight else "st = _tuple(T); T.clear()")
    if w.undefined:
        w.emit("if D: lk = _tuple(D); D.clear()")
        w.emit("else: lk = ()")
        lk = "lk"
    else:
        lk = "()"
    w.emit(f"if {met.format(r=r)}: {var} = _tn(_CR, ({info}, 'met', st, (), {lk}, None, src))")
    w.emit(f"elif {not_met.format(r=r)}:")
    w.emit(f"    nm += 1; {var} = _tn(_CR, ({info}, 'not_met', st, (), {lk}, None, src))")
    w.emit("else:")
    w.emit(f"    un += 1; {var} = _tn(_CR, ({info}, 'undetermined', st, _tuple(_keys(M)), {lk}, None, src))")
    w.emit("if M: M.clear()")
    if c.applies_when is not None:
        w.indent -= 1
    w.collected = None


def steps_expression(w: Writer) -> str:
    """The expression for the trace so far: a tuple of the collected steps, or of the list T."""
    if w.collected is None:
        return "_tuple(T)"  # T is emptied right after
    return f"({', '.join(w.collected)},)" if w.collected else "()"
