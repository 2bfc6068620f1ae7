"""Plans: the targets an official plan sets over a population's results ("trên 90% … đạt tiêu chuẩn").

A plan pack (``kind: plan``) states each target with the plan's own citation and wording; evaluated
over a population run (or results a host holds) each target is met, not met or undetermined, exactly.
"""

from antq_rules.plans._evaluate import (
    GroupPlanResult,
    Mention,
    PlanReport,
    PlanTally,
    TargetResult,
    evaluate_plan,
)
from antq_rules.plans._load import is_plan_text, load_plan, load_plan_text
from antq_rules.plans._model import Comparison, Plan, PlanCitation, Selector, Target
from antq_rules.plans._render import plan_report_to_dict, render_plan_report
from antq_rules.plans._schema import PlanModel, plan_json_schema

__all__ = [
    "Comparison",
    "GroupPlanResult",
    "Mention",
    "Plan",
    "PlanCitation",
    "PlanModel",
    "PlanReport",
    "PlanTally",
    "Selector",
    "Target",
    "TargetResult",
    "evaluate_plan",
    "is_plan_text",
    "load_plan",
    "load_plan_text",
    "plan_json_schema",
    "plan_report_to_dict",
    "render_plan_report",
]
