"""Results as records (no tuple behaviour, one-line repr) and their JSON forms: full and compact, exact
round trips through ``from_json``/``from_dict``, a compact result expanded with its very pack only."""

from __future__ import annotations

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import antq_rules
from antq_rules import evaluate
from antq_rules.packs import Pack, PackRegistry
from antq_rules.results import (
    COMPACT_SCHEMA_ID,
    RESULT_SCHEMA_ID,
    CriterionResult,
    Observation,
    ObservedSource,
    Result,
    ResultFormatError,
)
from antq_rules.testing import inputs_for

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = sorted(
    [*EXAMPLES.glob("tt124/*.yaml"), *EXAMPLES.glob("qd510/*.yaml"), *EXAMPLES.glob("qd3554/*.yaml")],
    key=lambda p: str(p),
)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


@pytest.fixture(scope="module")
def registry() -> PackRegistry:
    return PackRegistry.shipped()


def _evaluate(registry: PackRegistry, path: Path) -> tuple[Pack, Result]:
    r = antq_rules.evaluate_file(path, registry=registry)  # every example names its pack
    return registry.get(r.pack.id, r.pack.version), r


@pytest.fixture(scope="module")
def examples(registry: PackRegistry) -> dict[str, tuple[Pack, Result]]:
    return {f"{p.parent.name}/{p.stem}": _evaluate(registry, p) for p in FILES}


def test_examples_cover_scores_dependencies_and_exclusions(examples: dict[str, tuple[Pack, Result]]) -> None:
    results = [r for _, r in examples.values()]
    assert any(r.score is not None and r.score.items for r in results)
    assert any(d.result is not None for r in results for d in r.dependencies)  # evaluated required packs
    assert any(r.exclusion is not None for r in results)
    assert any(p.id.startswith("vn.vd.tinh_mau.") for p, _ in examples.values())
    assert {r.outcome for r in results} >= {"pass", "fail", "not_applicable"}


@pytest.mark.parametrize("name", [f"{p.parent.name}/{p.stem}" for p in FILES])
def test_full_and_compact_round_trip_exactly(
    examples: dict[str, tuple[Pack, Result]], registry: PackRegistry, name: str
) -> None:
    pack, r = examples[name]
    full = r.to_dict()
    assert full["schema"] == RESULT_SCHEMA_ID
    assert Result.from_json(r.to_json()) == r
    assert Result.from_dict(json.loads(json.dumps(full))) == r
    assert r.to_json(indent=None) == json.dumps(full, ensure_ascii=False)  # the direct writer's text
    compact = r.to_dict(detail="compact")
    assert compact["schema"] == COMPACT_SCHEMA_ID
    assert compact["pack"] == {"id": pack.id, "version": pack.version, "content_hash": pack.content_hash}
    text = r.to_json(indent=None, detail="compact")
    assert text == json.dumps(compact, ensure_ascii=False)  # the direct writer writes json.dumps' text
    # expanded with the registry (it holds the packs of evaluated dependencies too) it is the full result
    back = Result.from_json(text, pack=registry)
    assert back == r
    assert back.to_dict() == full
    assert back.to_json() == r.to_json()
    assert Result.from_dict(json.loads(r.to_json(detail="compact")), pack=registry) == r
    if not any(d.result is not None for d in r.dependencies):
        assert Result.from_json(text, pack=pack) == r  # one pack is enough then


def test_compact_form_of_the_example_residential_areas_is_small(examples: dict[str, tuple[Pack, Result]]) -> None:
    for name in ("tt124/kdc-pass", "tt124/kdc-fail"):
        _, r = examples[name]
        compact = r.to_json(indent=None, detail="compact").encode()
        assert len(compact) <= 4096, (name, len(compact))
        assert len(compact) * 8 < len(r.to_json(indent=None).encode())


def test_compact_carries_what_happened(examples: dict[str, tuple[Pack, Result]]) -> None:
    _, r = examples["tt124/kdc-fail"]
    d = r.to_dict("compact")
    assert d["outcome"] == "fail" and d["summary"]["not_met"] == 3
    statuses = {c["id"]: c["status"] for c in d["criteria"]}
    assert statuses == {c.id: c.status for c in r.criteria}
    assert d["values"]["households_registered"] == 411
    # the comparison that decided 1b, and the excused event with why
    [step] = next(c for c in d["criteria"] if c["id"] == "TT124.KDC.1b")["steps"]
    assert step[1] == ">=" and step[4] is False
    events = [e for c in d["criteria"] for s in c.get("steps", ()) if isinstance(s, dict) for e in s["events"]]
    excused = [e for e in events if e[6] == "excused"]
    assert excused and excused[0][7]["en"].startswith("Not counted")
    # no prose of the pack: neither titles nor parameter descriptions
    text = json.dumps(d, ensure_ascii=False)
    assert r.criteria[0].title.vi not in text and "description" not in text


