"""Evaluate a population: every row through the run's pack chain, communes rolled up from members.

Order (deterministic): rows of subjects that aggregate nothing stream out in input order as they are
evaluated; rows of aggregating subjects (communes) are held back and evaluated after all rows were
seen — deeper levels last — in input order. Every input row comes out exactly once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from antq_rules._text import Text
from antq_rules.engine import evaluate_validated, resolve_dependencies
from antq_rules.errors import AntqError, EvaluationError, InputError, Problem
from antq_rules.inputs import InputDocument, validate_input
from antq_rules.inputs._coerce import QUICK_DATE, CoercionError, QuickReader, read_choice
from antq_rules.inputs._validate import field_quick_kind
from antq_rules.packs import Pack, PackRegistry
from antq_rules.packs._model import RollupRule
from antq_rules.population._chain import ChainStep, plan_chain
from antq_rules.population._model import DerivedCount, Rollup, RowError, RowSource, UnitRecord, UnitRow
from antq_rules.population._rollup import (
    Tally,
    add_member,
    derive,
    member_contribution,
    rollup_record,
    rules_for_member,
)
from antq_rules.population._rows import as_row, blank, dependency_spec
from antq_rules.results import Result

__all__ = ["PopulationRun", "evaluate_population"]


@attrs.define(slots=True)
class _Routes:
    """Which names of a row go to which pack of the chain, for one subject (computed once)."""

    indicators: dict[str, tuple[str, ...]]
    previous: dict[str, tuple[str, ...]]
    params: dict[str, tuple[str, ...]]
    scores: dict[str, tuple[str, ...]]
    events: dict[str, tuple[str, ...]]


class PopulationRun(Iterator["UnitRecord | RowError"]):
    """An iterator of records, one per input row; ``warnings`` is complete once it is exhausted.

    Build it with :func:`evaluate_population`.
    """

    def __init__(
        self,
        rows: Iterable[Any],
        packs: Sequence[str | Pack],
        year: int,
        registry: PackRegistry | None = None,
        parameters: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.registry = registry or PackRegistry.shipped()
        self.year = year
        self.chain: tuple[ChainStep, ...] = plan_chain(packs, year, self.registry)
        self.parameters = {k: dict(v) for k, v in (parameters or {}).items()}
        unknown = sorted(set(self.parameters) - {s.key for s in self.chain})
        if unknown:
            raise EvaluationError(
                Text(
                    f"tham số cho gói không có trong lượt chạy: {', '.join(unknown)}",
                    f"parameters for packs that are not in the run: {', '.join(unknown)}",
                )
            )
        self.warnings: list[Problem] = []
        self.rows_in = 0
        self.records_out = 0
        self._rows = iter(rows)
        self._iter = self._generate()
        self._selected: dict[tuple[str, str], Pack | None] = {}
        self._routes: dict[str, _Routes] = {}
        # aggregating subject -> the member subjects the run's roll-ups count into it
        self._aggregates: dict[str, set[str]] = {}
        for step in self.chain:
            for r in step.pack.rollups:
                self._aggregates.setdefault(r.subject, set()).update(r.members)
        self._rolled_up = set().union(*self._aggregates.values())  # subjects some roll-up counts
        self._depth = self._subject_depths()
        self._seen: dict[str, tuple[str, RowSource]] = {}  # unit id -> (subject, where first seen)
        self._tallies: dict[tuple[str, str], Tally] = {}  # (aggregate id, step key) -> tally
        self._member_links: list[tuple[str, str, str, RowSource]] = []  # (unit id, subject, member_of, where)
        self._kinds_by_subject: dict[str, dict[str, Text]] = {}
        self._kinds: dict[tuple[str, str], tuple[QuickReader, dict[str, QuickReader]]] = {}
        self._steps: dict[str, list[tuple[ChainStep, Pack]]] = {}
        self._standing: dict[tuple[Any, ...], Any] = {}  # see member_contribution
        self._aggregating = {(step.key, r.subject) for step in self.chain for r in step.pack.rollups}
        self._member_rules: dict[str, list[tuple[ChainStep, tuple[RollupRule, ...]]]] = {}

    # -- iteration --------------------------------------------------------------------------------
    def __iter__(self) -> PopulationRun:
        return self

    def __next__(self) -> UnitRecord | RowError:
        return next(self._iter)

    def _generate(self) -> Iterator[UnitRecord | RowError]:
        held: dict[int, list[tuple[int, UnitRow]]] = {}
        for index, raw in enumerate(self._rows):
            self.rows_in += 1
            row = as_row(raw, index, self._named)
            if isinstance(row, RowError):
                self.records_out += 1
                yield row
                continue
            dup = self._duplicate(row, index)
            if dup is not None:
                self.records_out += 1
                yield dup
                continue
            depth = self._depth.get(row.unit.subject, 0)
            if depth:
                held.setdefault(depth, []).append((index, row))
                continue
            self.records_out += 1
            yield self._evaluate(row, index)
        for depth in sorted(held):
            for index, row in held[depth]:
                self.records_out += 1
                yield self._evaluate(row, index)
        self._check_links()

    # -- rows -------------------------------------------------------------------------------------
    def _named(self, source: RowSource, year: Any, pack: Any) -> list[Problem]:
        """Problems with a document's own ``year`` and ``pack`` when they do not match the run."""
        problems = []
        if year is not None and year != self.year:
            problems.append(
                source.problem(
                    Text(
                        f"năm {year} khác năm của lượt chạy {self.year}",
                        f"year {year} differs from the run's year {self.year}",
                    ),
                    "year",
                )
            )
        if pack is not None and pack not in {s.key for s in self.chain} | {s.pack.id for s in self.chain}:
            problems.append(
                source.problem(
                    Text(f"gói '{pack}' không có trong lượt chạy", f"pack '{pack}' is not in the run"), "pack"
                )
            )
        return problems

    def _duplicate(self, row: UnitRow, index: int) -> RowError | None:
        first = self._seen.get(row.unit.id)
        if first is None:
            self._seen[row.unit.id] = (row.unit.subject, row.source)
            if row.member_of is not None and row.unit.subject not in self._rolled_up:
                # members that a roll-up counts are found in the tallies; only the others are kept here
                self._member_links.append((row.unit.id, row.unit.subject, row.member_of, row.source))
            return None
        p = row.source.problem(
            Text(
                f"mã đơn vị '{row.unit.id}' trùng với dòng {first[1].where()}",
                f"unit id '{row.unit.id}' repeats the row at {first[1].where()}",
            ),
            "unit.id",
        )
        return RowError(index, row.unit, row.source, row.member_of, (p,))

    def _check_links(self) -> None:
        aggregates = self._aggregates
        # members that a roll-up counts, commune by commune (one look-up per commune), then the others
        found: dict[str, tuple[str, str, str, RowSource]] = {}
        for (member_of, _key), tally in self._tallies.items():
            target = self._seen.get(member_of)
            fine = aggregates.get(target[0], set()) if target is not None else set()
            for m in tally.members:
                if m[1] not in fine:
                    found.setdefault(m[0], (m[0], m[1], member_of, m[6]))
        for link in self._member_links:
            found.setdefault(link[0], link)
        for unit_id, subject, member_of, source in found.values():
            target = self._seen.get(member_of)
            if target is None:
                self.warnings.append(
                    source.problem(
                        Text(
                            f"đơn vị '{unit_id}' ghi thuộc '{member_of}', nhưng không có đơn vị nào mã đó trong lượt chạy",
                            f"unit '{unit_id}' is recorded as a member of '{member_of}', but no unit has that id in this run",
                        ),
                        "member_of",
                    )
                )
            elif subject not in aggregates.get(target[0], set()):
                self.warnings.append(
                    source.problem(
                        Text(
                            f"đơn vị '{unit_id}' ({subject}) ghi thuộc '{member_of}' ({target[0]}), "
                            "nhưng gói không tổng hợp loại đơn vị này lên loại đó",
                            f"unit '{unit_id}' ({subject}) is recorded as a member of '{member_of}' ({target[0]}), "
                            "but no pack of the run rolls that subject up into it",
                        ),
                        "member_of",
                    )
                )

    def _subject_depths(self) -> dict[str, int]:
        edges = self._aggregates
        depth: dict[str, int] = {}

        def d(subject: str, guard: int = 0) -> int:
            if subject in depth:
                return depth[subject]
            if guard > 16:
                return 0
            value = 0 if subject not in edges else 1 + max(d(m, guard + 1) for m in edges[subject])
            depth[subject] = value
            return value

        for subject in edges:
            d(subject)
        return depth

    # -- evaluation -------------------------------------------------------------------------------
    def _kind_code(self, subject: str, kind: str) -> str:
        """A unit kind written as its code or as its Vietnamese or English name (e.g. "Thôn") -> the code,
        read like any choice (``inputs._coerce.read_choice``); anything else is returned unchanged, and
        validation names it."""
        kinds = self._kinds_by_subject.get(subject)
        if kinds is None:
            kinds = {}
            for step in self.chain:
                spec = step.pack.subjects.get(subject)
                if spec is not None:
                    kinds = {**spec.kinds, **kinds}
            self._kinds_by_subject[subject] = kinds
        if kind in kinds:
            return kind
        try:
            return read_choice(kind, kinds)
        except CoercionError:
            return kind

    def _pack_for(self, step: ChainStep, subject: str) -> Pack | None:
        key = (step.key, subject)
        if key not in self._selected:
            pack: Pack | None
            if step.fixed:
                pack = step.pack if subject in step.pack.subjects else None
            elif subject not in step.pack.subjects:
                pack = None
            else:
                pack = self.registry.select(step.pack.id, None, subject, step.year)
            self._selected[key] = pack
        return self._selected[key]

    def _routes_for(self, subject: str) -> _Routes:
        routes = self._routes.get(subject)
        if routes is not None:
            return routes
        ind: dict[str, list[str]] = {}
        prev: dict[str, list[str]] = {}
        params: dict[str, list[str]] = {}
        scores: dict[str, list[str]] = {}
        events: dict[str, list[str]] = {}
        fallback: dict[str, str] = {}
        for step in self.chain:
            pack = self._pack_for(step, subject)
            if pack is None:
                continue
            for name, spec in pack.indicators.items():
                if spec.subjects is None or subject in spec.subjects:
                    ind.setdefault(name, []).append(step.key)
                else:
                    fallback.setdefault(name, step.key)
                if spec.previous_year:
                    prev.setdefault(name, []).append(step.key)
            for name in pack.parameters:
                params.setdefault(name, []).append(step.key)
            for item in (*pack.items, *pack.adjustments):
                scores.setdefault(item.id, []).append(step.key)
            for etype in pack.event_types:
                events.setdefault(etype, []).append(step.key)
        for name, key in fallback.items():
            ind.setdefault(name, [key])  # no pack uses it for this subject: the first that declares it says so
        routes = _Routes(
            {k: tuple(v) for k, v in ind.items()},
            {k: tuple(v) for k, v in prev.items()},
            {k: tuple(v) for k, v in params.items()},
            {k: tuple(v) for k, v in scores.items()},
            {k: tuple(v) for k, v in events.items()},
        )
        self._routes[subject] = routes
        return routes

    def _evaluate(self, row: UnitRow, index: int) -> UnitRecord | RowError:
        subject = row.unit.subject
        kind = row.unit.kind
        if kind is not None:
            code = self._kind_code(subject, kind)
            if code != kind:
                row = attrs.evolve(row, unit=attrs.evolve(row.unit, kind=code))
        problems: list[Problem] = list(row.problems)
        steps_used = self._steps.get(subject)
        if steps_used is None:
            steps_used = self._steps[subject] = [
                (s, p) for s, p in ((s, self._pack_for(s, subject)) for s in self.chain) if p is not None
            ]
        if not steps_used:
            known = sorted({sub for s in self.chain for sub in s.pack.subjects})
            problems.append(
                row.source.problem(
                    Text(
                        f"đối tượng '{subject}' không thuộc gói nào của lượt chạy (có: {', '.join(known)})",
                        f"subject '{subject}' is not covered by any pack of the run (known: {', '.join(known)})",
                    ),
                    "unit.subject",
                )
            )
            self._tally_member(row, None, {})
            return RowError(index, row.unit, row.source, row.member_of, _dedupe(problems))
        if len(steps_used) == 1 and not problems:
            step, pack = steps_used[0]
            if (step.key, subject) not in self._aggregating and not step.feeds and not row.dependencies:
                return self._evaluate_plain(row, index, step, pack)
        per_step = self._split(row, steps_used, problems)
        supplied = self._supplied(row, steps_used, problems) if row.dependencies else {}
        rollups: list[Rollup] = []
        results: dict[str, Result] = {}
        member_values: dict[str, Mapping[str, Any]] = {}
        inputs: dict[str, tuple[Mapping[str, Any], Mapping[str, Any]]] = {}
        for step, pack in steps_used:
            data = per_step[step.key]
            read, event_read = self._readers(step, pack)
            if not row.cells_read:
                data["indicators"] = read(data["indicators"])
                if data["previous_year"]:
                    data["previous_year"] = read(data["previous_year"])
            elif (step.key, subject) in self._aggregating:
                data["indicators"] = dict(data["indicators"])  # derived counts are filled into it
            if data["events"]:
                data["events"] = _read_events(event_read, data["events"])
            if (step.key, subject) in self._aggregating:
                tally = self._tallies.get((row.unit.id, step.key))
                derived = self._settle(pack, step, row, data["indicators"], derive(pack, subject, tally))
                for dc in derived:
                    if dc.status == "conflict":
                        problems.append(row.source.problem(dc.reason or Text("", ""), f"indicators.{dc.indicator}"))
                rollups.append(rollup_record(pack.ref, tally, derived))
            try:
                validated = validate_input(
                    pack,
                    row.unit,
                    step.year,
                    data["indicators"],
                    data["previous_year"],
                    data["events"],
                    data["parameters"],
                    scores=data["scores"],
                )
            except InputError as exc:
                problems.extend(self._locate(row, p, data["event_index"]) for p in exc.problems)
                continue
            given: dict[str, Any] = {rid: results[k] for rid, k in step.feeds.items() if k in results}
            for rid, spec in supplied.items():
                if rid not in step.feeds and any(r.id == rid for r in pack.requires):
                    given[rid] = spec
            try:
                deps = resolve_dependencies(pack, row.unit, step.year, given, self.registry)
                results[step.key] = evaluate_validated(pack, validated, deps)
            except InputError as exc:
                problems.extend(self._locate(row, p, data["event_index"]) for p in exc.problems)
                continue
            except AntqError as exc:
                problems.append(row.source.problem(Text(exc.render("vi"), exc.render("en"))))
                continue
            member_values[step.key] = validated.values
            inputs[step.key] = (validated.values, validated.previous)
        if problems:
            self._tally_member(row, None, {})
            return RowError(index, row.unit, row.source, row.member_of, _dedupe(problems), tuple(rollups))
        self._tally_member(row, results, member_values)
        return UnitRecord(index, row.unit, row.source, row.member_of, results, tuple(rollups), inputs)

    def _evaluate_plain(self, row: UnitRow, index: int, step: ChainStep, pack: Pack) -> UnitRecord | RowError:
        """The common case, kept lean: one pack covers the unit, it aggregates nothing and takes no
        result from another pack of the run. Same steps as :meth:`_evaluate`, without the routing."""
        read, event_read = self._readers(step, pack)
        events: Any = _read_events(event_read, row.events) if row.events else row.events
        run_params = self.parameters.get(step.key)
        params = {**run_params, **row.parameters} if run_params else row.parameters
        try:
            validated = validate_input(
                pack,
                row.unit,
                step.year,
                row.indicators if row.cells_read else read(row.indicators),
                row.previous_year if row.cells_read or not row.previous_year else read(row.previous_year),
                events,
                params,
                scores=row.scores,
            )
            deps = resolve_dependencies(pack, row.unit, step.year, {}, self.registry) if pack.requires else ()
            result = evaluate_validated(pack, validated, deps)
        except InputError as exc:
            events_index = range(len(row.events or ()))
            problems = _dedupe([self._locate(row, p, events_index) for p in exc.problems])
            self._tally_member(row, None, {})
            return RowError(index, row.unit, row.source, row.member_of, problems)
        except AntqError as exc:
            self._tally_member(row, None, {})
            problem = row.source.problem(Text(exc.render("vi"), exc.render("en")))
            return RowError(index, row.unit, row.source, row.member_of, (problem,))
        results = {step.key: result}
        if row.member_of is not None:
            self._tally_member(row, results, {step.key: validated.values})
        return UnitRecord(
            index, row.unit, row.source, row.member_of, results, (), {step.key: (validated.values, validated.previous)}
        )

    def _supplied(
        self, row: UnitRow, steps_used: list[tuple[ChainStep, Pack]], problems: list[Problem]
    ) -> dict[str, Any]:
        """The row's own outcomes of required packs, for the requirements the run does not evaluate.

        A requirement no pack of the run has, or one the run evaluates itself for every pack that has
        it, is a problem of the row (never two sources for one outcome)."""
        out: dict[str, Any] = {}
        for rid, raw in row.dependencies.items():
            having = [step for step, pack in steps_used if any(r.id == rid for r in pack.requires)]
            if not having:
                known = sorted({r.id for _, pack in steps_used for r in pack.requires})
                problems.append(
                    row.source.problem(
                        Text(
                            f"không gói nào của lượt chạy cần kết quả '{rid}' (có: {', '.join(known) or '—'})",
                            f"no pack of the run requires '{rid}' (known: {', '.join(known) or '—'})",
                        ),
                        f"dependencies.{rid}",
                    )
                )
                continue
            if all(rid in step.feeds for step in having):
                problems.append(
                    row.source.problem(
                        Text(
                            f"lượt chạy tự đánh giá '{rid}' cho đơn vị này: để trống các ô dep.{rid}.*",
                            f"the run evaluates '{rid}' for this unit itself: leave the dep.{rid}.* cells empty",
                        ),
                        f"dependencies.{rid}",
                    )
                )
                continue
            spec = dependency_spec(raw)
            if isinstance(spec, Mapping) and "outcome" not in spec:
                problems.append(
                    row.source.problem(
                        Text(
                            f"thiếu kết quả '{rid}' (cột dep.{rid}.outcome) bên cạnh các ô dep.{rid}.* khác",
                            f"the outcome of '{rid}' (column dep.{rid}.outcome) is missing beside the other dep.{rid}.* cells",
                        ),
                        f"dependencies.{rid}.outcome",
                    )
                )
                continue
            out[rid] = spec
        return out

    def _settle(
        self, pack: Pack, step: ChainStep, row: UnitRow, indicators: dict[str, Any], derived: list[DerivedCount]
    ) -> list[DerivedCount]:
        """Compare each derived count with the row's own value; fill in those the row left out."""
        out = []
        for dc in derived:
            supplied = indicators.get(dc.indicator)
            if blank(supplied):
                if dc.value is not None:
                    indicators[dc.indicator] = dc.value
                out.append(dc)
                continue
            try:  # the row's value read on its own, as validation reads it
                got = validate_input(pack, row.unit, step.year, {dc.indicator: supplied}).values.get(dc.indicator)
            except InputError:
                got = None  # the full validation below reports it
            if got is None:
                out.append(attrs.evolve(dc, status="supplied", supplied=supplied))
            elif dc.value is None:
                out.append(attrs.evolve(dc, status="supplied", supplied=got))
            elif got == dc.value:
                out.append(attrs.evolve(dc, status="agrees", supplied=got))
            else:
                out.append(
                    attrs.evolve(
                        dc,
                        status="conflict",
                        supplied=got,
                        reason=Text(
                            f"dòng ghi {dc.indicator} = {got}, nhưng tính từ kết quả các đơn vị thành viên "
                            f"được {dc.value}: sửa dòng này hoặc để trống ô để dùng số tính được",
                            f"the row gives {dc.indicator} = {got}, but the member units' results give "
                            f"{dc.value}: correct the row, or leave the cell empty to use the derived count",
                        ),
                    )
                )
        return out

    def _split(
        self, row: UnitRow, steps_used: list[tuple[ChainStep, Pack]], problems: list[Problem]
    ) -> dict[str, dict[str, Any]]:
        """The row's names sent to each pack of the chain that declares them."""
        if len(steps_used) == 1:
            # One pack covers the subject (the common case): its validator names anything it does not
            # know, so the row goes to it as it is — no per-name routing or copying.
            step, _pack = steps_used[0]
            run_params = self.parameters.get(step.key)
            params = {**run_params, **row.parameters} if run_params else row.parameters
            return {
                step.key: {
                    "indicators": row.indicators,  # read or copied before a commune's counts go in
                    "previous_year": row.previous_year,
                    "parameters": params,
                    "scores": row.scores,
                    "events": row.events,
                    "event_index": range(len(row.events or ())),
                }
            }
        routes = self._routes_for(row.unit.subject)
        per_step: dict[str, dict[str, Any]] = {
            s.key: {
                "indicators": {},
                "previous_year": {},
                "parameters": dict(self.parameters.get(s.key, {})),
                "scores": {},
                # events not reported (None) stay not reported for every pack of the run
                "events": None if row.events is None else [],
                "event_index": [],
            }
            for s, _ in steps_used
        }

        def route(section: str, table: Mapping[str, tuple[str, ...]], values: Mapping[str, Any], kind: Text) -> None:
            for name, value in values.items():
                keys = table.get(name)
                if keys is None:
                    if section != "indicators" or not blank(value):
                        problems.append(row.source.problem(kind.format(name=name), f"{section}.{name}"))
                    continue
                for k in keys:
                    if k in per_step:
                        per_step[k][section][name] = value

        route("indicators", routes.indicators, row.indicators, _NOT_IN_RUN["indicators"])
        route("previous_year", routes.previous, row.previous_year, _NOT_IN_RUN["previous_year"])
        route("parameters", routes.params, row.parameters, _NOT_IN_RUN["parameters"])
        route("scores", routes.scores, row.scores, _NOT_IN_RUN["scores"])
        default_key = steps_used[0][0].key
        for i, ev in enumerate(row.events or ()):
            keys = routes.events.get(str(ev.get("type"))) if isinstance(ev, Mapping) else None
            if keys is None:
                keys = (default_key,)  # the validator names the unknown type
            for k in keys:
                per_step[k]["events"].append(ev)
                per_step[k]["event_index"].append(i)
        return per_step

    def _readers(self, step: ChainStep, pack: Pack) -> tuple[QuickReader, dict[str, QuickReader]]:
        """Per pack: the fast text reading of its indicators and of each event type (see quick_cells)."""
        key = (step.key, pack.ref)
        found = self._kinds.get(key)
        if found is None:
            read = QuickReader({n: field_quick_kind(f) for n, f in pack.indicators.items()})
            events = {
                t: QuickReader(
                    {
                        "date": QUICK_DATE,
                        **{n: field_quick_kind(f) for n, f in et.fields.items()},
                    }
                )
                for t, et in pack.event_types.items()
            }
            found = self._kinds[key] = (read, events)
        return found

    def _tally_member(
        self, row: UnitRow, results: Mapping[str, Result] | None, values: Mapping[str, Mapping[str, Any]]
    ) -> None:
        if row.member_of is None:
            return
        subject = row.unit.subject
        rules_by_step = self._member_rules.get(subject)
        if rules_by_step is None:
            pairs = ((step, rules_for_member(step.pack, subject)) for step in self.chain)
            rules_by_step = self._member_rules[subject] = [(step, rules) for step, rules in pairs if rules]
        for step, rules in rules_by_step:
            result = None if results is None else results.get(step.key)
            if results is not None and result is None:
                continue  # the pack does not cover this subject
            standing, in_scope, why = member_contribution(rules, result, values.get(step.key), self._standing)
            tally = self._tallies.get((row.member_of, step.key))
            if tally is None:
                tally = self._tallies[(row.member_of, step.key)] = Tally()
            add_member(tally, row.unit.id, subject, row.unit.name, result, standing, in_scope, why, row.source)

    def _locate(self, row: UnitRow, p: Problem, event_index: Sequence[int]) -> Problem:
        """The problem placed at the row's cell (or the events sheet's row), event numbers as in the row."""
        field = p.field or ""
        m = _EVENT_FIELD.match(field)
        if m is not None:
            sub = int(m.group(1))
            orig = event_index[sub] if sub < len(event_index) else sub
            path = f"events[{orig}]{m.group(2)}"
            src = row.event_sources[orig] if orig < len(row.event_sources) else row.source
            return src.problem(p.message, path)
        return row.source.problem(p.message, field or None)


