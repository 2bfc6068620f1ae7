"""Strict YAML reading for untrusted documents (packs and unit inputs).

Refuses anchors, aliases and custom tags, duplicate keys, over-deep nesting and over-large files; reads
decimal numbers exactly; remembers the line and column of every key so errors can say where they are.

>>> doc = parse_yaml("a:\\n  b: 0.70\\n", "x.yaml")
>>> doc.data["a"]["b"], doc.line_of(("a", "b"))
(Decimal('0.70'), 2)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from antq_rules._numbers import MAX_NUMBER_TEXT, NumberBoundError, bounded_decimal, check_magnitude
from antq_rules._text import Text
from antq_rules.errors import Problem

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "YamlDocument", "parse_yaml", "read_bounded"]

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40
# Keys, values, lists and maps of one document. 4 MiB of tiny nodes ("[0,0,0,…]") would be 2 million of
# them: about 35 s and 1.3 GB to build; the scan that counts them stops here after ~0.35 s. A pack of
# 10,000 criteria (packs._compile.MAX_CRITERIA) or an input of 20,000 events fits.
MAX_NODES = 300_000

_STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}

_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}

Path = tuple[str | int, ...]


@attrs.frozen
class YamlDocument:
    """Plain Python data read from YAML, plus where each key and item stands."""

    data: Any
    file: str
    marks: dict[Path, tuple[int, int]]

    def line_of(self, path: Sequence[str | int]) -> int | None:
        mark = self.locate(path)
        return mark[0] if mark else None

    def locate(self, path: Sequence[str | int]) -> tuple[int, int] | None:
        """Line and column of the deepest known part of ``path``."""
        p = tuple(path)
        while p:
            if p in self.marks:
                return self.marks[p]
            p = p[:-1]
        return self.marks.get(())

    def problem(self, message: Text, path: Sequence[str | int]) -> Problem:
        mark = self.locate(path)
        return Problem(
            message,
            file=self.file,
            line=mark[0] if mark else None,
            column=mark[1] if mark else None,
            field=format_path(path) or None,
        )


def format_path(path: Sequence[str | int]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_FastLoader: Any = getattr(yaml, "CSafeLoader", None)


# Without libyaml, PyYAML's pure-Python loader; anchors, tags and depth are refused beforehand by
# _scan_events in both cases.
_StrictLoader = yaml.SafeLoader


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.marks: dict[Path, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def _problem(self, node: Node, vi: str, en: str, path: Path) -> None:
        self.problems.append(
            Problem(
                Text(vi, en),
                file=self.file,
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                field=format_path(path) or None,
            )
        )

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        # libyaml resolves an alias to the very node it names: seeing a node twice means an alias
        if id(node) in self.seen:
            self._problem(
                node, "không được dùng neo/bí danh YAML (& và *)", "anchors and aliases are not allowed", path
            )
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self._problem(node, f"lồng nhau quá {MAX_DEPTH} cấp", f"nested deeper than {MAX_DEPTH}", path)
            return None
        if node.tag not in _STANDARD_TAGS:
            self._problem(node, f"thẻ YAML không được phép: {node.tag}", f"YAML tag not allowed: {node.tag}", path)
            return None
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self._problem(key_node, "khoá phải là giá trị đơn", "a key must be a scalar", path)
                    continue
                key = str(key_node.value)
                child = (*path, key)
                if key in out:
                    self._problem(key_node, f"khoá trùng lặp '{key}'", f"duplicate key '{key}'", child)
                    continue
                self.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                out[key] = self.build(value_node, child, depth + 1)
                self.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_TEXT:
            # a number is looked at before it is computed: 0x<a million digits> is refused unread
            self._problem(
                node,
                f"số quá dài ({len(node.value)} ký tự, tối đa {MAX_NUMBER_TEXT})",
                f"number too long ({len(node.value)} characters, at most {MAX_NUMBER_TEXT})",
                path,
            )
            return None
        if node.tag == "tag:yaml.org,2002:float":
            try:
                value = Decimal(node.value.replace("_", ""))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                self._problem(node, f"số không hợp lệ: {node.value}", f"invalid number: {node.value}", path)
                return None
            try:
                bounded_decimal(value)
            except NumberBoundError as exc:
                self._problem(node, exc.text.vi, exc.text.en, path)
                return None
            return value
        try:
            value = self.constructor.construct_object(node)
            if node.tag == "tag:yaml.org,2002:int":
                check_magnitude(value)
            return value
        except NumberBoundError as exc:
            self._problem(node, exc.text.vi, exc.text.en, path)
            return None
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError, yaml.YAMLError):
            self._problem(node, f"giá trị không hợp lệ: {node.value!r}", f"invalid value: {node.value!r}", path)
            return None


_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)


def _scan_events(decoded: str, file: str) -> list[Problem]:
    """Refuse anchors, aliases, custom tags (keys included), deep nesting and too many nodes before composing."""
    problems: list[Problem] = []
    depth = 0
    parse_loader = _FastLoader if _FastLoader is not None else yaml.SafeLoader

    def add(event: Any, vi: str, en: str) -> None:
        mark = event.start_mark
        problems.append(Problem(Text(vi, en), file=file, line=mark.line + 1, column=mark.column + 1))

    nodes = 0
    for event in yaml.parse(decoded, Loader=parse_loader):
        if isinstance(event, _NODE_EVENTS):
            nodes += 1
            if nodes > MAX_NODES:
                add(
                    event,
                    f"tệp có quá {MAX_NODES} nút YAML (khoá, giá trị, danh sách, bảng)",
                    f"more than {MAX_NODES} YAML nodes (keys, values, lists, mappings) in the file",
                )
                break
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            add(event, "không được dùng neo/bí danh YAML (& và *)", "anchors and aliases are not allowed")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _STANDARD_TAGS and tag != "!":
            add(event, f"thẻ YAML không được phép: {tag}", f"YAML tag not allowed: {tag}")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                add(event, f"lồng nhau quá {MAX_DEPTH} cấp", f"nested deeper than {MAX_DEPTH}")
                break
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if len(problems) >= 50:
            break
    return problems


def read_bounded(path: str | os.PathLike[str], file: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, reading no more than ``limit + 1``.

    A device, a pipe or a folder (``/dev/zero``, ``/dev/stdin`` …) is refused before anything is read,
    and a file that grows while it is read is cut off at ``limit + 1`` bytes and refused: memory stays
    bounded whatever the path names. Raises :class:`YamlProblems` (one problem) for those two cases and
    ``OSError`` when the file cannot be opened.
    """
    shown = str(path) if file is None else file
    not_regular = YamlProblems([Problem(Text("không phải tệp thông thường", "not a regular file"), file=shown)])
    try:
        # non-blocking: opening a named pipe must not wait for a writer (no effect on a regular file)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise not_regular from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise not_regular
    with os.fdopen(fd, "rb") as fh:
        raw = fh.read(limit + 1)
    if len(raw) > limit:
        raise YamlProblems([Problem(Text(f"tệp lớn hơn {limit} byte", f"file larger than {limit} bytes"), file=shown)])
    return raw


