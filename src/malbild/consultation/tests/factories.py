"""Factories for consultation rounds, consultees, responses and comments.

`RoundFactory` freezes nothing itself: it takes a `DocumentVersion` built by
`VersionFactory`, which snapshots the document's current tree.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from malbild.consultation.constants import CommentKind, Position, ResponseStatus
from malbild.consultation.models import Comment, ConsultationRound, Consultee, Response
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.models import DocumentVersion
from malbild.strategy.snapshot import document_snapshot
from malbild.strategy.tests.factories import DocumentFactory


class VersionFactory(DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    organisation = factory.SelfAttribute("document.organisation")
    number = factory.Sequence(lambda n: n + 1)
    label = "Remissversion"
    status_at_freeze = "draft"
    snapshot = factory.LazyAttribute(lambda v: document_snapshot(v.document))


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = ConsultationRound

    version = factory.SubFactory(VersionFactory)
    document = factory.SelfAttribute("version.document")
    organisation = factory.SelfAttribute("version.organisation")
    title = factory.Sequence(lambda n: f"Remiss {n}")
    sent_on = datetime.date(2018, 2, 28)
    original_deadline = datetime.date(2018, 4, 5)
    deadline = datetime.date(2018, 4, 5)


class ConsulteeFactory(DjangoModelFactory):
    class Meta:
        model = Consultee

    round = factory.SubFactory(RoundFactory)
    organisation = factory.SelfAttribute("round.organisation")
    body = factory.SubFactory(BodyFactory, organisation=factory.SelfAttribute("..organisation"))


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Response

    consultee = factory.SubFactory(ConsulteeFactory)
    organisation = factory.SelfAttribute("consultee.organisation")
    number = 1
    position = Position.SUPPORTS_WITH_CHANGES
    summary = "Nämnden ställer sig bakom förslaget med ändringar."

    class Params:
        submitted = factory.Trait(
            status=ResponseStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(
                lambda: datetime.datetime(2018, 3, 20, 10, 0, tzinfo=datetime.UTC)
            ),
        )


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    response = factory.SubFactory(ResponseFactory)
    organisation = factory.SelfAttribute("response.organisation")
    order = factory.Sequence(int)
    kind = CommentKind.CHANGE
    text = factory.Sequence(lambda n: f"Synpunkt {n}")
