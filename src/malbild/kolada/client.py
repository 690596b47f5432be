"""HTTP only: Kolada's API v3 (https://api.kolada.se/v3, read-only JSON; docs/guide/kolada.md).

- Path-style routes: `/data/kpi/{kpi}/municipality/{ids}/year/{years}`, `/kpi?title=…`,
  `/municipality`. At most 25 ids and 25 years go into one request; a larger request is split
  into several and their rows are concatenated.
- Pagination: every answer is an envelope `{"count", "values", "next_url", "previous_url"}`;
  the client follows `next_url` (relative to the base or absolute) — or `next_page`, the v2
  name some servers still send — until there is none, asking for `per_page` rows a page.
- A timeout on every request; retries with exponential backoff on 5xx answers, connection
  errors, timeouts and 429 (honouring its `Retry-After` seconds); a rate limit (at least
  `min_interval` seconds between two requests of one client).

What the rows mean (which municipality, which indicator of Målbild) is the services' business.
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings

logger = logging.getLogger("malbild.kolada")

#: Kolada's limits for one request (README of the API; larger requests answer 400).
MAX_IDS = 25
MAX_YEARS = 25
MAX_PER_PAGE = 5000
RETRY_STATUSES = {429, 500, 502, 503, 504}


class KoladaError(Exception):
    """Kolada could not be reached or answered an error (after the retries)."""

    def __init__(self, message: str, *, status: int | None = None, url: str = ""):
        super().__init__(message)
        self.status = status
        self.url = url


def chunks(items: Iterable, size: int) -> list[list]:
    items = list(items)
    return [items[i : i + size] for i in range(0, len(items), size)]


@dataclass
class KoladaClient:
    base_url: str = ""
    timeout: float = 0
    retries: int = -1
    backoff: float = -1
    min_interval: float = -1
    per_page: int = 0
    session: requests.Session | None = None
    #: Replaced in tests, so that backoff and the rate limit do not make them slow.
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    #: Every URL asked for, in order (for the sync's report and for tests).
    requested: list[str] = field(default_factory=list)
    _last_request: float | None = None

    def __post_init__(self):
        self.base_url = (self.base_url or settings.KOLADA_BASE_URL).rstrip("/") + "/"
        self.timeout = self.timeout or settings.KOLADA_TIMEOUT
        self.retries = self.retries if self.retries >= 0 else settings.KOLADA_RETRIES
        self.backoff = self.backoff if self.backoff >= 0 else settings.KOLADA_BACKOFF
        if self.min_interval < 0:
            self.min_interval = settings.KOLADA_MIN_INTERVAL
        self.per_page = min(self.per_page or settings.KOLADA_PER_PAGE, MAX_PER_PAGE)
        if self.session is None:
            self.session = requests.Session()
            self.session.headers["Accept"] = "application/json"
            self.session.headers["User-Agent"] = "Malbild (kolada sync)"

    # -- transport -------------------------------------------------------------------------

    def _wait_for_rate_limit(self) -> None:
        if self._last_request is not None and self.min_interval > 0:
            wait = self._last_request + self.min_interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request = self.clock()

    def _retry_delay(self, attempt: int, response: requests.Response | None) -> float:
        if response is not None and response.status_code == 429:
            after = response.headers.get("Retry-After", "")
            if after.strip().isdigit():
                return min(float(after), settings.KOLADA_MAX_RETRY_AFTER)
        return self.backoff * (2**attempt)

    def get_json(self, url: str, params: dict | None = None) -> dict | list:
        """One GET with retries; the decoded JSON. KoladaError when it cannot be had."""
        last_error = ""
        status = None
        for attempt in range(self.retries + 1):
            self._wait_for_rate_limit()
            self.requested.append(url)
            response = None
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as exc:
                last_error, status = f"{type(exc).__name__}: {exc}", None
            else:
                status = response.status_code
                if status < 400:
                    try:
                        return response.json()
                    except ValueError as exc:
                        raise KoladaError(
                            f"Kolada answered something that is not JSON: {exc}",
                            status=status,
                            url=url,
                        ) from exc
                if status not in RETRY_STATUSES:
                    raise KoladaError(f"Kolada answered {status}", status=status, url=url)
                last_error = f"Kolada answered {status}"
            if attempt < self.retries:
                delay = self._retry_delay(attempt, response)
                logger.info("Kolada: %s for %s, retry in %.1f s", last_error, url, delay)
                self.sleep(delay)
        raise KoladaError(last_error, status=status, url=url)

    def _next(self, page: dict, current: str) -> str:
        nxt = page.get("next_url") or page.get("next_page") or ""
        if not nxt:
            return ""
        if urlsplit(nxt).scheme:
            return nxt
        if nxt.startswith("/"):
            # Relative to the server: "/v3/data/…?page=2".
            return urljoin(self.base_url, nxt)
        return urljoin(current, nxt)

    def paginate(self, path: str, params: dict | None = None) -> Iterator[dict]:
        """Every row of `values` of every page of `path` (relative to the base URL)."""
        url = urljoin(self.base_url, path.lstrip("/"))
        query = {"per_page": self.per_page, **(params or {})}
        seen = set()
        while url:
            page = self.get_json(url, query)
            if isinstance(page, list):  # a bare list: one page
                yield from page
                return
            yield from page.get("values") or []
            nxt = self._next(page, url)
            # A next URL carries its own query (page, per_page …).
            query = None
            seen.add(url)
            if nxt in seen:
                raise KoladaError("Kolada's next page points back to a page already read", url=nxt)
            url = nxt

    # -- routes ----------------------------------------------------------------------------

    def data(
        self, *, kpi: str, municipalities: Iterable[str], years: Iterable[int] | None = None
    ) -> list[dict]:
        """Rows of `/data/kpi/{kpi}/municipality/{ids}[/year/{years}]`, split into requests of
        at most 25 municipalities and 25 years."""
        ids = sorted(set(municipalities))
        year_list = sorted(set(years)) if years is not None else None
        rows: list[dict] = []
        for id_chunk in chunks(ids, MAX_IDS):
            base = f"data/kpi/{kpi}/municipality/{','.join(id_chunk)}"
            if year_list is None:
                rows += self.paginate(base)
                continue
            for year_chunk in chunks(year_list, MAX_YEARS):
                rows += self.paginate(f"{base}/year/{','.join(str(y) for y in year_chunk)}")
        return rows

    def kpis(self, *, title: str) -> list[dict]:
        """KPIs whose title contains `title` (`/kpi?title=…`)."""
        return list(self.paginate("kpi", {"title": title}))

    def kpi(self, kpi_id: str) -> dict | None:
        rows = list(self.paginate(f"kpi/{kpi_id}"))
        return rows[0] if rows else None

    def municipalities(self, *, title: str = "") -> list[dict]:
        return list(self.paginate("municipality", {"title": title} if title else None))
