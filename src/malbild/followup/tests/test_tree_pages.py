"""Pages and API of the follow-up of a tree: opening a period that includes the documents
below (form and API), the overview and contribution pages of an item reported in another
period (read-only, linked, not asked again), the report of the whole tree or of one document
(page, files, API), the report forms asking only for the year (budget lines of that year, the
year's budget and target shown), the indicator page's whole series, and constant query counts
at two sizes for the tree report and the indicator page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan.tests.factories import BudgetLineFactory
from malbild.api.tests.helpers import ApiClient
from malbild.followup import services
from malbild.followup.models import FollowUpPeriod
from malbild.followup.tests.factories import IndicatorValueFactory, PeriodFactory
from malbild.reports import charts
from malbild.strategy.tests.factories import IndicatorTargetFactory

from .test_tree import SPAN, _activity, _report_indicator, build_tree
from .test_views import login

P = "/organisations/alingsas/followup/periods"


@pytest.fixture
def tree(org, body, other_body):
    return build_tree(org, body, other_body)


def u(name, period, **kw):
    return reverse(f"followup:{name}", kwargs={"org": "alingsas", "pk": period.pk, **kw})


def test_open_a_tree_period_in_the_form_and_the_api(client, tree, strategist):
    login(client, strategist)
    create = reverse("followup:period-create", kwargs={"org": "alingsas"})
    form = client.get(create).content.decode()
    assert 'name="include_descendants"' in form
    resp = client.post(
        create,
        {
            "document": tree["plan"].pk,
            "kind": "yearly",
            "label": "2019",
            "start": "2019-01-01",
            "end": "2019-12-31",
            "deadline": "2020-01-31",
            "include_descendants": "on",
        },
    )
    assert resp.status_code == 302
    assert FollowUpPeriod.objects.get(label="2019").include_descendants
    api = ApiClient(strategist)
    made = api.post(
        P,
        {
            "document": tree["committee"].pk,
            "label": "2020",
            "start": "2020-01-01",
            "end": "2020-12-31",
            "deadline": "2021-01-31",
            "include_descendants": True,
        },
    )
    assert made.status_code == 201 and made.json()["include_descendants"] is True
    pk = made.json()["id"]
    changed = api.patch(f"{P}/{pk}", {"include_descendants": False})
    assert changed.status_code == 200 and changed.json()["include_descendants"] is False


def test_committee_period_pages_show_the_parents_indicators_as_reported_there(
    client, tree, strategist, editor, access_of
):
    """The measured defect, on the pages: nothing of the parent's is "missing" or to be
    reported in the committee plan's period; each links to where it was reported."""
    st = access_of(strategist)
    parent = PeriodFactory(document=tree["plan"], label="2019", **SPAN)
    committee = PeriodFactory(document=tree["committee"], label="2019", **SPAN)
    for ind in tree["indicators"]:
        services.contribution_review(
            access=st, contribution=_report_indicator(st, parent, ind), action="approve"
        )
    login(client, strategist)
    resp = client.get(u("period-detail", committee))
    pending = [x["name"] for x in resp.context["pending"] if "name" in x]
    assert pending == []
    html = resp.content.decode()
    ind = tree["indicators"][0]
    assert u("indicator-value", parent, item=ind.pk) in html
    assert "rapporteras i uppföljningen 2019 av Handlingsplan" in html
    page = client.get(u("indicator-value", committee, item=ind.pk))
    assert page.status_code == 200
    assert page.context["reported_in"].pk == parent.pk and not page.context["can_edit"]
    assert page.context["contribution"].state == "approved"
    assert '<form method="post" class="stacked"' not in page.content.decode()
    refused = client.post(
        u("indicator-value", committee, item=ind.pk),
        {"value": "5", "measured_on": "2019-12-31", "submit": "1"},
    )
    assert refused.status_code == 403
    api = ApiClient(strategist)
    put = api.put(
        f"{P}/{committee.pk}/indicators/{ind.pk}", {"value": 5, "measured_on": "2019-12-31"}
    )
    assert put.status_code == 422
    got = api.get(f"{P}/{committee.pk}/contributions").json()
    shown = next(i for i in got["indicators"] if i["id"] == ind.pk)
    assert shown["reported_in"]["id"] == parent.pk and shown["state"] == "approved"


def test_report_of_the_tree_or_of_one_document(client, tree, reader, strategist):
    period = PeriodFactory(document=tree["plan"], label="2019", include_descendants=True, **SPAN)
    committee = tree["committee"]
    login(client, reader)
    whole = client.get(u("period-report", period))
    html = whole.content.decode()
    assert 'name="document"' in html and committee.title in html
    one = client.get(u("period-report", period) + f"?document={committee.pk}")
    assert one.status_code == 200
    assert one.context["report"]["subject"] == committee.title
    assert f"report.pdf?document={committee.pk}" in one.content.decode()
    f = client.get(u("period-report-file", period, fmt="docx") + f"?document={committee.pk}")
    assert f.status_code == 200 and "namndplan-1-2019.docx" in f["Content-Disposition"]
    assert client.get(u("period-report", period) + "?document=999999").status_code == 404
    api = ApiClient(strategist)
    data = api.get(f"{P}/{period.pk}/report", document=committee.pk).json()
    assert data["cover"]["document"] == committee.title
    assert data["files"]["pdf"].endswith(f"?document={committee.pk}")
    assert api.get(f"{P}/{period.pk}/report", document=999999).status_code == 404
    parts = [s["heading"] for s in api.get(f"{P}/{period.pk}/report").json()["sections"]]
    assert tree["plan"].title in parts and committee.title in parts


