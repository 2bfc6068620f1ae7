"""The ``watch`` command: alerts as incidents are reported (JSON Lines from a file or standard input).

Registered on the main parser by :func:`register`; its messages live here, in both languages.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from antq_rules._text import Lang, Text
from antq_rules.errors import EvaluationError, InputError, PackError, os_reason

__all__ = ["cmd_watch", "register"]

H_WATCH = Text(
    "theo dõi trong năm: đọc từng sự việc (JSON Lines, từ tệp hoặc '-' là đầu vào chuẩn) và báo ngay đơn vị "
    "mất tiêu chuẩn, có nguy cơ, tỷ lệ của xã bị đe doạ, hạn sắp đến",
    "watch during the year: read incidents one by one (JSON Lines, from a file or '-' for standard input) and "
    "report at once the units that lost the standard or are at risk, communes whose share is threatened, "
    "deadlines that are near",
)
H_EVENTS = Text(
    "tệp JSON Lines các thông điệp (sự việc mới, cập nhật, chỉ số, ngày), hoặc '-' để đọc đầu vào chuẩn",
    "a JSON Lines file of messages (new incidents, updates, indicators, dates), or '-' for standard input",
)
H_PACK = Text(
    "gói tiêu chí: mã (id hoặc id@phiên bản) hoặc tệp gói", "the pack: an id (id or id@version) or a pack file"
)
H_UNITS = Text(
    "tệp các đơn vị theo dõi (CSV, XLSX, JSON Lines, …, như lệnh batch)",
    "the file of units to watch (CSV, XLSX, JSON Lines, …, as for batch)",
)
H_YEAR = Text("năm đánh giá", "the evaluation year")
H_BACKEND = Text(
    "cách chạy luật: plain (mặc định) hoặc durable (durable_rules, cần cài antq-rules[live])",
    "how the rules run: plain (the default) or durable (durable_rules, needs antq-rules[live])",
)
H_FORMAT = Text(
    "text: một dòng mỗi cảnh báo; jsonl: một đối tượng JSON mỗi cảnh báo",
    "text: one line per alert; jsonl: one JSON object per alert",
)
H_WARN_DAYS = Text(
    "cảnh báo trước hạn bao nhiêu ngày (thiết lập của người dùng, không phải quy định; mặc định 14)",
    "how many days before a deadline to warn (a user setting, not law; default 14)",
)
NO_DURABLE = Text(
    'chưa cài durable_rules: cài bằng pip install "antq-rules[live]" hoặc dùng --backend plain',
    'durable_rules is not installed: install it with pip install "antq-rules[live]" or use --backend plain',
)
CANNOT_OPEN = Text("không mở được tệp {path}: {reason}", "cannot open {path}: {reason}")
WATCHING = Text(
    "Theo dõi {units} đơn vị theo {pack}, năm {year} (cách chạy luật: {backend})",
    "Watching {units} units under {pack}, year {year} (rules run by: {backend})",
)
UNIT_ERROR = Text("Đơn vị không theo dõi được", "Unit not watched")
STOPPED = Text("Đã dừng theo yêu cầu (Ctrl-C).", "Stopped on request (Ctrl-C).")
AT_START = Text("lúc bắt đầu", "at the start")

EXIT_OK, EXIT_ERRORS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def register(command: Callable[..., Any], t: Callable[[Text], str]) -> None:
    """Add ``watch`` to the parser (``command`` is the main parser's sub-command factory)."""
    p = command("watch", H_WATCH, cmd_watch)
    p.add_argument("events", metavar="EVENTS.jsonl|-", help=t(H_EVENTS))
    p.add_argument("--pack", required=True, metavar="PACK", help=t(H_PACK))
    p.add_argument("--units", required=True, metavar="UNITS", help=t(H_UNITS))
    p.add_argument("--year", type=int, required=True, metavar="Y", help=t(H_YEAR))
    p.add_argument("--backend", choices=("plain", "durable"), default="plain", help=t(H_BACKEND))
    p.add_argument("--format", choices=("text", "jsonl"), default="text", help=t(H_FORMAT))
    p.add_argument("--warn-days", type=int, default=14, metavar="N", help=t(H_WARN_DAYS))


def _summary(messages: int, alerts: int, errors: int) -> Text:
    def n(k: int, one: str) -> str:
        return f"{k} {one}{'' if k == 1 else 's'}"

    return Text(
        f"{messages} thông điệp, {alerts} cảnh báo, {errors} lỗi",
        f"{n(messages, 'message')}, {n(alerts, 'alert')}, {n(errors, 'error')}",
    )


def _unit_error_text(item: Any, lang: Lang) -> str:
    problems = getattr(item, "problems", None)
    if problems is not None:  # a RowError
        return "; ".join(p.render(lang) for p in problems)
    return str(item.render(lang) if hasattr(item, "render") else item)


def _lines(stream: TextIO, limit: int) -> Iterator[str]:
    """The stream's lines, each read to at most ``limit + 1`` characters: the rest of a longer line is
    skipped unread (the watcher reports the line as too long)."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith("\n"):
            while True:  # skip to the end of the overlong line, a bounded piece at a time
                rest = stream.readline(limit)
                if not rest or rest.endswith("\n"):
                    break
        yield line


def _fail(code: str, message: Text, lang: Lang, err: TextIO, as_json: bool) -> int:
    """A fatal error before the stream starts: text, or the documented JSON shape; exit 2."""
    from antq_rules.cli._errors import error_payload
    from antq_rules.cli._messages import ERROR

    if as_json:
        print(json.dumps(error_payload(code, EXIT_USAGE, message), ensure_ascii=False), file=err)
    else:
        print(f"{ERROR.get(lang)}: {message.get(lang)}", file=err)
    return EXIT_USAGE


def cmd_watch(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    from antq_rules.cli._batch import resolve_packs
    from antq_rules.cli._errors import error_payload, print_error
    from antq_rules.cli._inputs import pack_files
    from antq_rules.cli._messages import WARNING
    from antq_rules.watch import MAX_LINE_CHARS, Watcher, durable_available

    as_json = args.format == "jsonl"  # errors on stderr in the documented JSON shape, one per line
    if args.backend == "durable" and not durable_available():
        return _fail("usage", NO_DURABLE, lang, err, as_json)
    try:
        _, readers, _ = resolve_packs([args.pack], pack_files(args))
        pack = readers[0]
        from antq_rules.tables import read_population

        source = read_population([args.units], [pack])
    except (InputError, PackError, EvaluationError) as exc:
        return print_error(exc, lang, err, EXIT_USAGE, as_json)
    for w in source.warnings:
        print(f"{WARNING.get(lang)}: {w.render(lang)}", file=err)
    try:
        stream: TextIO = sys.stdin if args.events == "-" else open(args.events, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        why = os_reason(exc)
        message = Text(
            CANNOT_OPEN.vi.format(path=args.events, reason=why.vi),
            CANNOT_OPEN.en.format(path=args.events, reason=why.en),
        )
        return _fail("input_invalid", message, lang, err, as_json)
    watcher = Watcher(pack, source.rows(), args.year, backend=args.backend, warn_days=args.warn_days)
    for item in watcher.unit_errors:
        if as_json:  # a unit the watcher could not take (the others are watched): its problems, where they are
            problems = tuple(getattr(item, "problems", ()))
            text = Text(_unit_error_text(item, "vi"), _unit_error_text(item, "en"))
            body = error_payload("input_invalid", EXIT_OK, UNIT_ERROR, problems, detail=text.to_dict())
            print(json.dumps(body, ensure_ascii=False), file=err)
        else:
            print(f"{UNIT_ERROR.get(lang)}: {_unit_error_text(item, lang)}", file=err)
    print(
        WATCHING.format(units=len(watcher.units), pack=pack.ref, year=args.year, backend=watcher.backend).get(lang),
        file=err,
    )
    counts = {"messages": 0, "alerts": 0, "errors": 0}

    def show(alerts: Any) -> None:
        for a in alerts:
            counts["alerts"] += 1
            if args.format == "jsonl":
                print(json.dumps(a.to_dict(), ensure_ascii=False), file=out)
            else:
                print(a.render(lang), file=out)
        out.flush()

    interrupted = False
    try:
        show(watcher.start_alerts)
        for number, line in enumerate(_lines(stream, MAX_LINE_CHARS), start=1):
            if not line.strip():
                continue
            counts["messages"] += 1
            step = watcher.feed_line(line, number)
            show(step.alerts)
            for e in step.errors:
                counts["errors"] += 1
                if as_json:  # the stream goes on: 'exit' is the code the run will end with
                    where = {"line": e.seq, "unit": e.unit, "event": e.event}
                    body = error_payload("input_invalid", EXIT_ERRORS, e.message, (), **where)
                    print(json.dumps(body, ensure_ascii=False), file=err)
                else:
                    print(e.render(lang), file=err)
            err.flush()
    except KeyboardInterrupt:
        interrupted = True
    finally:
        watcher.close()
        if stream is not sys.stdin:
            stream.close()
    if interrupted:
        print(STOPPED.get(lang), file=err)
    print(_summary(**counts).get(lang), file=err)
    if interrupted:
        return EXIT_INTERRUPTED
    return EXIT_ERRORS if counts["errors"] else EXIT_OK
