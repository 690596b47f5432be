"""Writes of the follow-up cycle: periods (open, close with a frozen snapshot), contributions
(activity reports with budget outcomes, indicator values) and their approval, status
overrides, amendments after closing, and the self-assessment. Every function is keyword-only,
atomic and audited. Strategists and admins manage periods and review; editors report only
for activities and indicators whose responsible body is theirs.

One module per seam: `periods`, `contributions`, `assessment` (overrides and amendments),
`questions` (question sets and the self-assessment); shared checks in `_common`. Callers
import from `malbild.followup.services`, which re-exports every public name."""

from .assessment import (
    AMENDABLE,
    OVERRIDE_FIELDS,
    amendment_create,
    status_assess,
    status_override_set,
)
from .contributions import (
    SUBMITTED_EVENT,
    activity_report_save,
    contribution_review,
    indicator_value_save,
    report_status_apply,
    status_apply_offer,
)
from .periods import (
    PERIOD_FIELDS,
    period_analysis_update,
    period_close,
    period_create,
    period_update,
)
from .questions import (
    question_create,
    question_delete,
    question_move,
    question_set_create_from_template,
    question_update,
    section_create,
    self_assessment_save,
)

__all__ = [
    "AMENDABLE",
    "OVERRIDE_FIELDS",
    "PERIOD_FIELDS",
    "SUBMITTED_EVENT",
    "activity_report_save",
    "amendment_create",
    "contribution_review",
    "indicator_value_save",
    "period_analysis_update",
    "period_close",
    "period_create",
    "period_update",
    "question_create",
    "question_delete",
    "question_move",
    "question_set_create_from_template",
    "question_update",
    "report_status_apply",
    "section_create",
    "self_assessment_save",
    "status_apply_offer",
    "status_assess",
    "status_override_set",
]
