"""The document's publication on the public portal as its page shows it to administrators
(whoever may change the portal): whether it is published, what a publication shows (the
adopted version, its closed follow-ups and closed consultation rounds), the last change in
words, and the form that changes it.

The portal (malbild.portal, docs/adr/0016) sits above strategy and owns the publication:
strategy reads its state only through the reverse relations declared on strategy's and the
organisation's models (`document.publication`, `organisation.portal`), the follow-ups and
rounds through `document.followup_periods` and `document.consultation_rounds`, and the form
posts to the portal by URL name (`portal:document-publication`), whose service changes it and
invalidates the public pages' caches. Never an import of the portal."""

from django.core.exceptions import ObjectDoesNotExist

from malbild.core.events import event_label
from malbild.core.selectors import audit_history

from ..constants import DocumentStatus

#: The state of a closed follow-up period and of a closed consultation round
#: (followup.constants.PeriodStatus.CLOSED, consultation.constants.RoundStatus.CLOSED).
CLOSED = "closed"


def public_version(document, versions: list):
    """The version a publication shows, by the portal's rule: the adopted version, else (a
    document adopted without a decided version) the newest version frozen while adopted;
    None when nothing can be published. From the page's version list: no query."""
    if document.adopted_version_id:
        return next((v for v in versions if v.pk == document.adopted_version_id), None)
    if document.status != DocumentStatus.ADOPTED:
        return None
    frozen = [v for v in versions if v.status_at_freeze == DocumentStatus.ADOPTED]
    return max(frozen, key=lambda v: v.number, default=None)


def _reverse_one(instance, name: str):
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


def publication_state(*, document, organisation, access, versions: list) -> dict:
    """`publication` for the document page: None unless `access` is an administrator's; else
    {published, portal_on, version, periods, rounds, last_change}. Five queries at most,
    whatever the number of periods and rounds."""
    if not access.is_admin:
        return {"publication": None}
    publication = _reverse_one(document, "publication")
    portal = _reverse_one(organisation, "portal")
    periods = list(
        document.followup_periods.filter(status=CLOSED, snapshot__isnull=False).order_by(
            "end", "start", "pk"
        )
    )
    rounds = list(document.consultation_rounds.filter(status=CLOSED).order_by("sent_on", "pk"))
    last = None
    if publication is not None:
        entry = audit_history(instance=publication, limit=1)
        entry = entry[0] if entry else None
        if entry is not None:
            last = {
                "what": event_label(entry.event, model_label=entry.model, action=entry.action),
                "by": entry.actor,
                "at": entry.created_at,
            }
    return {
        "publication": {
            "published": bool(publication and publication.published),
            "portal_on": bool(portal and portal.enabled),
            "version": public_version(document, versions),
            "periods": periods,
            "rounds": rounds,
            "last_change": last,
        }
    }
