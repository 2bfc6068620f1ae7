"""Load test-case files and run them: every case passes, fails (with what differs) or is an error.

A malformed case is reported with file, line and field and does not stop the other cases; a case that
names a criterion the pack does not have is an error, never a silent pass.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Iterable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import attrs
from pydantic import ValidationError

from antq_rules._text import Lang, Text
from antq_rules._yaml import YamlDocument, YamlProblems, parse_yaml, read_bounded
from antq_rules.errors import AntqError, InputError, PackError, Problem
from antq_rules.inputs import parse_input
from antq_rules.packs import Pack, PackRegistry
from antq_rules.packs._compile import _pydantic_problems
from antq_rules.packtests._schema import TESTS_SCHEMA_ID, BaseModel_, CaseModel, TestFileModel
from antq_rules.results import Result

__all__ = [
    "CaseResult",
    "TestFile",
    "find_test_files",
    "is_test_file",
    "load_test_file",
    "run_cases",
    "run_file",
    "shipped_test_files",
]

Outcome = Literal["passed", "failed", "error"]


@attrs.frozen(slots=True)
class CaseResult:
    """How one case came out. ``differences``: (what, expected, actual) for a failed case;
    ``problems``: why a case is an error (malformed, unknown criterion, unexpected input error)."""

    file: str
    id: str
    line: int | None
    status: Outcome
    why: str | None = None
    differences: tuple[tuple[str, str, str], ...] = ()
    problems: tuple[Problem, ...] = ()
    result: Result | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def nodeid(self) -> str:
        return f"{self.file}::{self.id}"

    def diff(self) -> str:
        """Expected against actual, as a unified diff (one line per difference)."""
        expected = [f"{what}: {exp}" for what, exp, _ in self.differences]
        actual = [f"{what}: {act}" for what, _, act in self.differences]
        return "\n".join(difflib.unified_diff(expected, actual, "expected", "actual", lineterm=""))


@attrs.frozen(slots=True)
class TestFile:
    """A loaded test-case file: its pack, bases and cases (each case still unchecked)."""

    __test__ = False  # not a pytest test class

    path: Path
    doc: YamlDocument
    model: TestFileModel

    @property
    def name(self) -> str:
        return str(self.path)


def is_test_file(path: str | Path) -> bool:
    """Whether a YAML file declares ``schema: antq-rules/tests/v1`` (a cheap look at its first 4 KiB)."""
    p = Path(path)
    if p.suffix.lower() not in (".yaml", ".yml") or not p.is_file():
        return False
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return TESTS_SCHEMA_ID.encode() in head


def shipped_test_files(pack_id: str) -> list[Path]:
    """The test-case files shipped with the library for a pack (e.g. the national TT 124 cases)."""
    from antq_rules.packs import shipped_packs_dir

    folder = shipped_packs_dir() / "tests"
    found = []
    for f in sorted(folder.rglob("*.y*ml")) if folder.is_dir() else ():
        if is_test_file(f):
            with f.open("rb") as fh:
                head = fh.read(4096).decode("utf-8", "replace")
            if f"\npack: {pack_id}\n" in head:
                found.append(f)
    return found


def find_test_files(paths: Iterable[str | Path]) -> list[Path]:
    """Test-case files among ``paths``: files as given, folders searched (sorted, recursively), and a
    pack id (``vn.bca.tt124``) for the cases shipped with the library for that pack."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists() and "/" not in str(raw) and "." in str(raw):
            out.extend(shipped_test_files(str(raw)))
            continue
        if p.is_dir():
            out.extend(f for f in sorted(p.rglob("*.y*ml")) if is_test_file(f))
        else:
            out.append(p)
    return out


def load_test_file(path: str | Path) -> TestFile:
    """Read and check a test-case file's top level; raises :class:`PackError` naming every problem."""
    from antq_rules.packs._registry import read_pack_file

    p = Path(path)
    raw = read_pack_file(p)
    try:
        doc = parse_yaml(raw, str(p))
    except YamlProblems as exc:
        raise PackError(exc.problems) from None
    if not isinstance(doc.data, dict):
        raise PackError(
            [Problem(Text("tệp ca kiểm thử phải là một bảng", "a test file must be a mapping"), file=str(p))]
        )
    try:
        model = TestFileModel.model_validate(_plain(doc.data))
    except ValidationError as exc:
        raise PackError(_pydantic_problems(doc, exc)) from None
    return TestFile(p, doc, model)


