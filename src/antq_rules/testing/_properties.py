"""Ready-made properties of a pack, each a plain function that raises :class:`PropertyFailure`.

Call them from your own Hypothesis tests (``@given(inputs_for(pack, "kdc"))``), or let
:func:`check_properties` run them all.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from typing import Any

from antq_rules._text import Text
from antq_rules.engine import evaluate
from antq_rules.packs import Pack, PackRegistry
from antq_rules.results import Result

__all__ = [
    "PropertyFailure",
    "check_deterministic",
    "check_hand_score_monotone",
    "check_keeps_national_vetoes",
    "check_levels_partition",
    "check_never_passes_national_fail",
    "check_round_trip",
    "check_total_within_scale",
    "evaluate_input",
    "input_for_national",
]


class PropertyFailure(AssertionError):
    """A property does not hold: ``message`` (bilingual) says which, ``doc`` is the input (if any)."""

    def __init__(self, message: Text, doc: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.doc = doc
        text = message.en
        if doc is not None:
            text += "\ninput: " + json.dumps(doc, ensure_ascii=False, default=_plain, sort_keys=True)
        super().__init__(text)

    def render(self, lang: str = "vi") -> str:
        text = self.message.get("en" if lang == "en" else "vi")
        if self.doc is not None:
            head = "input" if lang == "en" else "đầu vào"
            text += f"\n{head}: " + json.dumps(self.doc, ensure_ascii=False, default=_plain, sort_keys=True)
        return text


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return str(value)
    return str(value)


def evaluate_input(pack: Pack, doc: Mapping[str, Any], registry: PackRegistry | None = None) -> Result:
    """Evaluate an input drawn by :func:`~antq_rules.testing.inputs_for` (a copy: ``doc`` is not changed)."""
    d = copy.deepcopy(dict(doc))
    return evaluate(
        pack,
        d["unit"],
        d["year"],
        d.get("indicators") or {},
        d.get("previous_year"),
        d.get("events"),
        d.get("parameters"),
        scores=d.get("scores"),
        dependencies=d.get("dependencies"),
        registry=registry,
    )


def input_for_national(national: Pack, doc: Mapping[str, Any]) -> dict[str, Any]:
    """``doc`` with only what ``national`` declares (what an overlay added is left out)."""
    subject = doc["unit"]["subject"]

    def known(name: str) -> bool:
        spec = national.indicators.get(name)
        return spec is not None and (spec.subjects is None or subject in spec.subjects)

    out = copy.deepcopy(dict(doc))
    out["indicators"] = {k: v for k, v in out["indicators"].items() if known(k)}
    out["previous_year"] = {k: v for k, v in (out.get("previous_year") or {}).items() if known(k)}
    if out.get("events") is not None:
        events = []
        for ev in out["events"]:
            etype = national.event_types.get(ev.get("type"))
            if etype is not None:
                events.append({k: v for k, v in ev.items() if k in ("id", "type", "date") or k in etype.fields})
        out["events"] = events
    out["parameters"] = {k: v for k, v in (out.get("parameters") or {}).items() if k in national.parameters}
    items = {i.id for i in (*national.items, *national.adjustments)}
    out["scores"] = {k: v for k, v in (out.get("scores") or {}).items() if k in items}
    reqs = {r.id for r in national.requires}
    out["dependencies"] = {k: v for k, v in (out.get("dependencies") or {}).items() if k in reqs}
    return out


def check_deterministic(pack: Pack, doc: Mapping[str, Any], registry: PackRegistry | None = None) -> Result:
    """Evaluating the same input twice gives equal results (every criterion, trace and value used)."""
    first = evaluate_input(pack, doc, registry)
    second = evaluate_input(pack, doc, registry)
    if first != second:
        raise PropertyFailure(
            Text(
                f"cùng đầu vào cho hai kết quả khác nhau ({first.outcome} / {second.outcome})",
                f"the same input gave two different results ({first.outcome} / {second.outcome})",
            ),
            doc,
        )
    return first


def check_round_trip(result: Result, doc: Mapping[str, Any] | None = None) -> None:
    """``Result.from_dict(json.loads(r.to_json()))`` is ``r`` again, and writes the same JSON."""
    back = Result.from_dict(json.loads(result.to_json()))
    if back != result or back.to_json() != result.to_json():
        raise PropertyFailure(
            Text(
                "kết quả không giữ nguyên khi ghi ra JSON rồi đọc lại", "the result changes through a JSON round trip"
            ),
            doc,
        )


def check_total_within_scale(result: Result, doc: Mapping[str, Any] | None = None) -> None:
    """A determined total is between 0 and the scale, and the level is one the pack declares."""
    s = result.score
    if s is None or s.total is None:
        return
    if s.scale is None or not 0 <= s.total <= s.scale:
        raise PropertyFailure(
            Text(
                f"tổng điểm {s.total} nằm ngoài thang 0–{s.scale}",
                f"the total {s.total} is outside the scale 0–{s.scale}",
            ),
            doc,
        )


def _rank(pack: Pack, outcome: str) -> int | None:
    ids = [lv.id for lv in pack.levels]
    if outcome in ids:
        return ids.index(outcome)
    return {"fail": 0, "pass": 1}.get(outcome) if not ids else None


def check_hand_score_monotone(
    pack: Pack,
    doc: Mapping[str, Any],
    item: str,
    lower: Any,
    higher: Any,
    registry: PackRegistry | None = None,
) -> None:
    """Giving item ``item`` ``higher`` hand points instead of ``lower`` never lowers the total or the level
    (for a deduction, more points deducted never raise them)."""
    lo, hi = sorted((Fraction(lower), Fraction(higher)))
    kind = next((i.kind for i in (*pack.items, *pack.adjustments) if i.id == item), "item")
    what = ("khấu trừ", "deduction") if kind == "deduction" else ("điểm chấm tay", "hand score")
    docs = []
    for points in (lo, hi):
        d = copy.deepcopy(dict(doc))
        d["scores"] = {**(d.get("scores") or {}), item: {"points": points, "reason": "minh hoạ / illustrative"}}
        docs.append(d)
    r_lo, r_hi = (evaluate_input(pack, d, registry) for d in docs)
    # ``worse`` must never end above ``better``
    worse, better = (r_hi, r_lo) if kind == "deduction" else (r_lo, r_hi)
    a, b = worse.score, better.score
    if a is not None and b is not None and a.total is not None and b.total is not None and b.total < a.total:
        raise PropertyFailure(
            Text(
                f"{what[0]} của '{item}' {lo} → {hi}: tổng điểm {r_lo.score.total if r_lo.score else None} → "
                f"{r_hi.score.total if r_hi.score else None}, đi ngược chiều",
                f"{what[1]} of '{item}' {lo} → {hi}: the total went {r_lo.score.total if r_lo.score else None} → "
                f"{r_hi.score.total if r_hi.score else None}, the wrong way",
            ),
            docs[1],
        )
    ra, rb = _rank(pack, worse.outcome), _rank(pack, better.outcome)
    if ra is not None and rb is not None and rb < ra:
        raise PropertyFailure(
            Text(
                f"{what[0]} của '{item}' {lo} → {hi}: mức {r_lo.outcome} → {r_hi.outcome}, đi ngược chiều",
                f"{what[1]} of '{item}' {lo} → {hi}: the level went {r_lo.outcome} → {r_hi.outcome}, the wrong way",
            ),
            docs[1],
        )


def check_levels_partition(pack: Pack, totals: tuple[Any, ...] = ()) -> None:
    """The level bands cover the scale from 0 to the total with no gap and no overlap.

    The declared edges are compared (the lowest starts at 0, each ends where the next begins, the
    highest ends at the scale), and each of ``totals`` falls in exactly one band (a band holds its
    lower edge; the highest also its upper edge). Edges that are still slots are not checked.
    """
    levels = pack.levels
    if not levels or pack.total is None or not pack.total.known:
        return
    scale = Fraction(pack.total.value)
    edges = [(lv.min.value, lv.max.value) for lv in levels]
    problems: list[Text] = []
    if edges[0][0] is not None and edges[0][0] != 0:
        problems.append(
            Text(
                f"mức '{levels[0].id}' bắt đầu ở {edges[0][0]}, không ở 0",
                f"'{levels[0].id}' starts at {edges[0][0]}, not 0",
            )
        )
    if edges[-1][1] is not None and edges[-1][1] != scale:
        problems.append(
            Text(
                f"mức '{levels[-1].id}' kết thúc ở {edges[-1][1]}, không ở {scale}",
                f"'{levels[-1].id}' ends at {edges[-1][1]}, not {scale}",
            )
        )
    for i, (lv, (lo, hi)) in enumerate(zip(levels, edges, strict=True)):
        if lo is not None and hi is not None and lo >= hi:
            problems.append(Text(f"mức '{lv.id}' rỗng ({lo}–{hi})", f"level '{lv.id}' is empty ({lo}–{hi})"))
        if i + 1 < len(levels):
            nxt = edges[i + 1][0]
            if hi is not None and nxt is not None and hi != nxt:
                word = ("chồng lấn", "overlap") if hi > nxt else ("khoảng trống", "gap")
                problems.append(
                    Text(
                        f"{word[0]} giữa '{lv.id}' và '{levels[i + 1].id}' ({hi} ≠ {nxt})",
                        f"{word[1]} between '{lv.id}' and '{levels[i + 1].id}' ({hi} ≠ {nxt})",
                    )
                )
    if not problems and all(e is not None for pair in edges for e in pair):
        for total in totals:
            t = Fraction(total)
            if not 0 <= t <= scale:
                continue
            inside = [
                lv.id
                for i, lv in enumerate(levels)
                if lv.min.value <= t and (t <= lv.max.value if i == len(levels) - 1 else t < lv.max.value)
            ]
            if len(inside) != 1:
                problems.append(
                    Text(
                        f"tổng điểm {t} thuộc {len(inside)} mức ({', '.join(inside) or '—'})",
                        f"the total {t} falls in {len(inside)} levels ({', '.join(inside) or '—'})",
                    )
                )
                break
    if problems:
        raise PropertyFailure(
            Text("; ".join(p.vi for p in problems), "; ".join(p.en for p in problems)),
        )


def _names(candidate: Pack, national: Pack) -> tuple[str, str]:
    """How messages name the two packs (with their files when a copy keeps the national id and version)."""
    if candidate.ref != national.ref:
        return candidate.ref, national.ref
    return f"{candidate.ref} ({candidate.file})", f"{national.ref} ({national.file})"


def _pair(
    candidate: Pack, national: Pack, doc: Mapping[str, Any], registry: PackRegistry | None
) -> tuple[Result, Result, dict[str, Any]]:
    nat_doc = input_for_national(national, doc)
    return evaluate_input(candidate, doc, registry), evaluate_input(national, nat_doc, registry), nat_doc


def check_keeps_national_vetoes(
    candidate: Pack, national: Pack, doc: Mapping[str, Any], registry: PackRegistry | None = None
) -> None:
    """Every national criterion the unit does not meet is still not met under ``candidate`` (an overlay,
    or a copy of the national pack), and every national cap that holds still caps the level."""
    mine, theirs, _ = _pair(candidate, national, doc, registry)
    cand, nat = _names(candidate, national)
    if theirs.outcome == "not_applicable":
        return
    by_id = {c.info.id: c for c in mine.criteria}
    for c in theirs.criteria:
        if c.status != "not_met":
            continue
        other = by_id.get(c.info.id)
        if mine.outcome == "not_applicable" and other is None:
            continue
        if other is None or other.status != "not_met":
            got = "absent" if other is None else other.status
            raise PropertyFailure(
                Text(
                    f"tiêu chí quốc gia '{c.info.id}' không đạt theo {nat} nhưng là '{got}' theo {cand}",
                    f"national criterion '{c.info.id}' is not met under {nat} but '{got}' under {cand}",
                ),
                doc,
            )
    if theirs.score is not None and mine.score is not None:
        ids = [lv.id for lv in candidate.levels]
        for cond in theirs.score.conditions:
            if cond.kind != "cap" or cond.status != "met" or cond.level not in ids:
                continue
            if mine.outcome in ids and ids.index(mine.outcome) > ids.index(cond.level):
                raise PropertyFailure(
                    Text(
                        f"giới hạn quốc gia '{cond.id}' (tối đa '{cond.level}') bị vượt: {cand} cho '{mine.outcome}'",
                        f"national cap '{cond.id}' (at most '{cond.level}') is exceeded: {cand} gives '{mine.outcome}'",
                    ),
                    doc,
                )


def check_never_passes_national_fail(
    candidate: Pack, national: Pack, doc: Mapping[str, Any], registry: PackRegistry | None = None
) -> None:
    """A unit the national pack fails is not passed by ``candidate``; of two determined levels, the
    candidate's is never above the national one."""
    mine, theirs, _ = _pair(candidate, national, doc, registry)
    cand, nat = _names(candidate, national)
    if theirs.outcome == "fail" and mine.outcome == "pass":
        raise PropertyFailure(
            Text(
                f"{nat} đánh giá không đạt nhưng {cand} đánh giá đạt",
                f"{nat} fails the unit but {cand} passes it",
            ),
            doc,
        )
    ids = [lv.id for lv in candidate.levels]
    same_levels = bool(ids) and [lv.id for lv in national.levels] == ids
    both = same_levels and theirs.outcome in ids and mine.outcome in ids
    if both and ids.index(mine.outcome) > ids.index(theirs.outcome):
        raise PropertyFailure(
            Text(
                f"{cand} xếp '{mine.outcome}', cao hơn '{theirs.outcome}' của {nat}",
                f"{cand} gives '{mine.outcome}', above {nat}'s '{theirs.outcome}'",
            ),
            doc,
        )
