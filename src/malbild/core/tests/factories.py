"""Factories for the shared pieces: organisations, bodies, users and their roles.

Use `UserFactory(role=..., organisation=..., bodies=[...])` for a user with one role.
"""

import factory
from factory.django import DjangoModelFactory

from malbild.accounts.models import Membership, User
from malbild.organisation.constants import BodyKind
from malbild.organisation.models import Body, Organisation


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Testkommun {n}")
    slug = factory.Sequence(lambda n: f"testkommun-{n}")
    kolada_id = factory.Sequence(lambda n: f"{1000 + n % 9000:04d}")
    population = 40000


class BodyFactory(DjangoModelFactory):
    class Meta:
        model = Body

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Nämnd {n}")
    kind = BodyKind.COMMITTEE

    class Params:
        external = factory.Trait(kind=BodyKind.EXTERNAL)
        company = factory.Trait(kind=BodyKind.COMPANY)
        administration = factory.Trait(kind=BodyKind.ADMINISTRATION)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "pw-Secret-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role="editor", organisation=org, bodies=[body])`."""
        if not create or not extracted:
            return
        org = kwargs.get("organisation") or self._org
        membership = Membership.objects.create(user=self, organisation=org, role=extracted)
        bodies = kwargs.get("bodies") or getattr(self, "_bodies", None) or []
        if bodies:
            membership.bodies.set(bodies)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save(update_fields=["password"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        org = kwargs.pop("organisation", None)
        bodies = kwargs.pop("bodies", None)
        obj = super()._create(model_class, *args, **kwargs)
        obj._org = org
        obj._bodies = bodies
        obj.save()
        return obj
