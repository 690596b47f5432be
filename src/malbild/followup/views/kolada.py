"""Pages of the Kolada sync: start a sync (the buttons on the indicator and document pages
post here), its progress, and the conflicts between Kolada and values a person entered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from malbild.strategy.models import Indicator
from malbild.strategy.selectors import document_get, document_item_get
from malbild.web.formatting import value_with_unit
from malbild.web.mixins import OrgMixin

from .. import kolada
from ..models import KoladaConflict, KoladaSyncJob


def _messages_of(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class KoladaSyncView(OrgMixin, View):
    """POST `indicator` (its uid or id) or `document`: sync it in the background, then the
    job's page. Strategists and administrators only."""

    def post(self, request, *args, **kwargs):
        if not self.access.can_edit_documents:
            raise PermissionDenied
        indicator = document = None
        back = self.org_url("followup:kolada-conflicts")
        try:
            if request.POST.get("indicator"):
                indicator = document_item_get(
                    access=self.access, model=Indicator, ref=request.POST["indicator"]
                )
                back = self.org_url("strategy:indicator-detail", pk=indicator.pk)
            elif request.POST.get("document"):
                document = document_get(access=self.access, ref=request.POST["document"])
                back = self.org_url("strategy:document-detail", pk=document.pk)
        except (ValueError, ValidationError) as exc:
            raise Http404 from exc
        try:
            job = kolada.sync_job_create(
                access=self.access,
                organisation=self.organisation,
                document=document,
                indicator=indicator,
            )
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
            return HttpResponseRedirect(back, status=303)
        job = kolada.sync_enqueue(job)
        return HttpResponseRedirect(self.org_url("followup:kolada-job", uid=job.uid), status=303)


class KoladaJobView(OrgMixin, TemplateView):
    template_name = "followup/kolada_job.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        job = get_object_or_404(
            KoladaSyncJob.objects.select_related("indicator", "document"),
            organisation=self.organisation,
            uid=kwargs["uid"],
        )
        ctx.update(
            job=job,
            pending=job.is_pending,
            done=job.state == "done",
            failed=job.state == "failed",
            refresh_seconds=2,
            title=_("Kolada sync of “%(item)s”") % {"item": job},
        )
        if job.indicator_id:
            ctx["item_url"] = self.org_url("strategy:indicator-detail", pk=job.indicator.pk)
        elif job.document_id:
            ctx["item_url"] = self.org_url("strategy:document-detail", pk=job.document.pk)
        return ctx


class KoladaConflictsView(OrgMixin, TemplateView):
    """Every open conflict: "Kolada has 87.2 but an entered value 86 exists"; per conflict a
    choice (Kolada's value, or keep the entered one) posted back here."""

    template_name = "followup/kolada_conflicts.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = []
        for conflict in kolada.open_conflicts(self.organisation):
            value = conflict.value
            unit = value.indicator.unit
            rows.append(
                {
                    "conflict": conflict,
                    "indicator": value.indicator,
                    "indicator_url": self.org_url(
                        "strategy:indicator-detail", pk=value.indicator.pk
                    ),
                    "period": value.period,
                    "sentence": _("Kolada has %(kolada)s but an entered value %(manual)s exists")
                    % {
                        "kolada": value_with_unit(conflict.kolada_value, unit),
                        "manual": value_with_unit(value.value, unit)
                        if value.value is not None
                        else _("(a text assessment)"),
                    },
                }
            )
        ctx["rows"] = rows
        ctx["can_resolve"] = self.access.can_edit_documents
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.access.can_edit_documents:
            raise PermissionDenied
        conflict_id = request.POST.get("conflict", "")
        if not conflict_id.isdigit():
            raise Http404
        conflict = get_object_or_404(
            KoladaConflict.objects.for_org(self.organisation), pk=int(conflict_id)
        )
        try:
            kolada.conflict_resolve(
                access=self.access, conflict=conflict, choice=request.POST.get("choice", "")
            )
        except ValidationError as exc:
            messages.error(request, _messages_of(exc))
        else:
            messages.success(
                request,
                _("Kolada's value was used.")
                if request.POST.get("choice") == kolada.USE_KOLADA
                else _("The entered value was kept."),
            )
        return HttpResponseRedirect(self.org_url("followup:kolada-conflicts"), status=303)
