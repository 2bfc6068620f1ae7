"""Hypothesis strategies that draw a unit's input from a pack's own declarations (illustrative data).

Every value drawn here is an illustrative test fixture (ví dụ minh hoạ), not data of a real unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import strategies as st

from antq_rules import InputError
from antq_rules.packs import Pack


def field_value(spec: Any, window: tuple[dt.date, dt.date]) -> st.SearchStrategy[Any]:
    top = spec.max if isinstance(spec.max, int) and spec.max < 40 else 40
    low = spec.min if isinstance(spec.min, int) else 0
    if spec.type == "integer":
        return st.integers(low, max(low, top))
    if spec.type == "boolean":
        return st.booleans()
    if spec.type == "enum":
        return st.sampled_from(sorted(spec.choices))
    if spec.type == "set":
        return st.lists(st.sampled_from(sorted(spec.choices)), unique=True).map(sorted)
    if spec.type == "date":
        return st.dates(window[0] - dt.timedelta(days=100), window[1])
    return st.integers(0, 100).map(str)  # decimals: a plain number text (often refused: then dropped)


@st.composite
def unit_input(draw: st.DrawFn, pack: Pack, subject: str, year: int) -> dict[str, Any]:
    window = pack.evaluation_window(subject, year)
    kinds = sorted(pack.subjects[subject].kinds)
    specs = [s for s in pack.indicators.values() if s.subjects is None or subject in s.subjects]
    indicators = {s.name: draw(field_value(s, window)) for s in specs if draw(st.integers(0, 9))}  # ~1 in 10 missing
    previous = {s.name: draw(field_value(s, window)) for s in specs if s.previous_year and draw(st.booleans())}
    events = []
    for i in range(draw(st.integers(0, 4))):
        etype = pack.event_types[draw(st.sampled_from(sorted(pack.event_types)))] if pack.event_types else None
        if etype is None:
            break
        ev = {"id": f"E{i}", "type": etype.id, "date": draw(st.dates(window[0], window[1]))}
        ev.update({f.name: draw(field_value(f, window)) for f in etype.fields.values() if draw(st.booleans())})
        events.append(ev)
    parameters = {}
    for p in pack.parameters.values():
        if draw(st.booleans()):
            continue
        if p.type == "boolean":
            parameters[p.name] = draw(st.booleans())
        elif p.type == "set":
            parameters[p.name] = draw(st.lists(st.sampled_from(sorted(p.choices or ())), unique=True))
        else:
            parameters[p.name] = draw(st.sampled_from(sorted(p.choices or ())))
    return {
        "unit": {"id": "U-ví-dụ", "subject": subject, "kind": draw(st.sampled_from(kinds)) if kinds else None},
        "indicators": indicators,
        "previous_year": previous,
        "events": events,
        "parameters": parameters,
    }


def accepted_input(
    pack: Pack, doc: dict[str, Any], run: Callable[[Pack, dict[str, Any]], Any]
) -> Iterator[dict[str, Any]]:
    """``doc`` with every field ``run`` refused dropped (a dropped indicator is missing); none if it still fails."""
    for _ in range(4):
        try:
            run(pack, doc)
        except InputError as err:
            for problem in err.problems:
                section, _, rest = (problem.field or "").partition(".")
                name = rest.split(".")[0]
                if section in ("indicators", "previous_year", "parameters"):
                    doc[section].pop(name, None)
                elif section == "events" and name.isdigit() and int(name) < len(doc["events"]):
                    doc["events"][int(name)] = None
            doc["events"] = [e for e in doc["events"] if e is not None]
            continue
        yield doc
        return
