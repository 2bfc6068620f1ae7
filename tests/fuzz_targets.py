"""Fuzz targets (Hypothesis) over pack text, expressions, unit strings, numbers and input documents.

Each target runs inside a child process with bounded memory and time (``tests/test_fuzz.py`` starts it;
see ``tests/_bounded.py``). For every generated example the outcome must be a result or one of the
library's errors (``AntqError``; for the lower-level readers their documented ``ValueError``), within
``PER_EXAMPLE_CPU`` seconds of CPU time. Before each example its text is written to the file named by
``ANTQ_FUZZ_TRACE``, so an example that hangs (and gets the child killed) is still known.

Run one target by hand: ``python tests/fuzz_targets.py expressions 500``.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIXTURES = Path(__file__).parent / "fixtures"
PER_EXAMPLE_CPU = 1.0  # seconds: the bound for any pack or input
KDC = {"id": "U1", "subject": "kdc", "kind": "thon"}

# -- strategies ----------------------------------------------------------------------------------------

_DIGITS = st.text("0123456789", min_size=1, max_size=12)
number_text = st.one_of(
    st.builds(lambda a, b: f"{a}.{b}", _DIGITS, _DIGITS),
    st.builds(lambda a, s, e: f"{a}e{s}{e}", _DIGITS, st.sampled_from(["", "+", "-"]), st.integers(0, 10**10)),
    st.builds(lambda n: "9" * n, st.integers(1, 6000)),
    st.builds(lambda n: "0x" + "f" * n, st.integers(1, 6000)),
    st.sampled_from(["nan", "inf", "-inf", "1_000", "0b101", "0o17", "1/3", "١٢٣", "12,5", "1.234,5", "-0", "+.5"]),
    _DIGITS,
)
unit_text = st.one_of(
    st.sampled_from(["household", "households", "%", "ratio", "percent", "person", "‰", "permille"]),
    st.sampled_from(["9**9**9", "__import__('os')", "household * 9**9**9", "1e999999999 * household", "m", "kg"]),
    st.builds(lambda n: "(" * n + "household" + ")" * n, st.integers(1, 4000)),
    st.text(max_size=40),
)
quantity_text = st.builds(lambda n, sp, u: f"{n}{sp}{u}", number_text, st.sampled_from(["", " ", "  "]), unit_text)
_NAMES = [
    "resident",
    "registered",
    "crimes",
    "rating",
    "reg_date",
    "ｒesident",
    "law.share",
    "param.op",
    "x",
    "__class__",
]
_OPS = ["<", "<=", "==", "!=", ">", ">=", " is ", " is not ", " in ", " and ", " or ", "+", "-", "*", "/", "**", "%"]
expression_atom = st.one_of(
    st.sampled_from(_NAMES), number_text, st.sampled_from(["'mid'", "[1, 2]", "pct(70)", "True"])
)
expression_text = st.one_of(
    st.builds(
        lambda parts, ops: "".join(p + o for p, o in zip(parts, ops, strict=False)) + parts[-1],
        st.lists(expression_atom, min_size=1, max_size=6),
        st.lists(st.sampled_from(_OPS), min_size=0, max_size=6),
    ),
    st.builds(
        lambda f, a: f"{f}({a})",
        st.sampled_from(["ratio", "pct", "max", "min", "abs", "count_events", "prev", "eval", "open"]),
        expression_atom,
    ),
    st.builds(lambda n: "(" * n + "resident" + ")" * n, st.integers(1, 300)),
    st.text(max_size=80),
)
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    number_text,
    quantity_text,
    st.text(max_size=30),
    st.builds(lambda n, u: {"value": n, "unit": u}, st.one_of(number_text, st.decimals()), unit_text),
)
json_tree = st.recursive(
    json_scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=12,
)
yaml_snippet = st.one_of(
    st.builds(lambda v: f"value: {v}", number_text),
    st.builds(lambda v: f"min: {v}", number_text),
    st.builds(lambda u: f'unit: "{u}"', unit_text.filter(lambda u: '"' not in u and "\\" not in u)),
    st.builds(lambda e: f'check: "{e}"', expression_text.filter(lambda e: '"' not in e and "\\" not in e)),
    st.builds(lambda n: "[" * n + "]" * n, st.integers(1, 200)),
    st.sampled_from(["&a x", "*a", "!!python/object:os.system", "? [a]\n: b", "<<: {a: 1}", "\t", "---\n---", ""]),
    st.text(max_size=60),
)


# -- the bounded runner of one example ---------------------------------------------------------------------


def _library_errors() -> tuple[type[BaseException], ...]:
    from antq_rules.errors import AntqError

    return (AntqError,)


def bounded(label: str, example: Any, call: Callable[[], Any], allowed: tuple[type[BaseException], ...] = ()) -> None:
    """Run ``call`` once: it must return or raise an allowed error, within PER_EXAMPLE_CPU of CPU time."""
    trace = os.environ.get("ANTQ_FUZZ_TRACE")
    if trace:
        Path(trace).write_text(f"{label}: {example!r}"[:5000], encoding="utf-8")
    start = time.process_time()
    try:
        call()
    except (*_library_errors(), *allowed):
        pass
    spent = time.process_time() - start
    assert spent < PER_EXAMPLE_CPU, f"{label} took {spent:.2f} s of CPU: {example!r}"[:3000]


# -- targets -------------------------------------------------------------------------------------------------


def _settings(examples: int) -> Any:
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=os.environ.get("ANTQ_FUZZ_SEED") is None,
        suppress_health_check=list(HealthCheck),
    )


def target_numbers(examples: int) -> None:
    from antq_rules._numbers import bounded_exact

    @_settings(examples)
    @given(
        st.one_of(
            number_text, st.decimals(allow_nan=True, allow_infinity=True), st.floats(), st.integers(-(10**40), 10**40)
        )
    )
    def run(value: Any) -> None:
        bounded("number", value, lambda: bounded_exact(value), (ValueError,))

    run()


def target_units(examples: int) -> None:
    from antq_rules.units import to_declared_unit

    @_settings(examples)
    @given(quantity_text, st.sampled_from(["household", "ratio", "percent", "person"]))
    def run(text: str, unit: str) -> None:
        bounded("unit", text, lambda: to_declared_unit(text, unit), (ValueError,))

    run()


def target_expressions(examples: int) -> None:
    from antq_rules.packs import load_pack_text

    base = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    old = 'check: "ratio(registered, resident) >= law.share and date_in(reg_date, window.q1)"'

    @_settings(examples)
    @given(expression_text.filter(lambda e: '"' not in e and "\\" not in e and "\n" not in e))
    def run(expr: str) -> None:
        text = base.replace(old, f'check: "{expr}"')
        bounded("expression", expr, lambda: load_pack_text(text, "fuzz.yaml"))

    run()


def target_packs(examples: int) -> None:
    from antq_rules.packs import load_pack_text

    lines = (FIXTURES / "mini.yaml").read_text(encoding="utf-8").splitlines()

    @_settings(examples)
    @given(st.integers(0, len(lines) - 1), st.booleans(), yaml_snippet)
    def run(at: int, replace: bool, snippet: str) -> None:
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        edited = [*lines[:at], indent + snippet, *lines[at + (1 if replace else 0) :]]
        text = "\n".join(edited) + "\n"
        bounded("pack", (at, replace, snippet), lambda: load_pack_text(text, "fuzz.yaml"))

    run()


def target_inputs(examples: int) -> None:
    from antq_rules import evaluate, render_text
    from antq_rules.packs import load_pack
    from antq_rules.results import result_to_dict

    pack = load_pack(FIXTURES / "mini.yaml")
    names = ["resident", "registered", "crimes", "rating", "reg_date", "unknown"]

    @_settings(examples)
    @given(
        st.dictionaries(st.sampled_from(names), json_tree, max_size=5),
        st.one_of(st.none(), st.dictionaries(st.sampled_from(names), json_tree, max_size=2), json_tree),
        st.one_of(
            st.none(),
            st.lists(st.dictionaries(st.sampled_from(["type", "date", "id", "x"]), json_tree), max_size=3),
            json_tree,
        ),
        st.one_of(st.sampled_from([2026, 2025]), st.integers(-5, 10**5), st.text(max_size=5), st.floats(), st.none()),
    )
    def run(indicators: Any, previous: Any, events: Any, year: Any) -> None:
        def call() -> None:
            r = evaluate(pack, KDC, year, indicators, previous, events)
            result_to_dict(r)  # what JSON output writes
            render_text(r, "vi")  # what text output and explain print

        bounded("input", (indicators, previous, events, year), call)

    run()


def target_documents(examples: int) -> None:
    import json
    import tempfile

    from antq_rules import evaluate_file
    from antq_rules.packs import PackRegistry, load_pack

    registry = PackRegistry([load_pack(FIXTURES / "mini.yaml")])
    doc = st.fixed_dictionaries(
        {
            "schema": st.just("antq-rules/input/v1"),
            "pack": st.just("test.mini"),
            "year": st.sampled_from([2026, 0, "x"]),
            "unit": st.just(KDC),
        },
        optional={"indicators": json_tree, "events": json_tree, "previous_year": json_tree, "extra": json_tree},
    )

    @_settings(examples)
    @given(doc, st.booleans())
    def run(document: dict[str, Any], as_yaml: bool) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / ("in.yaml" if as_yaml else "in.json")
            path.write_text(json.dumps(document, default=str), encoding="utf-8")
            bounded("document", document, lambda: evaluate_file(path, registry=registry))

    run()


TARGETS = {name[len("target_") :]: fn for name, fn in globals().items() if name.startswith("target_")}

if __name__ == "__main__":
    TARGETS[sys.argv[1]](int(sys.argv[2]) if len(sys.argv) > 2 else 100)
    print("ok")
