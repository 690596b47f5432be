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
    # False: the frozen snapshot is left in the database until read (pages that may be
    # served from the cache, `page_cache`).
    period_with_snapshot = True

    def get(self, request, *args, **kwargs):
        if self.strategists_only and not self.access.can_edit_documents:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def get_period(self):
        if not hasattr(self, "_period"):
            self._period = selectors.period_get(
                access=self.access, pk=self.kwargs["pk"], with_snapshot=self.period_with_snapshot
            )
        return self._period

    def period_url(self, name="period-detail"):
        return reverse(
            f"followup:{name}", kwargs={"org": self.organisation.slug, "pk": self.get_period().pk}
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["period"] = self.get_period()
        return ctx
