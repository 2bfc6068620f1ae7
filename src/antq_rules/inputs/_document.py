"""The unit input document (JSON or YAML) that hosts and the CLI send: its envelope schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from antq_rules._text import Text
from antq_rules._yaml import MAX_DEPTH, YamlDocument, YamlProblems, parse_yaml, read_bounded
from antq_rules.errors import InputError, Problem, cannot_read

__all__ = ["INPUT_SCHEMA_ID", "MAX_EVENTS", "InputDocument", "UnitModel", "parse_input", "read_input_file"]

INPUT_SCHEMA_ID = "antq-rules/input/v1"
# Events of one unit's document: 20,000 events as JSON with id and note stay well within the 4 MiB and
# 300,000-node limits of a document (_yaml.MAX_BYTES, _yaml.MAX_NODES), so the limits agree.
MAX_EVENTS = 20_000


class UnitModel(BaseModel):
    """Which unit is evaluated: the host's id, a name, the subject and the concrete kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=1, max_length=200)
    name: str | None = Field(default=None, max_length=500)
    subject: str = Field(min_length=1, max_length=80)
    kind: str | None = Field(default=None, max_length=80)


class InputDocument(BaseModel):
    """One unit, one evaluation year, its indicators, last year's values, events and parameters."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: Literal["antq-rules/input/v1"] = Field(default="antq-rules/input/v1", alias="schema")
    pack: str | None = None
    pack_version: str | None = None
    year: int = Field(ge=1990, le=2200)
    unit: UnitModel
    indicators: dict[str, Any] = Field(default_factory=dict)
    previous_year: dict[str, Any] = Field(default_factory=dict)
    # absent or null: events not reported (criteria counting events are undetermined); []: none occurred
    events: list[dict[str, Any]] | None = Field(default=None, max_length=MAX_EVENTS)
    parameters: dict[str, Any] = Field(default_factory=dict)
    scores: dict[str, Any] = Field(default_factory=dict)
    dependencies: dict[str, Any] = Field(default_factory=dict)


def _problems(exc: ValidationError, doc: YamlDocument | None, file: str | None) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        path = ["schema" if p == "schema_" else p for p in err["loc"]]
        if err["type"] == "extra_forbidden":
            text = Text(f"khoá không được phép '{path[-1]}'", f"unknown key '{path[-1]}'")
        elif err["type"] == "missing":
            text = Text(f"thiếu trường bắt buộc '{path[-1]}'", f"missing required field '{path[-1]}'")
        else:
            text = Text(f"giá trị không hợp lệ: {err['msg']}", f"invalid value: {err['msg']}")
        if doc is not None:
            out.append(doc.problem(text, path))
        else:
            from antq_rules._yaml import format_path

            out.append(Problem(text, file=file, field=format_path(path) or None))
    return out


def parse_input(data: Any, doc: YamlDocument | None = None, file: str | None = None) -> InputDocument:
    """Validate the envelope of an input document; raise :class:`InputError` listing every problem."""
    try:
        return InputDocument.model_validate(data)
    except ValidationError as exc:
        raise InputError(_problems(exc, doc, file)) from None


def read_input_file(path: str | Path) -> tuple[InputDocument, YamlDocument]:
    """Read a unit input file (``.yaml``, ``.yml`` or ``.json``; JSON is read as YAML 1.1, a superset)."""
    p = Path(path)
    try:
        raw = read_bounded(p)  # a regular file, at most MAX_BYTES + 1 bytes read
    except YamlProblems as exc:
        raise InputError(exc.problems) from None
    except OSError as exc:
        raise InputError([Problem(cannot_read(exc), file=str(p))]) from None
    if p.suffix.lower() == ".json":
        try:
            json.loads(raw)
        except RecursionError:
            text = Text(f"JSON lồng nhau quá {MAX_DEPTH} cấp", f"JSON nested deeper than {MAX_DEPTH} levels")
            raise InputError([Problem(text, file=str(p))]) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(
                [Problem(Text(f"JSON không hợp lệ: {exc}", f"invalid JSON: {exc}"), file=str(p))]
            ) from None
    try:
        doc = parse_yaml(raw, str(p))
    except YamlProblems as exc:
        raise InputError(exc.problems) from None
    return parse_input(doc.data, doc, str(p)), doc
