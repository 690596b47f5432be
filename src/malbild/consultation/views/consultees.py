"""Strategist pages for the consultees of a round: adding a body, issuing a secret link (shown
once, with a ready e-mail text; optionally revoking the consultee's earlier links), changing
the language of the mail to a link's address and revoking one.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView

from malbild.web.mixins import ServiceFormMixin

from .. import exports, selectors, services
from ..forms import ConsulteeAddForm
from ..models import SecretLink
from ._common import RoundMixin


class ConsulteeAddView(RoundMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = ConsulteeAddForm
    prefix = "add"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Add a consultee")}

    def perform(self, form):
        return services.consultee_add(
            access=self.access, round=self.round, body=form.cleaned_data["body"]
        )


@method_decorator(never_cache, name="dispatch")
class LinkCreateView(RoundMixin, View):
    """POST: a new secret link; the page shows it once with a ready e-mail text. Only POST:
    a reload or the back button (GET) is refused with 405, never issues a link."""

    manage = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.setup_round()
        consultee = selectors.consultee_get(round=self.round, pk=kwargs["cid"])
        try:
            link, raw = services.secret_link_create(
                access=self.access,
                consultee=consultee,
                revoke_older=request.POST.get("revoke_older") == "1",
                email=request.POST.get("email", ""),
                language=request.POST.get("language", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.round_url())
        token = {"org": self.organisation.slug, "token": raw}
        url = request.build_absolute_uri(reverse("consultation:link-enter", kwargs=token))
        version_url = request.build_absolute_uri(
            reverse("consultation:link-enter-version", kwargs=token)
        )
        ctx = {
            "round": self.round,
            "consultee": consultee,
            "link": link,
            "url": url,
            "version_url": version_url,
            "revoked_older": link.revoked_older,
            "email": exports.invitation_text(
                round=self.round, consultee=consultee, url=url, version_url=version_url
            ),
            "access": self.access,
            "organisation": self.organisation,
        }
        return render(request, "consultation/link_created.html", ctx)


class LinkLanguageView(RoundMixin, View):
    """POST only: the language of the e-mail to a link's recipient address (a GET answers
    405); back to the round with a message naming the problem if refused."""

    manage = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.setup_round()
        link = get_object_or_404(SecretLink, pk=kwargs["link"], consultee__round=self.round)
        try:
            link = services.secret_link_language_set(
                access=self.access, link=link, language=request.POST.get("language", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("E-mail to %(address)s is now sent in %(language)s.")
                % {"address": link.email, "language": link.get_language_display()},
            )
        return redirect(self.round_url())


class LinkRevokeView(RoundMixin, View):
    """POST only: revoke one link (a GET answers 405)."""

    manage = True
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.setup_round()
        link = get_object_or_404(SecretLink, pk=kwargs["link"], consultee__round=self.round)
        services.secret_link_revoke(access=self.access, link=link)
        messages.success(request, _("The link has been revoked."))
        return redirect(self.round_url())
