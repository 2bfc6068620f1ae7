"""JSON Schemas for editors (yaml-language-server) and hosts: the pack format, and a unit input per pack.

Both are generated — the pack format from the pydantic models the loader itself uses, an input schema
from a compiled pack's declarations (indicators with their types, choices, units and bilingual
descriptions; event types and their fields; parameters and their readings) — never written by hand.
The library's own checks stay the authority: a schema helps while typing; loading still checks
everything (cross-references, expressions, units, dates in their windows …).

>>> from antq_rules import shipped_pack
>>> schema = input_schema(shipped_pack("vn.bca.tt124"), "kdc")
>>> schema["properties"]["unit"]["properties"]["subject"]["const"]
'kdc'
>>> "households_registered" in schema["properties"]["indicators"]["properties"]
True
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from antq_rules.inputs._document import INPUT_SCHEMA_ID, MAX_EVENTS
from antq_rules.packs import FieldSpec, Pack
from antq_rules.packs._schema import OverlayModel, PackModel
from antq_rules.plans._schema import PlanModel

__all__ = ["input_schema", "pack_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_VN_DATE = r"^\d{1,2}/\d{1,2}/\d{4}$"


def pack_schema() -> dict[str, Any]:
    """The JSON Schema of a pack file: a national pack, a province overlay (``extends``) or a plan."""
    _, top = models_json_schema(
        [(PackModel, "validation"), (OverlayModel, "validation"), (PlanModel, "validation")],
        by_alias=True,
        title="antq_rules pack file",
    )
    defs = top["$defs"]
    return {
        "$schema": DRAFT,
        "$id": "antq-rules/pack.schema.json",
        "title": "antq_rules pack file (criteria pack, province overlay or plan)",
        "description": (
            "Gói tiêu chí, gói của tỉnh (extends) hoặc kế hoạch (kind: plan) — "
            "a criteria pack, a province overlay (extends) or a plan (kind: plan)."
        ),
        "anyOf": [
            {"$ref": "#/$defs/PackModel"},
            {"$ref": "#/$defs/OverlayModel"},
            {"$ref": "#/$defs/PlanModel"},
        ],
        "$defs": defs,
    }


def _text(t: Any) -> str:
    return f"{t.vi} — {t.en}" if t is not None else ""


def _field(spec: FieldSpec) -> dict[str, Any]:
    """The schema of one typed field, as the library reads it (codes or labels, Vietnamese numbers …)."""
    out: dict[str, Any] = {"description": _text(spec.description)}
    if spec.label is not None:
        out["title"] = _text(spec.label)
    if spec.type in ("integer", "decimal"):
        number: dict[str, Any] = {"type": "integer" if spec.type == "integer" else "number"}
        if spec.min is not None:
            number["minimum"] = _json_number(spec.min)
        if spec.max is not None:
            number["maximum"] = _json_number(spec.max)
        forms: list[dict[str, Any]] = [number, {"type": "string", "description": "e.g. '412', '1.412', '87,5'"}]
        if spec.unit is not None:
            out["description"] += f" [{spec.unit}]"
            forms.append(
                {
                    "type": "object",
                    "properties": {"value": {"type": ["number", "string"]}, "unit": {"type": "string"}},
                    "required": ["value", "unit"],
                    "additionalProperties": False,
                }
            )
        out["anyOf"] = forms
    elif spec.type == "boolean":
        out["anyOf"] = [{"type": "boolean"}, {"enum": ["có", "không", "Có", "Không", "TRUE", "FALSE"]}]
    elif spec.type == "date":
        out["anyOf"] = [
            {"type": "string", "pattern": _ISO_DATE, "format": "date"},
            {"type": "string", "pattern": _VN_DATE},
        ]
    elif spec.type == "enum":
        out["enum"] = _choices(spec)
    elif spec.type == "set":
        out["anyOf"] = [
            {"type": "array", "items": {"enum": _choices(spec)}, "uniqueItems": True},
            {"type": "string", "description": "codes or labels separated by ';'"},
        ]
    else:
        out["type"] = "string"
    return out


def _choices(spec: FieldSpec) -> list[str]:
    codes = list(spec.choices or {})
    labels = [t.vi for t in (spec.choices or {}).values()] + [t.en for t in (spec.choices or {}).values()]
    return codes + [label for label in dict.fromkeys(labels) if label not in codes]


def _json_number(v: Any) -> int | float:
    return int(v) if int(v) == v else float(v)


def input_schema(pack: Pack, subject: str | None = None) -> dict[str, Any]:
    """The JSON Schema of a unit input document for ``pack`` (and ``subject``, when given).

    With a subject, only the indicators that apply to it are offered, and ``unit.subject`` is fixed.
    Indicators are not all required: what a host leaves out makes criteria undetermined, never met.
    """
    if subject is not None and subject not in pack.subjects:
        raise KeyError(subject)
    subjects = [subject] if subject is not None else list(pack.subjects)
    indicators = {
        name: _field(spec)
        for name, spec in pack.indicators.items()
        if spec.subjects is None or any(s in spec.subjects for s in subjects)
    }
    previous = {
        name: indicators[name] for name, spec in pack.indicators.items() if spec.previous_year and name in indicators
    }
    kinds = sorted({k for s in subjects for k in pack.subjects[s].kinds})
    unit: dict[str, Any] = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "minLength": 1, "maxLength": 200},
            "name": {"type": "string", "maxLength": 500},
            "subject": (
                {"const": subject, "description": _text(pack.subjects[subject].name)}
                if subject is not None
                else {
                    "enum": subjects,
                    "description": "; ".join(f"{s}: {_text(pack.subjects[s].name)}" for s in subjects),
                }
            ),
            "kind": {"enum": kinds},
        },
        "required": ["id", "subject"],
        "additionalProperties": False,
    }
    events = [
        {
            "type": "object",
            "title": _text(et.name),
            "properties": {
                "type": {"const": et.id},
                "id": {"type": "string"},
                "date": {"anyOf": [{"type": "string", "pattern": _ISO_DATE}, {"type": "string", "pattern": _VN_DATE}]},
                "note": {"type": "string"},
                **{name: _field(spec) for name, spec in et.fields.items()},
            },
            "required": ["type", "date"],
            "additionalProperties": False,
        }
        for et in pack.event_types.values()
    ]
    parameters = {
        name: {
            "description": _text(p.description),
            **({"enum": list(p.choices)} if p.choices else {}),
        }
        for name, p in pack.parameters.items()
    }
    return {
        "$schema": DRAFT,
        "$id": f"antq-rules/input/{pack.id}{'.' + subject if subject else ''}.schema.json",
        "title": f"antq_rules input — {pack.id}@{pack.version}" + (f" ({subject})" if subject else ""),
        "description": _text(pack.title),
        "type": "object",
        "properties": {
            "schema": {"const": INPUT_SCHEMA_ID},
            "pack": {"type": "string", "description": f"e.g. {pack.id}"},
            "pack_version": {"type": "string"},
            "year": {"type": "integer", "minimum": 1990, "maximum": 2200},
            "unit": unit,
            "indicators": {"type": "object", "properties": indicators, "additionalProperties": False},
            "previous_year": {"type": "object", "properties": previous, "additionalProperties": False},
            "events": {
                "description": (
                    "Không ghi: chưa báo cáo sự kiện (tiêu chí đếm sự kiện chưa xác định); []: không có sự kiện nào — "
                    "absent: events not reported (criteria counting events undetermined); []: none occurred"
                ),
                "type": ["array", "null"],
                "maxItems": MAX_EVENTS,
                "items": {"anyOf": events} if events else {"type": "object"},
            },
            "parameters": {"type": "object", "properties": parameters, "additionalProperties": False},
            "scores": {"type": "object"},
            "dependencies": {"type": "object"},
        },
        "required": ["year", "unit"],
        "additionalProperties": False,
    }
