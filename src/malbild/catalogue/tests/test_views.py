"""The catalogue pages: the list of IT systems and e-services filtered by kind (fixed number of
queries at any size), an item's page with owner, manager, owning body, usage measure, linked
activities and indicators and history, and create/edit/delete for strategists and admins only
(readers and editors get no controls and 403). Invalid input shows a field error and changes
nothing; another organisation's items answer 404."""

import pytest
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory
from malbild.catalogue.models import CatalogueItem
from malbild.catalogue.tests.factories import CatalogueItemFactory
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.tests.factories import DocumentFactory, IndicatorFactory


def login(client, user):
    # Reload so the session hash matches the stored password (the factory sets it after save).
    user.refresh_from_db()
    client.force_login(user)


def url(name, org, **kwargs):
    return reverse(f"catalogue:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def koha(org, body):
    return CatalogueItemFactory(
        organisation=org,
        name="Koha",
        owning_body=body,
        system_owner="Bibliotekschef",
        system_manager="Systemförvaltare bibliotek",
    )


@pytest.fixture
def elan(org, body):
    return CatalogueItemFactory(
        organisation=org,
        eservice=True,
        name="E-lån",
        owning_body=body,
        usage_measure="Andel lån som görs digitalt",
    )


def names(response):
    return [i.name for i in response.context["items"]]


def test_list_filters_by_kind(client, org, reader, koha, elan):
    login(client, reader)
    assert names(client.get(url("item-list", org))) == ["E-lån", "Koha"]
    assert names(client.get(url("item-list", org), {"kind": "e_service"})) == ["E-lån"]
    assert names(client.get(url("item-list", org), {"kind": "it_system"})) == ["Koha"]
    response = client.get(url("item-list", org), {"kind": "mainframe"})
    assert "kind" in response.context["filter_form"].errors
    assert names(response) == ["E-lån", "Koha"]


def test_list_shows_owner_manager_and_usage(client, org, reader, koha, elan):
    login(client, reader)
    html = client.get(url("item-list", org)).content.decode()
    for text in ("Bibliotekschef", "Systemförvaltare bibliotek", "Andel lån som görs digitalt"):
        assert text in html


def test_list_excludes_other_organisations(client, org, other_org, reader, koha):
    CatalogueItemFactory(organisation=other_org, name="Främmande system")
    login(client, reader)
    assert names(client.get(url("item-list", org))) == ["Koha"]


def test_detail_shows_links_and_history(client, org, strategist, koha, body):
    doc = DocumentFactory(organisation=org)
    activity = ActivityFactory(document=doc, responsible_body=body, title="Byte till Koha")
    activity.catalogue_items.add(koha)
    IndicatorFactory(document=doc, name="Antal utlån i Koha", eservice=koha)
    login(client, strategist)
    client.post(
        url("item-update", org, pk=koha.pk),
        {"kind": "it_system", "name": "Koha", "system_owner": "Kulturchef"},
    )
    html = client.get(url("item-detail", org, pk=koha.pk)).content.decode()
    assert "Byte till Koha" in html
    assert (
        reverse("actionplan:activity-detail", kwargs={"org": org.slug, "pk": activity.pk}) in html
    )
    assert "Antal utlån i Koha" in html
    assert "Kulturchef" in html and "Bibliotekschef" in html  # history before → after


@pytest.mark.parametrize("user_fixture", ["reader", "editor"])
def test_readers_and_editors_cannot_change_the_catalogue(client, request, org, koha, user_fixture):
    user = request.getfixturevalue(user_fixture)
    login(client, user)
    assert url("item-create", org) not in client.get(url("item-list", org)).content.decode()
    detail = client.get(url("item-detail", org, pk=koha.pk)).content.decode()
    assert url("item-update", org, pk=koha.pk) not in detail
    data = {"kind": "it_system", "name": "Nytt"}
    for target in (
        url("item-create", org),
        url("item-update", org, pk=koha.pk),
        url("item-delete", org, pk=koha.pk),
    ):
        assert client.get(target).status_code == 403
        assert client.post(target, data).status_code == 403
    assert list(CatalogueItem.objects.values_list("name", flat=True)) == ["Koha"]


@pytest.mark.parametrize("user_fixture", ["strategist", "admin_user"])
def test_strategists_and_admins_create_edit_and_delete(client, request, org, body, user_fixture):
    login(client, request.getfixturevalue(user_fixture))
    assert (
        client.get(url("item-create", org), {"kind": "e_service"}).context["form"].initial["kind"]
        == "e_service"
    )
    response = client.post(
        url("item-create", org),
        {
            "kind": "e_service",
            "name": "Bokning av lokaler",
            "owning_body": body.pk,
            "usage_measure": "Andel bokningar via e-tjänsten",
            "url": "https://boka.example.org/",
        },
    )
    item = CatalogueItem.objects.get()
    assert response["Location"] == url("item-detail", org, pk=item.pk)
    assert (item.organisation, item.owning_body, item.kind) == (org, body, "e_service")

    response = client.post(
        url("item-update", org, pk=item.pk),
        {"kind": "e_service", "name": "Lokalbokning", "owning_body": body.pk},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "Lokalbokning"
    update = AuditEntry.objects.get(model="catalogue.catalogueitem", action="update")
    assert update.changes["name"] == ["Bokning av lokaler", "Lokalbokning"]

    response = client.post(url("item-delete", org, pk=item.pk))
    assert response["Location"] == url("item-list", org)
    assert not CatalogueItem.objects.exists()
    assert AuditEntry.objects.filter(model="catalogue.catalogueitem", action="delete").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "it_system", "name": ""}, "name"),
        ({"kind": "robot", "name": "X"}, "kind"),
        ({"kind": "it_system", "name": "X", "url": "inte en adress"}, "url"),
        ({"kind": "it_system", "name": "koha"}, "name"),  # already in the catalogue
    ],
)
def test_invalid_input_shows_field_error_and_changes_nothing(
    client, org, strategist, koha, data, field
):
    login(client, strategist)
    response = client.post(url("item-create", org), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert CatalogueItem.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_owning_body_of_another_organisation_is_refused(client, org, other_org, strategist):
    foreign_body = BodyFactory(organisation=other_org)
    login(client, strategist)
    response = client.post(
        url("item-create", org), {"kind": "it_system", "name": "X", "owning_body": foreign_body.pk}
    )
    assert "owning_body" in response.context["form"].errors
    assert not CatalogueItem.objects.exists()


def test_same_name_is_allowed_for_the_other_kind(client, org, strategist, koha):
    login(client, strategist)
    response = client.post(url("item-create", org), {"kind": "e_service", "name": "Koha"})
    assert response.status_code == 302
    assert CatalogueItem.objects.count() == 2


@pytest.mark.parametrize("name", ["item-detail", "item-update", "item-delete"])
def test_item_of_another_organisation_is_404(client, org, other_org, strategist, name):
    foreign = CatalogueItemFactory(organisation=other_org)
    login(client, strategist)
    assert client.get(url(name, org, pk=foreign.pk)).status_code == 404
    assert client.get(url(name, other_org, pk=foreign.pk)).status_code == 404
    if name != "item-detail":
        assert client.post(url(name, org, pk=foreign.pk), {"name": "x"}).status_code == 404
    assert CatalogueItem.objects.filter(pk=foreign.pk, name=foreign.name).exists()


def _populate(org, body, n):
    for i in range(n):
        CatalogueItemFactory(organisation=org, owning_body=body, eservice=bool(i % 2))


# Session, user, organisation, membership, count, page.
LIST_QUERIES = 6


@pytest.mark.parametrize("size", [2, 15])
def test_list_query_count_does_not_grow(client, org, body, reader, django_assert_num_queries, size):
    _populate(org, body, size)
    login(client, reader)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url("item-list", org))
    assert len(response.context["items"]) == size


@pytest.mark.parametrize("size", [1, 6])
def test_detail_query_count_does_not_grow(
    client, org, body, reader, koha, django_assert_num_queries, size
):
    doc = DocumentFactory(organisation=org)
    for _ in range(size):
        ActivityFactory(document=doc, responsible_body=body).catalogue_items.add(koha)
        IndicatorFactory(document=doc, eservice=koha, responsible_body=body)
    login(client, reader)
    # Session, user, organisation, membership, item, activities, indicators, history.
    with django_assert_num_queries(8):
        response = client.get(url("item-detail", org, pk=koha.pk))
    assert len(response.context["item"].activities.all()) == size


def test_swedish_by_default_english_on_request(client, org, reader, koha):
    login(client, reader)
    swedish = client.get(url("item-list", org)).content.decode()
    assert "Katalog över IT-system och e-tjänster" in swedish and "IT-system" in swedish
    client.cookies["django_language"] = "en"
    english = client.get(url("item-list", org)).content.decode()
    assert "Catalogue of IT systems and e-services" in english
