"""Forms for the organisation and its bodies. They validate against a *copy* of the instance,
so a rejected form never alters the object the service compares against (the audit diff)."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Body, Organisation


class CopyInstanceModelForm(forms.ModelForm):
    """A ModelForm used only to parse and validate; services do the writing."""

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=copy.copy(instance) if instance else None, **kwargs)


class OrganisationForm(CopyInstanceModelForm):
    logo = forms.FileField(
        label=_("New logo"),
        required=False,
        help_text=_("PNG, JPEG or WebP, at most 512 kB; shown on the public portal and here."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organisation
        fields = ["name", "kolada_id", "kolada_peers", "population", "accent_colour"]


class OrganisationCreateForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "slug", "kolada_id", "kolada_peers", "population"]
        help_texts = {"slug": _("Lower-case letters, digits and hyphens, e.g. “alingsas”.")}


class BodyForm(CopyInstanceModelForm):
    class Meta:
        model = Body
        fields = ["name", "short_name", "kind", "parent", "email"]

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        self.instance.organisation = access.organisation
        parents = Body.objects.for_access(access).order_by("name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].help_text = _("e.g. an administration under its committee")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        others = Body.objects.for_access(self.access).filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("A body with this name already exists."))
        return name
