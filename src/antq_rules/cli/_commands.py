"""The commands: ``packs``, ``show``, ``evaluate``, ``explain``, ``check``.

Each takes the parsed arguments, the language and the output stream, and returns the exit code;
errors of the library (:class:`~antq_rules.errors.AntqError`) are reported by the caller.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any, TextIO

from antq_rules._text import Lang, Text
from antq_rules.calendar import calendar_for
from antq_rules.cli import _messages as M
from antq_rules.cli._inputs import STDIN, build_registry, evaluate_path, pack_files, split_pack_ref
from antq_rules.cli._table import fit_lines, render_table, terminal_width, truncate
from antq_rules.errors import AntqError, EvaluationError, PackError
from antq_rules.explanations import _messages as EM
from antq_rules.explanations import render_text
from antq_rules.explanations._sentences import Words
from antq_rules.explanations._text import (
    _missing_name,
    format_percent,
    format_value,
    score_and_dependency_lines,
    words_for,
)
from antq_rules.packs import Citation, LegalValue, Pack, Provenance
from antq_rules.packs._registry import packs_loading_together
from antq_rules.results import Comparison, CriterionResult, Result

__all__ = [
    "EXIT_FAIL_ON",
    "FAIL_ON",
    "cmd_calendar",
    "cmd_check",
    "cmd_evaluate",
    "cmd_explain",
    "cmd_packs",
    "cmd_show",
    "criterion_summary",
    "fails_on",
    "worst_exit",
]

FAIL_ON = ("not_met", "undetermined")
EXIT_FAIL_ON = 3  # a unit's outcome is one that --fail-on names
# the outcomes each --fail-on value turns into exit 3 (levels of a classification pack never do)
_FAILING = {
    "not_met": frozenset({"fail", "not_eligible"}),
    "undetermined": frozenset({"fail", "not_eligible", "undetermined", "incomplete"}),
}
_SEVERITY = {0: 0, EXIT_FAIL_ON: 1, 1: 2, 2: 3, 70: 4}  # errors beat outcomes


def fails_on(outcome: str, fail_on: str | None) -> bool:
    """Whether ``outcome`` sets the exit code under ``--fail-on fail_on``.

    >>> fails_on("fail", "not_met"), fails_on("undetermined", "not_met"), fails_on("incomplete", "undetermined")
    (True, False, True)
    """
    return fail_on is not None and outcome in _FAILING[fail_on]


def worst_exit(codes: Iterable[int]) -> int:
    """The exit code of several inputs: the worst one (70 > 2 > 1 > 3 > 0: an error beats an outcome).

    >>> worst_exit([0, 3, 1]), worst_exit([3, 0]), worst_exit([])
    (1, 3, 0)
    """
    return max(codes, key=lambda c: _SEVERITY.get(c, 5), default=0)


def _json_value(v: Any) -> Any:
    """A pack's value as JSON: exact fractions as ``"n/d"`` text, dates as ISO text, sets sorted."""
    from fractions import Fraction

    if v is None or isinstance(v, (bool, int, str, float)):
        return v
    if isinstance(v, Fraction):
        return int(v) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (set, frozenset)):
        return sorted(_json_value(x) for x in v)
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if hasattr(v, "to_dict"):
        return v.to_dict()
    return str(v)


def _dump(data: Any, out: TextIO) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2), file=out)


TITLE_WIDTH = 44
SUMMARY_WIDTH = 72
_NAMES = re.compile(r"\b(param|law)\.([A-Za-z_][A-Za-z0-9_]*)")
PACKS_SCHEMA = "antq-rules/packs/v1"
SHOW_SCHEMA = "antq-rules/pack-summary/v1"
CHECK_SCHEMA = "antq-rules/check-report/v1"
EXPLANATION_SCHEMA = "antq-rules/explanation/v1"
HASH_PREFIX = 19  # "sha256:" and 12 hex digits, as in the text explanation


def _day(d: date | None, lang: Lang) -> str:
    return "—" if d is None else format_value(d, lang)


def _effective(p: Pack, lang: Lang) -> str:
    if p.effective_to is None:
        return M.FROM.format(d=_day(p.effective_from, lang)).get(lang)
    return M.SPAN.format(a=_day(p.effective_from, lang), b=_day(p.effective_to, lang)).get(lang)


