"""The public portal of the demo (issue #14): Alingsås publishes its adopted action plan (its
closed follow-ups 2018 and 2019 and the closed 2018 remiss come with it; the open 2020
period does not), Kristianstad its digital agenda "Kristianstad e-kommun 2020". Both turn
the portal on with an accent colour of AA contrast and the standard accessibility statement
with a contact address on the demo's reserved domain.

The agenda was adopted without a decided version (the demo enters it as adopted), so the
loader first freezes it as the version in force — through `version_freeze`, as a strategist
would — and publishes that. Idempotent: an organisation whose portal settings exist is left
alone (a second run changes nothing and writes no audit entries)."""

from typing import TextIO

from django.db import transaction

from malbild.accounts.models import User
from malbild.core.access import access_for
from malbild.organisation.models import Organisation
from malbild.organisation.services import organisation_update
from malbild.portal import selectors as portal_selectors
from malbild.portal import services as portal_services
from malbild.strategy.models import SteeringDocument
from malbild.strategy.services import version_freeze

from . import alingsas, kristianstad

PORTALS = (
    {
        "slug": "alingsas",
        "titles": (alingsas.PLAN_TITLE,),
        "accent_colour": "#00466e",
        "contact_email": "tillganglighet@alingsas.example",
        "contact_phone": "0322-61 60 00",
    },
    {
        "slug": "kristianstad",
        "titles": (kristianstad.TITLE,),
        "accent_colour": "#1f4e3d",
        "contact_email": "tillganglighet@kristianstad.example",
        "contact_phone": "044-13 50 00",
    },
)


def load(*, stdout: TextIO) -> bool:
    """Turn on and fill the portals of the demo organisations; False when nothing was done."""
    admin = User.objects.filter(username="demo-admin").first()
    done = False
    for spec in PORTALS:
        org = Organisation.objects.filter(slug=spec["slug"]).first()
        if org is None or admin is None:
            stdout.write(f"Portal demo: {spec['slug']} is missing, skipped.\n")
            continue
        if portal_selectors.portal_settings_row(org) is not None:
            stdout.write(f"Portal demo: {org.name} already has its portal, skipped.\n")
            continue
        with transaction.atomic():
            titles = _load(access_for(admin, org), org, spec)
        stdout.write(f"Portal demo: {org.name} publishes {', '.join(titles)}.\n")
        done = True
    return done


def _load(access, org, spec) -> list[str]:
    organisation_update(access=access, data={"accent_colour": spec["accent_colour"]})
    portal_services.portal_settings_update(
        access=access,
        data={
            "enabled": True,
            "contact_email": spec["contact_email"],
            "contact_phone": spec["contact_phone"],
        },
    )
    published = []
    for title in spec["titles"]:
        document = SteeringDocument.objects.for_org(org).filter(title=title).first()
        if document is None:
            continue
        if portal_selectors.publishable_version(document) is None:
            version_freeze(
                access=access, document=document, label="Antagen version", note="Demo: portalen"
            )
        portal_services.document_publication_set(access=access, document=document, published=True)
        published.append(title)
    return published
