"""Population runs: rows in = rows out, the commune roll-up with its conflicts, and the pack chain.

Every unit in these tests is an illustrative fixture (ví dụ minh hoạ), built from the shipped examples.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antq_rules import PackRegistry, shipped_packs
from antq_rules.population import RowError, UnitRecord, UnitRow, evaluate_population, plan_chain
from antq_rules.population._model import RowSource

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "tt124"
TT124 = "vn.bca.tt124"


def _example(name: str) -> dict[str, Any]:
    return yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))


KDC = _example("kdc-pass.yaml")
XA = _example("xa-pass.yaml")
CQ = _example("cq-pass.yaml")
DN_SMALL = _example("dn-excluded-small.yaml")
XA_COUNTS = {k for k in XA["indicators"] if k.startswith("units_")}


def kdc(uid: str, commune: str | None = "X1", **changes: Any) -> dict[str, Any]:
    """An illustrative residential area that passes TT 124 unless ``changes`` say otherwise."""
    ind = dict(KDC["indicators"])
    for k, v in changes.items():
        if v is _DROP:
            ind.pop(k, None)
        else:
            ind[k] = v
    return {
        "unit": {"id": uid, "subject": "kdc", "kind": KDC["unit"]["kind"], "member_of": commune},
        "indicators": ind,
        "previous_year": copy.deepcopy(KDC.get("previous_year", {})),
        "events": copy.deepcopy(KDC.get("events", [])),
    }


def commune(uid: str = "X1", **supplied: Any) -> dict[str, Any]:
    ind = {k: v for k, v in XA["indicators"].items() if k not in XA_COUNTS}
    ind.update(supplied)
    return {
        "unit": {"id": uid, "subject": "xa", "kind": XA["unit"]["kind"]},
        "indicators": ind,
        "previous_year": copy.deepcopy(XA.get("previous_year", {})),
    }


_DROP = object()


def run(rows: list[Any], packs: list[str] | None = None, **kw: Any) -> tuple[list[Any], Any]:
    r = evaluate_population(rows, packs or [TT124], 2026, **kw)
    out = list(r)
    return out, r


def by_id(records: list[Any]) -> dict[str, Any]:
    return {r.unit.id: r for r in records if r.unit is not None}


# -- the chain --------------------------------------------------------------------------------------


def test_chain_orders_packs_and_sets_years() -> None:
    chain = plan_chain(["vn.bca.qd3554", "vn.bca.qd510", TT124], 2026, shipped_packs())
    assert [s.key for s in chain] == [TT124, "vn.bca.qd510", "vn.bca.qd3554"]
    assert [s.year for s in chain] == [2026, 2026, 2027]
    assert dict(chain[2].feeds) == {"tt124": TT124, "qd510": "vn.bca.qd510"}


def test_chain_overlay_supplies_a_national_requirement() -> None:
    chain = plan_chain(["vn.vd.tinh_mau.tt124", "vn.bca.qd510"], 2026, shipped_packs())
    assert dict(chain[1].feeds) == {"tt124": "vn.vd.tinh_mau.tt124"}


def test_chain_refuses_a_pack_named_twice() -> None:
    from antq_rules.errors import EvaluationError

    with pytest.raises(EvaluationError, match="twice"):
        plan_chain([TT124, TT124], 2026, shipped_packs())


def test_results_feed_the_next_pack_of_the_chain() -> None:
    out, _ = run([kdc("T1"), commune()], [TT124, "vn.bca.qd510", "vn.bca.qd3554"])
    x1 = by_id(out)["X1"]
    assert isinstance(x1, UnitRecord)
    q510 = x1.results["vn.bca.qd510"]
    dep = {d.id: d for d in q510.dependencies}["tt124"]
    assert dep.source == "evaluated" and dep.result is x1.results[TT124]
    q3554 = x1.results["vn.bca.qd3554"]
    assert q3554.year == 2027
    deps = {d.id: d for d in q3554.dependencies}
    assert deps["tt124"].result is x1.results[TT124] and deps["qd510"].result is q510


def test_tinh_mau_chain_rolls_up_member_levels() -> None:
    # members' QĐ 510 levels feed the commune's illustrative tm_units_* counts
    packs = ["vn.vd.tinh_mau.tt124", "vn.vd.tinh_mau.qd510"]
    out, _ = run([kdc("T1"), kdc("T2"), commune()], packs)
    x1 = by_id(out)["X1"]
    ru = {r.pack.split("@")[0]: r for r in x1.rollups}
    assert set(ru) == set(packs)
    counts = {c.indicator: c for c in ru["vn.vd.tinh_mau.qd510"].counts}
    levels = [by_id(out)[u].results["vn.vd.tinh_mau.qd510"].outcome for u in ("T1", "T2")]
    if "incomplete" in levels or "undetermined" in levels:
        assert counts["tm_units_kha_or_better"].status == "undetermined"
    else:
        assert counts["tm_units_kha_or_better"].value == sum(lv in ("kha", "xuat_sac") for lv in levels)
    assert counts["tm_units_total"].value == 2


# -- roll-up ----------------------------------------------------------------------------------------


def test_commune_counts_come_from_members_and_communes_come_last() -> None:
    rows = [
        commune(),
        kdc("T1"),
        kdc("T2", households_registered=1),
        kdc("T3"),
        DN_SMALL | {"unit": {**DN_SMALL["unit"], "member_of": "X1"}},
    ]
    out, r = run(rows)
    assert [o.unit.id for o in out] == ["T1", "T2", "T3", "VD-DN-001", "X1"]
    assert [o.index for o in out] == [1, 2, 3, 4, 0]
    x1 = out[-1]
    assert isinstance(x1, UnitRecord) and x1.rollup is not None
    counts = {c.indicator: c for c in x1.rollup.counts}
    assert counts["units_in_scope_total"].value == 3  # the small enterprise is excluded (Art. 1 cl. 2)
    assert counts["units_recognised"].value == 2
    assert counts["units_recognised"].counted == ("T1", "T3")
    assert counts["units_registered"].value == 3
    assert counts["units_in_scope_dn"].value == 0
    members = {m.unit_id: m for m in x1.rollup.members}
    assert members["VD-DN-001"].in_scope is False and "TT124.SCOPE.2.DN" in members["VD-DN-001"].reason.vi
    assert members["T2"].outcome == "fail"
    # 2 of 3 recognised is below 70%: the commune fails XA.4b with the derived counts
    xa = x1.results[TT124]
    assert xa.criterion("TT124.XA.4b").status == "not_met"
    assert not r.warnings


def test_supplied_count_that_agrees_is_kept_and_marked() -> None:
    out, _ = run([kdc("T1"), kdc("T2"), commune(units_recognised=2)])
    x1 = by_id(out)["X1"]
    assert isinstance(x1, UnitRecord)
    c = {c.indicator: c for c in x1.rollup.counts}["units_recognised"]
    assert c.status == "agrees" and c.value == 2


def test_conflicting_supplied_count_is_an_error_naming_both_values() -> None:
    out, _ = run([kdc("T1"), kdc("T2"), commune(units_recognised="18")])
    x1 = by_id(out)["X1"]
    assert isinstance(x1, RowError)
    assert x1.rollup is not None and [c.indicator for c in x1.rollup.conflicts] == ["units_recognised"]
    text = " ".join(p.render("en") for p in x1.problems)
    assert "units_recognised = 18" in text and "give 2" in text


def test_undetermined_member_makes_the_count_undetermined_and_names_it() -> None:
    out, _ = run([kdc("T1"), kdc("T2", crimes_count=_DROP), commune()])
    x1 = by_id(out)["X1"]
    assert by_id(out)["T2"].results[TT124].outcome == "undetermined"
    c = {c.indicator: c for c in x1.rollup.counts}
    assert c["units_recognised"].status == "undetermined" and c["units_recognised"].undetermined == ("T2",)
    assert "T2" in c["units_recognised"].reason.vi
    assert c["units_in_scope_total"].value == 2  # the scope itself is known
    assert x1.results[TT124].criterion("TT124.XA.4b").status == "undetermined"
    assert "units_recognised" in x1.results[TT124].criterion("TT124.XA.4b").missing


def test_member_with_an_input_error_leaves_counts_open() -> None:
    out, _ = run([kdc("T1"), kdc("T2", households_registered=999), commune()])
    assert isinstance(by_id(out)["T2"], RowError)
    c = {c.indicator: c for c in by_id(out)["X1"].rollup.counts}
    assert c["units_in_scope_total"].status == "undetermined" and c["units_in_scope_total"].undetermined == ("T2",)


def test_supplied_count_is_used_when_the_derived_one_is_open() -> None:
    out, _ = run([kdc("T1"), kdc("T2", crimes_count=_DROP), commune(units_recognised=1)])
    c = {c.indicator: c for c in by_id(out)["X1"].rollup.counts}["units_recognised"]
    assert c.status == "supplied" and c.supplied == 1


def test_commune_without_members_derives_nothing() -> None:
    out, _ = run([commune()])
    x1 = out[0]
    assert all(c.status == "undetermined" for c in x1.rollup.counts)
    assert x1.results[TT124].criterion("TT124.XA.4b").status == "undetermined"


def test_unknown_member_of_and_duplicate_id_are_reported() -> None:
    out, r = run([kdc("T1", commune="NOWHERE"), kdc("T1"), commune()])
    assert len(out) == 3
    dup = [o for o in out if isinstance(o, RowError)]
    assert len(dup) == 1 and "repeats" in dup[0].problems[0].message.en
    assert len(r.warnings) == 1 and "NOWHERE" in r.warnings[0].message.en


def test_member_of_a_unit_that_aggregates_nothing_is_a_warning() -> None:
    out, r = run([kdc("T1", commune="T2"), kdc("T2", commune=None)])
    assert all(isinstance(o, UnitRecord) for o in out)
    assert len(r.warnings) == 1 and "rolls that subject up" in r.warnings[0].message.en


# -- bad rows ---------------------------------------------------------------------------------------


def test_bad_rows_become_errors_naming_row_column_and_every_problem() -> None:
    cols = {"indicators.households_registered": (5, "households_registered"), "indicators.crimes_count": (7, "x")}
    src = RowSource(file="kdc.csv", row=9, columns=cols)
    row = UnitRow(
        unit=kdc("T9")["unit"] and __import__("antq_rules").UnitRef("T9", "kdc", "thon"),
        source=src,
        indicators={**KDC["indicators"], "households_registered": "nhiều", "crimes_count": -1},
    )
    out, _ = run([row])
    (err,) = out
    assert isinstance(err, RowError)
    where = sorted(p.where() for p in err.problems)
    assert "kdc.csv:9:5: indicators.households_registered" in where
    assert "kdc.csv:9:7: indicators.crimes_count" in where


def test_event_problems_name_the_events_sheet_row() -> None:
    ev_src = RowSource(file="book.xlsx", sheet="events", row=4, columns={"events.type": (3, "type")})
    row = UnitRow(
        unit=__import__("antq_rules").UnitRef("T1", "kdc", "thon"),
        source=RowSource(file="book.xlsx", sheet="kdc", row=2),
        indicators=KDC["indicators"],
        events=({"type": "no_such_event", "date": "2026-05-01"},),
        event_sources=(ev_src,),
    )
    (err,) = run([row])[0]
    assert isinstance(err, RowError)
    assert err.problems[0].where() == "book.xlsx[events]:4:C: events[0].type"


def test_host_rows_in_the_input_schema_and_their_errors() -> None:
    rows = [
        {"unit": {"id": "A"}},
        42,
        {"unit": {"id": "B", "subject": "kdc"}, "year": 2025},
        {"unit": {"id": "C", "subject": "nope"}},
    ]
    out, _ = run(rows)
    assert [type(o).__name__ for o in out] == ["RowError"] * 4
    assert "year" in out[2].problems[0].field
    assert "not covered" in out[3].problems[0].message.en


# -- properties -------------------------------------------------------------------------------------

_member = st.fixed_dictionaries(
    {
        "registered_households": st.sampled_from([KDC["indicators"]["households_resident"], 1]),
        "registration": st.sampled_from([True, False, None]),
        "crimes_known": st.booleans(),
        "bad": st.integers(0, 9).map(lambda n: n == 0),
        "commune": st.integers(0, 2),
    }
)


def _member_row(i: int, m: dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {"households_registered": m["registered_households"]}
    changes["registration_submitted"] = _DROP if m["registration"] is None else m["registration"]
    if not m["crimes_known"]:
        changes["crimes_count"] = _DROP
    if m["bad"]:
        changes["households_registered"] = 10**6
    return kdc(f"T{i}", commune=f"X{m['commune']}", **changes)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_member, max_size=12), st.lists(st.booleans(), min_size=3, max_size=3))
def test_rows_in_equal_rows_out_and_counts_match_member_results(
    members: list[dict[str, Any]], first: list[bool]
) -> None:
    rows: list[Any] = [_member_row(i, m) for i, m in enumerate(members)]
    for c in range(3):  # communes anywhere in the input
        if first[c]:
            rows.insert(0, commune(f"X{c}"))
        else:
            rows.append(commune(f"X{c}"))
    out, _ = run(rows)
    assert sorted(o.index for o in out) == list(range(len(rows)))
    ids = by_id(out)
    for c in range(3):
        x = ids[f"X{c}"]
        counts = {d.indicator: d for d in x.rollup.counts}
        mine = [ids[f"T{i}"] for i, m in enumerate(members) if m["commune"] == c]
        if not mine:
            assert counts["units_recognised"].status == "undetermined"
            continue
        errors = [m for m in mine if isinstance(m, RowError)]
        outcomes = [m.results[TT124].outcome for m in mine if isinstance(m, UnitRecord)]
        if errors:
            assert counts["units_in_scope_total"].status == "undetermined"
        else:
            assert counts["units_in_scope_total"].value == len(mine)
            if "undetermined" in outcomes:
                assert counts["units_recognised"].status == "undetermined"
            else:
                assert counts["units_recognised"].value == outcomes.count("pass")
            regs = [m.results[TT124].criteria[0].source.values.get("registration_submitted") for m in mine]
            if None in regs:
                assert counts["units_registered"].status == "undetermined"
            else:
                assert counts["units_registered"].value == sum(1 for v in regs if v is True)


def test_a_registry_can_be_passed() -> None:
    reg = PackRegistry.shipped()
    out, _ = run([kdc("T1")], registry=reg)
    assert out[0].results[TT124].outcome == "pass"


@pytest.mark.parametrize("module", ["_chain", "_run", "_render", "_model"])
def test_docstring_examples_run(module: str) -> None:
    import doctest
    import importlib

    mod = importlib.import_module(f"antq_rules.population.{module}")
    failures, _ = doctest.testmod(mod, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_rollup_renders_members_and_reasons_in_both_languages() -> None:
    from antq_rules.population import render_rollup, rollup_to_dict

    rows = [kdc("T1"), DN_SMALL | {"unit": {**DN_SMALL["unit"], "member_of": "X1"}}, commune(units_recognised=1)]
    x1 = by_id(run(rows)[0])["X1"]
    vi, en = render_rollup(x1.rollup, "vi"), render_rollup(x1.rollup, "en")
    assert "units_recognised = 1 — dòng có ghi, khớp" in vi
    assert "VD-DN-001" in en and "outside the scope (TT124.SCOPE.2.DN" in en
    d = rollup_to_dict(x1.rollup)
    assert d["schema"] == "antq-rules/rollup/v1"
    assert {c["indicator"]: c["value"] for c in d["counts"]}["units_in_scope_total"] == 1


# -- the fast reading of text cells gives what the full validator gives ----------------------------

_day = st.dates(min_value=__import__("datetime").date(2025, 1, 1), max_value=__import__("datetime").date(2026, 12, 31))
_text_forms = st.fixed_dictionaries(
    {
        "households_resident": st.integers(1, 10**6).flatmap(
            lambda n: st.sampled_from([str(n), f" {n} ", f"{n:,}".replace(",", ".")])
        ),
        "crimes_count": st.one_of(st.integers(0, 999).map(str), st.sampled_from(["", "  ", "1,5", "x", "٣"])),
        "registration_submitted": st.sampled_from(["có", "Có", "KHÔNG", "true", "no", "maybe", " sai "]),
        "registration_date": _day.flatmap(
            lambda d: st.sampled_from(
                [d.isoformat(), f"{d.day}/{d.month}/{d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}", "31/02/2026"]
            )
        ),
    }
)


@settings(max_examples=200, deadline=None)
@given(_text_forms)
def test_quick_cells_read_text_as_the_full_validator_does(values: dict[str, Any]) -> None:
    from antq_rules import InputError, UnitRef, shipped_pack, validate_input
    from antq_rules.inputs._coerce import quick_cells
    from antq_rules.inputs._validate import field_quick_kind

    pack = shipped_pack(TT124)
    kinds = {n: field_quick_kind(f) for n, f in pack.indicators.items()}
    unit = UnitRef("T", "kdc", "thon")

    def outcome(ind: dict[str, Any]) -> Any:
        try:
            v = validate_input(pack, unit, 2026, ind)
        except InputError as exc:
            return sorted(p.field or "" for p in exc.problems)
        return v.values

    assert outcome(quick_cells(kinds, values)) == outcome(values)


def test_a_document_naming_another_year_or_pack_is_an_error(tmp_path: Path) -> None:
    import json

    from antq_rules.tables import read_population

    docs = [
        {"year": 2025, **kdc("A")},
        {"pack": "vn.bca.qd510", **kdc("B")},
        {"year": 2026, "pack": TT124, **kdc("C")},
    ]
    path = tmp_path / "units.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False, default=str) for d in docs) + "\n", encoding="utf-8")
    source = read_population([path], [shipped_packs().get(TT124)])
    out = by_id(list(evaluate_population(source.rows(), [TT124], 2026)))
    assert isinstance(out["A"], RowError) and out["A"].problems[0].field == "year"
    assert out["A"].problems[0].where().startswith(f"{path}:1")
    assert isinstance(out["B"], RowError) and out["B"].problems[0].field == "pack"
    assert isinstance(out["C"], UnitRecord)


_TOPICS = ["bao_ve_co_quan_doanh_nghiep", "bao_ve_bi_mat_nha_nuoc", "an_toan_lao_dong", "Phòng, chống cháy nổ", "x"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_TOPICS), max_size=4), st.sampled_from([";", "; ", ",", " , "]))
def test_quick_cells_read_sets_as_the_full_validator_does(items: list[str], sep: str) -> None:
    from antq_rules import InputError, UnitRef, shipped_pack, validate_input
    from antq_rules.inputs._coerce import quick_cells
    from antq_rules.inputs._validate import field_quick_kind

    pack = shipped_pack(TT124)
    kinds = {n: field_quick_kind(f) for n, f in pack.indicators.items()}
    unit = UnitRef("C", "cq", None)
    values = {"rules_topics": sep.join(items)}

    def outcome(ind: dict[str, Any]) -> Any:
        try:
            return validate_input(pack, unit, 2026, ind).values
        except InputError as exc:
            return sorted(p.field or "" for p in exc.problems)

    assert outcome(quick_cells(kinds, values)) == outcome(values)


_CELL_FORMS = {
    "households_resident": ["412", " 412 ", "1.412", "4,5", "", "nhiều"],
    "households_registered": ["412", "411", "", "1.411"],
    "crimes_count": ["0", "3", "", "-1"],
    "registration_submitted": ["có", "Không", "TRUE", "", "maybe"],
    "registration_date": ["2026-02-12", "12/02/2026", "31/02/2026", "", "02/13/2026"],
    "grassroots_force_rating": ["hoan_thanh", "Hoàn thành tốt nhiệm vụ", "", "tot"],
}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in _CELL_FORMS.items()}), min_size=1, max_size=8))
def test_a_csv_file_gives_what_the_same_rows_as_text_give(tmp_path_factory: Any, cells: list[dict[str, str]]) -> None:
    """The reader's fast path (cells read as it builds the row) and a host's rows of raw text agree."""
    import csv

    from antq_rules.tables import read_population

    base = {k: ("true" if v is True else "false" if v is False else str(v)) for k, v in KDC["indicators"].items()}
    rows = [{**base, **c} for c in cells]
    folder = tmp_path_factory.mktemp("csv")
    path = folder / "kdc.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "kind", *base])
        for i, r in enumerate(rows):
            w.writerow([f"T{i}", "thon", *(r[k] for k in base)])
    from_file = list(evaluate_population(read_population([path], [shipped_packs().get(TT124)]).rows(), [TT124], 2026))
    hosted = [{"unit": {"id": f"T{i}", "subject": "kdc", "kind": "thon"}, "indicators": r} for i, r in enumerate(rows)]
    from_host = list(evaluate_population(hosted, [TT124], 2026))
    for a, b in zip(from_file, from_host, strict=True):
        assert a.kind == b.kind
        if isinstance(a, UnitRecord):
            assert a.results[TT124].to_dict() == b.results[TT124].to_dict()
        else:
            assert sorted((p.field, p.message.en) for p in a.problems) == sorted(
                (p.field, p.message.en) for p in b.problems
            )


# -- outcomes of required packs supplied by the rows ---------------------------------------------------

QD3554 = "vn.bca.qd3554"
_CSGD_3554 = yaml.safe_load((EXAMPLES.parent / "qd3554" / "cq-3554-national.yaml").read_text(encoding="utf-8"))


def test_rows_supply_last_years_decisions_for_the_exemplary_pack() -> None:
    from antq_rules import evaluate_file

    doc = {k: _CSGD_3554[k] for k in ("unit", "indicators", "dependencies")}
    (rec,) = run([doc], [QD3554])[0]
    assert isinstance(rec, UnitRecord)
    expected = evaluate_file(EXAMPLES.parent / "qd3554" / "cq-3554-national.yaml")
    assert rec.results[QD3554].to_dict() == expected.to_dict()
    deps = {d.id: d for d in rec.results[QD3554].dependencies}
    assert deps["tt124"].source == "supplied" and deps["tt124"].decision.startswith("QĐ 215")


def test_supplied_outcomes_from_a_spreadsheet(tmp_path: Path) -> None:
    import csv

    from antq_rules.tables import read_population

    path = tmp_path / "csgd.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "id",
                "kind",
                *_CSGD_3554["indicators"],
                "dep.tt124.outcome",
                "dep.tt124.decision",
                "dep.qd510.outcome",
                "dep.qd510.year",
            ]
        )
        w.writerow(
            [
                "S1",
                "truong_hoc",
                *("có" if v is True else v for v in _CSGD_3554["indicators"].values()),
                "pass",
                "QĐ 1 (minh hoạ)",
                "xuat_sac",
                "2025",
            ]
        )
        w.writerow(
            [
                "S2",
                "truong_hoc",
                *("có" if v is True else v for v in _CSGD_3554["indicators"].values()),
                "fail",
                "",
                "xuat_sac",
                "",
            ]
        )
        w.writerow(
            [
                "S3",
                "truong_hoc",
                *("có" if v is True else v for v in _CSGD_3554["indicators"].values()),
                "",
                "QĐ 2",
                "kha",
                "",
            ]
        )
    pack = shipped_packs().get(QD3554)
    out = by_id(list(evaluate_population(read_population([path], [pack]).rows(), [QD3554], 2026)))
    s1, s2, s3 = out["S1"], out["S2"], out["S3"]
    assert isinstance(s1, UnitRecord) and isinstance(s2, UnitRecord)
    gate = {d.id: d.outcome for d in s1.results[QD3554].dependencies}
    assert gate == {"tt124": "pass", "qd510": "xuat_sac"}
    assert s2.results[QD3554].outcome == "not_eligible"  # last year's standard was not met
    assert isinstance(s3, RowError) and s3.problems[0].field == "dependencies.tt124.outcome"
    assert s3.problems[0].where().endswith(f":4:{len(_CSGD_3554['indicators']) + 3}: dependencies.tt124.outcome")


def test_a_supplied_outcome_the_run_evaluates_itself_or_no_pack_needs_is_an_error() -> None:
    both = kdc("T1") | {"dependencies": {"tt124": {"outcome": "pass"}}}
    (err,) = run([both], [TT124, "vn.bca.qd510"])[0]
    assert isinstance(err, RowError) and "evaluates 'tt124'" in err.problems[0].message.en
    stray = kdc("T2") | {"dependencies": {"nope": {"outcome": "pass"}}}
    (err,) = run([stray], [TT124])[0]
    assert isinstance(err, RowError) and "no pack of the run requires 'nope'" in err.problems[0].message.en


def test_the_exemplary_template_has_the_decision_columns(tmp_path: Path) -> None:
    from antq_rules.tables import read_population, write_template

    pack = shipped_packs().get(QD3554)
    path = tmp_path / "csgd.csv"
    write_template(pack, "csgd", path, "csv")
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert "(dep.tt124.outcome)" in header and "(dep.qd510.decision)" in header
    source = read_population([path], [pack])
    assert list(source.rows()) == [] and not source.warnings


def test_a_unit_kind_may_be_written_as_its_name() -> None:
    rows = [kdc("T1"), kdc("T2"), kdc("T3")]
    rows[0]["unit"]["kind"] = "Thôn"
    rows[1]["unit"]["kind"] = " tổ dân phố "
    rows[2]["unit"]["kind"] = "hamlet?"
    out = by_id(run(rows)[0])
    assert out["T1"].unit.kind == "thon" and out["T2"].unit.kind == "to_dan_pho"
    assert isinstance(out["T3"], RowError) and "kind 'hamlet?'" in out["T3"].problems[0].message.en
