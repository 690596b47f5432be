"""An activity's primary focus area (the one whose totals count its budget): chosen in the
activity form among the served areas (the document's and every ancestor's), refused with a
field message when it is not one of them, in the web form and the API (read and write); shown
on the activity page ("Primärt insatsområde", "Bidrar även till") and in the list; frozen in the
document snapshot, whose older versions (without the field) still load and compare."""

import pytest
from django.urls import reverse

from malbild.actionplan import services
from malbild.actionplan.models import Activity
from malbild.actionplan.snapshot import activity_items
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.api.tests.helpers import ApiClient
from malbild.core.tests.factories import OrganisationFactory
from malbild.strategy.snapshot.compare import field_changes
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory

ORG = "/organisations/alingsas"


def url(name, org, **kwargs):
    return reverse(f"actionplan:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def tree(org, body):
    """A vision with two focus areas, an action plan under it and a committee plan under that
    (with an area of its own); an activity of the committee plan serves all three."""
    vision = DocumentFactory(organisation=org, kind="vision", title="Målbild")
    plan = DocumentFactory(organisation=org, parent=vision, title="Handlingsplan")
    sub = DocumentFactory(organisation=org, parent=plan, kind="sub_plan", title="KFN:s plan")
    fa1 = FocusAreaFactory(document=vision, order=1, number="1", title="Digitala tjänster")
    fa2 = FocusAreaFactory(document=vision, order=2, number="2", title="Öppna data")
    own = FocusAreaFactory(document=sub, order=1, number="K1", title="Bibliotek")
    act = ActivityFactory(document=sub, responsible_body=body, title="E-boksutlåning")
    act.focus_areas.set([fa1, fa2, own])
    act.primary_focus_area = fa1  # as the services and the data migration set it
    act.save()
    return {
        "vision": vision,
        "plan": plan,
        "sub": sub,
        "fa1": fa1,
        "fa2": fa2,
        "own": own,
        "activity": act,
    }


def test_form_offers_inherited_areas_and_saves_the_choice(client, strategist, org, tree):
    client.force_login(strategist)
    act = tree["activity"]
    page = client.get(url("activity-update", org, pk=act.uid))
    offered = set(page.context["form"].fields["primary_focus_area"].queryset)
    # The grandparent's (the vision's) areas are offered, as well as the document's own.
    assert {tree["fa1"], tree["fa2"], tree["own"]} <= offered
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(
        {
            "focus_areas": [tree["fa1"].pk, tree["fa2"].pk, tree["own"].pk],
            "co_responsible_bodies": [],
            "goals": [],
            "catalogue_items": [],
            "primary_focus_area": tree["fa2"].pk,
            "responsible_body": act.responsible_body_id,
            "lock_version": act.lock_version,
        }
    )
    response = client.post(url("activity-update", org, pk=act.uid), data)
    assert response.status_code == 302, response.context["form"].errors
    act.refresh_from_db()
    assert act.primary_focus_area == tree["fa2"]
    detail = client.get(url("activity-detail", org, pk=act.uid)).content.decode()
    assert "Primärt insatsområde" in detail and "Bidrar även till" in detail
    assert detail.index("Öppna data") < detail.index("Bidrar även till")
    listing = client.get(url("activity-list", org)).content.decode()
    assert "även: 1 Digitala tjänster" in listing


def test_form_refuses_an_area_the_activity_does_not_serve(client, strategist, org, tree):
    client.force_login(strategist)
    act = tree["activity"]
    data = {
        "number": "",
        "title": act.title,
        "priority": "medium",
        "responsible_body": act.responsible_body_id,
        "focus_areas": [tree["fa1"].pk],
        "primary_focus_area": tree["fa2"].pk,
        "lock_version": act.lock_version,
    }
    response = client.post(url("activity-update", org, pk=act.uid), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["primary_focus_area"]
    assert errors == ["Välj som primärt insatsområde ett av de insatsområden åtgärden bidrar till."]
    act.refresh_from_db()
    assert act.primary_focus_area == tree["fa1"]  # unchanged: the first by order


def test_service_refuses_unserved_primary_and_follows_m2m_changes(strategist, access_of, tree):
    from django.core.exceptions import ValidationError

    from malbild.core.services import M2MChange

    st = access_of(strategist)
    act = tree["activity"]
    with pytest.raises(ValidationError) as exc:
        services.activity_update(
            access=st,
            activity=act,
            data={"primary_focus_area": tree["fa2"]},
            m2m={"focus_areas": M2MChange(remove=[tree["fa2"]])},
        )
    assert list(exc.value.message_dict) == ["primary_focus_area"]
    # Added in the same change: accepted.
    services.activity_update(
        access=st,
        activity=Activity.objects.get(pk=act.pk),
        data={"primary_focus_area": tree["own"]},
        m2m={"focus_areas": [tree["own"]]},
    )
    assert Activity.objects.get(pk=act.pk).primary_focus_area == tree["own"]


def test_api_reads_and_writes_the_primary_focus_area(strategist, org, body, tree):
    api = ApiClient(strategist)
    act = tree["activity"]
    got = api.get(f"{ORG}/activities/{act.uid}").json()
    assert got["primary_focus_area"] == tree["fa1"].pk
    bad = api.patch(
        f"{ORG}/activities/{act.uid}",
        {"focus_areas": [tree["fa1"].pk], "primary_focus_area": tree["fa2"].pk},
    )
    assert bad.status_code == 422
    assert any("primary_focus_area" in e["loc"] for e in bad.json()["detail"])
    ok = api.patch(f"{ORG}/activities/{act.uid}", {"primary_focus_area": tree["own"].pk})
    assert ok.status_code == 200 and ok.json()["primary_focus_area"] == tree["own"].pk
    created = api.post(
        f"{ORG}/activities",
        {
            "document": tree["plan"].pk,
            "title": "Öppna data-portal",
            "responsible_body": body.pk,
            "focus_areas": [tree["fa1"].pk, tree["fa2"].pk],
            "primary_focus_area": tree["fa2"].pk,
        },
    )
    assert created.status_code == 201 and created.json()["primary_focus_area"] == tree["fa2"].pk
    listed = api.get(f"{ORG}/activities").json()["items"]
    assert {a["primary_focus_area"] for a in listed} == {tree["own"].pk, tree["fa2"].pk}
    # Another organisation's focus area is an unknown id.
    foreign = FocusAreaFactory(document=DocumentFactory(organisation=OrganisationFactory()))
    other = api.patch(f"{ORG}/activities/{act.uid}", {"primary_focus_area": foreign.pk})
    assert other.status_code == 422


def test_snapshot_records_the_primary_and_older_snapshots_compare(tree):
    act = tree["activity"]
    Activity.objects.filter(pk=act.pk).update(primary_focus_area=tree["fa2"])
    item = next(i for i in activity_items(tree["sub"]) if i["uid"] == str(act.uid))
    assert item["fields"]["primary_focus_area"] == {
        "uid": str(tree["fa2"].uid),
        "label": str(tree["fa2"]),
    }
    assert item["parent"] == str(tree["fa2"].uid)
    old = {k: v for k, v in item["fields"].items() if k != "primary_focus_area"}
    # A version frozen before the field existed: not a change.
    assert field_changes(old, item["fields"], common=True) == []
