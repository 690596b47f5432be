"""Pages of consultation rounds under /o/<org>/ (included by the root urls.py).

Respondents with an account answer under consultations/<pk>/consultees/<cid>/; holders of a
secret link enter at remiss/<token>/ and answer under remiss/svar/ (no token in the address).
"""

from django.urls import include, path

from . import views

app_name = "consultation"


def _view(view):
    """A view class as a view function (`as_view()`), or a view function as it is."""
    return view.as_view() if isinstance(view, type) else view


# The response pages exist twice: for accounts (with round and consultee in the address)
# and for secret-link holders (the consultee comes from the link in the session).
response_patterns = [
    ("", views.ResponseView, "response"),
    ("save/", views.ResponseSaveView, "response-save"),
    ("comments/add/", views.CommentAddView, "comment-add"),
    ("comments/<int:comment>/edit/", views.CommentEditView, "comment-edit"),
    ("comments/<int:comment>/delete/", views.CommentDeleteView, "comment-delete"),
    ("attachments/add/", views.AttachmentAddView, "attachment-add"),
    ("attachments/<int:attachment>/", views.AttachmentDownloadView, "attachment-download"),
    ("attachments/<int:attachment>/delete/", views.AttachmentDeleteView, "attachment-delete"),
    ("submit/", views.SubmitView, "submit"),
    ("correct/", views.CorrectView, "correct"),
    ("decline/", views.DeclineView, "decline"),
    ("version/", views.ConsultedVersionView, "version"),
    ("version.pdf", views.ConsultedVersionFileView.as_view(fmt="pdf"), "version-pdf"),
    ("version.docx", views.ConsultedVersionFileView.as_view(fmt="docx"), "version-docx"),
]

urlpatterns = [
    path("consultations/", views.RoundListView.as_view(), name="round-list"),
    path("consultations/new/", views.RoundCreateView.as_view(), name="round-create"),
    path("consultations/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("consultations/<int:pk>/extend/", views.RoundExtendView.as_view(), name="round-extend"),
    path("consultations/<int:pk>/close/", views.RoundCloseView.as_view(), name="round-close"),
    path("consultations/<int:pk>/revise/", views.RoundReviseView.as_view(), name="round-revise"),
    path("consultations/<int:pk>/adopt/", views.RoundAdoptView.as_view(), name="round-adopt"),
    path(
        "consultations/<int:pk>/consultees/add/",
        views.ConsulteeAddView.as_view(),
        name="consultee-add",
    ),
    path(
        "consultations/<int:pk>/consultees/<int:cid>/link/",
        views.LinkCreateView.as_view(),
        name="link-create",
    ),
    path(
        "consultations/<int:pk>/links/<int:link>/language/",
        views.LinkLanguageView.as_view(),
        name="link-language",
    ),
    path(
        "consultations/<int:pk>/links/<int:link>/revoke/",
        views.LinkRevokeView.as_view(),
        name="link-revoke",
    ),
    path("consultations/<int:pk>/deadline.ics", views.RoundIcsView.as_view(), name="round-ics"),
    path("consultations/<int:pk>/comments/", views.HandlingView.as_view(), name="handling"),
    path(
        "consultations/<int:pk>/comments/<int:comment>/disposition/",
        views.DispositionView.as_view(),
        name="disposition",
    ),
    path("consultations/<int:pk>/summary/", views.SummaryView.as_view(), name="summary"),
    path(
        "consultations/<int:pk>/summary/conclusions/",
        views.ConclusionsView.as_view(),
        name="conclusions",
    ),
    path("consultations/<int:pk>/summary.pdf", views.SummaryPdfView.as_view(), name="summary-pdf"),
    path(
        "consultations/<int:pk>/summary.docx", views.SummaryDocxView.as_view(), name="summary-docx"
    ),
    path(
        "consultations/<int:pk>/consultees/<int:cid>/",
        include([path(p, _view(v), name=n) for p, v, n in response_patterns]),
    ),
    path(
        "consultations/<int:pk>/consultees/<int:cid>/deadline.ics",
        views.ConsulteeIcsView.as_view(),
        name="consultee-ics",
    ),
    path(
        "remiss/svar/",
        include([path(p, _view(v), name=f"link-{n}") for p, v, n in response_patterns]),
    ),
    path("remiss/<str:token>/", views.LinkEnterView.as_view(), name="link-enter"),
    path(
        "remiss/<str:token>/version/",
        views.LinkEnterView.as_view(target="consultation:link-version"),
        name="link-enter-version",
    ),
]
