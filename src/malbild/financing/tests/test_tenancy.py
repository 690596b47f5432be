"""Tenant isolation of shared projects (docs/adr/0021), both directions, by URL and by API:
a participant that accepted reads the project, its split and its own share and nothing else
of the owner's (activities, bodies, rules, other participants' rows); the owner reads nothing
of the participant's; an invited organisation sees only the invitation until it accepts; a
non-participant gets 404 everywhere."""

import pytest
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.financing.constants import ParticipantStatus
from malbild.financing.models import SharedProject
from malbild.financing.tests.factories import AllocationFactory, ProjectFactory
from malbild.strategy.tests.factories import DocumentFactory


def _url(name, org, **kw):
    return reverse(name, kwargs={"org": org.slug, **kw})


def test_participant_sees_the_project_and_its_own_share(client, shared, other_org, ks_strategist):
    client.force_login(ks_strategist)
    project = shared["project"]
    page = client.get(_url("financing:shared-project-detail", other_org, pk=project.uid))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gemensamt e-arkiv" in html and "din organisation" in html
    # Kristianstad 86 000 of 157 500 inhabitants: 546 032 kr of 1 000 000 (2026).
    assert "546\xa0032" in html
    # Not the owner's activity, participants list or edit forms.
    assert "E-arkiv</a>" not in html and "Hemlig" not in html
    assert _url("financing:participant-invite", other_org, pk=project.uid) not in html
    listing = client.get(_url("financing:shared-project-list", other_org)).content.decode()
    assert "Gemensamt e-arkiv" in listing


@pytest.mark.parametrize(
    "name",
    [
        "financing:shared-project-update",
        "financing:shared-project-delete",
    ],
)
def test_participant_cannot_edit_the_owners_project(client, shared, other_org, ks_strategist, name):
    client.force_login(ks_strategist)
    assert client.get(_url(name, other_org, pk=shared["project"].uid)).status_code == 404


def test_participant_cannot_reach_the_owners_other_rows_by_url(
    client, shared, org, other_org, ks_strategist
):
    client.force_login(ks_strategist)
    # Under its own organisation's address: 404 for the owner's rows.
    for name, kw in (
        ("actionplan:activity-detail", {"pk": shared["secret_activity"].uid}),
        ("actionplan:activity-detail", {"pk": shared["activity"].uid}),
        ("financing:allocation-detail", {"pk": shared["allocation"].uid}),
    ):
        assert client.get(_url(name, other_org, **kw)).status_code == 404
    # Under the owner's address: no role there → 404.
    for name, kw in (
        ("financing:shared-project-detail", {"pk": shared["project"].uid}),
        ("financing:allocation-overview", {}),
        ("actionplan:activity-detail", {"pk": shared["activity"].uid}),
    ):
        assert client.get(_url(name, org, **kw)).status_code == 404
    # Removing a participant of the owner's project is the owner's.
    assert (
        client.post(
            _url("financing:participant-remove", other_org, pk=shared["member"].pk)
        ).status_code
        == 404
    )


def test_owner_sees_nothing_of_the_participants_data(client, shared, org, other_org, strategist):
    own_rule = AllocationFactory(organisation=other_org, title="Kristianstads interna")
    own_project = ProjectFactory(organisation=other_org, title="Kristianstads eget projekt")
    client.force_login(strategist)
    assert client.get(_url("financing:allocation-detail", org, pk=own_rule.uid)).status_code == 404
    assert (
        client.get(_url("financing:shared-project-detail", org, pk=own_project.uid)).status_code
        == 404
    )
    html = client.get(_url("financing:allocation-overview", org)).content.decode()
    assert "Kristianstads interna" not in html and "Kristianstads eget projekt" not in html


def test_invited_sees_only_the_invitation_until_it_accepts(
    client, shared, other_org, ks_strategist
):
    member = shared["member"]
    member.status = ParticipantStatus.INVITED
    member.save(update_fields=["status"])
    client.force_login(ks_strategist)
    project = shared["project"]
    assert (
        client.get(_url("financing:shared-project-detail", other_org, pk=project.uid)).status_code
        == 404
    )
    listing = client.get(_url("financing:shared-project-list", other_org)).content.decode()
    assert "Gemensamt e-arkiv" in listing and "Delta i ”Gemensamt e-arkiv”" in listing
    r = client.post(_url("financing:invitation-answer", other_org, pk=member.pk), {"accept": "1"})
    assert r.status_code == 302
    assert (
        client.get(_url("financing:shared-project-detail", other_org, pk=project.uid)).status_code
        == 200
    )


def test_non_participant_gets_404(client, shared, third_org_admin):
    third = third_org_admin.memberships.get().organisation
    client.force_login(third_org_admin)
    project = shared["project"]
    assert (
        client.get(_url("financing:shared-project-detail", third, pk=project.uid)).status_code
        == 404
    )
    assert (
        client.post(
            _url("financing:invitation-answer", third, pk=shared["member"].pk), {"accept": "1"}
        ).status_code
        == 404
    )
    api = ApiClient(third_org_admin)
    assert api.get(f"/organisations/{third.slug}/shared-projects/{project.uid}").status_code == 404
    assert api.get(f"/organisations/{third.slug}/shared-projects").json() == []
    assert SharedProject.objects.visible_to_participant(third).count() == 0


def test_api_participant_view_hides_the_owners_rows(shared, other_org, ks_strategist):
    api = ApiClient(ks_strategist)
    project = shared["project"]
    r = api.get(f"/organisations/{other_org.slug}/shared-projects/{project.uid}")
    assert r.status_code == 200
    data = r.json()
    assert data["is_owner"] is False and data["activity"] is None and data["participants"] == []
    assert data["split"]["own_total"] == "1092064"
    assert {p["label"] for p in data["split"]["parties"]} == {
        "Alingsås kommun",
        "Kristianstads kommun",
        "Vimmerby kommun",
        "Hultsfreds kommun",
    }
    base = f"/organisations/{other_org.slug}"
    assert api.patch(f"{base}/shared-projects/{project.uid}", {"title": "Kapad"}).status_code == 404
    assert api.delete(f"{base}/participants/{shared['member'].pk}").status_code == 404
    assert api.get(f"{base}/cost-allocations/{shared['allocation'].uid}").status_code == 404
    assert api.get(f"/organisations/alingsas/shared-projects/{project.uid}").status_code == 404
    project.refresh_from_db()
    assert project.title == "Gemensamt e-arkiv"


def test_participant_sees_its_share_beside_its_own_plan(client, shared, other_org, ks_strategist):
    plan = DocumentFactory(organisation=other_org, title="Kristianstads handlingsplan")
    client.force_login(ks_strategist)
    html = client.get(_url("strategy:document-detail", other_org, pk=plan.pk)).content.decode()
    panel = html[html.index('id="shared-projects-heading"') :]
    assert "Gemensamt e-arkiv" in panel and "ägs av Alingsås kommun" in panel
    assert "1\xa0092\xa0064" in panel  # its share, 2026 and 2027
    assert "Hemlig" not in html and "Ägarens interna fördelning" not in html
