"""Pages of the follow-up cycle: periods, the reporting overview, contribution forms with
approval, overrides, amendments, the self-assessment and the dashboard.

One module per seam: `periods`, `contributions`, `assessment` (overrides, amendments, the
dashboard), `questions` (question sets and the self-assessment); `PeriodMixin` in `_common`.
`urls.py` and other callers use `malbild.followup.views`, which re-exports every view."""

from ._common import PeriodMixin
from .assessment import AmendmentCreateView, DashboardView, OverrideView
from .contributions import ActivityReportView, ContributionView, IndicatorValueView
from .periods import (
    PeriodAnalysisView,
    PeriodCloseView,
    PeriodCreateView,
    PeriodDetailView,
    PeriodListView,
    PeriodUpdateView,
    RemindersView,
)
from .questions import (
    QuestionCreateView,
    QuestionDeleteView,
    QuestionEditView,
    QuestionMoveView,
    QuestionSetDetailView,
    QuestionSetListView,
    SectionCreateView,
    SelfAssessmentView,
    StrategistFormMixin,
)

__all__ = [
    "ActivityReportView",
    "AmendmentCreateView",
    "ContributionView",
    "DashboardView",
    "IndicatorValueView",
    "OverrideView",
    "PeriodCloseView",
    "PeriodCreateView",
    "PeriodDetailView",
    "PeriodListView",
    "PeriodMixin",
    "PeriodAnalysisView",
    "PeriodUpdateView",
    "QuestionCreateView",
    "QuestionDeleteView",
    "QuestionEditView",
    "QuestionMoveView",
    "QuestionSetDetailView",
    "QuestionSetListView",
    "RemindersView",
    "SectionCreateView",
    "SelfAssessmentView",
    "StrategistFormMixin",
]
