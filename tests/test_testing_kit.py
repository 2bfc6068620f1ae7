"""antq_rules.testing: input strategies, near-boundary inputs and the ready-made properties (issue 9 item 3).

Every input drawn here is an illustrative test input (ví dụ minh hoạ), not data of a real unit.
"""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings

import antq_rules
from antq_rules.cli import main
from antq_rules.inputs import UnitRef, validate_input
from antq_rules.packs import Pack, load_pack, load_packs
from antq_rules.testing import (
    PropertyFailure,
    assert_properties,
    changed_thresholds,
    check_deterministic,
    check_hand_score_monotone,
    check_levels_partition,
    check_properties,
    check_round_trip,
    evaluate_input,
    favourable_inputs,
    inputs_for,
    national_of,
    near_boundary,
)

ROOT = Path(__file__).resolve().parents[1]
PACKS = ROOT / "packs"
EXAMPLES = PACKS / "examples"
FIXTURES = Path(__file__).parent / "fixtures"
FEW = settings(max_examples=8, database=None, deadline=None, suppress_health_check=list(HealthCheck))

SHIPPED = [
    *(PACKS / f"{n}.yaml" for n in ("tt124", "qd510", "qd3554")),
    *(EXAMPLES / f"tinh-mau-{n}.yaml" for n in ("tt124", "qd510", "qd3554")),
]


def _pack(path: Path) -> Pack:
    return load_pack(path)


def _validates(pack: Pack, doc: dict[str, Any]) -> None:
    u = doc["unit"]
    validate_input(
        pack,
        UnitRef(u["id"], u["subject"], u["kind"]),
        doc["year"],
        doc["indicators"],
        doc["previous_year"],
        doc["events"],
        doc["parameters"],
        scores=doc["scores"],
    )


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_drawn_inputs_validate_for_every_shipped_pack_and_subject(path: Path) -> None:
    pack = _pack(path)
    for subject in pack.subjects:

        @FEW
        @given(doc=st_one(pack, subject))
        def drawn(doc: dict[str, Any]) -> None:
            _validates(pack, doc)  # raises InputError if the strategy drew an invalid input
            evaluate_input(pack, doc)

        drawn()


def st_one(pack: Pack, subject: str) -> Any:
    from hypothesis import strategies as st

    return st.one_of(inputs_for(pack, subject), near_boundary(pack, subject), favourable_inputs(pack, subject))


def _drawn(strategy: Any, n: int) -> list[dict[str, Any]]:
    """``n`` inputs drawn by ``strategy`` (reproducibly, without shrinking)."""
    seen: list[dict[str, Any]] = []

    @settings(max_examples=n, database=None, deadline=None, derandomize=True, phases=[Phase.generate])
    @given(strategy)
    def draw(doc: dict[str, Any]) -> None:
        seen.append(doc)

    draw()
    return seen


def test_inputs_include_events_of_declared_types_within_the_window() -> None:
    pack = antq_rules.shipped_pack("vn.bca.tt124")
    docs = _drawn(inputs_for(pack, "kdc"), 40)
    events = [(d["year"], e) for d in docs for e in d["events"]]
    assert any(e["type"] == "crime" and "severity" in e for _, e in events)
    for year, ev in events:
        start, end = pack.evaluation_window("kdc", year)
        assert ev["type"] in pack.event_types
        assert start <= ev["date"] <= end


def test_favourable_inputs_lean_toward_passing() -> None:
    """Random inputs almost never pass every TT 124 criterion; favourable ones often do, and still validate."""
    pack = antq_rules.shipped_pack("vn.bca.tt124")
    outcomes = [evaluate_input(pack, d).outcome for d in _drawn(favourable_inputs(pack, "kdc"), 30)]
    assert outcomes.count("pass") >= 10, outcomes
    assert "fail" in outcomes  # leaning, not fixed: some still fail
    randomly = [evaluate_input(pack, d).outcome for d in _drawn(inputs_for(pack, "kdc"), 30)]
    assert randomly.count("pass") < outcomes.count("pass")