def _cite(c: Citation | None, lang: Lang) -> str:
    return "" if c is None else c.label(lang)


def _provenance(p: Provenance | None, lang: Lang, *, note: bool = False) -> str:
    if p is None:
        return ""
    out = EM.PROVENANCE[p.status].get(lang) if p.status in EM.PROVENANCE else p.status
    if p.sources:
        out += f" ({', '.join(p.sources)})"
    if note and p.note is not None:
        out += f" — {p.note.get(lang)}"
    return out


def _value(v: Any, unit: str | None, lang: Lang) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return format_percent(v, lang) if unit == "percent" else format_value(v, lang)


def _section(out: list[str], head: str, table: list[str], lang: Lang) -> None:
    out.append("")
    out.append(head)
    out.extend(table if len(table) > 2 else [f"  {M.NONE.get(lang)}"])


# -- packs ----------------------------------------------------------------------------------------


def _pack_head(p: Pack) -> dict[str, Any]:
    return {
        "id": p.id,
        "version": p.version,
        "ref": p.ref,
        "kind": p.kind,
        "title": p.title.to_dict(),
        "instrument": p.instrument.number,
        "effective_from": _json_value(p.effective_from),
        "effective_to": _json_value(p.effective_to),
        "content_hash": p.content_hash,
        "file": str(p.file),
        "extends": p.overlay.base if p.overlay else None,
    }


