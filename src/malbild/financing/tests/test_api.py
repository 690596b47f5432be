"""API of cost allocation and shared projects: create, change and delete rules with shares and
computers per body and year; 422 naming the field (with nothing written), 403 for readers, 404
for another organisation's rows, If-Match (stale → 409, nothing changed); invitations by slug
answered by the invited organisation; the project's benefit calculation summary; a fixed number
of queries for the list of shared projects at two data sizes; update services write only what
changed and refuse a stale edit."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.accounts.constants import Role
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import ApiClient
from malbild.benefits.models import Alternative, BenefitCalculation, CalculationLine, LineAmount
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only
from malbild.core.tests.factories import UserFactory
from malbild.financing import services
from malbild.financing.models import CostAllocation, DeviceCount, Participant, SharedProject

from .factories import AllocationFactory, ParticipantFactory, ProjectFactory

ORG = "/organisations/alingsas"
D = Decimal


def test_rules_shares_and_devices(strategist, org, body, other_body):
    api = ApiClient(strategist)
    bad = api.post(f"{ORG}/cost-allocations", {"title": "IT-rådet", "rule": "device"})
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["detail"]} >= {"device_price", "start_year"}
    assert not CostAllocation.objects.for_org(org).exists()
    r = api.post(
        f"{ORG}/cost-allocations",
        {
            "title": "IT-rådet",
            "rule": "device",
            "device_price": "100",
            "start_year": 2026,
            "end_year": 2027,
        },
    )
    assert r.status_code == 201, r.content
    rule = r.json()
    assert rule["rule_display"] == "Per device" and rule["result"]["problem"]
    base = f"{ORG}/cost-allocations/{rule['uid']}"
    assert api.put(f"{base}/devices/{body.pk}/2026", {"devices": 30}).status_code == 200
    assert api.put(f"{base}/devices/{other_body.pk}/2026", {"devices": 12}).status_code == 200
    wrong_year = api.put(f"{base}/devices/{body.pk}/2030", {"devices": 1})
    assert wrong_year.status_code == 422 and wrong_year.json()["detail"][0]["loc"][-1] == "year"
    unknown_body = api.put(f"{base}/devices/999999/2026", {"devices": 1})
    assert unknown_body.status_code == 422 and unknown_body.json()["detail"][0]["loc"][-1] == "body"
    table = api.get(base).json()["result"]["table"]
    assert table["years"] == [2026] and table["total"] == "4200"
    assert {r["label"]: r["total"] for r in table["rows"]} == {
        body.name: "3000",
        other_body.name: "1200",
    }
    stale = dict(api.headers)
    api.headers["If-Match"] = '"0"'
    assert api.patch(base, {"title": "Sent"}).status_code == 409
    api.headers = stale
    assert CostAllocation.objects.for_org(org).get().title == "IT-rådet"
    assert (
        api.patch(base, {"title": "Strategiska IT-rådet"}).json()["title"] == "Strategiska IT-rådet"
    )
    count = DeviceCount.objects.for_org(org).first()
    assert api.delete(f"{ORG}/cost-allocations/devices/{count.pk}").status_code == 204
    assert api.delete(base).status_code == 204
    assert not CostAllocation.objects.for_org(org).exists()


def test_fixed_share_over_100_is_422(strategist, org, body, other_body):
    api = ApiClient(strategist)
    rule = AllocationFactory(organisation=org)
    base = f"{ORG}/cost-allocations/{rule.uid}"
    assert api.put(f"{base}/shares/{body.pk}", {"percent": "80"}).status_code == 200
    r = api.put(f"{base}/shares/{other_body.pk}", {"percent": "30"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "percent"


def test_reader_403_and_other_org_404(reader, outsider, org, other_org, body):
    rule = AllocationFactory(organisation=org)
    api = ApiClient(reader)
    r = api.post(
        f"{ORG}/cost-allocations",
        {"title": "X", "rule": "fixed", "annual_amount": "5", "start_year": 2026, "end_year": 2026},
    )
    assert r.status_code == 403
    assert (
        api.put(f"{ORG}/cost-allocations/{rule.uid}/shares/{body.pk}", {"percent": "5"}).status_code
        == 403
    )
    assert api.get(f"{ORG}/cost-allocation").status_code == 200
    foreign = ApiClient(outsider)
    assert foreign.get(f"{ORG}/cost-allocation").status_code == 404
    assert (
        foreign.get(f"/organisations/kristianstad/cost-allocations/{rule.uid}").status_code == 404
    )


def test_invite_by_slug_and_answer(strategist, org, other_org):
    ks = UserFactory(username="ks", role=Role.STRATEGIST, organisation=other_org)
    project = ProjectFactory(organisation=org)
    api = ApiClient(strategist)
    path = f"{ORG}/shared-projects/{project.uid}/participants"
    unknown = api.post(path, {"organisation": "nowhere"})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"][-1] == "organisation"
    own = api.post(path, {"organisation": "alingsas"})
    assert own.status_code == 422
    external = api.post(path, {"name": "Vimmerby kommun", "population": 15500})
    assert external.status_code == 201 and external.json()["status"] == "external"
    invited = api.post(path, {"organisation": "kristianstad"})
    assert invited.status_code == 201 and invited.json()["status"] == "invited"
    ks_api = ApiClient(ks)
    invitations = ks_api.get("/organisations/kristianstad/invitations").json()
    assert [i["project"] for i in invitations] == [project.title]
    assert (
        ks_api.get(f"/organisations/kristianstad/shared-projects/{project.uid}").status_code == 404
    )
    answer = ks_api.post(
        f"/organisations/kristianstad/invitations/{invitations[0]['id']}/answer", {"accept": True}
    )
    assert answer.status_code == 200 and answer.json()["status"] == "accepted"
    seen = ks_api.get(f"/organisations/kristianstad/shared-projects/{project.uid}").json()
    assert seen["split"]["own_total"] is not None
    assert (
        api.post(f"{ORG}/invitations/{invitations[0]['id']}/answer", {"accept": False}).status_code
        == 404
    )
    patched = api.patch(f"{ORG}/participants/{external.json()['id']}", {"population": 15600})
    assert patched.status_code == 200 and patched.json()["population"] == 15600
    member_patch = api.patch(f"{ORG}/participants/{invited.json()['id']}", {"population": 1})
    assert member_patch.status_code == 422


def test_project_detail_has_the_calculation_summary(strategist, org, body):
    activity = ActivityFactory(document__organisation=org, responsible_body=body)
    calculation = BenefitCalculation.objects.create(
        organisation=org,
        activity=activity,
        title="Nytta",
        first_year=2026,
        years=2,
        discount_rate=0,
    )
    Alternative.objects.create(organisation=org, calculation=calculation, is_zero=True, name="Noll")
    chosen = Alternative.objects.create(
        organisation=org, calculation=calculation, is_chosen=True, name="E-arkiv", order=1
    )
    for direction, amount in (("cost", 100), ("benefit", 250)):
        line = CalculationLine.objects.create(
            organisation=org,
            alternative=chosen,
            name=direction,
            direction=direction,
            kind="operating",
            party_kind="body",
            body=body,
        )
        for year in (2026, 2027):
            LineAmount.objects.create(organisation=org, line=line, year=year, amount=amount)
    project = ProjectFactory(organisation=org, activity=activity)
    data = ApiClient(strategist).get(f"{ORG}/shared-projects/{project.uid}").json()
    summary = data["calculation"]
    assert summary["alternative"] == "E-arkiv"
    assert D(summary["pv_costs"]) == D(200) and D(summary["pv_benefits"]) == D(500)
    assert D(summary["npv"]) == D(300)


def test_project_list_fixed_queries(strategist, org, other_org):
    api = ApiClient(strategist)
    api.get(f"{ORG}/shared-projects")

    def grow(n):
        for _ in range(n):
            p = ProjectFactory(organisation=org)
            ParticipantFactory(project=p)
            ParticipantFactory(
                project=p, member=other_org, name="", population=None, status="accepted"
            )
            q = ProjectFactory(organisation=other_org)
            ParticipantFactory(project=q, member=org, name="", population=None, status="accepted")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            r = api.get(f"{ORG}/shared-projects")
        assert r.status_code == 200
        return len(ctx.captured_queries), len(r.json())

    grow(1)
    small, n_small = count()
    grow(4)
    large, n_large = count()
    assert (n_small, n_large) == (2, 10)
    assert large == small


def test_update_services_write_only_changes_and_refuse_stale(strategist, access_of, org):
    access = access_of(strategist)
    rule = AllocationFactory(organisation=org, description="Kort")
    assert_writes_only(
        CostAllocation,
        lambda: services.allocation_update(
            access=access,
            allocation=CostAllocation.objects.get(pk=rule.pk),
            data={"title": rule.title, "description": "Längre"},
        ),
        {"description"},
    )
    assert_stale_refused(
        CostAllocation.objects.get(pk=rule.pk),
        lambda stale: services.allocation_update(
            access=access, allocation=stale, data={"title": "S"}
        ),
    )
    project = ProjectFactory(organisation=org)
    assert_writes_only(
        SharedProject,
        lambda: services.shared_project_update(
            access=access, project=SharedProject.objects.get(pk=project.pk), data={"end_year": 2028}
        ),
        {"end_year"},
    )
    assert_stale_refused(
        SharedProject.objects.get(pk=project.pk),
        lambda stale: services.shared_project_update(
            access=access, project=stale, data={"title": "S"}
        ),
    )
    party = ParticipantFactory(project=project)
    assert_writes_only(
        Participant,
        lambda: services.participant_update(
            access=access, participant=Participant.objects.get(pk=party.pk), data={"population": 1}
        ),
        {"population"},
    )
    assert_stale_refused(
        Participant.objects.get(pk=party.pk),
        lambda stale: services.participant_update(
            access=access, participant=stale, data={"name": "S"}
        ),
    )


def _calculated_activity(org, body):
    activity = ActivityFactory(document__organisation=org, responsible_body=body)
    calculation = BenefitCalculation.objects.create(
        organisation=org,
        activity=activity,
        title="Nytta",
        first_year=2026,
        years=1,
        discount_rate=0,
    )
    Alternative.objects.create(organisation=org, calculation=calculation, is_zero=True, name="Noll")
    chosen = Alternative.objects.create(
        organisation=org, calculation=calculation, is_chosen=True, name="Val", order=1
    )
    line = CalculationLine.objects.create(
        organisation=org,
        alternative=chosen,
        name="Nytta",
        direction="benefit",
        kind="operating",
        party_kind="body",
        body=body,
    )
    LineAmount.objects.create(organisation=org, line=line, year=2026, amount=100)
    return activity


def test_rule_list_with_benefit_shares_fixed_queries(strategist, org, body):
    api = ApiClient(strategist)
    api.get(f"{ORG}/cost-allocations")

    def grow(n):
        for _ in range(n):
            activity = _calculated_activity(org, body)
            BudgetLineFactory(activity=activity, year=2026, amount=900)
            AllocationFactory(
                organisation=org,
                activity=activity,
                rule="benefit",
                annual_amount=None,
                start_year=None,
                end_year=None,
            )

    def count():
        with CaptureQueriesContext(connection) as ctx:
            r = api.get(f"{ORG}/cost-allocations")
        assert r.status_code == 200
        return len(ctx.captured_queries), r.json()

    grow(1)
    small, _ = count()
    grow(3)
    large, data = count()
    assert large == small and len(data) == 4
    assert all(a["result"]["table"]["total"] == "900" for a in data)
