"""API of Kolada's KPIs: search by name (asks Kolada; any signed-in user). The sync and the
comparison of an organisation's indicators are the follow-up's API (followup/api_kolada.py)."""

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from malbild.api.utils import InputSchema

from .client import KoladaError
from .selectors import kpi_search
from .services import kolada_client

router = Router()


class KpiSearchIn(InputSchema):
    q: str = Field(..., min_length=2, max_length=200, description="A word of the KPI's name")


class KpiOut(Schema):
    id: str = Field(..., description="Kolada's KPI id, e.g. N07900")
    title: str
    description: str


@router.get(
    "/kolada/kpis",
    response=list[KpiOut],
    summary="Search Kolada's KPIs by name",
    description="KPIs whose title contains `q` (at most 50), as Kolada answers now; 502 when "
    "Kolada cannot be reached.",
)
def kpi_list(request, filters: Query[KpiSearchIn]):
    try:
        return kpi_search(client=kolada_client(retries=1), query=filters.q)
    except KoladaError as exc:
        raise HttpError(
            502, _("Kolada could not be reached or answered an error; try again later.")
        ) from exc
