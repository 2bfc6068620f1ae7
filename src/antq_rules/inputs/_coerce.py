"""One normalisation step for every raw input value, before the typed checks of validation.

Hosts send values as people and libraries produce them: Python values from JSON or YAML, native values
from openpyxl and pandas (numpy integers, floats and booleans, ``datetime``, ``Timestamp``, ``NaN``,
``NaT``, ``pd.NA``), and text typed in Vietnamese (``87,5``, ``1.412``, ``có``, ``10/02/2026``).
:func:`coerce` turns one such value into the plain form the typed checks expect (an int, Fraction,
Decimal, bool, date, choice code, list of codes, or a quantity string for the unit checks), or into
:data:`MISSING` (no value, no error: a criterion that needs it is undetermined), or refuses it with a
bilingual :class:`CoercionError` that says which forms are accepted.

numpy and pandas are never imported: their values are recognised by the module of their type.

>>> coerce_field("integer", "1.412"), coerce_field("decimal", "87,5"), coerce_field("boolean", "Có")
(1412, Fraction(175, 2), True)
>>> coerce_field("decimal", float("nan")) is MISSING
True
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Any, Final

from antq_rules._numbers import (
    MAX_EXPONENT,
    MAX_NUMBER_TEXT,
    NumberBoundError,
    bounded_decimal,
    bounded_exact,
    check_magnitude,
)
from antq_rules._text import Text, fold

__all__ = [
    "BOOLEAN_WORDS",
    "MAX_NUMBER_TEXT",
    "MISSING",
    "CoercionError",
    "choice_index",
    "coerce_field",
    "is_missing",
    "native",
    "read_boolean",
    "read_choice",
    "read_choices",
    "read_date",
    "read_number",
    "split_quantity",
]


class _Missing:
    """The marker of a value that is absent (None, NaN, NaT, pd.NA, an empty cell)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

BOOLEAN_WORDS: Final[Mapping[str, bool]] = {
    "có": True,
    "đúng": True,
    "true": True,
    "yes": True,
    "không": False,
    "sai": False,
    "false": False,
    "no": False,
}
_BOOLEAN_LIST = ", ".join(BOOLEAN_WORDS)
_NUMBER_CHARS = frozenset("0123456789.,")
_DIGITS = frozenset("0123456789")
_EXPONENT_START = frozenset("0123456789+-")


