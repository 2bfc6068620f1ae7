"""Running counts per unit: what keeps the watcher from re-counting every incident at every message.

A criterion that counts incidents depends on them only through what each of its
``count_events(lists.X, points=[…])`` calls returns: *unknown* if an event it takes is undetermined,
otherwise how many it counts. :class:`Tally` keeps, per unit, each call's number of counted and
undetermined events; a new incident or an update is classified alone under each call (the pack's own
``where`` / ``excused_when`` filters, the engine's rule "an event counts once, under the first point it
falls under"), which changes the numbers in O(calls) instead of O(events). The watcher re-evaluates the
unit with the engine only when a call's value changes (the criteria's statuses may change); otherwise
the statuses stand, and the full result (event records for an alert or :meth:`Watcher.result`) is
rebuilt only when asked for. What it saves: with ~73 incidents per residential area, most messages
(an undetermined crime where one is already undetermined, an excused fire, an update that leaves the
count as it was) cost a few filter calls instead of an evaluation over every incident.

The calls are read from the pack's declarations (the criteria's ``check`` text). A subject this
cannot follow exactly — a ``window=`` argument, a count under ``and`` / ``or`` / ``… if … else …``
(it may not run), a count in ``applies_when`` or in an exclusion, a scored pack — has no tally: its
units are re-evaluated at every message, as before. ``tests/test_watch.py`` checks the statuses against
a fresh evaluation after every message.
"""

from __future__ import annotations

import ast
from typing import Any

import attrs

from antq_rules.expressions import UNKNOWN, Context
from antq_rules.inputs import ValidatedInput
from antq_rules.inputs._validate import pack_windows
from antq_rules.packs import Pack

__all__ = ["COUNTED", "NONE", "UNDETERMINED", "Site", "Tally", "tally_for"]

NONE, COUNTED, UNDETERMINED = 0, 1, 2  # an event under one call: not taken (or excused), counted, unknown


@attrs.frozen(slots=True)
class Site:
    """One ``count_events`` call of a subject's criteria: the list's entries it takes."""

    list_id: str
    points: tuple[str, ...] | None
    entries: tuple[Any, ...]  # the EventEntry records, in the list's order
    types: frozenset[str]


def _calls(source: str) -> list[tuple[ast.Call, bool]] | None:
    """The ``count_events`` calls of an expression, each with whether it always runs; None if the
    expression cannot be read."""
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        return None
    out: list[tuple[ast.Call, bool]] = []

    def walk(node: ast.AST, sure: bool) -> None:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "count_events":
            out.append((node, sure))
        if isinstance(node, ast.BoolOp):  # only the first operand always runs
            walk(node.values[0], sure)
            for operand in node.values[1:]:
                walk(operand, False)
        elif isinstance(node, ast.IfExp):  # only the test always runs
            walk(node.test, sure)
            walk(node.body, False)
            walk(node.orelse, False)
        else:
            for child in ast.iter_child_nodes(node):
                walk(child, sure)

    walk(tree, True)
    return out


def _site(pack: Pack, call: ast.Call) -> Site | None:
    if len(call.args) != 1 or not isinstance(call.args[0], ast.Attribute):
        return None
    lst = pack.event_lists.get(call.args[0].attr)
    if lst is None:
        return None
    points: tuple[str, ...] | None = None
    for kw in call.keywords:
        if kw.arg != "points" or not isinstance(kw.value, (ast.List, ast.Tuple, ast.Set)):
            return None  # a window= argument (dates matter) or something unforeseen
        if not all(isinstance(e, ast.Constant) and isinstance(e.value, str) for e in kw.value.elts):
            return None
        points = tuple(str(e.value) for e in kw.value.elts if isinstance(e, ast.Constant))
    entries = tuple(e for e in lst.entries if points is None or e.point in points)
    return Site(lst.id, points, entries, frozenset(t for e in entries for t in e.types))


@attrs.frozen(slots=True)
class SubjectSites:
    """The calls of one subject's criteria: ``sites`` in order; per criterion, the indexes of its calls."""

    sites: tuple[Site, ...]
    by_criterion: dict[str, tuple[int, ...]]


def tally_for(pack: Pack, subject: str) -> SubjectSites | None:
    """The count calls of ``subject``'s criteria, or None if its units must be re-evaluated every time."""
    if pack.kind != "standard":
        return None
    if any(ex.when.lists for ex in pack.exclusions_by_subject[subject]):
        return None
    sites: dict[tuple[str, tuple[str, ...] | None], int] = {}
    ordered: list[Site] = []
    by_criterion: dict[str, tuple[int, ...]] = {}
    for crit in pack.criteria_by_subject[subject]:
        if crit.applies_when is not None and crit.applies_when.lists:
            return None
        if not crit.check.lists:
            continue
        calls = _calls(crit.check.source)
        if not calls or not all(sure for _, sure in calls):
            return None
        mine: list[int] = []
        for call, _ in calls:
            site = _site(pack, call)
            if site is None:
                return None
            key = (site.list_id, site.points)
            if key not in sites:
                sites[key] = len(ordered)
                ordered.append(site)
            mine.append(sites[key])
        by_criterion[crit.id] = tuple(dict.fromkeys(mine))
    return SubjectSites(tuple(ordered), by_criterion)


