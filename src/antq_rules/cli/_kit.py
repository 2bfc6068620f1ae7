"""The pack authors' commands: ``schema`` (JSON Schemas for editors) and ``test`` (pack test cases).

Registered on the main parser by :func:`register`; their messages live here, in both languages.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, TextIO

from antq_rules._text import Lang, Text
from antq_rules.cli._inputs import build_registry, pack_files, split_pack_ref
from antq_rules.errors import EvaluationError

__all__ = ["cmd_schema", "cmd_test", "register"]

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


H_TEST = Text(
    "chạy các ca kiểm thử của gói (tệp YAML 'schema: antq-rules/tests/v1', hoặc thư mục chứa chúng); "
    "mã thoát 0 khi mọi ca đạt, 1 khi có ca sai hoặc lỗi, 2 khi không có tệp nào",
    "run a pack's test cases (YAML files with 'schema: antq-rules/tests/v1', or folders holding them); "
    "exit 0 when every case passes, 1 when a case fails or is an error, 2 when there is no test file",
)
H_TEST_PATHS = Text("tệp hoặc thư mục ca kiểm thử", "test-case files or folders")
H_TEST_PACK = Text(
    "chạy các ca với gói này thay cho gói tệp ca ghi (mã gói hoặc tệp gói, ví dụ gói của tỉnh mở rộng gói quốc gia): "
    "ca nào đổi kết quả thì hiện là sai",
    "run the cases against this pack instead of the one the files name (an id or a pack file, e.g. a province "
    "overlay of the national pack): cases whose outcome changes show as failed",
)
H_TEST_VERBOSE = Text("liệt kê cả các ca đạt", "list the passing cases too")
H_TEST_FORMAT = Text("định dạng báo cáo", "report format")
H_SCHEMA_FORMAT = Text("luôn là json; nêu rõ thì lỗi cũng in dạng JSON", "always json; when given, errors are JSON too")
NO_TEST_FILES = Text("không tìm thấy tệp ca kiểm thử nào trong: {paths}", "no test-case file found in: {paths}")


def register(command: Callable[..., Any], t: Callable[[Text], str]) -> None:
    """Add ``schema`` and ``test`` to the parser (``command`` is the main parser's sub-command factory)."""
    schema = command("schema", H_SCHEMA, cmd_schema)
    schema.add_argument("what", choices=("pack", "input"), help=t(H_SCHEMA_WHAT))
    schema.add_argument("pack", nargs="?", default=None, metavar="PACK", help=t(H_SCHEMA_PACK))
    schema.add_argument("--subject", default=None, metavar="S", help=t(H_SCHEMA_SUBJECT))
    schema.add_argument("--format", choices=("json",), default=None, help=t(H_SCHEMA_FORMAT))
    test = command("test", H_TEST, cmd_test)
    test.add_argument("paths", nargs="+", metavar="PATH", help=t(H_TEST_PATHS))
    test.add_argument("--pack", default=None, metavar="PACK", help=t(H_TEST_PACK))
    test.add_argument("--verbose", "-v", action="store_true", help=t(H_TEST_VERBOSE))
    test.add_argument("--format", choices=("text", "json"), default="text", help=t(H_TEST_FORMAT))


def cmd_test(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    from antq_rules.packs import load_pack
    from antq_rules.packtests import find_test_files, render_results, run_file

    files = find_test_files(args.paths)
    if not files:
        return _usage(NO_TEST_FILES.format(paths=", ".join(args.paths)), lang, err, args.format == "json")
    registry = build_registry(pack_files(args))
    pack = None
    if args.pack is not None:
        if args.pack.lower().endswith((".yaml", ".yml", ".json")):
            pack = load_pack(args.pack, registry)
        else:
            pack_id, version = split_pack_ref(args.pack)
            pack = registry.get(pack_id, version)
    results = [r for f in files for r in run_file(f, registry, pack)]
    if args.format == "json":
        report = {
            "schema": "antq-rules/test-report/v1",
            "pack": pack.ref if pack is not None else None,
            "cases": [
                {
                    "file": r.file,
                    "id": r.id,
                    "line": r.line,
                    "status": r.status,
                    "differences": [{"what": w, "expected": e, "actual": a} for w, e, a in r.differences],
                    "problems": [p.to_dict() for p in r.problems],
                }
                for r in results
            ],
        }
        print(json.dumps(report, ensure_ascii=False, indent=2), file=out)
    else:
        print(render_results(results, lang, args.verbose), end="", file=out)
    return 0 if all(r.status == "passed" for r in results) else 1


def _usage(message: Text, lang: Lang, err: TextIO, as_json: bool, code: str = "usage") -> int:
    """A problem with what was asked (exit 2): the message, or the JSON error object."""
    if as_json:
        from antq_rules.cli._errors import error_payload

        print(json.dumps(error_payload(code, 2, message), ensure_ascii=False), file=err)
    else:
        print(message.get(lang), file=err)
    return 2


def cmd_schema(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    from antq_rules.schemas import input_schema, pack_schema

    if args.what == "pack":
        print(json.dumps(pack_schema(), ensure_ascii=False, indent=2), file=out)
        return 0
    as_json = args.format == "json"
    if args.pack is None:
        return _usage(NEEDS_PACK, lang, err, as_json)
    registry = build_registry(pack_files(args))
    pack_id, version = split_pack_ref(args.pack)
    try:
        pack = registry.get(pack_id, version)
    except EvaluationError as exc:
        return _usage(exc.message, lang, err, as_json, "evaluation_error")
    if args.subject is not None and args.subject not in pack.subjects:
        from antq_rules._suggest import did_you_mean

        text = UNKNOWN_SUBJECT.format(pack=pack.ref, subject=args.subject, known=", ".join(pack.subjects))
        hint = did_you_mean(args.subject, pack.subjects)
        return _usage(Text(text.vi + hint.vi, text.en + hint.en), lang, err, as_json)
    print(json.dumps(input_schema(pack, args.subject), ensure_ascii=False, indent=2), file=out)
    return 0
