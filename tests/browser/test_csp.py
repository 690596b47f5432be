"""Under the Content-Security-Policy, Chromium reports no violation on a page of the app nor
on the API documentation (Swagger UI from django-ninja's bundled static files), and Swagger UI
renders the API's operations."""

import pytest

pytestmark = pytest.mark.browser


def violations_on(page, path):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return [m for m in messages if "Content Security Policy" in m or "Refused to" in m]


@pytest.mark.smoke
@pytest.mark.django_db(transaction=True)
def test_the_api_documentation_works_under_the_csp(page):
    problems = violations_on(page, "/api/v1/docs")

    page.locator(".opblock").first.wait_for(timeout=60_000)  # a 755 kB document to lay out
    assert page.locator(".opblock").count() > 10
    assert problems == []


@pytest.mark.django_db(transaction=True)
def test_the_login_page_works_under_the_csp(page):
    assert violations_on(page, "/accounts/login/") == []
