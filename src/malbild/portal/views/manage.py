"""The administrator's pages of the portal under /o/<org>/portal/: turning it on, the
accessibility statement's contact details and text, which documents are published, and the
feedback messages that came in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from malbild.organisation.views import AdminRequiredMixin
from malbild.strategy.models import SteeringDocument
from malbild.web.mixins import ServiceFormMixin

from .. import selectors, services
from ..forms import DocumentPublicationForm, PortalSettingsForm, PublicationForm
from ..models import FeedbackMessage


class PortalSettingsView(AdminRequiredMixin, ServiceFormMixin, FormView):
    """The portal's settings and the publication of each document (one form each)."""

    template_name = "portal/settings.html"
    form_class = PortalSettingsForm
    success_message = gettext_lazy("The portal settings were saved.")

    def get_form_kwargs(self):
        self.row = selectors.portal_settings_of(self.organisation)
        return {**super().get_form_kwargs(), "instance": self.row}

    def post(self, request, *args, **kwargs):
        if "document" in request.POST:
            return self.publish(request)
        return super().post(request, *args, **kwargs)

    def publish(self, request):
        document = get_object_or_404(
            SteeringDocument.objects.for_access(self.access).by_ref(request.POST["document"])
        )
        form = PublicationForm(request.POST)
        form.is_valid()
        published = form.cleaned_data.get("published", False)
        try:
            services.document_publication_set(
                access=self.access, document=document, published=published
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            text = (
                _("“%(title)s” is published on the portal.")
                if published
                else _("“%(title)s” is no longer published on the portal.")
            )
            messages.success(request, text % {"title": document.title})
        return HttpResponseRedirect(self.org_url("portal:settings"))

    def perform(self, form):
        data = {**form.cleaned_data, "lock_version": self.row.lock_version if self.row.pk else None}
        return services.portal_settings_update(access=self.access, data=data)

    def get_success_url(self):
        return self.org_url("portal:settings")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["settings_row"] = self.row
        ctx["publications"] = selectors.publication_list(access=self.access)
        ctx["unhandled"] = (
            FeedbackMessage.objects.for_access(self.access).filter(handled_at__isnull=True).count()
        )
        return ctx


class DocumentPublicationView(AdminRequiredMixin, View):
    """The publication switch on the document's own page (strategy posts here by URL name):
    the same service as the settings page, so the public pages' validator is touched the
    same way. Back to the document page with the outcome in words."""

    def post(self, request, *args, **kwargs):
        document = get_object_or_404(
            SteeringDocument.objects.for_access(self.access).by_ref(kwargs["ref"])
        )
        back = self.org_url("strategy:document-detail", pk=document.pk) + "#publication"
        form = DocumentPublicationForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.error_text())
            return HttpResponseRedirect(back)
        published = form.cleaned_data["published"]
        try:
            services.document_publication_set(
                access=self.access, document=document, published=published
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            text = (
                _("“%(title)s” is published on the portal.")
                if published
                else _("“%(title)s” is no longer published on the portal.")
            )
            messages.success(request, text % {"title": document.title})
        return HttpResponseRedirect(back)


class FeedbackListView(AdminRequiredMixin, TemplateView):
    template_name = "portal/feedback_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["messages_in"] = list(
            FeedbackMessage.objects.for_access(self.access).order_by("-created_at", "-id")[:500]
        )
        return ctx


class FeedbackHandledView(AdminRequiredMixin, View):
    def post(self, request, *args, **kwargs):
        message = get_object_or_404(
            FeedbackMessage.objects.for_access(self.access), pk=kwargs["pk"]
        )
        services.feedback_mark_handled(access=self.access, message=message)
        messages.success(request, _("The message is marked as handled."))
        return HttpResponseRedirect(self.org_url("portal:feedback-list"))
