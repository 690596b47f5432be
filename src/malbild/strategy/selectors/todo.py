"""The strategy part of the to-do list (docs/guide/todo.md): adopted documents whose
adoption decision is not recorded."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from malbild.core.access import Access
from malbild.core.todo import TodoItem

from ..constants import DecisionKind, DocumentStatus
from ..models import Decision, SteeringDocument


def todo_list(*, access: Access, today: datetime.date) -> list[TodoItem]:
    """For strategists and administrators: each adopted (or under revision) document that no
    recorded decision of the kind adoption or approval points at — the decision that put it
    in force is still to be registered. One query."""
    if not access.can_edit_documents:
        return []
    decided = Decision.objects.filter(
        document=OuterRef("pk"), kind__in=(DecisionKind.ADOPTION, DecisionKind.APPROVAL)
    )
    documents = (
        SteeringDocument.objects.for_access(access)
        .filter(status__in=(DocumentStatus.ADOPTED, DocumentStatus.REVISION))
        .filter(~Exists(decided))
        .select_related("owning_body")
        .order_by("title", "id")
    )
    create = reverse("strategy:decision-create", kwargs={"org": access.organisation.slug})
    return [
        TodoItem(
            kind="strategy.adoption_decision",
            kind_label=gettext("Adoption decision to register"),
            title=document.title,
            body=document.owning_body.name if document.owning_body_id else "",
            context=document.get_kind_display(),
            deadline=None,
            status=gettext("Adopted, but no adoption or approval decision is recorded"),
            url=f"{create}?{urlencode({'document': str(document.uid)})}",
            rank=2,
        )
        for document in documents
    ]
