"""Writes that cannot lose an update: model_update's allow-list, diff against the stored row,
only changed columns written, stale versions refused (also in a race), many-to-many add and
remove, typed audit events, and append-only querysets for the audit log and versions."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from malbild.actionplan import services as actionplan_services
from malbild.actionplan.models import Activity
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.core.errors import ConflictError
from malbild.core.events import event_label
from malbild.core.locking import expect_version
from malbild.core.models import AuditEntry
from malbild.core.services import M2MChange, model_delete, model_update
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.models import DocumentVersion
from malbild.strategy.tests.factories import DocumentFactory


@pytest.fixture
def activity(org, body):
    return ActivityFactory(document=DocumentFactory(organisation=org), responsible_body=body)


def test_fields_outside_the_allow_list_are_ignored(activity, strategist):
    model_update(
        instance=activity,
        actor=strategist,
        data={"title": "Ny titel", "status": "done", "organisation": None},
        fields=("title",),
    )
    activity.refresh_from_db()
    assert activity.title == "Ny titel" and activity.status == "planned"


def test_only_changed_columns_are_written_and_the_version_moves_once(activity, strategist):
    assert activity.lock_version == 1
    assert_writes_only(
        Activity,
        lambda: model_update(
            instance=activity,
            actor=strategist,
            data={"title": "Ny titel", "description": activity.description},
            fields=("title", "description"),
        ),
        {"title"},
    )
    activity.refresh_from_db()
    assert activity.lock_version == 2


def test_an_edit_that_changes_nothing_writes_nothing(activity, strategist):
    before = AuditEntry.objects.count()
    model_update(
        instance=activity, actor=strategist, data={"title": activity.title}, fields=("title",)
    )
    activity.refresh_from_db()
    assert activity.lock_version == 1 and AuditEntry.objects.count() == before


def test_the_diff_is_against_the_stored_row_not_the_callers_copy(activity, strategist):
    """A caller that changed its instance before calling (as period_update once did) still
    gets the real before/after in the audit log."""
    activity.title = "Ändrad i minnet"
    model_update(
        instance=activity, actor=strategist, data={"title": "Ändrad i minnet"}, fields=("title",)
    )
    entry = AuditEntry.objects.filter(action="update").latest("id")
    assert entry.changes["title"][1] == "Ändrad i minnet" and entry.changes["title"][0] != (
        "Ändrad i minnet"
    )


def test_a_stale_copy_is_refused(activity, strategist):
    assert_stale_refused(
        activity,
        lambda stale: model_update(
            instance=stale, actor=strategist, data={"title": "Sent"}, fields=("title",)
        ),
    )


def test_two_users_saving_one_after_the_other_second_gets_a_conflict(activity, strategist):
    first = Activity.objects.get(pk=activity.pk)
    second = Activity.objects.get(pk=activity.pk)
    model_update(instance=first, actor=strategist, data={"title": "Först"}, fields=("title",))
    with pytest.raises(ConflictError) as exc:
        model_update(instance=second, actor=strategist, data={"title": "Sist"}, fields=("title",))
    assert exc.value.current.title == "Först"
    assert Activity.objects.get(pk=activity.pk).title == "Först"


def test_the_expected_version_registered_for_the_row_wins(activity, strategist):
    """The web form's hidden version (or If-Match) counts, even when the service loads the
    row itself."""
    with expect_version(activity, 7), pytest.raises(ConflictError):
        model_update(instance=activity, actor=strategist, data={"title": "x"}, fields=("title",))
    with expect_version(activity, 1):
        model_update(instance=activity, actor=strategist, data={"title": "x"}, fields=("title",))


def test_the_write_itself_is_conditional(activity, strategist, monkeypatch):
    """Even if another writer commits between the read and the write, the UPDATE … WHERE
    lock_version = <read> matches nothing and the edit is refused."""
    from malbild.core import services

    original = services._refuse_if_stale

    def sneaky(instance, current):
        saved = original(instance, current)
        Activity._base_manager.filter(pk=current.pk).update(lock_version=saved + 1, title="Där")
        return saved

    monkeypatch.setattr(services, "_refuse_if_stale", sneaky)
    with pytest.raises(ConflictError):
        model_update(instance=activity, actor=strategist, data={"title": "Här"}, fields=("title",))
    # (the other writer's change here ran inside the refused transaction, so it is rolled
    # back too; what matters is that "Här" was never written)
    assert Activity.objects.get(pk=activity.pk).title not in {"Här", "Där"}


def test_many_to_many_add_and_remove_keep_the_others(activity, strategist, org):
    a, b, c = (BodyFactory(organisation=org) for _ in range(3))
    activity.co_responsible_bodies.set([a])
    first = Activity.objects.get(pk=activity.pk)
    second = Activity.objects.get(pk=activity.pk)
    # Two clients adding one body each, without If-Match: both additions survive.
    actionplan_services.activity_update(
        access=_access(strategist, org),
        activity=first,
        data={},
        m2m={"co_responsible_bodies": M2MChange(add=[b])},
    )
    with expect_version(second, None):
        second.lock_version = Activity.objects.get(pk=activity.pk).lock_version
        actionplan_services.activity_update(
            access=_access(strategist, org),
            activity=second,
            data={},
            m2m={"co_responsible_bodies": M2MChange(add=[c], remove=[a])},
        )
    assert set(activity.co_responsible_bodies.all()) == {b, c}
    entry = AuditEntry.objects.filter(action="update").latest("id")
    assert entry.changes["co_responsible_bodies"] == [sorted([a.pk, b.pk]), sorted([b.pk, c.pk])]


def _access(user, org):
    from malbild.core.access import access_for

    return access_for(user, org)


def test_a_stale_delete_is_refused(activity, strategist):
    stale = Activity.objects.get(pk=activity.pk)
    model_update(instance=activity, actor=strategist, data={"title": "Ny"}, fields=("title",))
    with pytest.raises(ConflictError):
        model_delete(instance=stale, actor=strategist)
    assert Activity.objects.filter(pk=activity.pk).exists()


def test_events_are_typed_named_or_derived(activity, strategist, org):
    model_update(instance=activity, actor=strategist, data={"title": "Ny"}, fields=("title",))
    derived = AuditEntry.objects.filter(action="update").latest("id")
    assert derived.event == "actionplan.activity_updated"
    actionplan_services.activity_transition(
        access=_access(strategist, org), activity=activity, status="ongoing"
    )
    named = AuditEntry.objects.filter(action="transition").latest("id")
    assert named.event == "actionplan.activity_ongoing"
    assert event_label("actionplan.activity_updated") == "Åtgärd: ändrad"


def test_audit_log_and_versions_refuse_bulk_writes(activity, org):
    with pytest.raises(ImproperlyConfigured):
        AuditEntry.objects.all().delete()
    with pytest.raises(ImproperlyConfigured):
        AuditEntry.objects.all().update(message="x")
    with pytest.raises(ImproperlyConfigured):
        DocumentVersion.objects.filter(organisation=org).update(label="x")
    with pytest.raises(ImproperlyConfigured):
        DocumentVersion.objects.bulk_create([])


def test_the_same_amount_written_differently_is_no_change(org, strategist):
    from decimal import Decimal

    from malbild.actionplan.tests.factories import BudgetLineFactory

    line = BudgetLineFactory(activity__document__organisation=org, amount=Decimal("95.00"))
    before = AuditEntry.objects.count()
    model_update(instance=line, actor=strategist, data={"amount": 95}, fields=("amount",))
    model_update(
        instance=line, actor=strategist, data={"amount": Decimal("95.0")}, fields=("amount",)
    )
    line.refresh_from_db()
    assert line.lock_version == 1 and AuditEntry.objects.count() == before
