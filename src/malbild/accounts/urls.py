"""Account pages under /accounts/. User management lives under /o/<org>/users/
(organisation/urls.py) because it is scoped to one organisation."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="token-revoke"),
]
