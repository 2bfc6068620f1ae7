"""Every Python snippet in README.md and docs/*.md runs as written (issue 11 item 7).

Each file's ```python blocks run in order in one fresh namespace (a later block may use what an
earlier one defined), with the repository root as the working directory and a temporary folder for
files a snippet writes. A block preceded by ``<!-- not-run: reason -->`` is skipped, and the reason is
shown; use it sparingly (a snippet that needs a network, a host's own data, or is a fragment).
``<!-- cwd: folder -->`` runs a block in that folder of the repository (a tutorial that says ``cd`` there).
Blocks inside MkDocs tabs (indented) are found too.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w+-]*)[^\n]*$")
_NOT_RUN = re.compile(r"<!--\s*not-run:\s*(?P<reason>.+?)\s*-->")
_CWD = re.compile(r"<!--\s*cwd:\s*(?P<dir>\S+?)\s*-->")


class Block:
    def __init__(self, file: Path, line: int, code: str, skip: str | None, cwd: str | None = None) -> None:
        self.file, self.line, self.code, self.skip, self.cwd = file, line, code, skip, cwd


def python_blocks(path: Path) -> list[Block]:
    """The ```python blocks of a Markdown file, dedented, each with its line and its not-run reason."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        indent, lang, start = m.group("indent"), m.group("lang"), i
        body: list[str] = []
        i += 1
        while i < len(lines) and not (lines[i].strip() == "```" and lines[i].startswith(indent)):
            body.append(lines[i][len(indent) :] if lines[i].startswith(indent) else lines[i].lstrip())
            i += 1
        i += 1
        if lang not in ("python", "py"):
            continue
        marks = []  # the HTML comments just above the fence (blank lines between are fine)
        for k in range(start - 1, -1, -1):
            text = lines[k].strip()
            if not text:
                continue
            if not text.startswith("<!--"):
                break
            marks.append(text)
        skip = next((m for m in map(_NOT_RUN.search, marks) if m), None)
        cwd = next((m for m in map(_CWD.search, marks) if m), None)
        blocks.append(
            Block(
                path,
                start + 1,
                "\n".join(body) + "\n",
                skip.group("reason") if skip else None,
                cwd.group("dir") if cwd else None,
            )
        )
    return blocks


DOCS = [p for p in FILES if python_blocks(p)]


def test_there_are_snippets_to_run() -> None:
    blocks = [b for p in FILES for b in python_blocks(p)]
    assert len(blocks) >= 20
    skipped = [b for b in blocks if b.skip]
    assert len(skipped) <= len(blocks) // 5, "not-run is for the few snippets that cannot run here"


def test_not_run_marks_are_found(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        '```python\nx = 1\n```\n\n=== "Tab"\n\n    <!-- not-run: needs a host database -->\n'
        "    ```python\n    y = x + 1\n    ```\n\n<!-- cwd: examples/population -->\n\n```python\nz = 2\n```\n",
        encoding="utf-8",
    )
    first, second, third = python_blocks(page)
    assert (first.code, first.skip, first.line, first.cwd) == ("x = 1\n", None, 1, None)
    assert (second.code, second.skip) == ("y = x + 1\n", "needs a host database")
    assert (third.code, third.skip, third.cwd) == ("z = 2\n", None, "examples/population")


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_snippets_run(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("ANTQ_RULES_DOCS_TMP", str(tmp_path))
    namespace: dict[str, object] = {"__name__": "__docs__"}
    skipped = []
    before = set(os.listdir(ROOT))
    try:
        for block in python_blocks(path):
            if block.skip:
                skipped.append(f"{path.name}:{block.line}: {block.skip}")
                continue
            code = compile(block.code, f"{path.relative_to(ROOT)}:{block.line}", "exec")
            monkeypatch.chdir(ROOT / block.cwd if block.cwd else ROOT)
            try:
                exec(code, namespace)
            except Exception as exc:
                pytest.fail(f"{path.relative_to(ROOT)}, block at line {block.line}: {type(exc).__name__}: {exc}")
    finally:
        for name in set(os.listdir(ROOT)) - before:  # files a snippet wrote at the root
            target = ROOT / name
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    if skipped:
        print("not run:", *skipped, sep="\n  ")
