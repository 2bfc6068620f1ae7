"""Find packs: the ones shipped with the library, or a pack file; choose the version in force."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from antq_rules._text import Text
from antq_rules.errors import EvaluationError, PackError, Problem
from antq_rules.packs._compile import load_pack_text
from antq_rules.packs._model import Pack

__all__ = ["PackRegistry", "load_pack", "shipped_packs_dir"]


def load_pack(path: str | Path) -> Pack:
    """Load and compile one pack file. Raises :class:`~antq_rules.errors.PackError`.

    Only the named file is read; a pack cannot include or reference other files.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise PackError(
            [Problem(Text(f"không đọc được tệp: {exc.strerror}", f"cannot read file: {exc.strerror}"), file=str(p))]
        ) from None
    return load_pack_text(raw, str(p))


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
        for p in packs:
            self.add(p)

    @classmethod
    def shipped(cls) -> PackRegistry:
        """The national packs that ship with the library (loaded once and cached)."""
        return cls(_shipped())

    def add(self, pack: Pack) -> None:
        versions = self._packs.setdefault(pack.id, [])
        if any(v.version == pack.version for v in versions):
            raise PackError(
                [Problem(Text(f"gói {pack.ref} đã có", f"pack {pack.ref} is already registered"), file=pack.file)]
            )
        versions.append(pack)
        versions.sort(key=lambda p: p.effective_from)

    def __iter__(self) -> Iterator[Pack]:
        for versions in self._packs.values():
            yield from versions

    def ids(self) -> list[str]:
        return sorted(self._packs)

    def versions(self, pack_id: str) -> list[Pack]:
        return list(self._packs.get(pack_id, ()))

    def get(self, pack_id: str, version: str | None = None, on: date | None = None) -> Pack:
        """The pack ``pack_id`` at ``version``, or the version in force ``on`` a day, or the newest."""
        versions = self._packs.get(pack_id)
        if not versions:
            known = ", ".join(self.ids()) or "—"
            raise EvaluationError(
                Text(f"không có gói '{pack_id}' (có: {known})", f"no pack '{pack_id}' (known: {known})")
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


@lru_cache(maxsize=1)
def _shipped() -> tuple[Pack, ...]:
    folder = shipped_packs_dir()
    return tuple(load_pack(p) for p in sorted(folder.glob("*.yaml")))
