"""The backup as a background export (reports.jobs): the organisation page's download."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.organisation.models import Organisation
from malbild.reports.jobs import access_of

from .services import backup_for

KIND = "organisation_backup"
CONTENT_TYPE = "application/zip"


def build(params: dict, fmt: str, progress) -> tuple[bytes, str, str]:
    access = access_of(params)
    out = io.BytesIO()
    backup_for(
        access=access,
        out=out,
        progress=lambda percent, _table: progress(percent, _("Collecting the data")),
    )
    slug = access.organisation.slug
    return (
        out.getvalue(),
        f"malbild-backup-{slug}-{timezone.localdate():%Y-%m-%d}.zip",
        CONTENT_TYPE,
    )


def label(params: dict) -> str:
    """The status page's title: the organisation by name (its slug if it is gone)."""
    slug = params.get("org", "")
    name = Organisation.objects.filter(slug=slug).values_list("name", flat=True).first()
    return _("Backup of %(org)s") % {"org": name or slug}
