"""No lost updates and no other tenants in the consultation round: answers carry
`ETag: "<lock_version>"`, a stale `If-Match` on a PUT, DELETE or object action answers 409
with the saved state and changes nothing, a missing one still works; edit forms carry the
version, a stale save shows the conflict page; another organisation's body, round or comment
is not found (404) in the services."""

import datetime
import re

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from malbild.consultation import services
from malbild.consultation.models import Comment, ConsultationRound, Response
from malbild.consultation.permissions import Responder
from malbild.core.tests.factories import BodyFactory

API = "/api/v1/organisations/alingsas/consultations"
JSON = "application/json"

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_round(version, strategist_access, body, external_body):
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body, external_body],
    )


@pytest.fixture
def draft_comment(live_round, respondent, access_of, body):
    responder = Responder(access=access_of(respondent))
    consultee = live_round.consultees.get(body=body)
    draft = services.response_save_draft(
        responder=responder, consultee=consultee, data={"summary": "Utkast"}
    )
    comment = services.comment_add(
        responder=responder, response=draft, data={"kind": "change", "text": "Första"}
    )
    return consultee, draft, comment


def test_round_etag_and_stale_close(client, strategist, live_round):
    client.force_login(strategist)
    detail = client.get(f"{API}/{live_round.pk}")
    assert detail["ETag"] == '"1"' and detail.json()["lock_version"] == 1
    stale = client.post(
        f"{API}/{live_round.pk}/close", {}, content_type=JSON, headers={"If-Match": '"7"'}
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["lock_version"] == 1
    assert stale.json()["current"]["status"] == "open"
    assert ConsultationRound.objects.get().status == "open"
    ok = client.post(
        f"{API}/{live_round.pk}/close", {}, content_type=JSON, headers={"If-Match": '"1"'}
    )
    assert ok.status_code == 200 and ok["ETag"] == '"2"'


def test_extend_without_if_match_still_works(client, strategist, live_round):
    client.force_login(strategist)
    r = client.post(
        f"{API}/{live_round.pk}/extensions",
        {"new_deadline": "2040-01-01", "reason": "Fler svar"},
        content_type=JSON,
    )
    assert r.status_code == 201 and r.json()["lock_version"] == 2


def test_stale_comment_put_and_delete(client, respondent, draft_comment, live_round):
    consultee, draft, comment = draft_comment
    client.force_login(respondent)
    base = f"{API}/{live_round.pk}/consultees/{consultee.pk}/response"
    got = client.get(base)
    assert got["ETag"] == f'"{draft.lock_version}"'
    payload = {"kind": "change", "text": "Ändrad"}
    stale = client.put(
        f"{base}/comments/{comment.pk}", payload, content_type=JSON, headers={"If-Match": '"9"'}
    )
    assert stale.status_code == 409 and stale.json()["current"]["text"] == "Första"
    gone = client.delete(f"{base}/comments/{comment.pk}", headers={"If-Match": '"9"'})
    assert gone.status_code == 409 and Comment.objects.filter(pk=comment.pk).exists()
    ok = client.put(
        f"{base}/comments/{comment.pk}", payload, content_type=JSON, headers={"If-Match": '"1"'}
    )
    assert ok.status_code == 200 and ok["ETag"] == '"2"'
    assert Comment.objects.get(pk=comment.pk).text == "Ändrad"


def test_stale_draft_put(client, respondent, draft_comment, live_round):
    consultee, draft, _comment = draft_comment
    client.force_login(respondent)
    base = f"{API}/{live_round.pk}/consultees/{consultee.pk}/response"
    stale = client.put(base, {"summary": "Min"}, content_type=JSON, headers={"If-Match": '"9"'})
    assert stale.status_code == 409 and stale.json()["current"]["summary"] == "Utkast"
    assert Response.objects.get(pk=draft.pk).summary == "Utkast"
    assert client.put(base, {"summary": "Min"}, content_type=JSON).status_code == 200


def test_comment_form_carries_the_version_and_refuses_a_stale_save(
    client, respondent, draft_comment, live_round
):
    consultee, _draft, comment = draft_comment
    client.force_login(respondent)
    url = reverse(
        "consultation:comment-edit",
        kwargs={"org": "alingsas", "pk": live_round.pk, "cid": consultee.pk, "comment": comment.pk},
    )
    html = client.get(url).content.decode()
    assert re.search(r'<input type="hidden" name="lock_version" value="1"', html)
    data = {"item_uid": "", "kind": "change", "text": "Hens", "lock_version": "1"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "text": "Min"})
    assert response.status_code == 409
    assert 'name="resolve-text"' in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).text == "Hens"


def test_response_form_refuses_a_stale_save(client, respondent, draft_comment, live_round):
    consultee, draft, _comment = draft_comment
    client.force_login(respondent)
    page = reverse(
        "consultation:response",
        kwargs={"org": "alingsas", "pk": live_round.pk, "cid": consultee.pk},
    )
    html = client.get(page).content.decode()
    assert f'name="lock_version" value="{draft.lock_version}"' in html
    save = reverse(
        "consultation:response-save",
        kwargs={"org": "alingsas", "pk": live_round.pk, "cid": consultee.pk},
    )
    data = {"summary": "Hens", "lock_version": str(draft.lock_version)}
    assert client.post(save, data).status_code == 302
    assert client.post(save, {**data, "summary": "Min"}).status_code == 409
    assert Response.objects.get(pk=draft.pk).summary == "Hens"


def test_other_organisations_objects_are_not_found(
    strategist_access, live_round, version, other_org, respondent, access_of, draft_comment
):
    foreign = BodyFactory(organisation=other_org, name="Grannkommunen")
    with pytest.raises(Http404):
        services.consultee_add(access=strategist_access, round=live_round, body=foreign)
    services.consultation_round_close(access=strategist_access, round=live_round)
    with pytest.raises(Http404):
        services.consultation_round_open(
            access=strategist_access,
            version=version,
            title="Remiss 2",
            deadline=datetime.date(2040, 1, 1),
            bodies=[foreign],
        )
    outsider_access = access_of(respondent, other_org)
    _consultee, _draft, comment = draft_comment
    with pytest.raises(Http404):
        services.comment_update(
            responder=Responder(access=outsider_access), comment=comment, data={"text": "x"}
        )
    assert ConsultationRound.objects.count() == 1


def test_named_events_have_swedish_labels(live_round, strategist_access, external_body):
    from django.utils import translation

    from malbild.core.events import event_label
    from malbild.core.models import AuditEntry

    services.consultee_add(
        access=strategist_access,
        round=live_round,
        body=BodyFactory(organisation=live_round.organisation),
    )
    services.consultation_round_close(access=strategist_access, round=live_round)
    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {"consultation.round_opened", "consultation.consultee_added"} <= events
    assert "consultation.round_closed" in events
    with translation.override("sv"):
        assert event_label("consultation.round_closed") == "Remissomgång stängd"
        assert event_label("consultation.consultee_added") == "Remissinstans tillagd"
