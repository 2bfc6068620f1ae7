"""The test-case file format (pydantic, strict): inputs that start from named bases, and what to expect.

A file holds cases for one pack (``pack:``): each case starts from a base input (a unit input document,
in a file beside the cases or inline) and changes one thing, then says what the result must be —
``expect`` (outcome, statuses of named criteria, missing data, event records, exclusion, score, level)
or ``error`` (the exact field paths of the input error).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from antq_rules.packs._schema import _Strict

__all__ = ["TESTS_SCHEMA_ID", "BaseModel_", "CaseModel", "ExpectModel", "TestFileModel", "tests_json_schema"]

TESTS_SCHEMA_ID = "antq-rules/tests/v1"

CaseId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=120)]
Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
Status = Literal["met", "not_met", "not_applicable", "undetermined"]
EventStatus = Literal["counted", "excused", "undetermined"]


class _Changes(_Strict):
    """What a case (or a derived base) changes in the input it starts from."""

    set: dict[str, Any] = Field(default_factory=dict)  # indicators set (added or replaced)
    drop: list[str] = Field(default_factory=list)  # indicators removed (left out: missing)
    previous_year: dict[str, Any] | None = None  # replaces last year's values
    prev_set: dict[str, Any] = Field(default_factory=dict)
    prev_drop: list[str] = Field(default_factory=list)
    events: list[dict[str, Any]] | None = None  # replaces the events ([] = none occurred)
    add_events: list[dict[str, Any]] = Field(default_factory=list)
    no_events: bool = False  # remove the events list: events not reported
    parameters: dict[str, Any] | None = None  # replaces the parameters
    scores: dict[str, Any] | None = None  # replaces hand-assessed scores
    unit: dict[str, Any] = Field(default_factory=dict)  # merged into the unit
    year: int | None = Field(default=None, ge=1990, le=2200)


class BaseModel_(_Changes):  # a trailing "_": "Base" alone would read like pydantic's BaseModel
    """A named starting input: a file (relative to the test file, inside its folder), inline, or another
    base with changes."""

    file: str | None = None
    input: dict[str, Any] | None = None
    base: Name | None = None

    @model_validator(mode="after")
    def _one_source(self) -> BaseModel_:
        given = [k for k in ("file", "input", "base") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("a base needs exactly one of 'file', 'input' and 'base'")
        return self


class ExpectModel(_Strict):
    outcome: str | None = None  # pass, fail, not_applicable, undetermined, a level id, incomplete …
    criteria: dict[str, Status] = Field(default_factory=dict)
    missing: dict[str, list[str]] = Field(default_factory=dict)  # criterion -> data it lacks (at least these)
    events: dict[str, list[EventStatus]] = Field(default_factory=dict)  # criterion -> event records in order
    exclusion: str | None = None
    score: Any = None  # the total points (exact: 72, "72.5")
    level: str | None = None

    @model_validator(mode="after")
    def _something(self) -> ExpectModel:
        if not self.model_fields_set:
            raise ValueError(
                "'expect' needs at least one of outcome, criteria, missing, events, exclusion, score, level"
            )
        return self


class CaseModel(_Changes):
    id: CaseId
    why: str | None = None
    base: Name | None = None
    input: dict[str, Any] | None = None
    file: str | None = None
    expect: ExpectModel | None = None
    error: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _shape(self) -> CaseModel:
        sources = [k for k in ("base", "input", "file") if getattr(self, k) is not None]
        if len(sources) != 1:
            raise ValueError("a case needs exactly one of 'base', 'input' and 'file'")
        if (self.expect is None) == (self.error is None):
            raise ValueError("a case needs exactly one of 'expect' and 'error'")
        return self


class TestFileModel(_Strict):
    __test__ = False  # not a pytest test class

    schema_: Literal["antq-rules/tests/v1"] = Field(alias="schema")
    pack: Annotated[str, StringConstraints(min_length=1, max_length=120)]
    year: int | None = Field(default=None, ge=1990, le=2200)
    note: str | None = None
    bases: dict[Name, BaseModel_] = Field(default_factory=dict)
    cases: list[dict[str, Any]] = Field(min_length=1, max_length=5000)  # each checked on its own

    model_config = _Strict.model_config | {"populate_by_name": True}


class _TestFileForEditors(TestFileModel):
    """The same file with its cases typed (the loader checks each case on its own instead)."""

    cases: list[CaseModel] = Field(min_length=1, max_length=5000)  # type: ignore[assignment]


def tests_json_schema() -> dict[str, Any]:
    """The JSON Schema of a test-case file (for editors), generated from the models above."""
    schema = _TestFileForEditors.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "antq-rules/tests.schema.json"
    schema["title"] = "antq_rules pack test cases (schema: antq-rules/tests/v1)"
    return schema
