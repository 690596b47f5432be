"""Forms of the catalogue pages: the kind filter and the create/edit form of an item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.core.access import Access
from malbild.organisation.models import Body

from .constants import CatalogueKind
from .fields import CATALOGUE_ITEM_FIELDS
from .models import CatalogueItem


class CatalogueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("IT systems and e-services")), *CatalogueKind.choices],
        required=False,
    )

    def kind_filter(self) -> str | None:
        """The chosen kind, or None (also when the value is not a valid kind)."""
        if self.is_valid():
            return self.cleaned_data["kind"] or None
        return None


class CatalogueItemForm(forms.ModelForm):
    """An IT system or e-service; the owning body is one of the organisation's bodies."""

    class Meta:
        model = CatalogueItem
        fields = list(CATALOGUE_ITEM_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        self.fields["owning_body"].queryset = Body.objects.for_access(access).order_by("name", "id")
        self.fields["system_owner"].help_text = _("For an IT system: the accountable manager.")
        self.fields["system_manager"].help_text = _(
            "For an IT system: the person who runs it day to day."
        )

    def clean(self):
        data = super().clean()
        name, kind = data.get("name"), data.get("kind")
        if name and kind:
            taken = CatalogueItem.objects.for_access(self.access).filter(
                kind=kind, name__iexact=name.strip()
            )
            if self.instance.pk:
                taken = taken.exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error(
                    "name", _("The catalogue already has an item of this kind with this name.")
                )
        return data
