"""API of the public portal's control (admins): the settings (on/off, the accessibility
statement's contact details and text), which documents are published, and the feedback
messages. The public pages themselves are web pages (`views/public.py`); their data as open
data files is another app's.

Reads: any reading role; writes and the feedback: the organisation's administrators. The
settings answer carries `lock_version` (its ETag) and a PATCH takes `If-Match` (stale → 409).
"""

import datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, PatchDict, Router, Schema

from malbild.api.utils import InputSchema, if_match, org_access
from malbild.strategy.models import SteeringDocument

from . import selectors, services
from .models import FeedbackMessage

router = Router()
P = "/organisations/{org}"


class PortalSettingsOut(Schema):
    enabled: bool = Field(..., description="Whether the public portal is on")
    lock_version: int = Field(..., description="Edit version; the ETag, for If-Match")
    public_url: str = Field(..., description="The address of the portal's start page")
    contact_email: str
    contact_phone: str
    accessibility_statement: str = Field(
        ..., description="The statement's own text (Markdown); empty: the standard text"
    )
    statement_reviewed_on: datetime.date | None


class PortalSettingsPatch(InputSchema):
    enabled: bool
    contact_email: str
    contact_phone: str
    accessibility_statement: str
    statement_reviewed_on: datetime.date | None = None


class PublicationOut(Schema):
    document: UUID = Field(..., description="The document's stable id")
    title: str
    published: bool
    version: int | None = Field(
        ..., description="Number of the version the portal shows (the adopted one), if any"
    )


class PublicationIn(InputSchema):
    published: bool


class FeedbackOut(Schema):
    id: int
    created_at: datetime.datetime
    name: str
    email: str
    page: str
    message: str
    handled_at: datetime.datetime | None


def _settings_out(request, access) -> dict:
    row = selectors.portal_settings_of(access.organisation)
    return {
        "enabled": row.enabled,
        "lock_version": row.lock_version,
        "public_url": request.build_absolute_uri(f"/portal/{access.organisation.slug}/"),
        "contact_email": row.contact_email,
        "contact_phone": row.contact_phone,
        "accessibility_statement": row.accessibility_statement,
        "statement_reviewed_on": row.statement_reviewed_on,
    }


@router.get(P + "/portal", response=PortalSettingsOut, summary="Get the public portal's settings")
def portal_settings_get(request, org: str):
    return _settings_out(request, org_access(request, org))


@router.patch(
    P + "/portal",
    response=PortalSettingsOut,
    summary="Change the public portal's settings (admin)",
    description="Turn the portal on or off; the accessibility statement's contact details and "
    "text. Send `If-Match` with the `lock_version` read.",
)
def portal_settings_update(request, org: str, payload: PatchDict[PortalSettingsPatch]):
    access = org_access(request, org)
    row = selectors.portal_settings_of(access.organisation)
    if row.pk is None:
        services.portal_settings_update(access=access, data=dict(payload))
    else:
        with if_match(request, row):
            services.portal_settings_update(access=access, data=dict(payload))
    return _settings_out(request, access)


def _publication_out(row: dict) -> dict:
    return {
        "document": row["document"].uid,
        "title": row["document"].title,
        "published": row["published"],
        "version": row["adopted"].number if row["adopted"] else None,
    }


@router.get(
    P + "/portal/publications",
    response=list[PublicationOut],
    summary="List the documents and whether each is published on the portal",
)
def publication_list(request, org: str):
    access = org_access(request, org)
    return [_publication_out(row) for row in selectors.publication_list(access=access)]


@router.put(
    P + "/documents/{document_id}/publication",
    response=PublicationOut,
    summary="Publish a document on the portal, or withdraw it (admin)",
    description="Only a document with a frozen adopted version can be published (422 on "
    "`published` otherwise); the portal shows that version, never the working copy.",
)
def publication_set(request, org: str, document_id: str, payload: PublicationIn):
    access = org_access(request, org)
    document = get_object_or_404(SteeringDocument.objects.for_access(access).by_ref(document_id))
    services.document_publication_set(access=access, document=document, published=payload.published)
    row = next(
        r for r in selectors.publication_list(access=access) if r["document"].pk == document.pk
    )
    return _publication_out(row)


@router.get(
    P + "/portal/feedback",
    response=list[FeedbackOut],
    summary="List the feedback sent through the portal (admin)",
)
def feedback_list(request, org: str):
    access = org_access(request, org)
    if not access.is_admin:
        raise PermissionDenied(_("Only an administrator may read the portal's feedback."))
    return list(FeedbackMessage.objects.for_access(access).order_by("-created_at", "-id")[:500])
