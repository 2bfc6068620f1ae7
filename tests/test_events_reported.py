"""Issue 10 item 14: events not reported are not "no events".

An absent events list (``None``, no ``events`` key, no events sheet or file) leaves every criterion
that counts events undetermined, with ``events`` missing; an empty list (or an events sheet or file
with no row for the unit) means that no event occurred. The same holds for one evaluation, for input
documents, for a host's rows and for the population readers (CSV, XLSX, JSON Lines).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import antq_rules
from antq_rules import evaluate, render_text, shipped_pack
from antq_rules.results import result_from_dict
from antq_rules.tables import read_population

ROOT = Path(__file__).resolve().parents[1]
PACK = shipped_pack("vn.bca.tt124")
KDC = yaml.safe_load((ROOT / "examples" / "tt124" / "kdc-pass.yaml").read_text(encoding="utf-8"))
EVENT_CRITERIA = {"TT124.KDC.3", "TT124.KDC.4b", "TT124.KDC.4d"}
UNIT = {"id": "VD-KDC-001", "subject": "kdc", "kind": "thon"}


def counts_events(pack: Any, cid: str) -> bool:
    (c,) = [c for c in pack.criteria if c.id == cid]
    return "count_events(" in c.check.source


def test_the_readme_example_does_not_meet_the_veto_criteria() -> None:
    """The README's two-indicator example: the event criteria are undetermined, not met."""
    r = evaluate(PACK, UNIT, 2026, {"households_resident": 412, "households_registered": 411})
    assert r.outcome == "fail"  # TT124.KDC.1b not met
    for cid in EVENT_CRITERIA:
        c = r.criterion(cid)
        assert c.status == "undetermined", cid
        assert "events" in c.missing
    assert "events" in render_text(r, "en")
    again = result_from_dict(json.loads(r.to_json()))
    assert again.criterion("TT124.KDC.3").missing == r.criterion("TT124.KDC.3").missing


def test_an_empty_list_means_no_event_occurred() -> None:
    r = evaluate(PACK, UNIT, 2026, {"households_resident": 412, "households_registered": 411}, events=[])
    assert {r.criterion(cid).status for cid in EVENT_CRITERIA} == {"met"}


def test_the_passing_example_needs_its_events_list() -> None:
    doc = copy.deepcopy(KDC)
    args = (PACK, doc["unit"], doc["year"], doc["indicators"], doc["previous_year"])
    assert evaluate(*args, doc.get("events") or []).outcome == "pass"
    r = evaluate(*args)
    assert r.outcome == "undetermined"
    assert {c.id for c in r.criteria if c.status == "undetermined"} == EVENT_CRITERIA


def test_input_documents(tmp_path: Path) -> None:
    doc = copy.deepcopy(KDC)
    doc["events"] = []
    with_list = tmp_path / "with.yaml"
    with_list.write_text("# Illustrative test input (ví dụ minh hoạ)\n" + yaml.safe_dump(doc), encoding="utf-8")
    assert antq_rules.evaluate_file(with_list).outcome == "pass"
    del doc["events"]
    without = tmp_path / "without.yaml"
    without.write_text("# Illustrative test input (ví dụ minh hoạ)\n" + yaml.safe_dump(doc), encoding="utf-8")
    r = antq_rules.evaluate_file(without)
    assert r.outcome == "undetermined"
    assert r.criterion("TT124.KDC.3").missing == ("events",)


def _rows(events: Any) -> list[dict[str, Any]]:
    row: dict[str, Any] = {
        "unit": KDC["unit"],
        "indicators": KDC["indicators"],
        "previous_year": KDC["previous_year"],
    }
    if events is not None:
        row["events"] = events
    return [row]


def test_population_rows_from_a_host() -> None:
    (rec,) = antq_rules.evaluate_population(_rows(None), ["vn.bca.tt124"], 2026)
    assert rec.kind == "result"
    assert rec.results["vn.bca.tt124"].outcome == "undetermined"
    (rec,) = antq_rules.evaluate_population(_rows([]), ["vn.bca.tt124"], 2026)
    assert rec.results["vn.bca.tt124"].outcome == "pass"


