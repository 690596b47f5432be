"""Forms of the account pages: personal API tokens, users and their roles in an organisation.

Forms only parse input; the services in `accounts.services` validate again and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from malbild.organisation.models import Body

from .constants import Role

BODY_ROLES = (Role.EDITOR, Role.RESPONDENT)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Power BI report”."),
    )


class _BodiesMixin:
    """A role choice plus the bodies an editor or respondent acts for."""

    def _setup_role_fields(self, organisation) -> None:
        self.fields["bodies"].queryset = Body.objects.for_org(organisation).order_by("name")

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role in BODY_ROLES and not cleaned.get("bodies"):
            self.add_error("bodies", _("Choose at least one body for this role."))
        if role and role not in BODY_ROLES:
            cleaned["bodies"] = []
        return cleaned


class MembershipForm(_BodiesMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.READER)
    bodies = forms.ModelMultipleChoiceField(
        label=_("Bodies (for editors and respondents)"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Editors edit the activities and indicators of these bodies."),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_role_fields(organisation)


class MemberCreateForm(_BodiesMixin, forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only digits and not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.READER)
    bodies = MembershipForm.base_fields["bodies"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_role_fields(organisation)

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError(_("The two passwords do not match."))
        return second
