"""Errors that name every problem at once, each with where it is.

>>> p = Problem(Text("thiếu", "missing"), file="p.yaml", line=3, field="indicators.x")
>>> p.where()
'p.yaml:3: indicators.x'
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from antq_rules._text import Lang, Text

__all__ = ["AntqError", "EvaluationError", "InputError", "PackError", "Problem"]


@attrs.frozen(slots=True)
class Problem:
    """One problem: a bilingual message plus where it is (file, line, column, field)."""

    message: Text
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None

    def where(self) -> str:
        parts = []
        if self.file:
            loc = self.file
            if self.line is not None:
                loc += f":{self.line}"
                if self.column is not None:
                    loc += f":{self.column}"
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
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message.to_dict(),
        }


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
        head = f"{self.headline.get(lang)} ({len(self.problems)}):"
        return "\n".join([head, *(f"  - {p.render(lang)}" for p in self.problems)])

    def to_dict(self) -> dict[str, object]:
        return {
            "error": type(self).__name__,
            "message": self.headline.to_dict(),
            "problems": [p.to_dict() for p in self.problems],
        }


class PackError(_ProblemsError):
    """A pack file is invalid; ``problems`` lists every problem with file, line and field."""

    headline = Text("Gói tiêu chí không hợp lệ", "The criteria pack is invalid")


class InputError(_ProblemsError):
    """A unit's input is invalid; evaluation did not run. ``problems`` lists every problem."""

    headline = Text("Dữ liệu đầu vào không hợp lệ", "The input is invalid")


class EvaluationError(AntqError):
    """Evaluation could not run (e.g. no pack version is in force for the requested year)."""

    def __init__(self, message: Text) -> None:
        self.message = message
        super().__init__(message.en)

    def render(self, lang: Lang = "vi") -> str:
        return self.message.get(lang)

    def to_dict(self) -> dict[str, object]:
        return {"error": type(self).__name__, "message": self.message.to_dict(), "problems": []}
