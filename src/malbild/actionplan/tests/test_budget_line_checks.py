"""Budget lines that do not mislead: a year outside the activity's start–end years (or, for an
activity without years, its plan's) is refused with a field message on `year` unless confirmed
(the checkbox "Jag bekräftar att året ligger utanför åtgärdens period" in the web form,
`confirm_outside_period: true` in the API); the same year, kind and financing source twice on
one activity is refused in both; a refused line changes nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from malbild.actionplan import services
from malbild.actionplan.models import BudgetLine
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import ApiClient
from malbild.core.models import AuditEntry
from malbild.strategy.tests.factories import DocumentFactory

ORG = "/organisations/alingsas"


@pytest.fixture
def activity(org, body):
    plan = DocumentFactory(organisation=org, period_start=2019, period_end=2021)
    return ActivityFactory(document=plan, responsible_body=body, start_year=2019, end_year=2021)


def url(name, org, **kwargs):
    return reverse(f"actionplan:{name}", kwargs={"org": org.slug, **kwargs})


def line_data(**kw):
    return {"year": 2030, "kind": "operating", "amount": "100000", "financing_source": "", **kw}


def test_service_refuses_a_year_outside_the_activity_unless_confirmed(editor, access_of, activity):
    ed = access_of(editor)
    audit = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(access=ed, activity=activity, data=line_data())
    assert list(exc.value.message_dict) == ["year"]
    assert "2019–2021" in exc.value.message_dict["year"][0]
    assert not BudgetLine.objects.exists() and AuditEntry.objects.count() == audit
    line = services.budget_line_create(
        access=ed, activity=activity, data=line_data(), confirm_outside_period=True
    )
    assert line.year == 2030
    # Correcting the amount of a line kept at its (confirmed) year asks nothing again.
    services.budget_line_update(access=ed, line=line, data={"amount": 90000})
    with pytest.raises(ValidationError):
        services.budget_line_update(
            access=ed, line=BudgetLine.objects.get(pk=line.pk), data={"year": 2017}
        )


def test_activity_without_years_falls_back_to_the_plans_period(editor, access_of, activity):
    activity.start_year = activity.end_year = None
    activity.save()
    ed = access_of(editor)
    services.budget_line_create(access=ed, activity=activity, data=line_data(year=2021))
    with pytest.raises(ValidationError):
        services.budget_line_create(access=ed, activity=activity, data=line_data(year=2022))


def test_duplicate_year_kind_and_source_is_refused(editor, access_of, activity):
    ed = access_of(editor)
    BudgetLineFactory(
        activity=activity, year=2020, kind="operating", financing_source="Innovationsfonden"
    )
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(
            access=ed,
            activity=activity,
            data=line_data(year=2020, financing_source=" innovationsfonden "),
        )
    assert list(exc.value.message_dict) == ["year"]
    # Another kind or another source is another line.
    services.budget_line_create(
        access=ed, activity=activity, data=line_data(year=2020, kind="investment")
    )
    other = services.budget_line_create(
        access=ed, activity=activity, data=line_data(year=2020, financing_source="Statsbidrag")
    )
    # Editing a line into a copy of another is refused as well.
    with pytest.raises(ValidationError):
        services.budget_line_update(
            access=ed, line=other, data={"financing_source": "Innovationsfonden"}
        )
    assert BudgetLine.objects.filter(activity=activity).count() == 3


def test_web_form_asks_for_the_confirmation(client, editor, org, activity):
    client.force_login(editor)
    target = url("budgetline-create", org, activity_pk=activity.uid)
    page = client.get(target).content.decode()
    assert "Jag bekräftar att året ligger utanför åtgärdens period" in page
    refused = client.post(target, line_data())
    assert refused.status_code == 200
    assert "2019–2021" in refused.context["form"].errors["year"][0]
    assert not BudgetLine.objects.exists()
    accepted = client.post(target, line_data(confirm_outside_period="on"))
    assert accepted.status_code == 302
    duplicate = client.post(target, line_data(confirm_outside_period="on"))
    assert duplicate.status_code == 200 and duplicate.context["form"].errors["year"]
    assert BudgetLine.objects.count() == 1


def test_api_names_year_and_takes_the_flag(editor, activity):
    api = ApiClient(editor)
    path = f"{ORG}/activities/{activity.uid}/budget-lines"
    refused = api.post(path, line_data())
    assert refused.status_code == 422
    assert [e["loc"][-1] for e in refused.json()["detail"]] == ["year"]
    ok = api.post(path, line_data(confirm_outside_period=True))
    assert ok.status_code == 201 and ok.json()["year"] == 2030
    dup = api.post(path, line_data(confirm_outside_period=True))
    assert dup.status_code == 422 and [e["loc"][-1] for e in dup.json()["detail"]] == ["year"]
    line = ok.json()
    moved = api._call("patch", f"{ORG}/budget-lines/{line['uid']}", {"year": 2016})
    assert moved.status_code in (412, 422, 428)  # without If-Match or outside: nothing saved
    assert BudgetLine.objects.get().year == 2030
