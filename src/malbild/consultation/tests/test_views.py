"""Consultation pages: wiring, permissions per role (other organisations get 404), the secret
link flow without login (token never in a logged address, refused tokens), rejected forms
that change nothing, fixed query counts on the overview and summary pages whatever the number
of responses, and the summary as PDF and DOCX with the expected sections and comments."""

import datetime
import io
import logging
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from malbild.consultation import services
from malbild.consultation.constants import ResponseStatus
from malbild.consultation.models import Attachment, Comment, ConsultationRound, Response
from malbild.consultation.permissions import Responder
from malbild.consultation.tests.factories import CommentFactory, ConsulteeFactory, ResponseFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory


@pytest.fixture
def live_round(version, strategist_access, body, external_body, other_body):
    """A round whose deadline lies ahead (so links work and responses are on time)."""
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss: handlingsplanen",
        registry_number="2017.676 KS",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body, external_body, other_body],
    )


def url(name, round_, **kw):
    return reverse(
        f"consultation:{name}", kwargs={"org": round_.organisation.slug, "pk": round_.pk, **kw}
    )


def test_round_list_per_role(client, org, live_round, strategist, reader, respondent, outsider):
    list_url = reverse("consultation:round-list", kwargs={"org": org.slug})
    client.force_login(strategist)
    page = client.get(list_url).content.decode()
    assert live_round.title in page
    assert reverse("consultation:round-create", kwargs={"org": org.slug}) in page
    client.force_login(reader)
    assert live_round.title in client.get(list_url).content.decode()
    client.force_login(respondent)
    page = client.get(list_url).content.decode()
    assert (
        url(
            "response",
            live_round,
            cid=live_round.consultees.get(body__name__startswith="Kultur").pk,
        )
        in page
    )
    client.force_login(outsider)
    assert client.get(list_url).status_code == 404
    assert client.get(url("round-detail", live_round)).status_code == 404


def test_open_round_through_the_form(client, org, strategist, version, body, plan):
    BodyFactory(organisation=org, name="FABS AB", company=True)
    BodyFactory(organisation=org, name="Alingsåshem AB", company=True)
    client.force_login(strategist)
    create = reverse("consultation:round-create", kwargs={"org": org.slug})
    assert client.get(create).status_code == 200
    data = {
        "version": version.pk,
        "title": "Remiss",
        "sent_on": "2018-02-28",
        "deadline": "2018-04-05",
        "quick": ["companies"],
        "bodies": [body.pk],
    }
    bad = client.post(create, {**data, "quick": [], "bodies": []})
    assert bad.status_code == 200
    assert (
        "Choose at least one consultee" in bad.content.decode()
        or "minst en" in bad.content.decode()
    )
    assert not ConsultationRound.objects.exists()
    response = client.post(create, data)
    round_ = ConsultationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == url("round-detail", round_)
    assert sorted(round_.consultees.values_list("body__name", flat=True)) == [
        "Alingsåshem AB",
        "FABS AB",
        "Kultur- och fritidsnämnden",
    ]


@pytest.mark.parametrize("who", ["reader", "editor", "respondent"])
def test_only_strategists_manage(client, live_round, request, who):
    client.force_login(request.getfixturevalue(who))
    for name in ("round-extend", "round-close", "handling", "round-revise"):
        assert client.get(url(name, live_round)).status_code in (403, 404)
    response = client.post(
        url("round-extend", live_round), {"new_deadline": "2040-01-01", "reason": "x"}
    )
    assert response.status_code in (403, 404)
    live_round.refresh_from_db()
    assert live_round.extensions.count() == 0


def test_extend_form_error_names_field_and_changes_nothing(client, strategist, live_round):
    client.force_login(strategist)
    response = client.post(
        url("round-extend", live_round), {"new_deadline": "2000-01-01", "reason": "Tidigare"}
    )
    assert response.status_code == 200
    assert 'id="id_new_deadline_error"' in response.content.decode()
    assert live_round.extensions.count() == 0


