"""Every refused request is a `permission.denied` security event: pages, the API, CSRF."""

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient

pytestmark = pytest.mark.django_db

ORG = "/api/v1/organisations/alingsas"


def _denials(caplog) -> list[dict]:
    return [
        r.security
        for r in caplog.records
        if r.name == "malbild.security" and r.security["event"] == "permission.denied"
    ]


def test_a_refused_page_is_logged(client, org, reader, caplog):
    client.force_login(reader)
    url = reverse("strategy:document-create", kwargs={"org": org.slug})
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        response = client.post(url, {"kind": "vision", "title": "Vision"})
    assert response.status_code == 403
    [event] = _denials(caplog)
    assert event == {
        "event": "permission.denied",
        "user_id": reader.pk,
        "method": "POST",
        "path": url,
        "ip": "127.0.0.1",
        "api": False,
    }
    line = next(r for r in caplog.records if r.name == "malbild.security").getMessage()
    assert json.loads(line.removeprefix("security "))["event"] == "permission.denied"


def test_a_refused_api_call_is_logged(org, reader, caplog):
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        response = ApiClient(reader).post(ORG + "/documents", {"kind": "vision", "title": "V"})
    assert response.status_code == 403
    [event] = _denials(caplog)
    assert event["api"] is True and event["user_id"] == reader.pk


def test_a_csrf_failure_is_logged_and_allowed_requests_are_not(org, reader, caplog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        assert client.get(reverse("web:home")).status_code in (200, 302)
        assert not _denials(caplog)
        response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert _denials(caplog)[0]["method"] == "POST"


def test_token_use_is_logged_without_the_token(org, reader, caplog):
    client = ApiClient(reader)
    token = client.headers["Authorization"].removeprefix("Bearer ")
    with caplog.at_level(logging.INFO, logger="malbild.security"):
        assert client.get(ORG + "/documents").status_code == 200
    [used] = [r for r in caplog.records if r.security["event"] == "token.used"]
    assert used.security["user_id"] == reader.pk and used.security["method"] == "GET"
    assert token not in used.getMessage()
