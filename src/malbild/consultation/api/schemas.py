"""Request and response schemas of the consultation API; the `…StateOut` ones are the
representations of a 409 answer's `current` (registered with `representation`).
"""

import datetime as dt

from ninja import Field, Schema

from malbild.api.utils import InputSchema, RowSchema, representation

from ..models import Comment, ConsultationRound, Disposition, Response


class RoundDecisionIn(InputSchema):
    body_id: int
    date: dt.date
    paragraph: str = ""


class RoundIn(InputSchema):
    version_id: int = Field(..., description="A frozen version of a draft document")
    title: str
    instructions: str = ""
    registry_number: str = ""
    sent_on: dt.date | None = None
    deadline: dt.date
    reminder_days: int = Field(
        5, ge=0, le=60, description="Reminder to those who have not answered, days before"
    )
    body_ids: list[int] = Field(default_factory=list, description="Consultees (bodies)")
    quick: list[str] = Field(
        default_factory=list, description="Whole groups: committees, companies, associations"
    )
    decision: RoundDecisionIn | None = Field(None, description="The decision to send it out")


class ExtensionIn(InputSchema):
    new_deadline: dt.date
    reason: str
    decision: RoundDecisionIn | None = None


class CloseIn(InputSchema):
    note: str = ""


class ReviseIn(InputSchema):
    label: str = ""
    note: str = ""


class AdoptIn(InputSchema):
    body_id: int
    kind: str = Field("adoption", description="adoption or approval")
    date: dt.date
    paragraph: str = ""
    registry_number: str = ""
    text: str = ""
    distribution_ids: list[int] = Field(default_factory=list)


class ConclusionsIn(InputSchema):
    """The strategist's own words of the summary (Markdown); a field left out stays as it is."""

    assessment: str | None = Field(None, description="Assessment (bedömning), Markdown")
    proposal: str | None = Field(None, description="Proposed decision (förslag till beslut)")


class ConsulteeIn(InputSchema):
    body_id: int


class LinkIn(InputSchema):
    email: str = Field(
        "", description="Optional: the link is e-mailed here (the invitation), and reminders"
    )
    language: str = Field(
        "", description="Language of the e-mail to `email`: sv (the default) or en"
    )


class LinkLanguageIn(InputSchema):
    language: str = Field(..., description="Language of the e-mail to the link's address: sv or en")


class ResponseIn(InputSchema):
    position: str = Field("", description="supports, supports_with_changes, opposes, no_opinion")
    summary: str = ""
    decision_body: str = ""
    decision_date: dt.date | None = None
    decision_paragraph: str = ""
    decision_registry_number: str = ""


class CommentIn(InputSchema):
    item_uid: str = Field(
        "",
        description="uid of a section, an item or an inherited focus area, goal or overall goal "
        "of the consulted version (see `…/anchors`); '' = the document as a whole",
    )
    kind: str = Field(..., description="add, change, remove, question, other")
    text: str
    proposed_wording: str = ""


class DeclineIn(InputSchema):
    reason: str = ""


class DispositionIn(InputSchema):
    kind: str = Field(..., description="accepted, partly_accepted, not_accepted, noted")
    motivation: str
    changed_item_uids: list[str] = Field(default_factory=list)


@representation(Disposition)
class DispositionOut(RowSchema):
    kind: str
    motivation: str
    changed_item_uids: list[str]
    lock_version: int


class CommentOut(RowSchema):
    id: int
    item_uid: str
    item_type: str
    item_label: str
    item_source: str = Field(
        ..., description="Title of the document above it the item is inherited from, or ''"
    )
    kind: str
    text: str
    proposed_wording: str
    lock_version: int
    disposition: DispositionOut | None = None


@representation(Comment)
class CommentStateOut(Schema):
    """A comment as saved now (the `current` of a 409 answer)."""

    id: int
    item_uid: str
    kind: str
    text: str
    proposed_wording: str
    lock_version: int


class AttachmentOut(RowSchema):
    id: int
    original_name: str
    file_type: str
    size: int
    sha256: str


class ResponseOut(Schema):
    id: int
    number: int
    status: str
    position: str
    summary: str
    decision_body: str
    decision_date: dt.date | None
    decision_paragraph: str
    decision_registry_number: str
    submitted_at: dt.datetime | None
    is_late: bool
    via: str
    lock_version: int
    comments: list[CommentOut]
    attachments: list[AttachmentOut]


@representation(Response)
class ResponseStateOut(Schema):
    """A response as saved now (the `current` of a 409 answer)."""

    id: int
    number: int
    status: str
    position: str
    summary: str
    decision_body: str
    decision_date: dt.date | None
    decision_paragraph: str
    decision_registry_number: str
    lock_version: int


class ConsulteeOut(Schema):
    id: int
    body_id: int
    body_name: str
    state: str
    started_at: dt.datetime | None
    submitted_at: dt.datetime | None
    declined_at: dt.datetime | None
    comment_count: int = 0
    handled_count: int = 0


