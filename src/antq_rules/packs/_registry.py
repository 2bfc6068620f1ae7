"""Find packs: the ones shipped with the library, or a pack file; choose the version in force."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from antq_rules._text import Text
from antq_rules._yaml import YamlProblems, read_bounded
from antq_rules.errors import EvaluationError, PackError, Problem, cannot_read
from antq_rules.packs._compile import load_pack_text
from antq_rules.packs._model import Pack

__all__ = ["PackRegistry", "load_pack", "load_packs", "packs_loading_together", "shipped_packs_dir"]


def read_pack_file(p: Path) -> bytes:
    """The bytes of a pack-format file (pack, plan, test cases): bounded, or a PackError naming the file."""
    try:
        return read_bounded(p)  # a regular file, at most MAX_BYTES + 1 bytes read
    except YamlProblems as exc:
        raise PackError(exc.problems) from None
    except OSError as exc:
        raise PackError([Problem(cannot_read(exc), file=str(p))]) from None


def load_pack(path: str | Path, registry: PackRegistry | None = None) -> Pack:
    """Load and compile one pack file. Raises :class:`~antq_rules.errors.PackError`.

    Only the named file is read; a pack cannot include other files. A province overlay
    (``extends``) takes its base pack from ``registry`` (default: the shipped packs).
    """
    from antq_rules.inputs._arguments import require_path

    require_path(path, PackError)
    p = Path(path)
    pack = load_pack_text(read_pack_file(p), str(p), registry, cache=True)
    problems = _repoint_problems(pack, registry if registry is not None else PackRegistry.shipped())
    if problems:
        raise PackError(problems)
    return pack


def _repoint_problems(pack: Pack, registry: PackRegistry) -> list[Problem]:
    """A requirement an overlay re-points must name a pack that is loaded (else it could never be met)."""
    if pack.overlay is None:
        return []
    known = set(registry.ids()) | {pack.id}
    return [
        Problem(
            Text(
                f"phụ thuộc '{alias}' được trỏ sang gói '{target}', nhưng không có gói đó (có: {', '.join(sorted(known))})",
                f"requirement '{alias}' is re-pointed to pack '{target}', which is not loaded (known: {', '.join(sorted(known))})",
            ),
            file=pack.file,
            field=f"requires.{alias}",
        )
        for alias, target in pack.overlay.repointed.items()
        if target not in known
    ]


def load_packs(
    paths: Iterable[str | Path], registry: PackRegistry | None = None, replace: bool = False
) -> PackRegistry:
    """Load several pack files into one registry (bases before the overlays that extend them).

    Every file's problems are collected and reported together; requirement cycles are load errors.
    """
    from antq_rules.inputs._arguments import require_path

    if isinstance(paths, (str, bytes)) or not isinstance(paths, Iterable):
        wrong = Text("cần một danh sách đường dẫn tệp", "expected a list of file paths (one path: put it in a list)")
        raise PackError([Problem(wrong, field="paths")])
    paths = list(paths)
    for one in paths:
        require_path(one, PackError)
    reg = registry if registry is not None else PackRegistry()
    pending = [Path(p) for p in paths]
    problems: list[Problem] = []
    loaded: set[str] = set()
    while pending:
        progress = False
        waiting = []
        for p in pending:
            raw = read_pack_file(p)
            try:
                pack = load_pack_text(raw, str(p), reg, cache=True)
            except PackError as exc:
                base_missing = b"extends:" in raw and any((q.field or "") == "extends" for q in exc.problems)
                if base_missing:
                    waiting.append((p, exc))
                    continue
                problems.extend(exc.problems)
                continue
            try:
                if pack.ref in loaded:
                    raise PackError(
                        [
                            Problem(
                                Text(
                                    f"gói {pack.ref} đã có (tệp thứ hai cùng mã và phiên bản)",
                                    f"pack {pack.ref} is already registered (a second file with the same id and version)",
                                ),
                                file=str(p),
                            )
                        ]
                    )
                reg.add(pack, replace)
                loaded.add(pack.ref)
            except PackError as clash:
                problems.extend(clash.problems)
            progress = True
        if not progress:
            for _, stuck in waiting:
                problems.extend(stuck.problems)
            break
        pending = [p for p, _ in waiting]
    problems.extend(reg.link_problems())
    if problems:
        raise PackError(problems)
    return reg


def packs_loading_together(paths: Iterable[str | Path]) -> tuple[dict[str, Pack], dict[str, PackError]]:
    """Every file of ``paths`` loaded with the shipped packs and with each other (an overlay after the pack
    it extends, whatever the order): the packs that load and the error of each file that does not, by the
    path as given. ``antq-rules check`` reports them file by file; each file is read once."""
    reg = PackRegistry(PackRegistry.shipped())
    loaded: dict[str, Pack] = {}
    failed: dict[str, PackError] = {}
    pending = [str(p) for p in paths]
    while pending:
        waiting = []
        for p in pending:
            try:
                pack = load_pack(p, reg)
                reg.add(pack, replace=True)
                loaded[p] = pack
            except PackError as exc:
                failed[p] = exc
                waiting.append(p)
        if len(waiting) == len(pending):
            break
        pending = waiting
    return loaded, {p: e for p, e in failed.items() if p not in loaded}


def shipped_packs_dir() -> Path:
    """The folder of the packs shipped with the library (inside the installed package)."""
    installed = resources.files("antq_rules") / "_packs"
    if installed.is_dir():
        return Path(str(installed))
    # running from a source checkout (editable install): the repository's packs/ folder
    return Path(__file__).resolve().parents[3] / "packs"


class PackRegistry:
    """A set of packs, possibly several versions of each; picks the version in force for a year.

    >>> reg = PackRegistry.shipped()
    >>> reg.get("vn.bca.tt124").instrument.number
    '124/2021/TT-BCA'
    """

    def __init__(self, packs: Iterable[Pack] = ()) -> None:
        self._packs: dict[str, list[Pack]] = {}
        # shipped pack ids whose packs are compiled when first asked for (see shipped()); a lock, because
        # two threads asking at once must not see the id neither loaded nor pending
        self._pending: set[str] = set()
        self._lock = threading.RLock()
        if isinstance(packs, PackRegistry):  # a copy: what the other has not loaded yet is loaded when used
            with packs._lock:
                self._pending = set(packs._pending)
                self._packs = {pid: list(versions) for pid, versions in packs._packs.items()}
            return
        for p in packs:
            self.add(p)

    @classmethod
    def shipped(cls) -> PackRegistry:
        """The national packs that ship with the library.

        Each pack is compiled the first time it is asked for (by id, or by going over the registry), once
        per process: evaluating a unit under one pack does not compile the others.
        """
        index = _shipped_index()
        if index is None:  # a shipped file whose id could not be read: compile them all now
            return cls(_shipped())
        return cls._of_shipped(list(index))

    @classmethod
    def _of_shipped(cls, pack_ids: list[str]) -> PackRegistry:
        """A registry of these shipped pack ids, each compiled when first asked for (the ids keep their
        order, whatever is loaded first)."""
        reg = cls()
        reg._packs = {pid: [] for pid in pack_ids}
        reg._pending = set(pack_ids)
        return reg

    def _need(self, pack_id: str) -> None:
        """Compile the shipped packs of ``pack_id`` into this registry if they are still pending."""
        if pack_id not in self._pending:
            return
        with self._lock:
            if pack_id in self._pending:
                for pack in _shipped_of(pack_id):
                    self._insert(pack)
                self._pending.discard(pack_id)

    def _need_all(self) -> None:
        for pack_id in list(self._pending):
            self._need(pack_id)

    def add(self, pack: Pack, replace: bool = False) -> None:
        """Register ``pack``; the same ``id@version`` twice is an error unless ``replace`` is set."""
        self._need(pack.id)
        self._insert(pack, replace)

    def _insert(self, pack: Pack, replace: bool = False) -> None:
        versions = self._packs.setdefault(pack.id, [])
        if replace:
            versions[:] = [v for v in versions if v.version != pack.version]
        if any(v.version == pack.version for v in versions):
            raise PackError(
                [Problem(Text(f"gói {pack.ref} đã có", f"pack {pack.ref} is already registered"), file=pack.file)]
            )
        versions.append(pack)
        versions.sort(key=lambda p: p.effective_from)

    def link_problems(self) -> list[Problem]:
        """Requirement cycles, and requirements whose declared outcomes differ from the required pack's."""
        self._need_all()
        problems = self.cycle_problems()
        for versions in self._packs.values():
            for p in versions:
                problems += _repoint_problems(p, self)
                for rq in p.requires:
                    for target in self._packs.get(rq.pack, ()):
                        have = ("fail", "pass") if target.kind == "standard" else tuple(lv.id for lv in target.levels)
                        if tuple(rq.outcomes) != have:
                            problems.append(
                                Problem(
                                    Text(
                                        f"phụ thuộc '{rq.id}': kết quả khai báo {list(rq.outcomes)} khác kết quả của {target.ref} {list(have)}",
                                        f"requirement '{rq.id}': declared outcomes {list(rq.outcomes)} differ from those of {target.ref} {list(have)}",
                                    ),
                                    file=p.file,
                                    field="requires",
                                )
                            )
        return problems

    def cycle_problems(self) -> list[Problem]:
        """Problems for every cycle of requirements between the registered packs (by id)."""
        self._need_all()
        graph = {pid: {r.pack for p in versions for r in p.requires} for pid, versions in self._packs.items()}
        problems: list[Problem] = []
        state: dict[str, int] = {}

        def visit(node: str, trail: list[str]) -> None:
            state[node] = 1
            for nxt in sorted(graph.get(node, ())):
                if state.get(nxt) == 1:
                    cycle = " → ".join([*trail[trail.index(nxt) :], nxt]) if nxt in trail else f"{node} → {nxt}"
                    file = self._packs[node][-1].file
                    problems.append(
                        Problem(
                            Text(
                                f"phụ thuộc vòng tròn giữa các gói: {cycle}",
                                f"requirement cycle between packs: {cycle}",
                            ),
                            file=file,
                            field="requires",
                        )
                    )
                elif state.get(nxt) is None and nxt in graph:
                    visit(nxt, [*trail, nxt])
            state[node] = 2

        for pid in sorted(graph):
            if state.get(pid) is None:
                visit(pid, [pid])
        return problems

    def __iter__(self) -> Iterator[Pack]:
        self._need_all()
        for versions in list(self._packs.values()):
            yield from versions

    def ids(self) -> list[str]:
        return sorted(self._packs)

    def versions(self, pack_id: str) -> list[Pack]:
        self._need(pack_id)
        return list(self._packs.get(pack_id, ()))

    def select(self, pack_id: str, version: str | None, subject: str, year: int) -> Pack:
        """The pack a unit's evaluation uses: ``version`` if given, else the version in force on the
        last day of the subject's evaluation window for ``year``."""
        from antq_rules.inputs._arguments import require_year  # (the inputs package imports this one)

        require_year(year)
        if version is not None:
            return self.get(pack_id, version)
        newest = self.get(pack_id)
        if subject not in newest.subjects:
            return newest  # input validation names the unknown subject
        return self.get(pack_id, on=newest.evaluation_window(subject, year)[1])

    def get(self, pack_id: str, version: str | None = None, on: date | None = None) -> Pack:
        """The pack ``pack_id`` at ``version``, or the version in force ``on`` a day, or the newest."""
        self._need(pack_id)
        versions = self._packs.get(pack_id)
        if not versions:
            from antq_rules._suggest import did_you_mean  # the error path only

            known = ", ".join(self.ids()) or "—"
            hint = did_you_mean(pack_id, self.ids())
            raise EvaluationError(
                Text(
                    f"không có gói '{pack_id}' (có: {known}){hint.vi}", f"no pack '{pack_id}' (known: {known}){hint.en}"
                )
            )
        if version is not None:
            for p in versions:
                if p.version == version:
                    return p
            raise EvaluationError(
                Text(f"gói '{pack_id}' không có phiên bản {version}", f"pack '{pack_id}' has no version {version}")
            )
        if on is None:
            return versions[-1]
        in_force = [p for p in versions if p.in_force(on)]
        if not in_force:
            raise EvaluationError(
                Text(
                    f"không có phiên bản nào của gói '{pack_id}' có hiệu lực ngày {on:%d/%m/%Y}",
                    f"no version of pack '{pack_id}' is in force on {on:%Y-%m-%d}",
                )
            )
        return in_force[-1]


