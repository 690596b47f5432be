"""Forms of the cost allocation and shared project pages. Choices (activities, bodies,
organisations) are scoped to the user's organisation; the views hand the cleaned data to
financing/services.py, which validates again, checks the permission and audits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.actionplan.models import Activity
from malbild.organisation.models import Body, Organisation

from . import selectors
from .models import CostAllocation, SharedProject
from .services import ALLOCATION_FIELDS, PROJECT_FIELDS


def _activities(access):
    return (
        Activity.objects.for_access(access)
        .select_related("document")
        .order_by("document__title", "number", "title", "id")
    )


class ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        number = f"{obj.number} " if obj.number else ""
        return f"{number}{obj.title} ({obj.document.title})"


class AllocationForm(forms.ModelForm):
    class Meta:
        model = CostAllocation
        fields = list(ALLOCATION_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"activity": ActivityChoiceField}

    def __init__(self, *args, access, **kwargs):
        self.access = access
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = _activities(access)
        self.fields["activity"].empty_label = _("(a shared cost, no activity)")


class ProjectForm(forms.ModelForm):
    class Meta:
        model = SharedProject
        fields = list(PROJECT_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"activity": ActivityChoiceField}

    def __init__(self, *args, access, **kwargs):
        self.access = access
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = _activities(access)
        self.fields["activity"].empty_label = _("(none: a project with its own cost)")


class BodyFormMixin:
    def scope_body(self, access) -> None:
        self.fields["body"].queryset = Body.objects.for_access(access).order_by("name")
        self.fields["body"].empty_label = _("Choose…")


class FixedShareForm(BodyFormMixin, forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    percent = forms.DecimalField(
        label=_("Share (%)"), min_value=0, max_value=100, max_digits=5, decimal_places=2
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_body(access)


class DeviceCountForm(BodyFormMixin, forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2200)
    devices = forms.IntegerField(label=_("Number of computers"), min_value=0)

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_body(access)


class InviteForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Organisation on this instance"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.other_organisations(access=access)
        self.fields["member"].empty_label = _("Choose…")


class ExternalPartyForm(forms.Form):
    name = forms.CharField(label=_("Name of the external party"), max_length=200)
    population = forms.IntegerField(label=_("Population"), min_value=1)


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Accept")), ("0", _("Decline"))],
        coerce=lambda v: v == "1",
    )
