"""Forms of the case pages. Choices (bodies, documents, decisions) come from the user's
organisation; the views hand the cleaned data to cases/services.py, which validates again,
checks the permission and audits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.organisation.models import Body
from malbild.strategy.constants import DecisionKind
from malbild.strategy.models import Decision, SteeringDocument

from . import selectors
from .constants import CaseStatus, Outcome
from .fields import ASSIGNMENT_FIELDS, CASE_FIELDS, MOTION_FIELDS, PROPOSAL_FIELDS
from .models import Assignment, Case, CaseDecision, Motion, Proposal

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScopedModelForm(forms.ModelForm):
    """A model form whose bodies, documents and decisions are the organisation's."""

    def __init__(self, *args, access, case=None, **kwargs):
        self.access = access
        self.case = case
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if queryset.model is Body:
                field.queryset = Body.objects.for_access(access).order_by("name", "id")
            elif queryset.model is SteeringDocument:
                field.queryset = SteeringDocument.objects.for_access(access).order_by("title")
            elif queryset.model is Decision:
                field.queryset = Decision.objects.for_access(access).select_related("body")
                field.queryset = field.queryset.order_by("-date", "-id")
            if isinstance(field, forms.ModelChoiceField) and not isinstance(
                field, forms.ModelMultipleChoiceField
            ):
                field.empty_label = _("Choose…") if field.required else _("(none)")


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All cases")), *CaseStatus.choices], required=False
    )
    q = forms.CharField(label=_("Registry number or title"), required=False, max_length=100)

    def filters(self) -> dict:
        if self.is_valid():
            return {"status": self.cleaned_data["status"] or None, "q": self.cleaned_data["q"]}
        return {"status": None, "q": None}


class CaseForm(ScopedModelForm):
    class Meta:
        model = Case
        fields = list(CASE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "documents": forms.CheckboxSelectMultiple,
        }


class MotionForm(ScopedModelForm):
    class Meta:
        model = Motion
        fields = list(MOTION_FIELDS)
        widgets = {
            "date": DATE,
            "request": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 6}),
        }


class AssignmentForm(ScopedModelForm):
    class Meta:
        model = Assignment
        fields = list(ASSIGNMENT_FIELDS)
        widgets = {
            "date": DATE,
            "due_date": DATE,
            "reported_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
            "report": forms.Textarea(attrs={"rows": 4}),
        }


class ProposalForm(ScopedModelForm):
    class Meta:
        model = Proposal
        fields = list(PROPOSAL_FIELDS)
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 4})}


class CaseDecisionEditForm(ScopedModelForm):
    class Meta:
        model = CaseDecision
        fields = ["outcome"]


class CaseDecisionForm(forms.Form):
    """Add a decision to a case: a recorded one, or a new one recorded here."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    decision = forms.ModelChoiceField(
        label=_("A recorded decision"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("(record a new decision below)"),
    )
    body = forms.ModelChoiceField(
        label=_("Decided by"), queryset=Body.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=DecisionKind.choices, initial=DecisionKind.OTHER
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DATE)
    paragraph = forms.CharField(label=_("Minute paragraph (§)"), required=False, max_length=20)
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    text = forms.CharField(
        label=_("Decision text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    document = forms.ModelChoiceField(
        label=_("Document"),
        queryset=SteeringDocument.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )

    def __init__(self, *args, access, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        self.case = case
        self.fields["decision"].queryset = selectors.decision_choices(access=access)
        self.fields["body"].queryset = Body.objects.for_access(access).order_by("name", "id")
        self.fields["body"].empty_label = _("Choose…")
        self.fields["document"].queryset = SteeringDocument.objects.for_access(access).order_by(
            "title"
        )
        self.fields["title"].initial = case.title

    def clean(self):
        data = super().clean()
        if data.get("decision") is None:
            for name in ("body", "date", "title"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Needed for a new decision (or choose a recorded one)."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        if data.get("decision") is not None:
            return {"outcome": data["outcome"], "decision": data["decision"]}
        return {
            "outcome": data["outcome"],
            "decision_data": {
                name: data[name]
                for name in ("body", "kind", "date", "paragraph", "title", "text", "document")
            },
        }
