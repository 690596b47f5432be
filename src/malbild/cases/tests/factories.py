"""Factories for cases and their events."""

import datetime

import factory
from factory.django import DjangoModelFactory

from malbild.cases.constants import Outcome
from malbild.cases.models import Assignment, Case, CaseDecision, Motion, Proposal
from malbild.core.tests.factories import BodyFactory, OrganisationFactory
from malbild.strategy.tests.factories import DecisionFactory


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    registry_number = factory.Sequence(lambda n: f"2017/{100 + n}-109")
    title = factory.Sequence(lambda n: f"Motion om digitalisering {n}")


class MotionFactory(DjangoModelFactory):
    class Meta:
        model = Motion

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    date = datetime.date(2017, 4, 10)
    title = "Strategi för digitaliseringsarbete"
    author = "Harald Hjalmarsson"
    party = "M"
    request = "Att kommunstyrelsen ges i uppdrag att ta fram en digitaliseringsstrategi."


class AssignmentFactory(DjangoModelFactory):
    class Meta:
        model = Assignment

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    date = datetime.date(2017, 4, 12)
    assigned_to = factory.SubFactory(
        BodyFactory, organisation=factory.SelfAttribute("..organisation")
    )
    description = "Bereda motionen."


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    date = datetime.date(2017, 10, 16)
    from_body = factory.SubFactory(
        BodyFactory, organisation=factory.SelfAttribute("..organisation")
    )
    to_body = factory.SubFactory(BodyFactory, organisation=factory.SelfAttribute("..organisation"))
    paragraph = "332"
    proposed_outcome = Outcome.APPROVED
    text = "Att bifalla motionen."


class CaseDecisionFactory(DjangoModelFactory):
    class Meta:
        model = CaseDecision

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SelfAttribute("case.organisation")
    decision = factory.SubFactory(
        DecisionFactory,
        body=factory.SubFactory(BodyFactory, organisation=factory.SelfAttribute("...organisation")),
    )
    outcome = Outcome.APPROVED