def _plain(v: Any) -> Any:
    """YAML's exact decimals as the input schema reads them (text), so numbers keep every digit."""
    from decimal import Decimal

    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def run_file(path: str | Path, registry: PackRegistry | None = None, pack: Pack | None = None) -> list[CaseResult]:
    """Run every case of one file (``pack``: run against this pack instead, e.g. a province's overlay)."""
    try:
        tf = load_test_file(path)
    except PackError as exc:
        first = exc.problems[0] if exc.problems else None
        return [CaseResult(str(path), "<file>", first.line if first else None, "error", problems=tuple(exc.problems))]
    return list(run_cases(tf, registry, pack))


def run_cases(tf: TestFile, registry: PackRegistry | None = None, pack: Pack | None = None) -> Iterator[CaseResult]:
    reg = registry if registry is not None else PackRegistry.shipped()
    target = pack
    if target is None:
        try:
            named = tf.model.pack
            if named.lower().endswith((".yaml", ".yml", ".json")):
                # a pack file beside the cases (e.g. the province's own overlay), relative to this file
                from antq_rules.packs import load_pack

                target = load_pack(tf.path.parent / named, reg)
            else:
                pack_id, _, version = named.partition("@")
                target = reg.get(pack_id, version or None)
        except AntqError as exc:
            message = exc.message if hasattr(exc, "message") else Text(str(exc), str(exc))
            yield CaseResult(
                tf.name, "<file>", tf.doc.line_of(["pack"]), "error", problems=(tf.doc.problem(message, ["pack"]),)
            )
            return
    bases = _Bases(tf)
    for i, raw in enumerate(tf.model.cases):
        yield _run_case(tf, i, raw, bases, target, reg)


class _Bases:
    """Named starting inputs, resolved on first use (a base may derive from another; cycles are errors)."""

    def __init__(self, tf: TestFile) -> None:
        self.tf = tf
        self.done: dict[str, dict[str, Any]] = {}

    def get(self, name: str, path: list[str | int], seen: tuple[str, ...] = ()) -> dict[str, Any]:
        if name in self.done:
            return copy.deepcopy(self.done[name])
        m = self.tf.model.bases.get(name)
        if m is None:
            known = ", ".join(self.tf.model.bases) or "—"
            raise _CaseProblem(
                path, Text(f"không có base '{name}' (có: {known})", f"no base '{name}' (there are: {known})")
            )
        if name in seen:
            chain = " → ".join((*seen, name))
            raise _CaseProblem(["bases", name], Text(f"base tự dẫn vòng: {chain}", f"bases refer in a circle: {chain}"))
        where: list[str | int] = ["bases", name]
        doc = self.source(m, where, (*seen, name))
        doc = _apply(doc, m)
        self.done[name] = doc
        return copy.deepcopy(doc)

    def source(self, m: BaseModel_ | CaseModel, where: list[str | int], seen: tuple[str, ...] = ()) -> dict[str, Any]:
        if m.base is not None:
            return self.get(m.base, [*where, "base"], seen)
        if m.input is not None:
            return copy.deepcopy(_plain(m.input))
        assert m.file is not None
        return self.read(m.file, [*where, "file"])

    def read(self, rel: str, where: list[str | int]) -> dict[str, Any]:
        folder = self.tf.path.resolve().parent
        target = (folder / rel).resolve()
        if not target.is_relative_to(folder):
            raise _CaseProblem(
                where,
                Text(
                    f"tệp '{rel}' nằm ngoài thư mục của tệp ca kiểm thử",
                    f"file '{rel}' is outside the test file's folder",
                ),
            )
        try:
            data = parse_yaml(read_bounded(target), str(target)).data
        except (OSError, InputError, YamlProblems) as exc:
            detail = getattr(exc, "strerror", None) or type(exc).__name__
            raise _CaseProblem(
                where, Text(f"không đọc được '{rel}' ({detail})", f"cannot read '{rel}' ({detail})")
            ) from None
        if not isinstance(data, dict):
            raise _CaseProblem(where, Text(f"'{rel}' không phải tài liệu đầu vào", f"'{rel}' is not an input document"))
        return _plain(data)  # type: ignore[no-any-return]