def cmd_packs(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    registry = build_registry(pack_files(args))
    packs = sorted(registry, key=lambda p: (p.id, p.effective_from))
    if getattr(args, "format", "table") == "json":
        _dump({"schema": PACKS_SCHEMA, "packs": [_pack_head(p) for p in packs]}, out)
        return 0
    if not packs:
        print(M.NO_PACKS.get(lang), file=out)
        return 0
    rows = [
        [
            p.id,
            p.version,
            _effective(p, lang),
            p.instrument.number,
            p.content_hash[:HASH_PREFIX] + "…",
            p.title.get(lang),
        ]
        for p in packs
    ]
    heads = [M.COL_ID, M.COL_VERSION, M.COL_EFFECTIVE, M.COL_INSTRUMENT, M.COL_HASH, M.COL_TITLE]
    print(M.PACKS_HEAD.format(n=len(packs)).get(lang), file=out)
    print(
        "\n".join(
            render_table(
                [h.get(lang) for h in heads],
                rows,
                indent="  ",
                width=terminal_width(out),
                fixed=(0, 1, 2, 4),
                stack_below=30,
            )
        ),
        file=out,
    )
    return 0


# -- show -----------------------------------------------------------------------------------------


def cmd_show(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    registry = build_registry(pack_files(args))
    pack = registry.get(args.pack, args.pack_version)
    if getattr(args, "format", "text") == "json":
        _dump(show_dict(pack, args.subject), out)
        return 0
    width = terminal_width(out)
    print("\n".join(fit_lines(show_lines(pack, lang, args.subject, width), width)), file=out)
    return 0


def unknown_subject(pack: Pack, subject: str) -> EvaluationError:
    """The error for a subject the pack does not have, with a "did you mean"."""
    from antq_rules._suggest import did_you_mean

    text = M.UNKNOWN_SUBJECT.format(pack=pack.ref, subject=subject, known=", ".join(pack.subjects))
    hint = did_you_mean(subject, pack.subjects)
    return EvaluationError(Text(text.vi + hint.vi, text.en + hint.en))


def _selection(pack: Pack, subject: str | None) -> tuple[list[Any], list[Any], list[Any], list[Any], list[Any]]:
    """What ``show`` shows of ``pack`` for ``subject`` (or all): subjects, exclusions, criteria, the
    parameters and legal values they read."""
    if subject is not None and subject not in pack.subjects:
        raise unknown_subject(pack, subject)
    subjects = [s for s in pack.subjects.values() if subject in (None, s.id)]
    exclusions = [e for e in pack.exclusions if subject in (None, e.subject)]
    criteria = [c for c in pack.criteria if subject is None or subject in c.subjects]
    used_params: set[str] = set()
    used_values: set[str] = set()
    exprs = [e for c in criteria for e in (c.check, c.applies_when) if e is not None]
    exprs += [e.when for e in exclusions]
    for item in (*pack.items, *pack.adjustments):
        if subject is None or subject in item.subjects:
            exprs += [e for e in (item.check, item.share, *(b.when for b in item.bands)) if e is not None]
    exprs += [cond.when for lv in pack.levels for cond in lv.conditions]
    exprs += [cap.when for cap in pack.caps]
    for expr in exprs:
        used_params.update(expr.params)
        used_values.update(expr.law)
        # event lists keep only the text of their filters: read the names from it
        for list_id in expr.lists:
            ev_list = pack.event_lists.get(list_id)
            for entry in ev_list.entries if ev_list is not None else ():
                for text in (entry.where_text, entry.excused_text):
                    for space, name in _NAMES.findall(text or ""):
                        (used_params if space == "param" else used_values).add(name)
    params = [p for p in pack.parameters.values() if subject is None or p.name in used_params]
    values = [v for v in pack.values.values() if subject is None or v.name in used_values]
    return subjects, exclusions, criteria, params, values


def show_dict(pack: Pack, subject: str | None = None) -> dict[str, Any]:
    """What ``show --format json`` prints (``antq-rules/pack-summary/v1``): the same content as the text."""
    subjects, exclusions, criteria, params, values = _selection(pack, subject)

    def cite(c: Citation | None) -> Any:
        return None if c is None else c.to_dict()

    def prov(p: Provenance | None) -> Any:
        return None if p is None else p.to_dict()

    def text(t: Any) -> Any:
        return None if t is None else t.to_dict()

    ins = pack.instrument
    out: dict[str, Any] = {
        "schema": SHOW_SCHEMA,
        "pack": _pack_head(pack),
        "instrument": {
            "number": ins.number,
            "type": ins.type.to_dict(),
            "title": ins.title.to_dict(),
            "issuer": ins.issuer.to_dict(),
            "issued": _json_value(ins.issued),
        },
        "subject": subject,
        "outcome_labels": {k: v.to_dict() for k, v in pack.outcome_labels.items()},
        "outcome_citation": cite(pack.outcome_citation),
        "subjects": [
            {
                "id": s.id,
                "name": s.name.to_dict(),
                "citation": cite(s.citation),
                "window": s.window,
                "kinds": {k: n.to_dict() for k, n in s.kinds.items()},
            }
            for s in subjects
        ],
        "exclusions": [
            {
                "id": e.id,
                "subject": e.subject,
                "citation": cite(e.citation),
                "when": e.when.source,
                "reason": text(e.reason),
            }
            for e in exclusions
        ],
        "values": [
            {
                "name": v.name,
                "value": _json_value(v.value),
                "unit": v.unit,
                "citation": cite(v.citation),
                "provenance": prov(v.provenance),
            }
            for v in values
        ],
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "default": _json_value(p.default),
                "choices": {k: t.to_dict() for k, t in (p.choices or {}).items()},
                "provenance": prov(p.provenance),
            }
            for p in params
        ],
        "criteria": [
            {
                "id": c.id,
                "subjects": sorted(c.subjects),
                "citation": cite(c.citation),
                "title": c.title.to_dict(),
                "applies_when": c.applies_when.source if c.applies_when is not None else None,
                "not_applicable_reason": text(c.not_applicable_reason),
                "check": c.check.source,
                "reused_from": c.reused_from,
                "provenance": prov(c.provenance),
            }
            for c in criteria
        ],
    }
    if pack.levels:
        items = [i for i in (*pack.items, *pack.adjustments) if subject is None or subject in i.subjects]
        out["scoring"] = {
            "total": _json_value(pack.total.value) if pack.total is not None else None,
            "items": [
                {
                    "id": i.id,
                    "kind": i.kind,
                    "subjects": sorted(i.subjects),
                    "max": _json_value(i.max.value),
                    "method": i.method,
                    "citation": cite(i.citation),
                    "title": i.title.to_dict(),
                }
                for i in items
            ],
            "levels": [
                {
                    "id": lv.id,
                    "name": lv.name.to_dict(),
                    "min": _json_value(lv.min.value),
                    "max": _json_value(lv.max.value),
                    "conditions": [c.id for c in lv.conditions],
                }
                for lv in pack.levels
            ],
            "requires": [
                {"id": r.id, "pack": r.pack, "year_offset": r.year_offset, "outcomes": list(r.outcomes)}
                for r in pack.requires
            ],
            "slots": list(pack.slots),
        }
    return out


