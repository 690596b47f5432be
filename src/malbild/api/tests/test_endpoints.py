"""What the API does for a user with the right role: organisations and bodies, documents with
their lifecycle, sections, focus areas, goals, indicators with targets, activities with
filters, status transitions and budget lines, the catalogue, decisions, versions (freeze,
snapshot, compare) and pagination. Items expose their stable uid; every write is audited."""

from decimal import Decimal

from malbild.actionplan.models import Activity, BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.models import IndicatorTarget, SteeringDocument
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    SectionFactory,
)

ORG = "/organisations/alingsas"


def test_my_organisations_and_roles(api_as, editor, org, body, other_org):
    api = api_as(editor)
    listed = api.get("/organisations").json()
    assert listed["count"] == 1
    assert listed["items"][0] == {
        "id": org.pk,
        "slug": "alingsas",
        "name": "Alingsås kommun",
        "kolada_id": "1489",
        "kolada_peers": "",
        "population": org.population,
    }
    detail = api.get(ORG).json()
    assert detail["roles"] == ["editor"]
    assert detail["editor_bodies"] == [body.pk]


def test_admin_changes_organisation_but_not_its_slug(api_as, admin_user, org):
    response = api_as(admin_user).patch(ORG, {"population": 41500, "kolada_id": "1489"})
    assert response.status_code == 200
    org.refresh_from_db()
    assert org.population == 41500
    bad = api_as(admin_user).patch(ORG, {"kolada_id": "14"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "kolada_id"]
    peers = api_as(admin_user).patch(ORG, {"kolada_peers": "1441,1490, 1441"})
    assert peers.status_code == 200 and peers.json()["kolada_peers"] == "1441, 1490"
    bad = api_as(admin_user).patch(ORG, {"kolada_peers": "Lerum"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "kolada_peers"]


def test_body_tree_and_filters(api_as, admin_user, org):
    api = api_as(admin_user)
    kfn = api.post(ORG + "/bodies", {"name": "Kultur- och fritidsnämnden", "kind": "committee"})
    assert kfn.status_code == 201
    kff = api.post(
        ORG + "/bodies",
        {
            "name": "Kultur- och fritidsförvaltningen",
            "short_name": "KFF",
            "kind": "administration",
            "parent": kfn.json()["id"],
        },
    )
    assert kff.status_code == 201
    assert kff.json()["parent"] == kfn.json()["id"]
    assert kff.json()["kind_display"]
    # a loop in the tree is refused on the field
    loop = api.patch(f"{ORG}/bodies/{kfn.json()['id']}", {"parent": kff.json()["id"]})
    assert loop.status_code == 422
    assert loop.json()["detail"][0]["loc"] == ["body", "parent"]
    assert api.get(ORG + "/bodies", kind="administration").json()["count"] == 1
    assert api.get(ORG + "/bodies", q="KFF").json()["items"][0]["short_name"] == "KFF"
    # duplicate name
    dup = api.post(ORG + "/bodies", {"name": "Kultur- och fritidsnämnden", "kind": "committee"})
    assert dup.status_code == 422


def test_document_lifecycle(api_as, strategist, org, body):
    api = api_as(strategist)
    created = api.post(
        ORG + "/documents",
        {
            "kind": "vision",
            "title": "Digital målbild för Alingsås kommun – öppen och smart",
            "period_start": 2018,
            "period_end": 2020,
            "owning_body": body.pk,
            "registry_number": "KS 2017.123",
            "status": "adopted",  # not accepted here: a new document is a draft
        },
    )
    assert created.status_code == 201, created.content
    doc = created.json()
    assert doc["status"] == "draft"
    assert doc["next_statuses"] == ["in_consultation", "adopted"]
    assert doc["uid"]
    assert doc["sections"] == []
    pk = doc["id"]
    for heading, order in (("Syfte", 2), ("Inledning", 1)):
        assert (
            api.post(f"{ORG}/documents/{pk}/sections", {"heading": heading, "order": order})
        ).status_code == 201
    detail = api.get(f"{ORG}/documents/{pk}").json()
    assert [s["heading"] for s in detail["sections"]] == ["Inledning", "Syfte"]

    changed = api.patch(f"{ORG}/documents/{pk}", {"title": "Ny titel", "status": "archived"})
    assert changed.status_code == 200
    assert changed.json()["title"] == "Ny titel"
    assert changed.json()["status"] == "draft"

    moved = api.post(
        f"{ORG}/documents/{pk}/transition", {"status": "in_consultation", "message": "Remiss"}
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "in_consultation"
    assert AuditEntry.objects.filter(action="transition", message="Remiss").exists()

    assert api.get(ORG + "/documents", status="in_consultation").json()["count"] == 1
    assert api.get(ORG + "/documents", kind="action_plan").json()["count"] == 0
    assert api.get(ORG + "/documents", q="ny").json()["count"] == 1

    assert api.delete(f"{ORG}/documents/{pk}").status_code == 204
    assert not SteeringDocument.objects.filter(pk=pk).exists()


def test_focus_areas_goals_and_indicators(api_as, strategist, editor, org, body):
    api = api_as(strategist)
    doc = DocumentFactory(organisation=org, kind="digital_agenda")
    og = api.post(f"{ORG}/documents/{doc.pk}/overall-goals", {"title": "Enklare vardag"}).json()
    fa = api.post(
        f"{ORG}/documents/{doc.pk}/focus-areas",
        {"number": "5.3", "title": "Bredband", "overall_goals": [og["id"]]},
    ).json()
    assert fa["overall_goals"] == [og["id"]]
    goal = api.post(
        f"{ORG}/focus-areas/{fa['id']}/goals", {"title": "95 % av hushållen ≥ 100 Mbit/s"}
    ).json()
    assert goal["document"] == doc.pk
    assert api.get(ORG + "/goals", focus_area=fa["id"]).json()["count"] == 1
    assert api.get(ORG + "/focus-areas", document=doc.pk).json()["items"][0]["number"] == "5.3"

    ind = api_as(editor).post(
        f"{ORG}/documents/{doc.pk}/indicators",
        {
            "name": "Andel hushåll med bredband ≥ 100 Mbit/s",
            "unit": "%",
            "baseline_value": "61.5",
            "baseline_year": 2015,
            "responsible_body": body.pk,
            "focus_areas": [fa["id"]],
            "goals": [goal["id"]],
        },
    )
    assert ind.status_code == 201, ind.content
    ind = ind.json()
    assert Decimal(ind["baseline_value"]) == Decimal("61.5")
    assert ind["goals"] == [goal["id"]]
    target = api_as(editor).put(f"{ORG}/indicators/{ind['id']}/targets/2020", {"value": 95})
    assert target.status_code == 200
    again = api_as(editor).put(f"{ORG}/indicators/{ind['id']}/targets/2020", {"value": 98})
    assert Decimal(again.json()["value"]) == 98
    assert IndicatorTarget.objects.filter(indicator_id=ind["id"]).count() == 1
    empty = api.put(f"{ORG}/indicators/{ind['id']}/targets/2021", {})
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"] == ["body", "value"]
    detail = api.get(f"{ORG}/indicators/{ind['id']}").json()
    assert [(t["year"], Decimal(t["value"])) for t in detail["targets"]] == [(2020, 98)]
    assert api.get(ORG + "/indicators", body=body.pk).json()["count"] == 1
    assert api.get(ORG + "/indicators", focus_area=fa["id"]).json()["count"] == 1
    assert api.get(ORG + "/indicators", q="bredband").json()["count"] == 1
    assert api.delete(f"{ORG}/indicators/{ind['id']}/targets/2020").status_code == 204
    assert not IndicatorTarget.objects.filter(indicator_id=ind["id"]).exists()

    # a qualitative indicator has no numeric baseline
    qual = api.post(
        f"{ORG}/documents/{doc.pk}/indicators",
        {
            "name": "Upplevd kvalitet",
            "kind": "qualitative",
            "baseline_value": 3,
            "baseline_year": 2017,
        },
    )
    assert qual.status_code == 422
    assert qual.json()["detail"][0]["loc"] == ["body", "baseline_value"]


def test_focus_area_of_another_document_is_refused(api_as, strategist, org):
    doc = DocumentFactory(organisation=org)
    other_fa = FocusAreaFactory(document=DocumentFactory(organisation=org))
    response = api_as(strategist).post(
        f"{ORG}/documents/{doc.pk}/indicators", {"name": "X", "focus_areas": [other_fa.pk]}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "focus_areas"]


def test_activities_create_filter_transition(api_as, editor, org, body, other_body):
    vision = DocumentFactory(organisation=org, kind="vision")
    plan = DocumentFactory(organisation=org, parent=vision)
    fa = FocusAreaFactory(document=vision)
    goal = GoalFactory(focus_area=fa)
    koha = CatalogueItemFactory(organisation=org, name="Koha")
    api = api_as(editor)
    created = api.post(
        ORG + "/activities",
        {
            "document": plan.pk,
            "number": "3",
            "title": "Digitalt bibliotek",
            "responsible_body": body.pk,
            "co_responsible_bodies": [other_body.pk],
            "focus_areas": [fa.pk],
            "goals": [goal.pk],
            "catalogue_items": [koha.pk],
            "start_year": 2018,
            "end_year": 2019,
            "status": "ongoing",
        },
    )
    assert created.status_code == 201, created.content
    act = created.json()
    assert act["status"] == "ongoing"
    assert act["catalogue_items"] == [koha.pk]
    assert act["co_responsible_bodies"] == [other_body.pk]
    assert act["uid"] == str(Activity.objects.get(pk=act["id"]).uid)
    ActivityFactory(
        document=plan,
        responsible_body=other_body,
        title="E-arkiv",
        start_year=2020,
        end_year=2020,
        status="planned",
    )

    def count(**params):
        return api.get(ORG + "/activities", **params).json()["count"]

    assert count() == 2
    assert count(document=plan.pk) == 2
    assert count(status="ongoing") == 1
    assert count(year=2019) == 1
    assert count(year=2020) == 1
    assert count(body=other_body.pk) == 2  # responsible or co-responsible
    assert count(body=body.pk) == 1
    assert count(focus_area=fa.pk) == 1
    assert count(q="arkiv") == 1
    titles = [a["title"] for a in api.get(ORG + "/activities", sort="-title").json()["items"]]
    assert titles == ["E-arkiv", "Digitalt bibliotek"]

    done = api.post(f"{ORG}/activities/{act['id']}/transition", {"status": "done"})
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert done.json()["next_statuses"] == ["ongoing"]

    line = api.post(
        f"{ORG}/activities/{act['id']}/budget-lines",
        {
            "year": 2018,
            "kind": "investment",
            "amount": "150000",
            "financing_source": "innovationsfonden",
        },
    )
    assert line.status_code == 201
    BudgetLineFactory(activity_id=act["id"], organisation=org, amount=50000)
    detail = api.get(f"{ORG}/activities/{act['id']}").json()
    assert Decimal(detail["budget_total"]) == Decimal("200000")
    assert len(detail["budget_lines"]) == 2
    listed = api.get(ORG + "/activities", document=plan.pk, sort="-budget").json()["items"]
    totals = {a["id"]: Decimal(a["budget_total"]) for a in listed}
    assert totals == {act["id"]: Decimal("200000"), listed_other_id(listed, act): Decimal(0)}
    changed = api.patch(f"{ORG}/budget-lines/{line.json()['id']}", {"amount": "175000"})
    assert Decimal(changed.json()["amount"]) == Decimal("175000")
    assert api.delete(f"{ORG}/budget-lines/{line.json()['id']}").status_code == 204
    assert BudgetLine.objects.filter(activity_id=act["id"]).count() == 1
    assert api.delete(f"{ORG}/activities/{act['id']}").status_code == 204
    assert not Activity.objects.filter(pk=act["id"]).exists()


def listed_other_id(items, act) -> int:
    return next(a["id"] for a in items if a["id"] != act["id"])


def test_activity_list_document_of_other_org_is_404(api_as, reader, other_org):
    foreign = DocumentFactory(organisation=other_org)
    assert api_as(reader).get(ORG + "/activities", document=foreign.pk).status_code == 404


def test_catalogue(api_as, strategist, org, body):
    api = api_as(strategist)
    sys = api.post(
        ORG + "/catalogue",
        {"kind": "it_system", "name": "Koha", "owning_body": body.pk, "system_owner": "KFN"},
    )
    assert sys.status_code == 201
    svc = api.post(
        ORG + "/catalogue",
        {"kind": "e_service", "name": "Låna om", "usage_measure": "Andel omlån via e-tjänst"},
    )
    assert svc.status_code == 201
    assert api.get(ORG + "/catalogue", kind="e_service").json()["count"] == 1
    assert api.get(ORG + "/catalogue", body=body.pk).json()["items"][0]["name"] == "Koha"
    bad_url = api.patch(f"{ORG}/catalogue/{svc.json()['id']}", {"url": "not a url"})
    assert bad_url.status_code == 422
    assert bad_url.json()["detail"][0]["loc"] == ["body", "url"]
    assert api.delete(f"{ORG}/catalogue/{svc.json()['id']}").status_code == 204


def test_versions_freeze_get_compare(api_as, strategist, reader, org, body):
    doc = DocumentFactory(organisation=org)
    fa = FocusAreaFactory(document=doc, title="Bredband")
    section = SectionFactory(document=doc, heading="Inledning")
    act = ActivityFactory(document=doc, responsible_body=body, title="E-arkiv")
    api = api_as(strategist)
    v1 = api.post(f"{ORG}/documents/{doc.pk}/versions", {"label": "Remissversion"})
    assert v1.status_code == 201
    assert v1.json()["number"] == 1
    api.patch(f"{ORG}/focus-areas/{fa.pk}", {"title": "Bredband för alla"})
    api.delete(f"{ORG}/sections/{section.pk}")
    api.post(f"{ORG}/documents/{doc.pk}/overall-goals", {"title": "Nytt mål"})
    v2 = api.post(f"{ORG}/documents/{doc.pk}/versions", {"label": "Antagen"}).json()
    assert v2["number"] == 2

    reader_api = api_as(reader)
    listed = reader_api.get(f"{ORG}/documents/{doc.pk}/versions").json()
    assert [v["number"] for v in listed["items"]] == [2, 1]
    got = reader_api.get(f"{ORG}/documents/{doc.pk}/versions/1").json()
    uids = {i["uid"] for i in got["snapshot"]["items"]}
    assert {str(fa.uid), str(section.uid), str(act.uid)} <= uids
    assert reader_api.get(f"{ORG}/documents/{doc.pk}/versions/9").status_code == 404

    diff = reader_api.get(f"{ORG}/documents/{doc.pk}/compare", a=1, b=2).json()
    assert diff["counts"] == {"added": 1, "removed": 1, "changed": 1}
    changed = next(c for c in diff["changes"] if c["change"] == "changed")
    assert changed["uid"] == str(fa.uid)
    assert changed["fields"] == [
        {"field": "title", "before": "Bredband", "after": "Bredband för alla"}
    ]
    # against the working copy
    api.patch(f"{ORG}/activities/{act.pk}", {"title": "E-arkiv för hela kommunen"})
    live = reader_api.get(f"{ORG}/documents/{doc.pk}/compare", a=2).json()
    assert [c["uid"] for c in live["changes"]] == [str(act.uid)]
    assert reader_api.get(f"{ORG}/documents/{doc.pk}/compare").status_code == 422


def test_decisions(api_as, strategist, org, body, other_body):
    api = api_as(strategist)
    doc = DocumentFactory(organisation=org)
    version = api.post(f"{ORG}/documents/{doc.pk}/versions", {"label": "Remiss"}).json()
    created = api.post(
        ORG + "/decisions",
        {
            "body": body.pk,
            "kind": "consultation",
            "date": "2018-02-07",
            "paragraph": "12",
            "registry_number": "KS 2017.385",
            "title": "Remiss av digital målbild",
            "version": version["id"],
            "distribution": [other_body.pk, body.pk],
        },
    )
    assert created.status_code == 201, created.content
    decision = created.json()
    assert decision["document"] == doc.pk  # taken from the version
    assert decision["version_number"] == 1
    assert decision["distribution"] == sorted([other_body.pk, body.pk])
    assert "§ 12" in decision["reference"]
    other_doc = DocumentFactory(organisation=org)
    wrong = api.patch(f"{ORG}/decisions/{decision['id']}", {"document": other_doc.pk})
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["body", "version"]
    assert api.get(ORG + "/decisions", document=doc.pk).json()["count"] == 1
    assert api.get(ORG + "/decisions", body=other_body.pk).json()["count"] == 0


def test_pagination(api_as, reader, org):
    for i in range(7):
        BodyFactory(organisation=org, name=f"Nämnd {i:02d}")
    api = api_as(reader)
    page = api.get(ORG + "/bodies", limit=3, offset=3).json()
    assert page["count"] == 7
    assert (page["limit"], page["offset"]) == (3, 3)
    assert [b["name"] for b in page["items"]] == ["Nämnd 03", "Nämnd 04", "Nämnd 05"]
    assert api.get(ORG + "/bodies").json()["limit"] == 50
    too_big = api.get(ORG + "/bodies", limit=1000)
    assert too_big.status_code == 422
    assert too_big.json()["detail"][0]["loc"][-1] == "limit"


def test_writes_are_audited_with_the_actor(api_as, strategist, org):
    api_as(strategist).post(ORG + "/catalogue", {"kind": "it_system", "name": "Koha"})
    entry = AuditEntry.objects.filter(model="catalogue.catalogueitem").get()
    assert entry.actor == strategist
    assert entry.action == "create"
    assert entry.organisation_id == org.pk


def test_indicator_of_other_body_for_editor(api_as, editor, org, other_body):
    ind = IndicatorFactory(document=DocumentFactory(organisation=org), responsible_body=other_body)
    response = api_as(editor).delete(f"{ORG}/indicators/{ind.pk}")
    assert response.status_code == 403
    ind.refresh_from_db()
