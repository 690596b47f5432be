"""Consultees read the version they are asked to comment on: a page under the consultation
for respondents by account and holders of a secret link (no login), with the frozen items as
they were sent out and no ids on the page; only the round's consultees and staff who can see
the round get it (others 404, a revoked or expired link the link refusal); the version as
PDF and Word through the plan export, for the link's round only; the invitation and the
consultee's calendar file carry the addresses; fixed query counts at two sizes."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from malbild.accounts.constants import Role
from malbild.consultation import exports, services
from malbild.consultation.tests.factories import ConsulteeFactory, RoundFactory, VersionFactory
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.strategy import services as strategy_services
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def live_round(version, strategist_access, body, external_body, other_body):
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss: handlingsplanen",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body, external_body, other_body],
    )


def url(name, round_, **kw):
    return reverse(
        f"consultation:{name}", kwargs={"org": round_.organisation.slug, "pk": round_.pk, **kw}
    )


def visible_text(html: str) -> str:
    """The page as read: without tags and attributes (ids in `id=`/`href=` are not shown)."""
    body = html.split("<main", 1)[-1]
    return re.sub(r"<[^>]+>", " ", body)


def enter_link(client, round_, strategist_access, body, *, page="link-enter"):
    consultee = round_.consultees.get(body=body)
    link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    org = round_.organisation.slug
    response = client.get(reverse(f"consultation:{page}", kwargs={"org": org, "token": raw}))
    return link, raw, response


# The page ---------------------------------------------------------------------------------


def test_respondent_with_account_reads_the_version(client, live_round, respondent, body, plan):
    client.force_login(respondent)
    consultee = live_round.consultees.get(body=body)
    # Measured on main: the strategy version page is closed to a respondent.
    strategy_page = reverse(
        "strategy:version-detail",
        kwargs={"org": live_round.organisation.slug, "pk": plan["document"].pk, "number": 1},
    )
    assert client.get(strategy_page).status_code in (403, 404)
    response_page = client.get(url("response", live_round, cid=consultee.pk)).content.decode()
    version_url = url("version", live_round, cid=consultee.pk)
    assert f'href="{version_url}"' in response_page
    assert f'href="{url("version-pdf", live_round, cid=consultee.pk)}"' in response_page
    assert f'href="{url("version-docx", live_round, cid=consultee.pk)}"' in response_page

    page = client.get(version_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert plan["document"].title in html
    for text in ("Inledning", "Handlingsplanen löper i tre år.", "Digitala tjänster"):
        assert text in html
    assert "Antal e-tjänster" in html and "E-arkiv" in html
    assert html.count("<h1") == 1
    # no ids, uids or codes on the page as read
    shown = visible_text(html)
    assert not UUID_RE.search(shown)
    assert "focus_area" not in shown and "draft" not in shown
    # a comment link per item leads to the response form with that item chosen
    fa_uid = str(plan["focus_area"].uid)
    assert f"{url('response', live_round, cid=consultee.pk)}?concerns={fa_uid}#add-comment" in html
    form = client.get(url("response", live_round, cid=consultee.pk) + f"?concerns={fa_uid}")
    assert f'<option value="{fa_uid}" selected>' in form.content.decode()


def test_reader_and_strategist_see_it_without_comment_links(
    client, live_round, reader, strategist, body, plan
):
    consultee = live_round.consultees.get(body=body)
    client.force_login(reader)
    page = client.get(url("version", live_round, cid=consultee.pk))
    assert page.status_code == 200 and "Digitala tjänster" in page.content.decode()
    assert "?concerns=" not in page.content.decode()  # a reader does not answer
    client.force_login(strategist)
    assert client.get(url("version", live_round, cid=consultee.pk)).status_code == 200


def test_others_get_404(client, org, live_round, body, external_body, outsider):
    consultee = live_round.consultees.get(body=body)
    # a respondent of a body that is not asked in this round
    stranger_body = BodyFactory(organisation=org, name="Överförmyndarnämnden")
    stranger = UserFactory(
        username="remiss-ofn", role=Role.RESPONDENT, organisation=org, bodies=[stranger_body]
    )
    # a respondent of another consultee of the same round
    neighbour = UserFactory(
        username="remiss-sambruk", role=Role.RESPONDENT, organisation=org, bodies=[external_body]
    )
    for user in (stranger, neighbour, outsider):
        client.force_login(user)
        for name in ("version", "version-pdf", "version-docx"):
            assert client.get(url(name, live_round, cid=consultee.pk)).status_code == 404, (
                user.username,
                name,
            )
    client.logout()
    anonymous = client.get(url("version", live_round, cid=consultee.pk))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_secret_link_reads_the_version_without_login(
    client, live_round, strategist_access, external_body, plan
):
    _link, raw, entered = enter_link(
        client, live_round, strategist_access, external_body, page="link-enter-version"
    )
    org = live_round.organisation.slug
    link_version = reverse("consultation:link-version", kwargs={"org": org})
    assert entered.status_code == 302 and entered["Location"] == link_version
    page = client.get(link_version)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Digitala tjänster" in html and raw not in html
    assert not UUID_RE.search(visible_text(html))
    # the response page (link mode) links to the version and its files, not to the token
    response_page = client.get(reverse("consultation:link-response", kwargs={"org": org}))
    text = response_page.content.decode()
    assert f'href="{link_version}"' in text
    assert f'href="{reverse("consultation:link-version-pdf", kwargs={"org": org})}"' in text
    assert f'href="{reverse("consultation:link-version-docx", kwargs={"org": org})}"' in text
    assert "deadline.ics" not in text  # the invitation carries the addresses instead


def test_revoked_or_expired_link_refused_on_version_and_files(
    client, live_round, strategist_access, external_body
):
    org = live_round.organisation.slug
    for name in ("version", "version-pdf", "version-docx"):
        page = reverse(f"consultation:link-{name}", kwargs={"org": org})
        link, _raw, _entered = enter_link(client, live_round, strategist_access, external_body)
        services.secret_link_revoke(access=strategist_access, link=link)
        refused = client.get(page)
        assert refused.status_code == 410, name
        assert "consultation/link_refused.html" in [t.name for t in refused.templates]
    # expired: the deadline and its grace lie in the past
    for name in ("version", "version-pdf", "version-docx"):
        page = reverse(f"consultation:link-{name}", kwargs={"org": org})
        type(live_round).objects.filter(pk=live_round.pk).update(deadline=live_round.deadline)
        enter_link(client, live_round, strategist_access, external_body)
        type(live_round).objects.filter(pk=live_round.pk).update(
            deadline=timezone.localdate() - datetime.timedelta(days=60)
        )
        refused = client.get(page)
        assert refused.status_code == 410, name
        assert "consultation/link_refused.html" in [t.name for t in refused.templates]


def test_link_without_session_is_refused(client, live_round):
    org = live_round.organisation.slug
    for name in ("version", "version-pdf", "version-docx"):
        assert client.get(
            reverse(f"consultation:link-{name}", kwargs={"org": org})
        ).status_code == (404)


# Files --------------------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def docx_text(content: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_account_downloads_pdf_and_word(client, live_round, respondent, body, plan):
    client.force_login(respondent)
    consultee = live_round.consultees.get(body=body)
    pdf = client.get(url("version-pdf", live_round, cid=consultee.pk))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment")
    assert "Digitala tjänster" in pdf_text(pdf.content)
    word = client.get(url("version-docx", live_round, cid=consultee.pk))
    assert word.status_code == 200
    assert word["Content-Type"] == exports.DOCX_TYPE
    assert "Digitala tjänster" in docx_text(word.content)


def test_link_downloads_only_its_own_rounds_version(
    client, org, live_round, strategist_access, external_body, plan
):
    """After the round's version was sent out the working copy changed and a second round on
    another document exists: the link holder's files show the consulted version only."""
    strategy_services.item_update(
        access=strategist_access, instance=plan["focus_area"], data={"title": "Ändrad rubrik"}
    )
    other_doc = DocumentFactory(organisation=org, title="Digital strategi för skolan")
    FocusAreaFactory(document=other_doc, number="9", title="Skolans tjänster")
    RoundFactory(version=VersionFactory(document=other_doc), title="Skolremissen")
    enter_link(client, live_round, strategist_access, external_body)
    slug = live_round.organisation.slug
    pdf = client.get(reverse("consultation:link-version-pdf", kwargs={"org": slug}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "Digitala tjänster" in text
    assert "Ändrad rubrik" not in text and "Skolans tjänster" not in text
    word = client.get(reverse("consultation:link-version-docx", kwargs={"org": slug}))
    assert word.status_code == 200
    text = docx_text(word.content)
    assert "Digitala tjänster" in text and "Skolans tjänster" not in text


# Invitation and calendar --------------------------------------------------------------------


def test_invitation_text_has_both_links(live_round, external_body):
    consultee = live_round.consultees.get(body=external_body)
    text = exports.invitation_text(
        round=live_round,
        consultee=consultee,
        url="https://malbild.example/o/alingsas/remiss/rm_abc/",
        version_url="https://malbild.example/o/alingsas/remiss/rm_abc/version/",
    )
    assert "https://malbild.example/o/alingsas/remiss/rm_abc/\n" in text
    assert "https://malbild.example/o/alingsas/remiss/rm_abc/version/" in text
    assert "PDF" in text and "Word" in text


def test_new_link_page_shows_both_links_and_they_work(client, live_round, strategist):
    client.force_login(strategist)
    consultee = live_round.consultees.get(body__name="Föreningen Sambruk")
    page = client.post(url("link-create", live_round, cid=consultee.pk)).content.decode()
    email = re.search(r'<textarea id="email-text"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    links = re.findall(r"https?://\S+", email)
    version_link = next(a for a in links if a.endswith("/version/"))
    response_link = next(a for a in links if not a.endswith("/version/"))
    assert response_link + "version/" == version_link
    assert "läsa i webbläsaren" in email  # Swedish by default
    client.logout()
    path = version_link.split("testserver", 1)[1]
    entered = client.get(path)
    assert entered.status_code == 302
    assert client.get(entered["Location"]).status_code == 200


def test_api_link_answer_has_both_links(client, live_round, strategist):
    client.force_login(strategist)
    consultee = live_round.consultees.get(body__name="Föreningen Sambruk")
    api = f"/api/v1/organisations/alingsas/consultations/{live_round.pk}"
    data = client.post(f"{api}/consultees/{consultee.pk}/links").json()
    assert data["version_url"] == data["url"] + "version/"
    assert data["url"] in data["invitation"] and data["version_url"] in data["invitation"]


def test_consultee_calendar_file_has_both_addresses(client, live_round, respondent, body):
    client.force_login(respondent)
    consultee = live_round.consultees.get(body=body)
    response = client.get(url("consultee-ics", live_round, cid=consultee.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode().replace("\r\n ", "")
    assert f"DTSTART;VALUE=DATE:{live_round.deadline:%Y%m%d}" in text
    assert f"URL:http://testserver{url('response', live_round, cid=consultee.pk)}" in text
    assert f"http://testserver{url('version', live_round, cid=consultee.pk)}" in text
    page = client.get(url("response", live_round, cid=consultee.pk)).content.decode()
    assert url("consultee-ics", live_round, cid=consultee.pk) in page
    other = live_round.consultees.get(body__name="Föreningen Sambruk")
    assert client.get(url("consultee-ics", live_round, cid=other.pk)).status_code == 404


# Query counts -------------------------------------------------------------------------------


def test_version_page_query_count_constant(
    client, org, body, respondent, plan, django_assert_num_queries
):
    document = plan["document"]
    small = RoundFactory(version=VersionFactory(document=document), title="Liten")
    ConsulteeFactory(round=small, body=body)
    for i in range(8):
        fa = FocusAreaFactory(document=document, number=str(10 + i), title=f"Område {i}")
        IndicatorFactory(document=document, name=f"Mått {i}").focus_areas.set([fa])
    large = RoundFactory(version=VersionFactory(document=document), title="Stor")
    ConsulteeFactory(round=large, body=body)
    client.force_login(respondent)

    def page(round_):
        return url("version", round_, cid=round_.consultees.get().pk)

    small_url, large_url = page(small), page(large)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(small_url).status_code == 200
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = client.get(large_url)
    assert response.status_code == 200 and "Område 7" in response.content.decode()


def test_link_version_page_query_count_constant(
    client, org, plan, strategist_access, external_body, django_assert_num_queries
):
    document = plan["document"]
    small = RoundFactory(
        version=VersionFactory(document=document),
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    ConsulteeFactory(round=small, body=external_body)
    for i in range(8):
        FocusAreaFactory(document=document, number=str(10 + i), title=f"Område {i}")
    large = RoundFactory(
        version=VersionFactory(document=document),
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    ConsulteeFactory(round=large, body=external_body)
    page = reverse("consultation:link-version", kwargs={"org": org.slug})
    enter_link(client, small, strategist_access, external_body)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    count = len(ctx.captured_queries)  # read now: the next request resets the query log
    enter_link(client, large, strategist_access, external_body)
    with django_assert_num_queries(count):
        response = client.get(page)
    assert response.status_code == 200 and "Område 7" in response.content.decode()


def test_link_download_is_the_cached_file_of_the_version(
    client, live_round, strategist, strategist_access, external_body, monkeypatch
):
    """The strategist's download of the consulted version (through the background exports)
    is cached; a link holder's download is that file, not rendered again."""
    version = live_round.version
    client.force_login(strategist)
    made = client.get(
        reverse(
            "strategy:version-export",
            kwargs={
                "org": live_round.organisation.slug,
                "pk": version.document.pk,
                "number": version.number,
                "fmt": "pdf",
            },
        )
    )
    assert made.status_code == 200
    client.logout()

    def not_again(**kwargs):
        raise AssertionError("the cached file should have been served")

    monkeypatch.setattr("malbild.consultation.views.version.plan_exports.plan_file", not_again)
    enter_link(client, live_round, strategist_access, external_body)
    slug = live_round.organisation.slug
    pdf = client.get(reverse("consultation:link-version-pdf", kwargs={"org": slug}))
    assert pdf.status_code == 200 and pdf.content == made.content
