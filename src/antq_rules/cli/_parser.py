"""An :mod:`argparse` parser that speaks Vietnamese (default) or English, usage errors included."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

from antq_rules._text import Lang, Text

__all__ = ["Parser", "formatter_for", "translate_error"]

# argparse's own messages (Python 3.11–3.13) and their Vietnamese wording; anything else (our own
# messages from type functions are already in the right language) passes through unchanged.
_ERRORS_VI: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.DOTALL), vi)
    for p, vi in (
        (r"^the following arguments are required: (.*)$", "thiếu tham số bắt buộc: {0}"),
        (r"^unrecognized arguments: (.*)$", "tham số không nhận ra: {0}"),
        (r"^ambiguous option: (\S+) could match (.*)$", "tuỳ chọn mơ hồ: {0} có thể là {1}"),
        (r"^one of the arguments (.*) is required$", "cần một trong các tham số {0}"),
        (
            r"^argument (.+?): invalid choice: (.+?) \(choose from (.*)\)$",
            "tham số {0}: lựa chọn không hợp lệ {1} (chọn một trong: {2})",
        ),
        (
            r"^argument (.+?): invalid choice: (.+?) \(choose from (.*)\); did you mean (.*)\?$",
            "tham số {0}: lựa chọn không hợp lệ {1} (chọn một trong: {2}); có phải là {3}?",
        ),
        (r"^argument (.+?): expected one argument$", "tham số {0}: cần một giá trị"),
        (
            r"^argument (.+?): expected at least one argument$",
            "tham số {0}: cần ít nhất một giá trị",
        ),
        (r"^argument (.+?): expected (.*) arguments?$", "tham số {0}: cần {1} giá trị"),
        (r"^argument (.+?): ignored explicit argument (.*)$", "tham số {0}: giá trị {1} bị bỏ qua"),
        (r"^argument (.+?): not allowed with argument (.*)$", "tham số {0}: không dùng cùng {1}"),
        (r"^argument (.+?): invalid (\S+) value: (.*)$", "tham số {0}: giá trị {2} không hợp lệ"),
        (r"^argument (.+?): (.*)$", "tham số {0}: {1}"),
    )
)


def translate_error(message: str, lang: Lang) -> str:
    """An argparse error message in ``lang``.

    >>> translate_error("the following arguments are required: INPUT", "vi")
    'thiếu tham số bắt buộc: INPUT'
    """
    if lang == "en":
        return message
    for pattern, vi in _ERRORS_VI:
        m = pattern.match(message)
        if m:
            return vi.format(*m.groups())
    return message


class _FormatterVi(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "cách dùng: " if prefix is None else prefix)


class _FormatterEn(argparse.RawDescriptionHelpFormatter):
    pass


def formatter_for(lang: Lang) -> type[argparse.HelpFormatter]:
    return _FormatterEn if lang == "en" else _FormatterVi


class Parser(argparse.ArgumentParser):
    """ArgumentParser with translated section titles, help option and error messages."""

    def __init__(self, *args: Any, lang: Lang = "vi", json_errors: bool = False, **kwargs: Any) -> None:
        self.lang: Lang = lang
        self.json_errors = json_errors  # usage errors as the documented JSON object (under --format json)
        kwargs.setdefault("formatter_class", formatter_for(lang))
        kwargs.setdefault("allow_abbrev", False)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        if lang == "vi":
            self._positionals.title = "tham số vị trí"
            self._optionals.title = "tuỳ chọn"
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help="hiện hướng dẫn này rồi thoát" if lang == "vi" else "show this help and exit",
        )

    def error(self, message: str | Text) -> NoReturn:
        """A usage error (exit 2): the usage line and the message in ``lang``, or the JSON error object.

        ``message`` is argparse's own English text (translated here) or our :class:`Text`.
        """
        if not isinstance(message, Text):
            message += _did_you_mean(message)
            message = Text(translate_error(message, "vi"), message)
        if self.json_errors:
            import json

            from antq_rules.cli._errors import error_payload

            payload = error_payload("usage", 2, message, usage=" ".join(self.format_usage().split()))
            self.exit(2, json.dumps(payload, ensure_ascii=False) + "\n")
        self.print_usage(sys.stderr)
        word = "lỗi" if self.lang == "vi" else "error"
        self.exit(2, f"{self.prog}: {word}: {message.get(self.lang)}\n")


_INVALID_CHOICE = re.compile(r"^argument .+?: invalid choice: '(.*?)' \(choose from (.*)\)$", re.DOTALL)


def _did_you_mean(message: str) -> str:
    """For an invalid choice (a mistyped command …), "; did you mean 'x'?" (English: argparse's own
    message is English; it is translated afterwards), else nothing."""
    m = _INVALID_CHOICE.match(message)
    if m is None:
        return ""
    from antq_rules._suggest import close_names

    choices = [c.strip().strip("'") for c in m.group(2).split(",")]
    hints = close_names(m.group(1), choices)
    return f"; did you mean {' or '.join(repr(h) for h in hints)}?" if hints else ""
