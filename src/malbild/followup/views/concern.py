"""The municipality-wide page (Hela kommunkoncernen) and its XLSX download: the same GET
filters, the same figures (followup.concern). Every role that reads the organisation may see
them, as the other follow-up read pages."""

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from malbild.financing.selectors import organisation_overview
from malbild.web.mixins import OrgMixin

from ..concern import concern_overview
from ..concern.forms import ConcernFilterForm
from ..concern.tables import concern_tables, selection
from ..concern.xlsx import render_concern_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ConcernMixin(OrgMixin):
    def concern_data(self) -> tuple[ConcernFilterForm, dict]:
        form = ConcernFilterForm(self.request.GET or None, access=self.access)
        return form, concern_overview(access=self.access, filters=form.filters())

    def concern_title(self, data: dict) -> str:
        root = data["root"]
        if root is None:
            return _("The whole municipal group")
        return _("%(document)s and the plans below it") % {"document": root.title}


class ConcernView(ConcernMixin, TemplateView):
    template_name = "followup/concern.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form, data = self.concern_data()
        ctx.update(
            filter_form=form,
            data=data,
            tables=concern_tables(data),
            selection=selection(data),
            heading=self.concern_title(data),
            is_filtered=data["filters"].is_filtered,
            query=self.request.GET.urlencode(),
            # The cost allocation of the whole organisation beside the budget (not filtered).
            allocation=organisation_overview(access=self.access),
        )
        return ctx


class ConcernDownloadView(ConcernMixin, View):
    def get(self, request, *args, **kwargs):
        _form, data = self.concern_data()
        title = self.concern_title(data)
        content = render_concern_xlsx(data, title=title, organisation=self.organisation.name)
        response = HttpResponse(content, content_type=XLSX)
        name = slugify(title)[:80] or "municipality-wide"
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