def test_respondent_sees_only_own_body(client, live_round, respondent, body, external_body):
    client.force_login(respondent)
    own = live_round.consultees.get(body=body)
    other = live_round.consultees.get(body=external_body)
    assert client.get(url("response", live_round, cid=own.pk)).status_code == 200
    assert client.get(url("response", live_round, cid=other.pk)).status_code == 404
    assert client.get(url("round-detail", live_round)).status_code == 404


def test_reader_sees_submitted_responses_only_after_close(
    client, live_round, reader, respondent, access_of, body, strategist_access
):
    kfn = Responder(access=access_of(respondent))
    consultee = live_round.consultees.get(body=body)
    response = services.response_save_draft(
        responder=kfn, consultee=consultee, data={"position": "supports", "summary": "Hemligt"}
    )
    services.response_submit(responder=kfn, response=response)
    client.force_login(reader)
    page_url = url("response", live_round, cid=consultee.pk)
    assert "Hemligt" not in client.get(page_url).content.decode()
    assert client.get(url("summary", live_round)).status_code == 403
    # …so the round's page does not link to it while the round is open (found by the crawl).
    summary_link = f'href="{url("summary", live_round)}"'
    assert summary_link not in client.get(url("round-detail", live_round)).content.decode()
    services.consultation_round_close(access=strategist_access, round=live_round)
    assert "Hemligt" in client.get(page_url).content.decode()
    assert "Hemligt" in client.get(url("summary", live_round)).content.decode()
    assert summary_link in client.get(url("round-detail", live_round)).content.decode()


