"""Criteria packs: the strict YAML format, its checker, and the compiled runtime pack."""

from typing import TYPE_CHECKING

from antq_rules._lazy import lazy_exports

if TYPE_CHECKING:
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

# imported on first use (antq_rules._lazy): the checker (_lint) is not loaded to evaluate
if not TYPE_CHECKING:  # type checkers read the imports above; an unknown name stays an error
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "load_pack_text": "antq_rules.packs._compile",
            **dict.fromkeys(("LINT_CODES", "LintWarning", "lint_file", "lint_pack"), "antq_rules.packs._lint"),
            **dict.fromkeys(
                (
                    "Citation",
                    "Constraint",
                    "Criterion",
                    "EventType",
                    "Exclusion",
                    "FieldSpec",
                    "Instrument",
                    "LegalValue",
                    "Pack",
                    "Parameter",
                    "Provenance",
                    "Subject",
                    "Window",
                ),
                "antq_rules.packs._model",
            ),
            **dict.fromkeys(
                ("PackRegistry", "load_pack", "load_packs", "shipped_packs_dir"), "antq_rules.packs._registry"
            ),
            **dict.fromkeys(("SCHEMA_ID", "PackModel"), "antq_rules.packs._schema"),
        },
    )
