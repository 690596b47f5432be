"""Reads that combine apps: an organisation's overview and the start page's documents."""

from django.db.models import F

from malbild.accounts.access import READ_ROLES
from malbild.accounts.selectors import member_list
from malbild.actionplan.models import Activity
from malbild.catalogue.models import CatalogueItem
from malbild.consultation.selectors import audit_visible
from malbild.core.access import Access
from malbild.core.selectors import audit_recent
from malbild.organisation.models import Body, Organisation
from malbild.strategy.models import Indicator, SteeringDocument
from malbild.strategy.selectors import document_list


def organisation_overview(*, access: Access, recent: int = 15) -> dict:
    """What the overview page shows: documents, key counts and recent changes, in a fixed
    number of queries."""
    org = access.organisation
    documents = list(document_list(access=access))
    return {
        "documents": documents,
        "counts": {
            "documents": len(documents),
            "bodies": Body.objects.for_org(org).count(),
            "activities": Activity.objects.for_org(org).count(),
            "indicators": Indicator.objects.for_org(org).count(),
            "catalogue_items": CatalogueItem.objects.for_org(org).count(),
            "members": member_list(access=access).count() if access.is_admin else None,
        },
        # Only what the viewer may read: no draft response content of other bodies.
        "recent_changes": list(
            audit_recent(organisation=org, limit=recent, visible=audit_visible(access))
        ),
    }


def organisations_with_documents(*, user) -> list:
    """The start page: the organisations the user may read (any reading role; all of them for
    a superuser), each with `documents`, in two queries. A respondent-only role does not open
    an organisation's documents, so such organisations are not listed."""
    if not user.is_authenticated:
        return []
    organisations = Organisation.objects.all()
    if not user.is_superuser:
        organisations = organisations.filter(
            memberships__user=user, memberships__role__in=READ_ROLES
        ).distinct()
    organisations = list(organisations.order_by("name", "id"))
    by_org: dict[int, list] = {o.pk: [] for o in organisations}
    if organisations:
        documents = (
            SteeringDocument.objects.filter(organisation__in=organisations)
            .select_related("parent")
            .order_by(F("parent_id").asc(nulls_first=True), "title", "id")
        )
        for document in documents:
            by_org[document.organisation_id].append(document)
    for organisation in organisations:
        organisation.documents = by_org[organisation.pk]
    return organisations
