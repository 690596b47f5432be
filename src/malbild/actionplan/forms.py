"""Forms of the action plan pages: the activity list filters, activity create/edit, status
change and budget lines. Forms only parse input and limit choices to the user's organisation
(and, for editors, their own bodies); the rules live in actionplan/services.py."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.catalogue.models import CatalogueItem
from malbild.core.access import Access
from malbild.organisation.models import Body
from malbild.strategy.models import FocusArea, Goal, SteeringDocument
from malbild.strategy.selectors import document_lineage

from .constants import ActivityStatus
from .fields import ACTIVITY_FIELDS
from .models import Activity, BudgetLine
from .services import budget_years, year_span
from .workflow import activity_next_statuses

SORT_CHOICES = [
    ("number", _("Number")),
    ("-number", _("Number, descending")),
    ("title", _("Title")),
    ("-title", _("Title, descending")),
    ("status", _("Status")),
    ("-status", _("Status, descending")),
    ("body", _("Responsible body")),
    ("-body", _("Responsible body, descending")),
    ("start_year", _("Start year")),
    ("-start_year", _("Start year, descending")),
    ("budget", _("Budget")),
    ("-budget", _("Budget, descending")),
]


class FocusAreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.document.title})"


class FocusAreaMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} ({obj.document.title})"


class GoalMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        number = obj.focus_area.number
        return f"{number} {obj.title}".strip() if number else obj.title


def _documents(access: Access):
    return SteeringDocument.objects.for_access(access).order_by("title", "id")


def _bodies(access: Access):
    return Body.objects.for_access(access).order_by("name", "id")


def _focus_areas(access: Access):
    return (
        FocusArea.objects.for_access(access)
        .select_related("document")
        .order_by("document__title", "order", "id")
    )


class ActivityFilterForm(forms.Form):
    """The GET form above the activity list; every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    document = forms.ModelChoiceField(
        label=_("Document"), queryset=SteeringDocument.objects.none(), required=False
    )
    body = forms.ModelChoiceField(
        label=_("Responsible or co-responsible body"),
        queryset=Body.objects.none(),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ActivityStatus.choices],
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2200)
    focus_area = FocusAreaChoiceField(
        label=_("Focus area"), queryset=FocusArea.objects.none(), required=False
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = _documents(access)
        self.fields["document"].empty_label = _("All documents")
        self.fields["body"].queryset = _bodies(access)
        self.fields["body"].empty_label = _("All bodies")
        self.fields["focus_area"].queryset = _focus_areas(access)
        self.fields["focus_area"].empty_label = _("All focus areas")
        self.fields["year"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["q"].widget.input_type = "search"

    def filters(self) -> dict:
        """The valid filters as keyword arguments of `selectors.activity_list`; invalid fields
        are shown with their error and ignored."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip() or None,
            "document": data.get("document"),
            "body": data["body"].pk if data.get("body") else None,
            "status": data.get("status") or None,
            "year": data.get("year"),
            "focus_area": data["focus_area"].pk if data.get("focus_area") else None,
            "sort": data.get("sort") or None,
        }


class ActivityForm(forms.ModelForm):
    """Create and edit an activity. The document is chosen only when creating; the status only
    when creating (later changes go through the status form)."""

    document = forms.ModelChoiceField(label=_("Document"), queryset=SteeringDocument.objects.none())
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices, required=False)
    focus_areas = FocusAreaMultipleField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = GoalMultipleField(
        label=_("Goals"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    primary_focus_area = FocusAreaChoiceField(
        label=_("Primary focus area"), queryset=FocusArea.objects.none(), required=False
    )

    class Meta:
        model = Activity
        fields = ["document", *ACTIVITY_FIELDS]
        widgets = {
            "co_responsible_bodies": forms.CheckboxSelectMultiple,
            "catalogue_items": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    M2M = ("focus_areas", "goals", "co_responsible_bodies", "catalogue_items")

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        creating = self.instance.pk is None
        if creating:
            self.fields["document"].queryset = _documents(access)
            self.fields["status"].choices = [
                (value, label)
                for value, label in ActivityStatus.choices
                if value == ActivityStatus.PLANNED
                or value in activity_next_statuses(ActivityStatus.PLANNED)
            ]
            self.fields["status"].initial = ActivityStatus.PLANNED
        else:
            del self.fields["document"]
            del self.fields["status"]
        bodies = _bodies(access)
        own = bodies if access.can_edit_documents else bodies.filter(pk__in=access.editor_body_ids)
        self.fields["responsible_body"].queryset = own
        self.fields["co_responsible_bodies"].queryset = bodies
        focus_areas = _focus_areas(access)
        if not creating:
            # The areas of the activity's document and of every document above it.
            lineage = document_lineage(document=self.instance.document)
            focus_areas = focus_areas.filter(document__in=lineage)
        self.fields["focus_areas"].queryset = focus_areas
        primary = self.fields["primary_focus_area"]
        primary.queryset = focus_areas
        primary.label = _("Primary focus area")
        primary.empty_label = _("The first of the focus areas it serves")
        primary.help_text = _(
            "One of the focus areas ticked above. Its totals count the activity's budget; the "
            "other areas show the activity as “also contributes to” and do not count it again."
        )
        self.fields["goals"].queryset = (
            Goal.objects.for_access(access)
            .select_related("focus_area")
            .order_by("focus_area__document__title", "focus_area__order", "order", "id")
        )
        self.fields["catalogue_items"].queryset = CatalogueItem.objects.for_access(access).order_by(
            "kind", "name"
        )
        for name in ("start_year", "end_year"):
            self.fields[name].widget.attrs.update({"min": 1900, "max": 2200})

    def clean(self):
        cleaned = super().clean()
        primary = cleaned.get("primary_focus_area")
        if primary is not None and primary not in (cleaned.get("focus_areas") or []):
            self.add_error(
                "primary_focus_area",
                _("Choose as primary focus area one of the focus areas the activity serves."),
            )
        return cleaned

    def service_data(self) -> tuple[dict, dict]:
        """(fields, many-to-many) for the activity services."""
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in self.M2M and k != "document" and k in self.fields
        }
        if "status" in data and not data["status"]:
            data["status"] = ActivityStatus.PLANNED
        m2m = {k: list(self.cleaned_data.get(k) or []) for k in self.M2M}
        return data, m2m


class ActivityTransitionForm(forms.Form):
    """Change an activity's status: only the transitions the workflow allows are offered."""

    status = forms.ChoiceField(label=_("New status"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=500,
        help_text=_("Saved in the history with the status change."),
    )

    def __init__(self, *args, activity: Activity, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ActivityStatus.choices)
        self.fields["status"].choices = [
            (value, labels[value]) for value in activity_next_statuses(activity.status)
        ]


class BudgetLineForm(forms.ModelForm):
    """One budget line: year, operating cost or investment, amount in SEK, financing source;
    a year outside the activity's period is saved only with the confirmation ticked."""

    confirm_outside_period = forms.BooleanField(
        label=_("I confirm that the year lies outside the activity's period"),
        required=False,
    )

    class Meta:
        model = BudgetLine
        fields = ["year", "kind", "amount", "financing_source"]

    def __init__(self, *args, access: Access | None = None, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"min": 1900, "max": 2200})
        self.fields["amount"].widget.attrs.update({"min": 0, "step": "0.01"})
        self.fields["financing_source"].help_text = _("e.g. the innovation fund")
        if activity is not None:
            first, last = budget_years(activity)
            if first or last:
                self.fields["year"].help_text = _("The activity's period: %(span)s.") % {
                    "span": year_span(first, last)
                }
        self.fields["confirm_outside_period"].help_text = _(
            "Only when the money really falls in a year outside the activity's period."
        )

    def clean_amount(self):
        # Two decimals, as stored, so the history shows 150000.00 → 150000.00, not 150000.
        amount = self.cleaned_data["amount"]
        return amount.quantize(Decimal("0.01")) if amount is not None else amount

    def service_kwargs(self) -> dict:
        """`data` and `confirm_outside_period` for the budget line services."""
        data = {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}
        return {
            "data": data,
            "confirm_outside_period": bool(self.cleaned_data.get("confirm_outside_period")),
        }
