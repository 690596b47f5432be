"""What the strategist and reader pages of a round share: `RoundMixin` resolves the round
in the address (404 for another organisation's) and, with `manage = True`, requires a
strategist.
"""

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from malbild.web.mixins import OrgMixin

from .. import selectors
from ..permissions import can_manage_rounds


class RoundMixin(OrgMixin):
    """Resolves `pk` to a round of the organisation (404 otherwise)."""

    manage = False

    def setup_round(self):
        self.round = selectors.round_get(access=self.access, pk=self.kwargs["pk"])
        if self.manage and not can_manage_rounds(self.access):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        return self._with_round("get", request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self._with_round("post", request, *args, **kwargs)

    def _with_round(self, method, request, *args, **kwargs):
        """Resolve the round, then the view's own handler; a method the view does not
        handle answers 405 (not a 500 from a missing parent method)."""
        handler = getattr(super(), method, None)
        if handler is None:
            return self.http_method_not_allowed(request, *args, **kwargs)
        self.setup_round()
        return handler(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["round"] = self.round
        ctx["can_manage"] = can_manage_rounds(self.access)
        return ctx

    def round_url(self):
        return reverse(
            "consultation:round-detail", kwargs={"org": self.organisation.slug, "pk": self.round.pk}
        )

    get_success_url = round_url
