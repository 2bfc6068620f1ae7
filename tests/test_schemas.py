"""The JSON Schemas: generated (never hand-written), current in docs/schemas/, and every shipped pack,
plan and example validates against them while a few broken files do not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from antq_rules import shipped_pack
from antq_rules.cli import main
from antq_rules.schemas import input_schema, pack_schema, shipped_schemas

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "docs" / "schemas"
PACK_FILES = sorted(
    [*ROOT.glob("packs/*.yaml"), *ROOT.glob("packs/examples/*.yaml"), *ROOT.glob("packs/examples/plans/*.yaml")]
)
EXAMPLE_FILES = sorted(ROOT.glob("examples/qd*/*.yaml")) + sorted(ROOT.glob("examples/tt124/*.yaml"))


def _named_pack(path: Path) -> str:
    return str(yaml.safe_load(path.read_text(encoding="utf-8"))["pack"])


EXAMPLES: dict[str, list[Path]] = {}
for _path in EXAMPLE_FILES:
    EXAMPLES.setdefault(_named_pack(_path), []).append(_path)


def as_editor_sees(path: Path) -> Any:
    """The file as a YAML editor hands it to a JSON Schema: dates are strings."""

    def plain(v: Any) -> Any:
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    return plain(yaml.safe_load(path.read_text(encoding="utf-8")))


def validator(schema: dict[str, Any]) -> Any:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_shipped_schemas_are_current() -> None:
    for name, schema in shipped_schemas().items():
        shipped = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        assert shipped == schema, f"docs/schemas/{name} is stale: run python -m antq_rules.schemas docs/schemas"


@pytest.mark.parametrize("path", PACK_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_pack_validates(path: Path) -> None:
    errors = list(validator(pack_schema()).iter_errors(as_editor_sees(path)))
    assert errors == [], [e.message for e in errors[:3]]


@pytest.mark.parametrize(
    ("pack_id", "path"), [(p, f) for p, files in EXAMPLES.items() for f in files], ids=lambda x: getattr(x, "name", x)
)
def test_every_example_input_validates(pack_id: str, path: Path) -> None:
    data = as_editor_sees(path)
    subject = data["unit"]["subject"]
    for schema in (input_schema(shipped_pack(pack_id)), input_schema(shipped_pack(pack_id), subject)):
        errors = list(validator(schema).iter_errors(data))
        assert errors == [], [e.message for e in errors[:3]]


def test_shipped_files_point_editors_at_their_schema() -> None:
    for pack_id, files in EXAMPLES.items():
        for path in files:
            lines = path.read_text(encoding="utf-8").splitlines()
            assert f"# yaml-language-server: $schema=../../docs/schemas/input-{pack_id}.schema.json" in lines, path
    for path in PACK_FILES:
        head = path.read_text(encoding="utf-8").splitlines()[0]
        assert head.startswith("# yaml-language-server: $schema=") and head.endswith(".schema.json"), path


def _broken_input() -> dict[str, Any]:
    data = as_editor_sees(ROOT / "examples" / "tt124" / "kdc-pass.yaml")
    data["indicators"]["households_registerd"] = 3  # a typo
    return data


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d["indicators"].update(households_registerd=3), "households_registerd"),
        (lambda d: d["indicators"].update(grassroots_force_rating="xuat_sac"), "grassroots_force_rating"),
        (lambda d: d["unit"].update(subject="truong"), "subject"),
        (lambda d: d["indicators"].update(registration_date="2026/01/25"), "registration_date"),
        (lambda d: d.update(events=[{"type": "chay_no", "date": "2026-01-01"}]), "events"),
        (lambda d: d["parameters"].update(kdc_prev_year_operator="~"), "kdc_prev_year_operator"),
        (lambda d: d.pop("unit"), "unit"),
    ],
)
def test_broken_inputs_do_not_validate(change: Any, where: str) -> None:
    data = as_editor_sees(ROOT / "examples" / "tt124" / "kdc-pass.yaml")
    data.setdefault("parameters", {})
    change(data)
    errors = list(validator(input_schema(shipped_pack("vn.bca.tt124"))).iter_errors(data))
    assert errors and any(where in (e.message + json.dumps(list(e.absolute_path))) for e in errors), [
        e.message for e in errors
    ]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(kind="tieu_chuan"), "kind"),
        (lambda d: d.update(colour="red"), "colour"),
        (lambda d: d["criteria"][0].pop("citation"), "citation"),
        (lambda d: d["title"].pop("en"), "en"),
    ],
)
def test_broken_packs_do_not_validate(change: Any, where: str) -> None:
    data = as_editor_sees(ROOT / "packs" / "tt124.yaml")
    change(data)
    errors = list(validator(pack_schema()).iter_errors(data))
    assert errors


def test_cli_writes_the_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "pack"]) == 0
    assert json.loads(capsys.readouterr().out) == pack_schema()
    assert main(["schema", "input", "vn.bca.tt124", "--subject", "cq"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["unit"]["properties"]["subject"]["const"] == "cq"
    assert "households_registered" not in schema["properties"]["indicators"]["properties"]
    assert main(["schema", "input", "vn.bca.tt124", "--subject", "truong"]) == 2
    assert "truong" in capsys.readouterr().err
