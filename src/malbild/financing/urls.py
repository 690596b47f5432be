"""Cost allocation (/o/<org>/cost-allocation/…) and shared projects (/o/<org>/shared-projects/…),
included by the root urls.py. Rules and projects are addressed by `<ref:…>` (uid or id)."""

from django.urls import path

from . import views
from .models import DeviceCount, FixedShare

app_name = "financing"

urlpatterns = [
    path("cost-allocation/", views.AllocationOverviewView.as_view(), name="allocation-overview"),
    path(
        "cost-allocation.<str:fmt>",
        views.AllocationExportView.as_view(),
        name="allocation-export",
    ),
    path("cost-allocation/new/", views.AllocationCreateView.as_view(), name="allocation-create"),
    path(
        "cost-allocation/<ref:pk>/", views.AllocationDetailView.as_view(), name="allocation-detail"
    ),
    path(
        "cost-allocation/<ref:pk>/edit/",
        views.AllocationUpdateView.as_view(),
        name="allocation-update",
    ),
    path(
        "cost-allocation/<ref:pk>/delete/",
        views.AllocationDeleteView.as_view(),
        name="allocation-delete",
    ),
    path(
        "cost-allocation/<ref:pk>/shares/",
        views.FixedShareSetView.as_view(),
        name="allocation-share-set",
    ),
    path(
        "cost-allocation/<ref:pk>/devices/",
        views.DeviceCountSetView.as_view(),
        name="allocation-device-set",
    ),
    path(
        "cost-allocation/shares/<int:pk>/delete/",
        views.ShareDeleteView.as_view(model=FixedShare),
        name="share-delete",
    ),
    path(
        "cost-allocation/devices/<int:pk>/delete/",
        views.ShareDeleteView.as_view(model=DeviceCount),
        name="device-delete",
    ),
    path("shared-projects/", views.ProjectListView.as_view(), name="shared-project-list"),
    path("shared-projects/new/", views.ProjectCreateView.as_view(), name="shared-project-create"),
    path(
        "shared-projects/<ref:pk>/",
        views.ProjectDetailView.as_view(),
        name="shared-project-detail",
    ),
    path(
        "shared-projects/<ref:pk>/edit/",
        views.ProjectUpdateView.as_view(),
        name="shared-project-update",
    ),
    path(
        "shared-projects/<ref:pk>/delete/",
        views.ProjectDeleteView.as_view(),
        name="shared-project-delete",
    ),
    path("shared-projects/<ref:pk>/invite/", views.InviteView.as_view(), name="participant-invite"),
    path(
        "shared-projects/<ref:pk>/external/",
        views.ExternalPartyView.as_view(),
        name="participant-external",
    ),
    path(
        "participants/<int:pk>/remove/",
        views.ParticipantRemoveView.as_view(),
        name="participant-remove",
    ),
    path(
        "invitations/<int:pk>/answer/",
        views.InvitationAnswerView.as_view(),
        name="invitation-answer",
    ),
]
