"""The annual report's web page in parts above SINGLE_PAGE_WEIGHT (docs/adr/0017): every
section on exactly one part, the contents on every part, constant queries per part, a closed
period's parts cached each under its own key; the files stay whole."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.followup import report_views, services
from malbild.followup.models import FollowUpPeriod
from malbild.followup.page_cache import closed_page_key
from malbild.followup.report_views import report_parts
from malbild.strategy.tests.factories import IndicatorFactory, IndicatorTargetFactory

from .test_views import login, url

SECTION = re.compile(r'<section class="report-section[^>]*>\s*<h[234] id="([^"]+)"')


@pytest.fixture
def split(monkeypatch):
    monkeypatch.setattr(report_views, "SINGLE_PAGE_WEIGHT", 0)
    monkeypatch.setattr(report_views, "PART_WEIGHT", 0)


def _parts_shown(client, page):
    first = client.get(page)
    hrefs = list(dict.fromkeys(t["href"].split("#")[0] for t in first.context["report_web_toc"]))
    shown, pages = [], []
    for href in hrefs:
        html = client.get(page + href).content.decode()
        pages.append(html)
        shown += SECTION.findall(html)
    return first, hrefs, shown, pages


def test_every_section_is_on_exactly_one_part(client, plan, strategist, monkeypatch):
    login(client, strategist)
    page = url("period-report", plan)
    whole = client.get(page).content.decode()
    expected = SECTION.findall(whole)
    assert "report-part" not in whole and len(expected) > 3  # small: one page
    monkeypatch.setattr(report_views, "SINGLE_PAGE_WEIGHT", 0)
    monkeypatch.setattr(report_views, "PART_WEIGHT", 0)
    first, hrefs, shown, pages = _parts_shown(client, page)
    assert len(hrefs) == first.context["part_count"] > 1
    assert shown == expected  # each once, in the report's order
    for html in pages:  # the contents and the cover on every part, the pager between them
        assert 'id="toc-title"' in html and 'id="report-title"' in html
        assert html.count('aria-current="page"') >= 1
    assert 'rel="next"' in pages[0] and 'rel="prev"' not in pages[0]
    assert 'rel="prev"' in pages[-1] and 'rel="next"' not in pages[-1]
    assert "Rapporten är lång: sidan visar del 1 av" in pages[0]


def test_a_heading_without_content_stays_with_what_follows():
    sections = [
        {"id": "summary", "level": 1, "blocks": [{"type": "paragraph"}]},
        {"id": "doc-1", "level": 1, "blocks": []},
        {"id": "doc-1-fa-1", "level": 2, "blocks": [{"type": "paragraph"}]},
        {"id": "doc-1-fa-1-goal", "level": 3, "blocks": [{"type": "paragraph"}]},
        {"id": "doc-1-fa-2", "level": 2, "blocks": []},
        {"id": "appendix", "level": 1, "blocks": [{"type": "paragraph"}]},
    ]
    parts = [[s["id"] for s in p] for p in report_parts(sections, min_weight=0)]
    assert parts == [
        ["summary"],
        ["doc-1", "doc-1-fa-1", "doc-1-fa-1-goal"],
        ["doc-1-fa-2", "appendix"],
    ]
    # Small sections share a part until it weighs PART_WEIGHT (a table row 1, a chart 10).
    table = {"type": "table", "table": {"rows": [[1]] * 50}}
    sections[2]["blocks"] = [table]
    sections[3]["blocks"] = [table, {"type": "chart"}]
    parts = [[s["id"] for s in p] for p in report_parts(sections, min_weight=200)]
    assert parts == [
        ["summary"],  # a chapter always begins a part
        ["doc-1", "doc-1-fa-1", "doc-1-fa-1-goal", "doc-1-fa-2"],  # 110 < 200: one part
        ["appendix"],
    ]


def _queries(client, page):
    client.get(page)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    return len(ctx.captured_queries)


def test_each_part_in_a_constant_number_of_queries(client, plan, strategist, split):
    login(client, strategist)
    page = url("period-report", plan)
    first, hrefs, _shown, _pages = _parts_shown(client, page)
    before = [_queries(client, page + h) for h in hrefs]
    for i in range(15):
        ind = IndicatorFactory(document=plan["document"], name=f"Mätetal {i:02}", unit="st")
        ind.focus_areas.add(plan["focus_area"])
        IndicatorTargetFactory(indicator=ind, year=2020, value=10 + i)
    assert [_queries(client, page + h) for h in hrefs] == before
    assert "Mätetal 14" in "".join(client.get(page + h).content.decode() for h in hrefs)


def test_a_closed_period_caches_each_part(client, plan, strategist, access_of, split):
    services.period_close(access=access_of(strategist), period=plan["period"])
    login(client, strategist)
    page = url("period-report", plan)
    first, hrefs, _shown, pages = _parts_shown(client, page)
    period = FollowUpPeriod.objects.get(pk=plan["period"].pk)
    part = hrefs[1].split("part=")[1]
    keys = [closed_page_key(page="report", period=period, variant=(None, p, 1)) for p in ("", part)]
    assert keys[0] != keys[1] and cache.get(keys[0]) and cache.get(keys[1])
    assert SECTION.findall(pages[1])[0] in cache.get(keys[1])["body"]
    assert SECTION.findall(pages[1])[0] not in SECTION.findall(cache.get(keys[0])["body"])


def test_a_made_up_part_shows_the_first(client, plan, strategist, split):
    login(client, strategist)
    page = url("period-report", plan)
    first = client.get(page).content.decode()
    for bad in ("?part=nope", "?part=%3Cscript%3E"):
        assert SECTION.findall(client.get(page + bad).content.decode()) == SECTION.findall(first)


def test_a_long_table_is_paged_within_its_part(client, plan, strategist, split, monkeypatch):
    """The appendix of all activities is one section: its table is shown
    TABLE_ROWS_PER_PAGE rows a page; every row once over the pages."""
    monkeypatch.setattr(report_views, "TABLE_ROWS_PER_PAGE", 1)
    login(client, strategist)
    page = url("period-report", plan)
    _first, hrefs, _shown, pages = _parts_shown(client, page)
    appendix = next(h for h in hrefs if "appendix" in h)
    resp = client.get(page + appendix)
    rows = resp.context["table_rows"]
    assert rows["count"] == 2 and rows["first"] == rows["last"] == 1  # the plan's 2 activities
    html = resp.content.decode()
    assert 'aria-label="Tabellens sidor"' in html and "rad 1–1 av 2" in html
    second = client.get(page + appendix + "&page=2").content.decode()

    def appendix_rows(text):
        body = text.split('id="appendix"')[1].split("<tbody>")[1].split("</tbody>")[0]
        return re.findall(r"<tr>.*?</tr>", body, re.S)

    one, two = appendix_rows(html), appendix_rows(second)
    assert len(one) == len(two) == 1 and one != two  # every row once over the two pages
