"""The /api/v1 NinjaAPI: authentication, error format; mounts each app's `api.router`.

Each domain app owns `malbild/<app>/api.py` exposing `router` (a ninja Router); it is mounted
here under the app's prefix. Authentication (session with CSRF, or a personal token as
`Authorization: Bearer mb_…`) and the error format live in malbild/api/auth.py and errors.py.
"""

from importlib import import_module
from importlib.util import find_spec

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from malbild.api.auth import AUTH
from malbild.api.idempotency import install as install_idempotency
from malbild.api.utils import etag


class MalbildAPI(NinjaAPI):
    """Answers that carry one versioned object (a `lock_version` at the top level) get its
    `ETag`, for `If-Match` on the next PUT, PATCH or DELETE (docs/adr/0007)."""

    def create_response(
        self, request: HttpRequest, data, *, status: int | None = None, temporal_response=None
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        version = data.get("lock_version") if isinstance(data, dict) else None
        if isinstance(version, int) and (status or 200) < 300:
            response["ETag"] = etag(version)
        return response


api = MalbildAPI(
    title="Målbild API",
    version="1",
    description="Steering documents, action plans, consultations and follow-up of a "
    "municipality's digitalisation.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=AUTH,
)

# (app module, URL prefix, OpenAPI tag). Order is the order in the documentation.
MOUNTS = [
    ("malbild.organisation", "", "organisations"),
    ("malbild.accounts", "", "accounts"),
    ("malbild.strategy", "", "strategy"),
    ("malbild.actionplan", "", "action plan"),
    ("malbild.cases", "", "cases"),
    ("malbild.catalogue", "", "catalogue"),
    ("malbild.kolada", "", "kolada"),
    ("malbild.consultation", "", "consultation"),
    ("malbild.followup", "", "follow-up"),
    ("malbild.benefits", "", "benefit calculations"),
    ("malbild.dataio", "", "spreadsheet import and export"),
    ("malbild.reports", "", "reports"),
    ("malbild.site", "", "to-do"),
    ("malbild.portal", "", "public portal"),
]


def _mount() -> None:
    if find_spec("malbild.api.errors"):
        import_module("malbild.api.errors").install(api)
    install_idempotency(api)  # Idempotency-Key on every POST (docs/guide/api-retries.md)
    for module, prefix, tag in MOUNTS:
        if find_spec(f"{module}.api") is None:
            continue
        router = getattr(import_module(f"{module}.api"), "router", None)
        if router is not None:
            api.add_router(prefix, router, tags=[tag])


_mount()