def show_lines(pack: Pack, lang: Lang, subject: str | None = None, width: int | None = None) -> list[str]:
    """The readable description of a pack (or of one of its subjects); ``width``: its tables fit it."""
    subjects, exclusions, criteria, params, values = _selection(pack, subject)

    ins = pack.instrument
    issued = f"; {M.ISSUED.format(d=_day(ins.issued, lang)).get(lang)}" if ins.issued else ""
    lines = [
        f"{pack.ref} — {pack.title.get(lang)}",
        f"{M.INSTRUMENT.get(lang)}: {ins.type.get(lang)} {ins.number} — {ins.title.get(lang)}"
        f" ({ins.issuer.get(lang)}{issued})",
        f"{M.PACK_IN_FORCE.get(lang)}: {_effective(pack, lang)}",
        f"{M.CONTENT_HASH.get(lang)}: {pack.content_hash}",
        f"{M.PACK_FILE.get(lang)}: {pack.file}",
    ]
    labels = pack.outcome_labels
    if "pass" in labels and "fail" in labels and pack.outcome_citation is not None:
        rule = M.OUTCOME_ALL.format(pass_=labels["pass"].get(lang), fail=labels["fail"].get(lang))
        lines.append(f"{M.OUTCOME_RULE.get(lang)}: {rule.get(lang)} [{pack.outcome_citation.label(lang)}]")

    rows = []
    for s in subjects:
        w = pack.windows.get(s.window)
        window = f"{s.window}: {w.spec.label()} — {w.name.get(lang)}" if w is not None else s.window
        rows.append([s.id, s.name.get(lang), _cite(s.citation, lang), window])
    heads = [M.COL_ID, M.COL_NAME, M.COL_CITATION, M.COL_WINDOW]
    _section(lines, M.SUBJECTS.format(n=len(rows)).get(lang), _table(heads, rows, lang, width), lang)

    rows = [[s.id, k, name.get(lang)] for s in subjects for k, name in s.kinds.items()]
    _section(
        lines,
        M.KINDS.format(n=len(rows)).get(lang),
        _table([M.COL_SUBJECT, M.COL_KIND, M.COL_NAME], rows, lang, width),
        lang,
    )

    rows = [[e.id, e.subject, _cite(e.citation, lang), e.when.source, e.reason.get(lang)] for e in exclusions]
    heads = [M.COL_ID, M.COL_SUBJECT, M.COL_CITATION, M.COL_WHEN, M.COL_REASON]
    _section(lines, M.EXCLUSIONS.format(n=len(rows)).get(lang), _table(heads, rows, lang, width), lang)

    rows = [[v.name, _cite(v.citation, lang), _provenance(v.provenance, lang), _legal_value(v, lang)] for v in values]
    heads = [M.COL_ID, M.COL_CITATION, M.COL_PROVENANCE, M.COL_VALUE]
    _section(lines, M.VALUES.format(n=len(rows)).get(lang), _table(heads, rows, lang, width), lang)

    rows = [
        [
            p.name,
            p.type,
            _value(
                sorted(p.default) if isinstance(p.default, (set, frozenset)) else p.default,
                None,
                lang,
            ),
            ", ".join(p.choices or ()),
            _provenance(p.provenance, lang),
        ]
        for p in params
    ]
    heads = [M.COL_PARAM, M.COL_TYPE, M.COL_DEFAULT, M.COL_CHOICES, M.COL_PROVENANCE]
    _section(lines, M.PARAMETERS.format(n=len(rows)).get(lang), _table(heads, rows, lang, width), lang)

    lines.append("")
    lines.append(M.CRITERIA.format(n=len(criteria)).get(lang))
    if not criteria:
        lines.append(f"  {M.NONE.get(lang)}")
    for c in criteria:
        lines.append(f"  {c.id} · {c.citation.label(lang)} — {c.title.get(lang)}")
        lines.append(f"      {M.SUBJECTS_OF.get(lang)}: {', '.join(sorted(c.subjects))}")
        if c.applies_when is not None:
            why = f" ({M.OTHERWISE.get(lang)}: {c.not_applicable_reason.get(lang)})" if c.not_applicable_reason else ""
            lines.append(f"      {M.APPLIES_WHEN.get(lang)}: {c.applies_when.source}{why}")
        reused = f" ({M.SAME_CHECK_AS.format(id=c.reused_from).get(lang)})" if c.reused_from else ""
        lines.append(f"      {M.CHECK.get(lang)}: {c.check.source}{reused}")
        if c.provenance is not None:
            lines.append(f"      {M.PROVENANCE.get(lang)}: {_provenance(c.provenance, lang, note=True)}")
    if pack.levels:
        lines.extend(_scoring_lines(pack, lang, subject, width))
    return lines


