"""Reading a result back (``Result.from_json`` / ``from_dict``): a damaged document is refused with one
:class:`ResultFormatError` naming every problem and its field — never a bare ``KeyError`` — and a compact
one naming what its pack does not have is refused the same way (issue 11; the project's bad-input rule).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antq_rules import evaluate_file
from antq_rules.packs import Pack, PackRegistry
from antq_rules.results import Result, ResultFormatError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TT124_FAIL = EXAMPLES / "tt124" / "kdc-fail.yaml"
QD510_TINH_MAU = EXAMPLES / "qd510" / "cq-tinh-mau.yaml"  # scored, with a required TT 124 result


@pytest.fixture(scope="module")
def registry() -> PackRegistry:
    return PackRegistry.shipped()


def _result(registry: PackRegistry, path: Path) -> tuple[Pack, Result]:
    r = evaluate_file(path, registry=registry)  # each example names its pack
    return registry.get(r.pack.id, r.pack.version), r


@pytest.fixture(scope="module")
def kdc(registry: PackRegistry) -> tuple[Pack, Result]:
    return _result(registry, TT124_FAIL)


@pytest.fixture(scope="module")
def scored(registry: PackRegistry) -> tuple[Pack, Result]:
    pack, r = _result(registry, QD510_TINH_MAU)
    assert r.score is not None and r.score.items and r.score.conditions
    return pack, r


def _forms(r: Result) -> dict[str, dict[str, Any]]:
    return {"full": json.loads(r.to_json()), "compact": json.loads(r.to_json(detail="compact"))}


Change = Callable[[dict[str, Any]], Any]
DAMAGE: dict[str, tuple[Change, str]] = {
    "no criteria": (lambda d: d.pop("criteria"), "criteria"),
    "criteria not a list": (lambda d: d.__setitem__("criteria", 5), "criteria"),
    "a criterion without id": (lambda d: d["criteria"][0].pop("id"), "criteria[0].id"),
    "an unknown status": (lambda d: d["criteria"][1].__setitem__("status", "maybe"), "criteria[1].status"),
    "a year as text": (lambda d: d.__setitem__("year", "2026"), "year"),
    "a day that is not one": (lambda d: d["window"].__setitem__(0, "2026-13-01"), "window[0]"),
    "a window of one day": (lambda d: d["window"].pop(), "window[1]"),
    "no unit": (lambda d: d.pop("unit"), "unit"),
    "an unknown key": (lambda d: d.__setitem__("surprise", 1), "surprise"),
    "a unit id as a number": (lambda d: d["unit"].__setitem__("id", 7), "unit.id"),
}


@pytest.mark.parametrize("form", ["full", "compact"])
@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_document_names_the_field(kdc: tuple[Pack, Result], form: str, damage: str) -> None:
    pack, r = kdc
    d = _forms(r)[form]
    change, field = DAMAGE[damage]
    change(d)
    with pytest.raises(ResultFormatError) as caught:
        Result.from_json(json.dumps(d), pack=pack)
    fields = [p.field for p in caught.value.problems]
    assert field in fields, fields
    assert "không đúng dạng" in caught.value.render("vi") and field in caught.value.render("en")
    assert caught.value.to_dict()["problems"]


def test_a_count_of_events_lists_its_events_and_a_comparison_none(kdc: tuple[Pack, Result]) -> None:
    pack, r = kdc
    full = _forms(r)["full"]
    assert full["criteria"][3]["comparisons"][0]["op"] == "count"
    del full["criteria"][3]["comparisons"][0]["events"]
    full["criteria"][1]["comparisons"][0]["events"] = []
    compact = _forms(r)["compact"]
    del compact["criteria"][3]["steps"][0]["events"]
    for d, fields in (
        (full, ["criteria[1].comparisons[0]", "criteria[3].comparisons[0]"]),
        (compact, ["criteria[3].steps[0].events"]),
    ):
        with pytest.raises(ResultFormatError) as caught:
            Result.from_dict(d, pack=pack)
        assert [p.field for p in caught.value.problems] == fields


def test_every_problem_is_named_at_once(kdc: tuple[Pack, Result]) -> None:
    pack, r = kdc
    d = _forms(r)["compact"]
    d["year"] = "x"
    d["criteria"][0]["status"] = "maybe"
    d["values"]["crimes_count"] = 1.5  # a float: results write fractions as {"fraction": "n/d"}
    d["criteria"][1]["steps"][0][2] = {"share": "1/0"}
    with pytest.raises(ResultFormatError) as caught:
        Result.from_dict(d, pack=pack)
    fields = {p.field for p in caught.value.problems}
    assert {"year", "criteria[0].status", "values.crimes_count", "criteria[1].steps[0][2]"} <= fields


def test_values_are_checked_as_results_write_them(kdc: tuple[Pack, Result]) -> None:
    pack, r = kdc
    for bad in ({"date": "tomorrow"}, {"window": ["2026-01-01"]}, {"set": "abc"}, {"odd": 1}, {"fraction": "1.5"}):
        d = _forms(r)["compact"]
        d["values"]["households_registered"] = bad
        with pytest.raises(ResultFormatError) as caught:
            Result.from_dict(d, pack=pack)
        assert [p.field for p in caught.value.problems] == ["values.households_registered"], bad


def test_a_compact_result_naming_what_its_pack_lacks_is_refused(scored: tuple[Pack, Result]) -> None:
    _, r = scored
    d = _forms(r)["compact"]
    d["criteria"].append({"id": "NO.SUCH.CRITERION", "status": "met"})  # (this pack has no criteria of its own)
    d["score"]["items"][0]["id"] = "NO.SUCH.ITEM"
    d["score"]["conditions"][0]["id"] = "NO.SUCH.CONDITION"
    d["score"]["band"] = "no_such_level"
    registry = PackRegistry.shipped()
    with pytest.raises(ResultFormatError) as caught:
        Result.from_dict(d, pack=registry)
    fields = [p.field for p in caught.value.problems]
    assert fields == [
        f"criteria[{len(d['criteria']) - 1}].id",
        "score.items[0].id",
        "score.conditions[0]",
        "score.band",
    ]
    assert "NO.SUCH.ITEM" in caught.value.render("vi")


def test_documents_as_written_still_read_back(kdc: tuple[Pack, Result], scored: tuple[Pack, Result]) -> None:
    registry = PackRegistry.shipped()
    for _, r in (kdc, scored):
        assert Result.from_json(r.to_json()) == r
        assert Result.from_json(r.to_json(detail="compact"), pack=registry) == r


# --- whatever the damage: a Result, or a ResultFormatError ------------------------------------------------


def _paths(node: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [here] if here else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*here, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*here, i))
    return out


JUNK = [None, "x", 0, -1, 1.5, True, [], {}, [1, 2], {"date": "x"}, {"share": "1/0"}, "2026-02-30"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_property_any_damage_gives_a_result_or_a_result_format_error(
    kdc: tuple[Pack, Result], scored: tuple[Pack, Result], data: st.DataObject
) -> None:
    _, r = data.draw(st.sampled_from([kdc, scored]))
    form = data.draw(st.sampled_from(["full", "compact"]))
    d = copy.deepcopy(_forms(r)[form])
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_paths(d)))
        parent = d
        for part in path[:-1]:
            parent = parent[part]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(data.draw(st.sampled_from(JUNK)))  # later damage may change it
        if not _paths(d):
            break
    try:
        back = Result.from_dict(d, pack=PackRegistry.shipped())
    except ResultFormatError as exc:
        assert exc.problems or exc.message.en  # said in words, with fields when the shape is wrong
    else:
        assert isinstance(back, Result)
