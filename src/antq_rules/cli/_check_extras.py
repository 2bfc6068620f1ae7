"""``antq-rules check``: lint warnings (``--strict`` makes them fail) and ``--properties``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, TextIO

from antq_rules._text import Lang, Text
from antq_rules.packs import Pack

__all__ = ["add_check_options", "check_report", "lint_and_properties"]

H_PROPERTIES = Text(
    "chạy thêm các thuộc tính kiểm thử (Hypothesis) trên gói: tất định, không nới lỏng gói quốc gia, "
    "điểm và mức nhất quán, JSON giữ nguyên (cần: pip install 'antq-rules[testing]')",
    "also run the property tests (Hypothesis) on the pack: deterministic, never looser than the national "
    "pack, consistent points and levels, exact JSON round trip (needs: pip install 'antq-rules[testing]')",
)
H_EXAMPLES = Text(
    "số đầu vào sinh ra cho mỗi thuộc tính và mỗi đối tượng (mặc định 100)",
    "inputs drawn per property and subject (default 100)",
)
H_STRICT = Text("coi cảnh báo là lỗi (mã thoát 1)", "treat warnings as errors (exit code 1)")
H_SHRINK = Text(
    "khi một thuộc tính sai, tìm đầu vào nhỏ nhất làm nó sai (chậm hơn)",
    "when a property fails, look for the smallest failing input (slower)",
)
WARNINGS = Text("Cảnh báo ({n}):", "Warnings ({n}):")
PROPS_HEAD = Text("Thuộc tính của {ref}:", "Properties of {ref}:")
STATUS = {
    "passed": Text("đúng", "holds"),
    "failed": Text("SAI", "FAILS"),
    "skipped": Text("bỏ qua", "skipped"),
}
EXAMPLES = Text("{n} đầu vào", "{n} inputs")
NO_HYPOTHESIS = Text(
    "--properties cần Hypothesis: pip install 'antq-rules[testing]'",
    "--properties needs Hypothesis: pip install 'antq-rules[testing]'",
)


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= n <= 100_000:
        raise argparse.ArgumentTypeError(f"must be between 1 and 100000: {n}")
    return n


def add_check_options(check: argparse.ArgumentParser, lang: Lang) -> None:
    check.add_argument("--strict", action="store_true", help=H_STRICT.get(lang))
    check.add_argument("--properties", action="store_true", help=H_PROPERTIES.get(lang))
    check.add_argument("--examples", type=_positive, default=100, metavar="N", help=H_EXAMPLES.get(lang))
    check.add_argument("--shrink", action="store_true", help=H_SHRINK.get(lang))


def lint_and_properties(pack: Pack, file: str, args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    """Print the lint warnings of ``file`` (stderr) and, with ``--properties``, each property's outcome
    (stdout); the exit code: 1 if a property fails, or if there is a warning under ``--strict``."""
    from antq_rules._yaml import parse_yaml, read_bounded
    from antq_rules.packs._lint import lint_pack

    code = 0
    warnings = lint_pack(pack, parse_yaml(read_bounded(file), file))
    if warnings:
        print(WARNINGS.get(lang).format(n=len(warnings)), file=err)
        for w in warnings:
            print(f"  - {w.render(lang)}", file=err)
        if getattr(args, "strict", False):
            code = 1
    if not getattr(args, "properties", False):
        return code
    try:
        from antq_rules.testing import check_properties
    except ImportError:
        print(NO_HYPOTHESIS.get(lang), file=err)
        return 1
    results = check_properties(pack, examples=getattr(args, "examples", 100), shrink=getattr(args, "shrink", False))
    print(PROPS_HEAD.get(lang).format(ref=pack.ref), file=out)
    for r in results:
        where = f" [{r.subject}]" if r.subject else ""
        line = f"  {STATUS[r.status].get(lang)}: {r.title.get(lang)}{where}"
        if r.status == "passed":
            line += f" ({EXAMPLES.get(lang).format(n=r.examples)})"
        elif r.status == "skipped" and r.reason is not None:
            line += f" — {r.reason.get(lang)}"
        print(line, file=out)
        if r.failure is not None:
            for text in r.failure.render(lang).splitlines():
                print(f"      {text}", file=out)
            code = 1
    return code


def check_report(args: argparse.Namespace, is_plan: Callable[[str], bool]) -> tuple[dict[str, Any], int]:
    """``check --format json``: one entry per file (``ok``, what it is, its problems, its lint warnings and,
    with ``--properties``, each property's outcome) and the exit code the text form would give."""
    from antq_rules._yaml import parse_yaml, read_bounded
    from antq_rules.errors import PackError
    from antq_rules.packs._lint import lint_pack
    from antq_rules.packs._registry import packs_loading_together

    files: list[str] = list(args.files)
    together, refused = packs_loading_together([f for f in files if not is_plan(f)])
    entries: list[dict[str, Any]] = []
    code = 0
    for f in files:
        entry: dict[str, Any] = {"file": f, "ok": True, "kind": "pack", "ref": None, "problems": [], "warnings": []}
        entries.append(entry)
        try:
            if is_plan(f):
                from antq_rules.plans import load_plan

                plan = load_plan(f)
                entry.update(kind="plan", ref=plan.ref, targets=len(plan.targets))
                continue
            if f in refused:
                raise refused[f]
            pack = together[f]
        except PackError as exc:
            entry.update(ok=False, problems=[p.to_dict() for p in exc.problems])
            code = 1
            continue
        entry.update(ref=pack.ref, criteria=len(pack.criteria))
        if pack.levels:
            entry.update(items=len(pack.items) + len(pack.adjustments), levels=len(pack.levels), slots=len(pack.slots))
        warnings = lint_pack(pack, parse_yaml(read_bounded(f), f))
        entry["warnings"] = [w.to_dict() for w in warnings]
        if warnings and getattr(args, "strict", False):
            code = 1
        if getattr(args, "properties", False):
            from antq_rules.testing import check_properties

            outcomes = check_properties(
                pack, examples=getattr(args, "examples", 100), shrink=getattr(args, "shrink", False)
            )
            entry["properties"] = [
                {
                    "name": r.name,
                    "title": r.title.to_dict(),
                    "subject": r.subject,
                    "status": r.status,
                    "examples": r.examples,
                    "reason": r.reason.to_dict() if r.reason is not None else None,
                    "failure": r.failure.render("en") if r.failure is not None else None,
                }
                for r in outcomes
            ]
            if any(r.status == "failed" for r in outcomes):
                code = 1
    return {"schema": "antq-rules/check-report/v1", "files": entries}, code
