"""Pages under /o/<org>/: overview, organisation settings, bodies and users."""

from django.urls import path

from malbild.accounts import views as account_views

from . import views

app_name = "organisation"
urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("edit/", views.OrganisationUpdateView.as_view(), name="edit"),
    path("bodies/", views.BodyListView.as_view(), name="body-list"),
    path("bodies/new/", views.BodyCreateView.as_view(), name="body-create"),
    path("bodies/<ref:pk>/", views.BodyDetailView.as_view(), name="body-detail"),
    path("bodies/<ref:pk>/edit/", views.BodyUpdateView.as_view(), name="body-update"),
    path("bodies/<ref:pk>/delete/", views.BodyDeleteView.as_view(), name="body-delete"),
    path("users/", account_views.MemberListView.as_view(), name="member-list"),
    path("users/new/", account_views.MemberCreateView.as_view(), name="member-create"),
    path("users/<int:pk>/", account_views.MemberDetailView.as_view(), name="member-detail"),
    path(
        "users/<int:pk>/roles/<int:mpk>/revoke/",
        account_views.MembershipRevokeView.as_view(),
        name="membership-revoke",
    ),
]
