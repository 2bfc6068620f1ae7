"""The pack authors' commands: ``schema`` (JSON Schemas for editors) and ``test`` (pack test cases).

Registered on the main parser by :func:`register`; their messages live here, in both languages.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, TextIO

from antq_rules._text import Lang, Text
from antq_rules.cli._inputs import build_registry, split_pack_ref
from antq_rules.errors import EvaluationError

__all__ = ["cmd_schema", "register"]

H_SCHEMA = Text(
    "in JSON Schema (cho trình soạn thảo: yaml-language-server): 'pack' — định dạng gói (gói tiêu chí, gói của "
    "tỉnh, kế hoạch); 'input PACK' — tệp dữ liệu đầu vào của một đơn vị cho gói đó",
    "print a JSON Schema (for editors: yaml-language-server): 'pack' — the pack format (criteria pack, province "
    "overlay, plan); 'input PACK' — a unit's input file for that pack",
)
H_SCHEMA_WHAT = Text("'pack' hoặc 'input'", "'pack' or 'input'")
H_SCHEMA_PACK = Text("mã gói (với 'input'), ví dụ vn.bca.tt124", "a pack id (with 'input'), e.g. vn.bca.tt124")
H_SCHEMA_SUBJECT = Text(
    "chỉ các chỉ số của loại đơn vị này (ví dụ kdc)", "only the indicators of this subject (e.g. kdc)"
)
NEEDS_PACK = Text(
    "'schema input' cần mã gói, ví dụ: antq-rules schema input vn.bca.tt124",
    "'schema input' needs a pack id, e.g.: antq-rules schema input vn.bca.tt124",
)
UNKNOWN_SUBJECT = Text(
    "gói {pack} không có loại đơn vị '{subject}' (có: {known})",
    "pack {pack} has no subject '{subject}' (it has: {known})",
)


def register(command: Callable[..., Any], t: Callable[[Text], str]) -> None:
    """Add ``schema`` to the parser (``command`` is the main parser's sub-command factory)."""
    schema = command("schema", H_SCHEMA, cmd_schema)
    schema.add_argument("what", choices=("pack", "input"), help=t(H_SCHEMA_WHAT))
    schema.add_argument("pack", nargs="?", default=None, metavar="PACK", help=t(H_SCHEMA_PACK))
    schema.add_argument("--subject", default=None, metavar="S", help=t(H_SCHEMA_SUBJECT))


def cmd_schema(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    from antq_rules.schemas import input_schema, pack_schema

    if args.what == "pack":
        print(json.dumps(pack_schema(), ensure_ascii=False, indent=2), file=out)
        return 0
    if args.pack is None:
        print(NEEDS_PACK.get(lang), file=err)
        return 2
    registry = build_registry(
        [*(getattr(args, "pack_files_global", None) or ()), *(getattr(args, "pack_files", None) or ())]
    )
    pack_id, version = split_pack_ref(args.pack)
    try:
        pack = registry.get(pack_id, version)
    except EvaluationError as exc:
        print(exc.message.get(lang), file=err)
        return 2
    if args.subject is not None and args.subject not in pack.subjects:
        known = ", ".join(pack.subjects)
        print(UNKNOWN_SUBJECT.get(lang).format(pack=pack.ref, subject=args.subject, known=known), file=err)
        return 2
    print(json.dumps(input_schema(pack, args.subject), ensure_ascii=False, indent=2), file=out)
    return 0
