"""The dashboard and the report page embed their charts as inline SVG (no base64 data: URIs),
each with its data table, and stay small: the page's size is bounded."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.followup.tests.factories import IndicatorValueFactory
from malbild.strategy.tests.factories import IndicatorFactory, IndicatorTargetFactory

from .conftest import add_activities
from .test_views import login, url

# The 2020 demo dashboard (11 focus areas, 28 activities, 14 indicators, 17 charts) measured
# 664 KB with data: URIs and about 209 KB inline; this small plan must stay well below that.
PAGE_BOUND = 60_000


def test_dashboard_charts_are_inline_svg_with_tables(client, plan, reader):
    IndicatorValueFactory(period=plan["period"], indicator=plan["indicator"], value=20)
    add_activities(plan, 3)
    login(client, reader)
    resp = client.get(url("period-dashboard", plan))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "data:image" not in html and "<img" not in html
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    charts = resp.context["overview_charts"] + resp.context["trend_charts"]
    assert len(svgs) == len(charts) >= 2
    assert all('role="img"' in s and "style=" not in s for s in svgs)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for chart in charts:
        assert f"<caption>{chart['table']['title']}</caption>" in html
    assert len(resp.content) < PAGE_BOUND


def test_report_page_has_no_data_uri(client, plan, reader):
    login(client, reader)
    html = client.get(url("period-report", plan)).content.decode()
    assert "data:image" not in html
    assert html.count("<svg ") >= 1 and html.count('<figure class="chart">') == html.count("<svg ")


def _indicators_with_trends(plan, n, start=0):
    for i in range(start, start + n):
        indicator = IndicatorFactory(document=plan["document"], name=f"Mätetal {i:02}", unit="st")
        indicator.focus_areas.add(plan["focus_area"])
        IndicatorTargetFactory(indicator=indicator, year=2020, value=10 + i)


def test_dashboard_shows_the_indicator_trends_a_page_at_a_time(
    client, plan, strategist, django_assert_num_queries
):
    """400 indicators made the dashboard 3 MB (a trend chart and its table each): the trends
    are shown 20 a page, with page links; the rest of the dashboard is on every page."""
    _indicators_with_trends(plan, 24)  # 25 with the plan's own
    login(client, strategist)
    page = url("period-dashboard", plan)
    client.get(page)  # warm
    with CaptureQueriesContext(connection) as ctx:
        first = client.get(page)
    queries = len(ctx.captured_queries)  # now: the next request empties the connection's log
    html = first.content.decode()
    assert first.status_code == 200
    assert len(first.context["trend_charts"]) == 20
    assert "Mätetalens utveckling 1–20 av 25" in html
    assert 'aria-label="Sidor med mätetalens utveckling"' in html
    assert 'href="?page=2#trends-heading"' in html
    assert 'id="fa-heading"' in html and 'id="budget-heading"' in html

    with django_assert_num_queries(queries):
        second = client.get(page + "?page=2")
    html = second.content.decode()
    assert len(second.context["trend_charts"]) == 5
    assert "Mätetalens utveckling 21–25 av 25" in html
    assert 'id="fa-heading"' in html and "Mätetal 23" in html
    shown = {c["title"] for c in first.context["trend_charts"] + second.context["trend_charts"]}
    assert len(shown) == 25  # every trend once over the two pages
    # Anything that is no page number shows the first page; past the last, the last.
    assert len(client.get(page + "?page=x").context["trend_charts"]) == 20
    assert "21–25 av 25" in client.get(page + "?page=99").content.decode()

    _indicators_with_trends(plan, 30, start=24)
    with django_assert_num_queries(queries):
        bigger = client.get(page)
    assert len(bigger.context["trend_charts"]) == 20
    assert "1–20 av 55" in bigger.content.decode()
