"""The activity list page: filters in a plain GET form (document, responsible or co-responsible
body, status, year, focus area, free text), sorting by column headers with aria-sort,
pagination, status shown as text, tenant isolation, and a fixed number of SQL queries whatever
the number of activities."""

import pytest
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory


def login(client, user):
    # Reload so the session hash matches the stored password (the factory sets it after save).
    user.refresh_from_db()
    client.force_login(user)


def list_url(org):
    return reverse("actionplan:activity-list", kwargs={"org": org.slug})


def titles(response):
    return [a.title for a in response.context["activities"]]


@pytest.fixture
def plan(org, body, other_body):
    """Two documents, two focus areas and four activities with different facts."""
    doc = DocumentFactory(organisation=org, title="Handlingsplan 2018–2020")
    sub = DocumentFactory(organisation=org, title="Kulturnämndens plan")
    fa1 = FocusAreaFactory(document=doc, number="5.1", title="Digital service")
    fa2 = FocusAreaFactory(document=doc, number="5.2", title="Öppna data")
    a = ActivityFactory(
        document=doc,
        responsible_body=body,
        number="1",
        title="E-arkiv",
        description="Ett gemensamt e-arkiv.",
        status="ongoing",
        start_year=2018,
        end_year=2019,
    )
    a.focus_areas.add(fa1)
    b = ActivityFactory(
        document=doc,
        responsible_body=other_body,
        number="2",
        title="Bokningssystem",
        status="planned",
        start_year=2020,
        end_year=2020,
    )
    b.focus_areas.add(fa2)
    b.co_responsible_bodies.add(body)
    c = ActivityFactory(
        document=sub,
        responsible_body=other_body,
        number="3",
        title="Koha biblioteksdatasystem",
        status="done",
        start_year=2017,
        end_year=2017,
    )
    d = ActivityFactory(
        document=sub,
        responsible_body=body,
        number="4",
        title="Digitalt museum",
        status="postponed",
        start_year=None,
        end_year=None,
    )
    BudgetLineFactory(activity=a, amount=500000)
    BudgetLineFactory(activity=a, amount=250000, year=2019, kind="investment")
    BudgetLineFactory(activity=b, amount=100000)
    BudgetLineFactory(activity=c, amount=900000)
    return {"doc": doc, "sub": sub, "fa1": fa1, "fa2": fa2, "a": a, "b": b, "c": c, "d": d}


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(list_url(org))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_other_organisation_gets_404(client, org, outsider, plan):
    login(client, outsider)
    assert client.get(list_url(org)).status_code == 404


def test_lists_every_activity_with_status_text_body_years_and_budget(client, org, reader, plan):
    login(client, reader)
    response = client.get(list_url(org))
    assert response.status_code == 200
    assert titles(response) == [
        "E-arkiv",
        "Bokningssystem",
        "Koha biblioteksdatasystem",
        "Digitalt museum",
    ]
    html = response.content.decode()
    # Status as words, not only a colour class.
    assert 'class="status status--ongoing">' in html
    assert ">Pågår<" in html or ">Ongoing<" in html
    assert "2018–2019" in html
    assert "750\u00a0000\u00a0kr" in html
    assert "Miljöskyddsnämnden" in html
    assert "5.1 Digital service" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "done"}, ["Koha biblioteksdatasystem"]),
        ({"year": "2020"}, ["Bokningssystem", "Digitalt museum"]),
        ({"q": "arkiv"}, ["E-arkiv"]),
        ({"q": "gemensamt"}, ["E-arkiv"]),
    ],
)
def test_simple_filters(client, org, reader, plan, params, expected):
    login(client, reader)
    assert titles(client.get(list_url(org), params)) == expected


def test_filter_by_document_and_focus_area(client, org, reader, plan):
    login(client, reader)
    response = client.get(list_url(org), {"document": plan["sub"].pk})
    assert titles(response) == ["Koha biblioteksdatasystem", "Digitalt museum"]
    response = client.get(list_url(org), {"focus_area": plan["fa2"].pk})
    assert titles(response) == ["Bokningssystem"]


def test_body_filter_matches_responsible_and_co_responsible(client, org, reader, body, plan):
    login(client, reader)
    response = client.get(list_url(org), {"body": body.pk})
    assert titles(response) == ["E-arkiv", "Bokningssystem", "Digitalt museum"]


def test_filters_combine(client, org, reader, body, plan):
    login(client, reader)
    response = client.get(list_url(org), {"body": body.pk, "status": "planned", "year": 2020})
    assert titles(response) == ["Bokningssystem"]


