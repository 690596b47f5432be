"""Factories for follow-up periods, contributions and self-assessments."""

import datetime

import factory
from factory.django import DjangoModelFactory

from malbild.actionplan.tests.factories import ActivityFactory
from malbild.core.tests.factories import OrganisationFactory
from malbild.followup.models import (
    ActivityReport,
    FollowUpPeriod,
    IndicatorValue,
    Question,
    QuestionSection,
    QuestionSet,
)
from malbild.strategy.tests.factories import DocumentFactory, IndicatorFactory


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = FollowUpPeriod

    document = factory.SubFactory(DocumentFactory)
    organisation = factory.SelfAttribute("document.organisation")
    label = factory.LazyAttribute(lambda p: str(p.start.year))
    start = datetime.date(2019, 1, 1)
    end = datetime.date(2019, 12, 31)
    deadline = datetime.date(2020, 1, 31)


class ActivityReportFactory(DjangoModelFactory):
    class Meta:
        model = ActivityReport

    period = factory.SubFactory(PeriodFactory)
    activity = factory.SubFactory(
        ActivityFactory, document=factory.SelfAttribute("..period.document")
    )
    organisation = factory.SelfAttribute("period.organisation")
    status = "ongoing"
    progress = 50
    state = "submitted"


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    period = factory.SubFactory(PeriodFactory)
    indicator = factory.SubFactory(
        IndicatorFactory, document=factory.SelfAttribute("..period.document")
    )
    organisation = factory.SelfAttribute("period.organisation")
    value = 60
    measured_on = datetime.date(2019, 12, 31)
    state = "submitted"


class QuestionSetFactory(DjangoModelFactory):
    class Meta:
        model = QuestionSet

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Självskattning"


class QuestionSectionFactory(DjangoModelFactory):
    class Meta:
        model = QuestionSection

    question_set = factory.SubFactory(QuestionSetFactory)
    organisation = factory.SelfAttribute("question_set.organisation")
    title = factory.Sequence(lambda n: f"Nivå {n}")


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(QuestionSectionFactory)
    organisation = factory.SelfAttribute("section.organisation")
    text = factory.Sequence(lambda n: f"Fråga {n}?")
