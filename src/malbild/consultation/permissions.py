"""Who may do what in a consultation round.

- Strategists and administrators (`Access.can_edit_documents`) run rounds, record dispositions,
  and may register a response on a body's behalf (e.g. one that arrived by post).
- Respondents (`Access.respondent_body_ids`) and holders of a consultee's secret link act only
  for that consultee's response.
- Readers see the overview; submitted responses become readable to them once the round is
  closed. Drafts are visible only to those who may write them.
"""

from dataclasses import dataclass

from malbild.core.access import Access

from .constants import ResponseStatus, RoundStatus, Via


@dataclass(frozen=True)
class Responder:
    """The one acting on a response: a logged-in user's `Access` or a secret link."""

    access: Access | None = None
    link: object = None  # SecretLink

    @property
    def user(self):
        return self.access.user if self.access is not None else None

    def can_respond_for(self, consultee) -> bool:
        if self.link is not None:
            return self.link.consultee_id == consultee.pk
        if self.access is None or self.access.organisation is None:
            return False
        if consultee.organisation_id != self.access.organisation.pk:
            return False
        return (
            self.access.can_edit_documents or consultee.body_id in self.access.respondent_body_ids
        )

    def via_for(self, consultee) -> str:
        if self.link is not None:
            return Via.LINK
        if self.access is not None and consultee.body_id in self.access.respondent_body_ids:
            return Via.ACCOUNT
        return Via.REGISTRAR


def can_manage_rounds(access: Access) -> bool:
    return access.can_edit_documents


def can_see_round(access: Access, consultee_body_ids) -> bool:
    """Readers see every round; respondents only rounds where one of their bodies is asked."""
    return access.can_read or bool(set(consultee_body_ids) & set(access.respondent_body_ids))


def can_read_response(access: Access, response, round_status: str) -> bool:
    body_id = response.consultee.body_id
    if access.can_edit_documents or body_id in access.respondent_body_ids:
        return True
    return (
        access.can_read
        and round_status == RoundStatus.CLOSED
        and response.status in (ResponseStatus.SUBMITTED, ResponseStatus.SUPERSEDED)
    )


def can_see_conclusions(access: Access | None, round_) -> bool:
    """The assessment and proposed decision are part of the summary: strategists see them at
    any time, readers once the round is closed, consultees as such never (a link holder has
    no `Access`)."""
    if access is None:
        return False
    return can_manage_rounds(access) or (access.can_read and round_.status == RoundStatus.CLOSED)
