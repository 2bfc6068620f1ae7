"""Issue 10 items 11-13: the QĐ 510 / 3554 packs quote only what a source contains, record the
sources' addresses, and make the communes' selection gate a switchable interpretation."""

from __future__ import annotations

from typing import Any

from antq_rules import evaluate, shipped_pack

QD3554 = shipped_pack("vn.bca.qd3554")
QD510 = shipped_pack("vn.bca.qd510")
GOOD_DOSSIER = {
    "dossier_submission": True,
    "dossier_results_report": True,
    "dossier_meeting_minutes": True,
    "recognition_status": "de_nghi_moi",
}


def _run(subject: str, kind: str, tt124: str, qd510: str, parameters: dict[str, Any] | None = None) -> Any:
    deps = {"tt124": {"outcome": tt124}, "qd510": {"outcome": qd510}}
    unit = {"id": "VD-1", "subject": subject, "kind": kind}
    return evaluate(QD3554, unit, 2026, GOOD_DOSSIER, parameters=parameters, dependencies=deps)


def test_commune_gate_is_an_interpretation_and_switchable() -> None:
    crit = {c.id: c for c in QD3554.criteria}
    for gate in ("QD3554.GATE.TT124", "QD3554.GATE.QD510"):
        assert crit[gate].subjects == frozenset({"cq", "dn", "csgd"})
        assert crit[gate].provenance is not None and crit[gate].provenance.status == "secondary"
        xa = crit[gate + ".XA"]
        assert xa.subjects == frozenset({"xa"})
        assert xa.provenance is not None and xa.provenance.status == "interpretation"
        assert "commune_selection_gate" in xa.params
    p = QD3554.parameters["commune_selection_gate"]
    assert (p.default, p.provenance.status) == ("applies", "interpretation")

    failed = _run("xa", "xa", "fail", "kha")
    assert failed.criterion("QD3554.GATE.TT124.XA").status == "not_met"
    off = _run("xa", "xa", "fail", "kha", {"commune_selection_gate": "not_applied"})
    for gate in ("QD3554.GATE.TT124.XA", "QD3554.GATE.QD510.XA"):
        assert off.criterion(gate).status == "not_applicable"
    # the parameter never touches agencies: their gate is the seed's rule
    cq = _run("cq", "co_quan_nha_nuoc", "fail", "kha", {"commune_selection_gate": "not_applied"})
    assert cq.criterion("QD3554.GATE.TT124").status == "not_met"


def test_sources_have_addresses_and_no_unsupported_claims() -> None:
    assert QD510.sources["S2"]["url"].startswith("https://thuvienbieumau.com/")
    assert QD510.sources["S12"]["url"] == "https://quangbinh.gov.vn/chi-tiet-tin/-/view-article/1/0/1702024062081"
    assert QD3554.sources["S5"]["url"].startswith("https://huecity.gov.vn/")
    note = QD510.parameters["movement_plan_timing"].provenance.note
    assert note is not None
    # the only Vietnamese quotation is the template's words (S2); the invented sentence is gone
    assert "Quý I hằng năm, cấp ủy (nơi có tổ chức Đảng) có nghị quyết;" not in note.vi
    assert "có chương trình hoặc kế hoạch sát hợp tình hình để triển khai thực hiện đầy đủ" in note.vi
    assert "not confirmed" in QD3554.sources["S2"]["note"]
