"""The consultation round through the browser, keyboard only for the consultee: a strategist
opens a round on a frozen version (the deadline already passed), creates a secret link; the
external body reads the consulted version in the browser, downloads it as PDF (A4) and Word
from its response page, responds through the link without logging in, by keyboard, and is
flagged late; the strategist records a disposition and downloads the summary as PDF and DOCX, whose
text has the expected sections and comment. Every page passes axe-core."""

import datetime
import io

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


def keyboard_fill(page, selector, text):
    page.locator(selector).focus()
    page.keyboard.type(text)


def keyboard_press(page, selector, key="Enter"):
    page.locator(selector).focus()
    with page.expect_navigation():
        page.keyboard.press(key)


def test_round_end_to_end(page, browser, live_server, login, axe_check, demo_data, url):
    from malbild.accounts.models import User
    from malbild.core.access import access_for
    from malbild.organisation.models import Organisation
    from malbild.strategy import services as strategy_services
    from malbild.strategy.models import SteeringDocument

    org = Organisation.objects.get(slug="alingsas")
    vision = SteeringDocument.objects.get(
        organisation=org, title="Digital målbild för Alingsås kommun – öppen och smart"
    )
    strategist = access_for(User.objects.get(username="alingsas-strateg"), org)
    version = strategy_services.version_freeze(
        access=strategist, document=vision, label="Remissversion"
    )
    today = timezone.localdate()

    # The strategist opens the round.
    login(page, "alingsas-strateg")
    page.goto(url("consultation:round-list", org="alingsas"))
    axe_check(page)
    page.goto(url("consultation:round-create", org="alingsas"))
    axe_check(page)
    page.select_option("select[name=version]", str(version.pk))
    page.fill("input[name=title]", "Remiss: Digital målbild")
    page.fill("textarea[name=instructions]", "Svara på visionen.")
    page.fill("input[name=registry_number]", "2017.676 KS")
    page.fill("input[name=sent_on]", (today - datetime.timedelta(days=10)).isoformat())
    page.fill("input[name=deadline]", (today - datetime.timedelta(days=1)).isoformat())
    page.check("input[name=quick][value=companies]")
    sambruk = page.locator("label", has_text="Föreningen Sambruk").locator("input")
    sambruk.check()
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    assert "/consultations/" in page.url
    assert "FABS AB" in page.locator("main").inner_text()
    axe_check(page)
    round_path = page.url

    # A secret link for Föreningen Sambruk, shown once with the e-mail text.
    row = page.locator("tr", has_text="Föreningen Sambruk")
    with page.expect_navigation():
        row.locator("form[action$='/link/'] button").click()
    link = page.locator("#secret-url").input_value()
    assert "/remiss/rm_" in link
    assert "2017.676 KS" in page.locator("#email-text").input_value()
    axe_check(page)

    # The external body answers through the link, keyboard only, without an account.
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    guest = context.new_page()
    guest.goto(link)
    assert "/remiss/svar/" in guest.url and "rm_" not in guest.url
    assert "Föreningen Sambruk" in guest.locator("h1").inner_text()
    axe_check(guest)
    # The consultee reads the consulted version in the browser and downloads it as PDF and
    # Word from the response page (the plan export of the frozen version, A4).
    response_path = guest.url
    with guest.expect_navigation():
        guest.get_by_role("link", name="Läs den remitterade versionen").click()
    assert vision.title in guest.locator("main").inner_text()
    axe_check(guest)
    guest.goto(response_path)
    with guest.expect_download() as plan_pdf:
        guest.locator("a[href$='version.pdf']").click()
    from pypdf import PdfReader

    plan = PdfReader(plan_pdf.value.path())
    plan_text = " ".join(" ".join(p.extract_text() for p in plan.pages).split())
    assert vision.title in plan_text and "Remissversion" in plan_text
    assert all(round(float(p.mediabox.width)) == 595 for p in plan.pages)  # A4
    with guest.expect_download() as plan_docx:
        guest.locator("a[href$='version.docx']").click()
    from docx import Document

    with open(plan_docx.value.path(), "rb") as fh:
        plan_doc = Document(io.BytesIO(fh.read()))
    assert vision.title in "\n".join(p.text for p in plan_doc.paragraphs)
    guest.locator("input[name=position][value=supports_with_changes]").focus()
    guest.keyboard.press("Space")
    keyboard_fill(guest, "textarea[name=summary]", "Sambruk ser gärna samverkan.")
    keyboard_press(guest, "form[action$='/save/'] button")
    guest.locator("select[name=item_uid]").focus()
    guest.keyboard.press("ArrowDown")  # the first item after "the document as a whole"
    guest.locator("select[name=kind]").focus()
    guest.keyboard.press("ArrowDown")
    keyboard_fill(guest, "textarea[name=text]", "Nämn samverkan inom Sambruk uttryckligen.")
    keyboard_press(guest, "form[action$='/comments/add/'] button")
    assert "Nämn samverkan inom Sambruk uttryckligen." in guest.locator("main").inner_text()
    axe_check(guest)
    keyboard_press(guest, "form[action$='/submit/'] button")
    assert guest.locator(".status--late").count() >= 1  # flagged late, in text too
    axe_check(guest)
    context.close()

    # Back to the strategist: the overview shows the late answer; record a disposition.
    page.goto(round_path)
    assert page.locator("tr", has_text="Föreningen Sambruk").locator(".status--late").count()
    page.goto(round_path + "comments/")
    axe_check(page)
    with page.expect_navigation():
        page.locator("a[href*='/disposition/']").first.click()
    axe_check(page)
    page.check("input[name=kind][value=not_accepted]")
    page.fill("textarea[name=motivation]", "Samverkan beskrivs i handlingsplanen.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "Samverkan beskrivs i handlingsplanen." in page.locator("main").inner_text()

    # The summary, as a page, a PDF and a Word document.
    page.goto(round_path + "summary/")
    axe_check(page)
    with page.expect_download() as pdf_download:
        page.locator("a[href$='summary.pdf']").click()
    pdf = PdfReader(pdf_download.value.path())
    pdf_text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    with page.expect_download() as docx_download:
        page.locator("a[href$='summary.docx']").click()
    with open(docx_download.value.path(), "rb") as fh:
        doc = Document(io.BytesIO(fh.read()))
    docx_text = "\n".join(p.text for p in doc.paragraphs)
    docx_text += "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    for text in (pdf_text, docx_text):
        assert "Nämn samverkan inom Sambruk uttryckligen." in text
        assert "Samverkan beskrivs i handlingsplanen." in text
        assert "Sambruk ser gärna samverkan." in text  # the appendix
        assert "FABS AB" in text  # the list of consultees
        assert "2017.676 KS" in text


def test_demo_round_pages(page, login, axe_check, demo_data, url):
    from malbild.consultation.models import ConsultationRound
    from malbild.demo.consultation import CURRENT_TITLE

    # The 2018 remiss (the demo also has a current one, still open).
    round_ = ConsultationRound.objects.exclude(title=CURRENT_TITLE).get(
        organisation__slug="alingsas"
    )
    login(page, "alingsas-lasare")
    page.goto(url("consultation:round-detail", org="alingsas", pk=round_.pk))
    assert "Kultur- och fritidsnämnden" in page.locator("main").inner_text()
    axe_check(page)
    page.goto(url("consultation:summary", org="alingsas", pk=round_.pk))
    assert "Antal e-tjänster" in page.locator("main").inner_text()
    axe_check(page)

    # The demo respondent sees its own body's response and nothing else of the round.
    page.context.clear_cookies()
    login(page, "alingsas-remiss-kfn")
    page.goto(url("consultation:round-list", org="alingsas"))
    with page.expect_navigation():
        page.locator(
            f"main a[href*='/consultations/{round_.pk}/']", has_text="Kultur- och fritidsnämnden"
        ).first.click()
    assert "2018.032 KFN" in page.locator("main").inner_text()
    axe_check(page)
