"""The packs of a population run in chain order, each with its evaluation year and what feeds it.

A run names packs (national ones or a province's overlays). A pack that requires another pack of the
run gets that pack's result for the same unit, provided the years line up: QĐ 510 requires TT 124 of
the same year, so both are evaluated for the run's year; QĐ 3554 requires the *previous* year's TT 124
and QĐ 510, so in a run over year Y it is evaluated for Y + 1 — the selection of exemplary units that
this year's results make a unit eligible for.

>>> from antq_rules import shipped_packs
>>> chain = plan_chain(["vn.bca.qd3554", "vn.bca.tt124", "vn.bca.qd510"], 2026, shipped_packs())
>>> [(s.key, s.year, dict(s.feeds)) for s in chain]  # doctest: +NORMALIZE_WHITESPACE
[('vn.bca.tt124', 2026, {}), ('vn.bca.qd510', 2026, {'tt124': 'vn.bca.tt124'}),
 ('vn.bca.qd3554', 2027, {'tt124': 'vn.bca.tt124', 'qd510': 'vn.bca.qd510'})]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from antq_rules._text import Text
from antq_rules.errors import EvaluationError
from antq_rules.packs import Pack, PackRegistry

__all__ = ["ChainStep", "plan_chain"]


@attrs.frozen(slots=True)
class ChainStep:
    """One pack of the run: its key (the id as named), evaluation year, and the run packs it uses."""

    key: str
    pack: Pack  # the newest version (or the given Pack); the version in force is chosen per subject
    fixed: bool  # True when the caller gave a Pack object: that exact pack is used
    year: int
    feeds: Mapping[str, str]  # requirement id -> key of the run step whose result it takes


def _lineage(pack: Pack, registry: PackRegistry) -> tuple[str, ...]:
    """The pack's id and the ids of the packs it extends (an overlay stands in for its base)."""
    out = [pack.id]
    current = pack
    while current.overlay is not None and len(out) < 8:
        base_id = current.overlay.base.split("@", 1)[0]
        out.append(base_id)
        try:
            current = registry.get(base_id)
        except EvaluationError:
            break
    return tuple(out)


def plan_chain(packs: Sequence[str | Pack], year: int, registry: PackRegistry) -> tuple[ChainStep, ...]:
    """Order the run's packs so that each comes after the packs it takes results from."""
    if not packs:
        raise EvaluationError(Text("cần ít nhất một gói tiêu chí", "at least one criteria pack is needed"))
    resolved: list[tuple[str, Pack, bool]] = []
    for p in packs:
        if isinstance(p, Pack):
            resolved.append((p.id, p, True))
        else:
            resolved.append((p, registry.get(p), False))
    keys = [k for k, _, _ in resolved]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise EvaluationError(
            Text(f"gói được nêu hai lần: {', '.join(dupes)}", f"pack named twice: {', '.join(dupes)}")
        )
    lineage = {k: _lineage(p, registry) for k, p, _ in resolved}
    by_key = {k: (p, fixed) for k, p, fixed in resolved}

    def supplier(required: str) -> str | None:
        for k in keys:  # the exact pack first, then an overlay that extends it
            if lineage[k][0] == required:
                return k
        for k in keys:
            if required in lineage[k][1:]:
                return k
        return None

    edges: dict[str, dict[str, tuple[str, int]]] = {}
    for k in keys:
        pack = by_key[k][0]
        edges[k] = {}
        for rq in pack.requires:
            s = supplier(rq.pack)
            if s is not None and s != k:
                edges[k][rq.id] = (s, rq.year_offset)
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(k: str) -> None:
        if state.get(k) == 2:
            return
        if state.get(k) == 1:
            raise EvaluationError(Text(f"vòng phụ thuộc qua gói {k}", f"dependency cycle through pack {k}"))
        state[k] = 1
        for s, _ in edges[k].values():
            visit(s)
        state[k] = 2
        order.append(k)

    for k in keys:
        visit(k)
    years: dict[str, int] = {}
    for k in order:
        # a required pack's result is for (this year + offset): evaluate this pack late enough that the
        # run's own result of the required pack is the one it asks for
        years[k] = max([year, *(years[s] - off for s, off in edges[k].values())])
    steps = []
    for k in order:
        feeds = {rid: s for rid, (s, off) in edges[k].items() if years[s] == years[k] + off}
        pack, fixed = by_key[k]
        steps.append(ChainStep(k, pack, fixed, years[k], feeds))
    return tuple(steps)
