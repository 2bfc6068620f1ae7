"""Results: the typed outcome of an evaluation and its stable, versioned JSON form."""

from antq_rules.results._json import decode_value, encode_value, result_from_dict, result_to_dict
from antq_rules.results._model import (
    CRITERION_STATUSES,
    OUTCOMES,
    RESULT_SCHEMA_ID,
    Comparison,
    CriterionInfo,
    CriterionResult,
    EventRecord,
    Exclusion,
    Observation,
    ObservedSource,
    PackRef,
    ParameterUsed,
    Result,
    ValueUsed,
)

__all__ = [
    "CRITERION_STATUSES",
    "OUTCOMES",
    "RESULT_SCHEMA_ID",
    "Comparison",
    "CriterionInfo",
    "CriterionResult",
    "EventRecord",
    "Exclusion",
    "Observation",
    "ObservedSource",
    "PackRef",
    "ParameterUsed",
    "Result",
    "ValueUsed",
    "decode_value",
    "encode_value",
    "result_from_dict",
    "result_to_dict",
]
