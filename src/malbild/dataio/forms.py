from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.strategy.constants import DocumentKind

from .word.mapping import KIND_LABELS, Role


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


class WordUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Word document (DOCX)"),
        help_text=_(
            "The strategy or agenda as it is. Nothing is created until you have checked the "
            "proposed structure and confirmed it; the file is then kept with the document."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind of document"), choices=DocumentKind.choices, initial="digital_agenda"
    )


class WordMappingForm(forms.Form):
    """The document's title and kind, and per part of the file (`elements`) what it becomes
    (`role_<n>`) and its text (`text_<n>`), n from 1 in the file's order."""

    title = forms.CharField(label=_("Title of the document"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, elements: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for n, element in enumerate(elements, start=1):
            self.fields[f"role_{n}"] = forms.ChoiceField(
                label=_("Part %(n)s becomes") % {"n": n},
                choices=Role.choices,
                initial=element["role"],
            )
            widget = (
                forms.TextInput(attrs={"size": 60})
                if element["kind"] == "heading"
                else forms.Textarea(attrs={"rows": min(8, 2 + element["text"].count("\n"))})
            )
            self.fields[f"text_{n}"] = forms.CharField(
                label=_("Text of part %(n)s") % {"n": n},
                required=False,
                max_length=20000,
                strip=True,
                widget=widget,
                initial=element["text"],
            )

    def rows(self) -> list[dict]:
        """Per element: its number, kind, level and its two bound fields (for the table)."""
        return [
            {
                "n": n,
                "element": element,
                "kind_label": KIND_LABELS.get(element["kind"], ""),
                "role": self[f"role_{n}"],
                "text": self[f"text_{n}"],
            }
            for n, element in enumerate(self.elements, start=1)
        ]

    def parts(self) -> list[dict]:
        return [
            {"role": self.cleaned_data[f"role_{n}"], "text": self.cleaned_data[f"text_{n}"]}
            for n in range(1, len(self.elements) + 1)
        ]
