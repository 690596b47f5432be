"""Reminders for the strategist: per body with missing, draft or returned contributions, the
body's editors (users with the editor role for it) and a ready e-mail text listing what is
missing, with a mailto: link — the server sends nothing. Page, API, permissions (strategists
only, other organisations 404) and a fixed number of queries whatever the data size."""

import datetime
from urllib.parse import parse_qs, unquote, urlsplit

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from malbild.accounts.constants import Role
from malbild.api.tests.helpers import ApiClient
from malbild.core.tests.factories import UserFactory
from malbild.followup import selectors, services

from .conftest import add_activities
from .test_views import login, url

P = "/organisations/alingsas/followup/periods"


def setup_states(plan, editor, strategist, access_of):
    """The indicator (body) is approved, the body's activity returned; the other body's
    activity is missing."""
    ed, st = access_of(editor), access_of(strategist)
    v = services.indicator_value_save(
        access=ed,
        period=plan["period"],
        indicator=plan["indicator"],
        data={"value": 25, "measured_on": datetime.date(2019, 12, 31)},
        submit=True,
    )
    services.contribution_review(access=st, contribution=v, action="approve")
    r = services.activity_report_save(
        access=ed,
        period=plan["period"],
        activity=plan["activity"],
        data={"status": "ongoing", "progress": 10},
        submit=True,
    )
    services.contribution_review(
        access=st, contribution=r, action="return", comment="Ange budgetutfallet."
    )


def test_reminders_per_body(plan, editor, strategist, access_of, org):
    setup_states(plan, editor, strategist, access_of)
    other_editor = UserFactory(
        username="miljo",
        first_name="Mia",
        last_name="Miljö",
        role=Role.EDITOR,
        organisation=org,
        bodies=[plan["other_body"]],
    )
    UserFactory(
        username="inaktiv",
        role=Role.EDITOR,
        organisation=org,
        bodies=[plan["other_body"]],
        is_active=False,
    )
    period = plan["period"]
    with translation.override("en"):
        reminders = selectors.reminders(
            period=period,
            data=selectors.period_data(period=period),
            period_url="https://malbild.example/o/alingsas/follow-up/1/",
        )
    assert [r["body"] for r in reminders] == ["Kultur- och fritidsnämnden", "Miljöskyddsnämnden"]
    mine, other = reminders
    assert [u.username for u in mine["editors"]] == ["redaktor"]
    assert [u.username for u in other["editors"]] == ["miljo"]  # active editors only
    assert [x["state"] for x in mine["items"]] == ["returned"]  # approved indicator not listed
    assert "returned for correction" in mine["text"] and "Ange budgetutfallet." in mine["text"]
    assert plan["other_activity"].title in other["text"] and "(missing)" in other["text"]
    assert "2020-01-31" in other["text"]
    parts = urlsplit(other["mailto"])
    assert parts.scheme == "mailto" and unquote(parts.path) == other_editor.email
    query = parse_qs(parts.query)
    assert query["subject"] == [other["subject"]]
    assert query["body"][0] == other["text"].replace("\n", "\r\n")
    assert len(mail.outbox) == 0


def test_reminder_page(client, plan, editor, strategist, access_of):
    setup_states(plan, editor, strategist, access_of)
    login(client, strategist)
    detail = client.get(url("period-detail", plan)).content.decode()
    assert url("period-reminders", plan) in detail
    resp = client.get(url("period-reminders", plan))
    html = resp.content.decode()
    assert resp.status_code == 200 and html.count("<h1") == 1
    assert 'href="mailto:redaktor@example.org?subject=' in html
    assert "Miljöskyddsnämnden" in html and plan["other_activity"].title in html
    assert len(mail.outbox) == 0


def test_reminders_permissions(client, plan, editor, reader, outsider, strategist, access_of):
    for user in (editor, reader):
        login(client, user)
        assert client.get(url("period-reminders", plan)).status_code == 403
        assert ApiClient(user).get(f"{P}/{plan['period'].pk}/reminders").status_code == 403
    login(client, outsider)
    assert client.get(url("period-reminders", plan)).status_code == 404
    assert ApiClient(outsider).get(f"{P}/{plan['period'].pk}/reminders").status_code == 404
    services.period_close(access=access_of(strategist), period=plan["period"])
    login(client, strategist)
    resp = client.get(url("period-reminders", plan))
    assert resp.status_code == 200 and resp.context["reminders"] == []


def test_reminders_api(plan, editor, strategist, access_of):
    setup_states(plan, editor, strategist, access_of)
    resp = ApiClient(strategist).get(f"{P}/{plan['period'].pk}/reminders")
    assert resp.status_code == 200
    first = resp.json()[0]
    assert first["body"] == "Kultur- och fritidsnämnden"
    assert first["editors"] == [
        {"username": "redaktor", "name": "", "email": "redaktor@example.org"}
    ]
    assert first["items"] == [
        {
            "kind": "activity",
            "id": plan["activity"].pk,
            "name": f"{plan['activity'].number} {plan['activity'].title}".strip(),
            "state": "returned",
        }
    ]
    assert first["mailto"].startswith("mailto:redaktor@example.org?subject=")


def test_reminder_page_query_count(client, plan, strategist, org, django_assert_num_queries):
    login(client, strategist)
    page = url("period-reminders", plan)
    client.get(page)
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    add_activities(plan, 5)
    add_activities(plan, 5, body=plan["other_body"])
    for _n in range(3):
        UserFactory(role=Role.EDITOR, organisation=org, bodies=[plan["body"], plan["other_body"]])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(page).status_code == 200
