"""Fixtures for consultation tests: an action plan with items, frozen, and a strategist's
access; an external body and a respondent for the culture committee."""

import datetime

import pytest

from malbild.accounts.constants import Role
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.consultation import services
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.strategy import services as strategy_services
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    IndicatorFactory,
    SectionFactory,
)


@pytest.fixture
def plan(org, body):
    doc = DocumentFactory(
        organisation=org, title="Handlingsplan Digital målbild för Alingsås kommun 2018–2020"
    )
    SectionFactory(document=doc, heading="Inledning", body="Handlingsplanen löper i tre år.")
    fa = FocusAreaFactory(document=doc, number="1", title="Digitala tjänster")
    ind = IndicatorFactory(document=doc, name="Antal e-tjänster", unit="antal")
    ind.focus_areas.set([fa])
    act = ActivityFactory(document=doc, organisation=org, responsible_body=body, title="E-arkiv")
    act.focus_areas.set([fa])
    return {"document": doc, "focus_area": fa, "indicator": ind, "activity": act}


@pytest.fixture
def strategist_access(strategist, access_of):
    return access_of(strategist)


@pytest.fixture
def version(plan, strategist_access):
    return strategy_services.version_freeze(
        access=strategist_access, document=plan["document"], label="Remissversion"
    )


@pytest.fixture
def external_body(org):
    return BodyFactory(organisation=org, name="Föreningen Sambruk", external=True)


@pytest.fixture
def ks(org):
    return BodyFactory(
        organisation=org,
        name="Kommunstyrelsens arbetsutskott",
        short_name="KSAU",
        kind="working_committee",
    )


@pytest.fixture
def round_(version, strategist_access, body, other_body, external_body, ks):
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss: Handlingsplan digital målbild",
        instructions="Svara senast på remissdagen.",
        registry_number="2017.676 KS",
        sent_on=datetime.date(2018, 2, 28),
        deadline=datetime.date(2018, 4, 5),
        bodies=[body, other_body, external_body],
        decision={"body": ks, "date": datetime.date(2018, 2, 28), "paragraph": "8"},
    )


@pytest.fixture
def respondent(org, body):
    return UserFactory(username="remiss-kfn", role=Role.RESPONDENT, organisation=org, bodies=[body])


@pytest.fixture
def consultee_of(round_):
    def get(body):
        return round_.consultees.get(body=body)

    return get


@pytest.fixture
def client(client):
    """The test client, logging in the user as stored (factories set the password after the
    first save, so the in-memory object's session hash would not match)."""
    from malbild.accounts.models import User

    original = client.force_login

    def force_login(user, backend=None):
        original(User.objects.get(pk=user.pk), backend=backend)

    client.force_login = force_login
    return client