def parse_yaml(text: str | bytes, file: str) -> YamlDocument:
    """Parse one YAML document strictly; raise :class:`~antq_rules.errors.PackError`-style problems.

    Returns the document; raises :class:`YamlProblems` listing every problem found.
    """
    raw = text.encode("utf-8") if isinstance(text, str) else text
    if len(raw) > MAX_BYTES:
        raise YamlProblems(
            [Problem(Text(f"tệp lớn hơn {MAX_BYTES} byte", f"file larger than {MAX_BYTES} bytes"), file=file)]
        )
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblems(
            [
                Problem(
                    Text(f"tệp không phải UTF-8 ({exc.reason})", f"file is not UTF-8 ({exc.reason})"),
                    file=file,
                    line=line,
                    column=column,
                )
            ]
        ) from None
    # libyaml (C) when available: ~10× faster on large packs
    loader = _FastLoader(decoded) if _FastLoader is not None else _StrictLoader(decoded)
    try:
        early = _scan_events(decoded, file)
        if early:
            raise YamlProblems(early)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = exc.problem or str(exc)
        raise YamlProblems(
            [
                Problem(
                    Text(f"YAML không hợp lệ: {msg}", f"invalid YAML: {msg}"),
                    file=file,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ]
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblems([Problem(Text(f"YAML không hợp lệ: {exc}", f"invalid YAML: {exc}"), file=file)]) from None
    finally:
        loader.dispose()
    if node is None:
        raise YamlProblems([Problem(Text("tệp rỗng", "empty file"), file=file)])
    builder = _Builder(file)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise YamlProblems(builder.problems)
    return YamlDocument(data=data, file=file, marks=builder.marks)


class YamlProblems(Exception):
    """Raised by :func:`parse_yaml`; callers wrap the problems in their own error type."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.render("en") for p in problems))
