"""Reads of Kolada data: the KPI search (asks Kolada), stored values and municipality names."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .client import KoladaClient
from .models import RIKET, KoladaMunicipality, KoladaValue

#: The most KPIs one search shows.
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    description: str


def kpi_search(*, client: KoladaClient, query: str) -> list[Kpi]:
    """KPIs whose title contains `query` (Kolada's own search); KoladaError when Kolada
    cannot be had."""
    query = query.strip()
    if not query:
        return []
    found = []
    for row in client.kpis(title=query)[:SEARCH_LIMIT]:
        kpi_id, title = str(row.get("id", "")), str(row.get("title", ""))
        if kpi_id and title:
            found.append(Kpi(id=kpi_id, title=title, description=str(row.get("description") or "")))
    return found


def stored_values(*, kpi: str, municipalities: Iterable[str]) -> list[KoladaValue]:
    """The stored values of `kpi` for `municipalities`, by municipality and year (one query)."""
    return list(
        KoladaValue.objects.filter(kpi=kpi, municipality__in=list(municipalities)).order_by(
            "municipality", "year"
        )
    )


def municipality_names(codes: Iterable[str]) -> dict[str, str]:
    """Code → the name Kolada gives it (one query); Riket always; an unknown code stands for
    itself, with the word “kommun”."""
    codes = list(codes)
    names = dict(KoladaMunicipality.objects.filter(code__in=codes).values_list("code", "title"))
    for code in codes:
        if code == RIKET:
            names[code] = _("Sweden (Riket)")
        names.setdefault(code, _("Municipality %(code)s") % {"code": code})
    return names