def _amount(a: Any, lang: Lang) -> str:
    return M.NOT_KNOWN.get(lang) if a.value is None else _value(a.value, None, lang)


def _scoring_lines(pack: Pack, lang: Lang, subject: str | None, width: int | None = None) -> list[str]:
    """Scoring items, levels, requirements and the slots still to fill (classification/exemplary packs)."""
    lines: list[str] = []
    items = [i for i in (*pack.items, *pack.adjustments) if subject is None or subject in i.subjects]
    total = _amount(pack.total, lang) if pack.total is not None else "—"
    rows = [
        [
            i.id,
            ", ".join(sorted(i.subjects)),
            _amount(i.max, lang),
            i.method if i.kind == "item" else f"{i.kind}: {i.method}",
            _cite(i.citation, lang),
            i.title.get(lang),
        ]
        for i in items
    ]
    heads = [M.COL_ID, M.COL_SUBJECTS, M.COL_MAX, M.COL_METHOD, M.COL_CITATION, M.COL_CRITERION]
    _section(lines, M.SCORING.format(n=len(rows), total=total).get(lang), _table(heads, rows, lang, width), lang)
    rows = [
        [lv.id, lv.name.get(lang), _amount(lv.min, lang), _amount(lv.max, lang), ", ".join(c.id for c in lv.conditions)]
        for lv in pack.levels
    ]
    heads = [M.COL_ID, M.COL_NAME, M.COL_MIN, M.COL_MAX, M.COL_CONDITIONS]
    _section(lines, M.LEVELS.format(n=len(rows)).get(lang), _table(heads, rows, lang, width), lang)
    if pack.requires:
        rows = [[r.id, r.pack, str(r.year_offset), ", ".join(r.outcomes)] for r in pack.requires]
        heads = [M.COL_ID, M.COL_PACK, M.COL_YEAR_OFFSET, M.COL_OUTCOMES]
        _section(lines, M.REQUIRES.format(n=len(rows)).get(lang), _table(heads, rows, lang, width), lang)
    lines.append("")
    lines.append(M.SLOTS_HEAD.format(n=len(pack.slots)).get(lang))
    lines.extend(f"  - {slot}" for slot in pack.slots)
    if not pack.slots:
        lines.append(f"  {M.NONE.get(lang)}")
    return lines


def _legal_value(v: LegalValue, lang: Lang) -> str:
    shown = _value(v.value, v.unit, lang)
    return f"{shown} {v.unit}" if v.unit not in (None, "percent", "ratio") else shown


def _table(heads: Iterable[Any], rows: list[list[str]], lang: Lang, width: int | None = None) -> list[str]:
    return render_table([h.get(lang) for h in heads], rows, indent="  ", width=width)


# -- evaluate / explain ---------------------------------------------------------------------------


def _own_steps(steps: Iterable[Comparison], source: str | None) -> list[Comparison]:
    """The steps of the criterion's own expression, without those recorded by event filters.

    A ``count_events`` call is recorded (op ``count``) after the filter steps it ran; steps just
    before it are kept only when they are part of ``source`` (the criterion's expression text).
    """
    out: list[Comparison] = []
    pending: list[Comparison] = []
    for k in steps:
        if k.op == "count":
            out.extend(p for p in pending if source is not None and p.text in source)
            pending = []
        else:
            pending.append(k)
    return [*out, *pending]


def _normal(source: str) -> str:
    """An expression as the engine prints its parts (so recorded steps can be found in it)."""
    try:
        return ast.unparse(ast.parse(source, mode="eval"))
    except (
        SyntaxError,
        ValueError,
        RecursionError,
    ):  # pragma: no cover - packs are checked on load
        return source


