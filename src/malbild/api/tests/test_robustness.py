"""No input gives a 5xx (hardening §1): out-of-range pagination and ids, `null` for optional
text in PATCH, bodies over the upload limit, lone surrogates and control characters, blank
titles, and unexpected exceptions — all answer in the API's JSON error format."""

import json

import pytest
from django.test import Client, override_settings

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    OverallGoalFactory,
)

from .helpers import token_for

ORG = "/organisations/alingsas"
BIG = 99999999999999999999


def raw(user, method: str, path: str, body: str | bytes | None = None):
    headers = {**token_for(user), "Accept-Language": "en"}
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=body, content_type="application/json")
    return getattr(Client(), method)("/api/v1" + path, **kwargs)


@pytest.mark.parametrize(
    "path",
    ["/documents", "/activities", "/catalogue", "/bodies", "/decisions", "/indicators"],
)
def test_offset_beyond_64_bits_is_422(api_as, strategist, path):
    response = api_as(strategist).get(ORG + path, offset=2**63, limit=10)
    assert response.status_code == 422
    response = api_as(strategist).get(ORG + path, limit=2**64)
    assert response.status_code == 422


def test_foreign_key_and_m2m_ids_beyond_64_bits_are_422(api_as, strategist, org, body):
    document = DocumentFactory(organisation=org)
    api = api_as(strategist)
    base = {"document": document.pk, "title": "A", "responsible_body": body.pk}
    response = api.post(ORG + "/activities", {**base, "catalogue_items": [BIG]})
    assert response.status_code == 422, response.content
    response = api.post(ORG + "/activities", {**base, "responsible_body": BIG})
    assert response.status_code == 422, response.content
    activity = ActivityFactory(document=document, responsible_body=body)
    response = api.patch(ORG + f"/activities/{activity.uid}", {"goals": {"add": [BIG]}})
    assert response.status_code == 422, response.content


def test_reader_is_refused_before_relations_are_resolved(api_as, reader, editor, org, body):
    """A well-formed body with ids that do not exist: 403 for a reader (and an editor where
    only strategists may write), not a 422 telling which ids exist. (A malformed body — an id
    beyond 64 bits — is a 422 for everybody: the schema is checked before the endpoint.)"""
    document = DocumentFactory(organisation=org)
    activity = ActivityFactory(document=document, responsible_body=body)
    api = api_as(reader)
    payload = {"document": 12345, "title": "A", "responsible_body": 12345}
    assert api.post(ORG + "/activities", payload).status_code == 403
    response = api.patch(ORG + f"/activities/{activity.uid}", {"goals": [12345]})
    assert response.status_code == 403
    decision = {"body": 12345, "date": "2024-01-01", "title": "D", "distribution": [12345]}
    assert api.post(ORG + "/decisions", decision).status_code == 403
    assert api_as(editor).post(ORG + "/decisions", decision).status_code == 403
    new_body = {"name": "X", "kind": "board", "parent": 12345}
    assert api.post(ORG + "/bodies", new_body).status_code == 403


def test_patch_null_for_optional_text_is_not_a_500(api_as, strategist, org, body):
    document = DocumentFactory(organisation=org)
    activity = ActivityFactory(document=document, responsible_body=body)
    line = BudgetLineFactory(activity=activity)
    goal = OverallGoalFactory(document=document)
    area = FocusAreaFactory(document=document)
    api = api_as(strategist)
    for path, field in [
        (f"/documents/{document.uid}", "description"),
        (f"/activities/{activity.uid}", "description"),
        (f"/budget-lines/{line.uid}", "financing_source"),
        (f"/overall-goals/{goal.uid}", "description"),
        (f"/focus-areas/{area.uid}", "description"),
    ]:
        response = api.patch(ORG + path, {field: None})
        assert response.status_code in (200, 422), (path, response.content)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_body_over_the_upload_limit_is_413_json(strategist):
    response = raw(strategist, "post", ORG + "/documents", json.dumps({"description": "x" * 3000}))
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_lone_surrogate_is_422(strategist):
    body = '{"kind": "action_plan", "title": "x\\ud800y"}'
    response = raw(strategist, "post", ORG + "/documents", body)
    assert response.status_code == 422, response.content


@pytest.mark.parametrize("text", ["a\x00b", "a\x07b", "a\x1bb", "a\x7fb"])
def test_control_characters_are_refused_with_a_field_message(api_as, strategist, text):
    response = api_as(strategist).post(ORG + "/documents", {"kind": "action_plan", "title": text})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "title"


def test_tab_newline_and_cr_are_allowed(api_as, strategist):
    response = api_as(strategist).post(
        ORG + "/documents",
        {"kind": "action_plan", "title": "Plan", "description": "a\tb\nc\r\nd"},
    )
    assert response.status_code == 201, response.content


def test_whitespace_only_title_is_refused(api_as, strategist, org):
    api = api_as(strategist)
    response = api.post(ORG + "/documents", {"kind": "action_plan", "title": "  \t "})
    assert response.status_code == 422
    document = DocumentFactory(organisation=org)
    response = api.patch(ORG + f"/documents/{document.uid}", {"title": "   "})
    assert response.status_code == 422


def test_unexpected_exception_is_a_json_500(strategist, monkeypatch):
    from malbild.strategy import selectors

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "document_list", boom)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1" + ORG + "/documents", headers=token_for(strategist))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}
