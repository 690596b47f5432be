"""Factories for steering documents and their items."""

import factory
from factory.django import DjangoModelFactory

from malbild.core.tests.factories import OrganisationFactory
from malbild.strategy.constants import DocumentKind
from malbild.strategy.models import (
    Decision,
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    OverallGoal,
    Section,
    SteeringDocument,
)


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = SteeringDocument

    organisation = factory.SubFactory(OrganisationFactory)
    kind = DocumentKind.ACTION_PLAN
    title = factory.Sequence(lambda n: f"Handlingsplan {n}")
    period_start = 2018
    period_end = 2020


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    document = factory.SubFactory(DocumentFactory)
    organisation = factory.SelfAttribute("document.organisation")
    order = factory.Sequence(int)
    heading = factory.Sequence(lambda n: f"Kapitel {n}")
    body = "Text med **fetstil**."


class OverallGoalFactory(DjangoModelFactory):
    class Meta:
        model = OverallGoal

    document = factory.SubFactory(DocumentFactory)
    organisation = factory.SelfAttribute("document.organisation")
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Övergripande mål {n}")


class FocusAreaFactory(DjangoModelFactory):
    class Meta:
        model = FocusArea

    document = factory.SubFactory(DocumentFactory)
    organisation = factory.SelfAttribute("document.organisation")
    order = factory.Sequence(int)
    number = factory.Sequence(lambda n: f"5.{n}")
    title = factory.Sequence(lambda n: f"Insatsområde {n}")
    goal_text = "Målet för området."


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    focus_area = factory.SubFactory(FocusAreaFactory)
    organisation = factory.SelfAttribute("focus_area.organisation")
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Mål {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    document = factory.SubFactory(DocumentFactory)
    organisation = factory.SelfAttribute("document.organisation")
    name = factory.Sequence(lambda n: f"Mätetal {n}")
    unit = "%"
    baseline_value = 50
    baseline_year = 2017


class IndicatorTargetFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorTarget

    indicator = factory.SubFactory(IndicatorFactory)
    organisation = factory.SelfAttribute("indicator.organisation")
    year = 2020
    value = 95


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    organisation = factory.SelfAttribute("body.organisation")
    body = factory.SubFactory("malbild.core.tests.factories.BodyFactory")
    date = factory.Faker("date_between", start_date="-3y", end_date="today")
    paragraph = factory.Sequence(lambda n: f"§ {n}")
    title = "Beslut"
