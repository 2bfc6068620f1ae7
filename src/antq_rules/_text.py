"""Bilingual text: every string a user reads exists in Vietnamese and English."""

from __future__ import annotations

import unicodedata
from typing import Literal

import attrs

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = ("vi", "en")


@attrs.frozen(slots=True)
class Text:
    """A text in Vietnamese (``vi``, the default) and English (``en``).

    >>> Text("Đạt", "Pass").get("en")
    'Pass'
    """

    vi: str
    en: str

    def get(self, lang: Lang = "vi") -> str:
        return self.en if lang == "en" else self.vi

    def format(self, **kwargs: object) -> Text:
        return Text(self.vi.format(**kwargs), self.en.format(**kwargs))

    def to_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


def fold(text: str) -> str:
    """The form two names, labels or words are compared in: NFC, case-folded, whitespace collapsed.

    >>> fold("  Số  hộ ĐANG cư trú ") == fold("số hộ đang cư trú")
    True
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
