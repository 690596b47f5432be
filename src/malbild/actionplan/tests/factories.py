"""Factories for activities and budget lines."""

import factory
from factory.django import DjangoModelFactory

from malbild.actionplan.models import Activity, BudgetLine
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.tests.factories import DocumentFactory


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    document = factory.SubFactory(DocumentFactory)
    organisation = factory.SelfAttribute("document.organisation")
    responsible_body = factory.SubFactory(
        BodyFactory, organisation=factory.SelfAttribute("..organisation")
    )
    title = factory.Sequence(lambda n: f"Åtgärd {n}")
    start_year = 2018
    end_year = 2019

    class Params:
        ongoing = factory.Trait(status="ongoing")
        done = factory.Trait(status="done")


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    activity = factory.SubFactory(ActivityFactory)
    organisation = factory.SelfAttribute("activity.organisation")
    year = 2018
    kind = "operating"
    amount = 100000
