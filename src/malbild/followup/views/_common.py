"""Shared by the follow-up pages: `PeriodMixin` resolves the period of the URL within the
user's organisation."""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from malbild.web.mixins import (
    OrgMixin,
)

from .. import selectors


class PeriodMixin(OrgMixin):
    """Resolves `<int:pk>` to a period of the user's organisation (404 otherwise)."""

    strategists_only = False

    def get(self, request, *args, **kwargs):
        if self.strategists_only and not self.access.can_edit_documents:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_period(self):
        if not hasattr(self, "_period"):
            self._period = selectors.period_get(access=self.access, pk=self.kwargs["pk"])
        return self._period

    def period_url(self, name="period-detail"):
        return reverse(
            f"followup:{name}", kwargs={"org": self.organisation.slug, "pk": self.get_period().pk}
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["period"] = self.get_period()
        return ctx