class ExtensionOut(Schema):
    previous_deadline: dt.date
    new_deadline: dt.date
    reason: str
    decision: str | None


class RoundOut(Schema):
    id: int
    title: str
    status: str
    document_id: int
    document_title: str
    version_id: int
    version_number: int
    revised_version_id: int | None
    instructions: str
    registry_number: str
    decision: str | None
    adoption_decision: str | None
    sent_on: dt.date
    original_deadline: dt.date
    deadline: dt.date
    reminder_days: int
    closed_at: dt.datetime | None
    assessment: str | None = Field(
        ...,
        description="The strategist's assessment (Markdown); null for callers who may not "
        "see the summary yet (readers while the round is open, consultees)",
    )
    proposal: str | None = Field(
        ..., description="The proposed decision (Markdown); null as for `assessment`"
    )
    conclusions_editable: bool = Field(
        ..., description="Whether the two texts may still change (no adoption decision yet)"
    )
    lock_version: int


@representation(ConsultationRound)
class RoundStateOut(Schema):
    """A round as saved now (the `current` of a 409 answer)."""

    id: int
    title: str
    status: str
    deadline: dt.date
    closed_at: dt.datetime | None
    lock_version: int


class RoundDetailOut(RoundOut):
    consultees: list[ConsulteeOut]
    waiting: list[str]
    extensions: list[ExtensionOut]
    comment_total: int
    handled_total: int


class MyConsulteeOut(Schema):
    consultee: ConsulteeOut
    round: RoundOut
    responses: list[ResponseOut]
    can_write: bool
    lock_version: int | None = Field(
        None, description="Version of the draft (its ETag; send it as If-Match when saving)"
    )


class LinkOut(Schema):
    id: int
    token: str = Field(..., description="Shown once; only its hash is stored")
    url: str = Field(..., description="Opens the response form")
    version_url: str = Field(..., description="Opens the consulted version to read and download")
    invitation: str = Field(..., description="A ready e-mail text with both links")
    expires_at: dt.datetime
    email: str = Field("", description="Where the invitation was e-mailed (empty: nowhere)")
    language: str = Field(..., description="Language of the e-mail to `email`: sv or en")


class LinkStateOut(Schema):
    """A secret link as it stands (never its token)."""

    id: int
    email: str = Field("", description="Where the invitation was e-mailed (empty: nowhere)")
    language: str = Field(..., description="Language of the e-mail to `email`: sv or en")
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    lock_version: int = Field(..., description="The version to send as If-Match (also the ETag)")


class DetailOut(Schema):
    detail: str


class SubmittedCommentOut(CommentOut):
    """A submitted comment with the consultee that made it."""

    consultee: str = Field(..., description="Name of the consulted body")
    consultee_id: int


class SummaryCommentOut(CommentOut):
    consultee: str = Field(..., description="Name of the consulted body")


class SummaryConsulteeOut(Schema):
    body: str
    state: str
    submitted_at: dt.datetime | None
    position: str | None


class SummaryItemOut(Schema):
    """An item with comments; its comments are those of `…/comments` with its `item_uid`."""

    uid: str | None = Field(..., description="Stable id of the item; null for the whole document")
    type: str
    label: str
    comment_count: int
    handled_count: int = Field(..., description="Comments with a disposition")
    not_accepted_count: int


class SummaryChangeOut(Schema):
    uid: str
    type: str
    label: str
    change: str
    fields: list[str]
    comment_ids: list[int]


class SummaryResponseOut(ResponseOut):
    body: str = Field(..., description="Name of the consulted body")


class SummaryOut(Schema):
    """The consultation summary (samrådsredogörelse) as data."""

    round: RoundOut
    extensions: list[ExtensionOut]
    consultees: list[SummaryConsulteeOut]
    positions: dict[str, int] = Field(..., description="Number of responses per position")
    items: list[SummaryItemOut] = Field(
        ..., description="Items with comments in document order; the comments: `…/comments`"
    )
    comment_count: int
    handled_count: int
    not_accepted_count: int = Field(..., description="Points not accepted: `…/not-accepted`")
    response_count: int = Field(..., description="Responses you may read: `…/responses`")
    changes: list[SummaryChangeOut]
    revised_is_working_copy: bool
    assessment: str = Field(..., description="The strategist's assessment (Markdown)")
    proposal: str = Field(..., description="The proposed decision (Markdown)")


class CommentAnchorOut(Schema):
    """A place of the consulted version a comment may be anchored to."""

    uid: str = Field(..., description="'' = the document as a whole")
    type: str = Field(..., description="section, overall_goal, focus_area, goal, indicator, …")
    type_label: str
    label: str
    group: str = Field(..., description="document, sections, inherited or own")
    inherited: bool
    source: str = Field(..., description="Title of the document it is inherited from, or ''")
