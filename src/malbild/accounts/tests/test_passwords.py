"""Password rules: administrators (anywhere) and operators need 12 characters, others the
default minimum; common passwords are refused on password change."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from malbild.accounts.services import setup_instance

SHORT = "Xq7-vbnm-k2"  # 11 characters, not common


def test_admin_needs_twelve_characters(admin_user, reader, outsider):
    with pytest.raises(ValidationError):
        validate_password(SHORT, admin_user)
    validate_password(SHORT, reader)
    validate_password(SHORT + "z", admin_user)


def test_first_admin_of_setup_needs_twelve_characters(db):
    with pytest.raises(ValidationError):
        setup_instance(name="Ort", slug="ort", admin_username="chef", admin_password=SHORT)


def test_common_password_is_refused_on_change(client, reader):
    reader.refresh_from_db()
    client.force_login(reader)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": "pw-Secret-123",
            "new_password1": "password1234",
            "new_password2": "password1234",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    reader.refresh_from_db()
    assert reader.check_password("pw-Secret-123")
