"""Tenancy by default and lost updates in the strategy app (docs/adr/0006, 0007): no hand
written organisation filters in the app's code; services handed another organisation's
object answer 404; pages and API paths take an item's uid as well as its id (garbage → 404);
the API answers carry the ETag, a stale If-Match gets 409 with the current object and changes
nothing, no If-Match still works, and {"add": [...]} on a many-to-many field keeps the others;
the status-change form carries the version and a stale status change conflicts."""

import pytest
from django.http import Http404
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.core.tests.factories import BodyFactory
from malbild.strategy import services
from malbild.strategy.models import FocusArea, Indicator, SteeringDocument
from malbild.strategy.tests.factories import (
    DecisionFactory,
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    OverallGoalFactory,
    SectionFactory,
)

ORG = "/organisations/alingsas"


# Another organisation's objects → 404 (services) ----------------------------------------------


@pytest.fixture
def foreign(other_org):
    doc = DocumentFactory(organisation=other_org)
    fa = FocusAreaFactory(document=doc)
    ind = IndicatorFactory(document=doc)
    return {
        "doc": doc,
        "fa": fa,
        "section": SectionFactory(document=doc),
        "goal": GoalFactory(focus_area=fa),
        "ind": ind,
        "target": IndicatorTargetFactory(indicator=ind),
        "decision": DecisionFactory(body=BodyFactory(organisation=other_org)),
        "body": BodyFactory(organisation=other_org),
        "og": OverallGoalFactory(document=doc),
    }


SERVICE_CALLS = {
    "document_update": lambda a, f, own: services.document_update(
        access=a, document=f["doc"], data={"title": "x"}
    ),
    "document with a foreign parent": lambda a, f, own: services.document_update(
        access=a, document=own, data={"parent": f["doc"]}
    ),
    "document_transition": lambda a, f, own: services.document_transition(
        access=a, document=f["doc"], status="adopted"
    ),
    "document_create with a foreign body": lambda a, f, own: services.document_create(
        access=a, data={"kind": "vision", "title": "x", "owning_body": f["body"]}
    ),
    "section_create": lambda a, f, own: services.section_create(
        access=a, document=f["doc"], data={"heading": "x"}
    ),
    "goal_create": lambda a, f, own: services.goal_create(
        access=a, focus_area=f["fa"], data={"title": "x"}
    ),
    "focus area with a foreign overall goal": lambda a, f, own: services.focus_area_create(
        access=a, document=own, data={"title": "x"}, m2m={"overall_goals": [f["og"]]}
    ),
    "indicator_create": lambda a, f, own: services.indicator_create(
        access=a, document=f["doc"], data={"name": "x"}
    ),
    "item_update": lambda a, f, own: services.item_update(
        access=a, instance=f["section"], data={"heading": "x"}
    ),
    "item_update (indicator)": lambda a, f, own: services.item_update(
        access=a, instance=f["ind"], data={"name": "x"}
    ),
    "indicator_target_set": lambda a, f, own: services.indicator_target_set(
        access=a, indicator=f["ind"], year=2021, value=1
    ),
    "indicator_target_delete": lambda a, f, own: services.indicator_target_delete(
        access=a, target=f["target"]
    ),
    "version_freeze": lambda a, f, own: services.version_freeze(access=a, document=f["doc"]),
    "decision_create with a foreign body": lambda a, f, own: services.decision_create(
        access=a, data={"body": f["body"], "date": "2024-01-01", "title": "x"}
    ),
    "decision_update": lambda a, f, own: services.decision_update(
        access=a, decision=f["decision"], data={"title": "x"}
    ),
    "decision_delete": lambda a, f, own: services.decision_delete(access=a, decision=f["decision"]),
    "document_item_delete": lambda a, f, own: services.document_item_delete(
        access=a, instance=f["ind"]
    ),
}


@pytest.mark.parametrize("who", ["strategist", "editor", "reader"])
@pytest.mark.parametrize("call", SERVICE_CALLS)
def test_services_answer_404_for_another_organisations_object(
    call, who, request, org, foreign, access_of
):
    access = access_of(request.getfixturevalue(who))
    own = DocumentFactory(organisation=org)
    with pytest.raises(Http404):
        SERVICE_CALLS[call](access, foreign, own)


def test_views_and_api_answer_404_for_another_organisations_objects(
    client, strategist, org, foreign
):
    client.force_login(strategist)
    for name, obj in [("document-detail", foreign["doc"]), ("indicator-update", foreign["ind"])]:
        for ref in (obj.pk, obj.uid):
            page = reverse(f"strategy:{name}", kwargs={"org": org.slug, "pk": ref})
            assert client.get(page).status_code == 404
    api = ApiClient(strategist)
    assert api.get(f"{ORG}/documents/{foreign['doc'].uid}").status_code == 404
    assert api.patch(f"{ORG}/indicators/{foreign['ind'].uid}", {"name": "x"}).status_code == 404
    assert api.delete(f"{ORG}/indicators/{foreign['ind'].pk}/targets/2020").status_code == 404


