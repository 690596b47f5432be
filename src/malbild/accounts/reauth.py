"""Re-authentication before sensitive actions (granting roles, creating API tokens).

`RecentAuthRequiredMixin` (web views): a POST from a session whose password was last entered
longer ago than MALBILD_REAUTH_MINUTES answers with a "confirm your password" page that keeps
the submitted fields in hidden inputs and posts them back to the same address with the
password; a correct password marks the session as freshly authenticated and the original
action runs. The password is checked with `authenticate()`, so wrong confirmations count
towards the login lockout (django-axes) like wrong logins.
`confirm_password(request, password)` is the same check for the API."""

from django.contrib.auth import authenticate
from django.shortcuts import render

from malbild.core.security import security_event

from .forms import ConfirmPasswordForm
from .lockout import client_ip
from .middleware import auth_is_recent, mark_authenticated
from .sso.views import reauth_context

FIELD = "confirm_password"
NOT_REPOSTED = {FIELD, "csrfmiddlewaretoken"}


def confirm_password(request, password: str | None) -> bool:
    """True (and the session, if any, marked fresh) when `password` is the signed-in user's."""
    user = request.user
    if not password or not user.is_authenticated:
        return False
    checked = authenticate(request, username=user.get_username(), password=password)
    if checked is None or checked.pk != user.pk:
        security_event("reauth.failed", user_id=user.pk, ip=client_ip(request), path=request.path)
        return False
    if hasattr(request, "session"):
        mark_authenticated(request)
    return True


class RecentAuthRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if (
            request.method == "POST"
            and request.user.is_authenticated
            and not auth_is_recent(request)
        ):
            form = ConfirmPasswordForm(request.POST if FIELD in request.POST else None)
            if not (form.is_valid() and confirm_password(request, form.cleaned_data[FIELD])):
                if form.is_bound:
                    form.errors.clear()
                    form.add_error(FIELD, ConfirmPasswordForm.wrong_password_message())
                kept = [
                    (key, value)
                    for key in request.POST
                    if key not in NOT_REPOSTED
                    for value in request.POST.getlist(key)
                ]
                response = render(
                    request,
                    "accounts/confirm_password.html",
                    {
                        "form": form,
                        "kept": kept,
                        "action": request.get_full_path(),
                        **reauth_context(request, request.get_full_path()),
                    },
                    status=403 if form.is_bound else 200,
                )
                response["Cache-Control"] = "no-store"
                return response
        return super().dispatch(request, *args, **kwargs)
