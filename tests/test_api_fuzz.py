"""Schemathesis over the whole /api/v1 OpenAPI document (hardening §1): every operation, as
a strategist and as a reader (personal tokens), with a bounded, derandomized number of
generated requests each. Fails on any server error (5xx) and on any answer the document
does not describe: an undocumented status code, content type or header, or a body that does
not match the response schema.

The organisation path parameter is always the fixture organisation, so requests reach real
objects (a small data set: a document with its parts, an activity, a budget line, a body, a
decision) rather than stopping at a 404. Marked `fuzz`; runs on SQLite and PostgreSQL."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import token_for
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.strategy.tests.factories import (
    DecisionFactory,
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    OverallGoalFactory,
    SectionFactory,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """schemathesis calls the WSGI application directly, not through Django's test client,
    so each request would run `close_old_connections` and close the test's connection (on
    PostgreSQL; SQLite's in-memory test database ignores it). Do as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(org, body, strategist, reader):
    """A little of everything in the organisation, and the two roles' headers."""
    document = DocumentFactory(organisation=org)
    SectionFactory(document=document)
    OverallGoalFactory(document=document)
    area = FocusAreaFactory(document=document)
    GoalFactory(focus_area=area)
    IndicatorFactory(document=document)
    DecisionFactory(body=body, document=document)
    activity = ActivityFactory(document=document, responsible_body=body)
    BudgetLineFactory(activity=activity)
    CatalogueItemFactory(organisation=org)
    return {
        "strategist": {**token_for(strategist), "Accept-Language": "en"},
        "reader": {**token_for(reader), "Accept-Language": "sv"},
    }


@schema.parametrize()
@seed(20240601)
@settings(
    max_examples=4,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_fuzz(case, world, org):
    if "org" in (case.path_parameters or {}):
        case.path_parameters["org"] = org.slug
    for headers in world.values():
        case.call_and_validate(headers=headers, checks=CHECKS)
