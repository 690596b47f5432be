"""Forms of benefit calculations: the calculation, an alternative, a line with one amount
field per year of the horizon, and the organisation's threshold."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.core.access import Access
from malbild.organisation.models import Body

from .constants import PartyKind
from .models import Alternative, BenefitCalculation, BenefitSettings, CalculationLine

TWO = Decimal("0.01")


class CalculationForm(forms.ModelForm):
    class Meta:
        model = BenefitCalculation
        fields = ["title", "first_year", "years", "discount_rate", "notes"]

    def __init__(self, *args, access: Access | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_year"].widget.attrs.update({"min": 1900, "max": 2200})
        self.fields["first_year"].help_text = _(
            "Year 0 of the calculation: its amounts are not discounted."
        )
        self.fields["years"].widget.attrs.update({"min": 1, "max": 50})
        self.fields["discount_rate"].widget.attrs.update({"min": 0, "max": 50, "step": "0.01"})
        self.fields["discount_rate"].help_text = _(
            "Per year, in per cent. Amounts fall at the end of their year."
        )

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields if k in self.cleaned_data}


class AlternativeForm(forms.ModelForm):
    class Meta:
        model = Alternative
        fields = ["name", "description", "order"]

    def __init__(self, *args, access: Access | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].help_text = _("Alternatives are listed by this number.")

    def service_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.Meta.fields}


class LineForm(forms.ModelForm):
    """A cost or benefit line and, for a monetised one, its amount in each year."""

    class Meta:
        model = CalculationLine
        fields = [
            "name",
            "direction",
            "kind",
            "party_kind",
            "body",
            "party_name",
            "monetised",
            "certainty",
            "assumptions",
            "description",
            "unit",
            "estimate",
            "order",
        ]
        widgets = {"assumptions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, access: Access | None = None, calculation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.calculation = calculation
        self.fields["body"].queryset = Body.objects.for_access(access).order_by("name")
        self.fields["body"].help_text = _("When a body of the organisation bears or receives it.")
        self.fields["party_name"].help_text = _(
            "When another organisation bears or receives it: its name."
        )
        self.fields["description"].help_text = _(
            "For a line that is not monetised: what it is, with its unit and estimate."
        )
        self.fields["assumptions"].help_text = _("What the amounts or the estimate build on.")
        existing = {}
        if self.instance.pk:
            existing = {a.year: a.amount for a in self.instance.amounts.all()}
        self.year_fields = []
        for year in calculation.horizon if calculation else ():
            name = f"amount_{year}"
            self.fields[name] = forms.DecimalField(
                label=_("Amount %(year)s (SEK)") % {"year": year},
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=existing.get(year),
            )
            self.fields[name].widget.attrs.update({"min": 0, "step": "0.01"})
            self.year_fields.append(name)

    def clean(self):
        data = super().clean()
        # Only the party kind's own detail is kept (a body, or another organisation's name).
        if data.get("party_kind") != PartyKind.BODY:
            data["body"] = None
        if data.get("party_kind") != PartyKind.ORGANISATION:
            data["party_name"] = ""
        return data

    def amounts(self) -> dict[int, Decimal]:
        """Year → amount of the filled-in year fields (empty ones are 0, not stored)."""
        out = {}
        for name in self.year_fields:
            value = self.cleaned_data.get(name)
            year = int(name.removeprefix("amount_"))
            out[year] = value.quantize(TWO) if value is not None else Decimal(0)
        return out

    def service_kwargs(self) -> dict:
        data = {k: self.cleaned_data.get(k) for k in self.Meta.fields}
        for key in ("party_name", "description", "unit", "assumptions"):
            data[key] = data.get(key) or ""
        return {"data": data, "amounts": self.amounts()}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = BenefitSettings
        fields = ["budget_threshold"]

    def __init__(self, *args, access: Access | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_threshold"].widget.attrs.update({"min": 0, "step": "1"})
