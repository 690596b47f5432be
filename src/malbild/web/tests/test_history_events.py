"""Every history shows what happened in words (the audit entry's typed event, never its code)
and can be filtered by event with `?event=<code>`, without extra queries."""

import pytest
from django.urls import reverse

from malbild.actionplan import services
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.core.access import access_for
from malbild.core.events import event_label, register_events
from malbild.strategy.tests.factories import DocumentFactory


@pytest.fixture
def activity(org, body, strategist):
    act = ActivityFactory(document=DocumentFactory(organisation=org), responsible_body=body)
    access = access_for(strategist, org)
    services.activity_update(access=access, activity=act, data={"title": "Nytt namn"})
    services.activity_transition(access=access, activity=act, status="ongoing")
    return act


def detail(activity, **query):
    url = reverse(
        "actionplan:activity-detail", kwargs={"org": activity.organisation.slug, "pk": activity.pk}
    )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_history_shows_event_labels_not_codes(client, strategist, activity):
    client.force_login(strategist)
    html = client.get(detail(activity)).content.decode()
    assert "Åtgärd: ändrad" in html and "Åtgärden påbörjad" in html
    assert "actionplan.activity_" not in html.split('<select name="event"')[0].split("History")[-1]


def test_history_filters_by_event(client, strategist, activity):
    client.force_login(strategist)
    html = client.get(detail(activity, event="actionplan.activity_ongoing")).content.decode()
    table = html.split("<tbody>")[-1].split("</tbody>")[0]
    assert "Åtgärden påbörjad" in table and "Åtgärd: ändrad" not in table
    assert '<option value="actionplan.activity_ongoing" selected>' in html


def test_an_unknown_event_filter_shows_everything(client, strategist, activity):
    client.force_login(strategist)
    html = client.get(detail(activity, event="no.such_event")).content.decode()
    table = html.split("<tbody>")[-1].split("</tbody>")[0]
    assert "Åtgärden påbörjad" in table and "Åtgärd: ändrad" in table


def test_registered_labels_win():
    register_events({"test.thing_happened": "Något hände"})
    assert event_label("test.thing_happened") == "Något hände"
    assert event_label("nothing.known_created") == "Skapad"


def test_choice_codes_in_the_history_are_shown_as_labels(client, strategist, activity):
    client.force_login(strategist)
    html = client.get(detail(activity)).content.decode()
    table = html.split("<tbody>")[-1].split("</tbody>")[0]
    assert "Planerad" in table and "Pågår" in table
    assert ">planned<" not in table and ">ongoing<" not in table