def _csv(tmp_path: Path, events: str | None) -> list[str]:
    ind, prev = KDC["indicators"], KDC["previous_year"]
    head = ["id", "kind", *ind, *(f"prev.{k}" for k in prev)]
    cells = [str(v).lower() if isinstance(v, bool) else str(v) for v in (*ind.values(), *prev.values())]
    lines = [",".join(head)]
    for i in range(3):
        lines.append(",".join([f"T{i}", "thon", *cells]))
    (tmp_path / "kdc.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    files = [str(tmp_path / "kdc.csv")]
    if events is not None:
        (tmp_path / "events.csv").write_text(events, encoding="utf-8")
        files.append(str(tmp_path / "events.csv"))
    return files


def _outcomes(files: list[str]) -> dict[str, str]:
    source = read_population(files, [PACK])
    records = list(antq_rules.evaluate_population(source.rows(), ["vn.bca.tt124"], 2026))
    assert all(r.kind == "result" for r in records)
    return {r.unit.id: r.results["vn.bca.tt124"].outcome for r in records}


def test_csv_without_an_events_file_is_not_reported(tmp_path: Path) -> None:
    out = _outcomes(_csv(tmp_path, None))
    assert out == dict.fromkeys(("T0", "T1", "T2"), "undetermined")  # rows in = rows out


def test_csv_with_an_events_file_reports_none_for_units_without_rows(tmp_path: Path) -> None:
    events = "unit_id,type,date\nT1,separatism,2026-05-01\n"
    out = _outcomes(_csv(tmp_path, events))
    assert out == {"T0": "pass", "T1": "fail", "T2": "pass"}


def test_csv_with_an_empty_events_file(tmp_path: Path) -> None:
    assert set(_outcomes(_csv(tmp_path, "unit_id,type,date\n")).values()) == {"pass"}


def test_xlsx_events_sheet(tmp_path: Path) -> None:
    ind, prev = KDC["indicators"], KDC["previous_year"]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "kdc"
    ws.append(["id", "kind", *ind, *(f"prev.{k}" for k in prev)])
    for i in range(2):
        ws.append(
            [f"T{i}", "thon", *(str(v) if not isinstance(v, (int, bool)) else v for v in ind.values()), *prev.values()]
        )
    without = tmp_path / "without.xlsx"
    wb.save(without)
    assert set(_outcomes([str(without)]).values()) == {"undetermined"}
    ev = wb.create_sheet("events")
    ev.append(["unit_id", "type", "date"])
    with_sheet = tmp_path / "with.xlsx"
    wb.save(with_sheet)
    assert set(_outcomes([str(with_sheet)]).values()) == {"pass"}


def test_json_lines_documents(tmp_path: Path) -> None:
    lines = []
    for i, events in enumerate((None, [])):
        doc: dict[str, Any] = {
            "unit": {**KDC["unit"], "id": f"T{i}"},
            "indicators": KDC["indicators"],
            "previous_year": KDC["previous_year"],
        }
        if events is not None:
            doc["events"] = events
        lines.append(json.dumps(doc, default=str, ensure_ascii=False))
    path = tmp_path / "kdc.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _outcomes([str(path)]) == {"T0": "undetermined", "T1": "pass"}


@settings(max_examples=40, deadline=None)
@given(
    subject=st.sampled_from(["kdc", "xa", "cq", "csgd"]),
    drop=st.sets(st.sampled_from(["households_registered", "policy_implementation_ok", "plan_adopted"])),
)
def test_without_events_no_event_criterion_is_met(subject: str, drop: set[str]) -> None:
    """Invariant: with events not reported, no criterion that counts events is met, for any input."""
    doc = yaml.safe_load((ROOT / "examples" / "tt124" / f"{subject}-pass.yaml").read_text(encoding="utf-8"))
    ind = {k: v for k, v in doc["indicators"].items() if k not in drop}
    r = evaluate(PACK, doc["unit"], doc["year"], ind, doc.get("previous_year"))
    event_criteria = [c for c in r.criteria if counts_events(PACK, c.id)]
    assert event_criteria
    for c in event_criteria:
        assert c.status in ("undetermined", "not_applicable"), c.id
        if c.status == "undetermined":
            assert "events" in c.missing
    assert r.outcome != "pass"
