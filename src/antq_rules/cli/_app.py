"""Argument parsing and the entry point ``main`` of the ``antq-rules`` command."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from antq_rules import __version__
from antq_rules._text import Lang, Text
from antq_rules.cli import _messages as M
from antq_rules.cli._batch import cmd_batch, cmd_template
from antq_rules.cli._check_extras import add_check_options
from antq_rules.cli._commands import (
    FAIL_ON,
    cmd_calendar,
    cmd_check,
    cmd_evaluate,
    cmd_explain,
    cmd_packs,
    cmd_show,
)
from antq_rules.cli._errors import (
    JSON_FORMATS,
    error_payload,
    error_text,
    json_requested,
    option_before_parsing,
    print_error,
)
from antq_rules.cli._parser import Parser
from antq_rules.errors import AntqError

__all__ = ["build_parser", "main"]

PROG = "antq-rules"
Command = Callable[[argparse.Namespace, Lang, TextIO, TextIO], int]


def _detect_lang(argv: Sequence[str]) -> Lang:
    """The ``--lang`` given anywhere on the line (the last one wins), so help and usage errors
    are already in that language; argparse itself checks the value later."""
    return "en" if option_before_parsing(argv, "--lang") == "en" else "vi"


def _param(lang: Lang) -> Callable[[str], tuple[str, str]]:
    def parse(text: str) -> tuple[str, str]:
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise argparse.ArgumentTypeError(M.BAD_PARAM.format(value=text).get(lang))
        return name.strip(), value

    return parse


def build_parser(lang: Lang = "vi", json_errors: bool = False) -> Parser:
    """The argument parser, with every help text in ``lang``; ``json_errors``: usage errors are JSON."""

    def t(text: Text) -> str:
        return text.get(lang)

    parser = Parser(prog=PROG, description=t(M.DESCRIPTION), epilog=t(M.EPILOG), lang=lang, json_errors=json_errors)
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}", help=t(M.H_VERSION))
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help=t(M.H_LANG))
    parser.add_argument(
        "--pack-file",
        dest="pack_files_global",
        action="append",
        default=[],
        metavar="FILE",
        help=t(M.H_PACK_FILE),
    )
    sub = parser.add_subparsers(title=t(M.COMMANDS), dest="command", metavar=t(M.COMMAND_METAVAR), required=True)

    commands: dict[str, Parser] = {}

    def command(name: str, help_text: Text, func: Command, *, pack_files: bool = True) -> Parser:
        p: Parser = sub.add_parser(
            name, help=t(help_text), description=t(help_text), lang=lang, json_errors=json_errors
        )
        commands[name] = p
        # after the command too; SUPPRESS keeps the global value when it is not repeated here
        p.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS, help=t(M.H_LANG))
        if pack_files:
            p.add_argument(
                "--pack-file",
                dest="pack_files",
                action="append",
                default=[],
                metavar="FILE",
                help=t(M.H_PACK_FILE),
            )
        p.set_defaults(func=func)
        return p

    help_cmd = command("help", M.H_HELP, _help_command(parser, commands), pack_files=False)
    help_cmd.add_argument("topic", nargs="?", default=None, metavar=t(M.COMMAND_METAVAR), help=t(M.H_HELP_TOPIC))

    packs = command("packs", M.H_PACKS, cmd_packs)
    packs.add_argument("--format", choices=("table", "json"), default="table", help=t(M.H_FORMAT_CALENDAR))

    show = command("show", M.H_SHOW, cmd_show)
    show.add_argument("pack", metavar="PACK_ID", help=t(M.H_SHOW_PACK))
    show.add_argument("--pack-version", dest="pack_version", metavar="V", default=None, help=t(M.H_SHOW_VERSION))
    # the old spelling clashed with the program's --version: it now says what to write instead
    show.add_argument("--version", nargs="?", action=_Renamed, help=argparse.SUPPRESS)
    show.add_argument("--subject", metavar="S", default=None, help=t(M.H_SHOW_SUBJECT))
    show.add_argument("--format", choices=("text", "json"), default="text", help=t(M.H_FORMAT_SHOW))

    for name, help_text, func in (
        ("evaluate", M.H_EVALUATE, cmd_evaluate),
        ("explain", M.H_EXPLAIN, cmd_explain),
    ):
        p = command(name, help_text, func)
        p.add_argument("inputs", nargs="+", metavar="INPUT", help=t(M.H_INPUT))
        p.add_argument("--pack", metavar="PACK_ID", default=None, help=t(M.H_PACK))
        if name == "evaluate":
            p.add_argument("--format", choices=("table", "json", "text", "html"), default="table", help=t(M.H_FORMAT))
        else:
            p.add_argument("--format", choices=("text", "json"), default="text", help=t(M.H_FORMAT_EXPLAIN))
        p.add_argument("--fail-on", choices=FAIL_ON, default=None, help=t(M.H_FAIL_ON))
        p.add_argument("--verbose", action="store_true", help=t(M.H_VERBOSE))
        p.add_argument(
            "--param",
            dest="params",
            action="append",
            default=[],
            type=_param(lang),
            metavar=t(M.PARAM_METAVAR),
            help=t(M.H_PARAM),
        )

    cal = command("calendar", M.H_CALENDAR, cmd_calendar)
    cal.add_argument("pack", metavar="PACK_ID", help=t(M.H_SHOW_PACK))
    cal.add_argument("--year", type=int, required=True, metavar="Y", help=t(M.H_YEAR))
    cal.add_argument("--subject", default=None, metavar="S", help=t(M.H_CALENDAR_SUBJECT))
    cal.add_argument("--format", choices=("table", "json"), default="table", help=t(M.H_FORMAT_CALENDAR))

    batch = command("batch", M.H_BATCH, cmd_batch)
    batch.epilog = t(M.BATCH_EPILOG)
    batch.add_argument("inputs", nargs="+", metavar="INPUT", help=t(M.H_BATCH_INPUT))
    batch.add_argument("--pack", dest="packs", action="append", required=True, metavar="PACK", help=t(M.H_BATCH_PACK))
    batch.add_argument("--year", type=int, required=True, metavar="Y", help=t(M.H_BATCH_YEAR))
    batch.add_argument("--out", default=None, metavar="FILE", help=t(M.H_BATCH_OUT))
    batch.add_argument("--detail", choices=("compact", "full"), default="compact", help=t(M.H_BATCH_DETAIL))
    batch.add_argument("--summary", default=None, metavar="FILE", help=t(M.H_BATCH_SUMMARY))
    batch.add_argument("--strict", action="store_true", help=t(M.H_BATCH_STRICT))
    batch.add_argument("--format", choices=("text", "json"), default="text", help=t(M.H_BATCH_FORMAT))
    batch.add_argument("--fail-on", choices=FAIL_ON, default=None, help=t(M.H_FAIL_ON))
    batch.add_argument("--explain", action="append", default=[], metavar="UNIT_ID", help=t(M.H_BATCH_EXPLAIN))
    batch.add_argument("--verbose", action="store_true", help=t(M.H_VERBOSE))
    batch.add_argument("--plan", dest="plans", action="append", default=[], metavar="PLAN", help=t(M.H_BATCH_PLAN))
    batch.add_argument("--report", default=None, metavar="FILE.html", help=t(M.H_BATCH_REPORT))
    batch.add_argument("--reference-url", default="packs/", metavar="URL", help=t(M.H_REFERENCE_URL))

    template = command("template", M.H_TEMPLATE, cmd_template)
    template.add_argument("pack", metavar="PACK", help=t(M.H_TEMPLATE_PACK))
    template.add_argument("--subject", required=True, metavar="S", help=t(M.H_TEMPLATE_SUBJECT))
    template.add_argument("--format", choices=("xlsx", "csv", "json"), default=None, help=t(M.H_TEMPLATE_FORMAT))
    template.add_argument("--out", default=None, metavar="FILE", help=t(M.H_TEMPLATE_OUT))

    check = command("check", M.H_CHECK, cmd_check, pack_files=False)
    check.add_argument("files", nargs="+", metavar="PACK_FILE", help=t(M.H_CHECK_FILES))
    add_check_options(check, lang)  # --strict (warnings fail), --properties, --examples N, --shrink
    check.add_argument("--format", choices=("text", "json"), default="text", help=t(M.H_FORMAT_CHECK))
    from antq_rules.cli._kit import register as register_kit  # pack authors' commands: schema, test

    register_kit(command, t)
    from antq_rules.cli._watch import register as register_watch  # live watch during the year (issue 12)

    register_watch(command, t)
    return parser


def _utf8_streams() -> None:
    """UTF-8 output whatever the locale (Windows consoles, LANG=C …); bad text is replaced."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        with contextlib.suppress(ValueError, OSError):  # a stream that cannot change any more
            reconfigure(encoding="utf-8", errors="replace")


