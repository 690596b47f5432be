"""Writes of the comments of a draft response: adding, changing and removing a comment
anchored to an item of the consulted version (or to the whole document).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from malbild.core.services import model_create, model_delete, model_update
from malbild.strategy.snapshot import upgrade

from ..constants import ANCHOR_TYPES
from ..models import Comment, Response
from ..permissions import Responder
from ._common import _require_open
from ._respondent import _require_draft, _require_responder, _via_message


def _anchor(response: Response, item_uid: str) -> dict[str, str]:
    """Type and label of the item `item_uid` in the consulted version ("" = whole document)."""
    if not item_uid:
        return {"item_uid": "", "item_type": "", "item_label": ""}
    for item in upgrade(response.consultee.round.version.snapshot)["items"]:
        if item["uid"] == item_uid and item["type"] in ANCHOR_TYPES:
            return {
                "item_uid": item_uid,
                "item_type": item["type"],
                "item_label": item["label"][:500],
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
