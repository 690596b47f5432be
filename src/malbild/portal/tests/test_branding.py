"""Branding: the accent colour must reach 4.5:1 against white and the table grey (a clear
Swedish error otherwise), the logo is checked by its content and size, and both are served
to the portal and to the organisation's own users — not to anyone while the portal is off."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from malbild.core.access import access_for
from malbild.organisation import services
from malbild.organisation.branding import contrast_ratio, validate_accent_colour
from malbild.portal import services as portal_services


def _png(size=(40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#005a9c").save(buffer, format="PNG")
    return buffer.getvalue()


def test_contrast_ratio_matches_wcag():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54


@pytest.mark.parametrize("colour", ["#005A9C", "#00466e", "#1b1b1b"])
def test_dark_colours_pass(colour):
    validate_accent_colour(colour)


def test_light_colour_is_refused_in_swedish():
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        validate_accent_colour("#ffcc00")
    assert "kontrast" in error.value.messages[0]
    with pytest.raises(ValidationError):
        validate_accent_colour("blue")


def test_logo_is_checked_by_content(org, admin_user):
    access = access_for(admin_user, org)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.organisation_logo_set(access=access, upload=fake)
    assert "logo" in error.value.message_dict
    org.refresh_from_db()
    assert not org.logo
    good = SimpleUploadedFile("x.png", _png(), content_type="image/png")
    services.organisation_logo_set(access=access, upload=good)
    org.refresh_from_db()
    assert org.logo and org.logo_type == "image/png"


def test_logo_too_large(org, admin_user, settings):
    settings.MALBILD_LOGO_MAX_BYTES = 100
    upload = SimpleUploadedFile("x.png", _png((400, 400)), content_type="image/png")
    with pytest.raises(ValidationError):
        services.organisation_logo_set(access=access_for(admin_user, org), upload=upload)


def test_edit_page_saves_colour_and_logo(client, org, admin_user):
    client.force_login(admin_user)
    url = reverse("organisation:edit", kwargs={"org": org.slug})
    response = client.post(
        url,
        {
            "name": org.name,
            "kolada_id": org.kolada_id,
            "accent_colour": "#005a9c",
            "logo": SimpleUploadedFile("x.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.accent_colour == "#005a9c" and org.logo
    page = client.get(reverse("organisation:overview", kwargs={"org": org.slug})).content.decode()
    assert reverse("portal:brand-css", kwargs={"org": org.slug}) in page
    css = client.get(reverse("portal:brand-css", kwargs={"org": org.slug}))
    assert b"--accent: #005a9c" in css.content
    assert client.get(reverse("portal:logo", kwargs={"org": org.slug}))["Content-Type"] == (
        "image/png"
    )


def test_edit_page_refuses_a_light_colour_and_saves_nothing(client, org, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("organisation:edit", kwargs={"org": org.slug}),
        {"name": "Nytt namn", "kolada_id": org.kolada_id, "accent_colour": "#ffff00"},
    )
    assert response.status_code == 200
    assert "accent_colour" in response.context["form"].errors
    org.refresh_from_db()
    assert org.name == "Alingsås kommun"


def test_branding_is_public_only_with_the_portal_on(client, org, admin_user):
    services.organisation_logo_set(
        access=access_for(admin_user, org),
        upload=SimpleUploadedFile("x.png", _png(), content_type="image/png"),
    )
    url = reverse("portal:logo", kwargs={"org": org.slug})
    assert client.get(url).status_code == 404
    portal_services.portal_settings_update(
        access=access_for(admin_user, org), data={"enabled": True}
    )
    assert client.get(url).status_code == 200