_DATE_ONLY = QuickReader({"date": QUICK_DATE})


def _read_events(readers: Mapping[str, QuickReader], events: Sequence[Any]) -> list[Any]:
    """Each event's text cells given their quick reading (by its type's fields; the date for an unknown type)."""
    return [readers.get(str(ev.get("type")), _DATE_ONLY)(ev) if type(ev) is dict else ev for ev in events]


_NOT_IN_RUN = {
    "indicators": Text(
        "chỉ số '{name}' không thuộc gói nào của lượt chạy", "indicator '{name}' is not in any pack of the run"
    ),
    "previous_year": Text(
        "'{name}' không phải chỉ số có giá trị năm trước", "'{name}' is not an indicator with a previous-year value"
    ),
    "parameters": Text(
        "tham số '{name}' không thuộc gói nào của lượt chạy", "parameter '{name}' is not in any pack of the run"
    ),
    "scores": Text(
        "mục chấm điểm '{name}' không thuộc gói nào của lượt chạy",
        "scoring item '{name}' is not in any pack of the run",
    ),
}

_EVENT_FIELD = re.compile(r"^events\[(\d+)\](.*)$")


def _dedupe(problems: list[Problem]) -> tuple[Problem, ...]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for p in problems:
        key = (p.file, p.sheet, p.line, p.field, p.message.vi)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return tuple(out)


