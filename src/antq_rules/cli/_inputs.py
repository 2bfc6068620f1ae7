"""What the commands share: the pack registry, choosing a unit's pack, ``--param`` values."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from antq_rules._text import Text
from antq_rules._yaml import YamlDocument, YamlProblems, parse_yaml
from antq_rules.cli import _messages as M
from antq_rules.engine import evaluate_validated, resolve_dependencies
from antq_rules.errors import EvaluationError, InputError, Problem
from antq_rules.inputs import InputDocument, UnitRef, parse_input, read_input_file, validate_input
from antq_rules.packs import Pack, PackRegistry, load_packs
from antq_rules.results import Result

__all__ = [
    "STDIN",
    "build_registry",
    "coerce_parameter",
    "evaluate_path",
    "pack_files",
    "read_stdin",
    "select_pack",
    "split_pack_ref",
]


STDIN = "-"
STDIN_NAME = "<stdin>"  # how problems in a document read from standard input name their file


def read_stdin(stream: BinaryIO | None = None) -> tuple[InputDocument, YamlDocument]:
    """A unit input document (YAML or JSON) read from standard input, bounded as files are."""
    from antq_rules._yaml import MAX_BYTES

    source = stream if stream is not None else sys.stdin.buffer
    raw = source.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        text = Text(f"đầu vào lớn hơn {MAX_BYTES} byte", f"input larger than {MAX_BYTES} bytes")
        raise InputError([Problem(text, file=STDIN_NAME)])
    try:
        ydoc = parse_yaml(raw, STDIN_NAME)
    except YamlProblems as exc:
        raise InputError(exc.problems) from None
    return parse_input(ydoc.data, ydoc, STDIN_NAME), ydoc


def pack_files(args: argparse.Namespace) -> list[str]:
    """The ``--pack-file`` values given before the command and after it, in that order."""
    return [*(getattr(args, "pack_files_global", None) or ()), *(getattr(args, "pack_files", None) or ())]


def build_registry(files: Sequence[str]) -> PackRegistry:
    """The shipped packs plus ``files``; a file replaces a shipped pack of the same ``id@version``.

    Overlays among ``files`` may extend shipped packs or each other. Every problem of every file is
    reported together (one :class:`PackError`).
    """
    unique: list[Path] = []
    for f in files:
        if Path(f).resolve() not in {p.resolve() for p in unique}:
            unique.append(Path(f))
    base = PackRegistry(PackRegistry.shipped())
    if not unique:
        return base
    return load_packs(unique, base, replace=True)


def split_pack_ref(ref: str) -> tuple[str, str | None]:
    """``"vn.bca.tt124@1.0.0"`` → ``("vn.bca.tt124", "1.0.0")``; no ``@`` means no version."""
    pack_id, sep, version = ref.partition("@")
    return pack_id, (version or None) if sep else None


def select_pack(registry: PackRegistry, doc: InputDocument, ydoc: YamlDocument | None, cli_pack: str | None) -> Pack:
    """The pack for an input document: the one it names, else ``--pack``; the version in force.

    Without an explicit version, the version in force on the last day of the unit's evaluation
    window is chosen (as :func:`antq_rules.evaluate_document` does); when none is in force the
    newest is used and input validation reports the year with its line.
    """
    pack_id, version = doc.pack, doc.pack_version
    if cli_pack is not None:
        cli_id, cli_version = split_pack_ref(cli_pack)
        if pack_id is not None and pack_id != cli_id:
            text = M.PACK_CONFLICT.format(doc=pack_id, cli=cli_id)
            if ydoc is not None:
                raise InputError([ydoc.problem(text, ["pack"])])
            raise InputError([Problem(text, field="pack")])
        pack_id = cli_id
        version = cli_version or version
    if pack_id is None:
        raise EvaluationError(M.NO_PACK)
    if version is not None or not registry.versions(pack_id):
        return registry.get(pack_id, version)  # an unknown pack raises, naming the known ones
    try:
        return registry.select(pack_id, None, doc.unit.subject, doc.year)
    except EvaluationError:
        return registry.get(pack_id)  # none in force: validation reports the year, with its line


def _scalar(raw: str) -> Any:
    """``raw`` read as a YAML scalar (strictly: no tags or anchors); unreadable text stays text."""
    if not raw.strip():
        return raw
    try:
        return parse_yaml(raw, "--param").data
    except YamlProblems:
        return raw


def coerce_parameter(pack: Pack, name: str, raw: str) -> tuple[Any, Problem | None]:
    """A ``--param NAME=VALUE`` value as the pack expects it, or the problem with it.

    Enum values are text (``'<'``, ``'<='`` …), booleans are YAML booleans, set values are comma
    lists (``a,b``) or YAML flow lists (``[a, b]``).
    """
    where = f"--param {name}"
    spec = pack.parameters.get(name)
    if spec is None:
        known = ", ".join(pack.parameters) or "—"
        return None, Problem(M.UNKNOWN_PARAM.format(name=name, known=known), field=where)
    choices = list(spec.choices or ())
    value: Any
    if spec.type == "set":
        parsed = _scalar(raw)
        items = parsed if isinstance(parsed, list) else raw.split(",")
        value = [str(x).strip() for x in items if str(x).strip()]
        ok = all(x in choices for x in value)
    elif spec.type == "boolean":
        value = _scalar(raw)
        ok = isinstance(value, bool)
        choices = ["true", "false"]
    else:
        parsed = _scalar(raw)
        value = parsed if isinstance(parsed, str) else raw.strip()
        ok = value in choices
    if not ok:
        text = M.BAD_PARAM_VALUE.format(value=repr(raw), choices=", ".join(choices))
        return None, Problem(text, field=where)
    return value, None


def evaluate_path(
    path: str,
    registry: PackRegistry,
    cli_pack: str | None = None,
    cli_params: Sequence[tuple[str, str]] = (),
) -> Result:
    """Read, validate and evaluate one unit input file (``-``: standard input); every input problem is
    reported together."""
    doc, ydoc = read_stdin() if path == STDIN else read_input_file(path)
    pack = select_pack(registry, doc, ydoc, cli_pack)
    params: dict[str, Any] = dict(doc.parameters)
    problems: list[Problem] = []
    for name, raw in cli_params:
        value, problem = coerce_parameter(pack, name, raw)
        if problem is not None:
            problems.append(problem)
        else:
            params[name] = value
    unit = UnitRef(doc.unit.id, doc.unit.subject, doc.unit.kind, doc.unit.name)
    try:
        validated = validate_input(
            pack, unit, doc.year, doc.indicators, doc.previous_year, doc.events, params, scores=doc.scores, doc=ydoc
        )
    except InputError as exc:
        raise InputError([*problems, *exc.problems]) from None
    if problems:
        raise InputError(problems)
    deps = resolve_dependencies(pack, unit, doc.year, doc.dependencies, registry)
    return evaluate_validated(pack, validated, deps)
