"""Strict YAML reading: anchors, tags, duplicate keys, exact decimals, depth, encoding, size."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from antq_rules import PackError, _yaml
from antq_rules._text import Text
from antq_rules._yaml import MAX_BYTES, MAX_DEPTH, YamlProblems, parse_yaml
from antq_rules.errors import Problem
from antq_rules.packs import load_pack_text


def problems(text: str | bytes, file: str = "doc.yaml") -> list[Problem]:
    with pytest.raises(YamlProblems) as info:
        parse_yaml(text, file)
    assert info.value.problems, "YamlProblems must list at least one problem"
    return info.value.problems


def only(text: str | bytes, file: str = "doc.yaml") -> Problem:
    ps = problems(text, file)
    assert len(ps) == 1, ps
    return ps[0]


def walk(value: Any) -> list[Any]:
    out = [value]
    if isinstance(value, dict):
        for v in value.values():
            out.extend(walk(v))
    elif isinstance(value, list):
        for v in value:
            out.extend(walk(v))
    return out


# -- anchors and aliases ---------------------------------------------------------------------------


@pytest.fixture(params=["default", "pure-python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the default YAML loader and with the pure-Python fallback loader."""
    if request.param == "pure-python":
        monkeypatch.setattr(_yaml, "_FastLoader", None, raising=False)
    return str(request.param)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("a: &x 1\n", 1),
        ("a: 1\nb: &base {c: 1}\n", 2),
        ("list:\n  - 1\n  - &it 2\n", 3),
        ("? &k key\n: 1\n", 1),
    ],
)
def test_anchors_are_refused_with_line(loader: str, text: str, line: int) -> None:
    p = only(text, "anchors.yaml")
    assert p.file == "anchors.yaml"
    assert p.line == line
    assert "anchors and aliases" in p.message.en
    assert p.message.vi  # bilingual


def test_used_alias_is_refused_with_line(loader: str) -> None:
    ps = problems("a: &x [1, 2]\nb: 2\nc: *x\n", "alias.yaml")
    assert all(p.file == "alias.yaml" for p in ps)
    assert {p.line for p in ps} <= {1, 3}  # the anchor's line or the alias's line
    assert all("alias" in p.message.en for p in ps)


def test_undefined_alias_is_refused_with_line(loader: str) -> None:
    p = only("a: 1\nb: 2\nc: *x\n", "alias.yaml")
    assert (p.file, p.line) == ("alias.yaml", 3)
    assert "alias" in p.message.en


def test_billion_laughs_is_refused_without_expansion(loader: str) -> None:
    lol = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    ps = problems(lol)
    assert len(ps) < 1000  # each alias is reported once; nothing is expanded 9**9 times
    assert all("alias" in p.message.en for p in ps)
    assert all(p.line is not None and 1 <= p.line <= 9 for p in ps)


def test_merge_key_without_alias_is_just_an_unknown_key() -> None:
    # `<<` only merges through aliases, which are refused; without one it stays a plain key.
    doc = parse_yaml("a: 1\n<<: {b: 2}\n", "m.yaml")
    assert doc.data == {"a": 1, "<<": {"b": 2}}


# -- duplicate keys --------------------------------------------------------------------------------


def test_duplicate_key_reported_with_line_and_field() -> None:
    p = only("a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert (p.file, p.line, p.field) == ("dup.yaml", 3, "a")
    assert "duplicate key 'a'" in p.message.en
    assert "trùng" in p.message.vi


def test_every_duplicate_key_is_reported_together() -> None:
    text = "a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\nlist:\n  - {x: 1, x: 2}\na: 4\n"
    ps = problems(text)
    got = {(p.line, p.field) for p in ps}
    assert got == {(5, "b.c"), (7, "list[0].x"), (8, "a")}
    assert all(p.file == "doc.yaml" for p in ps)


def test_duplicate_keys_compare_as_text() -> None:
    # `1` and `"1"` are the same key once read as text; that is a duplicate, not two keys.
    p = only('1: a\n"1": b\n')
    assert p.line == 2


def test_keys_are_always_strings() -> None:
    doc = parse_yaml("1: a\ntrue: b\n2026-01-01: c\n", "k.yaml")
    assert set(doc.data) == {"1", "true", "2026-01-01"}


# -- tags ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "tag"),
    [
        ("a: !!python/object:os.system {}\n", 1, "python/object"),
        ("a: 1\nb: !!python/object/apply:os.system [echo hi]\n", 2, "python/object/apply"),
        ("a: 1\nb:\n  c: !!python/name:os.system ''\n", 3, "python/name"),
        ("a: !custom 1\n", 1, "!custom"),
        ("a: !!binary aGVsbG8=\n", 1, "binary"),
        ("a: !!set {x: null}\n", 1, "set"),
        ("a: !!omap [{x: 1}]\n", 1, "omap"),
        ("- 1\n- !!python/tuple [1, 2]\n", 2, "python/tuple"),
    ],
)
def test_custom_tags_are_refused_with_line(text: str, line: int, tag: str) -> None:
    p = only(text, "tags.yaml")
    assert p.file == "tags.yaml"
    assert p.line == line
    assert "tag not allowed" in p.message.en
    assert tag in p.message.en


