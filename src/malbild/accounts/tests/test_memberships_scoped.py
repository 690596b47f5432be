"""Memberships are read through one scoped selector (`accounts.selectors.memberships_of`), and
another organisation's membership or body answers 404 (never 403 or a message saying it
exists) in the services and the user management pages; the accounts events have labels."""

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from malbild.accounts import services
from malbild.accounts.constants import Role
from malbild.accounts.models import Membership
from malbild.accounts.selectors import members_of, memberships_of
from malbild.core.events import event_label
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory, UserFactory


def test_memberships_of_is_scoped_to_the_access(
    org, admin_user, reader, outsider, access_of, other_org
):
    mine = set(memberships_of(access=access_of(admin_user)))
    assert mine == set(Membership.objects.filter(user__in=[admin_user, reader]))
    assert outsider.memberships.get() not in mine
    assert set(members_of(access=access_of(admin_user))) == {admin_user, reader}
    assert set(memberships_of(access=access_of(admin_user, other_org))) == {
        outsider.memberships.get()
    }
    assert not memberships_of(access=None).exists()


def test_revoking_another_organisations_membership_is_404(admin_user, outsider, access_of):
    foreign = outsider.memberships.get()
    with pytest.raises(Http404):
        services.membership_revoke(access=access_of(admin_user), membership=foreign)
    with pytest.raises(Http404):
        services.membership_delete(access=access_of(admin_user), membership=foreign)
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_granting_a_role_for_another_organisations_body_is_404(
    admin_user, reader, access_of, other_org
):
    foreign_body = BodyFactory(organisation=other_org)
    before = AuditEntry.objects.count()
    with pytest.raises(Http404):
        services.membership_set(
            access=access_of(admin_user), user=reader, role=Role.EDITOR, bodies=[foreign_body]
        )
    with pytest.raises(Http404):
        services.membership_set(
            access=access_of(admin_user), user=reader, organisation=other_org, role=Role.READER
        )
    assert not reader.memberships.filter(role=Role.EDITOR).exists()
    assert AuditEntry.objects.count() == before


def test_the_revoke_page_of_another_organisations_membership_is_404(
    client, org, admin_user, outsider
):
    foreign = outsider.memberships.get()
    client.force_login(admin_user)
    target = reverse(
        "organisation:membership-revoke",
        kwargs={"org": org.slug, "pk": outsider.pk, "mpk": foreign.pk},
    )
    assert client.get(target).status_code == 404
    assert client.post(target).status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_granting_and_changing_a_role_are_named_events(org, admin_user, access_of, body):
    user = UserFactory(username="ny")
    access = access_of(admin_user)
    services.membership_set(access=access, user=user, role=Role.EDITOR, bodies=[body])
    assert AuditEntry.objects.latest("id").event == "accounts.role_granted"
    other = BodyFactory(organisation=org)
    services.membership_set(access=access, user=user, role=Role.EDITOR, bodies=[body, other])
    entry = AuditEntry.objects.latest("id")
    assert entry.event == "accounts.role_bodies_changed"
    assert entry.organisation_id == org.pk


@pytest.mark.parametrize(
    "code, swedish",
    [
        ("accounts.role_granted", "Roll tilldelad"),
        ("accounts.role_revoked", "Roll borttagen"),
        ("accounts.token_revoked", "API-nyckel återkallad"),
        ("actionplan.activity_ongoing", "Åtgärden påbörjad"),
        ("actionplan.activity_done", "Åtgärden genomförd"),
    ],
)
def test_named_events_have_swedish_labels(code, swedish):
    with translation.override("sv"):
        assert event_label(code) == swedish
