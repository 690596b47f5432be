"""Account pages under /accounts/ (`urlpatterns`), and the organisation's user management
(`member_urlpatterns`), which malbild/site/urls.py mounts under /o/<org>/users/ in the
`organisation` namespace because it is scoped to one organisation."""

from django.urls import path

from . import views
from .sso import views as sso_views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("sso/login/", sso_views.SsoLoginView.as_view(), name="sso-login"),
    path("sso/callback/", sso_views.SsoCallbackView.as_view(), name="sso-callback"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("password/set/<uidb64>/<token>/", views.PasswordSetView.as_view(), name="password-set"),
    path("password/set/done/", views.PasswordSetDoneView.as_view(), name="password-set-done"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/done/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/settings/", views.ProfileSettingsView.as_view(), name="profile-settings"),
    path("tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="token-revoke"),
]

member_urlpatterns = [
    path("users/", views.MemberListView.as_view(), name="member-list"),
    path("users/new/", views.MemberCreateView.as_view(), name="member-create"),
    path("users/<int:pk>/", views.MemberDetailView.as_view(), name="member-detail"),
    path(
        "users/<int:pk>/roles/<int:mpk>/revoke/",
        views.MembershipRevokeView.as_view(),
        name="membership-revoke",
    ),
]
