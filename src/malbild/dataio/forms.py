from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        help_text=_(
            "The template's layout: download it above. Nothing is imported until you have "
            "seen the preview and confirmed it."
        ),
    )


class ConfirmForm(forms.Form):
    create_bodies = forms.BooleanField(label=_("Create the missing bodies"), required=False)
    create_focus_areas = forms.BooleanField(
        label=_("Create the missing focus areas in this document"), required=False
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
