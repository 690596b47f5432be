"""Every role × every kind of API write: admins manage bodies and the organisation;
strategists (and admins) write documents, their items, versions, decisions and the catalogue;
editors write the activities, budget lines and indicators of their own bodies; readers only
read. A refused write answers 403 and changes nothing (no row, no audit entry)."""

import pytest

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.core.models import AuditEntry
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
ROLES = ["admin_user", "strategist", "editor", "reader"]


@pytest.fixture
def world(org, body, other_body):
    doc = DocumentFactory(organisation=org)
    fa = FocusAreaFactory(document=doc)
    own = ActivityFactory(document=doc, responsible_body=body)
    foreign = ActivityFactory(document=doc, responsible_body=other_body)
    return {
        "body": body,
        "other_body": other_body,
        "doc": doc,
        "fa": fa,
        "goal": GoalFactory(focus_area=fa),
        "section": SectionFactory(document=doc),
        "og": OverallGoalFactory(document=doc),
        "own": own,
        "foreign": foreign,
        "own_line": BudgetLineFactory(activity=own),
        "own_ind": IndicatorFactory(document=doc, responsible_body=body),
        "foreign_ind": IndicatorFactory(document=doc, responsible_body=other_body),
        "item": CatalogueItemFactory(organisation=org),
        "decision": DecisionFactory(body=body, document=doc),
    }


