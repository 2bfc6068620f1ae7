"""A pack's schema-checked data, kept in the pack cache so that a later load skips building the schema.

Checking a pack file against its schema (:mod:`antq_rules.packs._schema`) first builds about forty
pydantic models: ~0.1–0.2 s of every ``antq-rules`` command, more than loading all shipped packs.
After a pack has passed the schema once, the pack cache also keeps what the schema gave (every
field, defaults filled in, values converted) as tagged JSON data. A later load reads it back as
:class:`CheckedData` objects — plain attribute access, like the models — compiles the pack from them
exactly as from the models (a test compiles every pack both ways and compares), and never imports the
schema. The validated model itself (overlays and reference pages read it) is made from the file's data
when first asked: :class:`DeferredModel`.

Nothing here runs code from the cache: the data are JSON values (strings, numbers, lists, objects),
and tagged values are only numbers, days and the containers below.

>>> from antq_rules.packs._schema import TextModel
>>> text = dump_checked(TextModel(vi="Tổ dân phố", en="Residential group"))
>>> read_checked(text).en
'Residential group'
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from antq_rules._numbers import bounded_decimal, check_magnitude

if TYPE_CHECKING:
    from antq_rules.packs._schema import PackModel

__all__ = [
    "SCALAR_TAGS",
    "CheckedData",
    "DeferredModel",
    "Unstorable",
    "dump_checked",
    "json_int",
    "no_float",
    "read_checked",
    "tagged_scalar",
]

# the tags of the stored form (one key each); a pack's own keys never start with "$" (the cache refuses
# such files)
_MODEL, _DICT, _TUPLE, _DECIMAL, _DATE, _DATETIME = "$m", "$d", "$t", "$decimal", "$date", "$datetime"


class Unstorable(Exception):
    """Data the stored form has no tag for (never expected from the schema): the pack is not stored."""


class CheckedData:
    """One schema-checked object (a citation, a criterion, the pack …): its fields as attributes.

    Compiling reads it exactly as it reads the pydantic model it was stored from. ``model_dump`` gives
    the JSON form, as pydantic's ``model_dump(mode="json")`` does (compiling keeps a few parts so).
    """

    def __init__(self, fields: dict[str, Any]) -> None:
        self.__dict__.update(fields)

    def __repr__(self) -> str:
        return f"CheckedData({', '.join(self.__dict__)})"

    def model_dump(self, *, mode: str = "json") -> dict[str, Any]:
        if mode != "json":
            raise ValueError("only the JSON form is kept")
        return {name: _json_form(value) for name, value in self.__dict__.items()}


class DeferredModel:
    """The pack's validated :class:`PackModel`, made from the file's data when first asked."""

    __slots__ = ("_data", "_model")

    def __init__(self, data: Any) -> None:
        self._data = data
        self._model: PackModel | None = None

    def get(self) -> PackModel:
        if self._model is None:
            from antq_rules.packs._schema import PackModel

            self._model = PackModel.model_validate(self._data)  # it passed before: same data, same schema
        return self._model


def dump_checked(model: Any) -> str:
    """The stored form (one line of JSON) of a validated model; :class:`Unstorable` if it has none."""
    return json.dumps(_stored(model), ensure_ascii=False, separators=(",", ":"))


def read_checked(text: str | bytes) -> Any:
    """The :class:`CheckedData` tree of a stored form (within the YAML reader's bounds on numbers)."""
    return json.loads(text, object_hook=_restored, parse_int=json_int, parse_float=no_float, parse_constant=no_float)


def _stored(value: Any) -> Any:
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return {_MODEL: {name: _stored(getattr(value, name)) for name in type(value).model_fields}}
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, list):
        return [_stored(v) for v in value]
    if isinstance(value, tuple):
        return {_TUPLE: [_stored(v) for v in value]}
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise Unstorable("a mapping whose keys are not all text")
        return {_DICT: {k: _stored(v) for k, v in value.items()}}
    tagged = tagged_scalar(value)
    if tagged is None:
        raise Unstorable(f"no stored form for {type(value).__name__}")
    return tagged


# Decimals and days, tagged alike here and in the pack cache's parsed data (antq_rules.packs._cache)


def tagged_scalar(value: Any) -> dict[str, str] | None:
    """A decimal, day or moment as its tagged JSON object (``{"$decimal": "0.70"}``); None for others."""
    if isinstance(value, Decimal):
        return {_DECIMAL: str(value)}
    if isinstance(value, datetime):
        return {_DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {_DATE: value.isoformat()}
    return None


def json_int(text: str) -> int:
    """A JSON integer of the pack cache, held to the YAML reader's bound on numbers."""
    value = int(text)
    check_magnitude(value)
    return value


def _json_decimal(text: str) -> Decimal:
    """A tagged decimal of the pack cache: finite, and within the YAML reader's bounds."""
    value = Decimal(text)
    if not value.is_finite():
        raise ValueError(text)
    bounded_decimal(value)
    return value


# a tagged scalar's text back to its value (each refuses text that is not one)
SCALAR_TAGS: dict[str, Callable[[str], Any]] = {
    _DECIMAL: _json_decimal,
    _DATE: date.fromisoformat,
    _DATETIME: datetime.fromisoformat,
}
_READ: dict[str, Callable[[Any], Any]] = {_MODEL: CheckedData, _DICT: dict, _TUPLE: tuple, **SCALAR_TAGS}


def _restored(obj: dict[str, Any]) -> Any:
    """JSON's objects, innermost first: a tagged one becomes its value; any other is a model's fields."""
    if len(obj) == 1:
        ((tag, inner),) = obj.items()
        read = _READ.get(tag)
        if read is not None:
            expected = str if tag in SCALAR_TAGS else (list if tag == _TUPLE else dict)
            if not isinstance(inner, expected):
                raise ValueError(f"{tag} holds a {type(inner).__name__}")
            return read(inner)
        if tag.startswith("$"):
            raise ValueError(f"unknown tag {tag}")
    return obj


def no_float(text: str) -> Any:
    """For ``json.loads``: a float, NaN or infinity is refused (neither the YAML reader nor the schema gives
    one; decimals are tagged)."""
    raise ValueError(f"not a stored number: {text}")


def _json_form(value: Any) -> Any:
    """pydantic's JSON form of a field's value (``model_dump(mode="json")``)."""
    if isinstance(value, CheckedData):
        return value.model_dump()
    if isinstance(value, (list, tuple)):
        return [_json_form(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_form(v) for k, v in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    return value
