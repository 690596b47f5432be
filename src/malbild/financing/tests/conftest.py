"""A shared project between two organisations on the instance (owner Alingsås, participant
Kristianstad, accepted) with an external party, and data of the owner the participant must
never reach: another activity, a budget line, a body, a rule."""

from decimal import Decimal

import pytest

from malbild.accounts.constants import Role
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.financing.constants import ParticipantStatus
from malbild.financing.tests.factories import (
    AllocationFactory,
    FixedShareFactory,
    ParticipantFactory,
    ProjectFactory,
)


@pytest.fixture
def shared(org, other_org, body):
    org.population, other_org.population = 42_000, 86_000
    org.save(update_fields=["population"])
    other_org.save(update_fields=["population"])
    activity = ActivityFactory(document__organisation=org, responsible_body=body, title="E-arkiv")
    BudgetLineFactory(activity=activity, year=2026, amount=Decimal(500_000))
    project = ProjectFactory(
        organisation=org,
        title="Gemensamt e-arkiv",
        activity=activity,
        annual_amount=Decimal(1_000_000),
        start_year=2026,
        end_year=2027,
    )
    ParticipantFactory(project=project, name="Vimmerby kommun", population=15_500)
    ParticipantFactory(project=project, name="Hultsfreds kommun", population=14_000)
    member = ParticipantFactory(
        project=project,
        member=other_org,
        name="",
        population=None,
        status=ParticipantStatus.ACCEPTED,
    )
    secret_activity = ActivityFactory(
        document__organisation=org, responsible_body=body, title="Hemlig åtgärd"
    )
    allocation = AllocationFactory(organisation=org, title="Ägarens interna fördelning")
    FixedShareFactory(allocation=allocation, body=body, percent=100)
    return {
        "project": project,
        "member": member,
        "activity": activity,
        "secret_activity": secret_activity,
        "allocation": allocation,
    }


@pytest.fixture
def ks_strategist(other_org):
    return UserFactory(username="ks-strateg", role=Role.STRATEGIST, organisation=other_org)


@pytest.fixture
def third_org_admin(db):
    third = BodyFactory().organisation
    return UserFactory(username="tredje", role=Role.ADMIN, organisation=third)
