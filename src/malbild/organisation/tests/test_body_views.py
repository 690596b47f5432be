"""Bodies: the tree page and detail with history for every reader of the organisation;
create, edit and delete for admins only (other roles 403, other organisations 404);
rejected forms and refused deletions change nothing; fixed query counts."""

import pytest
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.organisation.constants import BodyKind
from malbild.organisation.models import Body


def login(client, user):
    user.refresh_from_db()  # the stored password hash is part of the session
    client.force_login(user)


def url(name, org, **kwargs):
    return reverse(f"organisation:{name}", kwargs={"org": org.slug, **kwargs})


def state():
    return (
        sorted(Body.objects.values_list("pk", "name", "kind", "parent_id", "short_name")),
        AuditEntry.objects.count(),
    )


NEW_BODY = {"name": "Kultur- och fritidsförvaltningen", "kind": BodyKind.ADMINISTRATION}


@pytest.mark.parametrize("role_user", ["admin_user", "strategist", "editor", "reader"])
def test_every_role_reads_tree_and_detail(client, org, body, role_user, request):
    child = BodyFactory(organisation=org, name="Kultur- och fritidsförvaltningen", parent=body)
    login(client, request.getfixturevalue(role_user))
    response = client.get(url("body-list", org))
    assert response.status_code == 200
    assert [(b.name, depth) for b, depth in response.context["tree"]] == [
        (body.name, 0),
        (child.name, 1),
    ]
    detail = client.get(url("body-detail", org, pk=body.pk))
    assert detail.status_code == 200
    assert child.name in detail.content.decode()


@pytest.mark.parametrize("role_user", ["strategist", "editor", "reader"])
def test_non_admins_may_not_change_bodies(client, org, body, role_user, request):
    login(client, request.getfixturevalue(role_user))
    before = state()
    assert client.get(url("body-create", org)).status_code == 403
    assert client.post(url("body-create", org), NEW_BODY).status_code == 403
    assert client.get(url("body-update", org, pk=body.pk)).status_code == 403
    assert client.post(url("body-update", org, pk=body.pk), NEW_BODY).status_code == 403
    assert client.post(url("body-delete", org, pk=body.pk)).status_code == 403
    assert state() == before
    html = client.get(url("body-list", org)).content.decode()
    assert url("body-create", org) not in html


def test_other_organisation_gets_404(client, org, body, outsider):
    login(client, outsider)
    before = state()
    assert client.get(url("body-list", org)).status_code == 404
    assert client.get(url("body-detail", org, pk=body.pk)).status_code == 404
    assert client.post(url("body-create", org), NEW_BODY).status_code == 404
    assert client.post(url("body-update", org, pk=body.pk), NEW_BODY).status_code == 404
    assert client.post(url("body-delete", org, pk=body.pk)).status_code == 404
    assert state() == before


def test_body_of_another_organisation_is_404_inside_own(client, org, admin_user, other_org):
    foreign = BodyFactory(organisation=other_org, name="C4 Teknik")
    login(client, admin_user)
    assert client.get(url("body-detail", org, pk=foreign.pk)).status_code == 404
    assert client.post(url("body-delete", org, pk=foreign.pk)).status_code == 404
    assert Body.objects.filter(pk=foreign.pk).exists()


def test_admin_creates_a_body_under_a_parent(client, org, admin_user, body):
    login(client, admin_user)
    assert client.get(url("body-create", org) + f"?parent={body.pk}").status_code == 200
    response = client.post(url("body-create", org), {**NEW_BODY, "parent": body.pk})
    created = Body.objects.get(name=NEW_BODY["name"])
    assert response.status_code == 302
    assert response["Location"] == url("body-detail", org, pk=created.uid)
    assert (created.organisation, created.parent) == (org, body)
    assert created.created_by == admin_user
    entry = AuditEntry.objects.get(model="organisation.body", object_id=str(created.pk))
    assert entry.action == "create"


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name": "", "kind": BodyKind.COMMITTEE}, "name"),
        ({"name": "Kultur- och fritidsnämnden", "kind": BodyKind.COMMITTEE}, "name"),
        ({"name": "Ny nämnd", "kind": "parliament"}, "kind"),
        ({"name": "Ny nämnd", "kind": BodyKind.COMMITTEE, "email": "nope"}, "email"),
    ],
)
def test_rejected_body_form_changes_nothing(client, org, admin_user, body, data, field):
    login(client, admin_user)
    before = state()
    response = client.post(url("body-create", org), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert state() == before


def test_parent_from_another_organisation_is_rejected(client, org, admin_user, other_org):
    foreign = BodyFactory(organisation=other_org, name="Främmande")
    login(client, admin_user)
    before = state()
    response = client.post(url("body-create", org), {**NEW_BODY, "parent": foreign.pk})
    assert "parent" in response.context["form"].errors
    assert state() == before


def test_admin_edits_a_body_and_history_shows_it(client, org, admin_user, body):
    login(client, admin_user)
    response = client.post(
        url("body-update", org, pk=body.pk),
        {"name": body.name, "short_name": "KFN2", "kind": BodyKind.COMMITTEE},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.short_name == "KFN2"
    entry = AuditEntry.objects.get(model="organisation.body", action="update")
    assert entry.changes["short_name"] == ["KFN", "KFN2"]
    detail = client.get(url("body-detail", org, pk=body.pk))
    assert list(detail.context["history"])[0] == entry
    assert "KFN2" in detail.content.decode()


def test_a_loop_in_the_tree_is_rejected(client, org, admin_user, body):
    child = BodyFactory(organisation=org, name="Förvaltningen", parent=body)
    login(client, admin_user)
    before = state()
    response = client.post(
        url("body-update", org, pk=body.pk),
        {"name": body.name, "kind": BodyKind.COMMITTEE, "parent": child.pk},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert state() == before


def test_admin_deletes_a_body(client, org, admin_user, body):
    login(client, admin_user)
    assert client.get(url("body-delete", org, pk=body.pk)).status_code == 200
    response = client.post(url("body-delete", org, pk=body.pk))
    assert response.status_code == 302
    assert not Body.objects.filter(pk=body.pk).exists()
    assert AuditEntry.objects.get(model="organisation.body", action="delete").actor == admin_user


def test_a_body_in_use_is_not_deleted(client, org, admin_user, body):
    ActivityFactory(document__organisation=org, responsible_body=body, title="E-arkiv")
    login(client, admin_user)
    before = state()
    response = client.post(url("body-delete", org, pk=body.pk))
    assert response.status_code == 200
    assert "E-arkiv" in " ".join(response.context["form"].non_field_errors())
    assert state() == before


def test_body_pages_query_count_is_constant(
    client, org, admin_user, body, django_assert_num_queries
):
    body.parent = BodyFactory(organisation=org, name="Kommunstyrelsen")
    body.save()
    login(client, admin_user)
    client.get(url("body-list", org))
    with django_assert_num_queries(5) as list_ctx:
        client.get(url("body-list", org))
    with django_assert_num_queries(7) as detail_ctx:
        client.get(url("body-detail", org, pk=body.pk))
    for n in range(8):
        parent = BodyFactory(organisation=org, name=f"Nämnd {n}")
        BodyFactory(organisation=org, name=f"Förvaltning {n}", parent=parent)
        BodyFactory(organisation=org, name=f"Enhet {n}", parent=body)
    with django_assert_num_queries(len(list_ctx.captured_queries)):
        response = client.get(url("body-list", org))
    assert len(response.context["tree"]) == 26
    with django_assert_num_queries(len(detail_ctx.captured_queries)):
        client.get(url("body-detail", org, pk=body.pk))