def criterion_summary(
    c: CriterionResult, lang: Lang = "vi", source: str | None = None, words: Words | None = None
) -> str:
    """A short observed-versus-threshold summary of one criterion result (one table cell), as sentences:
    "1 vụ, cần 0", "Số hộ đăng ký tham gia: 318/319 hộ (≈ 99,69%), cần 100%".

    ``source`` is the criterion's expression text (check and ``applies_when``); when given, steps
    recorded inside event filters (which are not part of it) are left out. ``words`` (the pack's
    names) shows labels, units and choice names instead of codes.
    """
    words = words if words is not None else Words(None)
    if c.status == "not_applicable":
        return c.reason.get(lang) if c.reason is not None else ""
    parts: list[str] = []
    if c.status == "undetermined":
        if c.missing:
            names = ", ".join(dict.fromkeys(_missing_name(n, words, lang) for n in c.missing))
            parts.append(M.MISSING.format(names=names).get(lang))
        if c.undefined:
            parts.append(M.UNDEFINED.format(names=", ".join(c.undefined)).get(lang))
    if not parts:
        steps = [k for k in _own_steps(c.comparisons, source) if not Words.is_branch(k.text)]
        wanted = {"met": True, "not_met": False}.get(c.status)
        chosen = [k for k in steps if k.result is wanted] or steps
        parts = list(dict.fromkeys(words.step(k, lang) for k in chosen))
    if not parts and c.observed:
        parts = [
            f"{words.label(o.name, lang)}: {words.value(o.name, o.value, lang)}"
            for o in c.observed
            if o.source != "missing"
        ]
    if not parts and c.reason is not None:
        parts.append(c.reason.get(lang))
    if len(parts) > 2:
        parts = [*parts[:2], M.MORE.format(n=len(parts) - 2).get(lang)]
    return "; ".join(parts)


def table_lines(r: Result, lang: Lang, pack: Pack | None = None, width: int | None = None) -> list[str]:
    """The result as a table: one row per criterion, then the outcome line.

    ``pack`` (the pack that produced ``r``) lends its names (labels, units, choices) and lets the
    summaries leave out event-filter steps. ``width``: no line is longer (long cells wrap).
    """
    words = words_for(r, pack)
    pack = pack if pack is not None else words.pack
    sources: dict[str, str] = {}
    if pack is not None:
        for crit in pack.criteria:
            texts = [crit.check.source] + ([crit.applies_when.source] if crit.applies_when else [])
            sources[crit.id] = "\n".join(_normal(t) for t in texts)
    unit = r.unit
    name = f"{unit.name} ({unit.id})" if unit.name else unit.id
    subject, kind = unit.subject, unit.kind or ""
    if pack is not None and unit.subject in pack.subjects:
        subj = pack.subjects[unit.subject]
        subject = subj.name.get(lang)
        kind = subj.kinds[unit.kind].get(lang) if unit.kind and unit.kind in subj.kinds else kind
    kind = f" / {kind}" if kind else ""
    lines = [f"⚠ {EM.ILLUSTRATIVE_BANNER.get(lang)}"] if r.illustrative else []
    lines += [
        f"{EM.UNIT.get(lang)}: {name} — {subject}{kind}; {EM.YEAR.get(lang)} {r.year}",
        f"{EM.WINDOW.get(lang)}: {format_value(r.window, lang)}",
        f"{EM.PACK.get(lang)}: {r.pack.id}@{r.pack.version} ({r.pack.content_hash[:HASH_PREFIX]}…)",
    ]
    if r.exclusion is not None:
        ex = r.exclusion
        lines.append(f"{EM.EXCLUDED.get(lang)}: {ex.reason.get(lang)} [{ex.id} · {ex.citation.label(lang)}]")
    if r.undetermined_scope:
        shown = ", ".join(_missing_name(n, words, lang) for n in r.undetermined_scope)
        lines.append(f"{EM.SCOPE_UNDECIDED.get(lang)}: {shown}")
    if r.criteria:
        rows = [
            [
                EM.STATUS_MARK[c.status],
                c.id,
                c.citation.label(lang),
                c.title.get(lang) if width is not None else truncate(c.title.get(lang), TITLE_WIDTH),
                _row_summary(r, c, lang, sources.get(c.id), words)
                if width is not None
                else truncate(_row_summary(r, c, lang, sources.get(c.id), words), SUMMARY_WIDTH),
            ]
            for c in r.criteria
        ]
        heads = [M.COL_STATUS, M.COL_ID, M.COL_CITATION, M.COL_CRITERION, M.COL_SUMMARY]
        lines.append("")
        lines.extend(render_table([h.get(lang) for h in heads], rows, width=width, fixed=(0, 1), first={3: 24}))
        lines.append("")
        lines.append(M.LEGEND.get(lang))
    lines.extend(score_and_dependency_lines(r, lang, words=words))
    counts = r.status_counts()
    lines.append(
        f"{EM.HEADER.get(lang)}: {EM.OUTCOME_MARK.get(r.outcome, '•')} {r.outcome_label.get(lang).upper()}"
        + (f" — {EM.SUMMARY.get(lang).format(**counts)}" if r.criteria else "")
        + (f" [{r.outcome_citation.full(lang)}]" if r.outcome_citation else "")
    )
    chosen = [p for p in r.parameters if not p.is_default]
    if chosen:
        shown = "; ".join(
            f"{p.name} = {p.choice.get(lang) if p.choice is not None else _value(p.value, None, lang)}" for p in chosen
        )
        lines.append(f"{M.CHOSEN_PARAMS.get(lang)}: {shown}")
    if width is not None:
        lines = fit_lines(lines, width)
    return lines


