"""The e-mail of a consultation round (remiss), sent through the outbox (malbild.notifications)
by the services where each event happens, inside their transaction:

- `consultation.invitation`: a round is opened or a consultee added → every respondent
  account of the consultee's body, with the deadline, the response page, the consulted
  version and the deadline as a calendar file (.ics, attached and linked);
- `consultation.link_invitation`: a secret link is issued with a recipient address → that
  address, in the language chosen for it, with the personal link (a one-time secret:
  `sensitive`, always at once) and the deadline attached as a calendar file (which holds no
  link: the personal link is erased from the outbox once sent, the file is not);
- `consultation.reminder`: `reminder_days` before the deadline → consultees that have not
  answered (run by `malbild send_reminders`, once per consultee and deadline);
- `consultation.extended`: the deadline was extended → consultees that have not answered,
  with the new deadline attached as a calendar file (the same event, so a calendar that
  imported the invitation's moves it);
- `consultation.receipt`: a response was submitted → the consultee (its respondents and the
  address of the link it came through);
- `consultation.response_received` and `consultation.late` (default: in the daily digest) →
  the organisation's strategists and administrators: each response as it arrives, and the
  day after the deadline who has not answered.

Respondents with an account are found through their role (respondent for the body); a
consultee without accounts is reached through the addresses of its active secret links, each
in the language the strategist chose for it (`SecretLink.language`)."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from malbild.accounts.constants import Role
from malbild.accounts.recipients import strategists, users_for_bodies
from malbild.notifications.constants import Delivery
from malbild.notifications.kinds import register_kind
from malbild.notifications.services import (
    Attachment,
    absolute_url,
    mark_once,
    notify,
    notify_all,
)
from malbild.organisation.models import Organisation

from . import exports
from .constants import ResponseStatus, RoundStatus
from .models import ConsultationRound, Consultee, SecretLink

#: The kinds that carry the deadline as a calendar file.
CALENDAR_KINDS = {"consultation.invitation", "consultation.extended"}

KINDS = {
    "consultation.invitation": _("Invitation to respond to a consultation"),
    "consultation.reminder": _("Reminder of a consultation deadline"),
    "consultation.extended": _("A consultation deadline was extended"),
    "consultation.receipt": _("Receipt of a submitted consultation response"),
    "consultation.response_received": _("A consultation response was received"),
    "consultation.late": _("Consultees that have not answered by the deadline"),
}
DIGEST_KINDS = {"consultation.response_received", "consultation.late"}


def register() -> None:
    for key, label in KINDS.items():
        register_kind(
            key,
            label=label,
            template=f"consultation/mail/{key.split('.', 1)[1]}",
            default=Delivery.DIGEST if key in DIGEST_KINDS else Delivery.IMMEDIATE,
        )
    register_kind(
        "consultation.link_invitation",
        label=_("Invitation to respond to a consultation (personal link)"),
        template="consultation/mail/link_invitation",
        configurable=False,
        sensitive=True,
    )


def _paths(round_: ConsultationRound, consultee: Consultee) -> dict[str, str]:
    kwargs = {"org": round_.organisation.slug, "pk": round_.pk, "cid": consultee.pk}
    return {
        "response": reverse("consultation:response", kwargs=kwargs),
        "version": reverse("consultation:version", kwargs=kwargs),
        "ics": reverse("consultation:consultee-ics", kwargs=kwargs),
    }


def _round_path(round_: ConsultationRound) -> str:
    return reverse(
        "consultation:round-detail", kwargs={"org": round_.organisation.slug, "pk": round_.pk}
    )


def _context(round_: ConsultationRound, consultee: Consultee | None = None, **extra) -> dict:
    return {
        "round": round_,
        "document": round_.document,
        "version": round_.version,
        "deadline": round_.deadline,
        "consultee": consultee,
        "body": consultee.body if consultee else None,
        **extra,
    }


def _respondents(round_: ConsultationRound, consultees: list[Consultee]) -> dict[int, list]:
    return users_for_bodies(
        organisation=round_.organisation_id,
        role=Role.RESPONDENT,
        body_ids=[c.body_id for c in consultees],
    )


def calendar(round_: ConsultationRound, links: tuple[tuple[str, str], ...] = ()):
    """The attachments of a message with the deadline: the round's .ics (rendered when called,
    in the recipient's language), with `links` — (label, address) pairs, the labels as
    gettext_lazy strings so they follow that language — written into the event."""

    def attachments() -> list[Attachment]:
        pairs = tuple((str(label), address) for label, address in links)
        return [
            Attachment(
                filename=f"remiss-{round_.pk}.ics",
                content=exports.deadline_ics(round=round_, links=pairs),
                mimetype="text/calendar",
            )
        ]

    return attachments


def _link_addresses(consultees: list[Consultee]) -> dict[int, list[tuple[str, str]]]:
    """consultee id → (address, language) of its active secret links (each address once, in
    the language of its newest link)."""
    result: dict[int, list[tuple[str, str]]] = {}
    links = (
        SecretLink.objects.filter(consultee__in=consultees, revoked_at__isnull=True)
        .exclude(email="")
        .order_by("-created_at", "-pk")
    )
    for link in links:
        addresses = result.setdefault(link.consultee_id, [])
        if link.email.lower() not in {a.lower() for a, _language in addresses}:
            addresses.append((link.email, link.language))
    for addresses in result.values():
        addresses.reverse()  # the oldest first, as the links were issued
    return result


def _to_consultees(
    kind: str,
    round_: ConsultationRound,
    consultees: list[Consultee],
    *,
    links: bool = True,
    **extra,
) -> list:
    """`kind` to each consultee: its respondent accounts (linked to their response page) and,
    with `links`, the addresses of its secret links (linked to nothing: the personal link is
    in their invitation and is not stored)."""
    respondents = _respondents(round_, consultees)
    addresses = _link_addresses(consultees) if links else {}
    with_calendar = kind in CALENDAR_KINDS
    messages = []
    for consultee in consultees:
        paths = _paths(round_, consultee)
        context = _context(
            round_,
            consultee,
            version_url=absolute_url(paths["version"]),
            ics_url=absolute_url(paths["ics"]),
            **extra,
        )
        event_links = (
            (_("Response"), absolute_url(paths["response"])),
            (_("The consulted version"), context["version_url"]),
        )
        messages += notify_all(
            kind=kind,
            recipients=respondents.get(consultee.body_id, []),
            organisation=round_.organisation,
            context=context,
            path=paths["response"],
            attachments=calendar(round_, event_links) if with_calendar else None,
        )
        link_context = {**context, "version_url": "", "ics_url": "", "via_link": True}
        for address, language in addresses.get(consultee.pk, []):
            message = notify(
                kind=kind,
                to=address,
                organisation=round_.organisation,
                context=link_context,
                language=language,
                attachments=calendar(round_) if with_calendar else None,
            )
            if message is not None:
                messages.append(message)
    return messages


def invite(round_: ConsultationRound, consultees: list[Consultee]) -> list:
    """The invitation to the respondent accounts of `consultees` (round opened, consultee
    added). Secret-link holders are invited when their link is issued (`invite_link`)."""
    return _to_consultees("consultation.invitation", round_, consultees, links=False)


def invite_link(link: SecretLink, raw: str):
    """The invitation with the personal link `raw` to the link's recipient address."""
    consultee = link.consultee
    round_ = consultee.round
    token = {"org": round_.organisation.slug, "token": raw}
    return notify(
        kind="consultation.link_invitation",
        to=link.email,
        organisation=round_.organisation,
        context=_context(
            round_,
            consultee,
            version_url=absolute_url(reverse("consultation:link-enter-version", kwargs=token)),
        ),
        path=reverse("consultation:link-enter", kwargs=token),
        language=link.language,
        attachments=calendar(round_),
    )