class Tally:
    """One unit's running counts under each call of its subject (see the module docstring)."""

    __slots__ = ("base", "counted", "ctx", "marks", "plan", "undetermined")

    def __init__(self, plan: SubjectSites) -> None:
        self.plan = plan
        n = len(plan.sites)
        self.marks: dict[int, tuple[int, ...]] = {}  # event position -> its mark under each call
        self.counted: list[set[int]] = [set() for _ in range(n)]  # per call: positions it counts
        self.undetermined: list[set[int]] = [set() for _ in range(n)]  # per call: positions it cannot decide
        self.base: ValidatedInput | None = None
        self.ctx: Context | None = None

    def _context(self, pack: Pack, base: ValidatedInput) -> Context:
        if self.ctx is None or self.base is not base:
            windows = base.windows if base.windows is not None else pack_windows(pack, base.year, base.unit.subject)
            self.ctx = Context(base.values, base.previous, None, windows, pack.law, base.parameters)
            self.base = base
        return self.ctx

    def key(self) -> tuple[int | None, ...]:
        """What each call returns now (None: unknown) — the criteria's statuses depend on nothing else
        that an incident changes."""
        return tuple(None if u else len(c) for c, u in zip(self.counted, self.undetermined, strict=True))

    def mark(self, pack: Pack, base: ValidatedInput, pos: int, event: Any) -> bool:
        """Take the event at ``pos`` (new, or changed by an update) into the counts; whether what a
        call returns changed (then, and only then, a criterion's status may change)."""
        ctx = self._context(pack, base)
        span = ctx.windows["evaluation"]
        new = tuple(self._classify(site, event, ctx, span) for site in self.plan.sites)
        ctx.missing.clear()  # what the filters noted as unknown: not kept across events
        ctx.trace.clear()
        old = self.marks.get(pos)
        if old == new:
            return False
        self.marks[pos] = new
        changed = False
        for i, m in enumerate(new):
            was = NONE if old is None else old[i]
            if was == m:
                continue
            counted, undetermined = self.counted[i], self.undetermined[i]
            known_before = not undetermined
            if was == COUNTED:
                counted.discard(pos)
            elif was == UNDETERMINED:
                undetermined.discard(pos)
            if m == COUNTED:
                counted.add(pos)
            elif m == UNDETERMINED:
                undetermined.add(pos)
            # the call's value: unknown while an event is undetermined, else the number counted
            changed = changed or known_before != (not undetermined) or (known_before and COUNTED in (was, m))
        return changed

    def essential(self) -> list[int]:
        """The positions of events that give every call the value it has now, in input order: the
        events each call that returns a number counts, and one undetermined event per call that
        returns unknown. An evaluation over them gives the criteria the statuses the whole list gives
        (another call sees each of them as counted — it counts it too — or not at all)."""
        keep: set[int] = set()
        for counted, undetermined in zip(self.counted, self.undetermined, strict=True):
            if undetermined:
                if keep.isdisjoint(undetermined):
                    keep.add(min(undetermined))
            else:
                keep |= counted
        return sorted(keep)

    @staticmethod
    def _classify(site: Site, event: Any, ctx: Context, span: tuple[Any, Any]) -> int:
        """The event under one call, as the engine's ``count_events`` decides it."""
        if event.type not in site.types or not span[0] <= event.date <= span[1]:
            return NONE
        ctx.event = event.fields
        for entry in site.entries:  # an event counts once, under the first point it falls under
            if event.type not in entry.types:
                continue
            w = True if entry.where is None else entry.where(ctx)
            if w is not True and w is not UNKNOWN:
                continue
            if w is UNKNOWN:
                return UNDETERMINED
            if entry.excused_when is not None:
                x = entry.excused_when(ctx)
                if x is UNKNOWN:
                    return UNDETERMINED
                if x is True:
                    return NONE
            return COUNTED
        return NONE

    def undetermined_of(self, criterion: str) -> set[int]:
        """The positions of the undetermined events a criterion's calls take."""
        idx = self.plan.by_criterion.get(criterion, ())
        if len(idx) == 1:
            return self.undetermined[idx[0]]
        return {p for i in idx for p in self.undetermined[i]}
