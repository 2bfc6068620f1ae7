"""How the command line reports an error: readable text, or under ``--format json`` one JSON object.

The JSON shape (one line on standard error, schema ``antq-rules/error/v1``) is stable and documented
in ``docs/cli.md``::

    {"error": {"schema": "antq-rules/error/v1", "code": "input_invalid", "exit": 1,
               "message": {"vi": "…", "en": "…"},
               "problems": [{"where": "f.yaml:5:3: indicators.x", "file": "f.yaml", "sheet": null,
                             "line": 5, "column": 3, "field": "indicators.x",
                             "message": {"vi": "…", "en": "…"}}]}}

``code`` is one of :data:`CODES`; ``exit`` is the process's exit code for that error.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from antq_rules._text import Lang, Text
from antq_rules.errors import AntqError, InputError, MessageError, PackError, Problem

__all__ = [
    "CODES",
    "ERROR_SCHEMA",
    "error_code",
    "error_json",
    "error_payload",
    "error_text",
    "json_requested",
    "option_before_parsing",
    "print_error",
]

ERROR_SCHEMA = "antq-rules/error/v1"
CODES = (
    "usage",  # the command line itself is wrong (exit 2)
    "input_invalid",  # a unit's input (file, line, field) is invalid
    "pack_invalid",  # a pack file is invalid
    "evaluation_error",  # evaluation cannot run: unknown pack or subject, no version in force …
    "internal",  # a defect of the program (exit 70)
    "interrupted",  # Ctrl-C (exit 130)
)
ERROR = Text("Lỗi", "Error")
JSON_FORMATS = ("json", "jsonl")


def option_before_parsing(argv: Sequence[str], option: str) -> str | None:
    """The value of ``option`` (``--format x`` or ``--format=x``) anywhere on the command line, the last
    one winning, read before argparse runs (so usage errors already follow it); None if absent.

    >>> option_before_parsing(["evaluate", "--lang", "en", "f.yaml", "--lang=vi"], "--lang")
    'vi'
    """
    value = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == option and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(option + "="):
            value = arg.partition("=")[2]
    return value


def json_requested(argv: Sequence[str]) -> bool:
    """Whether ``--format json`` (or ``jsonl``) is on the command line, so usage errors are JSON too."""
    return option_before_parsing(argv, "--format") in JSON_FORMATS


def error_code(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        return "input_invalid"
    if isinstance(exc, PackError):
        return "pack_invalid"
    if isinstance(exc, AntqError):
        return "evaluation_error"
    return "internal"


def _problem(p: Problem) -> dict[str, Any]:
    return {
        "where": p.where(),
        "file": p.file,
        "sheet": p.sheet,
        "line": p.line,
        "column": p.column,
        "field": p.field,
        "message": p.message.to_dict(),
    }


def error_payload(
    code: str, exit_code: int, message: Text, problems: Iterable[Problem] = (), **extra: Any
) -> dict[str, Any]:
    """The error object (``{"error": {…}}``); ``extra`` keys (e.g. ``input``) are added inside it."""
    body: dict[str, Any] = {
        "schema": ERROR_SCHEMA,
        "code": code,
        "exit": exit_code,
        "message": message.to_dict(),
        "problems": [_problem(p) for p in problems],
    }
    body.update(extra)
    return {"error": body}


def _message_of(exc: AntqError) -> tuple[Text, tuple[Problem, ...]]:
    if isinstance(exc, (InputError, PackError)):
        return exc.headline, exc.problems
    if isinstance(exc, MessageError):
        return exc.message, exc.problems
    return Text(str(exc), str(exc)), ()


def error_json(exc: AntqError, exit_code: int, **extra: Any) -> str:
    """A library error as one line of JSON (the documented shape)."""
    message, problems = _message_of(exc)
    return json.dumps(error_payload(error_code(exc), exit_code, message, problems, **extra), ensure_ascii=False)


def error_text(exc: AntqError, lang: Lang) -> str:
    """A library error as the user reads it: every problem, with file, line and field."""
    if isinstance(exc, (PackError, InputError)):
        return exc.render(lang)
    if isinstance(exc, MessageError):
        return f"{ERROR.get(lang)}: {exc.render(lang)}"
    return f"{ERROR.get(lang)}: {exc}"


def print_error(exc: AntqError, lang: Lang, err: TextIO, exit_code: int, as_json: bool, **extra: Any) -> int:
    """Report ``exc`` on ``err`` (text in ``lang``, or the JSON shape) and return ``exit_code``.

    ``extra`` goes into the JSON object; an ``input`` (the file the error is about) also starts the
    text when the error's problems do not name it already.
    """
    if as_json:
        print(error_json(exc, exit_code, **extra), file=err)
        return exit_code
    text = error_text(exc, lang)
    if "input" in extra and not isinstance(exc, (PackError, InputError)):
        text = f"{extra['input']}: {text}"
    print(text, file=err)
    return exit_code