def _row_summary(r: Result, c: CriterionResult, lang: Lang, source: str | None, words: Words | None = None) -> str:
    if r.exclusion is not None and c.status == "not_applicable" and c.reason == r.exclusion.reason:
        return ""  # said once above the table
    return criterion_summary(c, lang, source, words)


def _evaluate_each(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO, explain: bool) -> int:
    """Evaluate every input (``-``: standard input) and print each result as ``args.format`` asks.

    One input: its output as before (an error is raised for the caller to report). Several: text and
    tables under a heading per input, JSON as JSON Lines (one object per input); an input that cannot
    be evaluated is reported on stderr (naming it) and the others still run. The exit code is the worst.
    """
    from antq_rules.cli._errors import print_error

    registry = build_registry(pack_files(args))
    inputs: list[str] = list(args.inputs)
    if inputs.count(STDIN) > 1:
        raise EvaluationError(M.STDIN_TWICE)
    fmt = args.format
    verbose = bool(getattr(args, "verbose", False))
    several = len(inputs) > 1
    width = terminal_width(out)
    codes: list[int] = []
    html: list[Result] = []
    for n, path in enumerate(inputs):
        try:
            result = evaluate_path(path, registry, args.pack, args.params or ())
        except AntqError as exc:
            if not several:
                raise
            codes.append(print_error(exc, lang, err, 1, fmt == "json", input=path))
            continue
        codes.append(EXIT_FAIL_ON if fails_on(result.outcome, args.fail_on) else 0)
        if fmt == "html":
            html.append(result)
            continue
        if fmt == "json":
            if explain:
                text = render_text(result, lang, registry=registry, verbose=verbose)
                data: Any = {
                    "schema": EXPLANATION_SCHEMA,
                    "input": path,
                    "lang": lang,
                    "text": text,
                    "result": result.to_dict(),
                }
                print(json.dumps(data, ensure_ascii=False, indent=None if several else 2), file=out)
            elif several:
                print(json.dumps({"input": path, "result": result.to_dict()}, ensure_ascii=False), file=out)
            else:
                print(result.to_json(), file=out)
            continue
        if several:
            if n:
                print("", file=out)
            rule = "═" * min(width, 100)
            print("\n".join([rule, M.INPUT_HEAD.format(path=path).get(lang), rule]), file=out)
        if fmt == "text" or explain:
            text = render_text(result, lang, registry=registry, verbose=verbose)
            print("\n".join(fit_lines(text, width)), file=out)
        else:
            pack = registry.get(result.pack.id, result.pack.version)
            print("\n".join(table_lines(result, lang, pack, width=width)), file=out)
    if html:
        from antq_rules.reports import render_html_report

        out.write(render_html_report(html, registry=registry, lang=lang))
    return worst_exit(codes)


