"""Lazy package exports: the one pattern that keeps ``import antq_rules`` fast.

A package's ``__init__`` names what it exports and the submodule that defines each name; the submodule
is imported the first time the name is read (PEP 562 module ``__getattr__``), then the value is kept in
the package's namespace. Type checkers see the same names through ``if TYPE_CHECKING:`` imports beside
the table, which is set only ``if not TYPE_CHECKING`` (so a misspelt name stays a type error). Heavy third-party libraries (pint, openpyxl, jinja2, rich …) are imported inside the
functions that use them. What is imported when is described in docs/api.md ("Start-up and the pack
cache").

>>> __getattr__, __dir__ = lazy_exports("antq_rules", {"Text": "antq_rules._text"})
>>> __getattr__("Text").__name__
'Text'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["OnFirstUse", "lazy_exports"]


def lazy_exports(package: str, where: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``where`` maps each exported name to its module."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            if name.startswith("_"):
                raise AttributeError(f"module {package!r} has no attribute {name!r}")
            # a subpackage read as an attribute (``antq_rules.packs.load_packs``): import it, as an eager
            # ``__init__`` would have
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # read once: later reads are plain attribute reads
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(where))

    return __getattr__, __dir__


class OnFirstUse(dict[Any, Any]):
    """A dict that builds a key's value the first time it is read (``build(key)``), then keeps it.

    Per-subject work of a pack (generated checks, programs) is done for the subjects a run meets, not for
    every subject when the pack is first used (a one-file evaluation meets one). With ``limit``, it keeps
    at most that many values and starts again when full (texts kept per value met, which a long run
    could grow without end).

    >>> built = OnFirstUse(str.upper)
    >>> built["kdc"], dict(built)
    ('KDC', {'kdc': 'KDC'})
    >>> kept = OnFirstUse(str.upper, limit=2)
    >>> kept["a"], kept["b"], kept["c"], dict(kept)
    ('A', 'B', 'C', {'c': 'C'})
    """

    def __init__(self, build: Callable[[Any], Any], limit: int | None = None) -> None:
        super().__init__()
        self._build = build
        self._limit = limit

    def __missing__(self, key: Any) -> Any:
        if self._limit is not None and len(self) >= self._limit:
            self.clear()
        value = self[key] = self._build(key)
        return value
