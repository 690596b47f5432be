"""The start page: anonymous visitors get a welcome and a login link; logged-in users see
their organisations (only theirs) with each organisation's documents, in a number of SQL
queries that does not grow with organisations or documents."""

from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.accounts.models import Membership
from malbild.core.tests.factories import OrganisationFactory, UserFactory
from malbild.strategy.tests.factories import DocumentFactory


def login(client, user):
    user.refresh_from_db()  # the stored password hash is part of the session
    client.force_login(user)


def test_anonymous_start_page_welcomes_and_links_to_login(client, db):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert f'href="{reverse("accounts:login")}"' in html
    assert response.context["organisations"] == []


def test_start_page_lists_own_organisations_and_documents(client, org, reader, other_org):
    vision = DocumentFactory(organisation=org, title="Digital målbild – öppen och smart")
    DocumentFactory(organisation=org, title="Handlingsplan 2018–2020", parent=vision)
    DocumentFactory(organisation=other_org, title="Kristianstad e-kommun 2020")
    login(client, reader)
    response = client.get("/")
    html = response.content.decode()
    assert [o.slug for o in response.context["organisations"]] == ["alingsas"]
    documents = response.context["organisations"][0].documents
    assert [d.title for d in documents] == [
        "Digital målbild – öppen och smart",
        "Handlingsplan 2018–2020",
    ]
    assert "Kristianstad e-kommun 2020" not in html
    assert reverse("organisation:overview", kwargs={"org": "alingsas"}) in html


def test_user_without_roles_is_told_so(client, db):
    user = UserFactory(username="ny")
    login(client, user)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["organisations"] == []
    assert reverse("web:organisation-create") not in response.content.decode()


def test_superuser_sees_every_organisation_and_may_add_one(client, org, other_org):
    root = UserFactory(username="root", is_superuser=True)
    login(client, root)
    response = client.get("/")
    assert [o.slug for o in response.context["organisations"]] == ["alingsas", "kristianstad"]
    assert reverse("web:organisation-create") in response.content.decode()


def test_start_page_query_count_is_constant(client, org, admin_user, django_assert_num_queries):
    DocumentFactory(organisation=org)
    login(client, admin_user)
    client.get("/")
    # session, user, organisations with documents (2), respondent memberships; for the one
    # organisation the access and the to-do list (periods, comments, rounds, adopted
    # documents, overdue case assignments, proposals)
    with django_assert_num_queries(12):
        client.get("/")
    for _n in range(4):
        extra = OrganisationFactory()
        Membership.objects.create(user=admin_user, organisation=extra, role=Role.READER)
        for _ in range(3):
            DocumentFactory(organisation=extra)
        DocumentFactory(organisation=org)
    # With several organisations the to-do list is on each organisation's overview instead.
    with django_assert_num_queries(5):
        response = client.get("/")
    assert len(response.context["organisations"]) == 5
    assert sum(len(o.documents) for o in response.context["organisations"]) == 17


def test_start_page_is_swedish_by_default_and_english_on_request(client, db):
    assert "Välkommen till Målbild" in client.get("/").content.decode()
    html = client.get("/", headers={"cookie": "django_language=en"}).content.decode()
    assert "Welcome to Målbild" in html


def test_respondent_only_role_does_not_list_documents(client, org, body):
    DocumentFactory(organisation=org, title="Utkast")
    user = UserFactory(username="remiss", role=Role.RESPONDENT, organisation=org, bodies=[body])
    login(client, user)
    response = client.get("/")
    assert response.context["organisations"] == []
    assert "Utkast" not in response.content.decode()


def test_a_respondent_is_led_to_the_consultations_to_answer(client, org, body):
    """A respondent-only role opens no documents; the start page and the profile link to the
    consultations instead of an organisation page that would answer 404."""
    respondent = UserFactory(
        username="remiss", role=Role.RESPONDENT, organisation=org, bodies=[body]
    )
    login(client, respondent)
    consultations = reverse("consultation:round-list", kwargs={"org": org.slug})
    overview = reverse("organisation:overview", kwargs={"org": org.slug})
    for page in ("/", reverse("accounts:profile")):
        html = client.get(page).content.decode()
        assert f'href="{consultations}"' in html and f'href="{overview}"' not in html, page
    html = client.get(consultations).content.decode()
    assert client.get(overview).status_code == 404
    assert f'href="{overview}"' not in html
