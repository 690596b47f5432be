"""Writes of the comments of a draft response: adding, changing and removing a comment
anchored to an item of the consulted version — a section, an item of its own or one it
inherits from a document above it — or to the whole document.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from malbild.core.services import model_create, model_delete, model_update

from ..models import Comment, Response
from ..permissions import Responder
from ..selectors import version_anchors
from ._common import _require_open
from ._respondent import _require_draft, _require_responder, _via_message


def _anchor(response: Response, item_uid: str) -> dict[str, str]:
    """Type, label and (for an inherited item) source document of the item `item_uid` of the
    consulted version: a section, an item of its own, or a focus area, goal or overall goal it
    inherits from a document above it ("" = the document as a whole)."""
    if not item_uid:
        return {"item_uid": "", "item_type": "", "item_label": "", "item_source": ""}
    for anchor in version_anchors(snapshot=response.consultee.round.version.snapshot):
        if anchor["uid"] and anchor["uid"] == item_uid:
            return {
                "item_uid": item_uid,
                "item_type": anchor["type"],
                "item_label": anchor["label"][:500],
                "item_source": anchor["source"][:300],
            }
    raise ValidationError({"item_uid": _("Choose an item of the consulted version.")})


@transaction.atomic
def comment_add(*, responder: Responder, response: Response, data: dict[str, Any]) -> Comment:
    """Add a comment (kind, text, optional proposed wording) anchored to an item of the
    consulted version or to the whole document."""
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    order = (response.comments.aggregate(n=Max("order"))["n"] or 0) + 1
    return model_create(
        model=Comment,
        actor=responder.user,
        data={
            "organisation": response.organisation,
            "response": response,
            "order": order,
            "kind": data.get("kind", ""),
            "text": (data.get("text") or "").strip(),
            "proposed_wording": (data.get("proposed_wording") or "").strip(),
            **_anchor(response, data.get("item_uid") or ""),
        },
        message=_via_message(responder),
    )


@transaction.atomic
def comment_update(*, responder: Responder, comment: Comment, data: dict[str, Any]) -> Comment:
    """Change a comment of a draft."""
    response = comment.response
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    fields = {k: v for k, v in data.items() if k in ("kind", "text", "proposed_wording")}
    if "item_uid" in data:
        fields.update(_anchor(response, data.get("item_uid") or ""))
    return model_update(
        instance=comment,
        actor=responder.user,
        data=fields,
        fields=fields.keys(),
        message=_via_message(responder),
    )


@transaction.atomic
def comment_delete(*, responder: Responder, comment: Comment) -> None:
    response = comment.response
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    model_delete(instance=comment, actor=responder.user, message=_via_message(responder))
