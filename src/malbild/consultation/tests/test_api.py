"""The consultation API: strategists open, extend, close and revise rounds, create and revoke
secret links and record dispositions; respondents reach only their own body's response;
link holders (X-Consultation-Token) only theirs; guessed, revoked tokens → 401; errors as
422 naming the field; other organisations 404; the summary as JSON; the OpenAPI schema lists
the endpoints."""

import datetime

import pytest
from django.utils import timezone

from malbild.consultation import services
from malbild.consultation.models import Comment, ConsultationRound, Response
from malbild.strategy.constants import DocumentStatus

API = "/api/v1/organisations/alingsas/consultations"


@pytest.fixture
def live_round(version, strategist_access, body, external_body, other_body):
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body, external_body, other_body],
    )


def test_open_round(client, strategist, version, body, ks, plan):
    client.force_login(strategist)
    bad = client.post(
        API,
        {"version_id": version.pk, "title": "Remiss", "deadline": "2030-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "bodies"]
    assert not ConsultationRound.objects.exists()
    response = client.post(
        API,
        {
            "version_id": version.pk,
            "title": "Remiss",
            "deadline": "2030-01-01",
            "body_ids": [body.pk],
            "quick": ["committees"],
            "decision": {"body_id": ks.pk, "date": "2018-02-28", "paragraph": "8"},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["decision"] == "KSAU 2018-02-28 § 8"
    assert {c["body_name"] for c in data["consultees"]} == {body.name}
    plan["document"].refresh_from_db()
    assert plan["document"].status == DocumentStatus.IN_CONSULTATION


def test_permissions(client, live_round, reader, outsider, respondent, body, external_body):
    client.force_login(reader)
    assert client.get(f"{API}/{live_round.pk}").status_code == 200
    r = client.post(f"{API}/{live_round.pk}/close", {}, content_type="application/json")
    assert r.status_code == 403
    client.force_login(outsider)
    assert client.get(f"{API}/{live_round.pk}").status_code == 404
    client.force_login(respondent)
    own = live_round.consultees.get(body=body)
    other = live_round.consultees.get(body=external_body)
    assert client.get(f"{API}/{live_round.pk}").status_code == 404
    assert client.get(f"{API}/{live_round.pk}/consultees/{other.pk}/response").status_code == 404
    assert client.get(f"{API}/{live_round.pk}/consultees/{own.pk}/response").status_code == 200
    listed = client.get(API).json()
    assert [r["id"] for r in listed["items"]] == [live_round.pk]


def test_respondent_flow_and_disposition(client, live_round, respondent, strategist, body, plan):
    client.force_login(respondent)
    own = live_round.consultees.get(body=body)
    base = f"{API}/{live_round.pk}/consultees/{own.pk}/response"
    bad = client.post(
        base + "/comments",
        {"item_uid": "00000000-0000-4000-8000-000000000000", "kind": "add", "text": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "item_uid"]
    assert not Response.objects.exists()  # no empty draft left behind
    r = client.put(base, {"position": "opposes", "summary": "Nej"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["responses"][0]["status"] == "draft"
    r = client.post(
        base + "/comments",
        {"item_uid": str(plan["indicator"].uid), "kind": "change", "text": "Fel mått"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["item_label"] == "Antal e-tjänster"
    bad = client.post(
        base + "/comments", {"kind": "change", "text": ""}, content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "text"]
    r = client.post(base + "/submit")
    assert r.status_code == 200 and r.json()["responses"][0]["status"] == "submitted"
    comment = Comment.objects.get()
    client.force_login(strategist)
    r = client.put(
        f"{API}/{live_round.pk}/comments/{comment.pk}/disposition",
        {"kind": "not_accepted", "motivation": "Behålls"},
        content_type="application/json",
    )
    assert r.status_code == 200
    summary = client.get(f"{API}/{live_round.pk}/summary").json()
    assert summary["items"][0]["label"] == "Antal e-tjänster"
    assert summary["items"][0]["comment_count"] == 1 == summary["comment_count"]
    assert summary["not_accepted_count"] == 1 and summary["handled_count"] == 1
    assert summary["consultees"]
    not_accepted = client.get(f"{API}/{live_round.pk}/summary/not-accepted").json()
    assert not_accepted["count"] == 1 and not_accepted["items"][0]["text"] == "Fel mått"
    assert not_accepted["items"][0]["disposition"]["motivation"] == "Behålls"
    responses = client.get(f"{API}/{live_round.pk}/summary/responses").json()
    assert responses["count"] == summary["response_count"] == 1
    assert responses["items"][0]["comments"][0]["text"] == "Fel mått"
    comments = client.get(f"{API}/{live_round.pk}/comments").json()
    assert comments["count"] == 1
    assert comments["items"][0]["disposition"]["kind"] == "not_accepted"


def test_link_holder_api(client, live_round, strategist, external_body):
    client.force_login(strategist)
    consultee = live_round.consultees.get(body=external_body)
    r = client.post(f"{API}/{live_round.pk}/consultees/{consultee.pk}/links")
    assert r.status_code == 201
    token, link_id = r.json()["token"], r.json()["id"]
    assert "/remiss/" + token in r.json()["url"]
    client.logout()
    h = {"HTTP_X_CONSULTATION_TOKEN": token}
    r = client.put(
        "/api/v1/consultation-link/response",
        {"position": "no_opinion", "summary": "Inget att erinra"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200
    assert r.json()["consultee"]["body_name"] == "Föreningen Sambruk"
    assert client.post("/api/v1/consultation-link/response/submit", **h).status_code == 200
    assert Response.objects.get().via == "link"
    guessed = {"HTTP_X_CONSULTATION_TOKEN": token[:-2] + "xx"}
    assert client.get("/api/v1/consultation-link/response", **guessed).status_code == 401
    client.force_login(strategist)
    assert client.post(f"{API}/{live_round.pk}/links/{link_id}/revoke").status_code == 204
    client.logout()
    assert client.get("/api/v1/consultation-link/response", **h).status_code == 401


def test_extend_close_revise(client, live_round, strategist):
    client.force_login(strategist)
    r = client.post(
        f"{API}/{live_round.pk}/extensions",
        {"new_deadline": "2000-01-01", "reason": "x"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "new_deadline"]
    r = client.post(
        f"{API}/{live_round.pk}/extensions",
        {"new_deadline": "2040-01-01", "reason": "Fler nämnder"},
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["extensions"][0]["reason"] == "Fler nämnder"
    r = client.post(
        f"{API}/{live_round.pk}/revise", {"label": "Rev"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["revised_version_id"]
    r = client.post(
        f"{API}/{live_round.pk}/close", {"note": "Klar"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "closed"


def test_openapi_lists_endpoints(client, strategist):
    client.force_login(strategist)
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/organisations/{org}/consultations/{round_id}/summary" in paths
    assert "/api/v1/consultation-link/response" in paths