def evaluate_population(
    rows: Iterable[UnitRow | RowError | Mapping[str, Any] | InputDocument],
    packs: Sequence[str | Pack],
    year: int,
    *,
    registry: PackRegistry | None = None,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
) -> PopulationRun:
    """Evaluate every unit of a population through the chain of ``packs`` for evaluation ``year``.

    ``rows`` are :class:`UnitRow` records (from :func:`antq_rules.tables.read_population`) or unit
    inputs in the input schema (``unit.member_of`` names a unit's commune; ``year`` and ``pack`` may be
    left out). ``packs`` are pack ids (the version in force is chosen per subject and year) or
    :class:`~antq_rules.packs.Pack` objects, e.g. ``["vn.bca.tt124", "vn.bca.qd510"]``;
    ``parameters`` maps a pack key to interpretation parameters for the whole run.

    Returns an iterator of :class:`UnitRecord` / :class:`RowError`, one per input row, members before
    the communes whose counts they feed. After it is exhausted, ``warnings`` lists links that point
    nowhere (a ``member_of`` naming no unit of the run).

    >>> rows = [
    ...     {"unit": {"id": "T1", "subject": "kdc", "member_of": "X1"},
    ...      "indicators": {"households_resident": 10, "households_registered": 9}},
    ...     {"unit": {"id": "X1", "subject": "xa"}, "indicators": {}},
    ... ]
    >>> [(r.unit.id, r.kind) for r in evaluate_population(rows, ["vn.bca.tt124"], 2026)]
    [('T1', 'result'), ('X1', 'result')]
    """
    return PopulationRun(rows, packs, year, registry, parameters)
