"""``python -m antq_rules.reference PACK_ID_OR_FILE [--lang en] [--output FILE]``.

Writes the Markdown reference page of a pack (a shipped pack id such as ``vn.bca.tt124``, or the
path of a pack file) to standard output, or to ``--output``. The text is UTF-8 on every platform.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from antq_rules.errors import EvaluationError, PackError
from antq_rules.packs import Pack, PackRegistry, load_pack
from antq_rules.reference._markdown import render_pack_markdown


def _pack(ref: str, version: str | None) -> Pack:
    path = Path(ref)
    if path.suffix.lower() in (".yaml", ".yml") or path.exists():
        return load_pack(path)
    return PackRegistry.shipped().get(ref, version)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m antq_rules.reference",
        description="Render the Markdown reference page of a criteria pack "
        "(sinh trang tài liệu tham chiếu của một gói tiêu chí).",
    )
    parser.add_argument("pack", help="a shipped pack id (e.g. vn.bca.tt124) or a pack file (.yaml)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="page language (default: vi)")
    parser.add_argument("--pack-version", default=None, help="a version of a shipped pack (default: newest)")
    parser.add_argument("-o", "--output", default=None, help="write to this file instead of standard output")
    args = parser.parse_args(argv)
    try:
        pack = _pack(args.pack, args.pack_version)
    except (PackError, EvaluationError) as exc:
        msg = exc.render(args.lang) if isinstance(exc, PackError) else exc.message.get(args.lang)
        print(msg, file=sys.stderr)
        return 1
    text = render_pack_markdown(pack, args.lang)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8", newline="\n")
    else:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
