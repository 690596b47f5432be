"""Drafts stay private outside the response page: the organisation overview's recent changes
list no entry about a draft response, its comments or attachments (whose object text carries
the draft's content) unless the viewer may read that draft (a respondent of the body, a
strategist); submitted content appears once the viewer may read it."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from malbild.consultation import selectors, services
from malbild.consultation.permissions import Responder
from malbild.core.models import AuditEntry

MARKER = "CONFIDENTIAL-DRAFT-7f3a"


@pytest.fixture
def draft(version, strategist_access, body, respondent, access_of):
    round_ = services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body],
    )
    responder = Responder(access=access_of(respondent))
    consultee = round_.consultees.get(body=body)
    response = services.response_save_draft(
        responder=responder,
        consultee=consultee,
        data={"summary": f"{MARKER} summary", "position": "supports"},
    )
    services.comment_add(
        responder=responder,
        response=response,
        data={"kind": "change", "text": f"{MARKER} comment", "item_uid": ""},
    )
    services.attachment_add(
        responder=responder,
        response=response,
        upload=SimpleUploadedFile(f"{MARKER}.pdf", b"%PDF-1.4 x"),
    )
    return round_, response, responder


def overview_html(client, user, org):
    user.refresh_from_db()
    client.force_login(user)
    return client.get(reverse("organisation:overview", kwargs={"org": org.slug})).content.decode()


def test_draft_content_hidden_from_readers_and_editors(client, draft, org, reader, editor):
    assert AuditEntry.objects.filter(object_repr__contains=MARKER).exists()
    for user in (reader, editor):
        html = overview_html(client, user, org)
        assert MARKER not in html
        assert "Remiss" in html or "recent-heading" in html  # other entries still listed


def test_draft_content_visible_to_a_strategist(client, draft, org, strategist):
    # A strategist may register (and so read) any consultee's response.
    assert MARKER in overview_html(client, strategist, org)


def test_visible_audit_filter_follows_read_rules(draft, access_of, reader, strategist):
    round_, response, responder = draft
    entries = AuditEntry.objects.filter(object_repr__contains=MARKER)
    assert not entries.filter(selectors.audit_visible(access_of(reader))).exists()
    assert entries.filter(selectors.audit_visible(access_of(strategist))).exists()
    services.response_submit(responder=responder, response=response)
    # Submitted, round still open: readers still do not read it ...
    assert not entries.filter(selectors.audit_visible(access_of(reader))).exists()


def test_secret_link_use_and_refusal_are_security_events(
    client, version, strategist_access, body, org, caplog
):
    import logging

    round_ = services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body],
    )
    link, raw = services.secret_link_create(
        access=strategist_access, consultee=round_.consultees.get(body=body)
    )
    enter = reverse("consultation:link-enter", kwargs={"org": org.slug, "token": raw})
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        client.get(enter)
        services.secret_link_revoke(access=strategist_access, link=link)
        client.get(enter)
        client.get(reverse("consultation:link-enter", kwargs={"org": org.slug, "token": "rm_x"}))
    events = [r.security for r in caplog.records if r.name == "malbild.security"]
    assert [e["event"] for e in events] == ["link.used", "link.refused", "link.refused"]
    assert [e.get("reason") for e in events[1:]] == ["revoked", "unknown"]
    assert raw not in caplog.text
