"""Criteria packs: the strict YAML format, its checker, and the compiled runtime pack."""

from antq_rules.packs._compile import load_pack_text
from antq_rules.packs._lint import LINT_CODES, LintWarning, lint_file, lint_pack
from antq_rules.packs._model import (
    Citation,
    Constraint,
    Criterion,
    EventType,
    Exclusion,
    FieldSpec,
    Instrument,
    LegalValue,
    Pack,
    Parameter,
    Provenance,
    Subject,
    Window,
)
from antq_rules.packs._registry import PackRegistry, load_pack, load_packs, shipped_packs_dir
from antq_rules.packs._schema import SCHEMA_ID, PackModel

__all__ = [
    "LINT_CODES",
    "SCHEMA_ID",
    "Citation",
    "Constraint",
    "Criterion",
    "EventType",
    "Exclusion",
    "FieldSpec",
    "Instrument",
    "LegalValue",
    "LintWarning",
    "Pack",
    "PackModel",
    "PackRegistry",
    "Parameter",
    "Provenance",
    "Subject",
    "Window",
    "lint_file",
    "lint_pack",
    "load_pack",
    "load_pack_text",
    "load_packs",
    "shipped_packs_dir",
]