def test_invalid_filter_values_show_an_error_and_are_ignored(client, org, reader, plan):
    login(client, reader)
    response = client.get(list_url(org), {"year": "abc", "status": "bogus", "q": "arkiv"})
    assert response.status_code == 200
    form = response.context["filter_form"]
    assert "year" in form.errors and "status" in form.errors
    assert titles(response) == ["E-arkiv"]


def test_another_organisations_ids_are_not_choices(client, org, other_org, reader, plan):
    foreign_body = BodyFactory(organisation=other_org)
    login(client, reader)
    response = client.get(list_url(org), {"body": foreign_body.pk})
    assert "body" in response.context["filter_form"].errors
    assert foreign_body.name not in response.content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["Bokningssystem", "Digitalt museum", "E-arkiv", "Koha biblioteksdatasystem"]),
        ("-title", ["Koha biblioteksdatasystem", "E-arkiv", "Digitalt museum", "Bokningssystem"]),
        ("-budget", ["Koha biblioteksdatasystem", "E-arkiv", "Bokningssystem"]),
        ("-number", ["Digitalt museum", "Koha biblioteksdatasystem", "Bokningssystem", "E-arkiv"]),
        ("start_year", ["Koha biblioteksdatasystem", "E-arkiv", "Bokningssystem"]),
    ],
)
def test_sorting(client, org, reader, plan, sort, expected):
    login(client, reader)
    got = titles(client.get(list_url(org), {"sort": sort}))
    # NULLs (no budget, no start year) sort first or last depending on the database.
    assert [t for t in got if t in expected] == expected


def test_sort_headers_carry_aria_sort_and_keep_filters(client, org, reader, plan):
    login(client, reader)
    html = client.get(list_url(org), {"sort": "title", "status": "planned"}).content.decode()
    assert 'aria-sort="ascending"' in html
    assert "sort=-title" in html and "status=planned" in html
    html = client.get(list_url(org), {"sort": "-title"}).content.decode()
    assert 'aria-sort="descending"' in html
    assert html.count("aria-sort=") == 1


def test_pagination(client, org, reader, body, settings):
    settings.MALBILD_PAGE_SIZE = 3
    doc = DocumentFactory(organisation=org)
    for n in range(7):
        ActivityFactory(document=doc, responsible_body=body, number=f"{n:02d}")
    login(client, reader)
    first = client.get(list_url(org))
    assert len(first.context["activities"]) == 3
    assert first.context["page_obj"].paginator.num_pages == 3
    assert 'rel="next"' in first.content.decode()
    last = client.get(list_url(org), {"page": 3})
    assert [a.number for a in last.context["activities"]] == ["06"]


def test_reader_sees_no_add_button_editor_does(client, org, reader, editor, plan):
    add = reverse("actionplan:activity-create", kwargs={"org": org.slug})
    login(client, reader)
    assert add not in client.get(list_url(org)).content.decode()
    login(client, editor)
    assert add in client.get(list_url(org)).content.decode()


def _populate(org, body, other_body, n):
    doc = DocumentFactory(organisation=org)
    fas = [FocusAreaFactory(document=doc) for _ in range(2)]
    for i in range(n):
        activity = ActivityFactory(document=doc, responsible_body=body)
        activity.focus_areas.set(fas)
        activity.co_responsible_bodies.add(other_body)
        BudgetLineFactory(activity=activity, amount=1000 + i)
        BudgetLineFactory(activity=activity, amount=2000, kind="investment")


# Session, user, organisation, membership, count, filter choices (documents, bodies, focus
# areas), page, two prefetches (focus areas, co-responsible bodies).
LIST_QUERIES = 11


@pytest.mark.parametrize("size", [2, 12])
def test_query_count_does_not_grow(
    client, org, body, other_body, strategist, django_assert_num_queries, size
):
    _populate(org, body, other_body, size)
    login(client, strategist)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(list_url(org))
    assert len(response.context["activities"]) == size


@pytest.mark.parametrize("size", [2, 12])
def test_query_count_with_filters_does_not_grow(
    client, org, body, other_body, strategist, django_assert_num_queries, size
):
    _populate(org, body, other_body, size)
    login(client, strategist)
    params = {"body": other_body.pk, "year": 2018, "q": "Åtgärd", "sort": "-budget"}
    # One more: the chosen body is looked up to validate the filter.
    with django_assert_num_queries(LIST_QUERIES + 1):
        response = client.get(list_url(org), params)
    assert len(response.context["activities"]) == size


def test_swedish_by_default_english_on_request(client, org, reader, plan):
    login(client, reader)
    swedish = client.get(list_url(org)).content.decode()
    assert "<h1>Åtgärder</h1>" in swedish and ">Pågår<" in swedish
    client.cookies["django_language"] = "en"
    english = client.get(list_url(org)).content.decode()
    assert "<h1>Activities</h1>" in english and ">Ongoing<" in english
