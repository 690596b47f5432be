"""The browser fixtures themselves: Chromium starts, `axe_check` fails on serious violations
(and only on those), and `login` signs a user in or fails loudly with the page's message.
"""

import pytest
from django.urls import reverse

from malbild.core.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.browser

ACCESSIBLE = """<!DOCTYPE html><html lang="sv"><head><title>Prov</title></head>
<body><main><h1>Prov</h1><p>Text.</p></main></body></html>"""
# An image without alternative text (critical) and an unlabelled input (critical).
INACCESSIBLE = """<!DOCTYPE html><html lang="sv"><head><title>Prov</title></head>
<body><main><h1>Prov</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<form><input type="text" name="q"></form></main></body></html>"""


def test_chromium_is_debians_and_headless(browser):
    assert browser.is_connected()
    assert browser.version


def test_axe_check_passes_an_accessible_page(page, axe_check):
    page.set_content(ACCESSIBLE)

    results = axe_check(page)

    assert results["violations"] == []


def test_axe_check_fails_with_a_readable_list_of_serious_violations(page, axe_check):
    page.set_content(INACCESSIBLE)

    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)

    message = str(failure.value)
    assert "image-alt" in message
    assert "label" in message
    assert "[critical]" in message
    assert "<img" in message


@pytest.mark.smoke
def test_login_signs_in_through_the_form(page, login, transactional_db):
    org = OrganisationFactory(slug="provkommun")
    user = UserFactory(username="prov-lasare", role="reader", organisation=org)
    user.set_password("ett-langt-losenord")
    user.save()

    login(page, "prov-lasare", "ett-langt-losenord")

    page.goto(reverse("accounts:profile"))
    assert "prov-lasare" in page.locator("main").inner_text()


def test_login_fails_loudly_with_a_wrong_password(page, login, transactional_db):
    UserFactory(username="prov-lasare")

    with pytest.raises(pytest.fail.Exception) as failure:
        login(page, "prov-lasare", "fel-losenord")

    assert "prov-lasare" in str(failure.value)
