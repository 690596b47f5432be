"""The Kolada client against a local HTTP server answering recorded responses: routes,
pagination (relative, page-relative and absolute `next_url`, the older `next_page`), the
25-ids and 25-years split, retries (503, 429 with Retry-After, timeouts, connection errors),
errors that are not retried, and the rate limit."""

import socket

import pytest

from malbild.kolada.client import KoladaClient, KoladaError
from malbild.kolada.recorded import recorded_session

POP = "/v3/data/kpi/N01951/municipality/1489"


def client(**kwargs) -> tuple[KoladaClient, list]:
    slept: list[float] = []
    return KoladaClient(sleep=slept.append, **kwargs), slept


@pytest.mark.parametrize("style", ["relative", "query", "absolute", "next_page"])
def test_pagination_follows_every_style_of_next_link(kolada_server, style):
    kolada_server.next_style = style
    c, _ = client(per_page=20)
    rows = c.data(kpi="N01951", municipalities=["1489"])
    assert len(rows) == 55  # 1970–2024
    assert [r["period"] for r in rows] == list(range(1970, 2025))
    assert rows[-1]["values"][0]["value"] == 42722.0
    pages = [r for r in kolada_server.requests if r.startswith(POP)]
    assert len(pages) == 3
    assert "per_page=20" in pages[0] and "page=2" in pages[1] and "page=3" in pages[2]


def test_data_of_a_year_route(kolada_server):
    c, _ = client()
    rows = c.data(kpi="N21704", municipalities=["0180", "1280"], years=[2023])
    assert {r["municipality"] for r in rows} == {"0180", "1280"}
    assert kolada_server.requests[0].startswith(
        "/v3/data/kpi/N21704/municipality/0180,1280/year/2023"
    )


def test_more_than_25_ids_and_years_are_split(kolada_server):
    c, _ = client()
    ids = [f"{n:04d}" for n in range(1400, 1430)]  # 30 ids
    years = list(range(1990, 2021))  # 31 years
    c.data(kpi="N01951", municipalities=[*ids, "1489"], years=years)
    paths = [r.split("?")[0] for r in kolada_server.requests]
    assert len(paths) == 4  # 2 id chunks × 2 year chunks
    for path in paths:
        id_part = path.split("/municipality/")[1].split("/year/")[0].split(",")
        year_part = path.split("/year/")[1].split(",")
        assert len(id_part) <= 25 and len(year_part) <= 25


def test_503_then_200_is_retried_with_backoff(kolada_server):
    kolada_server.script(POP, [(503, {}, {"error": "busy"}, 0), (503, {}, {}, 0)])
    c, slept = client(backoff=0.5)
    rows = c.data(kpi="N01951", municipalities=["1489"])
    assert len(rows) == 55
    assert slept == [0.5, 1.0]  # exponential
    assert len(kolada_server.requests) == 3


def test_429_waits_for_retry_after(kolada_server):
    kolada_server.script(POP, [(429, {"Retry-After": "3"}, {"error": "slow down"}, 0)])
    c, slept = client(backoff=0.5)
    assert len(c.data(kpi="N01951", municipalities=["1489"])) == 55
    assert slept == [3.0]


def test_a_timeout_is_retried(kolada_server):
    kolada_server.script(POP, [(200, {}, {"values": []}, 1.0)])
    c, slept = client(timeout=0.2, backoff=0.1)
    assert len(c.data(kpi="N01951", municipalities=["1489"])) == 55
    assert slept == [0.1]


def test_timeouts_every_time_give_up_with_an_error(kolada_server):
    kolada_server.script(POP, [(200, {}, {"values": []}, 0.6)] * 3)
    c, slept = client(timeout=0.2, backoff=0.1, retries=2)
    with pytest.raises(KoladaError, match="Timeout"):
        c.data(kpi="N01951", municipalities=["1489"])
    assert slept == [0.1, 0.2]


def test_a_400_is_not_retried(kolada_server):
    kolada_server.script(POP, [(400, {}, {"error": "URL too long"}, 0)])
    c, slept = client()
    with pytest.raises(KoladaError) as exc:
        c.data(kpi="N01951", municipalities=["1489"])
    assert exc.value.status == 400
    assert slept == [] and len(kolada_server.requests) == 1


def test_connection_refused_is_retried_then_an_error(settings):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    c, slept = client(
        base_url=f"http://127.0.0.1:{port}/v3", retries=2, backoff=0.01, min_interval=0
    )
    with pytest.raises(KoladaError, match="ConnectionError"):
        c.kpis(title="bredband")
    assert slept == [0.01, 0.02]


def test_rate_limit_spaces_requests(kolada_server):
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds):
        slept.append(round(seconds, 3))
        now[0] += seconds

    c = KoladaClient(min_interval=0.5, sleep=sleep, clock=lambda: now[0])
    c.kpis(title="bredband")
    now[0] += 0.2
    c.kpis(title="bredband")
    assert slept == [0.3]


def test_kpi_search_by_title(kolada_server):
    c, _ = client()
    found = c.kpis(title="bredband")
    assert {k["id"] for k in found} == {"N07900", "N07918"}
    assert "title=bredband" in kolada_server.requests[0]


def test_a_loop_of_next_links_is_an_error(kolada_server):
    kolada_server.script(POP, [(200, {}, {"values": [], "next_url": POP}, 0)] * 2)
    c, _ = client()
    with pytest.raises(KoladaError, match="already read"):
        c.data(kpi="N01951", municipalities=["1489"])


def test_recorded_session_answers_without_network():
    c = KoladaClient(base_url="https://api.kolada.se/v3", session=recorded_session(), per_page=10)
    rows = c.data(kpi="N07900", municipalities=["1489", "0000"], years=[2019, 2020])
    assert sorted((r["municipality"], r["period"]) for r in rows) == [
        ("0000", 2019),
        ("0000", 2020),
        ("1489", 2019),
        ("1489", 2020),
    ]
