"""Checks the respondent-side services share: may this responder (an account or a secret link)
write for the consultee, is the response still a draft, and the audit message that marks a
write made through a secret link.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ..models import Consultee, Response
from ..permissions import Responder
from .links import LinkRefused, link_check


def _require_responder(responder: Responder, consultee: Consultee) -> None:
    if responder.access is not None and responder.access.organisation is not None:
        responder.access.require_same_org(consultee)
    if not responder.can_respond_for(consultee):
        raise PermissionDenied(_("You may not respond for this body."))
    if responder.link is not None:
        try:
            link_check(responder.link)
        except LinkRefused as exc:
            raise PermissionDenied(_("The link is no longer valid.")) from exc


def _via_message(responder: Responder) -> str:
    return _("via secret link") if responder.link is not None else ""


def _require_draft(response: Response) -> None:
    if not response.is_draft:
        raise ValidationError(_("The response has been submitted and can no longer be changed."))
