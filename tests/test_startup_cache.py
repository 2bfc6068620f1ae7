"""Start-up: what ``import antq_rules`` loads, and the pack cache (issue 11 item 2).

The cache keeps the parsed YAML of pack files (data only, as JSON) in the user's cache folder. It is never
trusted blindly: a truncated, tampered or stale entry is ignored and rebuilt from the file, a folder that
cannot be written means no cache (never an error), and two processes writing at once corrupt nothing.
Every test here uses its own cache folder (``ANTQ_RULES_CACHE_DIR``).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from antq_rules._yaml import YamlDocument, parse_yaml
from antq_rules.packs import _cache, load_pack, load_packs, shipped_packs_dir
from antq_rules.packs._cache import CACHE_ENV, cache_dir, parse_pack_yaml

TT124 = shipped_packs_dir() / "tt124.yaml"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(where))
    return where


def _entries(where: Path) -> list[Path]:
    return sorted(where.glob("*.json")) if where.is_dir() else []


def _same(a: YamlDocument, b: YamlDocument) -> None:
    assert _typed(a.data) == _typed(b.data)
    assert dict(a.marks) == dict(b.marks)


def _typed(v: Any) -> Any:
    """Values with their exact types (Decimal('0.70') is not Decimal('0.7'), 1 is not True)."""
    if isinstance(v, dict):
        return {k: _typed(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_typed(x) for x in v]
    return (type(v).__name__, str(v))


# --- import laziness -------------------------------------------------------------------------------------


def _run(code: str, env: dict[str, str] | None = None) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    return out.stdout.strip()


def test_import_loads_neither_pint_nor_pydantic() -> None:
    heavy = ("pint", "numpy", "pydantic", "openpyxl", "jinja2", "rich", "babel", "yaml")
    code = f"import sys, antq_rules; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    assert _run(code) == "[]"


def test_loading_and_evaluating_without_unit_conversion_does_not_import_pint() -> None:
    code = (
        "import sys, antq_rules; r = antq_rules.evaluate_file('examples/tt124/kdc-fail.yaml'); "
        "print(r.outcome, 'pint' in sys.modules)"
    )
    assert _run(code) == "fail False"


def test_a_value_with_another_unit_imports_pint_and_is_converted_or_refused() -> None:
    code = (
        "import sys, antq_rules\n"
        "from antq_rules.units import to_declared_unit\n"
        "before = 'pint' in sys.modules\n"
        "print(before, to_declared_unit('85 %', 'ratio'), 'pint' in sys.modules)\n"
        "pack = antq_rules.shipped_pack('vn.bca.tt124')\n"
        "unit = {'id': 'X', 'subject': 'kdc', 'kind': 'to_dan_pho'}\n"
        "try:\n"
        "    antq_rules.evaluate(pack, unit, 2026, {'households_resident': '412 person'})\n"
        "except antq_rules.InputError as exc:\n"
        "    print('households_resident' in str(exc), 'person' in str(exc))\n"
    )
    assert _run(code).splitlines() == ["False 17/20 True", "True True"]


def test_exports_are_the_same_objects_as_in_their_modules() -> None:
    import antq_rules
    from antq_rules.engine import evaluate
    from antq_rules.packs import PackRegistry

    assert antq_rules.evaluate is evaluate and antq_rules.PackRegistry is PackRegistry
    assert set(antq_rules.__all__) <= set(dir(antq_rules))
    assert antq_rules.packs.load_packs is load_packs  # a subpackage read as an attribute
    with pytest.raises(AttributeError):
        _ = antq_rules.no_such_name


# --- the cache ---------------------------------------------------------------------------------------------


def test_warm_load_is_the_same_as_parsing_the_yaml(folder: Path) -> None:
    raw = TT124.read_bytes()
    cold = parse_pack_yaml(raw, "tt124.yaml")
    assert len(_entries(folder)) == 1
    warm = parse_pack_yaml(raw, "tt124.yaml")
    _same(warm, parse_yaml(raw, "tt124.yaml"))
    _same(cold, warm)
    assert warm.file == "tt124.yaml"


def test_a_pack_loaded_warm_equals_the_pack_loaded_cold(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = load_pack(TT124)
    warm = load_pack(TT124)
    monkeypatch.setenv(CACHE_ENV, "off")
    off = load_pack(TT124)
    for pack in (warm, off):
        assert pack.content_hash == cold.content_hash
        assert pack.model == cold.model
        assert [c.check.source for c in pack.criteria] == [c.check.source for c in cold.criteria]


def test_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "off")
    assert cache_dir() is None
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    parse_pack_yaml(TT124.read_bytes(), "tt124.yaml")
    assert list(tmp_path.rglob("*")) == []


def test_default_folder_is_the_users_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    if sys.platform.startswith("linux"):
        assert cache_dir() == tmp_path / "antq-rules" / "packs"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:-1], id="last-byte-missing"),
        pytest.param(lambda b: b.replace(b'"vn.bca.tt124"', b'"vn.bca.tt125"', 1), id="value-changed"),
        pytest.param(lambda b: b.replace(b"true", b"fals", 1), id="json-broken"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b"\x00" * 100, id="garbage"),
        pytest.param(lambda b: b.split(b"\n", 1)[1], id="header-missing"),
    ],
)
def test_a_damaged_entry_is_detected_and_rebuilt(folder: Path, damage: Any) -> None:
    raw = TT124.read_bytes()
    parse_pack_yaml(raw, "tt124.yaml")
    (entry,) = _entries(folder)
    good = entry.read_bytes()
    entry.write_bytes(damage(good))
    assert _cache._read(entry, entry.stem, "tt124.yaml") is None  # detected (by the hash of the body)
    assert not entry.exists()  # and removed
    doc = parse_pack_yaml(raw, "tt124.yaml")  # rebuilt from the file
    _same(doc, parse_yaml(raw, "tt124.yaml"))
    assert entry.read_bytes() == good


def test_a_tampered_entry_with_a_matching_hash_is_still_held_to_the_readers_bounds(folder: Path) -> None:
    raw = TT124.read_bytes()
    parse_pack_yaml(raw, "tt124.yaml")
    (entry,) = _entries(folder)
    header, _data, marks = entry.read_bytes().split(b"\n")
    fmt, key, _ = header.split(b" ")
    for bad in (b'{"x": 1e999}', b'{"x": ' + b"9" * 40 + b"}", b'{"x": {"$decimal": "1e999999"}}', b"NaN"):
        rest = bad + b"\n" + marks
        entry.write_bytes(b" ".join((fmt, key, hashlib.sha256(rest).hexdigest().encode())) + b"\n" + rest)
        assert _cache._read(entry, key.decode(), "tt124.yaml") is None


def test_an_entry_of_another_file_is_not_used(folder: Path) -> None:
    a, b = TT124.read_bytes(), (shipped_packs_dir() / "qd510.yaml").read_bytes()
    parse_pack_yaml(a, "a.yaml")
    parse_pack_yaml(b, "b.yaml")
    one, two = _entries(folder)
    one.write_bytes(two.read_bytes())  # a valid entry, under another key
    _same(parse_pack_yaml(a, "a.yaml"), parse_yaml(a, "a.yaml"))
    _same(parse_pack_yaml(b, "b.yaml"), parse_yaml(b, "b.yaml"))


def test_a_new_library_version_does_not_read_old_entries(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = TT124.read_bytes()
    parse_pack_yaml(raw, "tt124.yaml")
    monkeypatch.setattr(_cache, "_code_fingerprint", lambda: b"another version of the library")
    parse_pack_yaml(raw, "tt124.yaml")
    assert len(_entries(folder)) == 2


def test_an_unwritable_folder_means_no_cache_and_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = TT124.read_bytes()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))  # cannot be created
    _same(parse_pack_yaml(raw, "x.yaml"), parse_yaml(raw, "x.yaml"))

    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(30, "Read-only file system")

    where = tmp_path / "home" / ".cache"
    monkeypatch.setenv(CACHE_ENV, str(where))
    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    _same(parse_pack_yaml(raw, "x.yaml"), parse_yaml(raw, "x.yaml"))
    assert _entries(where) == []


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_to_is_not_used(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    parse_pack_yaml(TT124.read_bytes(), "tt124.yaml")
    assert _entries(folder) == []


def test_the_number_of_entries_is_bounded(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_cache, "MAX_ENTRIES", 3)
    for i in range(6):
        parse_pack_yaml(f"id: p{i}\n".encode(), f"p{i}.yaml")
    assert len(_entries(folder)) == 3


def test_two_processes_writing_at_once_corrupt_nothing(folder: Path) -> None:
    code = (
        "import sys, pathlib; from antq_rules.packs._cache import parse_pack_yaml\n"
        "raw = pathlib.Path(sys.argv[1]).read_bytes()\n"
        "for _ in range(5): parse_pack_yaml(raw, 'x.yaml')\n"
    )
    env = {**os.environ, CACHE_ENV: str(folder)}
    for _ in range(3):
        for e in _entries(folder):
            e.unlink()
        procs = [subprocess.Popen([sys.executable, "-c", code, str(TT124)], env=env, cwd=ROOT) for _ in range(4)]
        assert all(p.wait() == 0 for p in procs)
        (entry,) = _entries(folder)
        found = _cache._read(entry, entry.stem, "x.yaml")
        assert found is not None
        _same(found[0], parse_yaml(TT124.read_bytes(), "x.yaml"))
    assert [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")] == []


def test_threads_reading_while_others_write_see_a_whole_entry_or_none(folder: Path) -> None:
    raw = TT124.read_bytes()
    expected = _typed(parse_yaml(raw, "x.yaml").data)
    wrong: list[str] = []

    def work() -> None:
        for _ in range(4):
            for e in _entries(folder):
                try:
                    found = _cache._read(e, e.stem, "x.yaml")
                except Exception as exc:  # any exception is a failure here
                    wrong.append(repr(exc))
                    continue
                if found is not None and _typed(found[0].data) != expected:
                    wrong.append("a mixed entry")
            if _typed(parse_pack_yaml(raw, "x.yaml").data) != expected:
                wrong.append("wrong data")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


# --- round trip of every kind of value the YAML reader gives ----------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**15), max_value=10**15)
    | st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9)
    | st.text(max_size=20)
    | st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1))
    | st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)).map(
        lambda d: d.replace(tzinfo=timezone(timedelta(hours=7)))
    )
)
_keys = st.text(max_size=12).filter(lambda k: not k.startswith("$"))
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None)
@given(data=st.dictionaries(_keys, _values, max_size=5))
def test_property_an_entry_reads_back_exactly_what_was_written(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp) / "c"
        marks = {(): (1, 1), **{(k,): (i + 2, 3) for i, k in enumerate(data)}}
        doc = YamlDocument(data=data, file="f.yaml", marks=marks)
        entry = where / "k.json"
        _cache._write(where, entry, "k", doc)
        back = _cache._read(entry, "k", "f.yaml")
        assert back is not None
        _same(back[0], doc)


def test_data_with_keys_that_look_like_tags_is_not_cached(folder: Path) -> None:
    doc = YamlDocument(data={"$decimal": "1"}, file="f.yaml", marks={(): (1, 1)})
    _cache._write(folder, folder / "k.json", "k", doc)
    assert _entries(folder) == []


def test_the_entry_format_is_three_lines_of_json(folder: Path) -> None:
    parse_pack_yaml(b"a: 0.70\nb: 2026-01-01\n", "f.yaml")
    (entry,) = _entries(folder)
    header, data, marks = entry.read_bytes().split(b"\n")
    assert header.split(b" ")[1].decode() == entry.stem
    assert json.loads(data) == {"a": {"$decimal": "0.70"}, "b": {"$date": "2026-01-01"}}
    assert [1, 1] in [row[:2] for row in json.loads(marks)]
    assert Decimal("0.70") == parse_pack_yaml(b"a: 0.70\nb: 2026-01-01\n", "f.yaml").data["a"]


# --- the console script -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("argv", "code"), [(["--version"], 0), (["--no-such-option"], 2)])
def test_the_console_script_exits_with_the_commands_code(argv: list[str], code: int) -> None:
    run = "import sys; from antq_rules._console import run; sys.argv = ['antq-rules', *sys.argv[1:]]; run()"
    out = subprocess.run([sys.executable, "-c", run, *argv], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == code


def test_the_console_script_prints_everything_before_it_exits(tmp_path: Path) -> None:
    run = "import sys; from antq_rules._console import run; sys.argv = ['antq-rules', *sys.argv[1:]]; run()"
    argv = ["evaluate", "examples/tt124/kdc-fail.yaml", "--format", "json"]
    out = subprocess.run([sys.executable, "-c", run, *argv], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(out.stdout)["outcome"] == "fail"


# --- the shipped registry compiles a pack when it is first asked for ----------------------------------------


def _loaded_after(code: str) -> list[str]:
    """The shipped pack ids a fresh process compiles while it runs ``code``."""
    out = _run(
        "import antq_rules.packs._registry as r\n"
        "loaded = []\n"
        "real = r._shipped_of.__wrapped__\n"
        "def spy(pack_id):\n"
        "    loaded.append(pack_id)\n"
        "    return real(pack_id)\n"
        "r._shipped_of = r.cache(spy)\n"
        f"{code}\n"
        "print(' '.join(sorted(loaded)))"
    )
    return out.split()


def test_evaluating_under_one_pack_compiles_only_that_pack() -> None:
    assert _loaded_after("r.PackRegistry.shipped().get('vn.bca.tt124')") == ["vn.bca.tt124"]
    assert _loaded_after("import antq_rules; antq_rules.evaluate_file('examples/tt124/kdc-fail.yaml')") == [
        "vn.bca.tt124"
    ]


def test_an_overlay_asked_for_compiles_its_base_too() -> None:
    assert _loaded_after("r.PackRegistry.shipped().get('vn.vd.tinh_mau.tt124')") == [
        "vn.bca.tt124",
        "vn.vd.tinh_mau.tt124",
    ]


def test_ids_need_no_compiling_and_going_over_the_registry_compiles_all() -> None:
    assert _loaded_after("assert len(r.PackRegistry.shipped().ids()) == 6") == []
    assert len(_loaded_after("list(r.PackRegistry.shipped())")) == 6


def test_the_lazy_registry_holds_what_loading_every_file_gives() -> None:
    from antq_rules.packs import PackRegistry
    from antq_rules.packs._registry import _shipped, _shipped_files

    lazy = PackRegistry(PackRegistry.shipped())  # a copy stays lazy
    eager = load_packs(_shipped_files())
    assert [(p.ref, p.content_hash) for p in lazy] == [(p.ref, p.content_hash) for p in eager]
    assert [p.ref for p in _shipped()] == [p.ref for p in eager]
    assert lazy.ids() == eager.ids()
    assert PackRegistry.shipped().link_problems() == []


def test_adding_a_shipped_pack_again_is_still_refused() -> None:
    from antq_rules import PackError
    from antq_rules.packs import PackRegistry

    reg = PackRegistry.shipped()
    again = load_pack(TT124)
    with pytest.raises(PackError, match="already registered"):
        reg.add(again)
    reg.add(again, replace=True)
    assert reg.get("vn.bca.tt124") is again


def test_threads_asking_a_fresh_registry_at_once_all_get_the_pack() -> None:
    code = (
        "import threading, antq_rules.packs._registry as r\n"
        "reg = r.PackRegistry.shipped(); got = []\n"
        "def ask():\n"
        "    got.append(reg.get('vn.vd.tinh_mau.qd510').ref)\n"
        "threads = [threading.Thread(target=ask) for _ in range(8)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(len(set(got)), len(got))"
    )
    assert _run(code) == "1 8"


def test_without_a_readable_id_line_every_pack_is_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    from antq_rules.packs import PackRegistry, _registry

    monkeypatch.setattr(_registry, "_shipped_index", lambda: None)
    reg = PackRegistry.shipped()
    assert reg._pending == set() and len(list(reg)) == 6