def test_every_bad_tag_is_reported_together() -> None:
    ps = problems("a: !x 1\nb: 2\nc: !y 3\n")
    assert [p.line for p in ps] == [1, 3]


@pytest.mark.parametrize("text", ["!custom k: 1\n", "? !!python/object:os.system k\n: 1\n"])
def test_tags_on_keys_are_refused(text: str) -> None:
    p = only(text)
    assert p.line == 1
    assert "tag not allowed" in p.message.en


def test_standard_explicit_tags_are_allowed() -> None:
    doc = parse_yaml("a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: !!bool true\n", "t.yaml")
    assert doc.data == {"a": "12", "b": 7, "c": Decimal("1"), "d": True}
    assert isinstance(doc.data["c"], Decimal)


@pytest.mark.parametrize("text", ["a: 1\nb: !!int foo\n", "a: 1\nb: !!bool maybe\n", "a: 1\nb: !!timestamp foo\n"])
def test_bad_value_under_standard_tag_is_a_problem_not_a_crash(text: str) -> None:
    p = only(text, "tagged.yaml")
    assert (p.file, p.line) == ("tagged.yaml", 2)


# -- numbers and dates -----------------------------------------------------------------------------


def test_decimals_are_exact() -> None:
    doc = parse_yaml("a:\n  b: 0.70\n  c: [0.1, 0.2, 1_000.50, 1.0e+3, -2.5]\n", "d.yaml")
    b = doc.data["a"]["b"]
    assert type(b) is Decimal
    assert b == Decimal("0.70")
    assert str(b) == "0.70"  # trailing zero kept: it is the literal, not a float
    assert doc.data["a"]["c"] == [
        Decimal("0.1"),
        Decimal("0.2"),
        Decimal("1000.50"),
        Decimal("1.0e+3"),
        Decimal("-2.5"),
    ]
    assert sum(doc.data["a"]["c"][:2]) == Decimal("0.3")


def test_no_float_ever_comes_out(mini_text: str) -> None:
    doc = parse_yaml(mini_text, "mini.yaml")
    assert not [v for v in walk(doc.data) if isinstance(v, float)]


@pytest.mark.parametrize("literal", [".nan", ".inf", "-.inf", ".NaN"])
def test_non_finite_numbers_are_refused(literal: str) -> None:
    p = only(f"a: 1\nb: {literal}\n", "n.yaml")
    assert (p.file, p.line, p.field) == ("n.yaml", 2, "b")
    assert "invalid number" in p.message.en


def test_dates_are_dates() -> None:
    doc = parse_yaml("d: 2026-02-15\n", "d.yaml")
    assert doc.data["d"] == date(2026, 2, 15)


@pytest.mark.parametrize("literal", ["2026-02-30", "2026-13-01", "2026-02-15 25:00:00"])
def test_impossible_date_is_a_problem_not_a_crash(literal: str) -> None:
    p = only(f"a: 1\nd: {literal}\n", "dates.yaml")
    assert (p.file, p.line, p.field) == ("dates.yaml", 2, "d")


# -- depth, encoding, size, syntax -----------------------------------------------------------------


def _nested_block(levels: int) -> str:
    return "".join("  " * i + "k:\n" for i in range(levels)) + "  " * levels + "1\n"


def test_moderate_nesting_is_fine() -> None:
    doc = parse_yaml(_nested_block(MAX_DEPTH - 1), "deep.yaml")
    node = doc.data
    for _ in range(MAX_DEPTH - 1):
        node = node["k"]
    assert node == 1


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, MAX_DEPTH + 20, 200])
def test_too_deep_nesting_is_refused_with_line(levels: int) -> None:
    p = only(_nested_block(levels), "deep.yaml")
    assert p.file == "deep.yaml"
    assert p.line is not None and p.line > MAX_DEPTH
    assert f"deeper than {MAX_DEPTH}" in p.message.en


