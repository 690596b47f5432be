"""The public portal in real Chromium, anonymously, on the demo (Alingsås' action plan with
its 2018–2019 follow-ups and the 2018 remiss, Kristianstad's agenda): axe-core finds no
violation of any impact on any portal page type at 390 px and at 1280 px, nothing is wider
than the window, and a visitor reads the portal with the keyboard alone — from the site's
start page to the organisation, a document, an activity, and switching the language on the
same page. The broadband indicator's page shows its Kolada comparison (chart, table, words)
and the 2018 remiss offers the committee's attached minute excerpt for download."""

import re

import pytest

from tests.browser.conftest import VIEWPORTS
from tests.browser.test_all_pages_axe import OVERFLOWING

pytestmark = pytest.mark.browser

ORG = "alingsas"
FIRST_RENDER_MS = 180_000


def _kolada_indicator_path(slug: str = ORG) -> str:
    """The public address of the demo's broadband indicator (Kolada N07900) of `slug`."""
    from malbild.organisation.models import Organisation
    from malbild.portal import selectors
    from malbild.strategy.snapshot import upgrade

    org = Organisation.objects.get(slug=slug)
    [document] = selectors.published_documents(organisation=org)
    [uid] = [
        item["uid"]
        for item in upgrade(document.public_version.snapshot)["items"]
        if item["type"] == "indicator" and item["fields"].get("kolada_kpi") == "N07900"
    ]
    return f"/portal/{slug}/d/{document.uid}/indicators/{uid}/"


def _portal_pages(page) -> list[str]:
    """One address of each portal page type, found by following the demo's links."""
    page.goto(f"/portal/{ORG}/", timeout=FIRST_RENDER_MS)
    doc = page.locator("main h2 a").first.get_attribute("href")
    page.goto(doc, timeout=FIRST_RENDER_MS)
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")

    def first(pattern):
        return next(h for h in hrefs if re.search(pattern, h))

    return [
        "/",
        f"/portal/{ORG}/",
        "/portal/kristianstad/",
        doc,
        doc + "?q=e-tj%C3%A4nst&status=ongoing",
        first(r"/activities/"),
        first(r"/indicators/"),
        _kolada_indicator_path(),  # with the Kolada comparison: chart, table, words
        first(r"/follow-up/"),
        first(r"/consultations/"),
        f"/portal/{ORG}/accessibility/",
        f"/portal/{ORG}/feedback/",
        f"/o/{ORG}/data/",  # the open data, public as the portal publishes it
    ]


def test_every_portal_page_type_passes_axe_at_both_widths(page, axe_check, demo_data):
    urls = _portal_pages(page)
    failures = []
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        for url in urls:
            # The first visit renders the charts (matplotlib), slow on a loaded machine.
            response = page.goto(url, timeout=FIRST_RENDER_MS)
            assert response.status == 200, url
            try:
                axe_check(page)
            except pytest.fail.Exception as exc:
                failures.append(f"[{name} {size['width']} px] {exc}")
            overflow = page.evaluate(OVERFLOWING)
            if overflow:
                failures.append(
                    f"[{name} {size['width']} px] {url}: wider than the window: {overflow}"
                )
    assert not failures, "\n\n".join(failures)


def test_kolada_comparison_and_the_attachment_download(page, demo_data):
    page.set_default_navigation_timeout(FIRST_RENDER_MS)
    page.goto(_kolada_indicator_path())
    section = page.locator("section", has=page.locator("#kolada-title"))
    assert section.locator("h2").inner_text() == "Jämfört med andra kommuner (Kolada)"
    assert section.locator("svg").first.is_visible()
    headers = section.locator("table thead th").all_inner_texts()
    assert headers[0] == "År" and "Lerum" in headers and "Borås" in headers
    assert headers[-1] == "Riket"
    assert "från Kolada. År" in section.locator("figcaption").inner_text()

    page.goto(f"/portal/{ORG}/")
    page.locator("main h2 a").first.click()
    page.locator("main a[href*='/consultations/']").first.click()
    link = page.locator("#attachments-title ~ div a[href*='/files/']").first
    assert link.inner_text() == "Protokollsutdrag KFN 2018-03-19 § 14.docx"
    with page.expect_download() as info:
        link.focus()
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "Protokollsutdrag KFN 2018-03-19 § 14.docx"
    answer = page.request.get(link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert answer.headers["cache-control"] == "public, max-age=300"


def _tab_to(page, predicate: str, limit: int = 120) -> str:
    """Press Tab until the focused element satisfies the JS `predicate(el)`; its href."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return page.evaluate("document.activeElement.getAttribute('href')")
    pytest.fail(f"no focusable element matching {predicate} within {limit} Tab presses")


def test_reading_the_portal_by_keyboard(page, demo_data):
    page.goto("/")
    page.set_default_navigation_timeout(FIRST_RENDER_MS)
    assert page.locator("html").get_attribute("lang") == "sv"
    _tab_to(page, f"el.getAttribute('href') === '/portal/{ORG}/'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("Vad Alingsås")

    _tab_to(
        page, "el.closest('main') && /\\/d\\/[0-9a-f-]+\\/$/.test(el.getAttribute('href') || '')"
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Handlingsplan" in page.locator("h1").inner_text()

    # The filter form works by keyboard: type a search and press Enter.
    _tab_to(page, "el.name === 'q'")
    page.keyboard.type("arkiv")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=arkiv" in page.url

    _tab_to(page, "/\\/activities\\//.test(el.getAttribute('href') || '')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    activity_path = page.url.split(page.url.split("/portal/")[0])[1]
    assert "/activities/" in activity_path
    focused_outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline is not None

    # The language switch keeps the page.
    page.keyboard.press("Home")
    _tab_to(page, "el.getAttribute('lang') === 'en'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith(activity_path)


def test_the_admin_withdraws_and_republishes_from_the_document_page(
    page, login, axe_check, demo_data
):
    """The switch on the internal document page, as the demo's administrator, by keyboard:
    the part passes axe at both widths, withdrawing makes the public page 404 and publishing
    brings it back."""
    from malbild.demo import alingsas
    from malbild.strategy.models import SteeringDocument

    plan = SteeringDocument.objects.get(organisation__slug=ORG, title=alingsas.PLAN_TITLE)
    public = f"/portal/{ORG}/d/{plan.uid}/"
    login(page, "demo-admin")
    page.set_default_navigation_timeout(FIRST_RENDER_MS)
    page.goto(f"/o/{ORG}/documents/{plan.pk}/#publication")
    section = page.locator("#publication")
    assert "Publicerad på den öppna webbplatsen: ja" in section.inner_text()
    assert section.locator(f"a[href='{public}']").count() == 1
    failures = []
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        try:
            axe_check(page)
        except pytest.fail.Exception as exc:
            failures.append(f"[{name}] {exc}")
        overflow = page.evaluate(OVERFLOWING)
        if overflow:
            failures.append(f"[{name}] wider than the window: {overflow}")
    assert not failures, "\n\n".join(failures)

    def switch(value: str):
        page.locator(f"#publication-{value}").focus()
        page.keyboard.press("Space")
        page.locator("#publication-confirm").focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")  # to "Spara publiceringen"
        with page.expect_navigation():
            page.keyboard.press("Enter")

    switch("no")
    assert "är inte längre publicerat i portalen" in page.locator("main").inner_text()
    assert "Publicerad på den öppna webbplatsen: nej" in page.locator("#publication").inner_text()
    assert page.request.get(public).status == 404
    switch("yes")
    assert "är publicerat i portalen" in page.locator("main").inner_text()
    assert page.request.get(public).status == 200
