"""Shared fixtures of the core test suite.

The packs used here are illustrative test fixtures (``tests/fixtures/mini.yaml``, id
``test.mini``, and ``tests/fixtures/extra.yaml``, id ``test.extra``); they are not law.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from antq_rules import PackError, evaluate
from antq_rules.errors import Problem
from antq_rules.packs import Pack, load_pack, load_pack_text
from antq_rules.results import Result

FIXTURES = Path(__file__).parent / "fixtures"

# The pack cache of this test session is a temporary folder (the suite loads hundreds of test packs; the
# user's cache folder is left alone). Child processes inherit it. Set ANTQ_RULES_CACHE_DIR to choose.
_SESSION_CACHE = None if "ANTQ_RULES_CACHE_DIR" in os.environ else tempfile.mkdtemp(prefix="antq-rules-cache-")
if _SESSION_CACHE is not None:
    os.environ["ANTQ_RULES_CACHE_DIR"] = _SESSION_CACHE


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SESSION_CACHE is not None:
        shutil.rmtree(_SESSION_CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def mini_path() -> Path:
    return FIXTURES / "mini.yaml"


@pytest.fixture(scope="session")
def mini_text(mini_path: Path) -> str:
    return mini_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def mini_pack(mini_path: Path) -> Pack:
    """The small illustrative pack ``test.mini`` (subject kdc; criteria C1, C2, C3)."""
    return load_pack(mini_path)


@pytest.fixture(scope="session")
def extra_path() -> Path:
    return FIXTURES / "extra.yaml"


@pytest.fixture(scope="session")
def extra_text(extra_path: Path) -> str:
    return extra_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def extra_pack(extra_path: Path) -> Pack:
    """The illustrative pack ``test.extra``: exclusion, percent/ratio units, sets, event filters."""
    return load_pack(extra_path)


@pytest.fixture(scope="session")
def kdc_unit() -> dict[str, Any]:
    return {"id": "U1", "subject": "kdc", "kind": "thon", "name": "Thôn Thử (minh hoạ)"}


@pytest.fixture(scope="session")
def cq_unit() -> dict[str, Any]:
    return {"id": "Q1", "subject": "cq", "kind": "co_quan"}


@pytest.fixture(scope="session")
def mini_good() -> dict[str, Any]:
    """Indicators of ``test.mini`` that meet every criterion for evaluation year 2026."""
    return {
        "resident": 10,
        "registered": 10,
        "reg_date": "2026-02-01",
        "crimes": 2,
        "rating": "mid",
    }


@pytest.fixture(scope="session")
def mini_prev() -> dict[str, Any]:
    return {"crimes": 3}


@pytest.fixture(scope="session")
def run_mini(
    mini_pack: Pack, kdc_unit: dict[str, Any], mini_good: dict[str, Any], mini_prev: dict[str, Any]
) -> Callable[..., Result]:
    """Evaluate ``test.mini`` for 2026; keyword arguments override the passing input."""

    def run(
        indicators: dict[str, Any] | None = None,
        previous_year: dict[str, Any] | None = None,
        events: list[dict[str, Any]] | None = None,
        parameters: dict[str, Any] | None = None,
        pack: Pack | None = None,
        year: int = 2026,
    ) -> Result:
        return evaluate(
            pack or mini_pack,
            kdc_unit,
            year,
            mini_good if indicators is None else indicators,
            mini_prev if previous_year is None else previous_year,
            events or [],
            parameters,
        )

    return run


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"fixture edit must match exactly once: {old!r} (found {text.count(old)})"
    return text.replace(old, new)


@pytest.fixture(scope="session")
def edit() -> Callable[..., str]:
    """``edit(text, (old, new), ...)``: replace each ``old`` (which must occur exactly once)."""

    def do(text: str, *pairs: tuple[str, str]) -> str:
        for old, new in pairs:
            text = _replace_once(text, old, new)
        return text

    return do


@pytest.fixture(scope="session")
def pack_problems() -> Callable[[str], tuple[Problem, ...]]:
    """Load a (broken) pack text as ``broken.yaml``; return the problems of its PackError."""

    def do(text: str) -> tuple[Problem, ...]:
        with pytest.raises(PackError) as info:
            load_pack_text(text, "broken.yaml")
        return info.value.problems

    return do


@pytest.fixture(scope="session")
def line_of() -> Callable[[str, str], int]:
    """1-based line of the single line of ``text`` that contains ``needle``."""

    def do(text: str, needle: str) -> int:
        hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
        assert len(hits) == 1, f"{needle!r} found on lines {hits}"
        return hits[0]

    return do
