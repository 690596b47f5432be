"""Writes of cost allocation and shared projects (financing/services.py): validation naming
the field, permissions, the computed tables per body and year (parts sum to the totals), the
population split with its source (Kolada N01951 or the organisation's record), invitations
told through the outbox, and answers only by the invited organisation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.benefits.models import Alternative, BenefitCalculation, CalculationLine, LineAmount
from malbild.core.access import access_for
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.financing import selectors, services
from malbild.financing.constants import AllocationRule, ParticipantStatus, PopulationSource
from malbild.financing.models import CostAllocation, Participant
from malbild.kolada.models import KoladaValue
from malbild.notifications.models import OutboxMessage

from .factories import AllocationFactory, ParticipantFactory, ProjectFactory

D = Decimal


@pytest.fixture
def s_access(strategist, access_of):
    return access_of(strategist)


def test_fixed_shares_allocate_a_shared_cost_per_body_and_year(org, body, other_body, s_access):
    allocation = services.allocation_create(
        access=s_access,
        data={
            "title": "Strategiska IT-rådet",
            "rule": AllocationRule.FIXED,
            "annual_amount": D("100000.00"),
            "start_year": 2026,
            "end_year": 2027,
        },
    )
    services.fixed_share_set(access=s_access, allocation=allocation, body=body, percent=D("33.33"))
    partial = selectors.allocation_result(
        selectors.allocation_get(access=s_access, ref=allocation.uid)
    )
    assert "100" in partial.problem and partial.table.total == 0
    with pytest.raises(ValidationError) as exc:
        services.fixed_share_set(
            access=s_access, allocation=allocation, body=other_body, percent=D("70")
        )
    assert "percent" in exc.value.message_dict
    services.fixed_share_set(
        access=s_access, allocation=allocation, body=other_body, percent=D("66.67")
    )
    result = selectors.allocation_result(
        selectors.allocation_get(access=s_access, ref=allocation.uid)
    )
    assert result.problem == ""
    assert result.table.years == [2026, 2027]
    rows = {row["label"]: row["amounts"] for row in result.rows}
    assert rows == {body.name: [D(33330), D(33330)], other_body.name: [D(66670), D(66670)]}
    assert result.table.total == D(200_000) == sum(r["total"] for r in result.rows)


def test_an_activity_allocation_uses_its_budget_lines(org, body, other_body, s_access):
    activity = ActivityFactory(document__organisation=org)
    BudgetLineFactory(activity=activity, year=2026, amount=D("1000.00"))
    BudgetLineFactory(activity=activity, year=2026, kind="investment", amount=D("500.00"))
    BudgetLineFactory(activity=activity, year=2027, amount=D("1001.00"))
    allocation = services.allocation_create(
        access=s_access,
        data={"title": "Delad", "rule": AllocationRule.FIXED, "activity": activity},
    )
    services.fixed_share_set(access=s_access, allocation=allocation, body=body, percent=D(50))
    services.fixed_share_set(access=s_access, allocation=allocation, body=other_body, percent=D(50))
    panel = selectors.activity_allocation(activity)
    table = panel["result"].table
    assert [table.year_total(y) for y in table.years] == [D(1500), D(1001)]
    # 1 001 kr in halves: the krona left goes to the first body in order (equal fractions).
    assert sorted([table.amount(k, 2027) for k in table.keys]) == [D(500), D(501)]
    with pytest.raises(ValidationError) as exc:
        services.allocation_create(
            access=s_access,
            data={"title": "Igen", "rule": AllocationRule.FIXED, "activity": activity},
        )
    assert "activity" in exc.value.message_dict


def test_per_device_surcharge(org, body, other_body, s_access):
    allocation = services.allocation_create(
        access=s_access,
        data={
            "title": "Påslag per dator",
            "rule": AllocationRule.DEVICE,
            "device_price": D("150"),
            "start_year": 2026,
            "end_year": 2026,
        },
    )
    services.device_count_set(
        access=s_access, allocation=allocation, body=body, year=2026, devices=400
    )
    services.device_count_set(
        access=s_access, allocation=allocation, body=other_body, year=2026, devices=101
    )
    services.device_count_set(
        access=s_access, allocation=allocation, body=other_body, year=2026, devices=100
    )
    with pytest.raises(ValidationError) as exc:
        services.device_count_set(
            access=s_access, allocation=allocation, body=body, year=2030, devices=1
        )
    assert "year" in exc.value.message_dict
    result = selectors.allocation_result(
        selectors.allocation_get(access=s_access, ref=allocation.uid)
    )
    assert {r["label"]: r["total"] for r in result.rows} == {
        body.name: D(60_000),
        other_body.name: D(15_000),
    }
    assert result.table.total == D(75_000)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "X", "rule": "device", "start_year": 2026, "end_year": 2026}, "device_price"),
        ({"title": "X", "rule": "fixed", "start_year": 2026, "end_year": 2026}, "annual_amount"),
        ({"title": "X", "rule": "fixed", "annual_amount": 5}, "start_year"),
        (
            {
                "title": "X",
                "rule": "benefit",
                "annual_amount": 5,
                "start_year": 2026,
                "end_year": 2026,
            },
            "activity",
        ),
        (
            {
                "title": " ",
                "rule": "fixed",
                "annual_amount": 5,
                "start_year": 2026,
                "end_year": 2026,
            },
            "title",
        ),
        (
            {
                "title": "X",
                "rule": "fixed",
                "annual_amount": -5,
                "start_year": 2026,
                "end_year": 2026,
            },
            "annual_amount",
        ),
        (
            {
                "title": "X",
                "rule": "fixed",
                "annual_amount": 5,
                "start_year": 2027,
                "end_year": 2026,
            },
            "end_year",
        ),
    ],
)
def test_invalid_allocations_name_the_field_and_write_nothing(org, s_access, data, field):
    with pytest.raises(ValidationError) as exc:
        services.allocation_create(access=s_access, data=data)
    assert field in exc.value.message_dict
    assert not CostAllocation.objects.for_org(org).exists()


def test_readers_and_editors_may_not_write(org, reader, editor, access_of):
    for user in (reader, editor):
        with pytest.raises(PermissionDenied):
            services.allocation_create(
                access=access_of(user),
                data={
                    "title": "X",
                    "rule": "fixed",
                    "annual_amount": 5,
                    "start_year": 2026,
                    "end_year": 2026,
                },
            )


def test_another_organisations_rows_are_404(org, other_org, s_access):
    foreign = AllocationFactory(organisation=other_org)
    foreign_body = BodyFactory(organisation=other_org)
    with pytest.raises(Http404):
        services.allocation_update(access=s_access, allocation=foreign, data={"title": "Y"})
    own = AllocationFactory(organisation=org)
    with pytest.raises(Http404):
        services.fixed_share_set(access=s_access, allocation=own, body=foreign_body, percent=D(10))
    with pytest.raises(Http404):
        selectors.allocation_get(access=s_access, ref=foreign.uid)


# Shared projects ------------------------------------------------------------------------------


def test_population_split_with_external_parties_and_sources(org, other_org, s_access):
    org.population, other_org.population = 42_000, 86_000
    org.save(update_fields=["population"])
    other_org.save(update_fields=["population"])
    KoladaValue.objects.create(
        kpi="N01951",
        municipality="1489",
        year=2023,
        value=D(41_900),
        fetched_at=timezone.now(),
        source_url="https://api.kolada.se/",
    )
    KoladaValue.objects.create(
        kpi="N01951",
        municipality="1489",
        year=2024,
        value=D(42_100),
        fetched_at=timezone.now(),
        source_url="https://api.kolada.se/",
    )
    project = services.shared_project_create(
        access=s_access,
        data={
            "title": "E-arkiv",
            "annual_amount": D(1_000_000),
            "start_year": 2026,
            "end_year": 2026,
        },
    )
    services.participant_add_external(
        access=s_access, project=project, name="Vimmerby kommun", population=15_500
    )
    services.participant_add_external(
        access=s_access, project=project, name="Hultsfreds kommun", population=14_000
    )
    invited = services.participant_invite(access=s_access, project=project, member=other_org)
    split = selectors.project_splits([selectors.project_get(access=s_access, ref=project.uid)])[0]
    # Not counted before it accepts.
    assert [p.label for p in split.parties] == [org.name, "Vimmerby kommun", "Hultsfreds kommun"]
    assert split.pending == [invited]
    assert (
        split.parties[0].source == PopulationSource.KOLADA and split.parties[0].population == 42_100
    )
    outsider_admin = UserFactory(username="ks-admin", role="admin", organisation=other_org)
    services.participation_answer(
        access=access_for(outsider_admin, other_org),
        participant=invited,
        accept=True,
    )
    split = selectors.project_splits([selectors.project_get(access=s_access, ref=project.uid)])[0]
    pops = {p.label: (p.population, p.source) for p in split.parties}
    assert pops[other_org.name] == (86_000, PopulationSource.RECORD)
    # 1 000 000 kr by 42 100 / 15 500 / 14 000 / 86 000 (157 600): 267 132.0…, 98 350.2…,
    # 88 832.4…, 545 685.2… → floors sum to 999 999; the krona goes to 88 832.48 (Hultsfred).
    shares = {row["label"]: row["total"] for row in split.rows}
    assert shares == {
        org.name: D(267_132),
        "Vimmerby kommun": D(98_350),
        "Hultsfreds kommun": D(88_833),
        other_org.name: D(545_685),
    }
    assert sum(shares.values()) == D(1_000_000) == split.table.total


def test_invitation_is_mailed_and_answered_only_by_the_invited(org, other_org, s_access, access_of):
    ks_admin = UserFactory(username="ks-admin", role="admin", organisation=other_org)
    project = ProjectFactory(organisation=org)
    invited = services.participant_invite(access=s_access, project=project, member=other_org)
    mail = OutboxMessage.objects.filter(recipient=ks_admin).get()
    assert project.title in mail.subject and org.name in mail.subject
    assert mail.url.endswith("/o/kristianstad/shared-projects/")
    with pytest.raises(ValidationError) as exc:
        services.participant_invite(access=s_access, project=project, member=other_org)
    assert "member" in exc.value.message_dict
    # The owner cannot answer for the participant; a third organisation gets 404.
    with pytest.raises(Http404):
        services.participation_answer(access=s_access, participant=invited, accept=True)
    third = UserFactory(
        username="x-admin", role="admin", organisation=ProjectFactory().organisation
    )
    with pytest.raises(Http404):
        services.participation_answer(
            access=access_for(third, third.memberships.get().organisation),
            participant=invited,
            accept=True,
        )
    ks_access = access_for(ks_admin, other_org)
    services.participation_answer(access=ks_access, participant=invited, accept=False)
    invited.refresh_from_db()
    assert invited.status == ParticipantStatus.DECLINED and invited.answered_at
    assert AuditEntry.objects.filter(event="financing.participation_declined").exists()
    assert not selectors.participating_projects(access=ks_access).exists()


def test_external_party_needs_name_and_population(org, s_access):
    project = ProjectFactory(organisation=org)
    with pytest.raises(ValidationError) as exc:
        services.participant_add_external(
            access=s_access, project=project, name="", population=None
        )
    assert {"name", "population"} <= set(exc.value.message_dict)
    ParticipantFactory(project=project, name="Vimmerby kommun")
    with pytest.raises(ValidationError) as exc:
        services.participant_add_external(
            access=s_access, project=project, name="vimmerby kommun", population=1
        )
    assert "name" in exc.value.message_dict
    assert Participant.objects.for_org(org).count() == 1


def test_by_benefit_share_the_bodies_that_benefit_pay(org, body, other_body, s_access):
    activity = ActivityFactory(document__organisation=org)
    BudgetLineFactory(activity=activity, year=2026, amount=D("1000.00"))
    calculation = BenefitCalculation.objects.create(
        organisation=org,
        activity=activity,
        title="Nytta",
        first_year=2026,
        years=1,
        discount_rate=0,
    )
    zero = Alternative.objects.create(
        organisation=org, calculation=calculation, is_zero=True, name="Nollalternativ"
    )
    chosen = Alternative.objects.create(
        organisation=org, calculation=calculation, is_chosen=True, name="E-arkiv", order=1
    )
    assert zero.pk
    for party, who, amount in (
        ("body", body, 300),
        ("body", other_body, 100),
        ("residents", None, 100),
    ):
        line = CalculationLine.objects.create(
            organisation=org,
            alternative=chosen,
            name=f"Nytta {amount}",
            direction="benefit",
            kind="operating",
            party_kind=party,
            body=who,
        )
        LineAmount.objects.create(organisation=org, line=line, year=2026, amount=amount)
    allocation = services.allocation_create(
        access=s_access, data={"title": "Nyttan betalar", "rule": "benefit", "activity": activity}
    )
    result = selectors.allocation_result(
        selectors.allocation_get(access=s_access, ref=allocation.uid)
    )
    # Shares 0.6 / 0.2 / 0.2 (residents); the residents' share is left out and the bodies'
    # 0.6 : 0.2 scaled to the whole cost: 750 and 250 kr.
    assert result.problem == ""
    assert {r["label"]: r["total"] for r in result.rows} == {
        body.name: D(750),
        other_body.name: D(250),
    }
    assert len(result.left_out) == 1  # the residents
    overview = selectors.organisation_overview(access=s_access)
    assert overview["bodies"]["total"] == D(1000)
