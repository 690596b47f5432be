"""Plan files through the API: `GET …/documents/{ref}/export?format=pdf|docx` (the working
copy) and `GET …/documents/{ref}/versions/{n}/export?format=…` (a frozen version) answer the
file as an attachment to any role of the organisation, 404 to another organisation's token and
for an unknown version, 401 without a token, 422 with a message in the caller's language for
an unknown format; the OpenAPI document describes both content types; a fixed number of
queries whatever the plan's size."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from malbild.api.tests.helpers import ApiClient
from malbild.strategy import services
from malbild.strategy.tests.levels import build_levels
from malbild.strategy.tests.test_views_exports import DOCX, grow

ORG = "/organisations/alingsas"


@pytest.fixture
def levels(org, body):
    return build_levels(org, body, plan_activities=2, committee_plans=1)


@pytest.fixture
def version(levels, strategist, access_of):
    return services.version_freeze(access=access_of(strategist), document=levels.plan)


def working_copy(levels, fmt):
    return f"{ORG}/documents/{levels.plan.pk}/export?format={fmt}"


def frozen(levels, number, fmt):
    return f"{ORG}/documents/{levels.plan.pk}/versions/{number}/export?format={fmt}"


@pytest.mark.parametrize(("fmt", "content_type"), [("pdf", "application/pdf"), ("docx", DOCX)])
def test_reader_gets_the_working_copy_file(reader, levels, fmt, content_type):
    resp = ApiClient(reader).get(working_copy(levels, fmt))
    assert resp.status_code == 200
    assert resp["Content-Type"] == content_type
    assert resp["Content-Disposition"].startswith(
        'attachment; filename="handlingsplan-working-copy-'
    )  # the caller asked in English
    assert resp.content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_editor_gets_a_version_file_by_uid(editor, levels, version, fmt):
    path = f"{ORG}/documents/{levels.plan.uid}/versions/{version.number}/export?format={fmt}"
    resp = ApiClient(editor, language="sv").get(path)
    assert resp.status_code == 200
    assert resp["Content-Disposition"] == (
        f'attachment; filename="handlingsplan-version-{version.number}.{fmt}"'
    )


def test_unknown_format_is_422_in_the_callers_language(reader, levels, version):
    for language, message in (
        ("sv", "Välj filformatet pdf eller docx."),
        ("en", "Choose the file format pdf or docx."),
    ):
        api = ApiClient(reader, language=language)
        for path in (working_copy(levels, "xlsx"), frozen(levels, version.number, "PDF")):
            resp = api.get(path)
            assert resp.status_code == 422
            assert resp.json() == {
                "detail": [{"loc": ["body", "format"], "msg": message, "type": "value_error"}]
            }
    resp = ApiClient(reader).get(f"{ORG}/documents/{levels.plan.pk}/export")
    assert resp.status_code == 422  # no format at all


def test_other_organisation_and_unknown_version_are_404(outsider, reader, levels, version):
    other = ApiClient(outsider)
    assert other.get(working_copy(levels, "pdf")).status_code == 404
    assert other.get(frozen(levels, version.number, "docx")).status_code == 404
    assert ApiClient(reader).get(frozen(levels, 99, "pdf")).status_code == 404


def test_without_a_token_is_401(levels, version):
    assert ApiClient(None).get(working_copy(levels, "pdf")).status_code == 401
    assert ApiClient(None).get(frozen(levels, version.number, "pdf")).status_code == 401


def test_openapi_describes_the_files(db):
    schema = Client().get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/organisations/{org}/documents/{document_id}/export",
        "/api/v1/organisations/{org}/documents/{document_id}/versions/{number}/export",
    ):
        operation = schema["paths"][path]["get"]
        assert operation["summary"] and operation["security"]
        ok = operation["responses"]["200"]
        assert set(ok["content"]) == {"application/pdf", DOCX}
        assert "Content-Disposition" in ok["headers"]
        (param,) = [p for p in operation["parameters"] if p["name"] == "format"]
        assert param["in"] == "query" and param["schema"]["enum"] == ["pdf", "docx"]
        assert "422" in operation["responses"]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_fixed_number_of_queries(
    reader, strategist, body, levels, access_of, django_assert_num_queries, fmt
):
    api = ApiClient(reader)
    api.get("/me")  # the first use of a token records it
    grow(levels, body, 1)  # one of every kind: a kind with no rows skips its prefetch queries
    with CaptureQueriesContext(connection) as small:
        assert api.get(working_copy(levels, fmt)).status_code == 200
    grow(levels, body, 4)
    with django_assert_num_queries(len(small)):
        assert api.get(working_copy(levels, fmt)).status_code == 200
    first = services.version_freeze(access=access_of(strategist), document=levels.plan)
    with CaptureQueriesContext(connection) as one:
        assert api.get(frozen(levels, first.number, fmt)).status_code == 200
    grow(levels, body, 4)
    second = services.version_freeze(access=access_of(strategist), document=levels.plan)
    with django_assert_num_queries(len(one)):
        assert api.get(frozen(levels, second.number, fmt)).status_code == 200