def test_compact_needs_its_very_pack(examples: dict[str, tuple[Pack, Result]], registry: PackRegistry) -> None:
    pack, r = examples["tt124/kdc-fail"]
    text = r.to_json(detail="compact")
    with pytest.raises(ResultFormatError) as no_pack:
        Result.from_json(text)
    assert "pack=" in no_pack.value.render("en") and "gói tiêu chí" in no_pack.value.render("vi")
    other = registry.get("vn.bca.qd510")
    with pytest.raises(ResultFormatError) as wrong:
        Result.from_json(text, pack=other)
    assert "not by the given pack vn.bca.qd510" in wrong.value.render("en")
    assert "không phải gói vn.bca.qd510" in wrong.value.render("vi")
    tampered = json.loads(text)
    tampered["pack"]["content_hash"] = "sha256:" + "0" * 64
    with pytest.raises(ResultFormatError, match="hash sha256:000000"):
        Result.from_dict(tampered, pack=pack)
    with pytest.raises(ResultFormatError, match="registry has no pack"):
        Result.from_dict(tampered | {"pack": {**tampered["pack"], "version": "9.9.9"}}, pack=registry)
    assert isinstance(wrong.value, ValueError)  # as before for a document that is not a result


def test_compact_with_evaluated_dependency_needs_a_registry(examples: dict[str, tuple[Pack, Result]]) -> None:
    pack, r = next((p, r) for p, r in examples.values() if any(d.result is not None for d in r.dependencies))
    with pytest.raises(ResultFormatError, match="PackRegistry"):
        Result.from_json(r.to_json(detail="compact"), pack=pack)


def test_documents_that_are_not_results_are_refused() -> None:
    with pytest.raises(ResultFormatError, match="not an antq-rules result"):
        Result.from_dict({"schema": "something/else"})
    with pytest.raises(ResultFormatError, match="not valid JSON"):
        Result.from_json("{")
    with pytest.raises(ValueError, match="detail must be"):
        antq_rules.results.result_to_dict(_any_result(), "short")  # type: ignore[arg-type]


def _any_result() -> Result:
    pack = antq_rules.shipped_pack("vn.bca.tt124")
    return evaluate(pack, {"id": "X", "subject": "dn", "kind": "doanh_nghiep"}, 2026, {"dn_size_class": "small"})


def test_full_dicts_share_the_packs_parts_but_not_what_happened(examples: dict[str, tuple[Pack, Result]]) -> None:
    _, pass_ = examples["tt124/kdc-pass"]
    _, fail = examples["tt124/kdc-fail"]
    a, b = pass_.to_dict(), fail.to_dict()
    assert a["criteria"][0]["citation"] is b["criteria"][0]["citation"]  # built once per pack
    assert a["parameters"] is b["parameters"]
    assert a["criteria"][0]["observed"] is not b["criteria"][0]["observed"]


# -- records -----------------------------------------------------------------------------------------


def test_repr_is_one_line(examples: dict[str, tuple[Pack, Result]]) -> None:
    _, r = examples["tt124/kdc-fail"]
    assert repr(r) == f"<Result vn.bca.tt124@{r.pack.version} VD-KDC-002 2026: fail — 3 not met>"
    _, ok = examples["tt124/kdc-pass"]
    assert repr(ok).endswith(": pass — 11 met>")
    assert repr(r.criterion("TT124.KDC.1b")) == "<CriterionResult TT124.KDC.1b: not_met>"
    assert repr(r.criterion("TT124.KDC.1b").observed[0]).startswith("<Observation households_registered=411 (input)")
    for _, res in examples.values():
        text = repr(res)
        assert "\n" not in text and len(text) < 200, text
        assert all("\n" not in repr(c) and len(repr(c)) < 200 for c in res.criteria)
    scored = next(res for _, res in examples.values() if res.score is not None and res.score.total is not None)
    assert "points" in repr(scored)


@pytest.mark.parametrize("which", ["result", "criterion", "observation", "source"])
def test_records_are_not_sequences(examples: dict[str, tuple[Pack, Result]], which: str) -> None:
    _, r = examples["tt124/kdc-fail"]
    c = r.criteria[0]
    record: Any = {"result": r, "criterion": c, "observation": c.observed[0], "source": c.source}[which]
    assert type(record) in (Result, CriterionResult, Observation, ObservedSource)
    with pytest.raises(TypeError):
        len(record)
    with pytest.raises(TypeError):
        iter(record)
    with pytest.raises(TypeError):
        list(record)
    with pytest.raises(TypeError):
        _first, *_rest = record
    with pytest.raises(TypeError):
        record[0]
    with pytest.raises(TypeError):
        record + record
    with pytest.raises(TypeError):
        _ = record < record
    with pytest.raises(TypeError):
        json.dumps(record)
    assert not hasattr(record, "count") and not hasattr(record, "index") and not hasattr(record, "_replace")
    with pytest.raises(AttributeError):
        record.anything = 1
    with pytest.raises(AttributeError):
        setattr(record, type(record)._fields[0], None)


