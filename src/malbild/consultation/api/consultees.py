"""API of a round's consultees: add a body, create a secret link (the token is returned once),
change the language of the mail to its address and revoke one.
"""

import json

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Status
from pydantic import ValidationError as PydanticValidationError

from malbild.api.utils import if_match, resolve_relations
from malbild.organisation.models import Body

from .. import exports, selectors, services
from ..models import SecretLink
from ._common import ConsultationRouter, P, _access, _round, _round_detail, may_manage_rounds
from .schemas import (
    ConsulteeIn,
    LinkIn,
    LinkLanguageIn,
    LinkOut,
    LinkStateOut,
    RoundDetailOut,
)

router = ConsultationRouter()


def _link_in(request) -> LinkIn:
    """The optional JSON body of a link creation; a malformed one is a 422 naming the field."""
    if request.content_type != "application/json" or not request.body.strip():
        return LinkIn()
    try:
        data = json.loads(request.body)
        return LinkIn.model_validate(data if isinstance(data, dict) else {})
    except (ValueError, PydanticValidationError):
        raise ValidationError(
            {"email": _("Give the address and the language (sv or en) as text.")}
        ) from None


@router.post(
    P + "/{round_id}/consultees", response={201: RoundDetailOut}, summary="Add a consultee"
)
def consultee_add(request, org: str, round_id: int, payload: ConsulteeIn):
    access = _access(request, org)
    data, _m2m = resolve_relations(
        {"body": payload.body_id},
        access=access,
        need=may_manage_rounds,
        one={"body": Body.objects.for_access(access)},
    )
    services.consultee_add(access=access, round=_round(access, round_id), body=data["body"])
    return Status(201, _round_detail(access, round_id))


@router.post(
    P + "/{round_id}/consultees/{consultee_id}/links",
    response={201: LinkOut},
    summary="Create a secret link (the token is returned once)",
    openapi_extra={
        "requestBody": {
            "required": False,
            "content": {"application/json": {"schema": LinkIn.model_json_schema()}},
        }
    },
)
def link_create(request, org: str, round_id: int, consultee_id: int):
    """The body (`LinkIn`, optional: a POST without one creates a link e-mailed nowhere)."""
    access = _access(request, org)
    consultee = selectors.consultee_get(round=_round(access, round_id), pk=consultee_id)
    payload = _link_in(request)
    link, raw = services.secret_link_create(
        access=access, consultee=consultee, email=payload.email, language=payload.language
    )
    token = {"org": org, "token": raw}
    url = request.build_absolute_uri(reverse("consultation:link-enter", kwargs=token))
    version_url = request.build_absolute_uri(
        reverse("consultation:link-enter-version", kwargs=token)
    )
    return Status(
        201,
        {
            "id": link.pk,
            "token": raw,
            "url": url,
            "version_url": version_url,
            "invitation": exports.invitation_text(
                round=consultee.round, consultee=consultee, url=url, version_url=version_url
            ),
            "expires_at": consultee.round.link_expires_at,
            "email": link.email,
            "language": link.language,
        },
    )


@router.patch(
    P + "/{round_id}/links/{link_id}",
    response=LinkStateOut,
    summary="Change the language of the e-mail to a link's recipient address",
)
def link_language(request, org: str, round_id: int, link_id: int, payload: LinkLanguageIn):
    """The reminders, extension notices and receipt still to come go out in `language`."""
    access = _access(request, org)
    round_ = _round(access, round_id)
    link = get_object_or_404(SecretLink, pk=link_id, consultee__round=round_)
    with if_match(request, link):
        link = services.secret_link_language_set(
            access=access, link=link, language=payload.language
        )
    return link


@router.post(
    P + "/{round_id}/links/{link_id}/revoke", response={204: None}, summary="Revoke a link"
)
def link_revoke(request, org: str, round_id: int, link_id: int):
    access = _access(request, org)
    round_ = _round(access, round_id)
    link = get_object_or_404(SecretLink, pk=link_id, consultee__round=round_)
    with if_match(request, link):
        services.secret_link_revoke(access=access, link=link)
    return Status(204, None)