# action → (callable(api, w), roles allowed, expected success status)
ACTIONS = {
    "organisation update": (
        lambda api, w: api.patch(ORG, {"population": 41000}),
        {"admin_user"},
        200,
    ),
    "body create": (
        lambda api, w: api.post(ORG + "/bodies", {"name": "Ny nämnd", "kind": "committee"}),
        {"admin_user"},
        201,
    ),
    "body update": (
        lambda api, w: api.patch(f"{ORG}/bodies/{w['body'].pk}", {"short_name": "KFN2"}),
        {"admin_user"},
        200,
    ),
    "body delete": (
        lambda api, w: api.delete(f"{ORG}/bodies/{w['other_body'].pk}"),
        set(),  # referenced by an activity: refused for admins too (422), 403 for others
        None,
    ),
    "document create": (
        lambda api, w: api.post(ORG + "/documents", {"kind": "vision", "title": "Vision"}),
        {"admin_user", "strategist"},
        201,
    ),
    "document update": (
        lambda api, w: api.patch(f"{ORG}/documents/{w['doc'].pk}", {"title": "Ny titel"}),
        {"admin_user", "strategist"},
        200,
    ),
    "document transition": (
        lambda api, w: api.post(
            f"{ORG}/documents/{w['doc'].pk}/transition", {"status": "in_consultation"}
        ),
        {"admin_user", "strategist"},
        200,
    ),
    "version freeze": (
        lambda api, w: api.post(f"{ORG}/documents/{w['doc'].pk}/versions", {"label": "v"}),
        {"admin_user", "strategist"},
        201,
    ),
    "section create": (
        lambda api, w: api.post(f"{ORG}/documents/{w['doc'].pk}/sections", {"heading": "Syfte"}),
        {"admin_user", "strategist"},
        201,
    ),
    "section update": (
        lambda api, w: api.patch(f"{ORG}/sections/{w['section'].pk}", {"body": "Text"}),
        {"admin_user", "strategist"},
        200,
    ),
    "section delete": (
        lambda api, w: api.delete(f"{ORG}/sections/{w['section'].pk}"),
        {"admin_user", "strategist"},
        204,
    ),
    "overall goal create": (
        lambda api, w: api.post(f"{ORG}/documents/{w['doc'].pk}/overall-goals", {"title": "Mål"}),
        {"admin_user", "strategist"},
        201,
    ),
    "focus area create": (
        lambda api, w: api.post(
            f"{ORG}/documents/{w['doc'].pk}/focus-areas",
            {"title": "Bredband", "number": "5.9", "overall_goals": [w["og"].pk]},
        ),
        {"admin_user", "strategist"},
        201,
    ),
    "focus area update": (
        lambda api, w: api.patch(f"{ORG}/focus-areas/{w['fa'].pk}", {"goal_text": "Mer"}),
        {"admin_user", "strategist"},
        200,
    ),
    "goal create": (
        lambda api, w: api.post(f"{ORG}/focus-areas/{w['fa'].pk}/goals", {"title": "Mål"}),
        {"admin_user", "strategist"},
        201,
    ),
    "goal delete": (
        lambda api, w: api.delete(f"{ORG}/goals/{w['goal'].pk}"),
        {"admin_user", "strategist"},
        204,
    ),
    "indicator create (own body)": (
        lambda api, w: api.post(
            f"{ORG}/documents/{w['doc'].pk}/indicators",
            {"name": "Andel e-tjänster", "responsible_body": w["body"].pk},
        ),
        {"admin_user", "strategist", "editor"},
        201,
    ),
    "indicator create (no body)": (
        lambda api, w: api.post(f"{ORG}/documents/{w['doc'].pk}/indicators", {"name": "X"}),
        {"admin_user", "strategist"},
        201,
    ),
    "indicator update (own body)": (
        lambda api, w: api.patch(f"{ORG}/indicators/{w['own_ind'].pk}", {"unit": "st"}),
        {"admin_user", "strategist", "editor"},
        200,
    ),
    "indicator update (other body)": (
        lambda api, w: api.patch(f"{ORG}/indicators/{w['foreign_ind'].pk}", {"unit": "st"}),
        {"admin_user", "strategist"},
        200,
    ),
    "indicator target (own body)": (
        lambda api, w: api.put(f"{ORG}/indicators/{w['own_ind'].pk}/targets/2020", {"value": 90}),
        {"admin_user", "strategist", "editor"},
        200,
    ),
    "indicator target (other body)": (
        lambda api, w: api.put(
            f"{ORG}/indicators/{w['foreign_ind'].pk}/targets/2020", {"value": 90}
        ),
        {"admin_user", "strategist"},
        200,
    ),
    "activity create (own body)": (
        lambda api, w: api.post(
            ORG + "/activities",
            {"document": w["doc"].pk, "title": "E-arkiv", "responsible_body": w["body"].pk},
        ),
        {"admin_user", "strategist", "editor"},
        201,
    ),
    "activity update (own body)": (
        lambda api, w: api.patch(f"{ORG}/activities/{w['own'].pk}", {"priority": "high"}),
        {"admin_user", "strategist", "editor"},
        200,
    ),
    "activity update (other body)": (
        lambda api, w: api.patch(f"{ORG}/activities/{w['foreign'].pk}", {"priority": "high"}),
        {"admin_user", "strategist"},
        200,
    ),
    "activity transition (own body)": (
        lambda api, w: api.post(
            f"{ORG}/activities/{w['own'].pk}/transition", {"status": "ongoing"}
        ),
        {"admin_user", "strategist", "editor"},
        200,
    ),
    "activity transition (other body)": (
        lambda api, w: api.post(
            f"{ORG}/activities/{w['foreign'].pk}/transition", {"status": "ongoing"}
        ),
        {"admin_user", "strategist"},
        200,
    ),
    "activity delete (other body)": (
        lambda api, w: api.delete(f"{ORG}/activities/{w['foreign'].pk}"),
        {"admin_user", "strategist"},
        204,
    ),
    "budget line create (own body)": (
        lambda api, w: api.post(
            f"{ORG}/activities/{w['own'].pk}/budget-lines",
            {"year": 2019, "kind": "operating", "amount": "250000.00"},
        ),
        {"admin_user", "strategist", "editor"},
        201,
    ),
    "budget line create (other body)": (
        lambda api, w: api.post(
            f"{ORG}/activities/{w['foreign'].pk}/budget-lines",
            {"year": 2019, "kind": "operating", "amount": "1"},
        ),
        {"admin_user", "strategist"},
        201,
    ),
    "budget line update (own body)": (
        lambda api, w: api.patch(f"{ORG}/budget-lines/{w['own_line'].pk}", {"amount": "5"}),
        {"admin_user", "strategist", "editor"},
        200,
    ),
    "catalogue create": (
        lambda api, w: api.post(ORG + "/catalogue", {"kind": "e_service", "name": "Bokning"}),
        {"admin_user", "strategist"},
        201,
    ),
    "catalogue update": (
        lambda api, w: api.patch(f"{ORG}/catalogue/{w['item'].pk}", {"system_owner": "KFN"}),
        {"admin_user", "strategist"},
        200,
    ),
    "decision create": (
        lambda api, w: api.post(
            ORG + "/decisions",
            {
                "body": w["body"].pk,
                "date": "2018-03-14",
                "title": "Remiss",
                "document": w["doc"].pk,
                "distribution": [w["other_body"].pk],
            },
        ),
        {"admin_user", "strategist"},
        201,
    ),
    "decision delete": (
        lambda api, w: api.delete(f"{ORG}/decisions/{w['decision'].pk}"),
        {"admin_user", "strategist"},
        204,
    ),
    "indicator delete (own body)": (
        lambda api, w: api.delete(f"{ORG}/indicators/{w['own_ind'].pk}"),
        {"admin_user", "strategist", "editor"},
        204,
    ),
    "document delete": (
        lambda api, w: api.delete(f"{ORG}/documents/{w['doc'].pk}"),
        set(),  # decisions refer to it: refused (422) for those who may edit, 403 for others
        None,
    ),
    "decision update": (
        lambda api, w: api.patch(f"{ORG}/decisions/{w['decision'].pk}", {"paragraph": "§ 9"}),
        {"admin_user", "strategist"},
        200,
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_role_may_or_may_not_write(request, api_as, world, role, action):
    call, allowed, success = ACTIONS[action]
    api = api_as(request.getfixturevalue(role))
    audit_before = AuditEntry.objects.count()
    response = call(api, world)
    if role in allowed:
        assert response.status_code == success, response.content
        assert AuditEntry.objects.count() > audit_before
    else:
        expected = {403}
        if action == "body delete" and role == "admin_user":
            expected = {422}
        if action == "document delete" and role in {"admin_user", "strategist"}:
            expected = {422}
        assert response.status_code in expected, (response.status_code, response.content)
        assert AuditEntry.objects.count() == audit_before


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads(request, api_as, world, role):
    api = api_as(request.getfixturevalue(role))
    assert api.get(f"{ORG}/activities/{world['foreign'].pk}").status_code == 200
    assert api.get(f"{ORG}/documents/{world['doc'].pk}").status_code == 200
    assert api.get(f"{ORG}/indicators/{world['foreign_ind'].pk}").status_code == 200


def test_editor_cannot_hand_an_activity_to_another_body(api_as, editor, world):
    api = api_as(editor)
    response = api.post(
        ORG + "/activities",
        {"document": world["doc"].pk, "title": "X", "responsible_body": world["other_body"].pk},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "responsible_body"]
    response = api.patch(
        f"{ORG}/activities/{world['own'].pk}", {"responsible_body": world["other_body"].pk}
    )
    assert response.status_code == 422
    world["own"].refresh_from_db()
    assert world["own"].responsible_body == world["body"]
