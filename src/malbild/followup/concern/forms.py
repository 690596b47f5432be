"""The GET filter form of the municipality-wide page; every field is optional and choices are
limited to the user's organisation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.actionplan.constants import ActivityStatus
from malbild.actionplan.forms import FocusAreaChoiceField
from malbild.core.access import Access
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, SteeringDocument

from .selectors import ConcernFilters


class ConcernFilterForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Document (with the plans below it)"),
        queryset=SteeringDocument.objects.none(),
        required=False,
    )
    body = forms.ModelChoiceField(
        label=_("Responsible body"), queryset=Body.objects.none(), required=False
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    focus_area = FocusAreaChoiceField(
        label=_("Focus area"), queryset=FocusArea.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Activity status"),
        choices=[("", _("All statuses")), *ActivityStatus.choices],
        required=False,
    )

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = SteeringDocument.objects.for_access(access).order_by(
            "title", "id"
        )
        self.fields["document"].empty_label = _("The whole municipal group")
        self.fields["body"].queryset = Body.objects.for_access(access).order_by("name", "id")
        self.fields["body"].empty_label = _("All bodies")
        self.fields["focus_area"].queryset = (
            FocusArea.objects.for_access(access)
            .select_related("document")
            .order_by("document__title", "order", "id")
        )
        self.fields["focus_area"].empty_label = _("All focus areas")
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})

    def filters(self) -> ConcernFilters:
        """The valid filters; an invalid field is shown with its error and ignored."""
        if not self.is_bound:
            return ConcernFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ConcernFilters(
            document=data.get("document"),
            body=data.get("body"),
            year=data.get("year"),
            focus_area=data.get("focus_area"),
            status=data.get("status") or None,
        )
