"""Writes of the consultees and their secret links: asking one more body, issuing and revoking
a personal link, changing the language of the mail to its recipient address, and checking a
raw token (`secret_link_authenticate`, `secret_link_find`, `link_check`, `LinkRefused`).
Secret tokens are never written to the audit log or any other log; only their SHA-256 is
stored.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.accounts.tokens import token_candidates, token_issue, token_revoke, token_touch
from malbild.core.access import Access
from malbild.core.audit import audit_record
from malbild.core.services import model_create, model_update
from malbild.organisation.models import Body

from .. import notices
from ..constants import RoundStatus
from ..models import ConsultationRound, Consultee, SecretLink
from ._common import _require_manager, _require_open, _same_org


@transaction.atomic
def consultee_add(*, access: Access, round: ConsultationRound, body: Body) -> Consultee:
    """Ask one more body while the round is open; its respondents are invited by e-mail."""
    _require_manager(access)
    _same_org(access, round, body)
    _require_open(round, "body")
    if round.consultees.filter(body=body).exists():
        raise ValidationError({"body": _("This body is already a consultee.")})
    consultee = model_create(
        model=Consultee,
        actor=access.user,
        data={"organisation": access.organisation, "round": round, "body": body},
        event="consultation.consultee_added",
    )
    notices.invite(round, [consultee])
    return consultee


@transaction.atomic
def secret_link_create(
    *,
    access: Access,
    consultee: Consultee,
    revoke_older: bool = False,
    email: str = "",
    language: str = "",
) -> tuple[SecretLink, str]:
    """A new personal link for a consultee; returns (link, raw token). The raw token is shown
    once and never stored or logged. With `revoke_older` the consultee's earlier active links
    are revoked in the same transaction (their number is `link.revoked_older`). With `email`
    the link is e-mailed there (the invitation) and the address gets the round's reminders;
    an invalid address is refused (ValidationError on `email`). `language` ("sv" or "en";
    "" = Swedish) is the language of the e-mail to that address (ValidationError on
    `language` for any other)."""
    _require_manager(access)
    _same_org(access, consultee)
    _require_open(consultee.round)
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"email": _("E-mail address of the link's recipient: enter a valid address.")}
            ) from None
    language = _checked_language(language)
    revoked = 0
    if revoke_older:
        older = SecretLink.objects.for_org(consultee.organisation).filter(
            consultee=consultee, revoked_at__isnull=True
        )
        for old in older.select_for_update():
            revoked += token_revoke(old, actor=access.user, event="consultation.link_revoked")
    raw, token_hash = token_issue(SecretLink.PREFIX)
    link = SecretLink(
        organisation=consultee.organisation,
        consultee=consultee,
        token_hash=token_hash,
        email=email,
        language=language,
        created_by=access.user if getattr(access.user, "is_authenticated", False) else None,
    )
    link.full_clean()
    link.save()
    audit_record(
        actor=access.user,
        instance=link,
        action="create",
        changes={
            "consultee": [None, str(consultee)],
            "email": [None, link.email],
            "language": [None, link.language],
        },
        event="consultation.link_issued",
    )
    if link.email:
        notices.invite_link(link, raw)
    link.revoked_older = revoked
    return link, raw


def _checked_language(language: str) -> str:
    language = language or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(
            {"language": _("Language of the e-mail to the link's recipient: choose sv or en.")}
        )
    return language


@transaction.atomic
def secret_link_language_set(*, access: Access, link: SecretLink, language: str) -> SecretLink:
    """Change the language of the e-mail to a link's recipient address (the reminders,
    extension notices and receipt still to come; the invitation has gone). Refused
    (ValidationError on `language`) for another language than sv or en, and (on `email`)
    for a link without an address or one revoked. Audited; a stale edit is refused."""
    _require_manager(access)
    _same_org(access, link)
    language = _checked_language(language)
    if not link.email:
        raise ValidationError({"email": _("This link was not e-mailed to anyone.")})
    if link.is_revoked:
        raise ValidationError({"email": _("This link has been revoked.")})
    return model_update(
        instance=link,
        actor=access.user,
        data={"language": language},
        fields=["language"],
        event="consultation.link_language_changed",
    )


@transaction.atomic
def secret_link_revoke(*, access: Access, link: SecretLink) -> SecretLink:
    """Make a link unusable at once."""
    _require_manager(access)
    _same_org(access, link)
    token_revoke(link, actor=access.user, event="consultation.link_revoked")
    return link


class LinkRefused(Exception):
    """A secret link that does not open: unknown, revoked, expired or the round closed."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def secret_link_authenticate(*, organisation, raw: str) -> SecretLink:
    """The usable link behind a raw token, or `LinkRefused` with a reason
    ("unknown", "revoked", "expired", "closed")."""
    link = secret_link_find(
        SecretLink.objects.for_org(organisation).select_related(
            "consultee__round", "consultee__body", "organisation"
        ),
        raw=raw,
    )
    if link is None:
        raise LinkRefused("unknown")
    link_check(link)
    token_touch(link)
    return link


def secret_link_find(queryset, *, raw: str | None) -> SecretLink | None:
    """The link of `queryset` behind a raw token, unchecked (see `link_check`), or None."""
    return token_candidates(
        queryset, raw=raw, prefix=SecretLink.PREFIX, hash_field="token_hash", max_length=100
    ).first()


def link_check(link: SecretLink) -> None:
    """Raise `LinkRefused` unless the link may still be used."""
    if link.revoked_at is not None:
        raise LinkRefused("revoked")
    round_ = link.consultee.round
    if timezone.now() > round_.link_expires_at:
        raise LinkRefused("expired")
    if round_.status != RoundStatus.OPEN:
        raise LinkRefused("closed")