def test_too_deep_flow_nesting_is_refused() -> None:
    p = only("a: " + "[" * 100 + "]" * 100 + "\n", "flow.yaml")
    assert p.line == 1
    assert "deeper" in p.message.en


@pytest.mark.parametrize("shape", ["flow", "block"])
def test_pathological_nesting_is_a_problem_not_a_crash(loader: str, shape: str) -> None:
    text = "[" * 1000 + "]" * 1000 if shape == "flow" else _nested_block(600)
    crashed = None
    try:
        parse_yaml(text, "bomb.yaml")
    except RecursionError:
        crashed = "RecursionError"  # (not re-raised: a 1000-frame traceback is slow to report)
    except YamlProblems:
        pass
    assert crashed is None, crashed
    p = only(text, "bomb.yaml")
    assert p.file == "bomb.yaml"
    assert "deeper" in p.message.en


def test_non_utf8_is_refused_naming_the_file() -> None:
    p = only(b"a: 'caf" + b"\xe9'\n", "latin1.yaml")
    assert p.file == "latin1.yaml"
    assert "not UTF-8" in p.message.en
    assert "UTF-8" in p.message.vi


def test_non_utf8_problem_names_the_line() -> None:
    p = only(b"a: 1\nb: 2\nc: \xff\n", "bad.yaml")
    assert p.line == 3


def test_oversized_input_is_refused_before_parsing() -> None:
    big = b"a: '" + b"x" * MAX_BYTES + b"'\n"
    p = only(big, "big.yaml")
    assert p.file == "big.yaml"
    assert str(MAX_BYTES) in p.message.en


def test_input_just_under_the_size_limit_is_read() -> None:
    text = "a: '" + "x" * (MAX_BYTES - 10) + "'\n"
    assert len(text.encode()) <= MAX_BYTES
    assert len(parse_yaml(text, "ok.yaml").data["a"]) == MAX_BYTES - 10


def test_syntax_error_names_file_and_line() -> None:
    p = only("a: 1\nb: [1, 2\nc: 3\n", "syntax.yaml")
    assert p.file == "syntax.yaml"
    assert p.line in (2, 3, 4)
    assert "invalid YAML" in p.message.en


def test_several_documents_are_refused() -> None:
    p = only("a: 1\n---\nb: 2\n", "multi.yaml")
    assert p.line == 2


def test_empty_file_is_refused() -> None:
    p = only("", "empty.yaml")
    assert p.file == "empty.yaml"
    assert "empty" in p.message.en


# -- positions -------------------------------------------------------------------------------------


def test_positions_of_keys_and_items() -> None:
    doc = parse_yaml("a:\n  b: 0.70\n  items:\n    - x\n    - {y: 1}\n", "pos.yaml")
    assert doc.line_of(("a",)) == 1
    assert doc.line_of(("a", "b")) == 2
    assert doc.line_of(("a", "items", 1, "y")) == 5
    # an unknown deeper path falls back to its deepest known ancestor
    assert doc.line_of(("a", "items", 1, "nope", 3)) == 5
    p = doc.problem(Text("x", "x"), ("a", "items", 1, "y"))
    assert (p.file, p.line, p.field) == ("pos.yaml", 5, "a.items[1].y")
    assert p.where().startswith("pos.yaml:5:")


# -- through the pack loader -----------------------------------------------------------------------


def test_pack_loader_turns_yaml_problems_into_pack_error(mini_text: str) -> None:
    text = mini_text.replace("version: 0.1.0", "version: 0.1.0\nid: test.other")
    with pytest.raises(PackError) as info:
        load_pack_text(text, "broken.yaml")
    (p,) = info.value.problems
    assert (p.file, p.field) == ("broken.yaml", "id")
    assert p.line == text.splitlines().index("id: test.other") + 1
    assert "broken.yaml:" in info.value.render("vi")


def test_pack_loader_refuses_anchor_in_a_pack(loader: str, mini_text: str) -> None:
    text = mini_text.replace("sources:\n  T1:", "sources:\n  T1: &src")
    with pytest.raises(PackError) as info:
        load_pack_text(text, "broken.yaml")
    (p,) = info.value.problems
    assert p.file == "broken.yaml" and p.line is not None
    assert "anchors" in p.message.en
