"""Editing a follow-up period is audited field by field (regression: `period_update` changed
the instance before the "before" state was read, so the edit wrote no audit entry), through
the service and through the web form; the caller's instance is not changed by a refused edit;
the form carries the version it was made from."""

import datetime
import re

import pytest
from django.urls import reverse

from malbild.core.models import AuditEntry
from malbild.followup import services
from malbild.followup.tests.factories import PeriodFactory


def _entries(period):
    return AuditEntry.objects.filter(
        model="followup.followupperiod", object_id=str(period.pk), action="update"
    )


@pytest.mark.django_db
def test_service_edit_audits_label_and_deadline(plan, strategist, access_of):
    period = plan["period"]
    services.period_update(
        access=access_of(strategist),
        period=period,
        data={"label": "Helår 2019", "deadline": datetime.date(2020, 2, 15)},
    )
    entry = _entries(period).get()
    assert entry.changes == {
        "label": ["2019", "Helår 2019"],
        "deadline": ["2020-01-31", "2020-02-15"],
    }
    assert entry.event == "followup.period_updated"


@pytest.mark.django_db
def test_web_edit_audits_label_and_deadline(client, plan, strategist):
    period = plan["period"]
    client.force_login(strategist)
    url = reverse(
        "followup:period-update", kwargs={"org": period.organisation.slug, "pk": period.pk}
    )
    html = client.get(url).content.decode()
    assert re.search(r'<input type="hidden" name="lock_version" value="1"', html)
    response = client.post(
        url,
        {
            "kind": period.kind,
            "label": "Helår 2019",
            "start": "2019-01-01",
            "end": "2019-12-31",
            "deadline": "2020-02-15",
            "question_set": "",
            "lock_version": "1",
        },
    )
    assert response.status_code == 302
    entry = _entries(period).get()
    assert entry.changes == {
        "label": ["2019", "Helår 2019"],
        "deadline": ["2020-01-31", "2020-02-15"],
    }
    period.refresh_from_db()
    assert period.lock_version == 2


@pytest.mark.django_db
def test_web_edit_from_an_old_version_shows_the_conflict_page(client, plan, strategist):
    period = plan["period"]
    client.force_login(strategist)
    url = reverse(
        "followup:period-update", kwargs={"org": period.organisation.slug, "pk": period.pk}
    )
    data = {
        "kind": period.kind,
        "label": "Helår 2019",
        "start": "2019-01-01",
        "end": "2019-12-31",
        "deadline": "2020-01-31",
        "question_set": "",
        "lock_version": "1",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "label": "Mitt namn"})
    assert response.status_code == 409
    period.refresh_from_db()
    assert period.label == "Helår 2019"


@pytest.mark.django_db
def test_a_refused_edit_leaves_the_callers_instance_alone(plan, strategist, access_of):
    period = plan["period"]
    PeriodFactory(
        document=period.document,
        label="2020",
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 12, 31),
        deadline=datetime.date(2021, 1, 31),
    )
    with pytest.raises(Exception) as exc:
        services.period_update(
            access=access_of(strategist),
            period=period,
            data={"label": "Krock", "end": datetime.date(2020, 6, 30)},
        )
    assert "start" in exc.value.message_dict
    assert period.label == "2019" and period.end == datetime.date(2019, 12, 31)
    assert not _entries(period).exists()