def cmd_evaluate(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    return _evaluate_each(args, lang, out, err, explain=False)


def cmd_explain(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    return _evaluate_each(args, lang, out, err, explain=True)


def cmd_calendar(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    """The yearly calendar of a pack for one subject, or for each of its subjects: window, deadlines."""
    from antq_rules.inputs._arguments import require_year

    registry = build_registry(pack_files(args))
    pack_id, version = split_pack_ref(args.pack)
    require_year(args.year)
    newest = registry.get(pack_id, version)
    if args.subject is not None and args.subject not in newest.subjects:
        raise unknown_subject(newest, args.subject)
    subjects = [args.subject] if args.subject is not None else list(newest.subjects)
    calendars = []
    for subject in subjects:
        pack = registry.select(pack_id, version, subject, args.year)
        calendars.append((pack, subject, calendar_for(pack, args.year, subject)))
    if args.format == "json":
        dicts = [cal.to_dict() for _, _, cal in calendars]
        _dump(dicts[0] if args.subject is not None else dicts, out)
        return 0
    heads = [M.COL_KIND, M.COL_DATE, M.COL_NAME, M.COL_CITATION, M.COL_PROVENANCE]
    for n, (pack, subject, cal) in enumerate(calendars):
        rows = [
            [
                "",
                format_value(cal.window[0], lang) + " – " + format_value(cal.window[1], lang),
                cal.window_name.get(lang),
                _cite(cal.window_citation, lang),
                _provenance(cal.window_provenance, lang),
            ]
        ]
        for e in cal.entries:
            when = (M.BEFORE.get(lang) + " " if e.before else "") + format_value(e.date, lang)
            kind = M.DEADLINE_KINDS[e.kind].get(lang) if e.kind in M.DEADLINE_KINDS else e.kind
            rows.append([kind, when, e.name.get(lang), _cite(e.citation, lang), _provenance(e.provenance, lang)])
        if n:
            print("", file=out)
        print(f"{pack.ref} — {subject} — {args.year}", file=out)
        print("\n".join(render_table([h.get(lang) for h in heads], rows, width=terminal_width(out))), file=out)
    return 0


# -- check ----------------------------------------------------------------------------------------


def _is_plan_file(path: str) -> bool:
    """Whether a file declares ``kind: plan`` (read at most the first 64 KiB; a plan says so near the top)."""
    from antq_rules.plans import is_plan_text

    try:
        with open(path, "rb") as fh:
            return is_plan_text(fh.read(65536))
    except OSError:
        return False  # load_pack reports the unreadable file


def cmd_check(args: argparse.Namespace, lang: Lang, out: TextIO, err: TextIO) -> int:
    """Load every pack file; print OK or every problem (file:line: field: message), then its lint warnings
    (``--strict``: they fail) and, with ``--properties``, the outcome of each property test.
    ``--format json``: one ``antq-rules/check-report/v1`` object on stdout, invalid files included."""
    if getattr(args, "format", "text") == "json":
        from antq_rules.cli._check_extras import check_report

        report, code = check_report(args, _is_plan_file)
        _dump(report, out)
        return code
    code = 0
    # overlays among the files given extend packs among them, whatever the order
    together, refused = packs_loading_together([f for f in args.files if not _is_plan_file(f)])
    for f in args.files:
        try:
            if _is_plan_file(f):
                from antq_rules.plans import load_plan

                plan = load_plan(f)
                counts = {m: sum(t.measure == m for t in plan.targets) for m in ("share", "count", "change")}
                unmeasured = sum(t.measure == "not_measurable" for t in plan.targets)
                print(
                    M.CHECK_PLAN_OK.format(
                        ref=plan.ref, n=len(plan.targets), measured=sum(counts.values()), unmeasured=unmeasured
                    ).get(lang),
                    file=out,
                )
                continue
            if f in refused:
                raise refused[f]
            pack = together[f]
        except PackError as exc:
            print(exc.render(lang), file=err)
            code = 1
            continue
        msg = M.CHECK_OK.format(ref=pack.ref, n=len(pack.criteria)).get(lang)
        if pack.levels:
            items = len(pack.items) + len(pack.adjustments)
            msg += M.CHECK_SCORED.format(items=items, levels=len(pack.levels), slots=len(pack.slots)).get(lang)
        print(msg, file=out)
        from antq_rules.cli._check_extras import lint_and_properties

        code = max(code, lint_and_properties(pack, f, args, lang, out, err))
    return code
