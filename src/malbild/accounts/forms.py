"""Forms of the account pages: personal API tokens, users and their roles in an organisation.

Forms only parse input; the services in `accounts.services` validate again and write."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from malbild.notifications.constants import Delivery
from malbild.organisation.models import Body

from .constants import Role
from .models import TokenScope
from .services import token_expiry_choices

BODY_ROLES = (Role.EDITOR, Role.RESPONDENT)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “Power BI report”."),
    )
    scope = forms.ChoiceField(
        label=_("Permissions"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        required=False,  # not chosen: read only
        widget=forms.RadioSelect,
        help_text=_("A read-only token can only read; choose “read and write” only if needed."),
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        required=False,  # not chosen: MALBILD_API_TOKEN_DEFAULT_DAYS
        empty_value=None,
        help_text=_("The token stops working after this time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["expires_in_days"]
        field.choices = [
            (d, ngettext("%(n)d day", "%(n)d days", d) % {"n": d}) for d in token_expiry_choices()
        ]
        field.initial = settings.MALBILD_API_TOKEN_DEFAULT_DAYS


class ConfirmPasswordForm(forms.Form):
    confirm_password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    @staticmethod
    def wrong_password_message():
        return _("The password is not correct.")


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
    """Add a person by e-mail: an existing account gets the role, otherwise one is created."""

    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "If the person already has an account with this address, it gets the role; "
            "otherwise an account is created and the person gets a link to set a password."
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.READER)
    bodies = MembershipForm.base_fields["bodies"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_role_fields(organisation)


def _field_name(kind_key: str) -> str:
    return "notify_" + kind_key.replace(".", "_")


class ProfileSettingsForm(forms.Form):
    """The profile page's e-mail settings: the language of e-mail, and for every kind of
    notification a person may choose (malbild.notifications.kinds) how it comes."""

    language = forms.ChoiceField(
        label=_("Language of e-mail"),
        required=False,
        help_text=_("E-mail from Målbild is in Swedish unless you choose English."),
    )

    def __init__(self, *args, user, preferences, **kwargs):
        """`preferences`: (kind, delivery) pairs (notifications.services.preference_choices)."""
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.choices = list(settings.LANGUAGES)
        language.initial = user.language or settings.LANGUAGE_CODE
        self.kind_fields = {}
        for kind, delivery in preferences:
            name = _field_name(kind.key)
            self.fields[name] = forms.ChoiceField(
                label=kind.label, choices=Delivery.choices, initial=delivery
            )
            self.kind_fields[name] = kind.key
        if self.is_bound:
            # A kind left out of the submission (a kind added since the page was loaded, an
            # API-like post) keeps its current choice.
            self.data = self.data.copy()
            for kind, delivery in preferences:
                self.data.setdefault(_field_name(kind.key), delivery)

    def notifications(self) -> dict[str, str]:
        return {key: self.cleaned_data[name] for name, key in self.kind_fields.items()}

    def language_choice(self) -> str:
        """The stored value: "" for the default (Swedish), else the chosen code."""
        chosen = self.cleaned_data.get("language") or ""
        return "" if chosen == settings.LANGUAGE_CODE else chosen