def test_report_forms_ask_only_for_the_year(client, plan, strategist, editor):
    """The 2019 period asks for the 2019 budget lines only, shows their budget and the
    indicator's target path for 2019; a line of another year is refused."""
    act = plan["activity"]
    other = BudgetLineFactory(activity=act, year=2020, kind="operating", amount=70000)
    login(client, editor)
    page = client.get(u("activity-report", plan["period"], item=act.pk))
    form = page.context["form"]
    lines = [line for line, _name in form.line_fields]
    assert {line.year for line in lines} == {2019} and other not in lines
    html = page.content.decode()
    assert f'name="outcome_{other.pk}"' not in html
    assert "Budget 2019" in html and "100\u00a0000" in html
    refused = ApiClient(editor).put(
        f"{P}/{plan['period'].pk}/activities/{act.pk}",
        {"status": "ongoing", "progress": 50, "outcomes": {str(other.pk): 100}},
    )
    assert refused.status_code == 422 and "2020" in refused.content.decode()
    ind_page = client.get(u("indicator-value", plan["period"], item=plan["indicator"].pk))
    text = ind_page.content.decode()
    # No target in 2019: the value expected on the path to 40 st (2020), and that target.
    assert "Inget mål för 2019" in text and "30 st" in text and "40 st (2020)" in text
    IndicatorTargetFactory(indicator=plan["indicator"], year=2019, value=28)
    text = client.get(u("indicator-value", plan["period"], item=plan["indicator"].pk)).content
    assert "Mål 2019: 28 st" in text.decode()


def _indicator_url(ind):
    return reverse("strategy:indicator-detail", kwargs={"org": "alingsas", "pk": ind.pk})


def _approved(ind, year):
    period = PeriodFactory(
        document=ind.document,
        label=str(year),
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        deadline=datetime.date(year + 1, 1, 31),
    )
    IndicatorValueFactory(
        period=period,
        indicator=ind,
        value=10 + year - 2015,
        state="approved",
        measured_on=datetime.date(year, 12, 31),
    )


def test_indicator_page_shows_its_whole_series(client, plan, reader):
    ind = plan["indicator"]
    IndicatorValueFactory(period=plan["period"], indicator=ind, value=31, state="approved")
    # Values of another document's period count too (a tree period of a parent).
    parent = PeriodFactory(
        document=plan["document"],
        label="2018",
        start=datetime.date(2018, 1, 1),
        end=datetime.date(2018, 12, 31),
        deadline=datetime.date(2019, 1, 31),
    )
    IndicatorValueFactory(period=parent, indicator=ind, value=22, state="approved")
    draft = PeriodFactory(
        document=plan["document"],
        label="2020",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
        deadline=datetime.date(2021, 1, 31),
    )
    IndicatorValueFactory(period=draft, indicator=ind, value=99, state="submitted")
    login(client, reader)
    resp = client.get(_indicator_url(ind))
    rows = resp.context["series_table"]["rows"]
    assert rows == [
        ["2017", "10 st", "–", "–"],
        ["2018", "–", "–", "22 st (2018)"],
        ["2019", "–", "–", "31 st (2019)"],
        ["2020", "–", "40 st", "–"],
    ]
    chart = resp.context["series_chart"]
    assert "2 godkända värden" in chart["alt"]
    assert all(y != 99 for s in chart["series"] for _x, y in s["points"])
    html = resp.content.decode()
    # The chart is inline SVG named by its alt text, not a data: URI.
    assert f'<title id="{charts.chart_id(chart)}-title">{chart["alt"]}</title>' in html
    assert "data:image" not in html
    text = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
    assert chart["alt"] in text and "<caption>" in text
    # The unapproved value is not shown (read as text: a random uid in an id may hold "99").
    visible = re.sub(r"<[^>]+>", " ", text)
    assert not re.search(r"\b99\b", visible)


def test_indicator_page_query_count_is_constant(client, plan, reader, django_assert_num_queries):
    ind = plan["indicator"]
    _approved(ind, 2016)
    login(client, reader)
    client.get(_indicator_url(ind))
    with CaptureQueriesContext(connection) as small:
        assert client.get(_indicator_url(ind)).status_code == 200
    for year in (2015, 2017, 2018):
        _approved(ind, year)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(_indicator_url(ind)).status_code == 200


def _grow(t, body):
    """More documents (a third level), activities, indicators and reported values."""
    from malbild.strategy.tests.factories import DocumentFactory, IndicatorFactory

    deeper = DocumentFactory(
        organisation=t["plan"].organisation,
        title="Enhetsplan",
        kind="sub_plan",
        parent=t["committee"],
    )
    for doc in (t["plan"], t["committee"], deeper):
        for _ in range(3):
            _activity(doc, body, t["fa2"])
    for n in range(3):
        ind = IndicatorFactory(document=t["committee"], name=f"Eget {n}", responsible_body=body)
        ind.focus_areas.add(t["fa1"])


@pytest.mark.parametrize("name", ["period-report", "period-detail", "period-dashboard"])
def test_tree_pages_query_counts_are_constant(
    client, tree, strategist, body, access_of, django_assert_num_queries, name
):
    st = access_of(strategist)
    period = PeriodFactory(document=tree["plan"], label="2019", include_descendants=True, **SPAN)
    committee_period = PeriodFactory(document=tree["committee"], label="2019", **SPAN)
    _report_indicator(st, period, tree["indicators"][0])
    login(client, strategist)
    for p in (period, committee_period):
        page = u(name, p)
        client.get(page)
        with CaptureQueriesContext(connection) as small:
            assert client.get(page).status_code == 200
        counts = len(small.captured_queries)
        _grow(tree, body)
        for ind in tree["indicators"][1:]:
            _report_indicator(st, period, ind)
        with django_assert_num_queries(counts):
            assert client.get(page).status_code == 200
