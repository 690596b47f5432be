"""The SQL shape of the open period's data and of the period list at kommunkoncern scale
(issue #11, docs/performance.md "Follow-up at 16×"): the indicator values are read without a
join to the period table (on SQLite every joined row read the period's columns stored after
its megabyte snapshot: 3 s of SQL for 3,825 values), the budget outcomes without the model's
ordering (four more joins), and the period list counts submitted reports with a correlated
subquery on the (period, activity) index instead of a join and a GROUP BY over every
column. Constant query counts at two data sizes; the figures shown stay the same."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from malbild.api.tests.helpers import ApiClient
from malbild.followup import data, selectors
from malbild.followup.tests.factories import (
    ActivityReportFactory,
    IndicatorValueFactory,
    PeriodFactory,
)
from malbild.strategy.tests.factories import IndicatorFactory

from .conftest import add_activities

API = "/api/v1/organisations/alingsas/followup/periods"


def _earlier_periods(plan, years, *, with_values=True):
    """Closed earlier periods with a large snapshot each, the plan's indicator reported in
    each (so the open period's series reads a value per earlier period)."""
    blob = {"format": 3, "activities": [{"title": f"Aktivitet {i}"} for i in range(500)]}
    periods = []
    for year in years:
        period = PeriodFactory(
            document=plan["document"],
            start=datetime.date(year, 1, 1),
            end=datetime.date(year, 12, 31),
            deadline=datetime.date(year + 1, 1, 31),
            status="closed",
            snapshot=blob,
        )
        if with_values:
            IndicatorValueFactory(period=period, indicator=plan["indicator"], value=year - 2000)
        periods.append(period)
    return periods


def _collect(period):
    with CaptureQueriesContext(connection) as ctx:
        raw = data.collect(period)
    return raw, [q["sql"] for q in ctx.captured_queries]


def _values_query(queries):
    (sql,) = [q for q in queries if q.startswith('SELECT "followup_indicatorvalue"')]
    return sql


def test_indicator_values_are_read_without_joining_the_periods(plan):
    _earlier_periods(plan, [2016, 2017, 2018])
    raw, queries = _collect(plan["period"])
    values_sql = _values_query(queries)
    assert "JOIN" not in values_sql
    assert "followup_followupperiod" not in values_sql
    # Each value still carries its period: the series names the three earlier years in order.
    (indicator,) = raw["indicators"]
    assert [s["year"] for s in indicator["series"]] == [2016, 2017, 2018]
    assert [s["value"] for s in indicator["series"]] == ["16", "17", "18"]


def test_values_of_other_documents_periods_up_to_the_period_are_counted(plan, org):
    """The values are those of any period of the organisation ending by the period's end
    (as the join's `period__end__lte` read them), not only the document's periods; never
    those of a later period."""
    _earlier_periods(plan, [2018])
    later = PeriodFactory(
        document=plan["document"],
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
        deadline=datetime.date(2021, 1, 31),
    )
    IndicatorValueFactory(period=later, indicator=plan["indicator"], value=99)
    raw, _queries = _collect(plan["period"])
    (indicator,) = raw["indicators"]
    assert [s["year"] for s in indicator["series"]] == [2018]


def test_budget_outcomes_are_read_without_the_models_ordering_joins(plan):
    ActivityReportFactory(period=plan["period"], activity=plan["activity"])
    _raw, queries = _collect(plan["period"])
    (outcomes_sql,) = [
        q for q in queries if q.startswith('SELECT "followup_activityreport"."period_id"')
    ]
    assert "ORDER BY" not in outcomes_sql
    assert "strategy_steeringdocument" not in outcomes_sql


def test_collect_query_count_is_constant(plan, django_assert_num_queries):
    _earlier_periods(plan, [2017])
    _raw, queries = _collect(plan["period"])
    _earlier_periods(plan, [2013, 2014, 2015, 2016])
    for _ in range(3):
        IndicatorFactory(document=plan["document"]).focus_areas.add(plan["focus_area"])
    add_activities(plan, 5)
    with django_assert_num_queries(len(queries)):
        raw = data.collect(plan["period"])
    assert len(raw["indicators"]) == 4 and len(raw["activities"]) == 7


def test_period_list_counts_reports_with_a_subquery(plan, strategist, django_assert_num_queries):
    acts = add_activities(plan, 3)
    for act, state in zip(acts, ["submitted", "approved", "draft"], strict=True):
        ActivityReportFactory(period=plan["period"], activity=act, state=state)
    (earlier,) = _earlier_periods(plan, [2018], with_values=False)
    ActivityReportFactory(period=earlier, activity=plan["activity"], state="approved")
    access = _access(strategist)
    with CaptureQueriesContext(connection) as ctx:
        periods = list(selectors.period_list(access=access))
    (sql,) = [q["sql"] for q in ctx.captured_queries]
    assert "GROUP BY" not in sql.split("(SELECT", 1)[0]  # none in the outer query
    assert "COUNT(DISTINCT" not in sql
    assert "(SELECT COUNT(" in sql
    assert {p.pk: p.reports_submitted for p in periods} == {plan["period"].pk: 2, earlier.pk: 1}

    api = ApiClient(strategist)
    api.get(API)  # warm
    with CaptureQueriesContext(connection) as small:
        assert len(api.get(API).json()["items"]) == 2
    more = add_activities(plan, 6)
    for act in more:
        ActivityReportFactory(period=plan["period"], activity=act, state="submitted")
    _earlier_periods(plan, [2014, 2015], with_values=False)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(api.get(API).json()["items"]) == 4
    counts = {p.pk: p.reports_submitted for p in selectors.period_list(access=access)}
    assert counts[plan["period"].pk] == 8 and counts[earlier.pk] == 1


def _access(user):
    from malbild.core.access import get_organisation_access

    return get_organisation_access(user, "alingsas")
