"""Demo Kolada sync, loaded by `malbild demo` after the follow-up (see malbild/demo).

Runs the real sync (malbild.followup.kolada) for every demo organisation with indicators from
Kolada, but answered from the recorded responses (malbild/kolada/fixtures/recorded, through
the `requests` transport adapter of malbild.kolada.recorded): never the network. Alingsås'
broadband share gets Kolada's 2020 value in the open 2020 follow-up (or, where the committee
had already reported a value, a conflict to choose on), and its indicator page compares it
with Lerum, Borås and the whole country; Kristianstad's closed periods are left as frozen and
its page compares it with the whole country. The N07900 values are ILLUSTRATIVE (see the
fixtures' README). Idempotent: an organisation that has a sync job already is skipped.
"""

from typing import TextIO

from malbild.followup import kolada
from malbild.followup.models import KoladaSyncJob
from malbild.kolada.client import KoladaClient
from malbild.kolada.recorded import recorded_session
from malbild.organisation.models import Organisation

from . import ORGANISATION_SLUGS

RECORDED_BASE = "https://api.kolada.se/v3"


def recorded_client() -> KoladaClient:
    return KoladaClient(
        base_url=RECORDED_BASE, session=recorded_session(), min_interval=0, retries=0
    )


def load(*, stdout: TextIO) -> None:
    for org in Organisation.objects.filter(slug__in=ORGANISATION_SLUGS).order_by("slug"):
        if KoladaSyncJob.objects.for_org(org).exists():
            stdout.write(f"Kolada {org.slug}: already synced, skipped.\n")
            continue
        if not org.kolada_id or not kolada.kolada_indicators(org).exists():
            continue
        job = kolada.sync_job_create(access=None, organisation=org)
        job = kolada.sync_job_run(job.pk, client=recorded_client())
        stdout.write(
            f"Kolada {org.slug} (recorded responses): {job.get_state_display()} – "
            f"{job.fetched} values fetched, {job.created} added, {job.conflicts} conflicts, "
            f"{job.skipped} years in closed periods left as they were.\n"
        )