def test_fixed_values_and_strategies_pin_the_input() -> None:
    from hypothesis import strategies as st

    pack = antq_rules.shipped_pack("vn.bca.tt124")

    @FEW
    @given(inputs_for(pack, "xa", units_recognised=5, units_in_scope_total=st.just(8), events=None, year=2026))
    def pinned(doc: dict[str, Any]) -> None:
        assert doc["indicators"]["units_recognised"] == 5
        assert doc["indicators"]["units_in_scope_total"] == 8
        assert doc["events"] is None and doc["year"] == 2026
        assert evaluate_input(pack, doc).criterion("TT124.XA.4b").status in ("not_met", "undetermined")

    pinned()
    with pytest.raises(ValueError, match="not an indicator of 'xa'"):
        inputs_for(pack, "xa", no_such_indicator=1)
    with pytest.raises(ValueError, match="no subject"):
        inputs_for(pack, "nowhere")


def test_near_boundary_reaches_exactly_the_declared_share() -> None:
    """TT 124 Art. 5 cl. 4: 70% of the units; the strategy draws communes exactly at 70%, one unit short
    and one unit over (pooled or per type of unit, as the rule reads them)."""
    pack = antq_rules.shipped_pack("vn.bca.tt124")
    pairs = [("units_recognised", "units_in_scope_total")] + [
        (f"units_recognised_{k}", f"units_in_scope_{k}") for k in ("kdc", "cq", "dn", "csgd")
    ]
    shares = set()
    for d in _drawn(near_boundary(pack, "xa", law=["xa_units_recognised_share"]), 120):
        inds = d["indicators"]
        for num, den in pairs:
            if inds.get(den) and num in inds:
                shares.add((Fraction(inds[num], inds[den]), Fraction(1, inds[den])))
    edge = Fraction(7, 10)
    assert any(s == edge for s, _ in shares)
    assert any(s < edge <= s + step for s, step in shares)  # one unit short
    assert any(s - step < edge < s for s, step in shares)  # one unit over an edge that is not a whole unit


@FEW
@given(doc=inputs_for(antq_rules.shipped_pack("vn.bca.tt124"), "kdc"))
def test_properties_are_usable_in_a_hosts_own_tests(doc: dict[str, Any]) -> None:
    pack = antq_rules.shipped_pack("vn.bca.tt124")
    check_round_trip(check_deterministic(pack, doc), doc)


@pytest.mark.parametrize(
    "path", [EXAMPLES / "tinh-mau-qd510.yaml", EXAMPLES / "tinh-mau-qd3554.yaml"], ids=lambda p: p.stem
)
def test_every_property_holds_on_the_illustrative_scored_overlays(path: Path) -> None:
    pack = _pack(path)
    results = check_properties(pack, examples=4, subjects=[next(iter(pack.subjects))])
    assert [r for r in results if r.status == "failed"] == []
    ran = {r.name for r in results if r.status == "passed"}
    assert {"deterministic", "national_vetoes_kept", "total_within_scale", "levels_partition"} <= ran


def test_properties_hold_on_the_shipped_tt124_overlay() -> None:
    pack = _pack(EXAMPLES / "tinh-mau-tt124.yaml")
    assert national_of(pack) is antq_rules.shipped_pack("vn.bca.tt124")
    results = check_properties(
        pack, examples=6, subjects=["kdc"], only=["national_vetoes_kept", "never_passes_national_fail"]
    )
    assert [r.status for r in results] == ["passed", "passed"]


