"""The dashboard in parts (docs/adr/0017-long-pages-in-parts.md): above
SINGLE_PAGE_INDICATORS indicators a table of contents with each focus area's counts, one focus
area a part with its indicators and their assessment forms a page at a time, the trend charts
a part of their own; every indicator on exactly one part; the forms return to their part."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.followup import services
from malbild.followup.models import FollowUpPeriod
from malbild.followup.page_cache import closed_page_key
from malbild.followup.views import assessment
from malbild.strategy.tests.factories import (
    FocusAreaFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
)

from .test_views import login, url

ASSESS = re.compile(r'<li id="assess-indicator-([0-9a-f-]+)">')
PART_LINK = re.compile(r'href="\?focus_area=([0-9a-f-]+|none)#ind-heading"')


@pytest.fixture
def small_parts(monkeypatch):
    """Parts from 4 indicators on, 2 indicators a page, so a handful makes several parts
    and pages."""
    monkeypatch.setattr(assessment, "SINGLE_PAGE_INDICATORS", 3)
    monkeypatch.setattr(assessment, "INDICATORS_PER_PAGE", 2)


def _indicators(plan, n, *focus_areas, start=0):
    made = []
    for i in range(start, start + n):
        ind = IndicatorFactory(document=plan["document"], name=f"Mätetal {i:03}", unit="st")
        for fa in focus_areas:
            ind.focus_areas.add(fa)
        IndicatorTargetFactory(indicator=ind, year=2020, value=10 + i)
        made.append(ind)
    return made


@pytest.fixture
def big_plan(plan):
    """The plan's indicator and 3 more in its focus area (one of them also in a second
    focus area: listed once, under the first), 3 in the second and 2 without a focus area."""
    second = FocusAreaFactory(document=plan["document"], number="2", title="Digital kompetens")
    both = _indicators(plan, 3, plan["focus_area"])
    both[0].focus_areas.add(second)
    _indicators(plan, 3, second, start=10)
    _indicators(plan, 2, start=20)
    plan["second_focus_area"] = second
    return plan


def _walk(client, page):
    """The indicators shown with an assessment form on every part and page, in order."""
    summary = client.get(page).content.decode()
    shown = ASSESS.findall(summary)
    parts = list(dict.fromkeys(PART_LINK.findall(summary)))
    for part in parts:
        first = client.get(f"{page}?focus_area={part}")
        shown += ASSESS.findall(first.content.decode())
        for n in range(2, first.context["page_obj"].paginator.num_pages + 1):
            shown += ASSESS.findall(
                client.get(f"{page}?focus_area={part}&page={n}").content.decode()
            )
    return summary, parts, shown


def test_every_indicator_is_on_exactly_one_part(client, big_plan, strategist, small_parts):
    login(client, strategist)
    summary, parts, shown = _walk(client, url("period-dashboard", big_plan))
    expected = {str(i.uid) for i in big_plan["document"].indicators.all()}
    assert len(expected) == 9
    assert sorted(shown) == sorted(expected)  # each once: no repeats, none missing
    assert parts == [
        str(big_plan["focus_area"].uid),
        str(big_plan["second_focus_area"].uid),
        "none",
    ]
    # The summary part: the table of contents, focus areas, budget, no indicator forms.
    assert 'id="parts-heading"' in summary and 'id="fa-heading"' in summary
    assert not ASSESS.search(summary) and 'id="trends-heading"' not in summary
    assert 'aria-label="Sidor' not in summary


def test_the_table_of_contents_totals_are_the_sum_of_the_parts(
    client, big_plan, strategist, small_parts
):
    login(client, strategist)
    resp = client.get(
        url("period-dashboard", big_plan) + f"?focus_area={big_plan['focus_area'].uid}"
    )
    parts, totals = resp.context["parts"], resp.context["totals"]
    assert [p["count"] for p in parts] == [4, 3, 2]
    assert sum(p["count"] for p in parts) == sum(totals) == 9
    assert [sum(col) for col in zip(*(p["counts"] for p in parts), strict=True)] == totals
    html = resp.content.decode()
    assert re.search(r"<tfoot><tr><th scope=\"row\">[^<]+</th><td>9</td><td>0</td>", html)
    assert 'id="parts-heading"' in html and 'id="budget-heading"' in html  # on every part
    assert 'id="fa-heading"' not in html
    assert "Mätetal mot målvärden: 1 Digitala tjänster (1–2 av 4)" in html
    assert 'aria-current="page">1 Digitala tjänster</a>' in html
    assert 'href="?focus_area=' in html and 'page=2#ind-heading"' in html  # page links


def test_the_trends_are_a_part_of_their_own(client, big_plan, strategist, small_parts):
    login(client, strategist)
    page = url("period-dashboard", big_plan)
    resp = client.get(page + "?part=trends")
    html = resp.content.decode()
    assert len(resp.context["trend_charts"]) == resp.context["trend_count"] == 10
    assert 'id="trends-heading"' in html and not ASSESS.search(html)
    assert 'id="fa-heading"' not in html and 'id="parts-heading"' in html


def test_a_small_dashboard_stays_whole(client, plan, strategist):
    login(client, strategist)
    html = client.get(url("period-dashboard", plan)).content.decode()
    assert 'id="parts-heading"' not in html
    assert ASSESS.findall(html) == [str(plan["indicator"].uid)]
    assert 'id="fa-heading"' in html and 'id="trends-heading"' in html


def _queries(client, page):
    client.get(page)  # warm
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(page).status_code == 200
    return len(ctx.captured_queries)


def test_each_part_in_a_constant_number_of_queries(client, big_plan, strategist, small_parts):
    login(client, strategist)
    page = url("period-dashboard", big_plan)
    first_fa = f"?focus_area={big_plan['focus_area'].uid}"
    queries = {
        q: _queries(client, page + q) for q in ("", first_fa, "?part=trends", "?focus_area=none")
    }
    _indicators(big_plan, 12, big_plan["focus_area"], start=30)
    _indicators(big_plan, 6, start=50)
    assert {q: _queries(client, page + q) for q in queries} == queries
    assert client.get(page + first_fa).context["page_obj"].paginator.num_pages == 8


def test_the_assessment_form_returns_to_its_part_and_page(
    client, big_plan, strategist, small_parts
):
    login(client, strategist)
    page = url("period-dashboard", big_plan)
    part = str(big_plan["focus_area"].uid)
    html = client.get(f"{page}?focus_area={part}&page=2").content.decode()
    uid = ASSESS.findall(html)[0]
    assert f'name="return_to" value="focus_area={part}&amp;page=2"' in html
    indicator = big_plan["document"].indicators.get(uid=uid)
    post = url("indicator-override", big_plan, item=indicator.pk)
    resp = client.post(
        post, {"status": "at_risk", "reason": "Försenat", "return_to": f"focus_area={part}&page=2"}
    )
    assert resp.status_code == 302
    assert resp["Location"] == f"{page}?focus_area={part}&page=2#assess-indicator-{uid}"
    # A rejected form keeps where to return; a made-up target is not followed.
    resp = client.post(
        post, {"status": "on_track", "reason": "", "return_to": f"focus_area={part}"}
    )
    assert resp.status_code == 200
    assert f'name="return_to" value="focus_area={part}"' in resp.content.decode()
    resp = client.post(
        post,
        {"status": "on_track", "reason": "Ok", "return_to": "focus_area=//evil.example&next=x"},
    )
    assert resp["Location"] == page


def test_a_closed_period_caches_each_part(
    client, big_plan, strategist, access_of, small_parts, monkeypatch
):
    services.period_close(access=access_of(strategist), period=big_plan["period"])
    login(client, strategist)
    page = url("period-dashboard", big_plan)
    part = str(big_plan["second_focus_area"].uid)
    summary = client.get(page).content.decode()
    second = client.get(f"{page}?focus_area={part}").content.decode()
    period = FollowUpPeriod.objects.get(pk=big_plan["period"].pk)
    keys = [
        closed_page_key(page="dashboard", period=period, variant=(True, p, 1))
        for p in ("", part, "trends")
    ]
    assert len(set(keys)) == 3
    assert cache.get(keys[0]) and cache.get(keys[1]) and cache.get(keys[2]) is None
    assert ASSESS.findall(second) and ASSESS.findall(second)[0] in cache.get(keys[1])["body"]
    assert not ASSESS.search(summary)
    # Served from the cache: the same part again builds nothing.
    calls = []
    original = assessment.DashboardView.body_context

    def counting(self, ctx, **kwargs):
        calls.append(kwargs)
        return original(self, ctx, **kwargs)

    monkeypatch.setattr(assessment.DashboardView, "body_context", counting)
    again = client.get(f"{page}?focus_area={part}").content.decode()
    assert ASSESS.findall(again) == ASSESS.findall(second) and calls == []
    client.get(page + "?part=trends")
    assert calls == [{"trend_page": 1, "part": "trends"}]