class _CaseProblem(Exception):
    def __init__(self, path: list[str | int], message: Text) -> None:
        super().__init__(message.en)
        self.path = path
        self.message = message


def _apply(doc: dict[str, Any], m: Any) -> dict[str, Any]:
    """Apply a case's (or a derived base's) changes to an input document."""
    ind = doc.setdefault("indicators", {})
    ind.update(m.set)
    for name in m.drop:
        ind.pop(name, None)
    if m.previous_year is not None:
        doc["previous_year"] = dict(m.previous_year)
    if m.prev_set or m.prev_drop:
        prev = doc.setdefault("previous_year", {})
        prev.update(m.prev_set)
        for name in m.prev_drop:
            prev.pop(name, None)
    if m.events is not None:
        doc["events"] = list(m.events)
    if m.add_events:
        doc["events"] = list(doc.get("events") or []) + list(m.add_events)
    if m.no_events:
        doc.pop("events", None)
    if m.parameters is not None:
        doc["parameters"] = dict(m.parameters)
    if m.scores is not None:
        doc["scores"] = dict(m.scores)
    if m.unit:
        doc.setdefault("unit", {}).update(m.unit)
    if m.year is not None:
        doc["year"] = m.year
    return doc


def _run_case(tf: TestFile, i: int, raw: dict[str, Any], bases: _Bases, pack: Pack, reg: PackRegistry) -> CaseResult:
    at: list[str | int] = ["cases", i]
    cid: str = raw["id"] if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{i + 1}"
    line = tf.doc.line_of(at)
    try:
        case = CaseModel.model_validate(raw)
    except ValidationError as exc:
        problems = _pydantic_problems(_Sub(tf.doc, at), exc)  # type: ignore[arg-type]
        return CaseResult(tf.name, cid, line, "error", problems=tuple(problems))
    try:
        doc = _apply(bases.source(case, at), case)
    except _CaseProblem as exc:
        return CaseResult(tf.name, cid, line, "error", case.why, problems=(tf.doc.problem(exc.message, exc.path),))
    if "year" not in doc and tf.model.year is not None:
        doc["year"] = tf.model.year
    unknown = _unknown_criteria(case, pack, at)
    if unknown:
        return CaseResult(
            tf.name, cid, line, "error", case.why, problems=tuple(tf.doc.problem(t, p) for p, t in unknown)
        )
    from antq_rules import evaluate_document

    try:
        result = evaluate_document(parse_input(doc), pack, reg)
    except InputError as exc:
        got = sorted({p.field for p in exc.problems if p.field})
        if case.error is not None:
            if got == sorted(set(case.error)):
                return CaseResult(tf.name, cid, line, "passed", case.why)
            return CaseResult(
                tf.name, cid, line, "failed", case.why, (("error", ", ".join(sorted(set(case.error))), ", ".join(got)),)
            )
        return CaseResult(tf.name, cid, line, "error", case.why, problems=tuple(exc.problems))
    except AntqError as exc:
        text = Text(exc.render("vi"), exc.render("en"))
        return CaseResult(tf.name, cid, line, "error", case.why, problems=(tf.doc.problem(text, at),))
    if case.error is not None:
        return CaseResult(
            tf.name,
            cid,
            line,
            "failed",
            case.why,
            (("error", ", ".join(case.error), f"outcome {result.outcome}"),),
            result=result,
        )
    differences = _compare(case, result)
    return CaseResult(tf.name, cid, line, "failed" if differences else "passed", case.why, differences, result=result)


class _Sub:
    """A view of the YAML document under a case, so schema problems point into the case."""

    def __init__(self, doc: YamlDocument, at: list[str | int]) -> None:
        self.doc, self.at = doc, at

    def problem(self, message: Text, path: Any) -> Problem:
        return self.doc.problem(message, [*self.at, *path])


