"""A loaded plan: its targets, each with what it measures, how it compares, and where the plan says so."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import attrs

from antq_rules._text import Lang, Text
from antq_rules.packs import Instrument, Provenance

__all__ = ["COMPARE_WORDS", "Comparison", "Plan", "PlanCitation", "Selector", "Target"]

CompareOp = Literal["more_than", "at_least", "at_most", "less_than", "equal"]

# The plan's own wording of each comparison: "trên 90%", "từ 87,5% trở lên" … ({} is the value)
COMPARE_WORDS: dict[str, Text] = {
    "more_than": Text("trên {}", "more than {}"),
    "at_least": Text("từ {} trở lên", "at least {}"),
    "at_most": Text("không quá {}", "at most {}"),
    "less_than": Text("dưới {}", "less than {}"),
    "equal": Text("đúng {}", "exactly {}"),
}


@attrs.frozen(slots=True)
class Comparison:
    """``observed <op> value``, exactly (ints and fractions; never floating point).

    >>> c = Comparison("more_than", Fraction(9, 10))
    >>> c.holds(Fraction(18, 20)), c.holds(Fraction(19, 20))
    (False, True)
    """

    op: CompareOp
    value: Any  # int, Fraction (a share) or bool

    def holds(self, observed: Any) -> bool:
        v = self.value
        if self.op == "equal":
            return bool(observed == v)
        if self.op == "more_than":
            return bool(observed > v)
        if self.op == "at_least":
            return bool(observed >= v)
        if self.op == "at_most":
            return bool(observed <= v)
        return bool(observed < v)

    def settles(self, low: Any, high: Any) -> bool | None:
        """Whether every value in ``[low, high]`` satisfies the comparison (True), none does (False),
        or some do and some do not (None: the answer depends on what is not known yet)."""
        lo, hi = self.holds(low), self.holds(high)
        if self.op == "equal":
            if low == high:
                return lo
            return None if low <= self.value <= high else False
        if lo and hi:
            return True
        if not lo and not hi:
            return False
        return None


@attrs.frozen(slots=True)
class PlanCitation:
    """A target's place in the plan: instrument number, section, and the plan's own words."""

    instrument: str
    section: str
    text: Text

    def label(self, lang: Lang = "vi") -> str:
        return f"{'mục' if lang == 'vi' else 'section'} {self.section} {self.instrument}"


@attrs.frozen(slots=True)
class Selector:
    """Which units of the population meet a share or count target.

    Exactly one of: ``outcome`` (the pack's outcome code), ``level`` / ``level_at_least`` (a scored
    pack's level, ranked by the pack's order of levels), ``indicator`` with ``condition``.
    """

    outcome: str | None = None
    level: str | None = None
    level_at_least: str | None = None
    level_rank: tuple[str, ...] = ()  # the pack's levels, lowest first
    indicator: str | None = None
    condition: Comparison | None = None


@attrs.frozen(slots=True)
class Target:
    """One target of a plan."""

    id: str
    title: Text
    citation: PlanCitation
    provenance: Provenance
    measure: Literal["share", "count", "change", "not_measurable"]
    pack: str | None = None  # the pack whose results it reads (a province overlay of it counts too)
    subjects: frozenset[str] | None = None  # None: every subject the pack covers
    selector: Selector | None = None
    indicator: str | None = None  # measure 'change'
    comparison: Comparison | None = None
    reason: Text | None = None  # measure 'not_measurable'
    note: Text | None = None
    indicator_label: Text | None = None  # the pack's short name of the indicator read (change, condition)

    def wording(self, lang: Lang = "vi") -> str:
        """The target as the plan words it: ``trên 90%``, ``đúng 0`` …"""
        from antq_rules.plans._format import format_target_value

        if self.comparison is None:
            return ""
        shown = format_target_value(self, lang)
        if self.measure == "count":
            shown += " đơn vị" if lang == "vi" else (" unit" if self.comparison.value == 1 else " units")
        return COMPARE_WORDS[self.comparison.op].get(lang).format(shown)


@attrs.frozen(slots=True)
class Plan:
    """A loaded plan pack: targets over a population's results for one year."""

    id: str
    version: str
    title: Text
    year: int
    instrument: Instrument
    targets: tuple[Target, ...]
    sources: dict[str, Any]
    example: Text | None
    content_hash: str
    file: str
    note: Text | None = None

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def packs(self) -> tuple[str, ...]:
        """The packs the targets read, in first-use order."""
        out: list[str] = []
        for t in self.targets:
            if t.pack is not None and t.pack not in out:
                out.append(t.pack)
        return tuple(out)

    def target(self, target_id: str) -> Target:
        for t in self.targets:
            if t.id == target_id:
                return t
        raise KeyError(target_id)


_ = Fraction  # used in the doctest above
