"""Forms of the portal: the admin's settings, the publication switch, and the public feedback
form (with a field people never see and a signed time stamp against robots)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FEEDBACK_MAX_LENGTH, PortalSettings


class PortalSettingsForm(forms.ModelForm):
    class Meta:
        model = PortalSettings
        fields = [
            "enabled",
            "contact_email",
            "contact_phone",
            "accessibility_statement",
            "statement_reviewed_on",
        ]
        widgets = {"statement_reviewed_on": forms.DateInput(attrs={"type": "date"})}


class PublicationForm(forms.Form):
    published = forms.BooleanField(label=_("Published on the portal"), required=False)


class DocumentPublicationForm(forms.Form):
    """The switch on the document's own page: yes or no, and a confirmation that the admin
    looked at what the public will see."""

    published = forms.TypedChoiceField(
        label=_("Published on the open website"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        error_messages={
            "required": _("Choose yes or no."),
            "invalid_choice": _("Choose yes or no."),
        },
    )
    confirm = forms.BooleanField(
        label=_("I have checked what will be shown to the public"),
        error_messages={"required": _("Tick the box to confirm that you checked it.")},
    )

    def error_text(self) -> str:
        """Each error with the field it concerns, for a message on the document page."""
        return " ".join(
            f"{self.fields[name].label}: {' '.join(errors)}" for name, errors in self.errors.items()
        )


class FeedbackForm(forms.Form):
    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address (optional, if you want an answer)"), required=False
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe the problem or your question, and on which page."),
    )
    page = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    stamp = forms.CharField(widget=forms.HiddenInput)
    # Hidden from people (a CSS class and aria-hidden); robots that fill in every field do.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_page(self) -> str:
        """Only an address of the portal itself is kept (it is shown to the admins as a link)."""
        page = self.cleaned_data.get("page", "").strip()
        return page if page.startswith("/portal/") and "//" not in page else ""
