"""The API's error format: service validation errors → 422 with field locations and
translated messages, the database unchanged; schema errors → 422 in the same shape;
PermissionDenied → 403; other organisations' objects and organisations → 404."""

import pytest

from malbild.actionplan.models import Activity, BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.catalogue.models import CatalogueItem
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.organisation.models import Body
from malbild.strategy.models import Indicator, SteeringDocument
from malbild.strategy.tests.factories import (
    DecisionFactory,
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    OverallGoalFactory,
    SectionFactory,
)

ORG = "/organisations/alingsas"


def locs(response) -> dict[str, str]:
    """{field: first message} from a 422 answer."""
    out = {}
    for error in response.json()["detail"]:
        assert error["type"] == "value_error" or error["type"]
        out.setdefault(error["loc"][-1], error["msg"])
    return out


def snapshot_counts():
    return (
        SteeringDocument.objects.count(),
        Activity.objects.count(),
        BudgetLine.objects.count(),
        Indicator.objects.count(),
        CatalogueItem.objects.count(),
        Body.objects.count(),
        AuditEntry.objects.count(),
    )


def test_service_validation_error_shape(api_as, strategist):
    api = api_as(strategist)
    before = snapshot_counts()
    response = api.post(
        ORG + "/documents",
        {"kind": "action_plan", "title": "Plan", "period_start": 2020, "period_end": 2018},
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "period_end"],
                "msg": "The last year cannot be before the first year.",
                "type": "value_error",
            }
        ]
    }
    assert snapshot_counts() == before


def test_messages_follow_the_language(api_as, strategist):
    payload = {"kind": "action_plan", "title": "Plan", "period_start": 2020, "period_end": 2018}
    sv = api_as(strategist, language="sv").post(ORG + "/documents", payload)
    en = api_as(strategist, language="en").post(ORG + "/documents", payload)
    assert sv.status_code == en.status_code == 422
    assert locs(en)["period_end"] == "The last year cannot be before the first year."
    # Django's own messages come translated with Django
    blank_sv = api_as(strategist, language="sv").post(
        ORG + "/documents", {"kind": "action_plan", "title": ""}
    )
    assert locs(blank_sv)["title"] == "Detta fält får inte vara tomt."


def test_several_fields_reported(api_as, strategist):
    response = api_as(strategist).post(
        ORG + "/documents", {"kind": "nonsense", "title": "", "period_start": 1200}
    )
    assert response.status_code == 422
    assert {"kind", "title", "period_start"} <= set(locs(response))
    assert not SteeringDocument.objects.exists()


