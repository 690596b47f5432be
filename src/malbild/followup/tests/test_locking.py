"""No lost updates and no other tenants in the follow-up cycle: periods, contributions and
questions carry `ETag: "<lock_version>"`; a stale `If-Match` on PATCH, PUT, DELETE or an object
action answers 409 with the saved state and changes nothing, a missing one still works; edit
forms carry the version; another organisation's document, self-assessment or section is not
found (404)."""

import datetime
import re

import pytest
from django.http import Http404
from django.urls import reverse

from malbild.core.models import AuditEntry
from malbild.followup import services
from malbild.followup.models import ActivityReport, FollowUpPeriod, Question
from malbild.followup.tests.factories import (
    QuestionFactory,
    QuestionSectionFactory,
    QuestionSetFactory,
)
from malbild.strategy.tests.factories import DocumentFactory

P = "/api/v1/organisations/alingsas/followup/periods"
Q = "/api/v1/organisations/alingsas/followup"
JSON = "application/json"

pytestmark = pytest.mark.django_db


def test_period_etag_and_patch(client, strategist, plan):
    period = plan["period"]
    client.force_login(strategist)
    got = client.get(f"{P}/{period.pk}")
    assert got["ETag"] == '"1"' and got.json()["lock_version"] == 1
    stale = client.patch(
        f"{P}/{period.pk}", {"label": "Min"}, content_type=JSON, headers={"If-Match": '"5"'}
    )
    assert stale.status_code == 409
    assert stale.json()["current"] == {**got.json()}
    assert FollowUpPeriod.objects.get().label == "2019"
    ok = client.patch(
        f"{P}/{period.pk}", {"label": "Helår 2019"}, content_type=JSON, headers={"If-Match": '"1"'}
    )
    assert ok.status_code == 200 and ok["ETag"] == '"2"' and ok.json()["label"] == "Helår 2019"
    free = client.patch(f"{P}/{period.pk}", {"deadline": "2020-02-15"}, content_type=JSON)
    assert free.status_code == 200 and free.json()["lock_version"] == 3
    entry = AuditEntry.objects.filter(model="followup.followupperiod", action="update").first()
    assert entry.changes == {"deadline": ["2020-01-31", "2020-02-15"]}


def test_stale_close_changes_nothing(client, strategist, plan):
    period = plan["period"]
    client.force_login(strategist)
    r = client.post(f"{P}/{period.pk}/close", {}, content_type=JSON, headers={"If-Match": '"3"'})
    assert r.status_code == 409 and r.json()["current"]["status"] == "open"
    assert not FollowUpPeriod.objects.get().is_closed


def test_stale_contribution_put_and_review(client, editor, strategist, plan, access_of):
    period, activity = plan["period"], plan["activity"]
    services.activity_report_save(
        access=access_of(editor),
        period=period,
        activity=activity,
        data={"status": "ongoing", "progress": 10},
        submit=True,
    )
    client.force_login(strategist)
    review = client.post(
        f"{P}/{period.pk}/activities/{activity.pk}/review",
        {"action": "approve"},
        content_type=JSON,
        headers={"If-Match": '"9"'},
    )
    assert review.status_code == 409 and review.json()["current"]["state"] == "submitted"
    assert ActivityReport.objects.get().state == "submitted"
    ok = client.post(
        f"{P}/{period.pk}/activities/{activity.pk}/review",
        {"action": "return", "comment": "Komplettera"},
        content_type=JSON,
        headers={"If-Match": '"1"'},
    )
    assert ok.status_code == 200 and ok["ETag"] == '"2"'
    client.force_login(editor)
    put = client.put(
        f"{P}/{period.pk}/activities/{activity.pk}",
        {"status": "ongoing", "progress": 50},
        content_type=JSON,
        headers={"If-Match": '"1"'},
    )
    assert put.status_code == 409
    assert ActivityReport.objects.get().progress == 10


