"""The terminal width of a cell: the fast paths give what the per-character rule gives, for any text."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from antq_rules.cli._table import display_width


def _by_character(text: str) -> int:
    """The rule itself: combining marks and format characters take no column, wide characters two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(max_codepoint=0x33FF)) | st.text(alphabet="Điều khoản ộ ố ẵ\u0301\xad表 a1"))
def test_fast_width_is_the_rule(text: str) -> None:
    assert display_width(text) == _by_character(text)


def test_vietnamese_and_wide_examples() -> None:
    assert display_width("Số hộ đăng ký: 411/412 hộ") == 25
    assert display_width("Đie\u0301u") == 4 and display_width("a\xadb") == 2 and display_width("表a") == 3