def _copy_with(tmp_path: Path, old: str, new: str) -> Path:
    """packs/tt124.yaml copied to tmp_path with the national 70% share of recognised units changed."""
    lines = (PACKS / "tt124.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("  xa_units_recognised_share:"))
    at = next(i for i in range(start, start + 12) if lines[i].strip() == f"value: {old}")
    lines[at] = lines[at].replace(old, new)
    out = tmp_path / "tt124.yaml"
    out.write_text("".join(lines), encoding="utf-8")
    return out


def test_a_loosened_copy_of_the_national_pack_fails_the_properties(tmp_path: Path) -> None:
    """Done when (issue 9): 70% -> 60% on a copy of the shipped TT 124 pack makes the properties fail."""
    mutated = load_pack(_copy_with(tmp_path, "70%", "60%"))
    assert mutated.values["xa_units_recognised_share"].value == Fraction(6, 10)
    assert national_of(mutated) is antq_rules.shipped_pack("vn.bca.tt124")
    results = check_properties(mutated, examples=150, subjects=["xa"], only=["national_vetoes_kept"])
    (veto,) = results
    assert veto.status == "failed"
    with pytest.raises(
        AssertionError, match=r"1 property\(ies\) of vn\.bca\.tt124@\S+ fail:\n- national_vetoes_kept \[xa\]: "
    ):
        assert_properties(mutated, examples=150, subjects=["xa"], only=["national_vetoes_kept"])
    assert veto.failure is not None
    assert "TT124.XA.4b" in str(veto.failure)
    # the failing input is a commune between 60% and 70% (pooled, or for one type of unit): not met
    # nationally, no longer not met under the copy (met, or undetermined when another type's count is missing)
    doc = veto.failure.doc
    assert doc is not None
    assert evaluate_input(mutated, doc).criterion("TT124.XA.4b").status in ("met", "undetermined")
    assert evaluate_input(antq_rules.shipped_pack("vn.bca.tt124"), doc).criterion("TT124.XA.4b").status == "not_met"


def test_changed_thresholds_are_where_the_copy_and_the_national_pack_differ(tmp_path: Path) -> None:
    national = antq_rules.shipped_pack("vn.bca.tt124")
    mutated = load_pack(_copy_with(tmp_path, "70%", "60%"))
    changed = changed_thresholds(mutated, national)
    assert {t.where for t in changed} == {"TT124.XA.4b"}
    assert {t.value for t in changed} == {Fraction(6, 10), Fraction(7, 10)}
    assert {t.law for t in changed} == {"xa_units_recognised_share"}
    assert changed_thresholds(national, national) == ()


def test_a_stricter_copy_keeps_every_national_veto(tmp_path: Path) -> None:
    stricter = load_pack(_copy_with(tmp_path, "70%", "80%"))
    results = check_properties(
        stricter, examples=60, subjects=["xa"], only=["national_vetoes_kept", "never_passes_national_fail"]
    )
    assert [r.status for r in results] == ["passed", "passed"]


def test_an_unchanged_copy_has_no_national_pack_to_compare_with(tmp_path: Path) -> None:
    same = tmp_path / "tt124.yaml"
    same.write_bytes((PACKS / "tt124.yaml").read_bytes())
    assert national_of(load_pack(same)) is None
    (veto,) = check_properties(load_pack(same), examples=2, only=["national_vetoes_kept"])
    assert veto.status == "skipped" and veto.reason is not None


def test_levels_partition_names_a_gap_and_an_overlap() -> None:
    pack = _pack(EXAMPLES / "tinh-mau-qd510.yaml")
    check_levels_partition(pack, (0, 50, 70, 90, 100, Fraction(1, 3)))
    lv = list(pack.levels)
    gap = attrs.evolve(pack, levels=(lv[0], attrs.evolve(lv[1], min=attrs.evolve(lv[1].min, value=55)), *lv[2:]))
    with pytest.raises(PropertyFailure, match=r"gap between 'yeu' and 'trung_binh' \(50 ≠ 55\)"):
        check_levels_partition(gap)
    over = attrs.evolve(pack, levels=(attrs.evolve(lv[0], max=attrs.evolve(lv[0].max, value=60)), *lv[1:]))
    with pytest.raises(PropertyFailure, match="overlap between 'yeu' and 'trung_binh'"):
        check_levels_partition(over)


def test_cli_check_properties(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--lang", "en", "check", str(EXAMPLES / "tinh-mau-qd3554.yaml"), "--properties", "--examples", "3"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Properties of vn.vd.tinh_mau.qd3554@1.0.0:" in out
    assert "holds: levels partition the scale with no gap or overlap (3 inputs)" in out
    assert "FAILS" not in out
    mutated = _copy_with(tmp_path, "70%", "10%")  # loosened far: a few inputs show it
    code = main(["check", str(mutated), "--properties", "--examples", "10"])
    out = capsys.readouterr().out
    assert code == 1
    assert "SAI: tiêu chí quốc gia không đạt thì vẫn không đạt [xa]" in out
    assert "TT124.XA.4b" in out


def test_the_core_library_does_not_need_hypothesis() -> None:
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None\n"  # as if Hypothesis were not installed
        "import antq_rules, antq_rules.cli\n"
        "from antq_rules.cli import main\n"
        f"assert main(['check', {str(FIXTURES / 'mini.yaml')!r}]) == 0\n"
        f"assert main(['check', {str(FIXTURES / 'mini.yaml')!r}, '--properties']) == 1\n"
        "try:\n"
        "    import antq_rules.testing\n"
        "except ImportError as exc:\n"
        "    print('IMPORT-ERROR', exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "IMPORT-ERROR" in done.stdout and "antq-rules[testing]" in done.stdout
    assert "--properties cần Hypothesis" in done.stderr


def test_overlay_registry_is_used_for_fixture_overlays() -> None:
    reg = load_packs(
        [FIXTURES / "mini.yaml", FIXTURES / "scoring" / "base.yaml", FIXTURES / "scoring" / "overlay.yaml"]
    )
    overlay = reg.get("test.scored_tinh")
    assert national_of(overlay, reg) is reg.get("test.scored")
    results = check_properties(overlay, registry=reg, examples=4)
    assert [r for r in results if r.status == "failed"] == []


def test_scored_properties_hold_with_caps_deductions_and_a_hand_scored_deduction(tmp_path: Path) -> None:
    """The scoring fixture (illustrative) with its deduction made hand-scored: more points deducted never
    raise the total or the level; every scored property holds."""
    text = (FIXTURES / "scoring" / "complete.yaml").read_text(encoding="utf-8")
    manual = text.replace('      method: all_or_nothing\n      check: "incidents > 0"\n', "      method: manual\n", 1)
    assert manual != text
    path = tmp_path / "complete.yaml"
    path.write_text(manual, encoding="utf-8")
    pack = load_pack(path)
    assert {i.id: (i.kind, i.method) for i in pack.adjustments}["K.D1"] == ("deduction", "manual")
    results = check_properties(
        pack, examples=15, only=["hand_score_monotone", "total_within_scale", "levels_partition", "json_round_trip"]
    )
    assert [r for r in results if r.status == "failed"] == []
    assert {r.name for r in results if r.status == "passed"} == {
        "hand_score_monotone",
        "total_within_scale",
        "levels_partition",
        "json_round_trip",
    }
    doc = {
        "unit": {"id": "U-minh-hoa", "subject": "cq", "kind": None},
        "year": 2026,
        "indicators": {"trained": 10, "staff": 10, "plan_ok": True, "incidents": 0, "award": False},
        "previous_year": {},
        "events": [],
        "parameters": {},
        "scores": {"K.S3": {"points": 40, "reason": "minh hoạ"}, "K.D1": {"points": 10, "reason": "minh hoạ"}},
        "dependencies": {},
    }
    check_hand_score_monotone(pack, doc, "K.D1", 0, 30)
    check_hand_score_monotone(pack, doc, "K.S3", 0, 40)
    r = evaluate_input(pack, doc)
    assert r.score is not None and r.score.total is not None and r.outcome in [lv.id for lv in pack.levels]


def test_the_hand_score_property_catches_a_scorer_that_goes_the_wrong_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scorer that counts a hand score backwards (max - points) fails the property."""
    from antq_rules.testing import _properties

    pack = load_pack(FIXTURES / "scoring" / "complete.yaml")
    real = _properties.evaluate_input

    def backwards(p: Pack, d: Any, registry: Any = None) -> Any:
        d = {**d, "scores": {k: {**v, "points": 40 - v["points"]} for k, v in d["scores"].items()}}
        return real(p, d, registry)

    monkeypatch.setattr(_properties, "evaluate_input", backwards)
    doc = {
        "unit": {"id": "U-minh-hoa", "subject": "cq", "kind": None},
        "year": 2026,
        "indicators": {"trained": 10, "staff": 10, "plan_ok": True, "incidents": 0, "award": False},
        "previous_year": {},
        "events": [],
        "parameters": {},
        "scores": {},
        "dependencies": {},
    }
    with pytest.raises(PropertyFailure, match=r"hand score of 'K\.S3' 0 → 40: the total went 100 → 60, the wrong way"):
        check_hand_score_monotone(pack, doc, "K.S3", 0, 40)


def test_an_input_the_library_cannot_evaluate_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    from antq_rules.errors import EvaluationError
    from antq_rules.testing import _properties, _runner

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise EvaluationError(antq_rules.Text("hỏng (minh hoạ)", "broken (illustrative)"))

    monkeypatch.setattr(_properties, "evaluate_input", broken)
    monkeypatch.setattr(_runner, "evaluate_input", broken)
    (det,) = check_properties(
        antq_rules.shipped_pack("vn.bca.tt124"), examples=2, subjects=["kdc"], only=["json_round_trip"]
    )
    assert det.status == "failed" and det.failure is not None
    assert "evaluation raised an error: Error: broken (illustrative)" in str(
        det.failure
    ) or "broken (illustrative)" in str(det.failure)
    assert det.failure.doc is not None and det.failure.doc["unit"]["subject"] == "kdc"
