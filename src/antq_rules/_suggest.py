"""“Did you mean …”: the known names closest to a mistyped one, as a bilingual hint.

Used where an unknown name is reported (indicators, event types, parameters, subjects, packs), so
library users and the command line get the same hint.

>>> did_you_mean("households_registerd", ["households_registered", "households_resident"]).en
"; did you mean 'households_registered'?"
>>> did_you_mean("zzz", ["households_registered"]).en
''
"""

from __future__ import annotations

from collections.abc import Iterable

from antq_rules._text import Text

__all__ = ["close_names", "did_you_mean"]

CUTOFF = 0.75  # difflib ratio: high enough that a hint is a plausible typo, not any shared prefix
MAX_HINTS = 3
TIE = 0.05  # names this close to the best one are shown with it


def close_names(name: object, known: Iterable[str]) -> list[str]:
    """Up to three of ``known`` closest to ``name`` (best first); none when nothing is close."""
    import difflib  # only on the error path

    if not isinstance(name, str) or not name:
        return []
    candidates = [k for k in known if isinstance(k, str)]
    folded = sorted(name.casefold())
    # a different case, or the same letters in another order (short names: 'kcd' for 'kdc')
    exact_case = [k for k in candidates if sorted(k.casefold()) == folded and k != name]
    scored = []
    for k in candidates:
        m = difflib.SequenceMatcher(None, name, k)
        if m.real_quick_ratio() >= CUTOFF and m.quick_ratio() >= CUTOFF and m.ratio() >= CUTOFF:
            scored.append((m.ratio(), k))
    best = max((r for r, _ in scored), default=0.0)
    hints = [k for r, k in sorted(scored, key=lambda x: (-x[0], x[1])) if r >= best - TIE]  # only the best few
    return list(dict.fromkeys([*exact_case, *hints]))[:MAX_HINTS]


def did_you_mean(name: object, known: Iterable[str]) -> Text:
    """``"; có phải là 'x'?"`` / ``"; did you mean 'x'?"`` to append to a message, or empty texts."""
    hints = close_names(name, known)
    if not hints:
        return Text("", "")
    shown = " hoặc ".join(f"'{h}'" for h in hints), " or ".join(f"'{h}'" for h in hints)
    return Text(f"; có phải là {shown[0]}?", f"; did you mean {shown[1]}?")
