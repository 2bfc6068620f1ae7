"""Unit input: the document envelope (pydantic), value normalisation, and validation against a pack."""

from typing import TYPE_CHECKING

from antq_rules._lazy import lazy_exports

if TYPE_CHECKING:
    from antq_rules.inputs._coerce import BOOLEAN_WORDS, MISSING, CoercionError, coerce_field
    from antq_rules.inputs._document import INPUT_SCHEMA_ID, InputDocument, UnitModel, parse_input, read_input_file
    from antq_rules.inputs._validate import OutsideEvent, UnitRef, ValidatedInput, validate_input

__all__ = [
    "BOOLEAN_WORDS",
    "INPUT_SCHEMA_ID",
    "MISSING",
    "CoercionError",
    "InputDocument",
    "OutsideEvent",
    "UnitModel",
    "UnitRef",
    "ValidatedInput",
    "coerce_field",
    "parse_input",
    "read_input_file",
    "validate_input",
]

# imported on first use (antq_rules._lazy): evaluating dicts does not need the documents' pydantic models
if not TYPE_CHECKING:  # type checkers read the imports above; an unknown name stays an error
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            **dict.fromkeys(("BOOLEAN_WORDS", "MISSING", "CoercionError", "coerce_field"), "antq_rules.inputs._coerce"),
            **dict.fromkeys(
                ("INPUT_SCHEMA_ID", "InputDocument", "UnitModel", "parse_input", "read_input_file"),
                "antq_rules.inputs._document",
            ),
            **dict.fromkeys(
                ("OutsideEvent", "UnitRef", "ValidatedInput", "validate_input"), "antq_rules.inputs._validate"
            ),
        },
    )
