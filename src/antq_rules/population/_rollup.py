"""The commune roll-up: tally member units' results as they stream, then derive the commune's counts.

Only a small record per member is kept (id, subject, name, how it stood, where its row is), while
member results themselves stream out: memory grows by that record per member, not by results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from antq_rules._text import Text
from antq_rules.packs import Pack
from antq_rules.packs._model import RollupRule
from antq_rules.population._model import DerivedCount, MemberStatus, Rollup, RowSource
from antq_rules.results import Result

__all__ = ["Tally", "derive", "member_contribution"]

_IN = "in"
_OUT = "out"
_OPEN = "open"


@attrs.define(slots=True)
class Tally:
    """What one aggregating unit's members contributed under one pack of the run.

    Members are kept as plain tuples ``(id, subject, name, outcome, in_scope, why, source, standing)``
    where ``standing`` (rule indicator → in/out/open) is shared between members that stand alike; the
    counts and the auditor's records (:class:`MemberStatus` with its reason text) are worked out once,
    when the commune is evaluated, instead of for every member as it streams past.
    """

    members: list[tuple[Any, ...]] = attrs.field(factory=list)


def rules_for_member(pack: Pack, subject: str) -> tuple[RollupRule, ...]:
    return tuple(r for r in pack.rollups if subject in r.members)


def member_contribution(
    rules: tuple[RollupRule, ...],
    result: Result | None,
    values: Mapping[str, Any] | None,
    shared: dict[tuple[Any, ...], Any] | None = None,
) -> tuple[Mapping[str, str], bool | None, tuple[Any, ...]]:
    """How a member stands for each roll-up rule: counted (``in``), not (``out``) or unknown (``open``).

    ``result`` is ``None`` for a member whose row has an error. Returns the per-rule standing (shared
    between members that stand alike: do not change it), whether the member is in scope (``None``: not
    known) and why (see :func:`member_reason`). ``shared`` keeps the standings of one run: members that
    stand alike share one (most members of a run share a handful); it is keyed by ``id(rules)``, so it
    must not outlive the rule tuples it was filled with.
    """
    if result is None:
        return _uniform(rules, _OPEN), None, _WHY_ERROR
    if result.outcome == "not_applicable":
        return _uniform(rules, _OUT), False, ("excluded", result.exclusion)
    if result.undetermined_scope:
        return _uniform(rules, _OPEN), None, ("scope", result.undetermined_scope)
    outcome = result.outcome
    names_key = ("names", id(rules))
    names: Any = None if shared is None else shared.get(names_key)
    if names is None:
        names = tuple(str(r.member_indicator) for r in rules if r.count == "indicator")
        if shared is not None:
            shared[names_key] = names
    if not names:
        seen: tuple[Any, ...] = ()
    elif values is None:
        seen = (None,) * len(names)
    elif len(names) == 1:
        seen = (values.get(names[0]),)
    else:
        seen = tuple(values.get(n) for n in names)
    key = (id(rules), outcome, seen)
    out = None if shared is None else shared.get(key)
    if out is None:
        out = {}
        for r in rules:
            if r.count == "in_scope":
                out[r.indicator] = _IN
            elif r.count == "outcome":
                if outcome in r.outcomes:
                    out[r.indicator] = _IN
                elif outcome in ("undetermined", "incomplete"):
                    out[r.indicator] = _OPEN
                else:
                    out[r.indicator] = _OUT
            else:
                v = None if values is None else values.get(str(r.member_indicator))
                out[r.indicator] = _OPEN if v is None else (_IN if v == r.equals else _OUT)
        if shared is not None and len(shared) < 4096:
            shared[key] = out
    why_key = ("why", outcome, id(result.outcome_label))
    why = None if shared is None else shared.get(why_key)
    if why is None:
        why = ("in", result.outcome_label)
        if shared is not None:
            shared[why_key] = why
    return out, True, why


_WHY_ERROR = ("error",)


def _uniform(rules: tuple[RollupRule, ...], standing: str) -> dict[str, str]:
    return dict.fromkeys((r.indicator for r in rules), standing)


def member_reason(why: tuple[Any, ...]) -> Text:
    """The reason an auditor reads for how a member stood (built when the commune is explained)."""
    if why[0] == "error":
        return Text(
            "dữ liệu của đơn vị có lỗi: kết quả chưa xác định", "the unit's input has errors: its result is not known"
        )
    if why[0] == "excluded":
        ex = why[1]
        where = "" if ex is None else f" ({ex.id}, {ex.citation.label('vi')})"
        where_en = "" if ex is None else f" ({ex.id}, {ex.citation.label('en')})"
        return Text(f"ngoài phạm vi áp dụng{where}: không tính", f"outside the scope{where_en}: not counted")
    if why[0] == "scope":
        names = ", ".join(why[1])
        return Text(
            f"chưa xác định được có thuộc phạm vi hay không (thiếu: {names})",
            f"whether the unit is in scope is not known (missing: {names})",
        )
    label = why[1]
    return Text(f"thuộc phạm vi; kết quả: {label.vi}", f"in scope; result: {label.en}")


def add_member(
    tally: Tally,
    unit_id: str,
    subject: str,
    name: str | None,
    result: Result | None,
    standing: Mapping[str, str],
    in_scope: bool | None,
    why: tuple[Any, ...],
    source: RowSource,
) -> None:
    outcome = None if result is None else result.outcome
    tally.members.append((unit_id, subject, name, outcome, in_scope, why, source, standing))


_NO_MEMBERS = Text(
    "không có đơn vị thành viên nào trong lượt chạy (cột member_of): không suy ra được",
    "no member unit in this run (column member_of): nothing to derive from",
)


def _lists(tally: Tally | None) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per rule indicator, the ids of the members counted and of those that leave it open, in order.

    One pass over the members; a standing's ``in``/``open`` indicators are worked out once per standing
    (members that stand alike share it)."""
    counted: dict[str, list[str]] = {}
    open_: dict[str, list[str]] = {}
    if tally is None:
        return counted, open_
    split: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for m in tally.members:
        standing = m[7]
        parts = split.get(id(standing))
        if parts is None:
            parts = split[id(standing)] = (
                tuple(k for k, v in standing.items() if v is _IN),
                tuple(k for k, v in standing.items() if v is _OPEN),
            )
        for ind in parts[0]:
            counted.setdefault(ind, []).append(m[0])
        for ind in parts[1]:
            open_.setdefault(ind, []).append(m[0])
    return counted, open_


