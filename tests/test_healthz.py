"""GET /healthz answers 200 while the database is reachable and 503 when it is not.

Load balancers and monitoring poll it anonymously, so it needs no login and no organisation.
"""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_is_200_with_the_database_reachable(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error"}
    # The error text (which may name hosts or users) is not exposed.
    assert b"Connection refused" not in response.content


@pytest.mark.django_db
def test_healthz_needs_no_login_and_is_served_at_the_root(client):
    response = client.get("/healthz")

    assert response.status_code == 200
