"""Unit input: the document envelope (pydantic) and validation against a pack."""

from antq_rules.inputs._document import INPUT_SCHEMA_ID, InputDocument, UnitModel, parse_input, read_input_file
from antq_rules.inputs._validate import UnitRef, ValidatedInput, validate_input

__all__ = [
    "INPUT_SCHEMA_ID",
    "InputDocument",
    "UnitModel",
    "UnitRef",
    "ValidatedInput",
    "parse_input",
    "read_input_file",
    "validate_input",
]