def derive(pack: Pack, subject: str, tally: Tally | None) -> list[DerivedCount]:
    """The counts ``pack`` derives for an aggregating unit of ``subject`` (status derived/undetermined)."""
    out = []
    lists = _lists(tally)
    for r in pack.rollups:
        if r.subject != subject:
            continue
        # The run is taken as the commune's roster: once it has any member, a type with none counts 0.
        if tally is None or not tally.members:
            out.append(DerivedCount(r.indicator, None, "undetermined", description=r.description, reason=_NO_MEMBERS))
            continue
        counted = tuple(lists[0].get(r.indicator, ()))
        open_ = tuple(lists[1].get(r.indicator, ()))
        if open_:
            shown = ", ".join(open_[:10]) + (" …" if len(open_) > 10 else "")
            reason = Text(
                f"chưa xác định: {len(open_)} đơn vị thành viên chưa có kết quả hoặc dữ liệu cần thiết ({shown})",
                f"undetermined: {len(open_)} member unit(s) have no known result or data for it ({shown})",
            )
            out.append(DerivedCount(r.indicator, None, "undetermined", None, counted, open_, r.description, reason))
        else:
            out.append(DerivedCount(r.indicator, len(counted), "derived", None, counted, (), r.description))
    return out


def rollup_record(pack_ref: str, tally: Tally | None, counts: list[DerivedCount]) -> Rollup:
    return Rollup(pack_ref, tuple(counts), () if tally is None else tally.members, build=_member_statuses)


def _member_statuses(rows: Sequence[tuple[Any, ...]]) -> tuple[MemberStatus, ...]:
    return tuple(
        MemberStatus(uid, subject, name, outcome, in_scope, member_reason(why), source)
        for uid, subject, name, outcome, in_scope, why, source, _ in rows
    )
