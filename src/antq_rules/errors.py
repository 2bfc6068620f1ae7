"""Errors that name every problem at once, each with where it is.

>>> p = Problem(Text("thiếu", "missing"), file="p.yaml", line=3, field="indicators.x")
>>> p.where()
'p.yaml:3: indicators.x'
"""

from __future__ import annotations

import errno
from collections.abc import Iterable

import attrs

from antq_rules._text import Lang, Text

__all__ = [
    "AntqError",
    "EvaluationError",
    "InputError",
    "MessageError",
    "PackError",
    "Problem",
    "cannot_read",
    "os_reason",
]


@attrs.frozen(slots=True)
class Problem:
    """One problem: a bilingual message plus where it is (file, sheet, line, column, field).

    For a spreadsheet, ``line`` is the row number and ``column`` the column number as the sheet shows
    them (1-based); the column is then written as its letter:

    >>> Problem(Text("sai", "wrong"), file="xa.xlsx", sheet="kdc", line=5, column=4, field="indicators.x").where()
    'xa.xlsx[kdc]:5:D: indicators.x'
    """

    message: Text
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    sheet: str | None = None

    def where(self) -> str:
        parts = []
        if self.file:
            loc = self.file
            if self.sheet is not None:
                loc += f"[{self.sheet}]"
            if self.line is not None:
                loc += f":{self.line}"
                if self.column is not None:
                    loc += f":{column_letter(self.column) if self.sheet is not None else self.column}"
            parts.append(loc)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts)

    def render(self, lang: Lang = "vi") -> str:
        where = self.where()
        return f"{where}: {self.message.get(lang)}" if where else self.message.get(lang)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message.to_dict(),
        }


def column_letter(column: int) -> str:
    """A 1-based column number as a spreadsheet shows it.

    >>> column_letter(1), column_letter(26), column_letter(28)
    ('A', 'Z', 'AB')
    """
    out = ""
    while column > 0:
        column, rem = divmod(column - 1, 26)
        out = chr(65 + rem) + out
    return out


class AntqError(Exception):
    """Base class of every error raised by antq_rules; ``render(lang)`` gives the readable message."""

    def render(self, lang: Lang = "vi") -> str:
        return str(self)


class _ProblemsError(AntqError):
    headline = Text("Có lỗi", "There are errors")

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render("en"))

    def render(self, lang: Lang = "vi") -> str:
        return _listed(self.headline, self.problems, lang)

    def to_dict(self) -> dict[str, object]:
        return {
            "error": type(self).__name__,
            "message": self.headline.to_dict(),
            "problems": [p.to_dict() for p in self.problems],
        }


def _listed(head: Text, problems: tuple[Problem, ...], lang: Lang) -> str:
    """A headline with its number of problems, then one problem a line, each with where it is."""
    return "\n".join([f"{head.get(lang)} ({len(problems)}):", *(f"  - {p.render(lang)}" for p in problems)])


class PackError(_ProblemsError):
    """A pack file is invalid; ``problems`` lists every problem with file, line and field."""

    headline = Text("Gói tiêu chí không hợp lệ", "The criteria pack is invalid")


class InputError(_ProblemsError):
    """A unit's input is invalid; evaluation did not run. ``problems`` lists every problem."""

    headline = Text("Dữ liệu đầu vào không hợp lệ", "The input is invalid")


class MessageError(AntqError):
    """An error told in one bilingual message; ``problems`` may list its parts, each with where it is
    (e.g. a result document not in its shape: every field that is wrong)."""

    def __init__(self, message: Text, problems: Iterable[Problem] = ()) -> None:
        self.message = message
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.render("en"))

    def render(self, lang: Lang = "vi") -> str:
        return _listed(self.message, self.problems, lang) if self.problems else self.message.get(lang)

    def to_dict(self) -> dict[str, object]:
        return {
            "error": type(self).__name__,
            "message": self.message.to_dict(),
            "problems": [p.to_dict() for p in self.problems],
        }


class EvaluationError(MessageError):
    """Evaluation could not run (e.g. no pack version is in force for the requested year)."""


# The operating system says why a file cannot be read in English (``strerror``); the usual reasons are
# said in Vietnamese too, the others keep the system's words.
_OS_REASONS_VI = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền đọc",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ELOOP: "đường dẫn lặp vòng (liên kết tượng trưng)",
    errno.ENAMETOOLONG: "tên tệp quá dài",
}


def os_reason(exc: OSError) -> Text:
    """Why the system could not open or read a file, in both languages.

    >>> os_reason(FileNotFoundError(2, "No such file or directory")).vi
    'không có tệp hoặc thư mục này'
    """
    en = exc.strerror or type(exc).__name__
    vi = _OS_REASONS_VI.get(exc.errno) if exc.errno is not None else None
    return Text(vi or f"lỗi của hệ điều hành: {en}", en)


def cannot_read(exc: OSError) -> Text:
    """``không đọc được tệp: …`` / ``cannot read the file: …`` with the system's reason."""
    why = os_reason(exc)
    return Text(f"không đọc được tệp: {why.vi}", f"cannot read the file: {why.en}")