def test_respondent_writes_draft_comment_and_submits(client, live_round, respondent, body, plan):
    client.force_login(respondent)
    consultee = live_round.consultees.get(body=body)
    base = url("response", live_round, cid=consultee.pk)
    r = client.post(base + "save/", {"position": "supports_with_changes", "summary": "Kultur"})
    assert r.status_code == 302
    r = client.post(
        base + "comments/add/",
        {"item_uid": str(plan["focus_area"].uid), "kind": "add", "text": "Eget målområde"},
    )
    assert r.status_code == 302
    bad = client.post(base + "comments/add/", {"item_uid": "", "kind": "add", "text": ""})
    assert bad.status_code == 400 and Comment.objects.count() == 1
    comment = Comment.objects.get()
    r = client.post(
        base + f"comments/{comment.pk}/edit/",
        {"item_uid": "", "kind": "question", "text": "Ändrad"},
    )
    comment.refresh_from_db()
    assert (comment.text, comment.item_uid) == ("Ändrad", "")
    assert client.post(base + "submit/").status_code == 302
    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED and not response.is_late
    # read-only now: editing a comment of a submitted response is not found
    assert client.post(base + f"comments/{comment.pk}/delete/").status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_attachment_rejected_through_the_form(client, live_round, respondent, body):
    client.force_login(respondent)
    base = url("response", live_round, cid=live_round.consultees.get(body=body).pk)
    exe = SimpleUploadedFile("yttrande.pdf", b"MZ\x90\x00" + b"\x00" * 64)
    response = client.post(base + "attachments/add/", {"file": exe})
    assert response.status_code == 400
    content = response.content.decode()
    assert 'id="id_file_error"' in content and "PDF" in content
    assert not Attachment.objects.exists()
    assert not Response.objects.exists()  # no empty draft left behind
    ok = SimpleUploadedFile("yttrande.pdf", b"%PDF-1.4 test")
    assert client.post(base + "attachments/add/", {"file": ok}).status_code == 302
    att = Attachment.objects.get()
    download = client.get(base + f"attachments/{att.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"


# Secret links ----------------------------------------------------------------------------------


def make_link(live_round, strategist_access, external_body):
    consultee = live_round.consultees.get(body=external_body)
    return services.secret_link_create(access=strategist_access, consultee=consultee)


def test_link_flow_without_login(client, live_round, strategist_access, external_body, caplog):
    _link, raw = make_link(live_round, strategist_access, external_body)
    org = live_round.organisation.slug
    enter = reverse("consultation:link-enter", kwargs={"org": org, "token": raw})
    response = client.get(enter)
    svar = reverse("consultation:link-response", kwargs={"org": org})
    assert response.status_code == 302 and response["Location"] == svar
    assert raw not in response["Location"]
    page = client.get(svar)
    assert page.status_code == 200 and "Föreningen Sambruk" in page.content.decode()
    assert (
        client.post(
            svar + "save/", {"position": "no_opinion", "summary": "Inget att erinra"}
        ).status_code
        == 302
    )
    assert client.post(svar + "submit/").status_code == 302
    response = Response.objects.get()
    assert response.via == "link" and response.consultee.body == external_body
    # a guessed token is refused and not written to the request log
    with caplog.at_level(logging.WARNING, logger="django.request"):
        guessed = client.get(enter[:-6] + "AAAAA/")
    assert guessed.status_code == 404
    assert "rm_" not in caplog.text


def test_link_holder_cannot_reach_other_pages(
    client, live_round, strategist_access, external_body, body
):
    _link, raw = make_link(live_round, strategist_access, external_body)
    org = live_round.organisation.slug
    client.get(reverse("consultation:link-enter", kwargs={"org": org, "token": raw}))
    other = live_round.consultees.get(body=body)
    assert client.get(url("response", live_round, cid=other.pk)).status_code == 302  # to login
    assert client.get(url("round-detail", live_round)).status_code == 302


def test_revoked_link_refused_even_in_open_session(
    client, live_round, strategist_access, external_body, strategist
):
    link, raw = make_link(live_round, strategist_access, external_body)
    org = live_round.organisation.slug
    svar = reverse("consultation:link-response", kwargs={"org": org})
    client.get(reverse("consultation:link-enter", kwargs={"org": org, "token": raw}))
    assert client.get(svar).status_code == 200
    services.secret_link_revoke(access=strategist_access, link=link)
    assert client.get(svar).status_code == 410
    assert client.post(svar + "save/", {"summary": "x"}).status_code in (404, 410)
    assert not Response.objects.exists()
    fresh = client.get(reverse("consultation:link-enter", kwargs={"org": org, "token": raw}))
    assert fresh.status_code == 410


def test_link_page_for_strategist_shows_link_once(client, live_round, strategist, external_body):
    client.force_login(strategist)
    consultee = live_round.consultees.get(body=external_body)
    response = client.post(url("link-create", live_round, cid=consultee.pk))
    content = response.content.decode()
    assert response.status_code == 200 and "/remiss/rm_" in content
    assert "2017.676 KS" in content  # the e-mail text
    overview = client.get(url("round-detail", live_round)).content.decode()
    assert "/remiss/rm_" not in overview


def test_new_link_offers_to_revoke_the_older_ones(client, live_round, strategist, external_body):
    client.force_login(strategist)
    consultee = live_round.consultees.get(body=external_body)
    create = url("link-create", live_round, cid=consultee.pk)
    client.post(create)
    client.post(create, {"revoke_older": ""})  # unticked: both stay active
    assert consultee.links.filter(revoked_at__isnull=True).count() == 2
    page = client.get(url("round-detail", live_round)).content.decode()
    assert 'name="revoke_older"' in page and "checked" in page
    assert "Återkalla tidigare länkar" in page
    response = client.post(create, {"revoke_older": "1"})  # the checkbox's default
    assert "2 tidigare länkar har återkallats" in response.content.decode()
    active = list(consultee.links.filter(revoked_at__isnull=True))
    assert len(active) == 1 and active[0] == consultee.links.order_by("-id").first()
    assert AuditEntry.objects.filter(event="consultation.link_revoked").count() == 2


def test_link_list_shows_when_and_by_whom(client, live_round, strategist, external_body):
    strategist.first_name, strategist.last_name = "Stina", "Strateg"
    strategist.save()
    client.force_login(strategist)
    consultee = live_round.consultees.get(body=external_body)
    client.post(url("link-create", live_round, cid=consultee.pk))
    link = consultee.links.get()
    page = client.get(url("round-detail", live_round)).content.decode()
    assert f"{timezone.localtime(link.created_at):%Y-%m-%d %H:%M}" in page
    assert "Stina Strateg" in page


def test_ics(client, live_round, reader):
    client.force_login(reader)
    response = client.get(url("round-ics", live_round))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert f"DTSTART;VALUE=DATE:{live_round.deadline:%Y%m%d}" in text and "BEGIN:VEVENT" in text


# Query counts -----------------------------------------------------------------------------------


def add_responses(round_, n, start=0):
    for i in range(n):
        consultee = ConsulteeFactory(
            round=round_,
            body=BodyFactory(organisation=round_.organisation, name=f"Bolag {start + i}"),
        )
        response = ResponseFactory(consultee=consultee, submitted=True)
        CommentFactory(response=response, item_uid="")
        CommentFactory(response=response, item_uid="")
        Attachment.objects.create(
            organisation=round_.organisation,
            response=response,
            file="consultation/x.pdf",
            original_name="a.pdf",
            file_type="pdf",
            size=10,
            sha256="0" * 64,
        )


@pytest.mark.parametrize("name", ["round-detail", "summary", "handling"])
def test_query_count_constant(client, strategist, live_round, django_assert_num_queries, name):
    client.force_login(strategist)
    add_responses(live_round, 1)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url(name, live_round)).status_code == 200
    add_responses(live_round, 6, start=10)
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert client.get(url(name, live_round)).status_code == 200


