"""JSON Schemas of the pack format and of a unit input per pack, generated from the library's own models.

The shipped copies live in ``docs/schemas/`` (regenerate with ``python -m antq_rules.schemas docs/schemas``;
a test keeps them current). Editors that use yaml-language-server read a first-line comment such as
``# yaml-language-server: $schema=../../docs/schemas/input-vn.bca.tt124.schema.json``.
"""

from antq_rules.schemas._files import SHIPPED_INPUT_PACKS, shipped_schemas, write_schemas
from antq_rules.schemas._generate import input_schema, pack_schema

__all__ = ["SHIPPED_INPUT_PACKS", "input_schema", "pack_schema", "shipped_schemas", "write_schemas"]