def test_scoring_records_are_records_too(examples: dict[str, tuple[Pack, Result]]) -> None:
    """ScoreResult, ItemResult and ConditionResult: read by name, not sequences, always true, one-line repr."""
    scored = next(res for _, res in examples.values() if res.score is not None and res.score.conditions)
    score = scored.score
    assert score is not None
    for record in (score, score.items[0], score.conditions[0]):
        assert bool(record) is True  # a record is a value, never an empty-sequence test
        with pytest.raises(TypeError):
            len(record)
        with pytest.raises(TypeError):
            list(record)
        assert "\n" not in repr(record) and repr(record).startswith(f"<{type(record).__name__} ")
    item = score.items[0]
    assert item.replace(points=None).points is None and item.replace(points=None).id == item.id


def test_records_compare_copy_and_pickle(examples: dict[str, tuple[Pack, Result]]) -> None:
    _, r = examples["tt124/kdc-fail"]
    o = r.criteria[1].observed[0]
    assert o == Observation(o.name, o.value, o.source)
    assert o == Observation(name=o.name, value=o.value, source=o.source)
    assert o != (o.name, o.value, o.source)  # not equal to a plain tuple of the same values
    assert r == copy.copy(r) and r == copy.deepcopy(r)
    assert pickle.loads(pickle.dumps(r)) == r
    other = r.replace(year=2027)
    assert other.year == 2027 and other.unit == r.unit and other != r
    with pytest.raises(TypeError, match="no field"):
        r.replace(colour="red")


def test_positional_constructor_keeps_its_order(examples: dict[str, tuple[Pack, Result]]) -> None:
    _, r = examples["tt124/kdc-pass"]
    rebuilt = Result(
        r.pack, r.unit, r.year, r.window, r.outcome, r.outcome_label, r.outcome_citation, r.criteria, r.parameters
    )
    assert rebuilt.outcome == r.outcome and rebuilt.criteria == r.criteria and rebuilt.kind == "standard"
    c = r.criteria[0]
    assert CriterionResult(c.info, c.status, c.steps, c.missing, c.undefined, c.reason, c.source) == c


# -- properties --------------------------------------------------------------------------------------


def _check_round_trips(pack: Pack, r: Result, registry: PackRegistry) -> None:
    assert r.to_json(indent=None) == json.dumps(r.to_dict(), ensure_ascii=False)
    assert Result.from_json(r.to_json(indent=None)) == r
    text = r.to_json(indent=None, detail="compact")
    assert text == json.dumps(r.to_dict("compact"), ensure_ascii=False)
    back = Result.from_json(text, pack=registry if r.dependencies else pack)
    assert back == r
    assert back.to_dict() == r.to_dict()


@PROPERTY
@given(doc=inputs_for(antq_rules.shipped_pack("vn.bca.tt124"), "kdc"))
def test_property_tt124_residential_area_round_trips(doc: dict[str, Any]) -> None:
    registry = PackRegistry.shipped()
    pack = registry.get("vn.bca.tt124")
    _check_round_trips(pack, antq_rules.testing.evaluate_input(pack, doc, registry), registry)


def _overlay(pack_id: str) -> Pack:
    return PackRegistry.shipped().get(pack_id)


@PROPERTY
@given(doc=inputs_for(_overlay("vn.vd.tinh_mau.qd510"), "cq"))
def test_property_qd510_overlay_round_trips(doc: dict[str, Any]) -> None:
    registry = PackRegistry.shipped()
    pack = registry.get("vn.vd.tinh_mau.qd510")
    _check_round_trips(pack, antq_rules.testing.evaluate_input(pack, doc, registry), registry)


@PROPERTY
@given(doc=inputs_for(_overlay("vn.vd.tinh_mau.qd3554"), "xa"))
def test_property_qd3554_overlay_round_trips(doc: dict[str, Any]) -> None:
    registry = PackRegistry.shipped()
    pack = registry.get("vn.vd.tinh_mau.qd3554")
    _check_round_trips(pack, antq_rules.testing.evaluate_input(pack, doc, registry), registry)


# -- batch output ------------------------------------------------------------------------------------


@pytest.mark.parametrize("detail", [None, "compact", "full"])
def test_batch_jsonl_is_compact_unless_full_is_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], registry: PackRegistry, detail: str | None
) -> None:
    from antq_rules.cli import main

    out = tmp_path / "r.jsonl"
    kdc = EXAMPLES / "population" / "kdc.csv"
    events = EXAMPLES / "population" / "events.csv"
    args = ["batch", str(kdc), str(events), "--pack", "vn.bca.tt124", "--year", "2026", "--out", str(out)]
    code = main([*args, *(["--detail", detail] if detail else [])])
    capsys.readouterr()
    assert code == 0
    docs = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    results = [d["results"]["vn.bca.tt124"] for d in docs if d["results"]]
    assert results
    want = RESULT_SCHEMA_ID if detail == "full" else COMPACT_SCHEMA_ID
    assert {r["schema"] for r in results} == {want}
    back = [Result.from_dict(r, pack=registry) for r in results]  # a registry is fine for both forms
    assert all(b.pack.id == "vn.bca.tt124" for b in back)
