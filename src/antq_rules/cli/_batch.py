"""The population commands: ``batch`` (a whole population from spreadsheets) and ``template``.

``batch`` reads the files with :func:`antq_rules.tables.read_population`, runs
:func:`antq_rules.population.evaluate_population`, writes every record as it comes (``--out``), keeps
per-commune counters (:class:`~antq_rules.outputs.PopulationSummary`) and prints the summary at the end.

Exit codes: 0 the run completed (units that fail are data, and so are rows with errors); 1 with
``--strict`` when any row had an error; 2 when a file cannot be read or has whole-file errors, a pack
is unknown or invalid, or an output file name has no known format.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from antq_rules._text import Lang
from antq_rules.cli import _messages as M
from antq_rules.cli._commands import EXIT_FAIL_ON, fails_on, unknown_subject
from antq_rules.cli._errors import print_error
from antq_rules.cli._inputs import build_registry, pack_files, split_pack_ref
from antq_rules.cli._table import fit_lines, terminal_width
from antq_rules.errors import AntqError, EvaluationError, InputError, PackError, Problem
from antq_rules.packs import Pack, PackRegistry, load_pack

if TYPE_CHECKING:
    from antq_rules.outputs import ResultWriter
    from antq_rules.population import RowError, UnitRecord

__all__ = ["BATCH_REPORT_SCHEMA", "cmd_batch", "cmd_template", "resolve_packs"]

BATCH_REPORT_SCHEMA = "antq-rules/batch-report/v1"
TEMPLATE_SCHEMA = "antq-rules/template-columns/v1"
EXIT_OK, EXIT_STRICT, EXIT_INPUT = 0, 1, 2
SHOWN_ERRORS = 20  # row errors printed on stderr; the results file holds them all
SHOWN_WARNINGS = 20  # per kind of warning (reader's, run's); --format json lists them all
_PACK_SUFFIXES = (".yaml", ".yml", ".json")


def _is_path(ref: str) -> bool:
    return ref.lower().endswith(_PACK_SUFFIXES) or "/" in ref or "\\" in ref or Path(ref).is_file()


def resolve_packs(refs: list[str], pack_files: list[str]) -> tuple[list[str | Pack], list[Pack], PackRegistry]:
    """The run's packs from ``--pack`` values: ids (``id`` or ``id@version``) or pack file paths.

    Returns what the runner takes (an id, so the version in force is chosen per subject; a fixed
    :class:`Pack` for ``id@version``), the packs for the readers (newest version), and the registry.
    """
    files = [r for r in refs if _is_path(r)]
    registry = build_registry([*pack_files, *files])
    run: list[str | Pack] = []
    readers: list[Pack] = []
    for ref in refs:
        if ref in files:
            where = Path(ref).resolve()
            found = [p for p in registry if Path(p.file).resolve() == where]
            pack = found[0] if found else load_pack(ref, registry)
            run.append(pack)
            readers.append(pack)
            continue
        pack_id, version = split_pack_ref(ref)
        pack = registry.get(pack_id, version)  # an unknown id raises, naming the known ones
        run.append(pack if version is not None else pack_id)
        readers.append(pack)
    return run, readers, registry


@contextlib.contextmanager
def _progress(err: TextIO, lang: Lang) -> Iterator[Any]:
    """A rich progress line on ``err`` when it is a terminal; otherwise nothing is written."""
    isatty = getattr(err, "isatty", None)
    if isatty is None or not isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(file=err, highlight=False)
    columns = (
        SpinnerColumn(),
        TextColumn(M.PROGRESS.get(lang)),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=None, rows=M.PROGRESS_ROWS.format(n=0).get(lang))

        def advance(n: int) -> None:
            progress.update(task, rows=M.PROGRESS_ROWS.format(n=n).get(lang))

        yield advance


def _print_warnings(problems: Sequence[Problem], lang: Lang, err: TextIO) -> None:
    for p in problems[:SHOWN_WARNINGS]:
        print(f"{M.WARNING.get(lang)}: {p.render(lang)}", file=err)
    if len(problems) > SHOWN_WARNINGS:
        print(M.WARNINGS_MORE.format(n=len(problems) - SHOWN_WARNINGS).get(lang), file=err)


def cmd_batch(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    # the writers (openpyxl, ~0.3 s), plans and population are imported only by the commands that use them
    from antq_rules.outputs import PopulationSummary, open_results, record_to_dict, render_summary_text, write_summary
    from antq_rules.outputs._writers import format_from_path
    from antq_rules.plans import PlanTally, load_plan, render_plan_report
    from antq_rules.population import UnitRecord, evaluate_population

    as_json = args.format == "json"
    fail_on = getattr(args, "fail_on", None)
    failing = 0  # units with an outcome --fail-on names
    # outputs first: a bad file name is reported before any work
    try:
        if args.out is not None:
            format_from_path(args.out)
        if args.summary is not None:
            format_from_path(args.summary, None, ("csv", "xlsx"))
        if getattr(args, "report", None) is not None and not str(args.report).lower().endswith((".html", ".htm")):
            raise EvaluationError(M.REPORT_NOT_HTML.format(path=args.report))
        run_packs, reader_packs, registry = resolve_packs(list(args.packs), pack_files(args))
        try:
            from antq_rules.tables import read_population
        except ImportError:
            raise EvaluationError(M.NO_TABLES) from None
        source = read_population(list(args.inputs), reader_packs)
        plans = [load_plan(path, registry) for path in getattr(args, "plans", ())]
        for plan in plans:
            if plan.year != args.year:
                raise EvaluationError(M.PLAN_YEAR.format(plan=plan.ref, plan_year=plan.year, year=args.year))
    except (InputError, PackError, EvaluationError) as exc:
        return print_error(exc, lang, err, EXIT_INPUT, as_json)
    if not as_json:  # the JSON report lists them all
        _print_warnings(source.warnings, lang, err)

    summary = PopulationSummary(run_packs, registry)
    tallies = [PlanTally(plan, registry) for plan in plans]
    kept: list[UnitRecord | RowError] | None = [] if getattr(args, "report", None) else None
    run = evaluate_population(source.rows(), run_packs, args.year, registry=registry)
    shown: list[RowError] = []
    wanted = set(args.explain)
    explained: dict[str, UnitRecord | RowError] = {}
    errors = 0
    rows = 0
    writer: ResultWriter | None = None
    try:
        with contextlib.ExitStack() as stack:
            if args.out is not None:
                writer = stack.enter_context(
                    open_results(args.out, run_packs, lang=lang, registry=registry, detail=args.detail)
                )
            advance = stack.enter_context(_progress(err, lang))
            for record in run:
                rows += 1
                summary.add(record)
                for tally in tallies:
                    tally.add(record)
                if kept is not None:
                    kept.append(record)  # the HTML report shows every unit: it is meant for a commune's data
                if record.unit is not None and record.unit.id in wanted:
                    explained.setdefault(record.unit.id, record)
                if writer is not None:
                    writer.write(record)
                if isinstance(record, UnitRecord):
                    failing += any(fails_on(r.outcome, fail_on) for r in record.results.values())
                else:
                    errors += 1
                    if len(shown) < SHOWN_ERRORS:
                        shown.append(record)
                if advance is not None and (rows < 100 or rows % 100 == 0):
                    advance(rows)
    except AntqError as exc:
        return print_error(exc, lang, err, EXIT_INPUT, as_json)
    if not as_json:
        _print_warnings(run.warnings, lang, err)
    if shown and not as_json:
        print(M.ROW_ERRORS_HEAD.format(n=errors).get(lang), file=err)
        for rec in shown:
            for p in rec.problems:
                print(f"  - {p.render(lang)}", file=err)
        if errors > len(shown):
            print(M.ROW_ERRORS_MORE.format(n=errors - len(shown)).get(lang), file=err)
    for uid in args.explain:
        if uid not in explained and not as_json:  # JSON: absent from "explanations"
            print(M.EXPLAIN_NOT_FOUND.format(id=uid).get(lang), file=err)
    plan_reports = [tally.report() for tally in tallies]
    if args.summary is not None:
        write_summary(summary, args.summary, lang, plans=plan_reports)
    if kept is not None:
        from antq_rules.reports import render_html_report

        page = render_html_report(
            kept, registry=registry, plans=plan_reports, lang=lang, year=args.year, reference_url=args.reference_url
        )
        Path(args.report).write_text(page, encoding="utf-8")
    if args.format == "json":
        report = {
            "schema": BATCH_REPORT_SCHEMA,
            "files": list(source.files),
            "packs": [p if isinstance(p, str) else p.ref for p in run_packs],
            "year": args.year,
            "rows": rows,
            "row_errors": errors,
            "row_error_examples": [
                {"source": rec.source.where(), "problems": [p.to_dict() for p in rec.problems]} for rec in shown
            ],
            "fail_on": fail_on,
            "units_failing": failing if fail_on is not None else None,
            "warnings": [p.to_dict() for p in (*source.warnings, *run.warnings)],
            "outputs": {"results": args.out, "summary": args.summary, "report": getattr(args, "report", None)},
            "summary": summary.to_dict(),
        }
        if plan_reports:
            report["plans"] = [r.to_dict() for r in plan_reports]
        if args.explain:
            report["explanations"] = {uid: record_to_dict(rec) for uid, rec in explained.items()}
        print(json.dumps(report, ensure_ascii=False, indent=2), file=out)
    else:
        print(render_summary_text(summary, lang, width=terminal_width(out)), end="", file=out)
        for plan_report in plan_reports:
            print("", file=out)
            print("\n".join(fit_lines(render_plan_report(plan_report, lang), terminal_width(out))), file=out)
        for uid in dict.fromkeys(args.explain):
            if uid in explained:
                print(
                    _explanation(
                        explained[uid], lang, registry, terminal_width(out), bool(getattr(args, "verbose", False))
                    ),
                    file=out,
                )
        if args.out is not None:
            print(M.WROTE_RESULTS.format(n=rows, path=args.out).get(lang), file=out)
        if args.summary is not None:
            print(M.WROTE_SUMMARY.format(path=args.summary).get(lang), file=out)
        if kept is not None:
            print(M.WROTE_REPORT.format(path=args.report).get(lang), file=out)
    if args.strict and errors:
        if not as_json:
            print(M.STRICT_FAILED.format(n=errors).get(lang), file=err)
        return EXIT_STRICT
    if failing:
        if not as_json:
            print(M.FAIL_ON_FAILED.format(n=failing, fail_on=fail_on).get(lang), file=err)
        return EXIT_FAIL_ON
    return EXIT_OK


def _explanation(
    record: UnitRecord | RowError,
    lang: Lang,
    registry: PackRegistry | None = None,
    width: int = 100,
    verbose: bool = False,
) -> str:
    """A unit's whole explanation: each pack's result in full, its roll-ups, or the row's problems."""
    from antq_rules.explanations import render_text
    from antq_rules.population import UnitRecord, render_rollup

    assert record.unit is not None
    rule = "═" * min(width, 100)
    lines = ["", rule, M.EXPLAIN_HEAD.format(id=record.unit.id, where=record.source.where()).get(lang), rule]
    if isinstance(record, UnitRecord):
        for result in record.results.values():
            lines += [render_text(result, lang, registry=registry, verbose=verbose), ""]
    else:
        lines += [f"  - {p.render(lang)}" for p in record.problems]
    for rollup in record.rollups:
        pack = None
        if registry is not None:
            pack_id, _, version = rollup.pack.partition("@")
            try:
                pack = registry.get(pack_id, version or None)
            except AntqError:  # a pack this registry does not hold: codes stand for names
                pack = None
        lines += [render_rollup(rollup, lang, pack), ""]
    return "\n".join(fit_lines("\n".join(lines), width))


