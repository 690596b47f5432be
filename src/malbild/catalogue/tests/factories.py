"""Factories for catalogue items (IT systems, e-services)."""

import factory
from factory.django import DjangoModelFactory

from malbild.catalogue.models import CatalogueItem
from malbild.core.tests.factories import OrganisationFactory


class CatalogueItemFactory(DjangoModelFactory):
    class Meta:
        model = CatalogueItem

    organisation = factory.SubFactory(OrganisationFactory)
    kind = "it_system"
    name = factory.Sequence(lambda n: f"System {n}")

    class Params:
        eservice = factory.Trait(kind="e_service")
