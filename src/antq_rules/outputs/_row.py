"""One flat row per record of a population run: the unit, then each pack's outcome, then errors.

The columns depend only on the packs of the run (never on the rows), so a writer can put the header
first and stream the rows after it. Keys are stable identifiers; :meth:`ResultLayout.labels` gives the
header a reader sees, in Vietnamese or English.

Columns, in order:

``row``
    the record's position in the run's input, counted from 1 (``index + 1``);
``source``
    where the row came from: ``file[sheet]:row``;
``id``, ``name``, ``subject``, ``kind``, ``member_of``
    the unit (empty for a row whose unit could not be read);
``<pack>.outcome``, ``<pack>.outcome_label``, ``<pack>.year``, ``<pack>.failing``, ``<pack>.undetermined``
    for every pack of the run (``<pack>`` is the pack id as named in the run): the outcome code, its
    name in the chosen language, the year evaluated, the ids of the criteria not met and of those
    undetermined ("; "-joined); empty when the pack does not cover the unit's subject;
``<pack>.score``, ``<pack>.level``, ``<pack>.missing_slots``
    for packs that score (QĐ 510, QĐ 3554): the total (empty when not every item is determined), the
    level id or ``incomplete``, the unknown values (slots) that keep the unit from a level;
``illustrative``
    whether a result rests on illustrative values (examples, not law);
``rollup.<indicator>``, ``rollup_undetermined``
    for runs whose packs derive commune counts from member units: the count a commune's row used, and
    the indicators whose count stayed undetermined;
``error``, ``error_fields``
    every problem of a row that could not be evaluated, with its place, in the chosen language; the
    fields concerned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from antq_rules._text import Lang, Text
from antq_rules.outputs import _messages as M
from antq_rules.outputs._cells import FORMULA_START, csv_cell, yes_no
from antq_rules.packs import Pack, PackRegistry
from antq_rules.population import RowError, UnitRecord
from antq_rules.results import Result

__all__ = ["PackColumns", "Record", "ResultLayout", "pack_key", "result_row"]

Record = UnitRecord | RowError

_UNIT_COLUMNS = ("row", "source", "id", "name", "subject", "kind", "member_of")
_STANDARD = ("outcome", "outcome_label", "year", "failing", "undetermined")
_SCORED = ("score", "level", "missing_slots")
SEP = "; "


def pack_key(pack: str | Pack) -> str:
    """The key a run gives a pack: the id as named, or the id of a :class:`Pack` object."""
    return pack.id if isinstance(pack, Pack) else pack


def _resolve(pack: str | Pack, registry: PackRegistry | None) -> Pack:
    if isinstance(pack, Pack):
        return pack
    reg = registry if registry is not None else PackRegistry.shipped()
    pack_id, _, version = pack.partition("@")
    return reg.get(pack_id, version or None)


@attrs.frozen(slots=True)
class PackColumns:
    """One pack of the run as the outputs see it: its key, the pack, whether it scores."""

    key: str
    pack: Pack

    @property
    def scored(self) -> bool:
        return bool(self.pack.levels)

    @property
    def fields(self) -> tuple[str, ...]:
        return _STANDARD + _SCORED if self.scored else _STANDARD


@attrs.frozen(slots=True)
class _RollupColumn:
    key: str
    pack_id: str
    indicator: str
    label: Text


def _rollup_columns(packs: Sequence[PackColumns]) -> tuple[_RollupColumn, ...]:
    pairs: list[tuple[Pack, str]] = []
    for pc in packs:
        for rule in pc.pack.rollups:
            if all(not (p.id == pc.pack.id and i == rule.indicator) for p, i in pairs):
                pairs.append((pc.pack, rule.indicator))
    names = [i for _, i in pairs]
    out = []
    for pack, ind in pairs:
        key = f"rollup.{ind}" if names.count(ind) == 1 else f"rollup.{pack.id}.{ind}"
        spec = pack.indicators.get(ind)
        short = spec.label if spec is not None and spec.label is not None else Text(ind, ind)
        out.append(_RollupColumn(key, pack.id, ind, short))
    return tuple(out)


def _joined(items: Iterable[str]) -> str:
    return SEP.join(items)


class ResultLayout:
    """The columns of a run's result rows (from its packs) and the flattening of one record.

    ``packs`` are the run's packs as given to :func:`~antq_rules.population.evaluate_population`:
    ids (resolved in ``registry``, default the shipped packs) or :class:`Pack` objects.
    """

    def __init__(self, packs: Sequence[str | Pack], registry: PackRegistry | None = None) -> None:
        self.packs: tuple[PackColumns, ...] = tuple(PackColumns(pack_key(p), _resolve(p, registry)) for p in packs)
        self._rollups = _rollup_columns(self.packs)
        self._rollup_by = {(c.pack_id, c.indicator): c.key for c in self._rollups}
        self._rollup_by_indicator = {c.indicator: c.key for c in self._rollups}
        cols: list[str] = list(_UNIT_COLUMNS)
        for pc in self.packs:
            cols.extend(f"{pc.key}.{f}" for f in pc.fields)
        cols.append("illustrative")
        if self._rollups:
            cols.extend(c.key for c in self._rollups)
            cols.append("rollup_undetermined")
        cols.extend(("error", "error_fields"))
        self.columns: tuple[str, ...] = tuple(cols)
        # positions for csv_row(): the first column of each pack, the roll-up columns
        at = {c: i for i, c in enumerate(cols)}
        self._pack_at = tuple((pc.key, at[f"{pc.key}.outcome"], pc.scored) for pc in self.packs)
        self._rollup_at = {k: at[v] for k, v in self._rollup_by.items()}
        self._rollup_at_indicator = {k: at[v] for k, v in self._rollup_by_indicator.items()}
        self._illustrative_at = at["illustrative"]
        self._open_at = at.get("rollup_undetermined", -1)
        self._error_at = at["error"]

    @property
    def has_rollups(self) -> bool:
        return bool(self._rollups)

    def labels(self, lang: Lang = "vi") -> list[str]:
        """The header a reader sees: fixed columns by name, pack columns as ``<pack> · <name>``."""
        out: list[str] = []
        rollup_labels = {c.key: c.label for c in self._rollups}
        for col in self.columns:
            if col in M.COLUMN_LABELS:
                out.append(M.COLUMN_LABELS[col].get(lang))
            elif col in rollup_labels:
                out.append(f"{M.ROLLUP_LABEL.get(lang)} · {rollup_labels[col].get(lang)}")
            else:
                key, _, field = col.rpartition(".")
                out.append(f"{key} · {M.PACK_COLUMN_LABELS[field].get(lang)}")
        return out

    def row(self, record: Record, lang: Lang = "vi") -> dict[str, Any]:
        """The flat row of ``record`` (every column present; ``None`` for an empty cell)."""
        row: dict[str, Any] = dict.fromkeys(self.columns)
        unit = record.unit
        row["row"] = record.index + 1
        row["source"] = record.source.where()
        if unit is not None:
            row["id"], row["name"], row["subject"], row["kind"] = unit.id, unit.name, unit.subject, unit.kind
        row["member_of"] = record.member_of
        if isinstance(record, UnitRecord):
            for pc in self.packs:
                result = record.results.get(pc.key)
                if result is not None:
                    row.update(_pack_cells(pc, result, lang))
            row["illustrative"] = any(r.illustrative for r in record.results.values())
        else:
            row["illustrative"] = False
            row["error"] = _joined(p.render(lang) for p in record.problems)
            row["error_fields"] = _joined(dict.fromkeys(p.field for p in record.problems if p.field))
        if self._rollups and record.rollups:
            open_: list[str] = []
            for rollup in record.rollups:
                pack_id = rollup.pack.partition("@")[0]
                for c in rollup.counts:
                    key = self._rollup_by.get((pack_id, c.indicator)) or self._rollup_by_indicator.get(c.indicator)
                    if key is None:
                        continue
                    value = c.value if c.value is not None else (c.supplied if c.status == "supplied" else None)
                    row[key] = value
                    if c.status == "undetermined":
                        open_.append(c.indicator)
            row["rollup_undetermined"] = _joined(open_) or None
        return row

    def csv_row(self, record: Record, lang: Lang = "vi") -> list[str]:
        """The row of ``record`` as CSV text, in column order: ``[csv_cell(v, lang) for v in row]``.

        The fast path of the CSV writer (several times faster than :meth:`row` then :func:`csv_cell`); it
        writes each cell straight into its place and formats only what is set. It must give exactly
        the text of :meth:`row` + :func:`csv_cell` (``tests/test_outputs.py`` compares both on a varied
        population): change both together.
        """
        cells = [""] * len(self.columns)
        unit = record.unit
        cells[0] = str(record.index + 1)
        cells[1] = _text(record.source.where(), lang)
        if unit is not None:
            cells[2] = _text(unit.id, lang)
            cells[3] = _text(unit.name, lang)
            cells[4] = _text(unit.subject, lang)
            cells[5] = _text(unit.kind, lang)
        cells[6] = _text(record.member_of, lang)
        if isinstance(record, UnitRecord):
            results = record.results
            for key, i, scored in self._pack_at:
                r = results.get(key)
                if r is None:
                    continue
                cells[i] = _text(r.outcome, lang)
                cells[i + 1] = _text(r.outcome_label.get(lang), lang)
                year = r.year
                cells[i + 2] = str(year) if type(year) is int else csv_cell(year, lang)
                # the criteria once: most results have neither failing nor undetermined criteria
                failing: list[str] | None = None
                open_ids: list[str] | None = None
                for c in r.criteria:
                    status = c.status
                    if status == "not_met":
                        if failing is None:
                            failing = []
                        failing.append(c.id)
                    elif status == "undetermined":
                        if open_ids is None:
                            open_ids = []
                        open_ids.append(c.id)
                if failing is not None:
                    cells[i + 3] = _text(SEP.join(failing), lang)
                if open_ids is not None:
                    cells[i + 4] = _text(SEP.join(open_ids), lang)
                if scored:
                    s = r.score
                    if s is not None:
                        level = s.level if s.level is not None else (M.INCOMPLETE if s.status == M.INCOMPLETE else None)
                        cells[i + 5] = csv_cell(s.total, lang)
                        cells[i + 6] = _text(level, lang)
                        cells[i + 7] = _text(SEP.join(s.missing_slots), lang)
            illustrative = False
            for r in results.values():  # every result of the record, as row() counts it
                if r.illustrative:
                    illustrative = True
                    break
            cells[self._illustrative_at] = yes_no(illustrative, lang)
        else:
            cells[self._illustrative_at] = yes_no(False, lang)
            e = self._error_at
            cells[e] = _text(SEP.join(p.render(lang) for p in record.problems), lang)
            cells[e + 1] = _text(SEP.join(dict.fromkeys(p.field for p in record.problems if p.field)), lang)
        if self._rollup_at and record.rollups:
            open_: list[str] = []
            for rollup in record.rollups:
                pack_id = rollup.pack.partition("@")[0]
                for d in rollup.counts:
                    i = self._rollup_at.get((pack_id, d.indicator), -1)
                    if i < 0:
                        i = self._rollup_at_indicator.get(d.indicator, -1)
                        if i < 0:
                            continue
                    value = d.value if d.value is not None else (d.supplied if d.status == "supplied" else None)
                    cells[i] = csv_cell(value, lang)
                    if d.status == "undetermined":
                        open_.append(d.indicator)
            cells[self._open_at] = _text(SEP.join(open_), lang)
        return cells


def _text(v: Any, lang: Lang) -> str:
    """:func:`csv_cell` with a shortcut for plain text and ``None`` (most cells)."""
    if type(v) is str:
        return "'" + v if v.startswith(FORMULA_START) else v
    return "" if v is None else csv_cell(v, lang)


def _pack_cells(pc: PackColumns, r: Result, lang: Lang) -> Mapping[str, Any]:
    k = pc.key
    cells: dict[str, Any] = {
        f"{k}.outcome": r.outcome,
        f"{k}.outcome_label": r.outcome_label.get(lang),
        f"{k}.year": r.year,
        f"{k}.failing": _joined(c.id for c in r.criteria if c.status == "not_met"),
        f"{k}.undetermined": _joined(c.id for c in r.criteria if c.status == "undetermined"),
    }
    if pc.scored:
        s = r.score
        level = None
        if s is not None:
            level = s.level if s.level is not None else (M.INCOMPLETE if s.status == M.INCOMPLETE else None)
        cells[f"{k}.score"] = None if s is None else s.total
        cells[f"{k}.level"] = level
        cells[f"{k}.missing_slots"] = _joined(s.missing_slots) if s is not None else ""
    return cells


def result_row(
    record: Record, packs: Sequence[str | Pack], *, lang: Lang = "vi", registry: PackRegistry | None = None
) -> dict[str, Any]:
    """One flat row for ``record`` (see the module's documentation for the columns).

    For many records build one :class:`ResultLayout` and call its :meth:`~ResultLayout.row`.
    """
    return ResultLayout(packs, registry).row(record, lang)
