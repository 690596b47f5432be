"""Account pages: log in/out, password change, the profile with personal API tokens, and the
organisation's user management (admins only; routed under /o/<org>/users/)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from malbild.notifications.services import preference_choices
from malbild.organisation.views import AdminRequiredMixin
from malbild.web.mixins import ServiceFormMixin, apply_validation_error

from . import services
from .forms import ApiTokenForm, MemberCreateForm, MembershipForm, ProfileSettingsForm
from .lockout import client_ip
from .mail import invitation_token_generator
from .models import ApiToken, TokenScope
from .reauth import RecentAuthRequiredMixin
from .selectors import (
    member_get,
    member_list,
    membership_get,
    memberships_of,
    user_api_tokens,
    user_memberships,
)
from .sso.views import SsoLoginPageMixin, SsoLogoutMixin


class LoginView(SsoLoginPageMixin, auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(SsoLogoutMixin, auth_views.LogoutView):
    """POST only (Django's default); afterwards the login page — through the provider's
    end-session endpoint after a single sign-on login (accounts.sso)."""


class PasswordChangeView(LoginRequiredMixin, FormView):
    template_name = "registration/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password-change-done")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            user = services.password_change(
                user=self.request.user, new_password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(LoginRequiredMixin, TemplateView):
    template_name = "registration/password_changed.html"


class _ServicePasswordMixin:
    """Django's link check (`PasswordResetConfirmView`: the token, then a session) with the
    new password set by `services.password_change` (validated, audited, API tokens revoked)."""

    audit_message = ""

    def form_valid(self, form):
        try:
            services.password_change(
                user=form.user,
                new_password=form.cleaned_data["new_password1"],
                message=self.audit_message,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordSetView(_ServicePasswordMixin, auth_views.PasswordResetConfirmView):
    """The invitation's link (accounts.mail): choose the first password."""

    template_name = "registration/password_set.html"
    success_url = reverse_lazy("accounts:password-set-done")
    token_generator = invitation_token_generator
    audit_message = "password set from the invitation"


class PasswordSetDoneView(TemplateView):
    template_name = "registration/password_set_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgotten password": the same answer whether the address has an account or not; the
    link goes out through the outbox (services.password_reset_request). Too many requests
    for one address or from one client address answer 429, alike for every address."""

    template_name = "accounts/password_reset_form.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("accounts:password-reset-done")

    def form_valid(self, form):
        accepted = services.password_reset_request(
            email=form.cleaned_data["email"], client_ip=client_ip(self.request)
        )
        if not accepted:
            response = self.render_to_response(self.get_context_data(form=form, throttled=True))
            response.status_code = 429
            response["Retry-After"] = str(settings.MALBILD_PASSWORD_RESET_WINDOW)
            return response
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(_ServicePasswordMixin, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    audit_message = "password reset by e-mail"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def _profile_context(request, form=None, new_key=None, new_token=None, settings_form=None):
    if settings_form is None:
        settings_form = ProfileSettingsForm(
            user=request.user, preferences=preference_choices(user=request.user)
        )
    return {
        "form": form or ApiTokenForm(),
        "settings_form": settings_form,
        "tokens": user_api_tokens(user=request.user),
        "new_key": new_key,
        "new_token": new_token,
        "memberships": user_memberships(user=request.user),
    }


class ProfileView(LoginRequiredMixin, RecentAuthRequiredMixin, View):
    """The user's own page: roles, password change link, personal API tokens.

    Creating a token answers the POST directly with the raw key (shown once, never stored,
    not cacheable) instead of redirecting, so the key never passes through the session.
    It asks for the password again when it was entered too long ago (RecentAuthRequiredMixin)."""

    template_name = "accounts/profile.html"

    def get(self, request):
        return render(request, self.template_name, _profile_context(request))

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if form.is_valid():
            try:
                token, raw = services.api_token_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"] or TokenScope.READ,
                    expires_in_days=form.cleaned_data["expires_in_days"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                response = render(
                    request,
                    self.template_name,
                    _profile_context(request, new_key=raw, new_token=token),
                )
                response["Cache-Control"] = "no-store"
                return response
        return render(request, self.template_name, _profile_context(request, form=form))


class ProfileSettingsView(LoginRequiredMixin, View):
    """The profile page's e-mail settings (language, how each notification comes): POST only,
    back to the profile page; a rejected form shows the page with the errors."""

    def post(self, request):
        form = ProfileSettingsForm(
            request.POST, user=request.user, preferences=preference_choices(user=request.user)
        )
        if form.is_valid():
            try:
                services.profile_settings_save(
                    user=request.user,
                    language=form.language_choice(),
                    notifications=form.notifications(),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Your e-mail settings were saved."))
                return HttpResponseRedirect(reverse("accounts:profile") + "#mail-heading")
        context = _profile_context(request, settings_form=form)
        return render(request, ProfileView.template_name, context, status=400)


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk: int):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        services.api_token_revoke(user=request.user, token=token)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return HttpResponseRedirect(reverse("accounts:profile"))


# User management in one organisation (admins) ------------------------------------------------


class MemberListView(AdminRequiredMixin, TemplateView):
    template_name = "accounts/member_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "members": member_list(access=self.access)}


class MemberCreateView(AdminRequiredMixin, RecentAuthRequiredMixin, ServiceFormMixin, FormView):
    """Add a person by e-mail. The answer is the same whether the address belonged to an
    existing account (in any organisation) or a new one was created: nothing here tells an
    administrator about other organisations' accounts."""

    template_name = "accounts/member_form.html"
    form_class = MemberCreateForm
    success_message = gettext_lazy("The person has been added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def perform(self, form):
        data = form.cleaned_data
        user, _created = services.member_add(
            access=self.access,
            email=data["email"],
            role=data["role"],
            bodies=data["bodies"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        return user

    def get_success_url(self):
        return self.org_url("organisation:member-list")


class MemberDetailView(AdminRequiredMixin, RecentAuthRequiredMixin, ServiceFormMixin, FormView):
    """One user's roles in the organisation; the form grants a role (or changes its bodies)."""

    template_name = "accounts/member_detail.html"
    form_class = MembershipForm
    success_message = gettext_lazy("The role was saved.")

    def get_member(self):
        if not hasattr(self, "member"):
            self.member = member_get(access=self.access, pk=self.kwargs["pk"])
        return self.member

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "member": self.get_member()}

    def perform(self, form):
        services.membership_set(
            access=self.access,
            user=self.get_member(),
            role=form.cleaned_data["role"],
            bodies=form.cleaned_data["bodies"],
        )
        return self.get_member()

    def get_success_url(self):
        return self.request.path


class MembershipRevokeView(AdminRequiredMixin, TemplateView):
    """Confirm (GET) and revoke (POST) one role of one user."""

    template_name = "accounts/membership_confirm_revoke.html"

    def get_membership(self):
        return membership_get(access=self.access, user_pk=self.kwargs["pk"], pk=self.kwargs["mpk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("membership", self.get_membership())
        ctx["cancel_url"] = self.org_url("organisation:member-detail", pk=self.kwargs["pk"])
        return ctx

    def post(self, request, *args, **kwargs):
        membership = self.get_membership()
        try:
            services.membership_revoke(access=self.access, membership=membership)
        except ValidationError as exc:
            return self.render_to_response(
                self.get_context_data(membership=membership, errors=exc.messages), status=400
            )
        messages.success(request, _("The role was revoked."))
        org = self.organisation.slug
        if memberships_of(access=self.access).filter(user_id=membership.user_id).exists():
            url = reverse(
                "organisation:member-detail", kwargs={"org": org, "pk": self.kwargs["pk"]}
            )
        else:
            url = reverse("organisation:member-list", kwargs={"org": org})
        return HttpResponseRedirect(url)
