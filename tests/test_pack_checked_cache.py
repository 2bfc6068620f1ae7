"""The pack cache also keeps what the schema gave, so a later load skips building the schema (issue 11).

A pack compiled from the stored data must be the pack compiled from the validated models: every pack in
the repository is compiled both ways and compared. The stored data are checked like the rest of the
entry (hash, bounds, tags); anything wrong means the entry is rebuilt from the file, never a crash.
"""

from __future__ import annotations

import ast
import hashlib
import os
import subprocess
import sys
import types
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antq_rules._yaml import parse_yaml
from antq_rules.errors import PackError
from antq_rules.packs import Pack, PackRegistry, load_pack, shipped_packs_dir
from antq_rules.packs._cache import CACHE_ENV, cached_pack
from antq_rules.packs._compile import compile_pack
from antq_rules.packs._schema import PackModel, TextModel
from antq_rules.packs._validated import CheckedData, DeferredModel, Unstorable, dump_checked, read_checked

ROOT = Path(__file__).resolve().parents[1]
TT124 = shipped_packs_dir() / "tt124.yaml"


def _pack_files() -> list[Path]:
    """Every pack file of the repository that is a whole pack (not an overlay) and loads."""
    out = []
    for p in sorted({*ROOT.glob("packs/**/*.yaml"), *ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")}):
        try:
            data = parse_yaml(p.read_bytes(), str(p)).data
            if isinstance(data, dict) and "extends" not in data:
                PackModel.model_validate(data)
                out.append(p)
        except Exception:
            continue  # not a pack, an overlay, or a pack made to fail
    return out


PACK_FILES = _pack_files()


def _comparable(value: Any) -> Any:
    """A compiled pack part as plain data; a generated function by its code (identity says nothing)."""
    if attrs.has(type(value)):
        # the fields that take part in equality (a compiled expression's lazily made function and tree do not)
        fields = [f for f in attrs.fields(type(value)) if f.eq]
        return (type(value).__name__, {f.name: _comparable(getattr(value, f.name)) for f in fields})
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return (type(value).__name__, tuple(_comparable(v) for v in value))
    if isinstance(value, ast.AST):
        return ("ast", ast.dump(value))
    if isinstance(value, types.FunctionType):
        code = value.__code__
        return ("function", code.co_code, tuple(_comparable(c) for c in code.co_consts), code.co_names)
    if isinstance(value, types.CodeType):
        return ("code", value.co_code, value.co_names)
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [_comparable(v) for v in value]
        return (type(value).__name__, sorted(map(repr, items)) if isinstance(value, (set, frozenset)) else items)
    return (type(value).__name__, value)


def _pack_data(pack: Pack) -> dict[str, Any]:
    return {f.name: _comparable(getattr(pack, f.name)) for f in attrs.fields(Pack) if f.name != "_model"}


def test_the_repository_has_packs_to_compare() -> None:
    assert len(PACK_FILES) >= 8
    assert TT124 in PACK_FILES


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_pack_compiled_from_the_stored_schema_data_is_the_same_pack(path: Path) -> None:
    doc = parse_yaml(path.read_bytes(), str(path))
    model = PackModel.model_validate(doc.data)
    stored = read_checked(dump_checked(model))
    try:
        from_models = compile_pack(model, doc, "sha256:x")
    except PackError as exc:  # a pack made to fail after the schema: the same problems, in the same places
        with pytest.raises(PackError) as again:
            compile_pack(stored, doc, "sha256:x", model_source=DeferredModel(doc.data))
        assert [str(p) for p in again.value.problems] == [str(p) for p in exc.problems]
        return
    from_data = compile_pack(stored, doc, "sha256:x", model_source=DeferredModel(doc.data))
    assert _pack_data(from_data) == _pack_data(from_models)
    assert from_data.model == model  # made from the file's data when asked (overlays, reference pages)
    assert from_models.model is model


def test_stored_data_keep_types_that_json_has_not() -> None:
    model = PackModel.model_validate(parse_yaml(TT124.read_bytes(), "tt124.yaml").data)
    stored = read_checked(dump_checked(model))
    assert isinstance(stored, CheckedData)
    assert stored.effective_from == model.effective_from  # a day
    assert stored.instrument.title.vi == model.instrument.title.vi
    assert stored.sources.keys() == model.sources.keys()
    assert {k: s.model_dump() for k, s in stored.sources.items()} == {
        k: s.model_dump(mode="json") for k, s in model.sources.items()
    }
    amounts = [v.value for v in stored.values.values() if isinstance(v.value, Decimal)]
    assert amounts == [v.value for v in model.values.values() if isinstance(v.value, Decimal)]


@settings(max_examples=60, deadline=None)
@given(
    vi=st.text(min_size=1, max_size=30),
    en=st.text(min_size=1, max_size=30),
)
def test_texts_round_trip_exactly(vi: str, en: str) -> None:
    stored = read_checked(dump_checked(TextModel(vi=vi, en=en)))
    assert (stored.vi, stored.en) == (vi, en)


@pytest.mark.parametrize(
    "text",
    [
        '{"$m":{"a":1.5}}',  # a float: the schema never gives one
        '{"$m":{"a":NaN}}',
        '{"$m":{"a":' + "9" * 40 + "}}",  # beyond the YAML reader's bound on numbers
        '{"$m":{"a":{"$decimal":"Infinity"}}}',
        '{"$m":{"a":{"$date":"2026-13-01"}}}',
        '{"$m":{"a":{"$run":"print(1)"}}}',  # an unknown tag
        '{"$m":{"a":{"$tuple":"abc"}}}',  # a tag holding the wrong kind of value
        '{"$d":[1, 2]}',
    ],
)
def test_stored_data_out_of_shape_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        read_checked(text)


def test_values_without_a_stored_form_are_not_stored() -> None:
    class Odd:
        pass

    with pytest.raises(Unstorable):
        dump_checked({"a": Odd()})
    with pytest.raises(Unstorable):
        dump_checked({1: "a key that is not text"})


# --- through the cache --------------------------------------------------------------------------------------


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(where))
    return where


def test_the_second_load_reads_what_the_schema_gave(folder: Path) -> None:
    raw = TT124.read_bytes()
    assert cached_pack(raw, "tt124.yaml").checked is None  # first: parsed and stored, not yet checked
    first = load_pack(TT124)  # checked by the schema, which is stored too
    again = cached_pack(raw, "tt124.yaml")
    assert isinstance(again.checked, CheckedData)
    second = load_pack(TT124)
    assert _pack_data(second) == _pack_data(first)
    assert isinstance(second._model, DeferredModel) and second.model == first.model


def _entry(folder: Path) -> Path:
    (entry,) = folder.glob("*.json")
    return entry


def test_stored_schema_data_that_are_tampered_are_rebuilt(folder: Path) -> None:
    load_pack(TT124)
    load_pack(TT124)
    entry = _entry(folder)
    blob = entry.read_bytes()
    assert blob.count(b"\n") == 3  # header, data, positions, what the schema gave
    entry.write_bytes(blob.replace(b'"vn.bca.tt124"', b'"vn.bca.other"'))  # the hash no longer matches
    pack = load_pack(TT124)
    assert pack.id == "vn.bca.tt124"
    assert cached_pack(TT124.read_bytes(), "tt124.yaml").checked is not None  # rebuilt and stored again


def test_stored_schema_data_with_a_matching_hash_but_a_bad_tag_are_rebuilt(folder: Path) -> None:
    load_pack(TT124)
    load_pack(TT124)
    entry = _entry(folder)
    header, rest = entry.read_bytes().split(b"\n", 1)
    rest = rest.replace(b'{"$decimal":', b'{"$evil":', 1)
    fmt, key, _ = header.split(b" ")
    entry.write_bytes(b" ".join((fmt, key, hashlib.sha256(rest).hexdigest().encode())) + b"\n" + rest)
    pack = load_pack(TT124)  # the entry is unusable: parsed and checked again
    assert pack.id == "vn.bca.tt124" and pack.model is not None


def test_an_overlay_extends_a_base_read_from_the_stored_data(folder: Path) -> None:
    overlay = ROOT / "examples" / "province-pack" / "tt124-tinh-cua-toi.yaml"
    base_first = load_pack(TT124)
    base = load_pack(TT124)
    assert isinstance(base._model, DeferredModel)
    registry = PackRegistry([base])
    from antq_rules.packs import load_pack_text

    province = load_pack_text(overlay.read_text(encoding="utf-8"), str(overlay), registry)
    fresh = load_pack_text(overlay.read_text(encoding="utf-8"), str(overlay), PackRegistry([base_first]))
    assert _pack_data(province) == _pack_data(fresh)


def test_a_command_with_a_warm_cache_does_not_build_the_schema(tmp_path: Path) -> None:
    code = (
        "import sys, antq_rules\n"
        "r = antq_rules.evaluate_file('examples/tt124/kdc-fail.yaml')\n"
        "print(r.outcome, 'antq_rules.packs._schema' in sys.modules)\n"
    )
    # the first run checks the shipped packs against the schema and stores what it gave; the next ones read it
    assert _processes(code, tmp_path / "cache", 3) == ["fail True", "fail False", "fail False"]


def _processes(code: str, cache: Path, times: int) -> list[str]:
    """What ``code`` prints in ``times`` fresh processes after one another, sharing the cache folder."""
    env = {**os.environ, CACHE_ENV: str(cache)}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
        for _ in range(times)
    ]
    return [r.stdout.strip() for r in runs]


