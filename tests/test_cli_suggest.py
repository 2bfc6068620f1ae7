"""“Did you mean …” for mistyped names: in the library's input errors and on the command line."""

from __future__ import annotations

import pytest

from antq_rules import InputError, UnitRef, shipped_pack, validate_input
from antq_rules._suggest import close_names, did_you_mean


def test_close_names_keeps_only_the_best_and_plausible() -> None:
    known = ["households_registered", "households_resident", "crimes_count"]
    assert close_names("households_registerd", known) == ["households_registered"]
    assert close_names("Crimes_Count", known) == ["crimes_count"]
    assert close_names("zzz", known) == []
    assert close_names(None, known) == []
    assert did_you_mean("zzz", known).vi == ""


def test_library_input_errors_suggest_in_both_languages() -> None:
    pack = shipped_pack("vn.bca.tt124")
    unit = UnitRef("T1", "kdc", "thon")
    with pytest.raises(InputError) as info:
        validate_input(
            pack,
            unit,
            2026,
            {"households_registerd": 3},
            events=[{"type": "crme", "date": "2026-02-01"}],
            parameters={"kdc_prev_year_operatr": "<"},
        )
    en = info.value.render("en")
    vi = info.value.render("vi")
    assert "unknown indicator 'households_registerd'; did you mean 'households_registered'?" in en
    assert "chỉ số không biết 'households_registerd'; có phải là 'households_registered'?" in vi
    assert "did you mean 'crime'?" in en
    assert "did you mean 'kdc_prev_year_operator'?" in en


def test_unknown_subject_suggests() -> None:
    pack = shipped_pack("vn.bca.tt124")
    with pytest.raises(InputError) as info:
        validate_input(pack, UnitRef("T1", "kcd"), 2026, {})
    assert "did you mean 'kdc'?" in info.value.render("en")
