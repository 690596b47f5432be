"""The dashboard and the report page embed their charts as inline SVG (no base64 data: URIs),
each with its data table, and stay small: the page's size is bounded."""

import re

from malbild.followup.tests.factories import IndicatorValueFactory

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
