"""The schema files shipped in ``docs/schemas/``: which ones, their names, and writing them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from antq_rules.packs import PackRegistry
from antq_rules.plans._schema import plan_json_schema
from antq_rules.schemas._generate import input_schema, pack_schema

__all__ = ["SHIPPED_INPUT_PACKS", "shipped_schemas", "write_schemas"]

SHIPPED_INPUT_PACKS = (
    "vn.bca.tt124",
    "vn.bca.qd510",
    "vn.bca.qd3554",
    # the example province's overlays (illustrative): their examples name them
    "vn.vd.tinh_mau.tt124",
    "vn.vd.tinh_mau.qd510",
    "vn.vd.tinh_mau.qd3554",
)


def shipped_schemas(registry: PackRegistry | None = None) -> dict[str, dict[str, Any]]:
    """File name -> schema, for every schema shipped in ``docs/schemas/``."""
    reg = registry if registry is not None else PackRegistry.shipped()
    from antq_rules.packtests._schema import tests_json_schema

    out = {
        "pack.schema.json": pack_schema(),
        "plan.schema.json": plan_json_schema(),
        "tests.schema.json": tests_json_schema(),
    }
    for pack_id in SHIPPED_INPUT_PACKS:
        out[f"input-{pack_id}.schema.json"] = input_schema(reg.get(pack_id))
    return out


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: str | Path) -> list[Path]:
    """Write every shipped schema into ``folder``; returns the paths written."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in shipped_schemas().items():
        path = target / name
        path.write_text(dumps(schema), encoding="utf-8")
        written.append(path)
    return written
