"""Factories for allocation rules, shares, device counts, shared projects and participants."""

import factory
from factory.django import DjangoModelFactory

from malbild.core.tests.factories import BodyFactory, OrganisationFactory
from malbild.financing.constants import AllocationRule, ParticipantStatus
from malbild.financing.models import (
    CostAllocation,
    DeviceCount,
    FixedShare,
    Participant,
    SharedProject,
)


class AllocationFactory(DjangoModelFactory):
    class Meta:
        model = CostAllocation

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Gemensam kostnad {n}")
    rule = AllocationRule.FIXED
    annual_amount = 100_000
    start_year = 2026
    end_year = 2027


class FixedShareFactory(DjangoModelFactory):
    class Meta:
        model = FixedShare

    allocation = factory.SubFactory(AllocationFactory)
    organisation = factory.SelfAttribute("allocation.organisation")
    body = factory.SubFactory(BodyFactory, organisation=factory.SelfAttribute("..organisation"))
    percent = 50


class DeviceCountFactory(DjangoModelFactory):
    class Meta:
        model = DeviceCount

    allocation = factory.SubFactory(
        AllocationFactory, rule=AllocationRule.DEVICE, annual_amount=None, device_price=150
    )
    organisation = factory.SelfAttribute("allocation.organisation")
    body = factory.SubFactory(BodyFactory, organisation=factory.SelfAttribute("..organisation"))
    year = 2026
    devices = 100


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = SharedProject

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Gemensamt e-arkiv {n}")
    annual_amount = 1_000_000
    start_year = 2026
    end_year = 2027


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SelfAttribute("project.organisation")
    status = ParticipantStatus.EXTERNAL
    name = factory.Sequence(lambda n: f"Extern kommun {n}")
    population = 15_500
