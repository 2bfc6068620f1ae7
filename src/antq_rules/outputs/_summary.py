"""Counts of a population run, per commune and overall, kept as records stream (small counters only).

A record counts under its commune: its ``member_of``; a record of an aggregating subject (a commune,
the subject that a pack's roll-up derives counts for) counts under its own id. Records with neither
count under ``None`` ("no commune").

Shares are exact fractions (:class:`fractions.Fraction`), two of them per standard pack:

* ``pass_share_determined`` — units that passed among units with a determined outcome (passed or
  failed);
* ``pass_share_in_scope`` — units that passed among all units in the pack's scope (every unit evaluated
  under it except those outside its scope, ``not_applicable``; undetermined ones included).

Rows with errors are counted apart (``errors``) and are in neither denominator.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import attrs

from antq_rules._text import Text
from antq_rules.outputs._row import PackColumns, Record, ResultLayout
from antq_rules.packs import Pack, PackRegistry
from antq_rules.population import UnitRecord, commune_of

__all__ = ["GroupSummary", "PackCounts", "PopulationSummary"]

_NOT_DETERMINED = frozenset({"undetermined", "incomplete", "not_applicable"})


@attrs.define(slots=True)
class PackCounts:
    """How the units of one group came out under one pack."""

    outcomes: Counter[str] = attrs.field(factory=Counter)
    levels: Counter[str] = attrs.field(factory=Counter)  # scored packs: units per level reached
    incomplete: int = 0  # scored packs: units that cannot be classified yet (missing slots)
    standard: bool = True  # a pass/fail pack: the pass shares mean something

    @property
    def evaluated(self) -> int:
        return sum(self.outcomes.values())

    @property
    def in_scope(self) -> int:
        return self.evaluated - self.outcomes["not_applicable"]

    @property
    def determined(self) -> int:
        return sum(n for o, n in self.outcomes.items() if o not in _NOT_DETERMINED)

    def share(self, outcomes: frozenset[str] | set[str], among: str = "determined") -> Fraction | None:
        """The exact share of units whose outcome is in ``outcomes``, ``among`` ``determined`` or
        ``in_scope`` units; ``None`` when there are none to divide by."""
        if among not in ("determined", "in_scope"):
            raise ValueError(among)
        base = self.determined if among == "determined" else self.in_scope
        if base == 0:
            return None
        return Fraction(sum(self.outcomes[o] for o in outcomes), base)

    @property
    def pass_share_determined(self) -> Fraction | None:
        """Passed / (passed + failed); ``None`` for a pack that does not pass or fail units."""
        return self.share({"pass"}, "determined") if self.standard else None

    @property
    def pass_share_in_scope(self) -> Fraction | None:
        """Passed / every unit in scope (undetermined included); ``None`` for a pack that scores."""
        return self.share({"pass"}, "in_scope") if self.standard else None

    def add(self, other: PackCounts) -> None:
        self.outcomes.update(other.outcomes)
        self.levels.update(other.levels)
        self.incomplete += other.incomplete


@attrs.define(slots=True)
class GroupSummary:
    """The counts of one commune (or of the whole run)."""

    units: Counter[str] = attrs.field(factory=Counter)  # evaluated units per subject
    errors: int = 0  # rows that could not be evaluated
    packs: dict[str, PackCounts] = attrs.field(factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.units.values()) + self.errors

    def pack(self, key: str, standard: bool = True) -> PackCounts:
        counts = self.packs.get(key)
        if counts is None:
            counts = self.packs[key] = PackCounts(standard=standard)
        return counts


class PopulationSummary:
    """An accumulator: :meth:`add` every record of a run; read :attr:`overall` and :attr:`communes`.

    ``packs`` are the run's packs (ids or :class:`Pack` objects, as given to the run): they name the
    subjects that aggregate (communes) and which packs score.
    """

    def __init__(self, packs: Sequence[str | Pack] = (), registry: PackRegistry | None = None) -> None:
        self.layout_packs: tuple[PackColumns, ...] = ResultLayout(packs, registry).packs if packs else ()
        self.aggregating = frozenset(r.subject for pc in self.layout_packs for r in pc.pack.rollups)
        self.overall = GroupSummary()
        self._standard = {pc.key: not pc.scored for pc in self.layout_packs}
        for pc in self.layout_packs:
            self.overall.pack(pc.key, not pc.scored)
        self.communes: dict[str | None, GroupSummary] = {}
        # the name of each outcome seen, per pack (a handful of entries: names come from the results)
        self.outcome_labels: dict[tuple[str, str], Text] = {}

    @property
    def pack_keys(self) -> tuple[str, ...]:
        keys = [pc.key for pc in self.layout_packs]
        return tuple(keys + [k for k in self.overall.packs if k not in keys])

    def pack_of(self, key: str) -> Pack | None:
        for pc in self.layout_packs:
            if pc.key == key:
                return pc.pack
        return None

    def commune_of(self, record: Record) -> str | None:
        return commune_of(record, self.aggregating)

    def add(self, record: Record) -> None:
        """Count one record (under its commune and overall)."""
        key = self.commune_of(record)
        group = self.communes.get(key)
        if group is None:
            group = self.communes[key] = GroupSummary()
            for pc in self.layout_packs:
                group.pack(pc.key, not pc.scored)
        for g in (group, self.overall):
            if not isinstance(record, UnitRecord):
                g.errors += 1
                continue
            g.units[record.unit.subject] += 1
            for pack_key, result in record.results.items():
                counts = g.pack(pack_key, self._standard.get(pack_key, result.score is None))
                counts.outcomes[result.outcome] += 1
                if (pack_key, result.outcome) not in self.outcome_labels:
                    self.outcome_labels[pack_key, result.outcome] = result.outcome_label
                score = result.score
                if score is not None:
                    if score.level is not None:
                        counts.levels[score.level] += 1
                    elif score.status == "incomplete":
                        counts.incomplete += 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form; shares as exact ``"n/d"`` text (``null`` when nothing to divide by)."""

        def group(g: GroupSummary) -> dict[str, Any]:
            return {
                "rows": g.rows,
                "units": dict(sorted(g.units.items())),
                "errors": g.errors,
                "packs": {
                    k: {
                        "outcomes": dict(sorted(c.outcomes.items())),
                        "levels": dict(sorted(c.levels.items())),
                        "incomplete": c.incomplete,
                        "evaluated": c.evaluated,
                        "in_scope": c.in_scope,
                        "determined": c.determined,
                        "pass_share_determined": _fraction(c.pass_share_determined),
                        "pass_share_in_scope": _fraction(c.pass_share_in_scope),
                    }
                    for k, c in g.packs.items()
                },
            }

        return {
            "schema": "antq-rules/population-summary/v1",
            "overall": group(self.overall),
            "communes": [{"commune": k, **group(g)} for k, g in self.communes.items()],
        }


def _fraction(f: Fraction | None) -> str | None:
    return None if f is None else f"{f.numerator}/{f.denominator}"
