"""The base of the records built on every evaluation: immutable, read by field name, cheap to build.

This is the one place where results trade plainness for speed. A record is a tuple underneath, so the
engine builds it with ``tuple.__new__(cls, values)``: about 0.15 µs for seven fields, where a slotted
class's ``__init__`` takes 0.27 µs and a frozen attrs class 0.9 µs (measured on this project's
machine). With 11 criteria per residential area that saves 1.3–8 µs of a 17 µs evaluation. Everything
else a tuple offers is switched off: ``len``, iteration and unpacking, indexing, ``count``, ``index``,
``+``, ``*``, ordering, and equality with a plain tuple or a record of another type. Fields are read by
name, and :meth:`Record.replace` makes a changed copy.

``isinstance(record, tuple)`` stays true: that is the only trace of the trick a caller can see.
"""

from __future__ import annotations

import inspect
from collections import _tuplegetter  # type: ignore[attr-defined]  # the C field reader NamedTuple uses
from typing import Any, ClassVar, NoReturn, Self, dataclass_transform

__all__ = ["Record"]

_tuple_new = tuple.__new__
_tuple_eq = tuple.__eq__
_tuple_ne = tuple.__ne__
_tuple_getitem = tuple.__getitem__  # with slice(None): the values as a plain tuple, read in C
_ALL = slice(None)


class _Hidden:
    """A tuple method a record does not have: reading it is an AttributeError, as for any missing name."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: object, owner: type | None = None) -> NoReturn:
        raise AttributeError(f"'{(owner or type(obj)).__name__}' object has no attribute '{self.name}'")


@dataclass_transform(eq_default=True, frozen_default=True)
class Record(tuple):  # type: ignore[type-arg]
    """Immutable record with named fields (declared as annotations, defaults as class values).

    Subclasses declare ``__slots__ = ()``; the fields' order is the positional constructor's order.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        assert "__slots__" in cls.__dict__, f"{cls.__name__} must declare __slots__ = ()"
        own = inspect.get_annotations(cls)  # this class's own annotations, as written (strings)
        names = tuple(n for n, a in own.items() if "ClassVar" not in str(a))
        defaults = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        first = next((i for i, n in enumerate(names) if n in defaults), len(names))
        assert all(n in defaults for n in names[first:]), f"{cls.__name__}: a field without default after one with"
        assert all(n.isidentifier() and not n.startswith("_") for n in names)
        args = ", ".join(names)
        # the constructor NamedTuple would write: positional or keyword arguments, one tuple built in C
        new = eval(f"lambda _cls, {args}: _tuple_new(_cls, ({args},))", {"_tuple_new": _tuple_new})
        new.__defaults__ = tuple(defaults[n] for n in names[first:]) or None
        new.__name__ = "__new__"
        new.__qualname__ = f"{cls.__qualname__}.__new__"
        cls.__new__ = new  # type: ignore[method-assign]
        for i, n in enumerate(names):
            setattr(cls, n, _tuplegetter(i, f"Field {i}: {n}"))
        cls._fields = names
        cls._defaults = defaults
        setattr(cls, "__match_args__", names)  # noqa: B010 - pattern matching by position, as NamedTuple

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed: ``result.replace(unit=other_unit)``."""
        unknown = set(changes) - set(self._fields)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        return _tuple_new(type(self), tuple(changes.get(n, getattr(self, n)) for n in self._fields))

    # -- what a record is not: a sequence ---------------------------------------------------------

    def _not_sequence(self, *args: object) -> NoReturn:
        raise TypeError(f"a {type(self).__name__} is a record, not a sequence: read its fields by name")

    __len__ = __iter__ = __getitem__ = __contains__ = __reversed__ = _not_sequence

    def __bool__(self) -> bool:
        return True  # a record is a value, always true (as an attrs instance is): not an empty sequence test

    __add__ = __mul__ = __rmul__ = _not_sequence
    count = _Hidden()
    index = _Hidden()

    # equal to a record of the same type with equal fields only (never to a plain tuple: a tuple would
    # answer for itself, field by field, if this returned NotImplemented)
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return False if isinstance(other, tuple) else NotImplemented
        return _tuple_eq(self, other)

    def __ne__(self, other: object) -> bool:
        if type(other) is not type(self):
            return True if isinstance(other, tuple) else NotImplemented
        return _tuple_ne(self, other)

    def __lt__(self, other: object) -> bool:
        return NotImplemented

    __le__ = __gt__ = __ge__ = __lt__
    __hash__ = tuple.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        # pickle and copy rebuild the record from its values (read in C, past the switched-off iteration)
        return (type(self), _tuple_getitem(self, _ALL))

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
