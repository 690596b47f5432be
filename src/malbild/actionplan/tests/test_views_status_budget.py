"""Status changes of an activity and its budget lines in the web interface: the status form
offers only the transitions of actionplan/workflow.py and refuses others with a field error;
budget lines (year, operating/investment, amount in SEK, financing source) are added, edited and
deleted by those who may edit the activity, with totals per year and kind on the activity page;
the activity page runs a fixed number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from malbild.actionplan.models import BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.actionplan.workflow import activity_next_statuses
from malbild.core.models import AuditEntry
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, GoalFactory


def login(client, user):
    # Reload so the session hash matches the stored password (the factory sets it after save).
    user.refresh_from_db()
    client.force_login(user)


def url(name, org, **kwargs):
    return reverse(f"actionplan:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def activity(org, body):
    return ActivityFactory(
        document=DocumentFactory(organisation=org), responsible_body=body, title="E-arkiv"
    )


# Status ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["planned", "ongoing", "done", "postponed", "cancelled"])
def test_status_form_offers_only_allowed_transitions(client, org, editor, body, status):
    activity = ActivityFactory(
        document=DocumentFactory(organisation=org), responsible_body=body, status=status
    )
    login(client, editor)
    form = client.get(url("activity-transition", org, pk=activity.pk)).context["form"]
    offered = [value for value, _label in form.fields["status"].choices]
    assert offered == activity_next_statuses(status)
    assert status not in offered


def test_allowed_transition_is_saved_and_audited_with_comment(client, org, editor, activity):
    login(client, editor)
    response = client.post(
        url("activity-transition", org, pk=activity.pk),
        {"status": "ongoing", "message": "Upphandling klar"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("activity-detail", org, pk=activity.uid)
    activity.refresh_from_db()
    assert activity.status == "ongoing"
    entry = AuditEntry.objects.get(action="transition", object_id=str(activity.pk))
    assert entry.changes == {"status": ["planned", "ongoing"]}
    assert entry.message == "Upphandling klar"
    page = client.get(response["Location"]).content.decode()
    assert "Upphandling klar" in page


def test_refused_transition_shows_error_and_changes_nothing(client, org, editor, body):
    activity = ActivityFactory(
        document=DocumentFactory(organisation=org), responsible_body=body, status="done"
    )
    login(client, editor)
    response = client.post(url("activity-transition", org, pk=activity.pk), {"status": "cancelled"})
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    activity.refresh_from_db()
    assert activity.status == "done"
    assert not AuditEntry.objects.exists()


def test_status_form_is_on_the_activity_page(client, org, strategist, activity):
    login(client, strategist)
    html = client.get(url("activity-detail", org, pk=activity.pk)).content.decode()
    assert f'action="{url("activity-transition", org, pk=activity.uid)}"' in html
    assert 'type="radio" name="status" value="ongoing"' in html
    assert 'value="planned"' not in html


# Budget lines ----------------------------------------------------------------------------------


def test_add_budget_line(client, org, editor, activity):
    login(client, editor)
    target = url("budgetline-create", org, activity_pk=activity.pk)
    assert client.get(target).context["form"].initial["year"] == activity.start_year
    response = client.post(
        target,
        {
            "year": "2019",
            "kind": "investment",
            "amount": "1250000",
            "financing_source": "Innovationsfonden",
        },
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.activity, line.organisation, line.year, line.kind) == (
        activity,
        org,
        2019,
        "investment",
    )
    assert line.amount == Decimal("1250000")
    assert line.financing_source == "Innovationsfonden"
    assert AuditEntry.objects.filter(model="actionplan.budgetline", action="create").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": "2019", "kind": "operating", "amount": "-5"}, "amount"),
        ({"year": "1700", "kind": "operating", "amount": "5"}, "year"),
        ({"year": "2019", "kind": "gift", "amount": "5"}, "kind"),
        ({"year": "2019", "kind": "operating", "amount": "mycket"}, "amount"),
    ],
)
def test_invalid_budget_line_changes_nothing(client, org, editor, activity, data, field):
    login(client, editor)
    response = client.post(url("budgetline-create", org, activity_pk=activity.pk), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not BudgetLine.objects.exists()
    assert not AuditEntry.objects.exists()


def test_edit_and_delete_budget_line(client, org, editor, activity):
    line = BudgetLineFactory(activity=activity, amount=100000)
    login(client, editor)
    response = client.post(
        url("budgetline-update", org, activity_pk=activity.pk, pk=line.pk),
        {"year": "2018", "kind": "operating", "amount": "150000", "financing_source": "Drift"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("150000")
    entry = AuditEntry.objects.get(action="update", model="actionplan.budgetline")
    assert entry.changes["amount"] == ["100000.00", "150000.00"]

    delete = url("budgetline-delete", org, activity_pk=activity.pk, pk=line.pk)
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not BudgetLine.objects.exists()


def test_budget_line_must_belong_to_the_activity_in_the_url(client, org, editor, activity, body):
    other = ActivityFactory(document=activity.document, responsible_body=body)
    line = BudgetLineFactory(activity=other)
    login(client, editor)
    target = url("budgetline-update", org, activity_pk=activity.pk, pk=line.pk)
    assert client.get(target).status_code == 404


def test_reader_and_other_editor_cannot_touch_budget_lines(
    client, org, reader, editor, activity, other_body
):
    line = BudgetLineFactory(activity=activity)
    foreign = ActivityFactory(document=activity.document, responsible_body=other_body)
    foreign_line = BudgetLineFactory(activity=foreign)
    data = {"year": "2018", "kind": "operating", "amount": "1"}
    login(client, reader)
    for target in (
        url("budgetline-create", org, activity_pk=activity.pk),
        url("budgetline-update", org, activity_pk=activity.pk, pk=line.pk),
        url("budgetline-delete", org, activity_pk=activity.pk, pk=line.pk),
    ):
        assert client.get(target).status_code == 403
        assert client.post(target, data).status_code == 403
    login(client, editor)
    for target in (
        url("budgetline-create", org, activity_pk=foreign.pk),
        url("budgetline-update", org, activity_pk=foreign.pk, pk=foreign_line.pk),
        url("budgetline-delete", org, activity_pk=foreign.pk, pk=foreign_line.pk),
    ):
        assert client.post(target, data).status_code == 403
    assert BudgetLine.objects.count() == 2
    line.refresh_from_db()
    assert line.amount == Decimal("100000")


def test_budget_line_of_another_organisation_is_404(client, org, other_org, strategist):
    foreign = BudgetLineFactory(activity__document=DocumentFactory(organisation=other_org))
    login(client, strategist)
    target = url("budgetline-update", org, activity_pk=foreign.activity_id, pk=foreign.pk)
    assert client.get(target).status_code == 404
    assert (
        client.post(url("budgetline-create", org, activity_pk=foreign.activity_id)).status_code
        == 404
    )


def test_activity_page_shows_totals_per_year_and_kind(client, org, reader, activity):
    BudgetLineFactory(activity=activity, year=2018, kind="operating", amount=100000)
    BudgetLineFactory(activity=activity, year=2018, kind="operating", amount=50000)
    BudgetLineFactory(activity=activity, year=2018, kind="investment", amount=200000)
    BudgetLineFactory(activity=activity, year=2019, kind="investment", amount=1000000)
    login(client, reader)
    response = client.get(url("activity-detail", org, pk=activity.pk))
    budget = response.context["budget"]
    assert budget["years"] == [2018, 2019]
    assert [r["amounts"] for r in budget["rows"]] == [[150000, 200000], [0, 1000000]]
    assert [r["total"] for r in budget["rows"]] == [350000, 1000000]
    assert budget["kind_totals"] == [150000, 1200000]
    assert budget["total"] == 1350000
    html = response.content.decode()
    assert "1\u00a0350\u00a0000\u00a0kr" in html
    assert '<th scope="row">2019</th>' in html


def _populate(activity, n):
    fas = [FocusAreaFactory(document=activity.document) for _ in range(n)]
    activity.focus_areas.set(fas)
    activity.goals.set([GoalFactory(focus_area=fa) for fa in fas])
    for i in range(n):
        BudgetLineFactory(activity=activity, year=2018 + i % 3, amount=1000 + i)


# Session, user, organisation, membership, activity, five prefetches (focus areas, goals,
# co-responsible bodies, catalogue items, budget lines), history, the benefit calculation panel
# (`activity.benefit_calculation`: none here; with one, its summary adds four, benefits tests),
# the cost allocation panel (its rule and its shared projects: two here; with a rule and a
# project their prefetches add a fixed number, financing/tests/test_views.py).
DETAIL_QUERIES = 14


@pytest.mark.parametrize("size", [1, 8])
def test_activity_page_query_count_does_not_grow(
    client, org, strategist, activity, django_assert_num_queries, size
):
    _populate(activity, size)
    login(client, strategist)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(url("activity-detail", org, pk=activity.pk))
    assert len(response.context["budget"]["lines"]) == size
