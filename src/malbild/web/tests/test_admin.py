"""The Django admin for operators: every registered model's list and (where allowed) add
page opens for a superuser, is closed to ordinary users, and operator edits are audited
without secrets such as password hashes; the audit log and versions are read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from malbild.accounts.models import User
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import UserFactory
from malbild.organisation.models import Organisation
from malbild.strategy.tests.factories import DocumentFactory


@pytest.fixture
def operator(db):
    user = UserFactory(username="drift", is_superuser=True, is_staff=True)
    user.refresh_from_db()
    return user


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_every_admin_page_opens_for_operators(client, operator, org, model):
    DocumentFactory(organisation=org)
    client.force_login(operator)
    assert client.get(admin_url(model, "changelist")).status_code == 200
    model_admin = admin.site._registry[model]
    add = client.get(admin_url(model, "add"))
    assert add.status_code == (200 if model_admin.has_add_permission(_request(operator)) else 403)


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return request


def test_admin_is_closed_to_ordinary_users(client, admin_user):
    admin_user.refresh_from_db()
    client.force_login(admin_user)
    response = client.get(admin_url(Organisation, "changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_operator_edit_is_audited(client, operator, org):
    client.force_login(operator)
    response = client.post(
        admin_url(Organisation, "change", org.pk),
        {"name": "Alingsås kommun", "slug": "alingsas", "kolada_id": "1489", "population": "43000"},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(model="organisation.organisation")
    assert entry.changes == {"population": [40000, 43000]}
    assert entry.actor == operator


def test_user_audit_in_admin_leaves_out_the_password_hash(client, operator):
    client.force_login(operator)
    response = client.post(
        admin_url(User, "add"),
        {
            "username": "ny",
            "usable_password": "true",
            "password1": "Ett-bra-losen-2026",
            "password2": "Ett-bra-losen-2026",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ny")
    entry = AuditEntry.objects.get(model="accounts.user", object_id=str(user.pk))
    assert "password" not in entry.changes
    assert user.password not in str(entry.changes)


def test_audit_log_is_read_only_in_admin(client, operator, org):
    client.force_login(operator)
    client.post(
        admin_url(Organisation, "change", org.pk),
        {"name": "Alingsås", "slug": "alingsas", "kolada_id": "1489", "population": "1"},
    )
    entry = AuditEntry.objects.get()
    assert client.get(admin_url(AuditEntry, "add")).status_code == 403
    assert (
        client.post(admin_url(AuditEntry, "delete", entry.pk), {"post": "yes"}).status_code == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_inline_rows_are_audited(client, operator, org):
    target = UserFactory(username="inline")
    target.refresh_from_db()
    client.force_login(operator)
    response = client.post(
        admin_url(User, "change", target.pk),
        {
            "username": "inline",
            "email": "inline@example.org",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-organisation": org.pk,
            "memberships-0-role": "reader",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    membership = target.memberships.get()
    entry = AuditEntry.objects.get(model="accounts.membership")
    assert (entry.object_id, entry.action, entry.organisation) == (
        str(membership.pk),
        "create",
        org,
    )
