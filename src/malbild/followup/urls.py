from django.urls import path

from . import views
from .report_views import ReportDownloadView, ReportView
from .views.concern import ConcernDownloadView, ConcernView
from .views.kolada import KoladaConflictsView, KoladaJobView, KoladaSyncView

app_name = "followup"
urlpatterns = [
    path("kolada/sync/", KoladaSyncView.as_view(), name="kolada-sync"),
    path("kolada/sync/<uuid:uid>/", KoladaJobView.as_view(), name="kolada-job"),
    path("kolada/conflicts/", KoladaConflictsView.as_view(), name="kolada-conflicts"),
    path("municipality-wide/", ConcernView.as_view(), name="concern"),
    path("municipality-wide.xlsx", ConcernDownloadView.as_view(), name="concern-xlsx"),
    path("follow-up/", views.PeriodListView.as_view(), name="period-list"),
    path("follow-up/new/", views.PeriodCreateView.as_view(), name="period-create"),
    path("follow-up/<int:pk>/", views.PeriodDetailView.as_view(), name="period-detail"),
    path(
        "follow-up/<int:pk>/activities/<int:item>/",
        views.ActivityReportView.as_view(),
        name="activity-report",
    ),
    path(
        "follow-up/<int:pk>/indicators/<int:item>/",
        views.IndicatorValueView.as_view(),
        name="indicator-value",
    ),
    path(
        "follow-up/<int:pk>/indicators/<int:item>/assessment/",
        views.OverrideView.as_view(),
        name="indicator-override",
    ),
    path(
        "follow-up/<int:pk>/goals/<int:item>/assessment/",
        views.OverrideView.as_view(target="goal"),
        name="goal-override",
    ),
    path(
        "follow-up/<int:pk>/focus-areas/<int:item>/assessment/",
        views.OverrideView.as_view(target="focus_area"),
        name="focus-area-override",
    ),
    path("follow-up/<int:pk>/edit/", views.PeriodUpdateView.as_view(), name="period-update"),
    path("follow-up/<int:pk>/reminders/", views.RemindersView.as_view(), name="period-reminders"),
    path(
        "follow-up/<int:pk>/analysis/", views.PeriodAnalysisView.as_view(), name="period-analysis"
    ),
    path("follow-up/<int:pk>/close/", views.PeriodCloseView.as_view(), name="period-close"),
    path("follow-up/<int:pk>/amend/", views.AmendmentCreateView.as_view(), name="period-amend"),
    path(
        "follow-up/<int:pk>/self-assessment/",
        views.SelfAssessmentView.as_view(),
        name="self-assessment",
    ),
    path("follow-up/<int:pk>/dashboard/", views.DashboardView.as_view(), name="period-dashboard"),
    path("follow-up/<int:pk>/report/", ReportView.as_view(), name="period-report"),
    path(
        "follow-up/<int:pk>/report.<str:fmt>",
        ReportDownloadView.as_view(),
        name="period-report-file",
    ),
    path(
        "follow-up/self-assessments/",
        views.QuestionSetListView.as_view(),
        name="question-set-list",
    ),
    path(
        "follow-up/self-assessments/<int:pk>/",
        views.QuestionSetDetailView.as_view(),
        name="question-set-detail",
    ),
    path(
        "follow-up/self-assessments/<int:pk>/sections/new/",
        views.SectionCreateView.as_view(),
        name="section-create",
    ),
    path(
        "follow-up/sections/<int:pk>/questions/new/",
        views.QuestionCreateView.as_view(),
        name="question-create",
    ),
    path(
        "follow-up/questions/<int:pk>/edit/",
        views.QuestionEditView.as_view(),
        name="question-edit",
    ),
    path(
        "follow-up/questions/<int:pk>/delete/",
        views.QuestionDeleteView.as_view(),
        name="question-delete",
    ),
    path(
        "follow-up/questions/<int:pk>/move/",
        views.QuestionMoveView.as_view(),
        name="question-move",
    ),
]
