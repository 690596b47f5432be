"""URLs of the portal: the public pages under /portal/<org>/ (no login) and the admin's
pages under /o/<org>/portal/ (settings, publications, feedback)."""

from django.urls import path

from .views import manage, public

app_name = "portal"
urlpatterns = [
    path("portal/language/<str:code>/", public.language, name="language"),
    path("portal/<slug:org>/", public.start, name="start"),
    path("portal/<slug:org>/logo", public.logo, name="logo"),
    path("portal/<slug:org>/brand.css", public.brand_css, name="brand-css"),
    path("portal/<slug:org>/accessibility/", public.accessibility, name="accessibility"),
    path("portal/<slug:org>/feedback/", public.feedback, name="feedback"),
    path("portal/<slug:org>/d/<uuid:doc>/", public.document, name="document"),
    path("portal/<slug:org>/d/<uuid:doc>/plan.<str:fmt>", public.plan_file, name="plan-file"),
    path(
        "portal/<slug:org>/d/<uuid:doc>/activities/<uuid:item>/",
        public.activity,
        name="activity",
    ),
    path(
        "portal/<slug:org>/d/<uuid:doc>/indicators/<uuid:item>/",
        public.indicator,
        name="indicator",
    ),
    path(
        "portal/<slug:org>/d/<uuid:doc>/follow-up/<str:period>/",
        public.report,
        name="report",
    ),
    path(
        "portal/<slug:org>/d/<uuid:doc>/follow-up/<str:period>/report.<str:fmt>",
        public.report_file,
        name="report-file",
    ),
    path(
        "portal/<slug:org>/d/<uuid:doc>/consultations/<str:round>/",
        public.consultation,
        name="consultation",
    ),
    path(
        "portal/<slug:org>/d/<uuid:doc>/consultations/<str:round>/files/<str:file>/",
        public.consultation_file,
        name="consultation-file",
    ),
    path("o/<slug:org>/portal/", manage.PortalSettingsView.as_view(), name="settings"),
    path(
        "o/<slug:org>/portal/documents/<str:ref>/publication/",
        manage.DocumentPublicationView.as_view(),
        name="document-publication",
    ),
    path("o/<slug:org>/portal/feedback/", manage.FeedbackListView.as_view(), name="feedback-list"),
    path(
        "o/<slug:org>/portal/feedback/<int:pk>/handled/",
        manage.FeedbackHandledView.as_view(),
        name="feedback-handled",
    ),
]
