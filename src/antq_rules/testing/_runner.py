"""Run every ready-made property of a pack with Hypothesis and report each one."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from hypothesis.reporting import with_reporter

from antq_rules._text import Text
from antq_rules.errors import AntqError, EvaluationError
from antq_rules.packs import Pack, PackRegistry
from antq_rules.testing._properties import (
    PropertyFailure,
    check_deterministic,
    check_hand_score_monotone,
    check_keeps_national_vetoes,
    check_levels_partition,
    check_never_passes_national_fail,
    check_round_trip,
    check_total_within_scale,
    evaluate_input,
)
from antq_rules.testing._strategies import changed_thresholds, favourable_inputs, inputs_for, near_boundary

__all__ = ["PROPERTIES", "PropertyOutcome", "assert_properties", "check_properties", "national_of"]

PROPERTIES: dict[str, Text] = {
    "deterministic": Text("đánh giá là tất định", "evaluation is deterministic"),
    "national_vetoes_kept": Text("tiêu chí quốc gia không đạt thì vẫn không đạt", "a national veto is never undone"),
    "never_passes_national_fail": Text(
        "không cho đạt đơn vị mà gói quốc gia đánh giá không đạt", "never passes a unit the national pack fails"
    ),
    "hand_score_monotone": Text(
        "nâng điểm chấm tay không bao giờ hạ mức", "raising a hand score never lowers the level"
    ),
    "total_within_scale": Text("tổng điểm không vượt thang điểm", "the total never exceeds the scale"),
    "levels_partition": Text(
        "các mức chia kín thang điểm, không hở, không chồng", "levels partition the scale with no gap or overlap"
    ),
    "json_round_trip": Text("kết quả giữ nguyên qua JSON", "JSON round-trips exactly"),
}


@attrs.frozen
class PropertyOutcome:
    """How one property fared: ``passed``, ``failed`` (with the failure) or ``skipped`` (with why)."""

    name: str
    status: str
    subject: str | None = None
    examples: int = 0
    failure: PropertyFailure | None = None
    reason: Text | None = None

    @property
    def title(self) -> Text:
        return PROPERTIES[self.name]


def national_of(pack: Pack, registry: PackRegistry | None = None) -> Pack | None:
    """The national pack ``pack`` must not loosen: the base of an overlay, or, for a copy of a shipped
    pack (same id and version, other content), the shipped one."""
    reg = registry if registry is not None else PackRegistry.shipped()
    if pack.overlay is not None:
        pack_id, _, version = pack.overlay.base.partition("@")
        try:
            return reg.get(pack_id, version)
        except EvaluationError:
            return None
    try:
        shipped = PackRegistry.shipped().get(pack.id, pack.version)
    except EvaluationError:
        return None
    return shipped if shipped.content_hash != pack.content_hash else None


def _run(
    strategy: st.SearchStrategy[Any], body: Callable[[Any], None], examples: int, shrink: bool = False
) -> PropertyFailure | None:
    phases = [Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if shrink else [])]

    @settings(
        max_examples=examples,
        phases=phases,
        database=None,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )
    @given(strategy)
    def prop(value: Any) -> None:
        try:
            body(value)
        except AntqError as exc:  # a valid input the library could not evaluate is a finding too
            doc = value if isinstance(value, dict) else (value[0] if isinstance(value, tuple) else None)
            raise PropertyFailure(
                Text(f"đánh giá báo lỗi: {exc.render('vi')}", f"evaluation raised an error: {exc.render('en')}"),
                doc if isinstance(doc, dict) else None,
            ) from exc

    try:
        with with_reporter(lambda _text: None):
            prop()
    except PropertyFailure as failure:
        return failure
    except Unsatisfiable:
        return _UNSATISFIABLE
    return None


def _outcome(name: str, subject: str | None, examples: int, failure: PropertyFailure | None) -> PropertyOutcome:
    if failure is _UNSATISFIABLE:
        return PropertyOutcome(name, "skipped", subject, reason=_UNSATISFIABLE.message)
    return PropertyOutcome(name, "failed" if failure else "passed", subject, examples, failure)


def _partition(pack: Pack, edges: tuple[Any, ...], totals: list[Fraction]) -> None:
    check_levels_partition(pack, (*edges, *totals))


def check_properties(
    pack: Pack,
    *,
    national: Pack | None = None,
    registry: PackRegistry | None = None,
    examples: int = 100,
    subjects: Sequence[str] | None = None,
    only: Sequence[str] | None = None,
    shrink: bool = False,
) -> tuple[PropertyOutcome, ...]:
    """Run the ready-made properties on ``pack``, ``examples`` inputs each per subject.

    ``national`` is the pack ``pack`` must never loosen (default: :func:`national_of`); without one the
    two comparison properties are skipped. ``registry`` supplies required and base packs. ``only``
    names the properties to run (keys of :data:`PROPERTIES`). Runs are reproducible (derandomized). A
    failure reports the first failing input; ``shrink=True`` makes Hypothesis look for a smaller one
    first (slower: each step evaluates the unit again).
    """
    if national is None:
        national = national_of(pack, registry)
    names = list(PROPERTIES) if only is None else list(only)
    unknown = [n for n in names if n not in PROPERTIES]
    if unknown:
        raise ValueError(f"unknown properties: {', '.join(unknown)} (known: {', '.join(PROPERTIES)})")
    subs = list(subjects) if subjects is not None else list(pack.subjects)
    also = (national,) if national is not None else ()
    out: list[PropertyOutcome] = []

    changed = changed_thresholds(pack, national) if national is not None else ()

    def docs(subject: str, compare: bool = False) -> st.SearchStrategy[dict[str, Any]]:
        mixed = [inputs_for(pack, subject), near_boundary(pack, subject, also=also), favourable_inputs(pack, subject)]
        if compare and any(subject in t.subjects for t in changed):
            # half the inputs where the two packs' thresholds differ: where a loosening shows first
            near_changed = near_boundary(pack, subject, among=changed)
            mixed = [near_changed, near_changed, near_changed, *mixed]
        return st.one_of(mixed)

    scored = bool(pack.levels)
    scale_known = pack.total is not None and pack.total.known
    for name in names:
        if name == "levels_partition":
            if not scored:
                out.append(PropertyOutcome(name, "skipped", reason=_NOT_SCORED))
                continue
            if not scale_known:
                out.append(PropertyOutcome(name, "skipped", reason=_SCALE_SLOT))
                continue
            assert pack.total is not None
            scale = Fraction(pack.total.value)
            edges = tuple(a.value for lv in pack.levels for a in (lv.min, lv.max) if a.known)
            totals = st.lists(st.fractions(0, scale, max_denominator=100), max_size=20)
            failure = _run(totals, functools.partial(_partition, pack, edges), examples, shrink)
            out.append(_outcome(name, None, examples, failure))
            continue
        if name in ("national_vetoes_kept", "never_passes_national_fail") and national is None:
            out.append(PropertyOutcome(name, "skipped", reason=_NO_NATIONAL))
            continue
        if name in ("total_within_scale", "hand_score_monotone") and not scored:
            out.append(PropertyOutcome(name, "skipped", reason=_NOT_SCORED))
            continue
        for subject in subs:
            body: Callable[[Any], None]
            compare = name in ("national_vetoes_kept", "never_passes_national_fail")
            strategy: st.SearchStrategy[Any] = docs(subject, compare)
            if name == "deterministic":

                def body(doc: Any) -> None:
                    check_deterministic(pack, doc, registry)

            elif name == "json_round_trip":

                def body(doc: Any) -> None:
                    check_round_trip(evaluate_input(pack, doc, registry), doc)

            elif name == "total_within_scale":

                def body(doc: Any) -> None:
                    check_total_within_scale(evaluate_input(pack, doc, registry), doc)

            elif name == "hand_score_monotone":
                manual = [it for it in pack.items_by_subject.get(subject, ()) if it.method == "manual" and it.max.known]
                if not manual:
                    out.append(PropertyOutcome(name, "skipped", subject, reason=_NO_MANUAL))
                    continue
                strategy = st.tuples(
                    strategy,
                    st.sampled_from(manual).flatmap(
                        lambda it: st.tuples(
                            st.just(it.id),
                            st.fractions(0, Fraction(it.max.value), max_denominator=4),
                            st.fractions(0, Fraction(it.max.value), max_denominator=4),
                        )
                    ),
                )

                def body(arg: Any) -> None:
                    doc, (item, a, b) = arg
                    check_hand_score_monotone(pack, doc, item, a, b, registry)

            elif name == "national_vetoes_kept":
                assert national is not None
                nat = national
                if subject not in nat.subjects:
                    continue

                def body(doc: Any, nat: Pack = nat) -> None:
                    check_keeps_national_vetoes(pack, nat, doc, registry)

            else:  # never_passes_national_fail
                assert national is not None
                nat = national
                if subject not in nat.subjects:
                    continue

                def body(doc: Any, nat: Pack = nat) -> None:
                    check_never_passes_national_fail(pack, nat, doc, registry)

            failure = _run(strategy, body, examples, shrink)
            out.append(_outcome(name, subject, examples, failure))
    return tuple(out)


def assert_properties(pack: Pack, **options: Any) -> tuple[PropertyOutcome, ...]:
    """:func:`check_properties`, raising ``AssertionError`` that names every failed property and its
    input (for a host's or a province's own pytest); returns the outcomes when none failed."""
    results = check_properties(pack, **options)
    failed = [r for r in results if r.status == "failed"]
    if failed:
        lines = [f"{len(failed)} property(ies) of {pack.ref} fail:"]
        for r in failed:
            where = f" [{r.subject}]" if r.subject else ""
            lines.append(f"- {r.name}{where}: {r.failure.render('en') if r.failure else ''}")
        raise AssertionError("\n".join(lines))
    return results


_UNSATISFIABLE = PropertyFailure(
    Text(
        "không sinh được đầu vào hợp lệ nào (các giá trị ghim phạm ràng buộc của đầu vào?)",
        "no valid input could be drawn (do pinned values break a rule of the input?)",
    )
)
_NOT_SCORED = Text("gói không chấm điểm", "the pack is not scored")
_SCALE_SLOT = Text("thang điểm còn là chỗ trống", "the scale is still a slot")
_NO_NATIONAL = Text(
    "không có gói quốc gia để so (không phải gói mở rộng hay bản sao của gói kèm theo)",
    "no national pack to compare with (neither an overlay nor a copy of a shipped pack)",
)
_NO_MANUAL = Text("không có mục chấm tay có điểm tối đa đã biết", "no manual item with a known maximum")
