"""Histories in words (#10 §3, measured: "ansvarigt organ – → 6", "status – → ongoing",
"expedieras till – → [6, 8, 12]", "stängd – → 2018-08-23T12:00:00+00:00"): names of related
rows ("(borttaget)" when gone), choice labels, local times — in a fixed number of queries."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from malbild.actionplan.tests.factories import ActivityFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.web.templatetags.malbild import audit_changes, related_names

pytestmark = pytest.mark.django_db


def _entry(org, activity, changes):
    return AuditEntry.objects.create(
        organisation=org,
        model="actionplan.activity",
        object_id=str(activity.pk),
        object_repr=str(activity),
        action="update",
        changes=changes,
    )


def test_related_rows_choices_and_times_read_as_words(org, body):
    activity = ActivityFactory(document__organisation=org, responsible_body=body)
    gone = BodyFactory(organisation=org, name="Nedlagd nämnd")
    gone_pk = gone.pk
    gone.delete()
    other = BodyFactory(organisation=org, name="Miljönämnden")
    entry = _entry(
        org,
        activity,
        {
            "responsible_body": [gone_pk, body.pk],
            "co_responsible_bodies": [[], [other.pk, gone_pk]],
            "status": [None, "ongoing"],
            "modified_at": [None, "2018-08-23T12:00:00+00:00"],
        },
    )
    with translation.override("sv"):
        rows = {
            label: (before, after)
            for label, before, after in audit_changes(entry, related_names([entry]))
        }
        modified = str(activity._meta.get_field("modified_at").verbose_name)
    assert rows["ansvarigt organ"] == ("(borttaget)", body.name)
    assert rows["medansvariga organ"] == (None, "Miljönämnden, (borttaget)")
    assert rows["status"][1] == "Pågår"
    assert rows[modified][1] == "2018-08-23 14:00"  # Europe/Stockholm, summer time


def test_the_activity_page_history_shows_no_ids_in_fixed_queries(
    client, org, body, strategist, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    activity = ActivityFactory(document__organisation=org, responsible_body=body)
    url = reverse("actionplan:activity-detail", kwargs={"org": org.slug, "pk": activity.uid})
    client.force_login(strategist)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url)
        return page, len(ctx.captured_queries)

    bodies = [BodyFactory(organisation=org, name=f"Organ {n}") for n in range(6)]
    _entry(org, activity, {"responsible_body": [bodies[0].pk, bodies[1].pk]})
    small_page, small = count()
    for n in range(2, 6):
        _entry(org, activity, {"responsible_body": [bodies[n - 1].pk, bodies[n].pk]})
    page, many = count()
    assert many == small
    text = re.sub(r"<[^>]+>", " ", page.content.decode())
    assert "Organ 5" in text
    assert not re.search(rf"→\s*{bodies[5].pk}\b", text)