class CoercionError(ValueError):
    """A raw value that cannot be read; ``text`` says why and which forms are accepted (vi and en)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


# -- native values -----------------------------------------------------------------------------------


def native(raw: Any) -> Any:
    """``raw`` as a plain Python value, or :data:`MISSING` when it says "no value".

    None, float NaN (numpy's too), ``pandas.NA``, ``NaT`` and empty or blank strings are missing;
    numpy scalars become int, float, bool, str or datetime; a pandas ``Timestamp`` becomes a
    ``datetime``. Anything else is returned unchanged.

    >>> native(None) is MISSING, native("  ") is MISSING, native(float("nan")) is MISSING
    (True, True, True)
    >>> native(" 12 ")
    ' 12 '
    """
    if raw is None:
        return MISSING
    kind = type(raw)
    if kind is int or kind is bool or kind is date:
        return raw
    if kind is str:
        return MISSING if not raw.strip() else raw
    if kind is float:
        return MISSING if raw != raw else raw
    module = getattr(kind, "__module__", "") or ""
    if module.startswith("numpy"):
        if kind.__name__.startswith("datetime64"):
            raw = raw.astype("datetime64[us]").item()  # NaT -> None, a day -> datetime
        elif hasattr(raw, "item") and getattr(raw, "ndim", 0) == 0:
            raw = raw.item()
        elif hasattr(raw, "tolist"):
            return raw.tolist()  # an array: a list of plain values
        return native(raw)
    if module.startswith("pandas"):
        name = kind.__name__
        if name in ("NAType", "NaTType"):
            return MISSING
        if hasattr(raw, "to_pydatetime"):
            return raw.to_pydatetime()
    if isinstance(raw, float):
        return MISSING if raw != raw else float(raw)
    if isinstance(raw, str):
        return MISSING if not raw.strip() else str(raw)
    return raw


def is_missing(raw: Any) -> bool:
    """True for every value :func:`native` reads as missing."""
    return native(raw) is MISSING


# -- numbers -------------------------------------------------------------------------------------------


def _too_long(text: str) -> CoercionError:
    return CoercionError(
        Text(
            f"chuỗi số quá dài ({len(text)} ký tự, tối đa {MAX_NUMBER_TEXT})",
            f"numeric text too long ({len(text)} characters, at most {MAX_NUMBER_TEXT})",
        )
    )


def _not_a_number(text: str) -> CoercionError:
    return CoercionError(
        Text(
            f"cần một số, nhận được {text!r} (dạng nhận: 412, 1.412 — dấu chấm phân cách hàng nghìn, "
            "87,5 — dấu phẩy thập phân, 87.5)",
            f"expected a number, got {text!r} (accepted: 412, 1.412 — dot as thousands separator, "
            "87,5 — decimal comma, 87.5)",
        )
    )


def _babel(text: str, locale: str) -> Decimal | None:
    # babel (~15 ms to import) only when a number is written in a locale's format: see antq_rules._lazy
    from babel.numbers import NumberFormatError
    from babel.numbers import parse_decimal as _babel_decimal

    try:
        value = _babel_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _bounded_int(value: int) -> None:
    try:
        check_magnitude(value)
    except NumberBoundError as exc:
        raise CoercionError(exc.text) from None


def _exact(d: Decimal) -> int | Fraction:
    try:
        return bounded_decimal(d)
    except NumberBoundError as exc:
        raise CoercionError(exc.text) from None


def _plain(value: int | Fraction) -> str:
    """A number written for the unit parser: an integer, or an exact terminating decimal."""
    if isinstance(value, int):
        return str(value)
    d = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(d) != value:  # not a terminating decimal: pint reads a quotient of integers exactly
        return f"({value.numerator} / {value.denominator})"
    return format(d, "f")


def read_number(text: str, *, whole: bool) -> int | Fraction:
    """Read the number ``text`` exactly; ``whole``: the field is an integer column.

    Vietnamese forms are read with Babel (locale ``vi``): a dot groups thousands, a comma is the
    decimal mark. A dot that cannot group thousands (not followed by exactly three digits) is a
    decimal point. In an integer column a dot before three digits groups thousands (``1.412`` is
    1412); in a decimal column ``1.412`` could be either reading and is refused.

    >>> read_number("12.345.678", whole=True), read_number("1.234,5", whole=False), read_number("87.5", whole=False)
    (12345678, Fraction(2469, 2), Fraction(175, 2))
    """
    text = text.strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise _too_long(text)
    body = text[1:] if text[:1] in ("+", "-") else text
    if body.isascii() and body.isdigit():
        # Plain digits, the form most cells and CSV exports take, read the same in every locale: skip
        # Babel (≈40 µs a call, twice per number) for them.
        whole_value = int(text)  # at most MAX_NUMBER_TEXT digits
        if len(body) > MAX_EXPONENT:
            _bounded_int(whole_value)
        return whole_value
    if not body or not set(body) <= _NUMBER_CHARS or body[0] not in _DIGITS or body[-1] not in _DIGITS:
        raise _not_a_number(text)
    vi = _babel(text, "vi")  # 1.412 -> 1412, 87,5 -> 87.5, 1.234,5 -> 1234.5
    en = None if "," in text else _babel(text, "en")  # 87.5 -> 87.5, 1.412 -> 1.412
    if vi is None and en is None:
        raise _not_a_number(text)
    if whole:
        value = _exact(vi if vi is not None else en)  # type: ignore[arg-type]
        if not isinstance(value, int):
            raise CoercionError(
                Text(
                    f"cần một số nguyên, nhận được {text!r} (= {_plain(value).replace('.', ',')})",
                    f"expected a whole number, got {text!r} (= {_plain(value)})",
                )
            )
        return value
    if vi is not None and en is not None and vi != en:
        raise CoercionError(
            Text(
                f"{text!r} không rõ nghĩa: có thể là {_plain(_exact(vi))} (dấu chấm phân cách hàng nghìn) "
                f"hoặc {_plain(_exact(en)).replace('.', ',')} (dấu chấm thập phân); "
                f"hãy viết {_plain(_exact(vi))} hoặc {_plain(_exact(en)).replace('.', ',')}",
                f"{text!r} is ambiguous: {_plain(_exact(vi))} (dot as thousands separator) or "
                f"{_plain(_exact(en))} (decimal point); write {_plain(_exact(vi))} or "
                f"{_plain(_exact(en)).replace('.', ',')}",
            )
        )
    return _exact(vi if vi is not None else en)  # type: ignore[arg-type]


def split_quantity(text: str) -> tuple[str, str]:
    """``text`` as its leading number part and the rest (the unit), both stripped.

    >>> split_quantity(" 87,5 % "), split_quantity("12household"), split_quantity("many")
    (('87,5', '%'), ('12', 'household'), ('', 'many'))
    """
    text = text.strip()
    end = 1 if text[:1] in ("+", "-") else 0
    while end < len(text) and text[end] in _NUMBER_CHARS:
        end += 1
    if end == 1 and text[:1] in ("+", "-"):
        end = 0
    return text[:end].strip(), text[end:].strip()


def _number(raw: Any, whole: bool, unit_declared: bool) -> Any:
    if isinstance(raw, bool):
        return raw  # the typed check says "a number, not true/false"
    if isinstance(raw, (date, datetime)):
        raise CoercionError(
            Text(
                f"cần một số, không phải một ngày ({raw.isoformat()})",
                f"expected a number, not a date ({raw.isoformat()})",
            )
        )
    if isinstance(raw, float):
        try:
            return bounded_exact(raw)  # the decimal the float is written as (0.1 -> 1/10), within bounds
        except NumberBoundError as exc:
            raise CoercionError(exc.text) from None
    if isinstance(raw, str):
        if len(raw) > MAX_NUMBER_TEXT:
            raise _too_long(raw)
        number, unit = split_quantity(raw)
        if not unit_declared:
            if not number:
                raise _not_a_number(raw)
            if unit:
                raise CoercionError(
                    Text(
                        f"cần một số không kèm đơn vị, nhận được {raw!r}",
                        f"expected a number without a unit, got {raw!r}",
                    )
                )
        if not number or unit[:1] == "/" or (unit[:1] in ("e", "E") and unit[1:2] in _EXPONENT_START):
            # no number in front, a quotient ('1/3 ratio') or an exponent ('1e5 household'): the unit
            # reader reads the text itself (bounded) and says what is wrong
            return raw
        value = read_number(number, whole=whole)
        return f"{_plain(value)} {unit}" if unit else value
    return raw


# -- booleans, dates, choices ---------------------------------------------------------------------------


def read_boolean(raw: Any) -> bool:
    """A yes/no value: a bool, or one of the words of :data:`BOOLEAN_WORDS` (any case).

    >>> read_boolean("KHÔNG"), read_boolean(" yes ")
    (False, True)
    """
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and len(raw) <= MAX_NUMBER_TEXT:
        found = BOOLEAN_WORDS.get(fold(raw))
        if found is not None:
            return found
    raise CoercionError(
        Text(
            f"cần đúng/sai, nhận được {raw!r} (dạng nhận: true, false hoặc {_BOOLEAN_LIST})",
            f"expected true or false, got {raw!r} (accepted: true, false or {_BOOLEAN_LIST})",
        )
    )


_DATE_FORMS = Text("YYYY-MM-DD hoặc dd/mm/yyyy", "YYYY-MM-DD or dd/mm/yyyy")


def _bad_date(raw: Any) -> CoercionError:
    return CoercionError(
        Text(
            f"ngày không hợp lệ {raw!r} (dạng nhận: {_DATE_FORMS.vi}, ví dụ 2026-02-10 hoặc 10/02/2026)",
            f"invalid date {raw!r} (accepted: {_DATE_FORMS.en}, e.g. 2026-02-10 or 10/02/2026)",
        )
    )


def read_date(raw: Any) -> date:
    """A day: a ``date``, the date part of a ``datetime``, ISO ``2026-02-10`` or ``10/02/2026``.

    The Vietnamese form is day/month/year with a four-digit year, read with Babel (locale ``vi``) and
    checked against the text (Babel alone would accept two-digit years or swap day and month).

    >>> read_date("1/2/2026"), read_date(datetime(2026, 2, 10, 8, 30))
    (datetime.date(2026, 2, 1), datetime.date(2026, 2, 10))
    """
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str):
        raise CoercionError(
            Text(
                f"cần một ngày ({_DATE_FORMS.vi}), nhận được {raw!r}",
                f"expected a date ({_DATE_FORMS.en}), got {raw!r}",
            )
        )
    text = raw.strip()
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise _bad_date(raw) from None
    parts = text.split("/")
    if (
        len(parts) != 3
        or not all(p and set(p) <= _DIGITS for p in parts)
        or len(parts[0]) > 2
        or len(parts[1]) > 2
        or len(parts[2]) != 4
    ):
        raise _bad_date(raw)
    day, month, year = (int(p) for p in parts)
    from babel.dates import parse_date as _babel_date

    try:
        found = _babel_date(text, locale="vi")
    except (ValueError, IndexError, LookupError):
        raise _bad_date(raw) from None
    if (found.day, found.month, found.year) != (day, month, year):
        raise _bad_date(raw)
    return found


@lru_cache(maxsize=1024)
def choice_index(choices: tuple[tuple[str, Text], ...]) -> dict[str, str | None]:
    """Folded code or label -> code (None when two choices share the folded text)."""
    index: dict[str, str | None] = {}
    for code, label in choices:
        for key in {fold(code), fold(label.vi), fold(label.en)}:
            if index.get(key, code) != code:
                index[key] = None
            else:
                index[key] = code
    return index


def _choices_text(choices: Mapping[str, Text]) -> tuple[str, str]:
    vi = ", ".join(f"{c} ({t.vi})" for c, t in choices.items())
    en = ", ".join(f"{c} ({t.en})" for c, t in choices.items())
    return vi, en


def read_choice(raw: Any, choices: Mapping[str, Text]) -> str:
    """The code of a choice given by its code or its Vietnamese or English label (any case, NFC)."""
    if isinstance(raw, str):
        if raw in choices:
            return raw
        if len(raw) <= 1000:
            code = choice_index(tuple(choices.items())).get(fold(raw))
            if code is not None:
                return code
    codes = ", ".join(choices)
    vi, en = _choices_text(choices)
    raise CoercionError(
        Text(
            f"giá trị {raw!r} không thuộc danh mục ({codes}); nhận mã hoặc nhãn: {vi}",
            f"value {raw!r} is not one of ({codes}); a code or a label is accepted: {en}",
        )
    )


def read_choices(raw: Any, choices: Mapping[str, Text]) -> list[str]:
    """The codes of a set: a list, tuple or set, or text separated by ``;`` (else ``,``).

    Each item is a code or a label. Repeats are kept (the typed check refuses them).
    """
    if isinstance(raw, str):
        sep = ";" if ";" in raw else ","
        items: list[Any] = [p.strip() for p in raw.split(sep) if p.strip()]
    elif isinstance(raw, (list, tuple)):
        items = list(raw)
    elif isinstance(raw, (set, frozenset)):
        items = sorted(raw, key=repr)
    else:
        raise CoercionError(
            Text(
                f'cần một danh sách (hoặc chuỗi phân cách bởi ";" hay ","), nhận được {raw!r}',
                f'expected a list (or text separated by ";" or ","), got {raw!r}',
            )
        )
    out: list[str] = []
    bad: list[Any] = []
    for raw_item in items:
        item = native(raw_item)
        if isinstance(item, str):
            item = item.strip()
        try:
            out.append(read_choice(item, choices))
        except CoercionError:
            bad.append(item)
    if bad:
        vi, en = _choices_text(choices)
        raise CoercionError(
            Text(
                f"giá trị không thuộc danh mục: {bad} (mã hoặc nhãn: {vi})",
                f"values not among the choices: {bad} (code or label: {en})",
            )
        )
    return out


# -- one field -------------------------------------------------------------------------------------------


def coerce_field(kind: str, raw: Any, choices: Mapping[str, Text] | None = None, *, unit: str | None = None) -> Any:
    """``raw`` normalised for a field of type ``kind``; :data:`MISSING`; or :class:`CoercionError`.

    Numbers become int or Fraction (for a field with a declared ``unit``, a string with a unit becomes
    ``"<number> <unit>"`` for the unit check; without one, text must be a bare number); booleans bool; dates date; an enum its code; a set a list of codes. A value of the wrong
    kind that this step does not recognise is returned as it is, for the typed check to refuse.
    """
    value = native(raw)
    if value is MISSING:
        return MISSING
    if kind in ("integer", "decimal"):
        return _number(value, kind == "integer", unit is not None)
    if kind == "boolean":
        return read_boolean(value)
    if kind == "date":
        return read_date(value)
    if kind == "enum":
        return read_choice(value.strip() if isinstance(value, str) else value, choices or {})
    if kind == "set":
        return read_choices(value, choices or {})
    return value


# -- the common text forms, fast ------------------------------------------------------------------------

QUICK_INT: Final = "int"
QUICK_BOOL: Final = "bool"
QUICK_DATE: Final = "date"
QUICK_SET: Final = "set"


def quick_kind(
    field_type: str, dimensionless: bool, choices: Mapping[str, Any] | None = None
) -> str | tuple[str, frozenset[str]] | None:
    """Which fast reading a field's text cells may take (None: they go to the full validator)."""
    if field_type == "integer" and not dimensionless:
        return QUICK_INT
    if field_type == "boolean":
        return QUICK_BOOL
    if field_type == "date":
        return QUICK_DATE
    if field_type == "set" and choices:
        return (QUICK_SET, frozenset(choices))
    return None


def quick_cells(kinds: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with text cells in their commonest forms read as native values; the rest as given.

    Speed trick, kept in this one place: the validator's generated quick path accepts only native
    values, so without this every cell of a CSV file (all text) would take the full validator, about
    four times slower per unit. Only forms whose reading is certain — and equal to what
    :func:`coerce_field` gives — are converted: ASCII digits in integer fields, the yes/no words in
    boolean fields, ``YYYY-MM-DD`` and ``dd/mm/yyyy`` dates that exist, and sets written as codes
    separated by ``;`` (or ``,``) without repeats. Blank text is left out (missing). Anything else
    stays text, and the full validator reads it or names the problem. Readings are remembered per
    kind (cells repeat: "0", "có", the same dates), up to a bound. For many rows with the same fields,
    build a :class:`QuickReader` once instead.

    >>> quick_cells({"n": "int", "b": "bool", "d": "date"}, {"n": " 412", "b": "Có", "d": "05/02/2026", "x": "?"})
    {'n': 412, 'b': True, 'd': datetime.date(2026, 2, 5), 'x': '?'}
    >>> quick_cells({"s": ("set", frozenset({"a", "b"}))}, {"s": "a; b"})
    {'s': ['a', 'b']}
    """
    return QuickReader(kinds)(values)


class QuickReader:
    """:func:`quick_cells` for fixed fields, as one dictionary comprehension per row.

    Each field has a memo (shared by every field of the same kind) whose ``__missing__`` reads a text
    cell the first time it is seen; fields without a quick reading go through a memo that only turns
    blank text into missing. So a row costs one memo lookup per cell. A value that cannot be a key
    (a list from a JSON document) takes the plain loop instead.
    """

    __slots__ = ("_memos", "_slots")

    def __init__(self, kinds: Mapping[str, Any]) -> None:
        self._slots: dict[str, tuple[Any, dict[str, Any]]] = {
            name: (kind, _memo(kind)) for name, kind in kinds.items() if kind is not None
        }
        self._memos: dict[str, dict[Any, Any]] = {name: slot[1] for name, slot in self._slots.items()}

    def __call__(self, values: Mapping[str, Any]) -> dict[str, Any]:
        memos = self._memos
        try:
            out = {name: memos.get(name, _PLAIN)[value] for name, value in values.items()}
        except TypeError:  # an unhashable value (a list, a mapping): the plain loop
            return self._loop(values)
        if MISSING in out.values():
            out = {name: value for name, value in out.items() if value is not MISSING}
        return out

    def _loop(self, values: Mapping[str, Any]) -> dict[str, Any]:
        slots = self._slots
        out: dict[str, Any] = {}
        for name, value in values.items():
            if type(value) is str:
                slot = slots.get(name)
                read = _PLAIN[value] if slot is None else slot[1][value]
                if read is MISSING:
                    continue
                value = read
            out[name] = value
        return out


class _Memo(dict[Any, Any]):
    """Text cell -> its quick reading, filled on first sight (bounded); other values map to themselves."""

    __slots__ = ("kind",)

    def __init__(self, kind: Any) -> None:
        super().__init__()
        self.kind = kind

    def __missing__(self, value: Any) -> Any:
        if type(value) is not str:
            return value
        read = _quick_read(self.kind, value)
        if len(self) < _QUICK_MEMO_SIZE:
            self[value] = read
        return read


class _Plain(dict[Any, Any]):
    """Fields without a quick reading: blank text is missing, everything else as given (text cells are
    remembered as themselves, up to the bound, so the next sight is a plain lookup)."""

    __slots__ = ()

    def __missing__(self, value: Any) -> Any:
        if type(value) is not str:
            return value
        read = MISSING if not value or value.isspace() else value
        if len(self) < _QUICK_MEMO_SIZE:
            self[value] = read
        return read


_PLAIN: Final = _Plain()


def quick_memo(kind: Any) -> dict[Any, Any]:
    """The memo of a quick reading: ``memo[text]`` is the text's reading (the text itself when it is not
    a quick form, MISSING when blank); any other value maps to itself. ``kind`` None: no quick reading."""
    return _PLAIN if kind is None else _memo(kind)


def _memo(kind: Any) -> _Memo:
    memo = _QUICK_MEMO.get(kind)
    if memo is None:
        memo = _QUICK_MEMO[kind] = _Memo(kind)
    return memo


_QUICK_MEMO: Final[dict[Any, _Memo]] = {}
_QUICK_MEMO_SIZE: Final = 20_000


def _quick_read(kind: Any, value: str) -> Any:
    """One text cell read the quick way (MISSING when blank; the text itself when not a quick form)."""
    text = value.strip()
    if not text:
        return MISSING
    if kind is QUICK_INT:
        if text.isascii() and text.isdigit() and len(text) <= MAX_NUMBER_TEXT:
            return int(text)
        return value
    if kind is QUICK_BOOL:
        found = BOOLEAN_WORDS.get(text)
        if found is None:
            found = BOOLEAN_WORDS.get(fold(text))
        return value if found is None else found
    if kind is QUICK_DATE:
        return _quick_date(text, value)
    choices = kind[1]
    items = [i.strip() for i in text.split(";" if ";" in text else ",")]
    items = [i for i in items if i]
    if items and len(set(items)) == len(items) and all(i in choices for i in items):
        return items  # one list per distinct cell text, shared by the rows: the validator only reads it
    return value


def _quick_date(text: str, value: str) -> Any:
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-" and text.isascii():
            return date.fromisoformat(text)
        parts = text.split("/")
        if (
            len(parts) == 3
            and len(parts[2]) == 4
            and 0 < len(parts[0]) <= 2
            and 0 < len(parts[1]) <= 2
            and all(p.isascii() and p.isdigit() for p in parts)
        ):
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        pass  # not a day that exists: the full validator says so
    return value