# Public ids --------------------------------------------------------------------------------------


@pytest.fixture
def plan(org, body):
    doc = DocumentFactory(organisation=org)
    fa = FocusAreaFactory(document=doc)
    ind = IndicatorFactory(document=doc, responsible_body=body)
    ind.focus_areas.add(fa)
    return {"doc": doc, "fa": fa, "ind": ind, "goal": GoalFactory(focus_area=fa)}


@pytest.mark.parametrize(
    "name,key", [("document-detail", "doc"), ("focus-area-detail", "fa"), ("goal-detail", "goal")]
)
def test_pages_answer_the_same_for_uid_and_id(client, reader, org, plan, name, key):
    client.force_login(reader)
    obj = plan[key]

    def get(ref):
        page = reverse(f"strategy:{name}", kwargs={"org": org.slug, "pk": obj.pk})
        return client.get(page.replace(f"/{obj.pk}/", f"/{ref}/", 1))

    by_id, by_uid = get(obj.pk), get(obj.uid)
    assert by_id.status_code == by_uid.status_code == 200
    assert by_id.context["object"] == by_uid.context["object"] == obj
    assert get("00000000-0000-0000-0000-000000000000").status_code == 404
    assert get("not-a-ref").status_code == 404


def test_api_answers_the_same_for_uid_and_id(reader, plan):
    api = ApiClient(reader)
    for path, obj in [
        ("documents", plan["doc"]),
        ("focus-areas", plan["fa"]),
        ("goals", plan["goal"]),
        ("indicators", plan["ind"]),
    ]:
        by_id = api.get(f"{ORG}/{path}/{obj.pk}")
        by_uid = api.get(f"{ORG}/{path}/{obj.uid}")
        assert by_id.status_code == by_uid.status_code == 200, path
        assert by_id.json() == by_uid.json()
        assert by_id.json()["id"] == obj.pk and by_id.json()["uid"] == str(obj.uid)
        assert api.get(f"{ORG}/{path}/garbage").status_code == 404
        assert api.get(f"{ORG}/{path}/00000000-0000-0000-0000-000000000000").status_code == 404
    doc = plan["doc"]
    assert api.get(f"{ORG}/documents/{doc.uid}/sections").status_code == 200


# Lost updates in the API -------------------------------------------------------------------------


def test_etag_if_match_and_409(strategist, plan):
    api = ApiClient(strategist)
    doc = plan["doc"]
    got = api.get(f"{ORG}/documents/{doc.uid}")
    assert got["ETag"] == f'"{got.json()["lock_version"]}"' == '"1"'
    # Someone else saves first.
    assert api.patch(f"{ORG}/documents/{doc.pk}", {"title": "Först"}).status_code == 200
    api.headers["If-Match"] = got["ETag"]
    stale = api.patch(f"{ORG}/documents/{doc.pk}", {"summary": "Sent"})
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Först"
    assert stale["ETag"] == '"2"'
    stored = SteeringDocument.objects.get(pk=doc.pk)
    assert stored.summary == "" and stored.lock_version == 2
    assert api.post(f"{ORG}/documents/{doc.pk}/transition", {"status": "adopted"}).status_code == (
        409
    )
    assert api.delete(f"{ORG}/documents/{doc.pk}").status_code == 409
    api.headers["If-Match"] = '"2"'
    fresh = api.patch(f"{ORG}/documents/{doc.pk}", {"summary": "Nu"})
    assert fresh.status_code == 200 and fresh["ETag"] == '"3"'


@pytest.mark.parametrize(
    "path,key", [("focus-areas", "fa"), ("goals", "goal"), ("indicators", "ind")]
)
def test_item_patch_with_stale_if_match_changes_nothing(strategist, plan, path, key):
    api = ApiClient(strategist)
    obj = plan[key]
    field = "name" if key == "ind" else "title"
    api.headers["If-Match"] = '"7"'
    response = api.patch(f"{ORG}/{path}/{obj.uid}", {field: "Sent"})
    assert response.status_code == 409 and response.json()["current"]["id"] == obj.pk
    assert getattr(type(obj).objects.get(pk=obj.pk), field) != "Sent"
    del api.headers["If-Match"]
    assert api.patch(f"{ORG}/{path}/{obj.uid}", {field: "Utan villkor"}).status_code == 200