def render_error(exc: AntqError, lang: Lang) -> str:
    """An error of the library as the user reads it: every problem, with file, line and field."""
    return error_text(exc, lang)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``antq-rules`` with ``argv`` (default: the process arguments); return the exit code.

    Under ``--format json`` (or ``jsonl``) every error is one JSON object on standard error
    (``antq-rules/error/v1``, see :mod:`antq_rules.cli._errors`), usage errors included.
    """
    _utf8_streams()
    args_list = list(sys.argv[1:] if argv is None else argv)
    lang = _detect_lang(args_list)
    as_json = json_requested(args_list)
    try:
        args = build_parser(lang, json_errors=as_json).parse_args(args_list)
    except SystemExit as exc:  # --help, --version and usage errors (2)
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    lang = "en" if args.lang == "en" else "vi"
    as_json = getattr(args, "format", None) in JSON_FORMATS
    func: Command = args.func
    try:
        return func(args, lang, sys.stdout, sys.stderr)
    except AntqError as exc:
        return print_error(exc, lang, sys.stderr, 1, as_json)
    except KeyboardInterrupt:
        if as_json:
            print(json.dumps(error_payload("interrupted", 130, M.INTERRUPTED), ensure_ascii=False), file=sys.stderr)
        else:
            print(M.INTERRUPTED.get(lang), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (``antq-rules show … | head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # last resort: a defect of the library, never a traceback for the user
        if as_json:
            payload = error_payload("internal", EXIT_INTERNAL, internal_text(exc), kind=type(exc).__name__)
            print(json.dumps(payload, ensure_ascii=False), file=sys.stderr)
        else:
            print(internal_error(exc, lang), file=sys.stderr)
        return EXIT_INTERNAL


EXIT_INTERNAL = 70  # (EX_SOFTWARE) an internal error; 1 is a problem of the input or the pack, 2 of usage
_INTERNAL = Text(
    "Lỗi nội bộ của antq-rules ({kind}). Đây là lỗi của chương trình, không phải của dữ liệu: xin báo lỗi "
    "kèm lệnh đã chạy, phiên bản ({version}) và tệp đầu vào (nếu được phép chia sẻ).",
    "Internal error of antq-rules ({kind}). This is a defect of the program, not of your data: please "
    "report it with the command you ran, the version ({version}) and the input files (if you may share them).",
)


def internal_text(exc: BaseException) -> Text:
    """The message for an unexpected exception, in both languages: its kind, how to report it."""
    return _INTERNAL.format(kind=type(exc).__name__, version=__version__)


def internal_error(exc: BaseException, lang: Lang) -> str:
    """The message for an unexpected exception: its kind, and how to report it (no traceback)."""
    return internal_text(exc).get(lang)


class _Renamed(argparse.Action):
    """``show --version`` became ``--pack-version`` (it clashed with the program's ``--version``)."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, opt: Any = None
    ) -> None:
        assert isinstance(parser, Parser)
        parser.error(M.RENAMED.format(old="--version", new="--pack-version"))


def _help_command(parser: Parser, commands: dict[str, Parser]) -> Command:
    """``antq-rules help [COMMAND]``: the program's help, or the command's (as ``COMMAND --help``)."""

    def cmd_help(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
        if args.topic is None:
            parser.print_help(out)
            return 0
        if args.topic not in commands:
            from antq_rules._suggest import did_you_mean

            text = M.UNKNOWN_COMMAND.format(name=args.topic, known=", ".join(commands))
            hint = did_you_mean(args.topic, commands)
            try:
                parser.error(Text(text.vi + hint.vi, text.en + hint.en))
            except SystemExit:  # a usage error of this command, reported like argparse's own
                return 2
        commands[args.topic].print_help(out)
        return 0

    return cmd_help
