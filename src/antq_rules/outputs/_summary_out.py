"""A run's summary as a table file (CSV or XLSX), as JSON-ready data, and as text for the terminal.

One row per group: the whole run first, then each commune. Shares are written as percent in the
chosen language with the exact counts beside them, e.g. ``90,0% (18/20)``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import attrs
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text as RichText

from antq_rules._text import Lang, Text
from antq_rules.outputs import _messages as M
from antq_rules.outputs._cells import csv_cell
from antq_rules.outputs._format import format_count, format_share
from antq_rules.outputs._summary import GroupSummary, PackCounts, PopulationSummary
from antq_rules.outputs._writers import format_from_path

__all__ = ["render_summary_text", "summary_table", "write_summary"]

_FIXED_OUTCOMES = ("pass", "fail")
_LAST_OUTCOMES = ("incomplete", "undetermined", "not_applicable")
_TEXT_COMMUNES = 40  # the terminal lists communes only up to this many (the files list them all)


@attrs.frozen(slots=True)
class _Column:
    key: str
    label: Text


def _share_cell(counts: PackCounts, among: str, lang: Lang) -> str:
    share = counts.pass_share_determined if among == "determined" else counts.pass_share_in_scope
    if share is None:
        return "—"
    base = counts.determined if among == "determined" else counts.in_scope
    return f"{format_share(share, lang)} ({counts.outcomes['pass']}/{base})"


def _outcomes(summary: PopulationSummary, key: str) -> list[str]:
    seen = set(summary.overall.packs[key].outcomes) if key in summary.overall.packs else set()
    pack = summary.pack_of(key)
    first: list[str] = []
    if pack is not None and pack.levels:
        first = [lv.id for lv in reversed(pack.levels)]  # highest level first
    elif pack is None or pack.kind == "standard":
        first = list(_FIXED_OUTCOMES)
    middle = sorted(seen - set(first) - set(_LAST_OUTCOMES))
    last = [o for o in _LAST_OUTCOMES if o in seen or o != "incomplete" or (pack is not None and pack.levels)]
    return [*first, *middle, *last]


_GENERIC = ("pass", "fail", "incomplete", "undetermined", "not_applicable")


def _outcome_label(summary: PopulationSummary, key: str, outcome: str) -> Text:
    if outcome in _GENERIC:
        return M.OUTCOME_NAMES[outcome]  # short names (the results' own labels are sentences)
    pack = summary.pack_of(key)
    if pack is not None:
        for lv in pack.levels:
            if lv.id == outcome:
                return lv.name
        if outcome in pack.outcome_labels:
            return pack.outcome_labels[outcome]
    known = summary.outcome_labels.get((key, outcome))
    return known if known is not None else Text(outcome, outcome)


def _subjects(summary: PopulationSummary) -> list[str]:
    order: list[str] = []
    for pc in summary.layout_packs:
        order.extend(s for s in pc.pack.subjects if s not in order)
    seen = set(summary.overall.units)
    return [s for s in order if s in seen] + sorted(seen - set(order))


def _subject_label(summary: PopulationSummary, subject: str) -> Text:
    for pc in summary.layout_packs:
        spec = pc.pack.subjects.get(subject)
        if spec is not None:
            return spec.name
    return Text(subject, subject)


def summary_table(
    summary: PopulationSummary, lang: Lang = "vi", plans: Sequence[Any] = ()
) -> tuple[list[str], list[list[Any]]]:
    """The summary as a header and rows of cell values (the whole run first, then each commune).

    ``plans`` (:class:`~antq_rules.plans.PlanReport`): two more columns per target — its status and what was
    measured ("18/20 = 90,0% — cần trên 90% → chưa đạt") — so a commune reports against its plan upward.
    """
    S = M.SUMMARY
    cols: list[_Column] = [
        _Column("commune", S["commune"]),
        _Column("rows", S["rows"]),
        _Column("errors", S["errors"]),
    ]
    subjects = _subjects(summary)
    cols += [
        _Column(
            f"units.{s}",
            Text(
                f"{S['units'].vi}: {_subject_label(summary, s).vi}", f"{S['units'].en}: {_subject_label(summary, s).en}"
            ),
        )
        for s in subjects
    ]
    for key in summary.pack_keys:
        counts = summary.overall.packs[key]

        def head(what: Text, key: str = key) -> Text:
            return Text(f"{key} · {what.vi}", f"{key} · {what.en}")

        cols += [_Column(f"{key}.outcome.{o}", head(_outcome_label(summary, key, o))) for o in _outcomes(summary, key)]
        pack = summary.pack_of(key)
        if pack is not None and pack.levels:
            cols += [
                _Column(
                    f"{key}.level.{lv.id}", head(Text(f"{S['level'].vi} {lv.name.vi}", f"{S['level'].en} {lv.name.en}"))
                )
                for lv in reversed(pack.levels)
            ]
            cols.append(_Column(f"{key}.incomplete", head(S["incomplete"])))
        cols += [_Column(f"{key}.in_scope", head(S["in_scope"])), _Column(f"{key}.determined", head(S["determined"]))]
        if counts.standard:
            cols += [
                _Column(f"{key}.pass_share_determined", head(S["share_determined"])),
                _Column(f"{key}.pass_share_in_scope", head(S["share_in_scope"])),
            ]
    groups: list[tuple[str, GroupSummary]] = [(M.OVERALL.get(lang), summary.overall)]
    groups += [(k if k is not None else M.NO_COMMUNE.get(lang), g) for k, g in summary.communes.items()]
    rows = []
    for name, g in groups:
        values: dict[str, Any] = {"commune": name, "rows": g.rows, "errors": g.errors}
        for s in subjects:
            values[f"units.{s}"] = g.units[s]
        for key, c in g.packs.items():
            for o, n in c.outcomes.items():
                values[f"{key}.outcome.{o}"] = n
            for lv, n in c.levels.items():
                values[f"{key}.level.{lv}"] = n
            values[f"{key}.incomplete"] = c.incomplete
            values[f"{key}.in_scope"] = c.in_scope
            values[f"{key}.determined"] = c.determined
            values[f"{key}.pass_share_determined"] = _share_cell(c, "determined", lang)
            values[f"{key}.pass_share_in_scope"] = _share_cell(c, "in_scope", lang)
        rows.append([values.get(col.key, 0 if col.key != "commune" else "") for col in cols])
    heads = [c.label.get(lang) for c in cols]
    keys: list[str | None] = [None, *summary.communes]
    for report in plans:
        by_commune = {g.commune: g for g in report.communes}
        for target in report.plan.targets:
            heads += [f"{target.id} · {S['plan_status'].get(lang)}", f"{target.id} · {S['plan_measure'].get(lang)}"]
            for row, commune in zip(rows, keys, strict=True):
                group = report.overall if commune is None and row is rows[0] else by_commune.get(commune)
                got = group.target(target.id) if group is not None else None
                row += ["", ""] if got is None else [_PLAN_STATUS[got.status].get(lang), got.explain(lang)]
    return heads, rows


_PLAN_STATUS = {
    "met": Text("đạt", "met"),
    "not_met": Text("chưa đạt", "not met"),
    "undetermined": Text("chưa xác định", "undetermined"),
    "not_measurable": Text("không đo được", "not measurable"),
}


def write_summary(
    summary: PopulationSummary,
    path: str | Path | IO[Any],
    lang: Lang = "vi",
    *,
    format: str | None = None,
    plans: Sequence[Any] = (),
) -> None:
    """Write the summary as CSV or XLSX (from the suffix unless ``format`` is given); ``plans`` add each
    target's status and measure per commune (see :func:`summary_table`)."""
    fmt = format_from_path(path if isinstance(path, (str, Path)) else "stream", format, ("csv", "xlsx"))
    heads, rows = summary_table(summary, lang, plans)
    note = M.SUMMARY["share_note"].get(lang)
    if fmt == "csv":
        own = isinstance(path, (str, Path))
        stream: IO[str] = (
            open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
            if isinstance(path, (str, Path))
            else path
        )
        try:
            w = csv.writer(stream)
            w.writerow(heads)
            for row in rows:
                w.writerow([csv_cell(v, lang) for v in row])
        finally:
            if own:
                stream.close()
        return
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(M.SUMMARY["title"].get(lang))
    ws.freeze_panes = "B2"
    for i in range(1, len(heads) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 28 if i == 1 else 16

    def cell(v: Any, bold: bool = False, fill: str | None = None) -> WriteOnlyCell:
        if isinstance(v, str):
            v = ILLEGAL_CHARACTERS_RE.sub("\ufffd", v)
        c = WriteOnlyCell(ws, value=v)
        if isinstance(v, str):
            c.data_type = "s"
        if bold:
            c.font = Font(bold=True)
            c.alignment = Alignment(wrap_text=True, vertical="top")
        if fill is not None:
            c.fill = PatternFill("solid", start_color=fill, end_color=fill)
        return c

    ws.append([cell(h, bold=True, fill="FFD9E1F2") for h in heads])
    for i, row in enumerate(rows):
        ws.append([cell(v, bold=i == 0) for v in row])
    ws.append([])
    ws.append([cell(note)])
    wb.save(path)


def _outcome_summary(summary: PopulationSummary, key: str, c: PackCounts, lang: Lang) -> str:
    parts = [
        f"{_outcome_label(summary, key, o).get(lang)}: {format_count(c.outcomes[o], lang)}"
        for o in _outcomes(summary, key)
        if c.outcomes[o]
    ]
    return "; ".join(parts) or "—"


def _cell(text: str) -> RichText:
    return RichText(text)  # plain text: never read as markup


def render_summary_text(summary: PopulationSummary, lang: Lang = "vi", *, width: int = 120) -> str:
    """The summary for a terminal: the whole run per pack, then communes (up to a few dozen)."""
    S = M.SUMMARY
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=False, highlight=False)
    o = summary.overall
    head = f"{S['title'].get(lang)}: {S['rows'].get(lang)} {format_count(o.rows, lang)}, " + (
        f"{S['errors'].get(lang)} {format_count(o.errors, lang)}"
    )
    console.print(_cell(head))
    if o.units:
        units = ", ".join(
            f"{_subject_label(summary, s).get(lang)} ({s}): {format_count(o.units[s], lang)}"
            for s in _subjects(summary)
        )
        console.print(_cell(f"{S['units'].get(lang)}: {units}"))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for h in (S["pack"], S["evaluated"], S["in_scope"], S["outcome"], S["share_determined"], S["share_in_scope"]):
        table.add_column(_cell(h.get(lang)), overflow="fold")
    for key in summary.pack_keys:
        c = o.packs[key]
        outcomes = _outcome_summary(summary, key, c, lang)
        if c.incomplete and c.incomplete != c.outcomes["incomplete"]:
            outcomes += f" ({S['incomplete'].get(lang)}: {format_count(c.incomplete, lang)})"
        table.add_row(
            _cell(key),
            _cell(format_count(c.evaluated, lang)),
            _cell(format_count(c.in_scope, lang)),
            _cell(outcomes),
            _cell(_share_cell(c, "determined", lang)),
            _cell(_share_cell(c, "in_scope", lang)),
        )
    console.print(table)
    console.print()
    communes = list(summary.communes.items())
    if communes and len(communes) <= _TEXT_COMMUNES:
        ct = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        ct.add_column(_cell(S["commune"].get(lang)))
        ct.add_column(_cell(S["rows"].get(lang)), justify="right")
        ct.add_column(_cell(S["errors"].get(lang)), justify="right")
        standard = [k for k in summary.pack_keys if o.packs[k].standard]
        for key in summary.pack_keys:
            ct.add_column(_cell(f"{key}"), overflow="fold")
        for name, g in communes:
            cells = [
                _cell(name if name is not None else M.NO_COMMUNE.get(lang)),
                _cell(format_count(g.rows, lang)),
                _cell(format_count(g.errors, lang)),
            ]
            for key in summary.pack_keys:
                c = g.packs.get(key, PackCounts())
                text = _outcome_summary(summary, key, c, lang)
                if key in standard and c.pass_share_determined is not None:
                    text += f" — {_share_cell(c, 'determined', lang)}"
                cells.append(_cell(text))
            ct.add_row(*cells)
        console.print(ct)
        console.print()
    elif communes:
        console.print(_cell(_MANY.format(n=format_count(len(communes), lang)).get(lang)))
    console.print(_cell(S["share_note"].get(lang)))
    out = console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue().rstrip() + "\n"


_MANY = Text(
    "{n} xã: xem bảng theo từng xã trong tệp tổng hợp (--summary).",
    "{n} communes: see the per-commune table in the summary file (--summary).",
)