# Exports ---------------------------------------------------------------------------------------


@pytest.fixture
def handled_round(live_round, strategist_access, respondent, access_of, body, plan, other_body):
    kfn = Responder(access=access_of(respondent))
    consultee = live_round.consultees.get(body=body)
    response = services.response_save_draft(
        responder=kfn,
        consultee=consultee,
        data={"position": "supports_with_changes", "summary": "Förvaltningen saknar kulturen."},
    )
    c1 = services.comment_add(
        responder=kfn,
        response=response,
        data={
            "item_uid": str(plan["focus_area"].uid),
            "kind": "add",
            "text": "Kultur och fritid saknas.",
        },
    )
    c2 = services.comment_add(
        responder=kfn,
        response=response,
        data={
            "item_uid": str(plan["indicator"].uid),
            "kind": "change",
            "text": "Antal e-tjänster mäter fel sak.",
        },
    )
    services.response_submit(responder=kfn, response=response)
    services.disposition_set(
        access=strategist_access, comment=c1, kind="accepted", motivation="Infört i målområdet."
    )
    services.disposition_set(
        access=strategist_access, comment=c2, kind="not_accepted", motivation="Mätetalet behålls."
    )
    from malbild.strategy import services as strategy_services

    strategy_services.item_update(
        access=strategist_access, instance=plan["focus_area"], data={"title": "Kultur och tjänster"}
    )
    services.consultation_round_revise(access=strategist_access, round=live_round, label="Rev")
    return live_round


def test_summary_pdf_text(client, strategist, handled_round):
    from pypdf import PdfReader

    client.force_login(strategist)
    response = client.get(url("summary-pdf", handled_round))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "Remiss: handlingsplanen",
        "Kultur och fritid saknas.",
        "Antal e-tjänster mäter fel sak.",
        "Mätetalet behålls.",
        "Föreningen Sambruk",
        "Förvaltningen saknar kulturen.",
    ):
        assert expected in text, expected


def test_summary_docx_text(client, strategist, handled_round):
    from docx import Document

    client.force_login(strategist)
    response = client.get(url("summary-docx", handled_round))
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert doc.core_properties.author == handled_round.organisation.name
    paragraphs = [p.text for p in doc.paragraphs]
    text = "\n".join(paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells
    )
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 8
    for expected in (
        "Kultur och fritid saknas.",
        "Antal e-tjänster mäter fel sak.",
        "Mätetalet behålls.",
        "Föreningen Sambruk",
        "Förvaltningen saknar kulturen.",
        "Kultur och tjänster",
    ):
        assert expected in text, expected


def test_response_page_query_count_constant(
    client, live_round, respondent, access_of, body, django_assert_num_queries
):
    kfn = Responder(access=access_of(respondent))
    consultee = live_round.consultees.get(body=body)
    draft = services.response_save_draft(responder=kfn, consultee=consultee, data={})
    services.comment_add(responder=kfn, response=draft, data={"kind": "add", "text": "1"})
    client.force_login(respondent)
    page = url("response", live_round, cid=consultee.pk)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    for i in range(5):
        services.comment_add(responder=kfn, response=draft, data={"kind": "add", "text": str(i)})
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert client.get(page).status_code == 200