def _shipped_files() -> list[Path]:
    folder = shipped_packs_dir()
    return sorted(folder.glob("*.yaml")) + sorted(folder.glob("examples/*.yaml"))


@lru_cache(maxsize=1)
def _shipped() -> tuple[Pack, ...]:
    """Every shipped pack, compiled and checked together (requirements, cycles, re-pointed requirements)."""
    index = _shipped_index()
    if index is None:
        return tuple(load_packs(_shipped_files()))
    packs = tuple(p for pack_id in index for p in _shipped_of(pack_id))
    problems = PackRegistry(packs).link_problems()
    if problems:
        raise PackError(problems)
    return packs


# A shipped file's id is read from its top-level ``id:`` line, without parsing it, so that one pack can be
# compiled without the others; a file whose line is not found (or an id in two files) means "compile all".
_TOP_ID = re.compile(rb"^id:[ \t]*([A-Za-z0-9_.\-]+)[ \t]*\r?$", re.MULTILINE)


@lru_cache(maxsize=1)
def _shipped_index() -> dict[str, Path] | None:
    """Shipped pack id → its file (in the files' order), or None when an id cannot be read."""
    index: dict[str, Path] = {}
    for f in _shipped_files():
        try:
            found = _TOP_ID.findall(read_bounded(f))
        except (OSError, YamlProblems):
            return None
        if len(found) != 1 or found[0].decode() in index:
            return None
        index[found[0].decode()] = f
    return index


@cache
def _shipped_of(pack_id: str) -> tuple[Pack, ...]:
    """The shipped pack ``pack_id``, compiled once per process (an overlay takes its base from the others)."""
    index = _shipped_index()
    assert index is not None
    others = PackRegistry._of_shipped([pid for pid in index if pid != pack_id])
    path = index[pack_id]
    pack = load_pack_text(read_pack_file(path), str(path), others, cache=True)
    if pack.id != pack_id:  # the id line was not the pack's id
        raise PackError(
            [Problem(Text("mã gói không khớp", "the pack's id does not match its id line"), file=str(path))]
        )
    return (pack,)
