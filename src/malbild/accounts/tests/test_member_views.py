"""User management in an organisation: only admins list users, add people by e-mail and
grant or revoke roles (other roles get 403, other organisations 404); rejected forms change
nothing; the last administrator cannot be removed; the list runs a fixed number of queries."""

import pytest
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.accounts.models import Membership, User
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory, UserFactory


def login(client, user):
    user.refresh_from_db()  # the stored password hash is part of the session
    client.force_login(user)


def url(name, org, **kwargs):
    return reverse(f"organisation:{name}", kwargs={"org": org.slug, **kwargs})


def new_user_data(**overrides):
    data = {
        "first_name": "Nina",
        "last_name": "Nilsson",
        "email": "nina@example.org",
        "role": Role.READER,
    }
    return {**data, **overrides}


def snapshot():
    return (
        User.objects.count(),
        sorted(Membership.objects.values_list("user_id", "role")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize("role_user", ["strategist", "editor", "reader"])
def test_non_admins_get_403_for_user_management(client, org, admin_user, role_user, request):
    user = request.getfixturevalue(role_user)
    membership = admin_user.memberships.get()
    login(client, user)
    before = snapshot()
    assert client.get(url("member-list", org)).status_code == 403
    assert client.get(url("member-create", org)).status_code == 403
    assert client.post(url("member-create", org), new_user_data()).status_code == 403
    assert client.get(url("member-detail", org, pk=admin_user.pk)).status_code == 403
    assert (
        client.post(url("member-detail", org, pk=admin_user.pk), {"role": Role.READER}).status_code
        == 403
    )
    revoke = url("membership-revoke", org, pk=admin_user.pk, mpk=membership.pk)
    assert client.post(revoke).status_code == 403
    assert snapshot() == before


def test_other_organisation_gets_404(client, org, admin_user, outsider):
    login(client, outsider)
    membership = admin_user.memberships.get()
    before = snapshot()
    assert client.get(url("member-list", org)).status_code == 404
    assert client.post(url("member-create", org), new_user_data()).status_code == 404
    assert client.get(url("member-detail", org, pk=admin_user.pk)).status_code == 404
    revoke = url("membership-revoke", org, pk=admin_user.pk, mpk=membership.pk)
    assert client.post(revoke).status_code == 404
    assert snapshot() == before


def test_admin_cannot_open_users_of_another_organisation_through_own(
    client, org, admin_user, outsider
):
    """An outsider user exists, but has no role in `org`: their page is 404 there."""
    login(client, admin_user)
    assert client.get(url("member-detail", org, pk=outsider.pk)).status_code == 404
    other_membership = outsider.memberships.get()
    revoke = url("membership-revoke", org, pk=outsider.pk, mpk=other_membership.pk)
    assert client.post(revoke).status_code == 404
    assert Membership.objects.filter(pk=other_membership.pk).exists()


def test_admin_lists_users_with_roles(client, org, admin_user, editor, reader, body, outsider):
    login(client, admin_user)
    response = client.get(url("member-list", org))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("admin", "redaktor", "lasare"):
        assert name in html
    assert "utomstaende" not in html
    assert body.name in html


def test_admin_creates_a_user_with_a_role(
    client, org, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    login(client, admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("member-create", org), new_user_data())
    user = User.objects.get(email="nina@example.org")
    assert response.status_code == 302
    assert response["Location"] == url("member-list", org)
    assert user.username == "nina@example.org"
    assert not user.has_usable_password()  # the person sets it through the e-mailed link
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["nina@example.org"]
    assert "/accounts/password/set/" in mailoutbox[0].body
    assert list(user.memberships.values_list("organisation_id", "role")) == [(org.pk, "reader")]
    assert AuditEntry.objects.filter(model="accounts.user", object_id=str(user.pk)).exists()


def test_admin_creates_an_editor_for_bodies(client, org, admin_user, body):
    login(client, admin_user)
    data = new_user_data(role=Role.EDITOR, bodies=[body.pk])
    assert client.post(url("member-create", org), data).status_code == 302
    membership = Membership.objects.get(user__email="nina@example.org")
    assert list(membership.bodies.all()) == [body]


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"email": ""}, "email"),
        ({"role": "emperor"}, "role"),
        ({"role": Role.EDITOR}, "bodies"),
        ({"email": "not-an-address"}, "email"),
    ],
)
def test_rejected_user_creation_changes_nothing(client, org, admin_user, overrides, field):
    login(client, admin_user)
    before = snapshot()
    response = client.post(url("member-create", org), new_user_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert snapshot() == before


def test_editor_bodies_must_belong_to_the_organisation(client, org, admin_user, other_org):
    foreign = BodyFactory(organisation=other_org, name="Främmande nämnd")
    login(client, admin_user)
    before = snapshot()
    response = client.post(
        url("member-create", org), new_user_data(role=Role.EDITOR, bodies=[foreign.pk])
    )
    assert response.status_code == 200
    assert "bodies" in response.context["form"].errors
    assert snapshot() == before


def test_admin_grants_and_changes_a_role(client, org, admin_user, reader, body, other_body):
    login(client, admin_user)
    detail = url("member-detail", org, pk=reader.pk)
    response = client.post(detail, {"role": Role.EDITOR, "bodies": [body.pk]})
    assert response.status_code == 302
    assert sorted(reader.memberships.values_list("role", flat=True)) == ["editor", "reader"]
    client.post(detail, {"role": Role.EDITOR, "bodies": [other_body.pk]})
    editor_membership = reader.memberships.get(role=Role.EDITOR)
    assert list(editor_membership.bodies.all()) == [other_body]
    assert AuditEntry.objects.filter(model="accounts.membership").count() == 2


def test_granting_editor_without_bodies_is_rejected(client, org, admin_user, reader):
    login(client, admin_user)
    before = snapshot()
    response = client.post(url("member-detail", org, pk=reader.pk), {"role": Role.EDITOR})
    assert response.status_code == 200
    assert "bodies" in response.context["form"].errors
    assert snapshot() == before


def test_admin_revokes_a_role(client, org, admin_user, reader):
    membership = reader.memberships.get()
    login(client, admin_user)
    revoke = url("membership-revoke", org, pk=reader.pk, mpk=membership.pk)
    assert client.get(revoke).status_code == 200
    response = client.post(revoke)
    assert response.status_code == 302
    assert response["Location"] == url("member-list", org)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=reader.pk).exists()
    entry = AuditEntry.objects.get(model="accounts.membership", action="delete")
    assert entry.actor == admin_user


def test_last_admin_cannot_be_revoked(client, org, admin_user):
    membership = admin_user.memberships.get()
    login(client, admin_user)
    client.cookies["django_language"] = "en"
    response = client.post(url("membership-revoke", org, pk=admin_user.pk, mpk=membership.pk))
    assert response.status_code == 400
    assert response.context["errors"] == ["The organisation must keep at least one administrator."]
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEntry.objects.exists()


def test_an_admin_can_be_revoked_when_another_remains(client, org, admin_user):
    second = UserFactory(username="admin2", role=Role.ADMIN, organisation=org)
    membership = second.memberships.get()
    login(client, admin_user)
    response = client.post(url("membership-revoke", org, pk=second.pk, mpk=membership.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_member_list_query_count_is_constant(
    client, org, admin_user, body, django_assert_num_queries
):
    login(client, admin_user)
    client.get(url("member-list", org))
    with django_assert_num_queries(7) as ctx:
        client.get(url("member-list", org))
    for _n in range(6):
        UserFactory(role=Role.EDITOR, organisation=org, bodies=[body])
        UserFactory(role=Role.READER, organisation=org)
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = client.get(url("member-list", org))
    assert len(response.context["members"]) == 13
