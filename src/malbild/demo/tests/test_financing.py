"""The financing demo: Kristianstad's strategic IT council funded by 100 kr per leased computer
and year (3 860 computers in 2019 → 386 000 kr, 4 060 in 2020 → 406 000 kr, per body), and the
shared e-archive owned by Alingsås, split by population with Kristianstad (accepted, 86 000),
Vimmerby (15 500) and Hultsfred (14 000): every figure, each part summing to its total, the
pages of owner and participant, and a second load that changes nothing."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from malbild.accounts.models import User
from malbild.core.access import access_for
from malbild.core.models import AuditEntry
from malbild.demo import financing as demo
from malbild.financing import selectors
from malbild.financing.constants import ParticipantStatus, PopulationSource
from malbild.financing.models import CostAllocation, SharedProject
from malbild.notifications.models import OutboxMessage
from malbild.organisation.models import Organisation

D = Decimal


@pytest.fixture
def loaded(db):
    from malbild.demo import loader

    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())
    assert demo.load(stdout=io.StringIO()) is True


def _access(username, slug):
    return access_for(User.objects.get(username=username), Organisation.objects.get(slug=slug))


def test_the_it_council_is_funded_per_computer(loaded):
    access = _access("kristianstad-strateg", "kristianstad")
    rule = CostAllocation.objects.for_access(access).get(title=demo.COUNCIL_RULE)
    assert (rule.rule, rule.device_price, rule.start_year, rule.end_year) == (
        "device",
        D(100),
        2019,
        2020,
    )
    result = selectors.allocation_result(selectors.allocation_get(access=access, ref=rule.uid))
    rows = {r["label"]: r["amounts"] for r in result.rows}
    assert rows == {
        "Kommunledningskontoret": [D(32_000), D(33_000)],
        "Barn- och utbildningsförvaltningen": [D(215_000), D(230_000)],
        "Omsorgsförvaltningen": [D(98_000), D(101_000)],
        "C4 Teknik": [D(41_000), D(42_000)],
    }
    assert [result.table.year_total(y) for y in result.table.years] == [D(386_000), D(406_000)]
    assert result.table.total == D(792_000) == sum(r["total"] for r in result.rows)
    overview = selectors.organisation_overview(access=access)
    assert overview["bodies"]["total"] == D(792_000)
    assert overview["bodies"]["year_totals"] == [D(386_000), D(406_000)]


def test_the_shared_e_archive_is_split_by_population(loaded):
    owner = _access("alingsas-strateg", "alingsas")
    project = SharedProject.objects.for_access(owner).get(title=demo.PROJECT_TITLE)
    assert project.activity.title == "E-arkiv"
    split = selectors.project_splits([selectors.project_get(access=owner, ref=project.uid)])[0]
    assert [(p.label, p.population, p.source) for p in split.parties] == [
        ("Alingsås kommun", 42_000, PopulationSource.RECORD),
        ("Kristianstads kommun", 86_000, PopulationSource.RECORD),
        ("Vimmerby kommun", 15_500, PopulationSource.STATED),
        ("Hultsfreds kommun", 14_000, PopulationSource.STATED),
    ]
    assert split.population_total == 157_500
    # 2 000 000 kr a year by 42 000 / 86 000 / 15 500 / 14 000 of 157 500: quotas 533 333.33,
    # 1 092 063.49, 196 825.40, 177 777.78; the two kronor left go to Hultsfred (.78) and
    # Kristianstad (.49).
    per_year = {row["label"]: row["amounts"] for row in split.rows}
    assert per_year == {
        "Alingsås kommun": [D(533_333)] * 2,
        "Kristianstads kommun": [D(1_092_064)] * 2,
        "Vimmerby kommun": [D(196_825)] * 2,
        "Hultsfreds kommun": [D(177_778)] * 2,
    }
    assert split.year_totals == [D(2_000_000)] * 2 and split.table.total == D(4_000_000)
    member = _access("kristianstad-strateg", "kristianstad")
    seen = selectors.participating_projects(access=member).get()
    assert seen.pk == project.pk
    assert project.participants.get(member__slug="kristianstad").status == (
        ParticipantStatus.ACCEPTED
    )
    own = selectors.organisation_overview(access=member)["own_shares"]
    assert own["total"] == D(2_184_128) and own["year_totals"] == [D(1_092_064)] * 2
    assert OutboxMessage.objects.filter(kind="financing.invited").exists()
    assert OutboxMessage.objects.filter(kind="financing.answered").exists()


def test_pages_of_owner_and_participant(loaded, client):
    project = SharedProject.objects.unscoped().get(title=demo.PROJECT_TITLE)
    client.force_login(User.objects.get(username="kristianstad-strateg"))
    html = client.get(
        reverse(
            "financing:shared-project-detail", kwargs={"org": "kristianstad", "pk": project.uid}
        )
    ).content.decode()
    assert "1\xa0092\xa0064" in html and "Vimmerby kommun" in html
    page = client.get(reverse("financing:allocation-overview", kwargs={"org": "kristianstad"}))
    assert "792\xa0000" in page.content.decode()
    client.force_login(User.objects.get(username="alingsas-lasare"))
    html = client.get(
        reverse("financing:shared-project-detail", kwargs={"org": "alingsas", "pk": project.uid})
    ).content.decode()
    assert "533\xa0333" in html and "Organisationens uppgifter" in html


def test_loading_again_changes_nothing(loaded):
    entries = AuditEntry.objects.count()
    assert demo.load(stdout=io.StringIO()) is False
    assert AuditEntry.objects.count() == entries
