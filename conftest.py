"""Shared pytest fixtures: an organisation with bodies and one user per role.

Apps add their own factories in `src/malbild/<app>/tests/factories.py`.
"""

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from malbild.accounts.constants import Role
from malbild.core.access import access_for
from malbild.core.tests.factories import BodyFactory, OrganisationFactory, UserFactory

# `kolada_server`: a local Kolada answering the recorded responses (never the internet).
from malbild.kolada.tests.server import kolada_server  # noqa: F401

# The property tests check results, not speed: on a loaded machine (parallel workers, a shared CI
# runner) a slow example or slow data generation is no failure. The examples drawn are the same.
hypothesis_settings.register_profile(
    "malbild", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("malbild")


@pytest.fixture
def org(db):
    return OrganisationFactory(name="Alingsås kommun", slug="alingsas", kolada_id="1489")


@pytest.fixture
def other_org(db):
    return OrganisationFactory(name="Kristianstads kommun", slug="kristianstad", kolada_id="1290")


@pytest.fixture
def body(org):
    return BodyFactory(organisation=org, name="Kultur- och fritidsnämnden", short_name="KFN")


@pytest.fixture
def other_body(org):
    return BodyFactory(organisation=org, name="Miljöskyddsnämnden", short_name="MN")


@pytest.fixture
def admin_user(org):
    return UserFactory(username="admin", role=Role.ADMIN, organisation=org)


@pytest.fixture
def strategist(org):
    return UserFactory(username="strateg", role=Role.STRATEGIST, organisation=org)


@pytest.fixture
def editor(org, body):
    return UserFactory(username="redaktor", role=Role.EDITOR, organisation=org, bodies=[body])


@pytest.fixture
def reader(org):
    return UserFactory(username="lasare", role=Role.READER, organisation=org)


@pytest.fixture
def outsider(other_org):
    return UserFactory(username="utomstaende", role=Role.ADMIN, organisation=other_org)


@pytest.fixture
def access_of(org):
    """`access_of(user)` → the user's Access in `org`."""

    def make(user, organisation=None):
        return access_for(user, organisation or org)

    return make


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Swedish), whatever an earlier test left
    active (a request with Accept-Language, an English page)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty Django cache: a closed period's pages are cached under
    its id and closing time (malbild.followup.page_cache), and ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()
