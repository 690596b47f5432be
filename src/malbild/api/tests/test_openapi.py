"""The OpenAPI document generates, lists every path of the core API with a summary, declares
both authentication schemes, and the interactive docs page is served."""

from django.test import Client

PATHS = {
    "/api/v1/organisations": {"get"},
    "/api/v1/organisations/{org}": {"get", "patch"},
    "/api/v1/organisations/{org}/bodies": {"get", "post"},
    "/api/v1/organisations/{org}/bodies/{body_id}": {"get", "patch", "delete"},
    "/api/v1/me": {"get"},
    "/api/v1/tokens": {"get", "post"},
    "/api/v1/tokens/{token_id}": {"delete"},
    "/api/v1/organisations/{org}/documents": {"get", "post"},
    "/api/v1/organisations/{org}/documents/{document_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/documents/{document_id}/transition": {"post"},
    "/api/v1/organisations/{org}/documents/{document_id}/sections": {"get", "post"},
    "/api/v1/organisations/{org}/sections/{item_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/documents/{document_id}/overall-goals": {"get", "post"},
    "/api/v1/organisations/{org}/overall-goals/{item_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/focus-areas": {"get"},
    "/api/v1/organisations/{org}/documents/{document_id}/focus-areas": {"post"},
    "/api/v1/organisations/{org}/focus-areas/{item_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/goals": {"get"},
    "/api/v1/organisations/{org}/focus-areas/{item_id}/goals": {"post"},
    "/api/v1/organisations/{org}/goals/{item_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/indicators": {"get"},
    "/api/v1/organisations/{org}/documents/{document_id}/indicators": {"post"},
    "/api/v1/organisations/{org}/indicators/{item_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/indicators/{item_id}/targets/{year}": {"put", "delete"},
    "/api/v1/organisations/{org}/documents/{document_id}/versions": {"get", "post"},
    "/api/v1/organisations/{org}/documents/{document_id}/versions/{number}": {"get"},
    "/api/v1/organisations/{org}/documents/{document_id}/compare": {"get"},
    "/api/v1/organisations/{org}/decisions": {"get", "post"},
    "/api/v1/organisations/{org}/decisions/{item_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/activities": {"get", "post"},
    "/api/v1/organisations/{org}/activities/{activity_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/activities/{activity_id}/transition": {"post"},
    "/api/v1/organisations/{org}/activities/{activity_id}/budget-lines": {"get", "post"},
    "/api/v1/organisations/{org}/budget-lines/{line_id}": {"get", "patch", "delete"},
    "/api/v1/organisations/{org}/catalogue": {"get", "post"},
    "/api/v1/organisations/{org}/catalogue/{item_id}": {"get", "patch", "delete"},
}


def test_openapi_document_lists_the_paths(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Målbild API"
    for path, methods in PATHS.items():
        assert path in schema["paths"], path
        assert methods <= set(schema["paths"][path]), path
        for method in methods:
            operation = schema["paths"][path][method]
            assert operation.get("summary"), (path, method)
            assert operation.get("security"), (path, method)  # no anonymous access


def test_security_schemes_declared(db):
    schemes = Client().get("/api/v1/openapi.json").json()["components"]["securitySchemes"]
    kinds = {(s["type"], s.get("scheme") or s.get("in")) for s in schemes.values()}
    assert ("http", "bearer") in kinds
    assert ("apiKey", "cookie") in kinds


def test_list_answers_are_paginated_in_the_schema(db):
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/organisations/{org}/activities"]["get"]
    params = {p["name"] for p in operation["parameters"]}
    assert {"limit", "offset", "document", "body", "status", "year", "focus_area", "q"} <= params


def test_docs_page(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content
