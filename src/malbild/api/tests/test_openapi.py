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
    "/api/v1/organisations/{org}/documents/{document_id}/spreadsheet": {"get"},
    "/api/v1/organisations/{org}/documents/{document_id}/imports": {"post"},
    "/api/v1/organisations/{org}/imports/{uid}": {"get"},
    "/api/v1/organisations/{org}/imports/{uid}/preview": {"post"},
    "/api/v1/organisations/{org}/imports/{uid}/confirm": {"post"},
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
    # The page states its language (axe: html-has-lang, serious) and has a main landmark.
    html = response.content.decode()
    assert '<html lang="en">' in html and '<main id="swagger-ui">' in html
    assert "/static/ninja/swagger-ui-bundle" in html and "cdn" not in html.lower()


def _schema_classes(annotation, seen):
    """The pydantic model classes in a type annotation (lists, unions, dicts), recursively
    with those of their fields."""
    from typing import get_args

    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _schema_classes(field.annotation, seen)
        return
    for arg in get_args(annotation):
        _schema_classes(arg, seen)


def test_no_two_schemas_share_a_name():
    """ninja publishes one component per class name: two classes with one name would make
    one operation documented with the other's shape."""
    from malbild.api.router import api

    seen: set = set()
    routers = [router for _prefix, router in api._routers]
    while routers:
        router = routers.pop()
        routers.extend(entry[1] for entry in getattr(router, "_routers", []))
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _schema_classes(model, seen)
                for response in (operation.response_models or {}).values():
                    _schema_classes(response, seen)
    by_name: dict[str, set] = {}
    for cls in seen:
        by_name.setdefault(cls.__name__, set()).add(cls)
    # ninja's own per-operation wrappers (params models, list wrappers) are generated per
    # operation with fixed names; only our schema classes (module malbild.*) count.
    clashes = {
        name: sorted(f"{c.__module__}.{c.__qualname__}" for c in classes)
        for name, classes in by_name.items()
        if len({c for c in classes if c.__module__.startswith("malbild.")}) > 1
    }
    assert not clashes, clashes


def test_every_operation_documents_its_errors(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert {"ErrorOut", "ValidationErrorOut", "ConflictOut"} <= set(schema["components"]["schemas"])
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            assert {"401", "403", "404", "409", "413", "422", "500"} <= statuses, (path, method)
            ref = operation["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/ValidationErrorOut")


def test_the_openapi_document_is_built_once_per_process():
    # Building it took 0.3 s idle and over 2 s on a loaded machine, on every request of the
    # document and so of the Swagger UI page (whose browser tests timed out under load).
    from malbild.api.router import api

    first = api.get_openapi_schema(path_prefix="/api/v1/")
    assert api.get_openapi_schema(path_prefix="/api/v1/") is first
    assert api.get_openapi_schema(path_prefix="/other/") is not first
    assert "/api/v1/organisations" in "".join(first["paths"])