def cmd_template(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    from antq_rules.outputs._writers import format_from_path

    fmt_json = args.format == "json"
    try:
        _, packs, _ = resolve_packs([args.pack], pack_files(args))
        pack = packs[0]
        if args.subject not in pack.subjects:
            raise unknown_subject(pack, args.subject)
        fmt = args.format or (format_from_path(args.out, None, ("csv", "xlsx")) if args.out else "xlsx")
        try:
            from antq_rules.tables import write_template
        except ImportError:
            raise EvaluationError(M.NO_TABLES) from None
    except (PackError, InputError, EvaluationError) as exc:
        return print_error(exc, lang, err, EXIT_INPUT, fmt_json)
    if fmt == "json":  # the template's columns, as the CSV header row gives them
        import csv

        buf = io.BytesIO()
        write_template(pack, args.subject, buf, format="csv", lang=lang)
        header = next(csv.reader(io.StringIO(buf.getvalue().decode("utf-8-sig"))), [])
        data = {"schema": TEMPLATE_SCHEMA, "pack": pack.ref, "subject": args.subject, "lang": lang, "columns": header}
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        return EXIT_OK
    if args.out is None and fmt == "csv":
        buf = io.BytesIO()
        write_template(pack, args.subject, buf, format="csv", lang=lang)
        out.write(buf.getvalue().decode("utf-8-sig"))  # the header row; no byte-order mark on a terminal
        return EXIT_OK
    target = args.out if args.out is not None else f"{pack.id}.{args.subject}.{fmt}"
    write_template(pack, args.subject, target, format="csv" if fmt == "csv" else "xlsx", lang=lang)
    print(M.WROTE_TEMPLATE.format(path=target).get(lang), file=out)
    return EXIT_OK
