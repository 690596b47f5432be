"""Follow-up pages: the period list and overview, contribution forms (save, submit, review),
closing and amending, the self-assessment and the dashboard; permissions (editors only for
their bodies, other organisations 404) and constant query counts in the number of activities."""

import datetime

import pytest
from django.urls import reverse

from malbild.followup import services
from malbild.followup.models import ActivityReport, Amendment, FollowUpPeriod, IndicatorValue

from .conftest import add_activities


def login(client, user):
    # Reload so the session hash matches the stored password (the factory sets it after save).
    user.refresh_from_db()
    client.force_login(user)


def url(name, plan, **kw):
    return reverse(f"followup:{name}", kwargs={"org": "alingsas", "pk": plan["period"].pk, **kw})


def test_period_list_and_create(client, plan, strategist):
    login(client, strategist)
    resp = client.get(reverse("followup:period-list", kwargs={"org": "alingsas"}))
    assert resp.status_code == 200 and "2019" in resp.content.decode()
    create = reverse("followup:period-create", kwargs={"org": "alingsas"})
    data = {
        "document": plan["document"].pk,
        "kind": "yearly",
        "label": "2020",
        "start": "2020-01-01",
        "end": "2020-12-31",
        "deadline": "2021-01-31",
    }
    bad = client.post(create, {**data, "deadline": "2019-01-01"})
    assert bad.status_code == 200 and "deadline" in bad.context["form"].errors
    assert FollowUpPeriod.objects.count() == 1
    resp = client.post(create, data)
    assert resp.status_code == 302
    assert FollowUpPeriod.objects.filter(label="2020").exists()


def test_editor_cannot_open_periods(client, plan, editor):
    login(client, editor)
    assert (
        client.get(reverse("followup:period-create", kwargs={"org": "alingsas"})).status_code == 403
    )


def test_other_organisation_gets_404(client, plan, outsider):
    login(client, outsider)
    for name, kw in [
        ("period-detail", {}),
        ("period-dashboard", {}),
        ("period-report", {}),
        ("activity-report", {"item": plan["activity"].pk}),
    ]:
        assert client.get(url(name, plan, **kw)).status_code == 404
    assert client.get(url("period-report-file", plan, fmt="pdf")).status_code == 404


def test_editor_saves_and_submits_report(client, plan, editor, reader):
    login(client, editor)
    page = url("activity-report", plan, item=plan["activity"].pk)
    resp = client.get(page)
    assert resp.status_code == 200
    line = plan["activity"].budget_lines.order_by("kind").first()
    data = {
        "status": "ongoing",
        "progress": "30",
        "comment": "Upphandling klar",
        f"outcome_{line.pk}": "12000",
    }
    bad = client.post(page, {**data, "progress": "130", "save": "1"})
    assert bad.status_code == 200 and "progress" in bad.context["form"].errors
    assert not ActivityReport.objects.exists()
    assert client.post(page, {**data, "save": "1"}).status_code == 302
    assert ActivityReport.objects.get().state == "draft"
    assert client.post(page, {**data, "submit": "1"}).status_code == 302
    rep = ActivityReport.objects.get()
    assert rep.state == "submitted" and rep.outcomes.get().spent == 12000
    other = url("activity-report", plan, item=plan["other_activity"].pk)
    assert client.get(other).status_code == 200  # may read
    login(client, reader)
    page_text = client.get(page).content.decode()
    assert (
        "Upphandling klar" in page_text and '<form method="post" class="stacked"' not in page_text
    )
    login(client, editor)
    assert client.post(other, {**data, "submit": "1"}).status_code == 403
    assert ActivityReport.objects.count() == 1


def test_strategist_reviews_and_indicator_value(client, plan, editor, strategist):
    login(client, editor)
    page = url("indicator-value", plan, item=plan["indicator"].pk)
    resp = client.post(page, {"value": "28", "measured_on": "2019-12-31", "submit": "1"})
    assert resp.status_code == 302
    login(client, strategist)
    resp = client.post(page, {"review": "return", "comment": ""})
    assert resp.status_code == 200 and "comment" in resp.context["review_form"].errors
    assert IndicatorValue.objects.get().state == "submitted"
    assert client.post(page, {"review": "approve", "comment": "Bra"}).status_code == 302
    assert IndicatorValue.objects.get().state == "approved"
    resp = client.post(
        url("indicator-override", plan, item=plan["indicator"].pk),
        {"status": "on_track", "reason": ""},
    )
    assert resp.status_code == 200 and "reason" in resp.context["form"].errors


def test_close_and_amend(client, plan, editor, strategist):
    services.indicator_value_save(
        access=__import__("malbild.core.access", fromlist=["x"]).access_for(
            editor, plan["period"].organisation
        ),
        period=plan["period"],
        indicator=plan["indicator"],
        data={"value": 30, "measured_on": datetime.date(2019, 12, 31)},
        submit=True,
    )
    login(client, editor)
    assert client.get(url("period-close", plan)).status_code == 403
    assert client.get(url("indicator-override", plan, item=plan["indicator"].pk)).status_code == 403
    assert client.post(url("period-close", plan)).status_code == 403
    login(client, strategist)
    assert client.post(url("period-close", plan)).status_code == 302
    assert FollowUpPeriod.objects.get().is_closed
    amend = url("period-amend", plan)
    item = f"indicator:{plan['indicator'].uid}"
    bad = client.post(amend, {"item": item, "field": "value", "new_value": "x", "reason": "Fel"})
    assert bad.status_code == 200 and "new_value" in bad.context["form"].errors
    assert not Amendment.objects.exists()
    assert (
        client.post(
            amend, {"item": item, "field": "value", "new_value": "31", "reason": "Rättat"}
        ).status_code
        == 302
    )
    detail = client.get(url("period-detail", plan)).content.decode()
    assert "Rättat" in detail


def test_self_assessment_page(client, plan, strategist, access_of):
    qs = services.question_set_create_from_template(access=access_of(strategist))
    services.period_update(
        access=access_of(strategist), period=plan["period"], data={"question_set": qs}
    )
    login(client, strategist)
    page = url("self-assessment", plan)
    resp = client.get(page)
    assert resp.status_code == 200 and "Tekniska förutsättningar" in resp.content.decode()
    q = qs.sections.first().questions.first()
    assert (
        client.post(page, {f"answer_{q.pk}": "fully", f"comment_{q.pk}": "Ja"}).status_code == 302
    )
    assert plan["period"].self_assessment_answers.get().answer == "fully"
    resp = client.post(
        reverse("followup:question-edit", kwargs={"org": "alingsas", "pk": q.pk}),
        {"text": "Ändrad?"},
    )
    assert resp.status_code == 302
    q.refresh_from_db()
    assert q.text == "Ändrad?"


@pytest.mark.parametrize("name", ["period-detail", "period-dashboard", "period-report"])
def test_query_count_constant(client, plan, strategist, django_assert_num_queries, name):
    login(client, strategist)
    page = url(name, plan)
    client.get(page)  # warm caches (content types, translations)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    add_activities(plan, 6)
    add_activities(plan, 4, body=plan["other_body"])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(page).status_code == 200


def test_report_page_and_downloads(client, plan, reader):
    login(client, reader)
    resp = client.get(url("period-report", plan))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert "Antal e-tjänster" in html and "<h1" in html
    resp = client.get(url("period-report-file", plan, fmt="xlsx"))
    assert resp.status_code == 200 and resp["Content-Disposition"].endswith('.xlsx"')
    assert client.get(url("period-report-file", plan, fmt="exe")).status_code == 404