def unanswered(round_: ConsultationRound) -> list[Consultee]:
    """The round's consultees that have neither submitted a response nor declined."""
    return list(
        Consultee.objects.filter(round=round_, declined_at__isnull=True)
        .exclude(
            responses__status__in=[ResponseStatus.SUBMITTED, ResponseStatus.SUPERSEDED],
        )
        .select_related("body")
        .order_by("body__name", "pk")
    )


def extended(round_: ConsultationRound, previous: datetime.date) -> list:
    """The new deadline to every consultee that has not answered."""
    return _to_consultees(
        "consultation.extended", round_, unanswered(round_), previous_deadline=previous
    )


def receipt(response, link: SecretLink | None = None) -> list:
    """The receipt of a submitted response to the consultee; the strategists are told too
    (`consultation.response_received`, by default in their daily digest)."""
    consultee = response.consultee
    round_ = consultee.round
    paths = _paths(round_, consultee)
    context = _context(round_, consultee, response=response)
    messages = notify_all(
        kind="consultation.receipt",
        recipients=_respondents(round_, [consultee]).get(consultee.body_id, []),
        organisation=round_.organisation,
        context=context,
        path=paths["response"],
    )
    if link is not None and link.email:
        messages.append(
            notify(
                kind="consultation.receipt",
                to=link.email,
                organisation=round_.organisation,
                context={**context, "via_link": True},
                language=link.language,
            )
        )
    messages += notify_all(
        kind="consultation.response_received",
        recipients=strategists(organisation=round_.organisation_id),
        organisation=round_.organisation,
        context=context,
        path=_round_path(round_),
    )
    return messages


def send_reminders(today: datetime.date) -> int:
    """Every open round: the reminder `reminder_days` before the deadline (until the
    deadline) to each consultee that has not answered, and the day after the deadline the
    list of those who have not answered to the strategists. Each once per deadline (an
    extension starts them over). Returns the number of messages queued."""
    count = 0
    for organisation in Organisation.objects.order_by("pk"):
        rounds = (
            ConsultationRound.objects.for_org(organisation)
            .filter(status=RoundStatus.OPEN)
            .select_related("organisation", "document", "version")
            .order_by("pk")
        )
        for round_ in rounds:
            count += round_reminders(round_, today)
    return count


def round_reminders(round_: ConsultationRound, today: datetime.date) -> int:
    """The reminders and the late notice of one round that are due on `today` (each once)."""
    count = 0
    with transaction.atomic():
        waiting = unanswered(round_)
        first_day = round_.deadline - datetime.timedelta(days=round_.reminder_days)
        if round_.reminder_days and first_day <= today <= round_.deadline:
            due = [
                c
                for c in waiting
                if mark_once(f"consultation.reminder:{round_.pk}:{c.pk}:{round_.deadline}")
            ]
            count += len(_to_consultees("consultation.reminder", round_, due))
        late_key = f"consultation.late:{round_.pk}:{round_.deadline}"
        if today > round_.deadline and waiting and mark_once(late_key):
            count += len(
                notify_all(
                    kind="consultation.late",
                    recipients=strategists(organisation=round_.organisation_id),
                    organisation=round_.organisation,
                    context=_context(round_, waiting=waiting),
                    path=_round_path(round_),
                )
            )
    return count
