"""Fetching Kolada's data into the database (`KoladaValue`, `KoladaMunicipality`).

`kolada_client()` is the client every caller uses: the live API at `KOLADA_BASE_URL`, or the
recorded responses of `KOLADA_RECORDED_DIR` (the demo). Values are stored per KPI,
municipality and year (upserted in one transaction a fetch): public statistics, so they carry
no organisation; who uses them is the follow-up's business (malbild.followup.kolada).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .client import KoladaClient
from .models import KoladaMunicipality, KoladaValue
from .recorded import recorded_session

VALUE_PLACES = Decimal("0.0001")


def kolada_client(**kwargs) -> KoladaClient:
    if settings.KOLADA_RECORDED_DIR and "session" not in kwargs:
        kwargs["session"] = recorded_session(settings.KOLADA_RECORDED_DIR)
    return KoladaClient(**kwargs)


@dataclass(frozen=True)
class Observation:
    municipality: str
    year: int
    value: Decimal | None
    status: str


def parse_value(raw) -> Decimal | None:
    if raw is None or raw == "":
        return None
    try:
        return Decimal(str(raw)).quantize(VALUE_PLACES)
    except InvalidOperation:
        return None


def total_of(row: dict) -> Observation | None:
    """The total (gender T) value of a data row; a row of one gender-less value counts too."""
    entries = row.get("values") or []
    total = next((e for e in entries if e.get("gender") == "T"), None)
    if total is None and len(entries) == 1:
        total = entries[0]
    if total is None or total.get("isdeleted"):
        return None
    try:
        year = int(row["period"])
        municipality = str(row["municipality"])
    except (KeyError, TypeError, ValueError):
        return None
    value = parse_value(total.get("value"))
    status = str(total.get("status") or "")
    if value is None and not status:
        status = "Missing"
    return Observation(municipality=municipality, year=year, value=value, status=status[:40])


def values_fetch(
    *,
    client: KoladaClient,
    kpi: str,
    municipalities: Iterable[str],
    years: Iterable[int] | None = None,
) -> list[KoladaValue]:
    """Fetch `kpi` for `municipalities` (and `years`, or every year) and store the totals;
    the stored rows. KoladaError (client) when Kolada cannot be had: nothing is stored."""
    rows = client.data(kpi=kpi, municipalities=municipalities, years=years)
    source = client.requested[-1] if client.requested else client.base_url
    now = timezone.now()
    observations = {}
    for row in rows:
        obs = total_of(row)
        if obs is not None and str(row.get("kpi", kpi)) == kpi:
            observations[(obs.municipality, obs.year)] = obs
    stored = []
    with transaction.atomic():
        for obs in observations.values():
            value, _ = KoladaValue.objects.update_or_create(
                kpi=kpi,
                municipality=obs.municipality,
                year=obs.year,
                defaults={
                    "value": obs.value,
                    "status": obs.status,
                    "fetched_at": now,
                    "source_url": source[:500],
                },
            )
            stored.append(value)
    return stored


def municipalities_fetch(*, client: KoladaClient) -> int:
    """Store Kolada's names of every municipality and region; how many."""
    rows = client.municipalities()
    now = timezone.now()
    with transaction.atomic():
        for row in rows:
            code, title = str(row.get("id", "")), str(row.get("title", ""))
            if len(code) != 4 or not title:
                continue
            KoladaMunicipality.objects.update_or_create(
                code=code,
                defaults={
                    "title": title[:200],
                    "kind": str(row.get("type", ""))[:2],
                    "fetched_at": now,
                },
            )
    return len(rows)
