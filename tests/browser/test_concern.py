"""The municipality-wide page in a real browser on the demo data: axe-core finds no serious or
critical violation (whole group and filtered to the action plan), the filter form is used
with the keyboard only, and the wide tables' scroll regions take keyboard focus."""

import pytest

from malbild.strategy.models import SteeringDocument

pytestmark = pytest.mark.browser

ORG = "alingsas"


def test_reader_filters_by_keyboard_and_the_page_passes_axe(page, login, axe_check, demo_data, url):
    login(page, "alingsas-lasare")
    page.goto(url("followup:concern", org=ORG))
    assert page.locator("h1").inner_text() == "Hela kommunkoncernen"
    axe_check(page)
    page.locator("#id_document").focus()
    page.keyboard.press("ArrowDown")  # the first document in the list
    page.locator("#id_year").focus()
    page.keyboard.type("2019")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "year=2019" in page.url
    first = SteeringDocument.objects.filter(organisation__slug=ORG).order_by("title", "id").first()
    assert page.locator("h1").inner_text().startswith(first.title)  # the chosen root
    assert page.locator("table[id^=concern-] caption").count() == 5  # besides cost allocation
    axe_check(page)
    region = page.locator(".table-scroll").first
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
