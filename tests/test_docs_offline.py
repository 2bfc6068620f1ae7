"""The documentation site works offline: nothing (fonts, scripts, styles, images) is fetched from an outside host.

Links to sources (``<a href="https://…">``) are fine: a reader follows them on purpose. Assets are not:
a copy of the site on an offline intranet must render without any request leaving it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]

# an element that makes the browser fetch its URL (not <a>, which the reader follows on purpose)
_ASSET = re.compile(
    r"<(?:link|script|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?"
    r"\b(?:src|href|data|srcset|poster)\s*=\s*[\"']?\s*((?:https?:)?//[^\"'\s>]+)",
    re.IGNORECASE,
)
_CSS_REMOTE = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*[\"']?\s*((?:https?:)?//[^)\"'\s]+)", re.IGNORECASE)


def external_assets(html: str) -> list[str]:
    """The outside URLs a page (or a stylesheet) would fetch when it is opened.

    >>> external_assets('<a href="https://x.vn/a">x</a><link href="https://fonts.googleapis.com/css">')
    ['https://fonts.googleapis.com/css']
    """
    return [*_ASSET.findall(html), *_CSS_REMOTE.findall(html)]


def test_detector_finds_what_a_page_would_fetch() -> None:
    page = (
        '<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>'
        '<script src="//cdn.example.org/x.js"></script>'
        "<style>@import url('https://fonts.googleapis.com/css?family=Roboto');</style>"
        '<a href="https://thuvienphapluat.vn/van-ban">nguồn</a><img src="../assets/a.png">'
    )
    assert external_assets(page) == [
        "https://fonts.gstatic.com",
        "//cdn.example.org/x.js",
        "https://fonts.googleapis.com/css?family=Roboto",
    ]


def test_config_turns_off_web_fonts_and_loads_no_outside_script() -> None:
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !!python/name tags for extensions: read them as plain text
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    assert config["theme"].get("font") is False  # mkdocs-material would load Roboto from Google Fonts
    for key in ("extra_javascript", "extra_css"):
        for entry in config.get(key) or ():
            url = entry if isinstance(entry, str) else entry.get("path", "")
            assert not re.match(r"(?:https?:)?//", url), f"{key}: {url}"


@pytest.mark.skipif(shutil.which("mkdocs") is None and not (ROOT / ".venv/bin/mkdocs").exists(), reason="no mkdocs")
def test_built_site_fetches_nothing_from_outside(tmp_path: Path) -> None:
    pytest.importorskip("material")
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site), "--quiet"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    found = {}
    for page in [*pages, *site.rglob("*.css")]:
        urls = external_assets(page.read_text(encoding="utf-8", errors="replace"))
        if urls:
            found[str(page.relative_to(site))] = urls
    assert found == {}
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in index and "fonts.gstatic" not in index
