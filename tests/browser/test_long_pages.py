"""The long pages in parts (issue #11, ADR 0017) in the browser, with the thresholds lowered
so the demo data splits: the document page's table of contents and one focus area, the
handling page's pages and filter, the summary's parts. Reached by keyboard (links and a GET
form, no JavaScript needed); every page passes axe-core; the current part and page are
marked aria-current."""

import pytest
from django.urls import reverse

from malbild.consultation.models import ConsultationRound
from malbild.consultation.views import paging
from malbild.demo.consultation import CURRENT_TITLE
from malbild.strategy.constants import DocumentKind
from malbild.strategy.models import SteeringDocument
from malbild.strategy.views import documents

pytestmark = pytest.mark.browser


def test_parts_and_pages_by_keyboard(page, login, axe_check, demo_data, monkeypatch):
    monkeypatch.setattr(documents, "SINGLE_PAGE_ROWS", 1)
    monkeypatch.setattr(documents, "ACTIVITIES_PER_PAGE", 2)
    monkeypatch.setattr(paging, "COMMENTS_PER_PAGE", 2)
    monkeypatch.setattr(paging, "RESPONSES_PER_PAGE", 1)
    plan = SteeringDocument.objects.get(
        organisation__slug="alingsas",
        kind=DocumentKind.ACTION_PLAN,
        title="Handlingsplan Digital målbild för Alingsås kommun 2018–2020",
    )
    login(page, "alingsas-strateg")

    page.goto(reverse("strategy:document-detail", kwargs={"org": "alingsas", "pk": plan.pk}))
    parts = page.get_by_role("navigation", name="Dokumentets insatsområden")
    assert parts.locator("a").count() >= 2
    axe_check(page)
    parts.locator("a").first.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "focus_area=" in page.url
    assert parts.locator("a[aria-current=page]").count() == 1
    assert page.locator("main table").count() >= 1
    axe_check(page)

    # The 2018 remiss, with its many comments (the demo also has a current round, still open).
    round_ = ConsultationRound.objects.exclude(title=CURRENT_TITLE).get(
        organisation__slug="alingsas"
    )
    kw = {"org": "alingsas", "pk": round_.pk}
    page.goto(reverse("consultation:handling", kwargs=kw))
    pages = page.get_by_role("navigation", name="Sidor med synpunkter")
    assert pages.locator("[aria-current=page]").inner_text().strip().endswith("1")
    axe_check(page)
    pages.locator("a[rel=next]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "page=2" in page.url
    page.select_option("select[name=show]", "unhandled")
    page.locator("main form.filters button").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "show=unhandled" in page.url
    axe_check(page)

    page.goto(reverse("consultation:summary", kwargs=kw))
    summary_parts = page.get_by_role("navigation", name="Sammanställningens delar")
    assert summary_parts.locator("a[aria-current=page]").count() == 1
    axe_check(page)
    for part in ("comments", "responses"):
        summary_parts.locator(f"a[href='?part={part}']").focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert f"part={part}" in page.url
        axe_check(page)
