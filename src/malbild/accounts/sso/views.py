"""The single sign-on pages: start (redirect to the provider), callback (back from it), the
login page's SSO part and the provider's end-session on logout.

Both views answer 404 while SSO is not configured. A failed callback (refused token, unknown
state, provider error) ends any session and goes back to the login page with a message; the
reason is in the security log (`sso.failed`, backends.py)."""

import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from malbild.core.security import security_event
from malbild.organisation.models import Organisation

from ..lockout import client_ip
from ..middleware import mark_authenticated
from . import config
from .backends import ID_TOKEN_ATTRIBUTE
from .forms import SsoAuthenticationForm

#: The session key of the ID token, sent back as `id_token_hint` when logging out.
ID_TOKEN_SESSION_KEY = "malbild_oidc_id_token"
ORG_PATH = re.compile(r"^/o/(?P<slug>[-\w]+)/")


class SsoLoginView(OIDCAuthenticationRequestView):
    """GET /accounts/sso/login/?next=…: to the provider's authorization endpoint. With
    `?reauth=1` (the "confirm" page of sensitive actions) it asks the provider to
    authenticate again (MALBILD_OIDC_REAUTH_PARAMS, default prompt=login)."""

    def dispatch(self, request, *args, **kwargs):
        if not config.enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        if request.GET.get("reauth") == "1":
            params.update(settings.MALBILD_OIDC_REAUTH_PARAMS)
        return params


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """GET /accounts/sso/callback/?code=…&state=…: the backend checks the answer and finds the
    user (backends.OidcBackend); on success the session is (re)started and counts as freshly
    authenticated (accounts.middleware.mark_authenticated)."""

    def dispatch(self, request, *args, **kwargs):
        if not config.enabled():
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except SuspiciousOperation as exc:  # a state that this session did not start
            security_event(
                "sso.failed", reason=f"state: {exc}", ip=client_ip(request), path=request.path
            )
            return self.login_failure()

    def login_failure(self):
        if self.request.GET.get("error"):
            security_event(
                "sso.failed",
                reason=f"provider: {self.request.GET['error']}"[:200],
                ip=client_ip(self.request),
                path=self.request.path,
            )
        if self.request.user.is_authenticated:
            # Nobody stays signed in after a refused answer (as after a provider's error).
            auth.logout(self.request)
        messages.error(
            self.request,
            _("Login with %(provider)s failed. Try again, or ask your administrator.")
            % {"provider": config.provider_name()},
        )
        return HttpResponseRedirect(reverse("accounts:login"))

    def login_success(self):
        request = self.request
        next_url = request.session.get("oidc_login_next") or resolve_url(
            settings.LOGIN_REDIRECT_URL
        )
        if not (request.user.is_authenticated and request.user.pk == self.user.pk):
            auth.login(request, self.user)
        mark_authenticated(request)
        request.session[ID_TOKEN_SESSION_KEY] = getattr(request, ID_TOKEN_ATTRIBUTE, None)
        security_event(
            "sso.login",
            level=20,
            user_id=self.user.pk,
            matched_by=getattr(request, "malbild_sso_matched_by", None),
            ip=client_ip(request),
        )
        return HttpResponseRedirect(next_url)


def end_session_url(request) -> str | None:
    """Where logging out sends the browser to end the provider's session too: its end-session
    endpoint with the ID token of this login, coming back to the login page. None for a
    password session or a provider without one (MALBILD_OIDC_END_SESSION_ENDPOINT)."""
    endpoint = settings.MALBILD_OIDC_END_SESSION_ENDPOINT
    id_token = request.session.get(ID_TOKEN_SESSION_KEY) if hasattr(request, "session") else None
    if not (config.enabled() and endpoint and id_token):
        return None
    params = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGIN_URL)),
    }
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"


def reauth_context(request, action: str) -> dict:
    """The "confirm your password" page's SSO option for a session that logged in with SSO:
    confirming at the provider instead (no password needed), which comes back to `action` —
    the page of the action, whose form is then sent again."""
    if not (config.enabled() and request.session.get(ID_TOKEN_SESSION_KEY)):
        return {}
    query = urlencode({"next": action, "reauth": "1"})
    return {
        "sso_reauth_url": f"{reverse('accounts:sso-login')}?{query}",
        "sso_provider": config.provider_name(),
    }


def login_page_context(request) -> dict:
    """The login page's SSO part: the button, and whether the password form is hidden — for
    an organisation whose local login is off, known from `?org=<slug>` or from the page the
    visitor wanted (`next=/o/<slug>/…`). `?local=1` shows the password form anyway (for
    people of other organisations and operators)."""
    if not config.enabled():
        return {"sso": None}
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    match = ORG_PATH.match(next_url)
    slug = request.GET.get("org") or (match.group("slug") if match else "")
    organisation = None
    if slug and slug in config.sso_only_slugs() and request.GET.get("local") != "1":
        organisation = Organisation.objects.filter(slug=slug).first()
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    local = {"local": "1", **({"next": next_url} if next_url else {})}
    return {
        "sso": {
            "provider": config.provider_name(),
            "url": reverse("accounts:sso-login") + query,
            "only": organisation is not None,
            "organisation": organisation,
            "local_url": f"{reverse('accounts:login')}?{urlencode(local)}",
        }
    }


class SsoLoginPageMixin:
    """For accounts' LoginView: the SSO button and the refusal of local login."""

    authentication_form = SsoAuthenticationForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **login_page_context(self.request)}


class SsoLogoutMixin:
    """For accounts' LogoutView: after the local logout, end the provider's session too."""

    def post(self, request, *args, **kwargs):
        provider_logout = end_session_url(request)
        response = super().post(request, *args, **kwargs)
        if provider_logout and not request.user.is_authenticated:
            return HttpResponseRedirect(provider_logout)
        return response
