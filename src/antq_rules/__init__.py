"""antq_rules — criteria packs for Vietnam's all-people national-security movement, evaluated with
explanations an auditor can check against the law.

>>> import antq_rules
>>> pack = antq_rules.shipped_pack("vn.bca.tt124")
>>> result = antq_rules.evaluate(pack, {"id": "VD-1", "subject": "csgd", "kind": "truong_hoc"}, 2026,
...                              {"csgd_level": "tieu_hoc"})
>>> result.outcome, result.exclusion.id
('not_applicable', 'TT124.SCOPE.2.CSGD')
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from antq_rules._lazy import lazy_exports

if TYPE_CHECKING:
    from antq_rules._text import Lang, Text
    from antq_rules.calendar import Calendar, calendar_for
    from antq_rules.engine import evaluate, evaluate_validated, resolve_dependencies
    from antq_rules.errors import AntqError, EvaluationError, InputError, PackError, Problem
    from antq_rules.explanations import render_text
    from antq_rules.inputs import InputDocument, UnitRef, validate_input
    from antq_rules.inputs import read_input_file as read_input_file
    from antq_rules.packs import Pack, PackRegistry, load_pack
    from antq_rules.population import PopulationRun, RowError, UnitRecord, UnitRow, evaluate_population
    from antq_rules.results import CriterionResult, Result

# Every export is imported on first use (antq_rules._lazy): ``import antq_rules`` itself loads nothing heavy.
if not TYPE_CHECKING:  # type checkers read the imports above; an unknown name stays an error
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            **dict.fromkeys(("Lang", "Text"), "antq_rules._text"),
            **dict.fromkeys(("Calendar", "calendar_for"), "antq_rules.calendar"),
            **dict.fromkeys(("evaluate", "evaluate_validated", "resolve_dependencies"), "antq_rules.engine"),
            **dict.fromkeys(
                ("AntqError", "EvaluationError", "InputError", "PackError", "Problem"), "antq_rules.errors"
            ),
            "render_text": "antq_rules.explanations",
            **dict.fromkeys(("InputDocument", "UnitRef", "read_input_file", "validate_input"), "antq_rules.inputs"),
            **dict.fromkeys(("Pack", "PackRegistry", "load_pack"), "antq_rules.packs"),
            **dict.fromkeys(
                ("PopulationRun", "RowError", "UnitRecord", "UnitRow", "evaluate_population"), "antq_rules.population"
            ),
            **dict.fromkeys(("CriterionResult", "Result"), "antq_rules.results"),
        },
    )

__version__ = "0.1.0"

__all__ = [
    "AntqError",
    "Calendar",
    "CriterionResult",
    "EvaluationError",
    "InputDocument",
    "InputError",
    "Lang",
    "Pack",
    "PackError",
    "PackRegistry",
    "PopulationRun",
    "Problem",
    "Result",
    "RowError",
    "Text",
    "UnitRecord",
    "UnitRef",
    "UnitRow",
    "__version__",
    "calendar_for",
    "evaluate",
    "evaluate_document",
    "evaluate_file",
    "evaluate_population",
    "evaluate_validated",
    "load_pack",
    "render_text",
    "resolve_dependencies",
    "shipped_pack",
    "shipped_packs",
    "validate_input",
]


def shipped_packs() -> PackRegistry:
    """The national packs shipped with the library (compiled once per process)."""
    from antq_rules.packs import PackRegistry

    return PackRegistry.shipped()


def shipped_pack(pack_id: str, version: str | None = None) -> Pack:
    """One shipped pack by id (the newest version unless ``version`` is given)."""
    from antq_rules.packs import PackRegistry

    return PackRegistry.shipped().get(pack_id, version)


def evaluate_document(
    document: InputDocument, pack: Pack | None = None, registry: PackRegistry | None = None, **where: Any
) -> Result:
    """Evaluate a parsed input document; the pack is ``pack`` or the one the document names."""
    from antq_rules._text import Text
    from antq_rules.engine import evaluate_validated, resolve_dependencies
    from antq_rules.errors import EvaluationError
    from antq_rules.inputs import InputDocument, UnitRef, validate_input
    from antq_rules.inputs import read_input_file as read_input_file
    from antq_rules.packs import PackRegistry

    if not isinstance(document, InputDocument):
        raise EvaluationError(
            Text(
                f"cần một InputDocument (xem parse_input), không phải {type(document).__name__}",
                f"expected an InputDocument (see parse_input), not {type(document).__name__}",
            )
        )
    doc = document
    reg = registry or PackRegistry.shipped()
    if pack is None:
        if doc.pack is None:
            raise EvaluationError(Text("tài liệu đầu vào không ghi gói tiêu chí", "the input document names no pack"))
        pack = reg.select(doc.pack, doc.pack_version, doc.unit.subject, doc.year)
    unit = UnitRef(doc.unit.id, doc.unit.subject, doc.unit.kind, doc.unit.name)
    validated = validate_input(
        pack,
        unit,
        doc.year,
        doc.indicators,
        doc.previous_year,
        doc.events,
        doc.parameters,
        scores=doc.scores,
        **where,
    )
    deps = resolve_dependencies(pack, unit, doc.year, doc.dependencies, reg)
    return evaluate_validated(pack, validated, deps)


def evaluate_file(path: str | Path, pack: Pack | None = None, registry: PackRegistry | None = None) -> Result:
    """Read a unit input file (YAML or JSON) and evaluate it; errors name the file and line."""
    from antq_rules.errors import InputError
    from antq_rules.inputs import read_input_file
    from antq_rules.inputs._arguments import require_path

    require_path(path, InputError)
    doc, ydoc = read_input_file(path)
    return evaluate_document(doc, pack, registry, doc=ydoc)
