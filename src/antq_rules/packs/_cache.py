"""A cache of parsed pack files, so that loading the shipped packs does not parse their YAML again.

What is kept is data only, as JSON: the plain values a pack file's YAML reads as, the line and column of
each key (for error messages) and, once the pack has passed its schema, what the schema gave
(:mod:`antq_rules.packs._validated`). Nothing in it is ever run: the pack is compiled from this data
exactly as from the YAML, on every load. Parsing YAML is about 60 % of the time to load a pack; reading
the JSON is about a tenth of that. Reading the schema's result instead of checking again spares building
the schema's models (~0.1–0.2 s of every command).

- **Key**: SHA-256 of the pack file's bytes, the library version, the code that reads YAML, checks the
  schema, merges overlays and writes this cache, and pydantic's version (a change to any makes every entry stale; stale
  entries are never read).
- **Verified on load**: each entry starts with its key and the SHA-256 of its body. A truncated, tampered
  or corrupt entry (or one beyond the YAML reader's bounds on sizes and numbers) is ignored, deleted and
  rebuilt from the file. The positions of keys are only read when a problem is reported.
- **Where**: the user's cache folder (``platformdirs``; ``~/.cache/antq-rules/packs`` on Linux), or the
  folder ``ANTQ_RULES_CACHE_DIR`` names; ``ANTQ_RULES_CACHE_DIR=off`` turns the cache off. The folder is
  used only if it belongs to the user and others cannot write to it.
- **Writes** go to a temporary file renamed into place (``os.replace``): two processes writing the same
  entry at once leave one whole entry. A folder that cannot be written (read-only home) means no cache,
  never an error. At most :data:`MAX_ENTRIES` entries are kept (the oldest are removed).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from antq_rules._numbers import NumberBoundError
from antq_rules._yaml import MAX_BYTES, MAX_NODES, YamlDocument, parse_yaml
from antq_rules.packs._validated import SCALAR_TAGS, json_int, no_float, read_checked, tagged_scalar

__all__ = ["CACHE_ENV", "MAX_ENTRIES", "CachedPack", "cache_dir", "cached_pack", "parse_pack_yaml"]

CACHE_ENV = "ANTQ_RULES_CACHE_DIR"
MAX_ENTRIES = 256
_FORMAT = b"antq-rules-pack-cache/3"
_MAX_ENTRY_BYTES = 8 * MAX_BYTES  # JSON of a pack is about twice its YAML, positions included


class _Unusable(Exception):
    """An entry that cannot be used (corrupt, tampered, beyond bounds) or data that cannot be cached."""


def cache_dir() -> Path | None:
    """The cache folder in use, or None when the cache is off (``ANTQ_RULES_CACHE_DIR=off``)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off") else Path(chosen)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("antq-rules", appauthor=False)) / "packs"


class CachedPack:
    """A pack file's parsed YAML (:attr:`doc`) and, when an earlier load stored it, what its schema gave.

    :attr:`checked` is the :class:`~antq_rules.packs._validated.CheckedData` of the whole pack, or None;
    after the schema passes, :meth:`remember` stores the validated model for the next load.
    """

    __slots__ = ("_body", "_entry", "_folder", "_key", "checked", "doc")

    def __init__(
        self, doc: YamlDocument, checked: Any, folder: Path | None, entry: Path, key: str, body: bytes | None
    ) -> None:
        self.doc, self.checked = doc, checked
        # the entry's data and positions as stored (or as they would be): written again with the schema's
        # part, without encoding the document a second time
        self._folder, self._entry, self._key, self._body = folder, entry, key, body

    def remember(self, model: Any) -> None:
        """Store what the schema gave beside the parsed data: a validated PackModel, or an overlay's record
        (:func:`~antq_rules.packs._overlay.overlay_from_record`)."""
        if self.checked is not None or self._folder is None or self._body is None:
            return
        from antq_rules.packs._validated import Unstorable, dump_checked

        try:
            checked = dump_checked(model)
        except (Unstorable, ValueError, TypeError, RecursionError):
            return
        _store(self._folder, self._entry, self._key, self._body + b"\n" + checked.encode("utf-8"))


def cached_pack(raw: bytes, file: str) -> CachedPack:
    """A pack file's bytes parsed (:func:`~antq_rules._yaml.parse_yaml`), through the cache when usable."""
    folder = cache_dir()
    if folder is None:
        return CachedPack(parse_yaml(raw, file), None, None, Path(), "", None)
    key = hashlib.sha256(_code_fingerprint() + raw).hexdigest()
    entry = folder / f"{key}.json"
    found = _read(entry, key, file)
    if found is not None:
        doc, checked, body = found
        return CachedPack(doc, checked, folder, entry, key, body)
    doc = parse_yaml(raw, file)  # problems raise here: only documents that parse are kept
    return CachedPack(doc, None, folder, entry, key, _write(folder, entry, key, doc))


def parse_pack_yaml(raw: bytes, file: str) -> YamlDocument:
    """:func:`~antq_rules._yaml.parse_yaml` of a pack file's bytes, through the cache when one is usable."""
    return cached_pack(raw, file).doc


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """The library version and the source of the code whose output is cached (YAML reader, this module)."""
    from importlib.util import find_spec

    from antq_rules import __version__
    from antq_rules import _yaml as yaml_module

    digest = hashlib.sha256(_FORMAT + b"\0" + __version__.encode())
    here = Path(__file__).parent
    # pydantic's version file (found without importing pydantic: it names pydantic-core's version too)
    pydantic = find_spec("pydantic")
    pydantic_version = Path(str(pydantic.origin)).parent / "version.py" if pydantic and pydantic.origin else None
    checking = (here / "_schema.py", here / "_validated.py", here / "_overlay.py", pydantic_version)
    for module_file in (yaml_module.__file__, __file__, *checking):
        with contextlib.suppress(OSError):  # no source shipped: the version alone
            digest.update(Path(str(module_file)).read_bytes())
    return digest.digest()