def _unknown_criteria(case: CaseModel, pack: Pack, at: list[str | int]) -> list[tuple[list[str | int], Text]]:
    exp = case.expect
    if exp is None:
        return []
    known = set(pack.criteria_by_id) | {i.id for i in (*pack.items, *pack.adjustments)}
    out = []
    for key in ("criteria", "missing", "events"):
        for cid in getattr(exp, key):
            if cid not in known:
                out.append(
                    (
                        [*at, "expect", key, cid],
                        Text(f"gói {pack.ref} không có tiêu chí '{cid}'", f"pack {pack.ref} has no criterion '{cid}'"),
                    )
                )
    if exp.level is not None and exp.level not in {lv.id for lv in pack.levels}:
        out.append(
            (
                [*at, "expect", "level"],
                Text(f"gói {pack.ref} không có mức '{exp.level}'", f"pack {pack.ref} has no level '{exp.level}'"),
            )
        )
    return out


def _compare(case: CaseModel, result: Result) -> tuple[tuple[str, str, str], ...]:
    exp = case.expect
    assert exp is not None
    out: list[tuple[str, str, str]] = []
    if exp.outcome is not None and exp.outcome != result.outcome:
        out.append(("outcome", exp.outcome, result.outcome))
    statuses = {c.id: c for c in result.criteria}
    for cid, want in exp.criteria.items():
        c = statuses.get(cid)
        got = c.status if c is not None else "(not evaluated for this subject)"
        if got != want:
            out.append((cid, want, got))
    for cid, names in exp.missing.items():
        c = statuses.get(cid)
        have = set(c.missing) if c is not None else set()
        if not set(names) <= have:
            out.append((f"{cid} missing", ", ".join(names), ", ".join(sorted(have)) or "—"))
    for cid, records in exp.events.items():
        c = statuses.get(cid)
        got_records = [e.status for e in c.events] if c is not None else []
        if list(records) != got_records:
            out.append((f"{cid} events", ", ".join(records), ", ".join(got_records) or "—"))
    if exp.exclusion is not None:
        got_ex = result.exclusion.id if result.exclusion is not None else "—"
        if got_ex != exp.exclusion:
            out.append(("exclusion", exp.exclusion, got_ex))
    score = result.score
    if exp.score is not None:
        want_score = Fraction(str(exp.score))
        got_score = score.total if score is not None else None
        if got_score is None or Fraction(got_score) != want_score:
            out.append(("score", str(exp.score), "—" if got_score is None else str(got_score)))
    if exp.level is not None:
        got_level = score.level if score is not None else None
        if got_level != exp.level:
            out.append(("level", exp.level, got_level or "—"))
    return tuple(out)


def render_results(results: list[CaseResult], lang: Lang = "vi", verbose: bool = False) -> str:
    """A pass/fail report for a person: failures and errors in full (with a diff), then the counts."""
    lines: list[str] = []
    for r in results:
        if r.status == "passed" and not verbose:
            continue
        where = f"{r.file}:{r.line}" if r.line else r.file
        mark = {"passed": "✓", "failed": "✗", "error": "!"}[r.status]
        word = {"passed": ("ĐẠT", "PASSED"), "failed": ("SAI", "FAILED"), "error": ("LỖI", "ERROR")}[r.status]
        lines.append(f"{mark} {word[0] if lang == 'vi' else word[1]} {r.id} ({where})")
        if r.why:
            lines.append(f"    {'vì' if lang == 'vi' else 'why'}: {r.why}")
        if r.differences:
            lines.extend("    " + d for d in r.diff().splitlines())
            if r.result is not None and any(what == "outcome" for what, _, _ in r.differences):
                off = [f"{c.id} ({c.status})" for c in r.result.criteria if c.status in ("not_met", "undetermined")]
                if off:
                    lines.append(
                        f"    {'tiêu chí không đạt / chưa xác định' if lang == 'vi' else 'criteria not met / undetermined'}: {', '.join(off)}"
                    )
            if r.result is not None:
                from antq_rules.explanations import render_criterion

                for what, _, _ in r.differences:
                    c = next((c for c in r.result.criteria if c.id == what), None)
                    if c is not None:
                        lines.extend("      " + x for x in render_criterion(c, lang))
        lines.extend(f"    - {p.render(lang)}" for p in r.problems)
    counts = {s: sum(r.status == s for r in results) for s in ("passed", "failed", "error")}
    files = len({r.file for r in results})
    if lang == "vi":
        lines.append(
            f"{len(results)} ca trong {files} tệp: {counts['passed']} đạt, {counts['failed']} sai, {counts['error']} lỗi"
        )
    else:
        lines.append(
            f"{len(results)} cases in {files} files: {counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors"
        )
    return "\n".join(lines) + "\n"