def test_target_put_and_delete_take_if_match(strategist, plan):
    api = ApiClient(strategist)
    ind = plan["ind"]
    created = api.put(f"{ORG}/indicators/{ind.uid}/targets/2022", {"value": 80})
    assert created.status_code == 200 and created["ETag"] == '"1"'
    api.headers["If-Match"] = '"5"'
    assert api.put(f"{ORG}/indicators/{ind.pk}/targets/2022", {"value": 90}).status_code == 409
    assert api.delete(f"{ORG}/indicators/{ind.pk}/targets/2022").status_code == 409
    api.headers["If-Match"] = '"1"'
    assert api.put(f"{ORG}/indicators/{ind.pk}/targets/2022", {"value": 90}).status_code == 200
    assert ind.targets.get(year=2022).value == 90


def test_two_clients_adding_one_many_to_many_row_each_both_keep_theirs(strategist, org, plan):
    doc = plan["doc"]
    a, b = FocusAreaFactory(document=doc), FocusAreaFactory(document=doc)
    ind = plan["ind"]
    first, second = ApiClient(strategist), ApiClient(strategist)
    assert (
        first.patch(f"{ORG}/indicators/{ind.pk}", {"focus_areas": {"add": [a.pk]}}).status_code
        == 200
    )
    assert (
        second.patch(f"{ORG}/indicators/{ind.pk}", {"focus_areas": {"add": [b.pk]}}).status_code
        == 200
    )
    assert set(Indicator.objects.get(pk=ind.pk).focus_areas.all()) == {plan["fa"], a, b}
    og1, og2 = OverallGoalFactory(document=doc), OverallGoalFactory(document=doc)
    fa = plan["fa"]
    first.patch(f"{ORG}/focus-areas/{fa.uid}", {"overall_goals": {"add": [og1.pk]}})
    second.patch(f"{ORG}/focus-areas/{fa.uid}", {"overall_goals": {"add": [og2.pk]}})
    response = first.patch(f"{ORG}/focus-areas/{fa.uid}", {"overall_goals": {"remove": [og1.pk]}})
    assert response.json()["overall_goals"] == [og2.pk]
    assert set(FocusArea.objects.get(pk=fa.pk).overall_goals.all()) == {og2}


def test_decision_patch_takes_if_match_and_add(strategist, org, body):
    decision = DecisionFactory(body=body)
    extra = BodyFactory(organisation=org)
    api = ApiClient(strategist)
    got = api.get(f"{ORG}/decisions/{decision.pk}")
    assert got["ETag"] == '"1"'
    patched = api.patch(f"{ORG}/decisions/{decision.pk}", {"distribution": {"add": [extra.pk]}})
    assert patched.json()["distribution"] == [extra.pk] and patched["ETag"] == '"2"'
    api.headers["If-Match"] = '"1"'
    assert api.patch(f"{ORG}/decisions/{decision.pk}", {"title": "x"}).status_code == 409
    assert api.delete(f"{ORG}/decisions/{decision.pk}").status_code == 409


# Lost updates in the web interface -------------------------------------------------------------


def test_status_change_carries_the_version_and_a_stale_one_conflicts(client, strategist, org, plan):
    client.force_login(strategist)
    doc = plan["doc"]
    detail = client.get(
        reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": doc.uid})
    )
    assert 'name="lock_version" value="1"' in detail.content.decode()
    target = reverse("strategy:document-transition", kwargs={"org": org.slug, "pk": doc.uid})
    assert 'name="lock_version" value="1"' in client.get(target).content.decode()
    services.document_update(
        access=_access(strategist, org), document=doc, data={"title": "Någon annans"}
    )
    response = client.post(target, {"status": "adopted", "lock_version": "1"})
    assert response.status_code == 409
    assert "Nothing was saved" in response.content.decode() or "Inget sparades" in (
        response.content.decode()
    )
    assert SteeringDocument.objects.get(pk=doc.pk).status == "draft"
    assert client.post(target, {"status": "adopted", "lock_version": "2"}).status_code == 302
    assert SteeringDocument.objects.get(pk=doc.pk).status == "adopted"


def test_target_edit_form_carries_the_targets_version(client, strategist, org, plan):
    client.force_login(strategist)
    ind = plan["ind"]
    target = IndicatorTargetFactory(indicator=ind, year=2021, value=70)
    page = reverse("strategy:indicator-target-set", kwargs={"org": org.slug, "pk": ind.uid})
    html = client.get(page, {"year": 2021}).content.decode()
    assert 'name="lock_version" value="1"' in html and 'value="70' in html
    services.indicator_target_set(
        access=_access(strategist, org), indicator=ind, year=2021, value=75
    )
    response = client.post(page, {"year": 2021, "value": "80", "lock_version": "1"})
    assert response.status_code == 409
    target.refresh_from_db()
    assert target.value == 75


def _access(user, org):
    from malbild.core.access import access_for

    return access_for(user, org)
