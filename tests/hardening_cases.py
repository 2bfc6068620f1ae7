"""The reproducers of issue 13 (hostile packs, inputs and calls), as plain functions.

Each case either returns (a result) or raises one of the library's errors. They are run in a child
process with bounded time and memory by ``tests/test_hardening.py`` (a reintroduced hang then fails
one test instead of stalling the suite), and the fuzz tests reuse the runner.

Run one by hand: ``python tests/hardening_cases.py pack_expr_huge_exponent``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
KDC = {"id": "U1", "subject": "kdc", "kind": "thon"}
GOOD = {"resident": 10, "registered": 10, "reg_date": "2026-02-01", "crimes": 2, "rating": "mid"}

CASES: dict[str, Callable[[], Any]] = {}
LAST_STDERR = [""]


def case(fn: Callable[[], Any]) -> Callable[[], Any]:
    CASES[fn.__name__] = fn
    return fn


def mini_text() -> str:
    return (FIXTURES / "mini.yaml").read_text(encoding="utf-8")


VIA_CLI = [False]  # the pack cases through 'antq-rules check FILE' instead of the API


def load_text(text: str, name: str = "hostile.yaml") -> Any:
    from antq_rules.packs import load_pack_text

    if not VIA_CLI[0]:
        return load_pack_text(text, name)
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        return _cli("check", _input_file(Path(tmp), name, text))


def load_edited(old: str, new: str) -> Any:
    text = mini_text()
    assert text.count(old) == 1, old
    return load_text(text.replace(old, new))


def mini_evaluate(**indicators: Any) -> Any:
    from antq_rules import evaluate
    from antq_rules.packs import load_pack

    return evaluate(load_pack(FIXTURES / "mini.yaml"), KDC, 2026, {**GOOD, **indicators}, {"crimes": 3})


_CHECK = 'check: "ratio(registered, resident) >= law.share and date_in(reg_date, window.q1)"'
_VALUE = "share: {value: 100%,"
_MIN = "resident: {type: integer, unit: household, min: 0,"


def _expr(expr: str) -> Callable[[], Any]:
    return lambda: load_edited(_CHECK, f'check: "{expr}"')


# -- hangs and unbounded memory: numbers in pack expressions ------------------------------------------
for _name, _e in {
    "pack_expr_huge_exponent": "resident < 1e999999999",
    "pack_expr_tiny_exponent": "resident < 1e-999999999",
    "pack_expr_pct_huge": "ratio(registered, resident) >= pct(1e999999999)",
    "pack_expr_list_huge": "resident in [1e999999999]",
    "pack_expr_is": "resident is 1",
    "pack_expr_is_not": "resident is not 1",
    "pack_expr_pct_bool": "ratio(registered, resident) >= pct(True)",  # found by the fuzz tests
}.items():
    CASES[_name] = _expr(_e)


@case
def pack_value_huge_exponent() -> Any:
    return load_edited(_VALUE, "share: {value: 1.0e+999999999,")


@case
def pack_value_tiny_exponent() -> Any:
    return load_edited(_VALUE, "share: {value: 1.0e-999999999,")


@case
def pack_indicator_min_huge_exponent() -> Any:
    return load_edited(_MIN, "resident: {type: integer, unit: household, min: 1.0e+999999999,")


@case
def pack_min_million_hex_digits() -> Any:
    return load_edited(_MIN, "resident: {type: integer, unit: household, min: 0x" + "f" * 1_000_000 + ",")


@case
def pack_value_percent_5000_digits() -> Any:
    return load_edited(_VALUE, "share: {value: '" + "9" * 5000 + "%',")


@case
def pack_unit_power_tower() -> Any:
    return load_edited(
        'unit: household, min: 0, description: {vi: "hộ cư trú"',
        'unit: "household * 9**9**9", min: 0, description: {vi: "hộ cư trú"',
    )


@case
def pack_unit_huge_factor() -> Any:
    return load_edited(
        'unit: household, min: 0, description: {vi: "hộ cư trú"',
        'unit: "1e999999999 * household", min: 0, description: {vi: "hộ cư trú"',
    )


@case
def pack_unit_deep_brackets() -> Any:
    unit = "(" * 3000 + "household" + ")" * 3000
    return load_edited(
        'unit: household, min: 0, description: {vi: "hộ cư trú"',
        f'unit: "{unit}", min: 0, description: {{vi: "hộ cư trú"',
    )


@case
def pack_unit_import() -> Any:
    return load_edited(
        'unit: household, min: 0, description: {vi: "hộ cư trú"',
        'unit: "__import__(\'os\')", min: 0, description: {vi: "hộ cư trú"',
    )


@case
def pack_two_million_nodes() -> Any:
    return load_text(mini_text() + "bogus: [" + ",".join(["0"] * 2_000_000) + "]\n", "nodes.yaml")


@case
def overlay_value_huge_exponent() -> Any:
    text = (FIXTURES.parent.parent / "packs" / "examples" / "tinh-mau-tt124.yaml").read_text(encoding="utf-8")
    import re

    text, n = re.subn(r"(\n +value: )[^\n]+", r"\g<1>1.0e+999999999", text, count=1)
    assert n == 1
    return load_text(text, "overlay.yaml")


# -- hangs: inputs --------------------------------------------------------------------------------------
for _name, _v in {
    "input_power_tower_unit": "9**9**9 household",
    "input_huge_exponent_unit": "1e999999999 household",
    "input_object_huge_exponent": {"value": Decimal("1.0e+999999999"), "unit": "household"},
    "input_object_tiny_exponent": {"value": Decimal("1.0e-999999999"), "unit": "household"},
    "input_decimal_tiny": Decimal("1e-999999999"),
    "input_decimal_huge": Decimal("1e+999999999"),
    "input_decimal_snan": Decimal("sNaN"),
    "input_int_5000_digits": 10**5000,
    "input_float_huge": 1e308,
    "input_text_5000_digits": "9" * 5000,
}.items():
    CASES[_name] = lambda v=_v: mini_evaluate(resident=v, registered=1)


@case
def input_scores_tiny_points() -> Any:
    from antq_rules import evaluate
    from antq_rules.packs import load_pack

    pack = load_pack(FIXTURES / "scoring" / "base.yaml")
    return evaluate(pack, KDC, 2026, {}, scores={"S.3": {"points": Decimal("1e-999999999"), "reason": "x"}})


def _input_file(tmp: Path, name: str, text: str) -> str:
    p = tmp / name
    p.write_text(text, encoding="utf-8")
    return str(p)


def _cli(*args: str) -> int:
    import contextlib
    import io

    from antq_rules.cli import main

    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = main([*args, "--lang", "en"])
    LAST_STDERR[0] = err.getvalue()
    return code


def _input_doc(value: str) -> str:
    return (
        "schema: antq-rules/input/v1\npack: test.mini\nyear: 2026\n"
        "unit: {id: U1, subject: kdc, kind: thon}\n"
        f"indicators: {{resident: {value}, registered: 1}}\n"
    )


def _cli_input(value: str, command: str = "evaluate", *extra: str) -> Any:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = _input_file(Path(tmp), "in.yaml", _input_doc(value))
        return _cli(command, path, "--pack-file", str(FIXTURES / "mini.yaml"), *extra)


for _name, _v in {
    "cli_input_power_tower": '"9**9**9 household"',
    "cli_input_huge_exponent_text": '"1e999999999 household"',
    "cli_input_object_huge": "{value: 1.0e+999999999, unit: household}",
    "cli_input_object_tiny": "{value: 1.0e-999999999, unit: household}",
    "cli_input_float_huge": "1.0e+999999999",
    "cli_input_float_5000": "1.0e+5000",
    "cli_input_hex_5000": "0x" + "f" * 5000,
}.items():
    CASES[_name] = lambda v=_v: _cli_input(v)
for _fmt in ("json", "text", "table"):
    CASES[f"cli_input_float_5000_{_fmt}"] = lambda f=_fmt: _cli_input("1.0e+5000", "evaluate", "--format", f)
CASES["cli_input_float_5000_explain"] = lambda: _cli_input("1.0e+5000", "explain")


@case
def cli_evaluate_dev_zero() -> Any:
    return _cli("evaluate", "/dev/zero")


@case
def cli_check_dev_zero() -> Any:
    return _cli("check", "/dev/zero")


@case
def cli_json_nested_deep() -> Any:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = _input_file(Path(tmp), "deep.json", "[" * 5000 + "]" * 5000)
        return _cli("evaluate", path)


def _via_cli(fn: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        VIA_CLI[0] = True
        try:
            return fn()
        finally:
            VIA_CLI[0] = False

    return run


for _name in [n for n in CASES if n.startswith(("pack_", "overlay_"))]:
    CASES["cli_check_" + _name] = _via_cli(CASES[_name])


# -- the runner ----------------------------------------------------------------------------------------


def machine_reference_us() -> float:
    """CPU microseconds per ``sum(range(1000))`` here (the benchmarks' machine reference figure)."""
    start, n = time.process_time(), 0
    while time.process_time() - start < 0.2:
        sum(range(1000))
        n += 1
    return (time.process_time() - start) / n * 1e6


def run(names: list[str]) -> dict[str, dict[str, Any]]:
    """Run the named cases here; per case: outcome (result, an error class name, or CRASH …) and seconds."""
    from antq_rules.errors import AntqError

    out: dict[str, dict[str, Any]] = {}
    for name in names:
        start, cpu = time.perf_counter(), time.process_time()
        LAST_STDERR[0] = message = ""
        try:
            got = CASES[name]()
            outcome = f"exit {got}" if isinstance(got, int) else "result"
            message = LAST_STDERR[0]
        except AntqError as exc:
            outcome, message = type(exc).__name__, exc.render("en")
        except Exception as exc:  # what the tests look for: anything but a result or the library's error
            outcome = f"CRASH {type(exc).__name__}: {str(exc)[:200]}"
        out[name] = {
            "outcome": outcome,
            "message": message[:600],
            "seconds": time.perf_counter() - start,
            "cpu": time.process_time() - cpu,
        }
    out["_machine"] = {"outcome": "", "message": "", "seconds": machine_reference_us(), "cpu": 0.0}
    out["_peak_mb"] = {
        "outcome": "",
        "message": "",
        "seconds": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    return out


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1:] or sorted(CASES)), indent=1))
