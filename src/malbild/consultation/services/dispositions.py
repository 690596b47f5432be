"""Writes of the comment handling: how a submitted comment was handled (its disposition),
optionally linked to the items of the document that were changed because of it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from malbild.core.access import Access
from malbild.core.services import model_create, model_update
from malbild.strategy.snapshot import document_snapshot, upgrade

from ..constants import ResponseStatus
from ..models import Comment, Disposition, Response
from ._common import _require_manager, _same_org


@transaction.atomic
def disposition_set(
    *,
    access: Access,
    comment: Comment,
    kind: str,
    motivation: str,
    changed_item_uids: list[str] | None = None,
) -> Disposition:
    """Record or change how a submitted comment was handled, optionally linked to the items
    of the working copy (or revised version) that were changed because of it."""
    _require_manager(access)
    _same_org(access, comment)
    response = Response.objects.select_related(
        "consultee__round__version", "consultee__round__revised_version"
    ).get(pk=comment.response_id)
    if response.status != ResponseStatus.SUBMITTED:
        raise ValidationError(_("Only comments of a submitted response can be handled."))
    uids = [str(u) for u in (changed_item_uids or []) if u]
    if uids:
        round_ = response.consultee.round
        known = {i["uid"] for i in upgrade(round_.version.snapshot)["items"]}
        target = (
            upgrade(round_.revised_version.snapshot)
            if round_.revised_version_id
            else document_snapshot(round_.document)
        )
        known |= {i["uid"] for i in target["items"]}
        if any(u not in known for u in uids):
            raise ValidationError(
                {"changed_item_uids": _("Choose items of the document's versions.")}
            )
    data = {"kind": kind, "motivation": (motivation or "").strip(), "changed_item_uids": uids}
    existing = Disposition.objects.filter(comment=comment).first()
    if existing is not None:
        return model_update(
            instance=existing,
            actor=access.user,
            data=data,
            fields=data.keys(),
            event="consultation.comment_disposed",
        )
    return model_create(
        model=Disposition,
        actor=access.user,
        data={"organisation": comment.organisation, "comment": comment, **data},
        event="consultation.comment_disposed",
    )
