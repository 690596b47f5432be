"""No lost updates in the web interface: every edit form carries the version it was made from;
a save from an older version answers the conflict page (the user's values beside the saved
ones, field by field, "keep mine" / "take theirs") and overwrites nothing; the user's choices
are then saved."""

import re

import pytest
from django.urls import reverse

from malbild.actionplan.models import Activity
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.strategy.tests.factories import DocumentFactory


@pytest.fixture
def activity(org, body):
    return ActivityFactory(
        document=DocumentFactory(organisation=org),
        responsible_body=body,
        title="E-arkiv",
        description="Första beskrivningen",
    )


def edit_url(activity):
    return reverse(
        "actionplan:activity-update", kwargs={"org": activity.organisation.slug, "pk": activity.pk}
    )


def posted(activity, **overrides):
    data = {
        "number": activity.number,
        "title": activity.title,
        "description": activity.description,
        "priority": activity.priority,
        "responsible_body": activity.responsible_body_id,
        "start_year": activity.start_year,
        "end_year": activity.end_year,
        "lock_version": activity.lock_version,
    }
    data.update(overrides)
    return data


def test_the_edit_form_carries_the_version(client, strategist, activity):
    client.force_login(strategist)
    html = client.get(edit_url(activity)).content.decode()
    assert re.search(r'<input type="hidden" name="lock_version" value="1"', html)


def test_a_stale_save_shows_the_conflict_page_and_overwrites_nothing(client, strategist, activity):
    client.force_login(strategist)
    stale = posted(activity)
    # Someone else saves first.
    assert (
        client.post(edit_url(activity), posted(activity, title="E-arkiv (hens)")).status_code == 302
    )
    # Our save, made from version 1, changes the description only.
    response = client.post(edit_url(activity), {**stale, "description": "Min beskrivning"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har sparat en ändring" in html
    assert "E-arkiv (hens)" in html and "Min beskrivning" in html
    assert 'name="resolve-title"' in html and 'name="resolve-description"' in html
    assert 'name="lock_version" value="2"' in html
    activity.refresh_from_db()
    assert activity.title == "E-arkiv (hens)" and activity.description == "Första beskrivningen"


def test_choosing_per_field_saves_the_choice(client, strategist, activity):
    client.force_login(strategist)
    stale = posted(activity)
    client.post(edit_url(activity), posted(activity, title="E-arkiv (hens)"))
    resolution = {
        **stale,
        "description": "Min beskrivning",
        "_conflict": "1",
        "lock_version": "2",
        "resolve-title": "theirs",
        "resolve-description": "mine",
    }
    assert client.post(edit_url(activity), resolution).status_code == 302
    activity.refresh_from_db()
    assert activity.title == "E-arkiv (hens)" and activity.description == "Min beskrivning"
    assert activity.lock_version == 3


def test_a_conflict_resolution_made_from_an_old_version_conflicts_again(
    client, strategist, activity
):
    client.force_login(strategist)
    client.post(edit_url(activity), posted(activity, title="Två"))
    client.post(edit_url(activity), posted(Activity.objects.get(pk=activity.pk), title="Tre"))
    resolution = {**posted(activity), "_conflict": "1", "lock_version": "2"}
    assert client.post(edit_url(activity), resolution).status_code == 409
    assert Activity.objects.get(pk=activity.pk).title == "Tre"


def test_a_delete_confirmation_carries_the_version_and_a_stale_delete_is_refused(
    client, strategist, activity
):
    from malbild.strategy.models import SteeringDocument

    document = activity.document
    url = reverse(
        "strategy:document-delete", kwargs={"org": document.organisation.slug, "pk": document.uid}
    )
    client.force_login(strategist)
    html = client.get(url).content.decode()
    assert re.search(r'<input type="hidden" name="lock_version" value="1"', html)
    SteeringDocument.objects.filter(pk=document.pk).update(lock_version=2)  # someone else saved
    response = client.post(url, {"lock_version": "1"})
    assert response.status_code == 409
    assert 'name="lock_version" value="2"' in response.content.decode()
    assert SteeringDocument.objects.filter(pk=document.pk).exists()
