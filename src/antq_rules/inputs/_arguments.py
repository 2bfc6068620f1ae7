"""The arguments of the public entry points, checked before anything runs.

A host calling ``evaluate(pack, unit, "2026", None)`` gets an :class:`~antq_rules.errors.InputError`
naming each wrong argument (or an :class:`~antq_rules.errors.EvaluationError` for a wrong pack or year
of a calendar), never a ``TypeError``, ``KeyError`` or ``AttributeError`` from deep inside. The checks
are a handful of type tests: they cost well under a microsecond on the fast path.

>>> check_year(2026), check_year(0)[0].render("en")
([], "year: the evaluation year must be a whole number from 1990 to 2200, not 0")
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any, Final

from antq_rules._text import Text
from antq_rules.errors import EvaluationError, InputError, Problem

__all__ = ["YEARS", "check_arguments", "check_year", "require_path", "require_year", "unit_problems"]

YEARS: Final = (1990, 2200)  # evaluation years (input documents, the API, the CLI's calendar)


def _shown(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 128:  # repr() of a huge integer is slow or refused
        return f"<{value.bit_length()}-bit integer>"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def check_year(year: Any, field: str = "year") -> list[Problem]:
    """No problem for a whole number within :data:`YEARS` (``True`` and ``2026.0`` are not years)."""
    if type(year) is int and YEARS[0] <= year <= YEARS[1]:
        return []
    shown = _shown(year)
    return [
        Problem(
            Text(
                f"năm đánh giá phải là số nguyên từ {YEARS[0]} đến {YEARS[1]}, không phải {shown}",
                f"the evaluation year must be a whole number from {YEARS[0]} to {YEARS[1]}, not {shown}",
            ),
            field=field,
        )
    ]


def require_year(year: Any) -> None:
    """Raise :class:`EvaluationError` unless ``year`` is an evaluation year (calendars, pack choice)."""
    problems = check_year(year)
    if problems:
        raise EvaluationError(problems[0].message)


def unit_problems(unit: Any) -> list[Problem]:
    """Problems of a unit given as a mapping (``id`` and ``subject`` text; ``kind``, ``name`` text or None)."""
    if not isinstance(unit, Mapping):
        return [
            Problem(
                Text(
                    f"đơn vị phải là một bảng {{id, subject, kind, name}}, không phải {_shown(unit)}",
                    f"the unit must be a mapping {{id, subject, kind, name}}, not {_shown(unit)}",
                ),
                field="unit",
            )
        ]
    problems = []
    for key in ("id", "subject"):
        value = unit.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    Text(
                        f"thiếu hoặc sai '{key}' của đơn vị (cần chữ), nhận được {_shown(value)}",
                        f"the unit's '{key}' is missing or not text, got {_shown(value)}",
                    ),
                    field=f"unit.{key}",
                )
            )
    for key in ("kind", "name"):
        value = unit.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(
                Problem(
                    Text(f"'{key}' của đơn vị phải là chữ", f"the unit's '{key}' must be text"),
                    field=f"unit.{key}",
                )
            )
    return problems


def _kind_problem(value: Any, field: str, want: str, optional: bool) -> list[Problem]:
    if value is None and optional:
        return []
    if want == "mapping":
        ok = isinstance(value, Mapping)
        vi, en = "một bảng khoá–giá trị", "a mapping"
    else:  # a list of events (a string is a sequence too, but not a list of events)
        ok = isinstance(value, Sequence) and not isinstance(value, (str, bytes))
        vi, en = "một danh sách", "a list"
    if ok:
        return []
    none = " hoặc None" if optional else ""
    none_en = " or None" if optional else ""
    return [
        Problem(
            Text(
                f"'{field}' phải là {vi}{none}, không phải {type(value).__name__}",
                f"'{field}' must be {en}{none_en}, not {type(value).__name__}",
            ),
            field=field,
        )
    ]


_PACK_TYPE: list[type] = []


def _is_pack(value: Any) -> bool:
    """``isinstance(value, Pack)``, with the class imported once (packs import this module)."""
    if not _PACK_TYPE:
        from antq_rules.packs import Pack

        _PACK_TYPE.append(Pack)
    return isinstance(value, _PACK_TYPE[0])


def check_arguments(
    pack: Any,
    year: Any,
    indicators: Any,
    previous_year: Any = None,
    events: Any = None,
    parameters: Any = None,
    scores: Any = None,
) -> None:
    """Raise :class:`InputError` naming every argument of the wrong type (:class:`EvaluationError` for
    something that is not a pack)."""
    # The common case — plain dicts and lists, as hosts and the population runner pass them — is decided
    # by exact type tests: isinstance() against the Mapping ABC and the import below cost several times
    # more, and this runs once per evaluation (100,000 times in a province's population run).
    if (
        type(indicators) is dict
        and type(year) is int
        and YEARS[0] <= year <= YEARS[1]
        and (previous_year is None or type(previous_year) is dict)
        and (events is None or type(events) is list or type(events) is tuple)
        and (parameters is None or type(parameters) is dict)
        and (scores is None or type(scores) is dict)
        and type(pack).__name__ == "Pack"
        and _is_pack(pack)
    ):
        return
    from antq_rules.packs import Pack

    if not isinstance(pack, Pack):
        raise EvaluationError(
            Text(
                f"cần một gói tiêu chí (Pack), không phải {type(pack).__name__}",
                f"expected a criteria pack (Pack), not {type(pack).__name__}",
            )
        )
    if (
        type(year) is int
        and YEARS[0] <= year <= YEARS[1]
        and isinstance(indicators, Mapping)
        and (previous_year is None or isinstance(previous_year, Mapping))
        and (events is None or type(events) is list or type(events) is tuple)
        and (parameters is None or isinstance(parameters, Mapping))
        and (scores is None or isinstance(scores, Mapping))
    ):
        return  # the common case, in a few type tests
    problems = [
        *check_year(year),
        *_kind_problem(indicators, "indicators", "mapping", False),
        *_kind_problem(previous_year, "previous_year", "mapping", True),
        *_kind_problem(events, "events", "list", True),
        *_kind_problem(parameters, "parameters", "mapping", True),
        *_kind_problem(scores, "scores", "mapping", True),
    ]
    if problems:
        raise InputError(problems)


def require_path(value: Any, error: type[InputError] | type[Any], what: str = "path") -> None:
    """Raise ``error`` (InputError or PackError) unless ``value`` is a file path (text or ``os.PathLike``)."""
    if isinstance(value, (str, os.PathLike)) and str(value).strip():
        return
    raise error(
        [
            Problem(
                Text(
                    f"cần đường dẫn một tệp, không phải {_shown(value)}",
                    f"expected the path of a file, not {_shown(value)}",
                ),
                field=what,
            )
        ]
    )
