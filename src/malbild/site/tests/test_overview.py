"""The organisation overview: first steps while there are no documents (with links that
depend on the role), documents, key counts and recent changes otherwise, in a fixed number
of queries; admins edit the organisation; superusers add organisations."""

import pytest
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.organisation.models import Organisation
from malbild.organisation.services import body_create
from malbild.strategy.tests.factories import DocumentFactory


def login(client, user):
    user.refresh_from_db()  # the stored password hash is part of the session
    client.force_login(user)


def overview(org):
    return reverse("organisation:overview", kwargs={"org": org.slug})


def test_empty_organisation_shows_first_steps_to_admin(client, org, admin_user):
    login(client, admin_user)
    response = client.get(overview(org))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="first-steps-heading"' in html
    assert reverse("organisation:body-create", kwargs={"org": org.slug}) in html
    assert reverse("organisation:member-create", kwargs={"org": org.slug}) in html
    assert reverse("organisation:edit", kwargs={"org": org.slug}) in html


def test_empty_organisation_first_steps_for_reader_has_no_admin_links(client, org, reader):
    login(client, reader)
    html = client.get(overview(org)).content.decode()
    assert 'id="first-steps-heading"' in html
    assert reverse("organisation:body-create", kwargs={"org": org.slug}) not in html
    assert reverse("organisation:member-create", kwargs={"org": org.slug}) not in html
    assert reverse("organisation:edit", kwargs={"org": org.slug}) not in html


def test_overview_lists_documents_counts_and_recent_changes(
    client, org, admin_user, body, access_of
):
    vision = DocumentFactory(organisation=org, title="Digital målbild – öppen och smart")
    DocumentFactory(organisation=org, title="Handlingsplan 2018–2020", parent=vision)
    ActivityFactory(document=vision, responsible_body=body)
    body_create(
        access=access_of(admin_user), data={"name": "Miljöskyddskontoret", "kind": "administration"}
    )
    login(client, admin_user)
    response = client.get(overview(org))
    html = response.content.decode()
    assert 'id="first-steps-heading"' not in html
    assert "Digital målbild – öppen och smart" in html
    counts = response.context["counts"]
    assert (counts["documents"], counts["activities"], counts["bodies"]) == (2, 1, 2)
    assert counts["members"] == 1
    assert [e.object_repr for e in response.context["recent_changes"]] == ["Miljöskyddskontoret"]


def test_overview_hides_member_count_from_non_admins(client, org, reader):
    login(client, reader)
    assert client.get(overview(org)).context["counts"]["members"] is None


def test_overview_of_other_organisation_is_404(client, org, outsider):
    login(client, outsider)
    assert client.get(overview(org)).status_code == 404


def test_unknown_organisation_is_404(client, admin_user):
    login(client, admin_user)
    assert client.get("/o/finns-inte/").status_code == 404


def test_overview_query_count_is_constant(client, org, admin_user, django_assert_num_queries):
    DocumentFactory(organisation=org)
    login(client, admin_user)
    client.get(overview(org))
    # 11, and 6 of the to-do list (periods, comments, rounds, adopted documents, overdue case
    # assignments, proposals)
    with django_assert_num_queries(17) as ctx:
        client.get(overview(org))
    for _n in range(5):
        body = BodyFactory(organisation=org)
        doc = DocumentFactory(organisation=org, owning_body=body)
        DocumentFactory(organisation=org, parent=doc)
        ActivityFactory(document=doc, responsible_body=body)
        UserFactory(role=Role.READER, organisation=org)
    with django_assert_num_queries(len(ctx.captured_queries)):
        response = client.get(overview(org))
    assert response.context["counts"]["documents"] == 11


# Editing the organisation ------------------------------------------------------------------


def edit_url(org):
    return reverse("organisation:edit", kwargs={"org": org.slug})


def test_admin_edits_the_organisation(client, org, admin_user):
    login(client, admin_user)
    assert client.get(edit_url(org)).status_code == 200
    response = client.post(
        edit_url(org), {"name": "Alingsås kommun", "kolada_id": "1489", "population": "42500"}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.population == 42500
    entry = AuditEntry.objects.get(model="organisation.organisation", action="update")
    assert entry.changes == {"population": [40000, 42500]}


@pytest.mark.parametrize(
    "data,field",
    [
        ({"name": "", "kolada_id": "1489"}, "name"),
        ({"name": "Alingsås", "kolada_id": "14"}, "kolada_id"),
        ({"name": "Alingsås", "kolada_id": "1489", "population": "-5"}, "population"),
    ],
)
def test_rejected_organisation_edit_changes_nothing(client, org, admin_user, data, field):
    login(client, admin_user)
    response = client.post(edit_url(org), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    fresh = Organisation.objects.get(pk=org.pk)
    assert (fresh.name, fresh.kolada_id, fresh.population) == ("Alingsås kommun", "1489", 40000)
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("role_user", ["strategist", "editor", "reader"])
def test_only_admins_edit_the_organisation(client, org, role_user, request):
    login(client, request.getfixturevalue(role_user))
    assert client.get(edit_url(org)).status_code == 403
    response = client.post(edit_url(org), {"name": "Annat namn", "kolada_id": "1489"})
    assert response.status_code == 403
    assert Organisation.objects.get(pk=org.pk).name == "Alingsås kommun"


def test_other_organisation_cannot_edit(client, org, outsider):
    login(client, outsider)
    assert client.post(edit_url(org), {"name": "Kapad", "kolada_id": "1489"}).status_code == 404
    assert Organisation.objects.get(pk=org.pk).name == "Alingsås kommun"


# Adding organisations (superusers) ---------------------------------------------------------


def create_url():
    return reverse("web:organisation-create")


def test_superuser_adds_an_organisation(client, db):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    login(client, root)
    assert client.get(create_url()).status_code == 200
    response = client.post(
        create_url(),
        {
            "name": "Västerviks kommun",
            "slug": "vastervik",
            "kolada_id": "0883",
            "population": "36000",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/vastervik/"
    org = Organisation.objects.get(slug="vastervik")
    assert AuditEntry.objects.get(model="organisation.organisation").organisation == org
    assert client.get("/o/vastervik/").status_code == 200


def test_duplicate_slug_is_rejected(client, org):
    root = UserFactory(username="root", is_superuser=True)
    login(client, root)
    response = client.post(create_url(), {"name": "Annan", "slug": org.slug})
    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert Organisation.objects.count() == 1


def test_admin_of_an_organisation_may_not_add_organisations(client, org, admin_user):
    login(client, admin_user)
    assert client.get(create_url()).status_code == 403
    assert client.post(create_url(), {"name": "Ny", "slug": "ny"}).status_code == 403
    assert not Organisation.objects.filter(slug="ny").exists()