# --- province overlays ----------------------------------------------------------------------------------------


def _overlay_files() -> list[tuple[Path, Pack]]:
    """Every overlay of the repository whose base ships with the library, with that base; loads cleanly."""
    from antq_rules.packs import load_pack_text

    shipped = PackRegistry.shipped()
    out = []
    for p in sorted({*ROOT.glob("packs/**/*.yaml"), *ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")}):
        try:
            data = parse_yaml(p.read_bytes(), str(p)).data
            if not isinstance(data, dict) or not isinstance(data.get("extends"), dict):
                continue
            base = shipped.get(data["extends"]["pack"], data["extends"]["version"])
            load_pack_text(p.read_bytes(), str(p), shipped)
        except Exception:
            continue  # not an overlay of a shipped pack, or one made to fail
        out.append((p, base))
    return out


OVERLAYS = _overlay_files()


def test_the_repository_has_overlays_to_compare() -> None:
    assert len(OVERLAYS) >= 4


@pytest.mark.parametrize(("path", "base"), OVERLAYS, ids=[str(p.relative_to(ROOT)) for p, _ in OVERLAYS])
def test_an_overlay_compiled_from_its_stored_record_is_the_same_pack(path: Path, base: Pack) -> None:
    from antq_rules.packs._overlay import build_overlay, overlay_from_record

    doc = parse_yaml(path.read_bytes(), str(path))
    records: list[Any] = []
    merged = build_overlay(doc, base, "sha256:x", records.append)
    (record,) = records
    again = overlay_from_record(doc, base, "sha256:x", read_checked(dump_checked(record)))
    assert again is not None
    assert _pack_data(again) == _pack_data(merged)
    assert again.overlay == merged.overlay and again.overlay is not None
    assert again.model == merged.model  # merged again when asked


def test_an_overlay_record_for_another_base_is_not_used() -> None:
    from antq_rules.packs._overlay import build_overlay, overlay_from_record

    path, base = OVERLAYS[0]
    doc = parse_yaml(path.read_bytes(), str(path))
    records: list[Any] = []
    build_overlay(doc, base, "sha256:x", records.append)
    record = read_checked(dump_checked(records[0]))
    other = attrs.evolve(base, content_hash="sha256:another-base")
    assert overlay_from_record(doc, other, "sha256:x", record) is None
    assert overlay_from_record(doc, base, "sha256:x", {"base": base.content_hash}) is None  # not a whole record


def test_loading_every_shipped_pack_twice_builds_no_schema(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from antq_rules.packs import PackRegistry\n"
        "packs = sorted((p.ref, p.overlay is not None, len(p.criteria)) for p in PackRegistry.shipped())\n"
        "print(packs, 'antq_rules.packs._schema' in sys.modules, 'pydantic' in sys.modules)\n"
    )
    first, second = _processes(code, tmp_path / "cache", 2)
    assert first.endswith("True True") and second.endswith("False False")
    assert first.rsplit("]", 1)[0] == second.rsplit("]", 1)[0]  # the same packs
    assert "True" in first.split("]")[0]  # overlays among them