# reading ------------------------------------------------------------------------------------------------


def _private_folder(folder: Path) -> bool:
    """The folder is the user's own and nobody else can write to it (POSIX; elsewhere: it exists)."""
    try:
        st = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid"):
        return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return True


def _read(entry: Path, key: str, file: str) -> tuple[YamlDocument, Any, bytes] | None:
    if not _private_folder(entry.parent):
        return None
    try:
        with open(entry, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            blob = fh.read(_MAX_ENTRY_BYTES + 1)
    except OSError:
        return None  # no entry yet (or unreadable): parse the YAML
    try:
        return _decode(blob, key, file)
    except _Unusable:
        _remove(entry)  # rebuilt by the caller
        return None


def _decode(blob: bytes, key: str, file: str) -> tuple[YamlDocument, Any, bytes]:
    """An entry is three or four lines: header (format, key, SHA-256 of the rest), the data, the positions
    and, once stored, what the schema gave. Also returns the data and positions lines as they are."""
    header, newline, rest = blob.partition(b"\n")
    if not newline or len(blob) > _MAX_ENTRY_BYTES:
        raise _Unusable
    if header != b" ".join((_FORMAT, key.encode(), hashlib.sha256(rest).hexdigest().encode())):
        raise _Unusable  # another key, another format, or a body that is not the one written
    body, newline, marks = rest.partition(b"\n")
    if not newline:
        raise _Unusable
    marks, _, stored = marks.partition(b"\n")
    try:
        data = json.loads(body, object_hook=_tagged, parse_int=json_int, parse_float=no_float, parse_constant=no_float)
        checked = read_checked(stored) if stored else None
    except (ValueError, TypeError, RecursionError, NumberBoundError):
        raise _Unusable from None
    doc = YamlDocument(data=data, file=file, marks=cast(Any, _Marks(marks)))
    return doc, checked, body + b"\n" + marks


def _tagged(obj: dict[str, Any]) -> Any:
    """A tagged value (``{"$decimal": "0.70"}``) back to its type; any other object stays a dict."""
    if len(obj) == 1:
        ((tag, text),) = obj.items()
        read = SCALAR_TAGS.get(tag)
        if read is not None:
            if not isinstance(text, str):
                raise _Unusable
            return read(text)
    return obj


class _Marks(Mapping[tuple[str | int, ...], tuple[int, int]]):
    """The line and column of each key, read from the entry when first asked (only problems ask)."""

    def __init__(self, stored: bytes) -> None:
        self._stored = stored
        self._index: dict[tuple[str | int, ...], tuple[int, int]] | None = None

    def _built(self) -> dict[tuple[str | int, ...], tuple[int, int]]:
        if self._index is None:
            try:
                rows = json.loads(self._stored)[:MAX_NODES]
                self._index = {tuple(r[2:]): (int(r[0]), int(r[1])) for r in rows}
            except (TypeError, ValueError, IndexError, KeyError, RecursionError):
                self._index = {}  # unreadable positions: problems are reported without a line
        return self._index

    def __getitem__(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        return self._built()[path]

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


# writing ------------------------------------------------------------------------------------------------


def _encode_value(value: Any) -> Any:
    tagged = tagged_scalar(value)
    if tagged is None:
        raise _Unusable  # a value the reader does not give: not cached
    return tagged


def _plain_keys(v: Any) -> None:
    """Refuse data whose own keys start with ``$`` (they would read as tags): such a file is not cached."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k.startswith("$"):
                raise _Unusable
            _plain_keys(x)
    elif isinstance(v, list):
        for x in v:
            _plain_keys(x)


def _body(doc: YamlDocument) -> bytes | None:
    """An entry's data and positions lines (JSON), or None for data the cache does not keep."""
    try:
        _plain_keys(doc.data)
        marks = [[line, column, *path] for path, (line, column) in doc.marks.items()]
        # one line each (JSON escapes line breaks inside strings)
        data = json.dumps(doc.data, default=_encode_value, ensure_ascii=False, separators=(",", ":"))
        where = json.dumps(marks, ensure_ascii=False, separators=(",", ":"))
    except (_Unusable, ValueError, TypeError, RecursionError):
        return None
    return data.encode("utf-8") + b"\n" + where.encode("utf-8")


def _write(folder: Path, entry: Path, key: str, doc: YamlDocument) -> bytes | None:
    """Store a parsed document's entry; its data and positions lines, or None if the cache does not keep it."""
    body = _body(doc)
    if body is not None:
        _store(folder, entry, key, body)
    return body


def _store(folder: Path, entry: Path, key: str, body: bytes) -> None:
    """Write an entry (header, then ``body``) atomically; a folder that cannot be written means no cache."""
    header = b" ".join((_FORMAT, key.encode(), hashlib.sha256(body).hexdigest().encode()))
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private_folder(folder):
            return
        import tempfile  # only when writing (~10 ms to import)

        fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(header + b"\n" + body)
            os.replace(temp, entry)  # atomic: readers see the old entry, or the whole new one
        except BaseException:
            _remove(Path(temp))
            raise
        _prune(folder)
    except OSError:
        return  # read-only or full: no cache, no error


def _prune(folder: Path) -> None:
    entries = list(folder.glob("*.json"))
    if len(entries) <= MAX_ENTRIES:
        return
    dated = []
    for p in entries:
        try:
            dated.append((p.stat().st_mtime, p))
        except OSError:
            continue
    for _, p in sorted(dated)[: len(dated) - MAX_ENTRIES]:
        _remove(p)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
