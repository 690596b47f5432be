"""Recorded Kolada responses, answered without the network: for the demo (a `requests`
transport adapter, `recorded_session`) and for the tests (their local HTTP server answers
with the same `RecordedKolada`).

A directory (default: `fixtures/recorded/` of this app, see its README.md) holds
`municipality.json` and `kpi.json` (envelopes as Kolada sends them) and `data/<KPI>.json`
(every recorded row of that KPI). A data route is answered with the rows of its municipalities
and years, in pages of `per_page` rows with a relative `next_url`, as Kolada does.
"""

import json
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from requests.adapters import BaseAdapter

RECORDED_DIR = Path(__file__).parent / "fixtures" / "recorded"


class RecordedKolada:
    def __init__(self, directory: Path | str = RECORDED_DIR, *, prefix: str = "/v3"):
        self.directory = Path(directory)
        self.prefix = prefix.rstrip("/")

    def _load(self, name: str):
        path = self.directory / name
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, dict]:
        """(status, JSON body) for a GET of `path` (with the prefix) and its query."""
        if not path.startswith(self.prefix + "/"):
            return 404, {"error": "unknown route"}
        parts = [p for p in path[len(self.prefix) :].split("/") if p]
        per_page = int((query.get("per_page") or ["5000"])[0])
        page = int((query.get("page") or ["1"])[0])
        if parts == ["municipality"] or parts == ["kpi"]:
            rows = (self._load(f"{parts[0]}.json") or {}).get("values", [])
            title = (query.get("title") or [""])[0].casefold()
            if title:
                rows = [r for r in rows if title in str(r.get("title", "")).casefold()]
        elif len(parts) == 2 and parts[0] == "kpi":
            rows = [
                r
                for r in (self._load("kpi.json") or {}).get("values", [])
                if r.get("id") == parts[1]
            ]
        elif len(parts) >= 5 and parts[0] == "data" and parts[1] == "kpi":
            dims = dict(zip(parts[1::2], parts[2::2], strict=False))
            recorded = self._load(f"data/{parts[2]}.json")
            if recorded is None:
                rows = []
            else:
                ids = set(dims.get("municipality", "").split(",")) - {""}
                years = {int(y) for y in dims.get("year", "").split(",") if y}
                rows = [
                    r
                    for r in recorded.get("values", [])
                    if (not ids or r["municipality"] in ids) and (not years or r["period"] in years)
                ]
        else:
            return 404, {"error": "unknown route"}
        start = (page - 1) * per_page
        body = {"count": len(rows), "values": rows[start : start + per_page]}
        if start + per_page < len(rows):
            rest = {k: v[0] for k, v in query.items() if k not in {"page", "per_page"}}
            body["next_url"] = (
                f"{path}?{urlencode({**rest, 'page': page + 1, 'per_page': per_page})}"
            )
        else:
            body["next_url"] = None
        return 200, body


class RecordedAdapter(BaseAdapter):
    """A `requests` transport that answers from `RecordedKolada` (no network)."""

    def __init__(self, recorded: RecordedKolada):
        super().__init__()
        self.recorded = recorded

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        status, body = self.recorded.answer(url.path, parse_qs(url.query))
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass


def recorded_session(directory: Path | str = RECORDED_DIR) -> requests.Session:
    """A session whose every http(s) request is answered from the recorded responses."""
    session = requests.Session()
    adapter = RecordedAdapter(RecordedKolada(directory))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
