"""axe-core on one page of every URL pattern of every app, as the Alingsås strategist (the
patterns found by crawling the demo the way `tests/test_crawl.py` does), plus the response
form a secret-link holder sees and the editor's follow-up report form: no violation of any
impact anywhere, at a phone's width (390 px) and a desktop's (1280 px), and no page wider
than the window. Keyboard focus is visible: a link reached with Tab has an outline."""

import datetime

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from tests.browser.conftest import VIEWPORTS
from tests.test_crawl import HEAVY, crawl_urls

pytestmark = pytest.mark.browser

ORG = "alingsas"
PLAN_TITLE = "Handlingsplan Digital målbild för Alingsås kommun 2018–2020"
VISION_TITLE = "Digital målbild för Alingsås kommun – öppen och smart"
# Every app with pages must have at least one page checked.
NAMESPACES = {
    "web",
    "accounts",
    "organisation",
    "strategy",
    "actionplan",
    "catalogue",
    "consultation",
    "followup",
}


# The page's width beyond the window and the elements that stick out, or null.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width + 1) return null;
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && !el.closest(".table-scroll, pre")) {
      out.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
      if (out.length >= 5) break;
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, elements: out};
}"""


def one_url_per_pattern(username: str) -> dict[str, str]:
    """{pattern: url} for the HTML pages the user reaches by following links from `/`."""
    client = Client()
    assert client.login(username=username, password="malbild-demo")
    return crawl_urls(client, username, per_pattern=1)


def test_every_page_pattern_passes_axe(page, login, axe_check, demo_data):
    pages = one_url_per_pattern("alingsas-strateg")
    # The dashboard and report pages are rendered with charts: axe one of each is enough.
    seen_heavy = set()
    urls = []
    for pattern, url in sorted(pages.items()):
        heavy = next((h for h in HEAVY if pattern.endswith(h)), None)
        if heavy:
            if heavy in seen_heavy:
                continue
            seen_heavy.add(heavy)
        urls.append(url)
    namespaces = {resolve(url.split("?")[0]).namespace for url in urls}
    assert namespaces >= NAMESPACES, f"no page checked for {NAMESPACES - namespaces}"
    assert len(urls) >= 40, urls

    login(page, "alingsas-strateg")
    failures = []
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        for url in urls:
            page.goto(url)
            try:
                axe_check(page)
            except pytest.fail.Exception as exc:
                failures.append(f"[{name} {size['width']} px] {exc}")
            # Nothing makes the page itself scroll sideways (WCAG 1.4.10 Reflow): wide tables
            # scroll inside their own container.
            overflow = page.evaluate(OVERFLOWING)
            if overflow:
                failures.append(
                    f"[{name} {size['width']} px] {url}: wider than the window: {overflow}"
                )
    assert not failures, "\n\n".join(failures)


def test_link_holder_response_form_and_editor_report_form_pass_axe(
    page, browser, live_server, login, axe_check, demo_data, url
):
    from malbild.accounts.models import User
    from malbild.consultation import services as consultation_services
    from malbild.core.access import access_for
    from malbild.followup.data import period_activities
    from malbild.followup.models import FollowUpPeriod
    from malbild.organisation.models import Body, Organisation
    from malbild.strategy import services as strategy_services
    from malbild.strategy.models import SteeringDocument

    org = Organisation.objects.get(slug=ORG)
    strategist = access_for(User.objects.get(username="alingsas-strateg"), org)
    vision = SteeringDocument.objects.get(organisation=org, title=VISION_TITLE)
    version = strategy_services.version_freeze(access=strategist, document=vision, label="Remiss")
    sambruk = Body.objects.get(organisation=org, name__contains="Sambruk")
    round_ = consultation_services.consultation_round_open(
        access=strategist,
        version=version,
        title="Remiss: Digital målbild",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        bodies=[sambruk],
    )
    _link, raw = consultation_services.secret_link_create(
        access=strategist, consultee=round_.consultees.get(body=sambruk)
    )

    # The external body, without an account, opens its response form through the link.
    page.goto(url("consultation:link-enter", org=ORG, token=raw))
    assert "/remiss/svar/" in page.url
    assert page.locator("h1").count() == 1
    axe_check(page)

    # The culture committee's editor opens the report form for one of its activities.
    period = FollowUpPeriod.objects.get(document__title=PLAN_TITLE, label="2020")
    activity = (
        period_activities(period)
        .filter(responsible_body__name__startswith="Kultur- och fritids")
        .order_by("pk")
        .first()
    )
    login(page, "alingsas-redaktor")
    page.goto(url("followup:activity-report", org=ORG, pk=period.pk, item=activity.pk))
    assert page.locator("form[method=post] textarea").count() >= 1
    axe_check(page)


def test_keyboard_focus_is_visible(page, login, demo_data, url):
    login(page, "alingsas-strateg")
    page.goto(url("strategy:document-list", org=ORG))
    page.locator("body").focus()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand link
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, outline: style.outlineStyle, width: style.outlineWidth,
                    shadow: style.boxShadow};
        }"""
    )
    assert focused["tag"] == "A", focused
    assert focused["outline"] != "none" and focused["width"] != "0px", focused


# Swagger UI (django-ninja's bundled copy, a developer tool, not a page of the service) has
# contrast and nested-button defects of its own; every other rule must pass, html-has-lang
# among them (#10: the page had no language).
SWAGGER_UI_DEFECTS = {"color-contrast", "nested-interactive", "heading-order"}


def test_the_api_documentation_page_passes_axe_but_for_swagger_uis_own_defects(
    page, login, demo_data
):
    from axe_playwright_python.sync_playwright import Axe

    login(page, "alingsas-strateg")
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info", timeout=60_000)  # a 755 kB document to lay out
    assert page.evaluate("document.documentElement.lang") == "en"
    violations = Axe().run(page).response["violations"]
    others = [v["id"] for v in violations if v["id"] not in SWAGGER_UI_DEFECTS]
    assert not others, others
