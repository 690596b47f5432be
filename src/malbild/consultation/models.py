"""The consultation round (remiss): a frozen document version sent to consultees, their
responses with comments anchored to items of that version, attachments, secret links for
external bodies, deadline extensions and the strategist's disposition of each comment.

See docs/adr/0004-consultation.md."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from malbild.core.models import OrganisationOwnedModel
from malbild.web.formatting import number

from .constants import (
    CommentKind,
    DispositionKind,
    Position,
    ResponseStatus,
    RoundStatus,
    Via,
)

#: The longest assessment or proposed decision a round takes (characters of Markdown).
CONCLUSION_MAX_LENGTH = 20000


def link_grace_days() -> int:
    return int(getattr(settings, "MALBILD_CONSULTATION_LINK_GRACE_DAYS", 14))


class ConsultationRound(OrganisationOwnedModel):
    document = models.ForeignKey(
        "strategy.SteeringDocument",
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        related_name="consultation_rounds",
    )
    version = models.ForeignKey(
        "strategy.DocumentVersion",
        verbose_name=_("consulted version"),
        on_delete=models.PROTECT,
        related_name="consultation_rounds",
    )
    revised_version = models.ForeignKey(
        "strategy.DocumentVersion",
        verbose_name=_("revised version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revised_by_rounds",
    )
    title = models.CharField(_("title"), max_length=300)
    instructions = models.TextField(_("instructions to consultees"), blank=True)
    registry_number = models.CharField(_("registry number (Dnr)"), max_length=60, blank=True)
    decision = models.ForeignKey(
        "strategy.Decision",
        verbose_name=_("decision to send out"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_rounds",
    )
    adoption_decision = models.ForeignKey(
        "strategy.Decision",
        verbose_name=_("adoption decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_rounds",
    )
    sent_on = models.DateField(_("sent on"))
    original_deadline = models.DateField(_("original deadline"))
    deadline = models.DateField(_("deadline"))
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the deadline)"),
        default=5,
        help_text=_(
            "Consultees that have not answered get a reminder this many days before "
            "the deadline; 0 sends none."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    close_note = models.TextField(_("note on closing"), blank=True)
    # The strategist's own words in the summary (Markdown), editable until the adoption
    # decision is recorded (see services.consultation_round_conclusions_update).
    assessment = models.TextField(_("assessment"), blank=True)
    proposal = models.TextField(_("proposed decision"), blank=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def conclusions_editable(self) -> bool:
        """The assessment and proposed decision may change until the adoption decision is
        recorded; after that they are part of what was decided on."""
        return self.adoption_decision_id is None

    @property
    def link_expires_at(self) -> datetime.datetime:
        """Secret links work until the end of the day `deadline + grace` (local time)."""
        last_day = self.deadline + datetime.timedelta(days=link_grace_days())
        end = datetime.datetime.combine(last_day, datetime.time.max)
        return timezone.make_aware(end)

    def clean(self) -> None:
        errors = {}
        if self.version_id and self.document_id and self.version.document_id != self.document_id:
            errors["version"] = _("The version belongs to another document.")
        if self.deadline and self.sent_on and self.deadline < self.sent_on:
            errors["deadline"] = _("The deadline cannot be before the day the round is sent out.")
        if (
            self.revised_version_id
            and self.version_id
            and (
                self.revised_version.document_id != self.version.document_id
                or self.revised_version.number <= self.version.number
            )
        ):
            errors["revised_version"] = _(
                "The revised version must be a later version of the same document."
            )
        if len(self.assessment or "") > CONCLUSION_MAX_LENGTH:
            errors["assessment"] = _(
                "The assessment can be at most %(n)s characters long (it has %(length)s)."
            ) % {"n": number(CONCLUSION_MAX_LENGTH), "length": number(len(self.assessment))}
        if len(self.proposal or "") > CONCLUSION_MAX_LENGTH:
            errors["proposal"] = _(
                "The proposed decision can be at most %(n)s characters long (it has %(length)s)."
            ) % {"n": number(CONCLUSION_MAX_LENGTH), "length": number(len(self.proposal))}
        if errors:
            raise ValidationError(errors)


class DeadlineExtension(OrganisationOwnedModel):
    """Every extension is kept: from which deadline to which, why, and by which decision."""

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="extensions"
    )
    previous_deadline = models.DateField(_("previous deadline"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    decision = models.ForeignKey(
        "strategy.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consultation_extensions",
    )

    class Meta:
        ordering = ["round", "created_at", "id"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self) -> str:
        return f"{self.previous_deadline} → {self.new_deadline}"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for the extension.")})
        if (
            self.new_deadline
            and self.previous_deadline
            and (self.new_deadline <= self.previous_deadline)
        ):
            raise ValidationError(
                {"new_deadline": _("The new deadline must be later than the current one.")}
            )


class Consultee(OrganisationOwnedModel):
    """A body asked to respond (remissinstans)."""

    round = models.ForeignKey(
        ConsultationRound, on_delete=models.CASCADE, related_name="consultees"
    )
    body = models.ForeignKey(
        "organisation.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["round", "body__name", "id"]
        verbose_name = _("consultee")
        verbose_name_plural = _("consultees")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "round", "body"], name="uniq_consultee_per_round"
            )
        ]

    def __str__(self) -> str:
        return str(self.body)


class SecretLink(OrganisationOwnedModel):
    """A personal link for one consultee. Only the SHA-256 of the token is stored."""

    PREFIX = "rm_"

    consultee = models.ForeignKey(Consultee, on_delete=models.CASCADE, related_name="links")
    # Unique within the organisation (ADR 0029: distributable); a link is opened by its token
    # alone, through the index on token_hash (the token is 256 random bits).
    token_hash = models.CharField(max_length=64, db_index=True, editable=False)
    email = models.EmailField(
        _("recipient's e-mail address"),
        blank=True,
        help_text=_("The invitation with the link is e-mailed here; reminders too."),
    )
    language = models.CharField(
        _("language of e-mail"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("The language of the e-mail to the link's recipient address."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["consultee", "-created_at", "-id"]
        verbose_name = _("secret link")
        verbose_name_plural = _("secret links")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "token_hash"], name="uniq_secret_link_token_hash"
            )
        ]

    def __str__(self) -> str:
        return f"{self.consultee} #{self.pk}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class Response(OrganisationOwnedModel):
    """One submission (remissvar) of a consultee. A correction is a new row with a higher
    number; the submission it replaces is kept as `superseded`."""

    consultee = models.ForeignKey(Consultee, on_delete=models.CASCADE, related_name="responses")
    number = models.PositiveIntegerField(_("submission"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    position = models.CharField(
        _("overall position"), max_length=30, choices=Position.choices, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    decision_body = models.CharField(_("decided by (body)"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(_("minute paragraph (§)"), max_length=20, blank=True)
    decision_registry_number = models.CharField(
        _("registry number (Dnr)"), max_length=60, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)
    via = models.CharField(_("submitted via"), max_length=20, choices=Via.choices, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    class Meta:
        ordering = ["consultee", "number"]
        verbose_name = _("consultation response")
        verbose_name_plural = _("consultation responses")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "consultee", "number"],
                name="uniq_response_number_per_consultee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultee} #{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == ResponseStatus.DRAFT

    @property
    def decision_reference(self) -> str:
        paragraph = (self.decision_paragraph or "").strip()
        if paragraph and not paragraph.startswith("§"):
            paragraph = f"§ {paragraph}"
        parts = [
            self.decision_body,
            self.decision_date.isoformat() if self.decision_date else "",
            paragraph,
        ]
        ref = " ".join(p for p in parts if p)
        if self.decision_registry_number:
            ref = (
                f"{ref}, Dnr {self.decision_registry_number}"
                if ref
                else (f"Dnr {self.decision_registry_number}")
            )
        return ref


class Comment(OrganisationOwnedModel):
    """A comment anchored to an item (uid) of the consulted version, or to the whole
    document (empty `item_uid`). Type and label are copied from the frozen snapshot; for an
    item the version inherits from a document above it (a focus area, goal or overall goal of
    the strategy a plan implements) `item_source` keeps that document's title."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="comments")
    order = models.PositiveIntegerField(_("order"), default=0)
    item_uid = models.CharField(_("concerns"), max_length=36, blank=True)
    item_type = models.CharField(max_length=20, blank=True)
    item_label = models.CharField(max_length=500, blank=True)
    item_source = models.CharField(_("inherited from"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CommentKind.choices)
    text = models.TextField(_("comment"))
    proposed_wording = models.TextField(_("proposed wording"), blank=True)

    class Meta:
        ordering = ["response", "order", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.response.consultee}: {self.text[:60]}"

    @property
    def anchor_display(self) -> str:
        """What the comment concerns, as shown ("" for the document as a whole)."""
        if self.item_label and self.item_source:
            return _("%(label)s (inherited from “%(source)s”)") % {
                "label": self.item_label,
                "source": self.item_source,
            }
        return self.item_label

    def clean(self) -> None:
        if not (self.text or "").strip():
            raise ValidationError({"text": _("Write the comment.")})


class Disposition(OrganisationOwnedModel):
    """How the strategist handled one comment, with the items changed because of it."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="disposition")
    kind = models.CharField(_("disposition"), max_length=20, choices=DispositionKind.choices)
    motivation = models.TextField(_("motivation"))
    changed_item_uids = models.JSONField(_("changed items"), default=list, blank=True)

    class Meta:
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.comment}"

    def clean(self) -> None:
        if not (self.motivation or "").strip():
            raise ValidationError({"motivation": _("Give the motivation.")})


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A generated name: the uploaded name never becomes part of the stored path."""
    ext = {"pdf": "pdf", "docx": "docx", "odt": "odt"}.get(instance.file_type, "bin")
    return f"consultation/{instance.organisation_id}/{uuid.uuid4().hex}.{ext}"


class Attachment(OrganisationOwnedModel):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    file_type = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["response", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "odt": "application/vnd.oasis.opendocument.text",
        }.get(self.file_type, "application/octet-stream")