@pytest.mark.parametrize("suffix", ["", "/summary"])
def test_api_query_count_constant(
    client, strategist, live_round, django_assert_num_queries, suffix
):
    client.force_login(strategist)
    api = f"/api/v1/organisations/alingsas/consultations/{live_round.pk}{suffix}"
    add_responses(live_round, 1)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(api).status_code == 200
    add_responses(live_round, 5, start=20)
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert client.get(api).status_code == 200


def test_strategist_registers_paper_response_with_date(client, live_round, strategist, body):
    client.force_login(strategist)
    base = url("response", live_round, cid=live_round.consultees.get(body=body).pk)
    client.post(base + "save/", {"position": "supports", "summary": "Per post"})
    page = client.get(base).content.decode()
    assert 'name="received_on"' in page
    bad = client.post(base + "submit/", {"received_on": "not a date"})
    assert bad.status_code == 302 and Response.objects.get().status == ResponseStatus.DRAFT
    client.post(base + "submit/", {"received_on": "2018-03-20"})
    response = Response.objects.get()
    assert response.status == ResponseStatus.SUBMITTED and response.via == "registrar"
    assert timezone.localtime(response.submitted_at).date() == datetime.date(2018, 3, 20)


def test_correction_and_decline_through_pages(
    client, live_round, respondent, access_of, body, other_body, strategist
):
    kfn = Responder(access=access_of(respondent))
    consultee = live_round.consultees.get(body=body)
    draft = services.response_save_draft(
        responder=kfn, consultee=consultee, data={"position": "opposes"}
    )
    services.response_submit(responder=kfn, response=draft)
    client.force_login(respondent)
    base = url("response", live_round, cid=consultee.pk)
    assert 'name="received_on"' not in client.get(base).content.decode()
    assert client.post(base + "correct/").status_code == 302
    assert list(consultee.responses.values_list("number", "status")) == [
        (1, "submitted"),
        (2, "draft"),
    ]
    assert client.post(base + "decline/", {"reason": "x"}).status_code == 302
    consultee.refresh_from_db()
    assert consultee.declined_at is None  # refused: a response was already submitted
    client.force_login(strategist)
    mn = live_round.consultees.get(body=other_body)
    mn_base = url("response", live_round, cid=mn.pk)
    assert client.post(mn_base + "decline/", {"reason": "Inget yttrande"}).status_code == 302
    mn.refresh_from_db()
    assert mn.declined_at is not None and mn.decline_reason == "Inget yttrande"


def test_reloading_the_new_link_page_does_not_fail(client, strategist, live_round):
    """Regression: a GET of the address that showed a new secret link (a reload, or the
    browser's back button) answered 500; it is refused with 405, nothing is issued."""
    from malbild.consultation.models import SecretLink

    client.force_login(strategist)
    consultee = live_round.consultees.first()
    before = SecretLink.objects.count()
    response = client.get(url("link-create", live_round, cid=consultee.pk))
    assert response.status_code == 405
    assert SecretLink.objects.count() == before


def test_summary_changes_table_reads_as_swedish_and_quotes_whole_words(
    client, strategist, handled_round
):
    """#10 §3: the column header read "Ändra" (the verb), field names were codes and quotes
    were cut mid-word."""
    from malbild.consultation.models import Comment

    comment = Comment.objects.get(text="Kultur och fritid saknas.")
    Comment.objects.filter(pk=comment.pk).update(
        text="Kultur och fritid saknas helt i planen och behöver ett eget målområde med "
        "mätbara mål för bibliotek, fritidsgårdar, kulturskola och föreningsliv i kommunen."
    )
    client.force_login(strategist)
    html = client.get(url("summary", handled_round)).content.decode()
    changes = html[html.index('id="changes-heading"') :]
    assert ">Typ av ändring<" in changes and ">Ändra<" not in changes
    assert ">titel<" in changes.lower() or ">Titel<" in changes  # the field's label, not "title"
    assert ">title<" not in changes
    comment.refresh_from_db()
    quote = re.search(r"“([^”]*)”", changes)[1]
    assert quote.endswith("…")
    assert quote[:-1].rstrip().split()[-1] in comment.text.split()  # a whole word
