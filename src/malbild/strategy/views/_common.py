"""What the strategy pages share: number and indicator display values, the link to an
activity's page, the edit-permission check and the confirm-and-delete view.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.web import formatting
from malbild.web.mixins import (
    ConfirmDeleteMixin,
    EditCheckMixin,
    OrgMixin,
    apply_validation_error,
    posted_version,
)

from ..models import Indicator, IndicatorTarget


def number(value) -> str:
    """A decimal without trailing zeros, in the active language's format (95, 99,5)."""
    return formatting.number(value)


def target_text(target: IndicatorTarget) -> str:
    parts = [number(target.value), target.text]
    return f"{target.year}: " + " – ".join(p for p in parts if p)


def decorate_indicator(indicator: Indicator, access) -> Indicator:
    """Display values and the caller's edit right, computed without queries (targets are
    prefetched by the selectors)."""
    indicator.can_edit = access.can_edit_for_body(indicator.responsible_body_id)
    if indicator.baseline_value is not None:
        indicator.baseline_display = (
            f"{number(indicator.baseline_value)} ({indicator.baseline_year})"
        )
    else:
        indicator.baseline_display = ""
    indicator.target_list = [target_text(t) for t in indicator.targets.all()]
    return indicator


def activity_url(org_slug: str, activity) -> str:
    """Link to an activity's page when the action plan pages are installed, else ''."""
    try:
        return reverse("actionplan:activity-detail", kwargs={"org": org_slug, "pk": activity.pk})
    except NoReverseMatch:
        return ""


class EditPermissionMixin(EditCheckMixin):
    """Refuse (403) the whole view — GET included — to users who may not make the change."""

    def may_edit(self) -> bool:
        return self.access.can_edit_documents

    def check_edit(self) -> None:
        if not self.may_edit():
            raise PermissionDenied(_("You may not make this change."))


class ServiceDeleteView(ConfirmDeleteMixin, OrgMixin, EditPermissionMixin, FormView):
    """Confirm and delete through a service; a refused delete shows the reason."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def delete_target(self):
        return self.object

    def form_valid(self, form):
        name = str(self.object)
        success_url = self.get_success_url()
        try:
            with expect_version(self.object, posted_version(form)):
                self.delete_object()
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except ConflictError as exc:
            return self.render_conflict(form, exc.current)
        messages.success(self.request, _("“%(name)s” was deleted.") % {"name": name})
        return HttpResponseRedirect(success_url)