def test_stale_question_put_and_delete(client, strategist, org):
    section = QuestionSectionFactory(question_set=QuestionSetFactory(organisation=org), order=1)
    q = QuestionFactory(section=section, order=1, text="Fråga?")
    client.force_login(strategist)
    stale = client.put(
        f"{Q}/questions/{q.pk}", {"text": "Min?"}, content_type=JSON, headers={"If-Match": '"4"'}
    )
    assert stale.status_code == 409 and stale.json()["current"]["text"] == "Fråga?"
    assert client.delete(f"{Q}/questions/{q.pk}", headers={"If-Match": '"4"'}).status_code == 409
    assert Question.objects.get().text == "Fråga?"
    ok = client.put(f"{Q}/questions/{q.pk}", {"text": "Ny?"}, content_type=JSON)
    assert ok.status_code == 200 and ok["ETag"] == '"2"'


def test_edit_forms_carry_the_version(client, strategist, editor, plan, org, access_of):
    period = plan["period"]
    q = QuestionFactory(
        section=QuestionSectionFactory(question_set=QuestionSetFactory(organisation=org), order=1)
    )
    client.force_login(strategist)
    html = client.get(reverse("followup:question-edit", kwargs={"org": "alingsas", "pk": q.pk}))
    assert re.search(r'name="lock_version" value="1"', html.content.decode())
    report = services.activity_report_save(
        access=access_of(editor),
        period=period,
        activity=plan["activity"],
        data={"status": "ongoing", "progress": 10},
    )
    url = reverse(
        "followup:activity-report",
        kwargs={"org": "alingsas", "pk": period.pk, "item": plan["activity"].pk},
    )
    assert f'name="lock_version" value="{report.lock_version}"' in client.get(url).content.decode()
    data = {"status": "ongoing", "progress": "20", "comment": "", "lock_version": "1"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "progress": "30"})
    assert response.status_code == 409
    assert 'name="resolve-progress"' in response.content.decode()
    assert ActivityReport.objects.get().progress == 20


def test_other_organisations_objects_are_not_found(client, strategist, access_of, plan, other_org):
    st = access_of(strategist)
    foreign_set = QuestionSetFactory(organisation=other_org)
    foreign_section = QuestionSectionFactory(question_set=foreign_set, order=1)
    with pytest.raises(Http404):
        services.question_create(access=st, section=foreign_section, text="Fråga?")
    with pytest.raises(Http404):
        services.section_create(access=st, question_set=foreign_set, title="Del")
    with pytest.raises(Http404):
        services.period_update(access=st, period=plan["period"], data={"question_set": foreign_set})
    with pytest.raises(Http404):
        services.period_create(
            access=st,
            document=DocumentFactory(organisation=other_org),
            data={
                "label": "2019",
                "start": datetime.date(2019, 1, 1),
                "end": datetime.date(2019, 12, 31),
                "deadline": datetime.date(2020, 1, 31),
            },
        )
    client.force_login(strategist)
    r = client.patch(
        f"{P}/{plan['period'].pk}", {"question_set": foreign_set.pk}, content_type=JSON
    )
    assert r.status_code == 404
    assert FollowUpPeriod.objects.get(pk=plan["period"].pk).question_set_id is None


def test_named_events_have_swedish_labels(plan, editor, strategist, access_of):
    from django.utils import translation

    from malbild.core.events import event_label

    services.activity_report_save(
        access=access_of(editor),
        period=plan["period"],
        activity=plan["activity"],
        data={"status": "ongoing", "progress": 10},
        submit=True,
    )
    services.status_override_set(
        access=access_of(strategist),
        period=plan["period"],
        status="at_risk",
        reason="Försenad upphandling",
        indicator=plan["indicator"],
    )
    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {"followup.contribution_submitted", "followup.status_overridden"} <= events
    with translation.override("sv"):
        assert event_label("followup.period_updated") == "Uppföljningsperiod ändrad"
        assert event_label("followup.contribution_submitted") == "Underlag inlämnat"
