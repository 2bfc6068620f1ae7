"""A commune's roll-up as an auditor reads it (text), and as JSON.

>>> from antq_rules.population import evaluate_population
>>> rows = [{"unit": {"id": "X1", "subject": "xa"}}]
>>> (rec,) = evaluate_population(rows, ["vn.bca.tt124"], 2026)
>>> print(render_rollup(rec.rollup, "en").splitlines()[0])
Counts derived from member units (vn.bca.tt124@1.1.0, 0 members)
"""

from __future__ import annotations

from typing import Any

from antq_rules._text import Lang, Text
from antq_rules.population._model import DerivedCount, MemberStatus, Rollup
from antq_rules.results import encode_value

__all__ = ["render_rollup", "rollup_to_dict"]

ROLLUP_SCHEMA_ID = "antq-rules/rollup/v1"

_STATUS = {
    "derived": Text("tính từ đơn vị thành viên", "derived from the member units"),
    "agrees": Text("dòng có ghi, khớp với số tính được", "supplied by the row, agrees with the derived count"),
    "conflict": Text("XUNG ĐỘT với số dòng ghi", "CONFLICT with the row's value"),
    "undetermined": Text("chưa xác định", "undetermined"),
    "supplied": Text(
        "dùng số dòng ghi (không tính được từ đơn vị thành viên)",
        "the row's value is used (the derived count is undetermined)",
    ),
}


def _count_line(c: DerivedCount, lang: Lang, pack: Any = None) -> list[str]:
    value = "?" if c.value is None else str(c.value)
    name = c.indicator
    spec = None if pack is None else pack.indicators.get(c.indicator)
    if spec is not None:  # the pack's label, the code after it (the pack's texts refer to it)
        name = f"{(spec.label or spec.description).get(lang)} ({c.indicator})"
        if c.value is not None:
            from antq_rules.units._registry import COUNT_UNITS

            if spec.unit in COUNT_UNITS:
                vi, en = COUNT_UNITS[spec.unit]
                value += " " + (vi if lang == "vi" else (en if c.value == 1 else en + "s"))
    head = f"  - {name} = {value} — {_STATUS[c.status].get(lang)}"
    if c.supplied is not None and c.status in ("agrees", "conflict", "supplied"):
        head += f" ({'dòng ghi' if lang == 'vi' else 'row'}: {c.supplied})"
    lines = [head]
    if c.description is not None:
        lines.append(f"      {c.description.get(lang)}")
    if c.counted:
        shown = ", ".join(c.counted[:20]) + (" …" if len(c.counted) > 20 else "")
        lines.append(f"      {'được tính' if lang == 'vi' else 'counted'}: {shown}")
    if c.reason is not None:
        lines.append(f"      {c.reason.get(lang)}")
    return lines


def _member_line(m: MemberStatus, lang: Lang, pack: Any = None) -> str:
    name = f" {m.name}" if m.name else ""
    subject = m.subject
    if pack is not None and m.subject in pack.subjects:
        subject = pack.subjects[m.subject].name.get(lang)
    return f"  - {m.unit_id}{name} [{subject}]: {m.reason.get(lang)}"


def render_rollup(rollup: Rollup, lang: Lang = "vi", pack: Any = None) -> str:
    """The counts a commune took from its members, and how each member stood (counted or not, and why).

    ``pack`` (the pack of ``rollup.pack``) names the counts by its indicator labels and units and the
    members' subjects by name; without it, codes stand for names.
    """
    n = len(rollup.members)
    head = (
        f"Số liệu tính từ các đơn vị thành viên ({rollup.pack}, {n} đơn vị)"
        if lang == "vi"
        else f"Counts derived from member units ({rollup.pack}, {n} members)"
    )
    lines = [head]
    for c in rollup.counts:
        lines.extend(_count_line(c, lang, pack))
    if rollup.members:
        lines.append("Đơn vị thành viên:" if lang == "vi" else "Member units:")
        lines.extend(_member_line(m, lang, pack) for m in rollup.members)
    return "\n".join(lines)


def rollup_to_dict(rollup: Rollup) -> dict[str, Any]:
    """The roll-up as JSON-ready data (``antq-rules/rollup/v1``)."""
    return {
        "schema": ROLLUP_SCHEMA_ID,
        "pack": rollup.pack,
        "counts": [
            {
                "indicator": c.indicator,
                "value": c.value,
                "status": c.status,
                "supplied": encode_value(c.supplied),
                "counted": list(c.counted),
                "undetermined": list(c.undetermined),
                "description": None if c.description is None else c.description.to_dict(),
                "reason": None if c.reason is None else c.reason.to_dict(),
            }
            for c in rollup.counts
        ],
        "members": [
            {
                "id": m.unit_id,
                "subject": m.subject,
                "name": m.name,
                "outcome": m.outcome,
                "in_scope": m.in_scope,
                "reason": m.reason.to_dict(),
                "source": m.source.where() if m.source.file or m.source.row else None,
            }
            for m in rollup.members
        ],
    }
