"""Unit input: the document envelope (pydantic), value normalisation, and validation against a pack."""

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