def test_schema_errors_have_the_same_shape(api_as, strategist):
    response = api_as(strategist).post(ORG + "/documents", {"title": 5, "period_start": "x"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert all({"loc", "msg", "type"} <= set(d) for d in detail)
    assert {d["loc"][0] for d in detail} == {"body"}
    assert {"kind", "period_start"} <= {d["loc"][-1] for d in detail}
    assert not SteeringDocument.objects.exists()


def test_relation_to_another_organisation_is_422_on_the_field(api_as, strategist, org, other_org):
    doc = DocumentFactory(organisation=org)
    foreign_body = BodyFactory(organisation=other_org)
    api = api_as(strategist)
    before = snapshot_counts()
    response = api.post(
        ORG + "/activities",
        {"document": doc.pk, "title": "Åtgärd", "responsible_body": foreign_body.pk},
    )
    assert response.status_code == 422
    assert set(locs(response)) == {"responsible_body"}
    assert snapshot_counts() == before
    swedish = api_as(strategist, language="sv").post(
        ORG + "/activities",
        {"document": doc.pk, "title": "Åtgärd", "responsible_body": foreign_body.pk},
    )
    assert locs(swedish)["responsible_body"].startswith("Välj ett giltigt alternativ")


def test_activity_update_rejected_changes_nothing(api_as, strategist, org, body):
    activity = ActivityFactory(document=DocumentFactory(organisation=org), responsible_body=body)
    api = api_as(strategist)
    before = snapshot_counts()
    response = api.patch(
        ORG + f"/activities/{activity.pk}",
        {"title": "Ny titel", "start_year": 2020, "end_year": 2019},
    )
    assert response.status_code == 422
    assert set(locs(response)) == {"end_year"}
    activity.refresh_from_db()
    assert activity.title != "Ny titel"
    assert snapshot_counts() == before


def test_budget_line_negative_amount(api_as, editor, org, body):
    activity = ActivityFactory(document=DocumentFactory(organisation=org), responsible_body=body)
    api = api_as(editor)
    before = snapshot_counts()
    response = api.post(
        ORG + f"/activities/{activity.pk}/budget-lines",
        {"year": 2019, "kind": "investment", "amount": "-5"},
    )
    assert response.status_code == 422
    assert locs(response) == {"amount": "The amount cannot be negative."}
    assert snapshot_counts() == before


def test_disallowed_transition_is_422_on_status(api_as, strategist, org, body):
    activity = ActivityFactory(
        document=DocumentFactory(organisation=org), responsible_body=body, status="cancelled"
    )
    response = api_as(strategist).post(
        ORG + f"/activities/{activity.pk}/transition", {"status": "done"}
    )
    assert response.status_code == 422
    assert "status" in locs(response)
    activity.refresh_from_db()
    assert activity.status == "cancelled"

    doc = DocumentFactory(organisation=org, status="archived")
    response = api_as(strategist).post(ORG + f"/documents/{doc.pk}/transition", {"status": "draft"})
    assert response.status_code == 422
    assert "status" in locs(response)
    doc.refresh_from_db()
    assert doc.status == "archived"


def test_delete_refused_while_referenced_is_422(api_as, admin_user, org, body):
    ActivityFactory(document=DocumentFactory(organisation=org), responsible_body=body)
    response = api_as(admin_user).delete(ORG + f"/bodies/{body.pk}")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]
    assert Body.objects.filter(pk=body.pk).exists()


def test_permission_denied_is_403_with_message(api_as, reader, org):
    response = api_as(reader).post(ORG + "/documents", {"kind": "vision", "title": "Vision"})
    assert response.status_code == 403
    assert response.json() == {"detail": "You may not edit steering documents."}
    assert not SteeringDocument.objects.exists()


def test_missing_is_404(api_as, reader, org):
    response = api_as(reader).get(ORG + "/activities/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}
    sv = api_as(reader, language="sv").get(ORG + "/activities/999999")
    assert sv.json() == {"detail": "Hittades inte"}
    anonymous = api_as(None, language="sv").get(ORG + "/activities")
    assert anonymous.status_code == 401
    assert anonymous.json() == {"detail": "Inloggning krävs"}


@pytest.fixture
def foreign(other_org):
    """One object of every kind in the other organisation."""
    body = BodyFactory(organisation=other_org)
    doc = DocumentFactory(organisation=other_org)
    fa = FocusAreaFactory(document=doc)
    activity = ActivityFactory(document=doc, responsible_body=body)
    return {
        "bodies": body.pk,
        "documents": doc.pk,
        "sections": SectionFactory(document=doc).pk,
        "overall-goals": OverallGoalFactory(document=doc).pk,
        "focus-areas": fa.pk,
        "goals": GoalFactory(focus_area=fa).pk,
        "indicators": IndicatorFactory(document=doc).pk,
        "activities": activity.pk,
        "budget-lines": BudgetLineFactory(activity=activity).pk,
        "catalogue": CatalogueItemFactory(organisation=other_org).pk,
        "decisions": DecisionFactory(body=body).pk,
    }


def test_other_organisation_is_404(api_as, admin_user, outsider, foreign):
    api = api_as(admin_user)  # admin of alingsas, no role in kristianstad
    assert api.get("/organisations/kristianstad").status_code == 404
    assert api.get("/organisations/kristianstad/activities").status_code == 404
    assert api.get("/organisations/nowhere/activities").status_code == 404
    assert api.patch("/organisations/kristianstad", {"name": "X"}).status_code == 404
    for kind, pk in foreign.items():
        # asked for under their own organisation's path: the user has no role there
        assert api.get(f"/organisations/kristianstad/{kind}/{pk}").status_code == 404
        # and under the user's own organisation: they do not exist there
        assert api.get(f"{ORG}/{kind}/{pk}").status_code == 404, kind
        assert api.patch(f"{ORG}/{kind}/{pk}", {}).status_code == 404, kind
        assert api.delete(f"{ORG}/{kind}/{pk}").status_code == 404, kind
    # the outsider's own organisation still has everything
    assert (
        api_as(outsider)
        .get(f"/organisations/kristianstad/activities/{foreign['activities']}")
        .status_code
        == 200
    )


def test_other_organisations_not_listed(api_as, admin_user, other_org, foreign):
    listed = api_as(admin_user).get("/organisations").json()
    assert [o["slug"] for o in listed["items"]] == ["alingsas"]
    assert api_as(admin_user).get(ORG + "/activities").json()["count"] == 0
