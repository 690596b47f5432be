"""Every update service of the action plan writes only what changed and refuses a stale
version (docs/adr/0007-optimistic-locking.md): activity_update (fields and many-to-many),
activity_transition and budget_line_update."""

import pytest

from malbild.actionplan import services
from malbild.actionplan.models import Activity, BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.services import M2MChange
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only
from malbild.strategy.tests.factories import DocumentFactory


@pytest.fixture
def activity(org, body):
    return ActivityFactory(
        document=DocumentFactory(organisation=org), responsible_body=body, title="E-arkiv"
    )


@pytest.fixture
def line(activity):
    line = BudgetLineFactory(activity=activity, amount=100000)
    line.refresh_from_db()  # the amount as stored (Decimal with two places)
    return line


def _activity_data(activity, **changes):
    return {
        "number": activity.number,
        "title": activity.title,
        "description": activity.description,
        "responsible_body": activity.responsible_body,
        "start_year": activity.start_year,
        "end_year": activity.end_year,
        "priority": activity.priority,
        **changes,
    }


def _update(access, **changes):
    def run(activity):
        return services.activity_update(
            access=access, activity=activity, data=_activity_data(activity, **changes)
        )

    return run


def _transition(access, status="ongoing"):
    return lambda activity: services.activity_transition(
        access=access, activity=activity, status=status
    )


def _line_update(access, **changes):
    def run(line):
        data = {
            "year": line.year,
            "kind": line.kind,
            "amount": line.amount,
            "financing_source": line.financing_source,
            **changes,
        }
        return services.budget_line_update(access=access, line=line, data=data)

    return run


def test_activity_update_writes_only_what_changed(activity, strategist, access_of):
    run = _update(access_of(strategist), title="E-arkiv för hela kommunen")
    assert_writes_only(Activity, lambda: run(activity), {"title"})


def test_activity_update_of_a_many_to_many_writes_only_that(
    activity, strategist, access_of, other_body
):
    access = access_of(strategist)
    assert_writes_only(
        Activity,
        lambda: services.activity_update(
            access=access,
            activity=activity,
            data=_activity_data(activity),
            m2m={"co_responsible_bodies": M2MChange(add=[other_body])},
        ),
        {"co_responsible_bodies"},
    )


def test_activity_update_refuses_a_stale_version(activity, strategist, access_of):
    assert_stale_refused(activity, _update(access_of(strategist), title="Sent"))


def test_activity_transition_writes_only_the_status(activity, strategist, access_of):
    run = _transition(access_of(strategist))
    assert_writes_only(Activity, lambda: run(activity), {"status"})


def test_activity_transition_refuses_a_stale_version(activity, strategist, access_of):
    assert_stale_refused(activity, _transition(access_of(strategist)))


def test_budget_line_update_writes_only_what_changed(line, strategist, access_of):
    run = _line_update(access_of(strategist), financing_source="Innovationsfonden")
    assert_writes_only(BudgetLine, lambda: run(line), {"financing_source"})


def test_budget_line_update_refuses_a_stale_version(line, strategist, access_of):
    assert_stale_refused(line, _line_update(access_of(strategist), amount=5))
