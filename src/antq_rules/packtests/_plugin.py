"""pytest plugin (entry point ``pytest11``): every YAML file declaring ``schema: antq-rules/tests/v1``
that pytest is pointed at (or finds under its test paths) is collected, one test per case.

Options: ``--antq-pack PACK`` runs every case against another pack — an id from the registry, or a pack
file such as a province's overlay of the national pack — so a province sees which national cases its
overlay changes; ``--antq-pack-file FILE`` (repeatable) adds pack files to the registry first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from antq_rules.packtests._run import CaseResult, is_test_file, load_test_file, render_results, run_cases

__all__ = ["CaseFile", "CaseItem"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("antq-rules", "antq_rules pack test cases")
    group.addoption(
        "--antq-pack", default=None, metavar="PACK", help="run the cases against this pack (id or pack file)"
    )
    group.addoption(
        "--antq-pack-file", action="append", default=[], metavar="FILE", help="add a pack file to the registry"
    )


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if is_test_file(file_path):
        return CaseFile.from_parent(parent, path=file_path)
    return None


def _setup(config: pytest.Config) -> tuple[Any, Any]:
    cached = getattr(config, "_antq_setup", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    from antq_rules.packs import PackRegistry, load_pack, load_packs

    files = config.getoption("antq_pack_file") or []
    registry = load_packs(files, PackRegistry.shipped()) if files else PackRegistry.shipped()
    chosen = config.getoption("antq_pack")
    pack = None
    if chosen:
        if str(chosen).lower().endswith((".yaml", ".yml", ".json")):
            pack = load_pack(chosen, registry)
        else:
            pack_id, _, version = str(chosen).partition("@")
            pack = registry.get(pack_id, version or None)
    config._antq_setup = (registry, pack)  # type: ignore[attr-defined]
    return registry, pack


class CaseFile(pytest.File):
    """One test-case file: its cases are run once, when the first of them runs."""

    def collect(self) -> Iterator[pytest.Item]:
        from antq_rules.errors import PackError

        try:
            tf = load_test_file(self.path)
        except PackError as exc:
            yield CaseItem.from_parent(self, name="<file>", problems=tuple(exc.problems))
            return
        for i, raw in enumerate(tf.model.cases):
            cid = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{i + 1}"
            yield CaseItem.from_parent(self, name=str(cid), index=i)

    def results(self) -> list[CaseResult]:
        cached: list[CaseResult] | None = getattr(self, "_results", None)
        if cached is None:
            registry, pack = _setup(self.config)
            cached = list(run_cases(load_test_file(self.path), registry, pack))
            self._results = cached
        return cached


class CaseFailed(Exception):
    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.id)
        self.result = result


class CaseItem(pytest.Item):
    def __init__(self, *, index: int = -1, problems: tuple[Any, ...] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.index = index
        self.problems = problems

    def runtest(self) -> None:
        if self.index < 0:
            raise CaseFailed(CaseResult(str(self.path), self.name, None, "error", problems=self.problems))
        assert isinstance(self.parent, CaseFile)
        result = self.parent.results()[self.index]
        if result.status != "passed":
            raise CaseFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            return render_results([excinfo.value.result], "en").rsplit("\n", 2)[0]
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"antq-rules case {self.name}"
