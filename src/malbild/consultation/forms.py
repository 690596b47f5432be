"""Forms of the consultation pages. They only parse input; the services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.strategy.constants import DecisionKind
from malbild.web.mixins import InstanceForm

from .constants import CommentKind, DispositionKind, Position
from .selectors import comment_anchor_choices, consultable_bodies, frozen_versions

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DecisionFieldsMixin(InstanceForm):
    decision_body = forms.ModelChoiceField(
        label=_("Decided by"), queryset=None, required=False, empty_label=_("(no decision)")
    )
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    decision_paragraph = forms.CharField(label=_("Minute paragraph (§)"), required=False)

    def decision(self) -> dict | None:
        d = self.cleaned_data
        if not d.get("decision_body"):
            return None
        return {
            "body": d["decision_body"],
            "date": d.get("decision_date"),
            "paragraph": d.get("decision_paragraph", ""),
        }


class RoundOpenForm(DecisionFieldsMixin):
    version = forms.ModelChoiceField(
        label=_("Frozen version to send out"),
        queryset=None,
        help_text=_("Freeze the document on its versions page first."),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    instructions = forms.CharField(
        label=_("Instructions to consultees"), widget=forms.Textarea, required=False
    )
    registry_number = forms.CharField(label=_("Registry number (Dnr)"), required=False)
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    reminder_days = forms.IntegerField(
        label=_("Reminder (days before the deadline)"),
        min_value=0,
        max_value=60,
        initial=5,
        required=False,
        help_text=_(
            "Consultees that have not answered get a reminder this many days before "
            "the deadline; 0 sends none."
        ),
    )
    quick = forms.MultipleChoiceField(
        label=_("Add whole groups"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("committees", _("All committees")),
            ("companies", _("All companies")),
            ("associations", _("All associations")),
        ],
    )
    bodies = forms.ModelMultipleChoiceField(
        label=_("Consultees"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = [
        "version",
        "title",
        "instructions",
        "registry_number",
        "sent_on",
        "deadline",
        "reminder_days",
        "decision_body",
        "decision_date",
        "decision_paragraph",
        "quick",
        "bodies",
    ]

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = frozen_versions(access=access)
        self.fields["bodies"].queryset = consultable_bodies(access=access)
        self.fields["decision_body"].queryset = consultable_bodies(access=access)


class ExtendForm(DecisionFieldsMixin):
    new_deadline = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)
    field_order = ["new_deadline", "reason", "decision_body", "decision_date", "decision_paragraph"]

    @staticmethod
    def initial_from(instance) -> dict:
        return {"new_deadline": instance.deadline}

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision_body"].queryset = consultable_bodies(access=access)


class CloseForm(InstanceForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class ConclusionsForm(InstanceForm):
    """The strategist's own words of the summary; the service checks length and whether they
    may still change."""

    assessment = forms.CharField(
        label=_("Assessment"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_(
            "How the responses are assessed as a whole. Markdown: blank line between "
            "paragraphs, - for lists, ## for headings."
        ),
    )
    proposal = forms.CharField(
        label=_("Proposed decision"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("What the strategist proposes the body decides. Markdown, as above."),
    )

    @staticmethod
    def initial_from(instance) -> dict:
        return {"assessment": instance.assessment, "proposal": instance.proposal}


class ConsulteeAddForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = consultable_bodies(access=access)


class ReviseForm(InstanceForm):
    label = forms.CharField(label=_("Label of the revised version"), max_length=200)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False)


class AdoptForm(InstanceForm):
    body = forms.ModelChoiceField(label=_("Decided by"), queryset=None)
    kind = forms.ChoiceField(
        label=_("Kind of decision"),
        choices=[
            (DecisionKind.ADOPTION, DecisionKind.ADOPTION.label),
            (DecisionKind.APPROVAL, DecisionKind.APPROVAL.label),
        ],
        widget=forms.RadioSelect,
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    paragraph = forms.CharField(label=_("Minute paragraph (§)"), required=False)
    registry_number = forms.CharField(label=_("Registry number (Dnr)"), required=False)
    text = forms.CharField(label=_("Decision text"), widget=forms.Textarea, required=False)
    distribution = forms.ModelMultipleChoiceField(
        label=_("Sent to"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = consultable_bodies(access=access)
        self.fields["distribution"].queryset = consultable_bodies(access=access)


RESPONSE_FORM_FIELDS = (
    "position",
    "summary",
    "decision_body",
    "decision_date",
    "decision_paragraph",
    "decision_registry_number",
)


class ResponseForm(InstanceForm):
    position = forms.ChoiceField(
        label=_("Overall position"),
        choices=Position.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Needed before the response can be submitted."),
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    decision_body = forms.CharField(label=_("Decided by (body)"), required=False, max_length=200)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DATE)
    decision_paragraph = forms.CharField(
        label=_("Minute paragraph (§)"), required=False, max_length=20
    )
    decision_registry_number = forms.CharField(
        label=_("Registry number (Dnr)"), required=False, max_length=60
    )

    @staticmethod
    def initial_from(instance) -> dict:
        return {name: getattr(instance, name) for name in RESPONSE_FORM_FIELDS}


class CommentForm(InstanceForm):
    item_uid = forms.ChoiceField(
        label=_("Concerns"),
        required=False,
        help_text=_(
            "The document as a whole, one of its sections, or a focus area, goal, indicator or "
            "activity — including those it inherits from the documents above it."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CommentKind.choices)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea)
    proposed_wording = forms.CharField(
        label=_("Proposed wording"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item_uid"].choices = comment_anchor_choices(version=version)

    @staticmethod
    def initial_from(instance) -> dict:
        return {
            "item_uid": instance.item_uid,
            "kind": instance.kind,
            "text": instance.text,
            "proposed_wording": instance.proposed_wording,
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attachment"),
        help_text=_("PDF, Word (DOCX) or OpenDocument text (ODT)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), widget=forms.Textarea, required=False)


class DispositionForm(InstanceForm):
    kind = forms.ChoiceField(
        label=_("Disposition"), choices=DispositionKind.choices, widget=forms.RadioSelect
    )
    motivation = forms.CharField(label=_("Motivation"), widget=forms.Textarea)
    changed_item_uids = forms.MultipleChoiceField(
        label=_("Items changed because of the comment"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, item_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["changed_item_uids"].choices = item_choices

    @staticmethod
    def initial_from(instance) -> dict:
        return {
            "kind": instance.kind,
            "motivation": instance.motivation,
            "changed_item_uids": instance.changed_item_uids,
        }
