"""The personal to-do list (docs/guide/todo.md): per role what waits (an editor their bodies'
contributions, returned ones first; a respondent their bodies' responses; a strategist or
admin reviews, dispositions, rounds and periods past their deadline and decisions to
register; a reader nothing), sorted overdue first then by deadline, "försenad" in words,
each link answering 200 to that user; the start page, the overview and the API show the
same list; another organisation sees none; a fixed number of queries at two data sizes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from malbild.accounts.constants import Role
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.cases.tests.factories import (
    AssignmentFactory,
    CaseDecisionFactory,
    CaseFactory,
    ProposalFactory,
)
from malbild.consultation.constants import RoundStatus
from malbild.consultation.tests.factories import (
    CommentFactory,
    ConsulteeFactory,
    ResponseFactory,
    RoundFactory,
    VersionFactory,
)
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.followup.tests.factories import (
    ActivityReportFactory,
    IndicatorValueFactory,
    PeriodFactory,
)
from malbild.site.todo import todo_list
from malbild.strategy.tests.factories import DecisionFactory, DocumentFactory, IndicatorFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def login(client, user):
    user.refresh_from_db()
    client.force_login(user)


def build(org, body, respondent_body, *, n=1):
    """A world with something to do for every role; `n` scales every kind of item."""
    plan = DocumentFactory(organisation=org, title="Handlingsplan")
    late = PeriodFactory(document=plan, label="2019", deadline=TODAY - 10 * DAY)
    later_plan = DocumentFactory(organisation=org, title="Nämndplan")
    year = TODAY.year
    soon = PeriodFactory(
        document=later_plan,
        label=f"T1 {year}",
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        deadline=TODAY + 20 * DAY,
    )
    for i in range(n):
        returned = ActivityFactory(document=plan, responsible_body=body, title=f"Bibliotek {i}")
        ActivityReportFactory(
            period=late, activity=returned, state="returned", review_comment="Ange utfall"
        )
        drafted = ActivityFactory(document=plan, responsible_body=body, title=f"E-tjänst {i}")
        ActivityReportFactory(period=late, activity=drafted, state="draft")
        ActivityFactory(document=plan, responsible_body=body, title=f"Arkiv {i}")  # missing
        done = ActivityFactory(document=plan, responsible_body=body, title=f"Klar {i}")
        ActivityReportFactory(period=late, activity=done, state="submitted")
        ActivityFactory(document=plan, responsible_body=BodyFactory(organisation=org))  # not ours
        ActivityFactory(document=later_plan, responsible_body=body, end_year=None)  # soon
        indicator = IndicatorFactory(document=plan, responsible_body=body, name=f"Andel {i}")
        IndicatorValueFactory(period=late, indicator=indicator, state="approved")
        IndicatorFactory(document=plan, responsible_body=body, name=f"Antal {i}")  # missing
        # Consultation: an open round past its deadline, one not yet due.
        overdue = RoundFactory(
            version=VersionFactory(document=DocumentFactory(organisation=org)),
            deadline=TODAY - 3 * DAY,
        )
        ConsulteeFactory(round=overdue, body=respondent_body)
        coming = RoundFactory(
            version=VersionFactory(document=DocumentFactory(organisation=org)),
            deadline=TODAY + 5 * DAY,
        )
        ResponseFactory(consultee=ConsulteeFactory(round=coming, body=respondent_body))
        answered = ConsulteeFactory(round=coming)
        ResponseFactory(consultee=answered, submitted=True)
        # A closed round whose comments await a disposition.
        closed = RoundFactory(
            version=VersionFactory(document=DocumentFactory(organisation=org)),
            status=RoundStatus.CLOSED,
        )
        response = ResponseFactory(consultee=ConsulteeFactory(round=closed), submitted=True)
        CommentFactory(response=response)
        CommentFactory(response=response)
        # An adopted document without its decision; one with it.
        DocumentFactory(organisation=org, status="adopted", title=f"Vision {i}")
        decided = DocumentFactory(organisation=org, status="adopted")
        DecisionFactory(body=body, document=decided, kind="adoption")
        # A case with a proposal awaiting the decision; one decided.
        ProposalFactory(case=CaseFactory(organisation=org, title=f"Motion {i}"))
        settled = ProposalFactory(case=CaseFactory(organisation=org))
        CaseDecisionFactory(
            case=settled.case,
            decision=DecisionFactory(body=settled.to_body, date=settled.date),
        )
        # Assignments: one of the editor's body past its due date, one of another body past
        # it; one not yet due, one reported back, one in a closed case (none of them waits).
        case = CaseFactory(organisation=org, title=f"Uppdrag {i}")
        AssignmentFactory(case=case, assigned_to=body, due_date=TODAY - DAY)
        AssignmentFactory(case=case, due_date=TODAY - DAY, status="ongoing")
        AssignmentFactory(case=case, assigned_to=body, due_date=TODAY + DAY)
        AssignmentFactory(
            case=case,
            assigned_to=body,
            due_date=TODAY - DAY,
            status="reported",
            reported_on=TODAY - DAY,
        )
        AssignmentFactory(
            case=CaseFactory(organisation=org, status="closed"),
            assigned_to=body,
            due_date=TODAY - DAY,
        )
    return {"late": late, "soon": soon}


@pytest.fixture
def respondent_body(org):
    return BodyFactory(organisation=org, name="Tekniska nämnden")


@pytest.fixture
def respondent(org, respondent_body):
    return UserFactory(
        username="remiss", role=Role.RESPONDENT, organisation=org, bodies=[respondent_body]
    )


@pytest.fixture
def world(org, body, respondent_body):
    return build(org, body, respondent_body)


def kinds(items):
    return [item.kind for item in items]


def test_editor_sees_their_bodies_contributions_returned_first(world, editor, access_of):
    items = todo_list(access=access_of(editor), today=TODAY)
    late = [i for i in items if i.deadline == world["late"].deadline]
    # Returned, then drafts, then what is not started (by title).
    assert [i.title for i in late] == ["Bibliotek 0", "E-tjänst 0", "Antal 0", "Arkiv 0"]
    assert late[0].kind_label == "Åtgärdsrapport att rätta"
    assert late[0].status == "Återsänd för rättelse: Ange utfall"
    assert late[1].status == "Utkast, inte inlämnat"
    assert late[3].status == "Inte rapporterat ännu"
    assert late[2].kind == "followup.indicator"
    assert all(i.body == "Kultur- och fritidsnämnden" for i in items)
    # Overdue first, then the period still to come; nothing of the handling.
    assert [i.deadline for i in items][-1] == world["soon"].deadline
    assert set(kinds(items)) == {"followup.activity", "followup.indicator", "cases.assignment"}
    # Their body's assignment past its due date (not another body's), linked to the case.
    [assignment] = [i for i in items if i.kind == "cases.assignment"]
    assert assignment.kind_label == "Uppdrag att återrapportera"
    assert assignment.title == "Uppdrag 0" and assignment.deadline == TODAY - DAY
    assert assignment.status == "Givet, inte återrapporterat: Bereda motionen."
    assert "/cases/" in assignment.url


def test_item_reported_in_another_period_of_the_span_is_not_asked_twice(
    org, body, editor, access_of
):
    vision = DocumentFactory(organisation=org)
    plan = DocumentFactory(organisation=org, parent=vision)
    tree = PeriodFactory(document=vision, include_descendants=True, deadline=TODAY + DAY)
    own = PeriodFactory(document=plan, deadline=TODAY + DAY)
    ActivityFactory(document=plan, responsible_body=body, title="Öppen data")
    items = todo_list(access=access_of(editor), today=TODAY)
    assert [(i.title, i.url.split("/")[4]) for i in items] == [("Öppen data", str(tree.pk))]
    assert own.pk != tree.pk


def test_respondent_sees_responses_to_write(world, respondent, access_of):
    items = todo_list(access=access_of(respondent), today=TODAY)
    assert kinds(items) == ["consultation.response", "consultation.response"]
    assert items[0].deadline < TODAY < items[1].deadline
    assert [i.status for i in items] == ["Inte påbörjat", "Utkast, inte inlämnat"]
    assert all(i.body == "Tekniska nämnden" for i in items)


@pytest.mark.parametrize("user", ["strategist", "admin_user"])
def test_strategist_and_admin_see_the_handling(world, user, request, access_of):
    items = todo_list(access=access_of(request.getfixturevalue(user)), today=TODAY)
    assert kinds(items) == [
        "followup.period_overdue",
        "followup.review",
        "consultation.round_overdue",
        "cases.assignment",  # the editor's body's and another body's, both overdue
        "cases.assignment",
        # No deadline: by rank (decisions after the rest), then by title.
        "cases.decision",
        "consultation.disposition",
        "consultation.adoption_decision",
        "strategy.adoption_decision",
    ]
    by_kind = {i.kind: i for i in items}
    assert by_kind["followup.review"].status == "1 rapport inlämnad, väntar på godkännande"
    assert by_kind["consultation.disposition"].status == "2 synpunkter utan ställningstagande"
    assert by_kind["consultation.round_overdue"].status == (
        "Fortfarande öppen; 1 remissinstans har inte svarat"
    )
    assert by_kind["strategy.adoption_decision"].title == "Vision 0"
    assert by_kind["cases.decision"].title == "Motion 0"
    assignments = [i for i in items if i.kind == "cases.assignment"]
    assert {i.status.split(",")[0] for i in assignments} == {"Givet", "Pågår"}
    assert all(i.url.startswith(f"/o/{i.url.split('/')[2]}/assignments/") for i in assignments)
    assert all(i.url.endswith("/edit/") for i in assignments)  # where the report is recorded


def test_reader_has_nothing_to_do(world, reader, access_of, client, org):
    assert todo_list(access=access_of(reader), today=TODAY) == []
    login(client, reader)
    html = client.get(reverse("organisation:overview", kwargs={"org": org.slug})).content.decode()
    assert 'Att göra <span class="todo-count">(0)</span>' in html
    assert "Just nu väntar inget på dig här." in html


def test_closed_round_without_adoption_decision_is_a_decision_to_register(
    org, strategist, access_of
):
    document = DocumentFactory(organisation=org, status="in_consultation")
    version = VersionFactory(document=document)
    RoundFactory(version=version, status=RoundStatus.CLOSED, revised_version=version)
    items = todo_list(access=access_of(strategist), today=TODAY)
    assert kinds(items) == ["consultation.adoption_decision"]
    assert items[0].url.endswith("/adopt/")


@pytest.mark.parametrize("user", ["editor", "respondent", "strategist", "admin_user"])
def test_every_link_answers_200_to_that_user(world, user, request, client, access_of):
    person = request.getfixturevalue(user)
    items = todo_list(access=access_of(person), today=TODAY)
    assert items
    login(client, person)
    for item in items:
        assert client.get(item.url).status_code == 200, item.url


def test_overview_shows_the_list_with_overdue_in_words(world, editor, client, org):
    login(client, editor)
    html = client.get(reverse("organisation:overview", kwargs={"org": org.slug})).content.decode()
    assert 'Att göra <span class="todo-count">(6)</span>' in html
    assert html.count(">försenad</strong>") == 5
    assert "Uppdrag att återrapportera" in html
    assert "Åtgärdsrapport att rätta" in html


def test_start_page_shows_the_list_for_a_user_with_one_organisation(world, respondent, client):
    login(client, respondent)
    html = client.get(reverse("web:home")).content.decode()
    assert 'Att göra <span class="todo-count">(2)</span>' in html
    assert "Remissvar att skriva" in html


def test_start_page_has_no_list_for_a_user_with_several_organisations(
    world, editor, other_org, client
):
    Membership = type(editor.memberships.first())
    Membership.objects.create(user=editor, organisation=other_org, role=Role.READER)
    login(client, editor)
    html = client.get(reverse("web:home")).content.decode()
    assert 'id="todo-heading"' not in html


def test_api_returns_the_same_list(world, editor, client, org, access_of):
    login(client, editor)
    answer = client.get(f"/api/v1/organisations/{org.slug}/todo")
    assert answer.status_code == 200
    data = answer.json()
    items = todo_list(access=access_of(editor), today=TODAY)
    assert data["count"] == len(items) == 6
    assert [i["url"] for i in data["items"]] == [i.url for i in items]
    first = data["items"][0]
    assert first["overdue"] is True
    assert first["deadline"] == world["late"].deadline.isoformat()
    assert first["kind"] == "followup.activity"
    assert set(first) == {
        "kind",
        "kind_label",
        "title",
        "body",
        "context",
        "deadline",
        "overdue",
        "status",
        "url",
    }


def test_another_organisation_sees_none(world, outsider, other_org, org, client, access_of):
    assert todo_list(access=access_of(outsider, other_org), today=TODAY) == []
    login(client, outsider)
    assert client.get(f"/api/v1/organisations/{org.slug}/todo").status_code == 404
    answer = client.get(f"/api/v1/organisations/{other_org.slug}/todo")
    assert answer.json() == {"count": 0, "items": []}


# Queries of the list itself per role, and of the pages: the same at both sizes.
QUERIES = {"editor": 8, "respondent": 2, "strategist": 10, "admin_user": 10, "reader": 0}


@pytest.mark.parametrize("n", [1, 4])
@pytest.mark.parametrize("user", list(QUERIES))
def test_fixed_number_of_queries(
    org, body, respondent_body, user, n, request, access_of, django_assert_num_queries
):
    build(org, body, respondent_body, n=n)
    access = access_of(request.getfixturevalue(user))
    with django_assert_num_queries(QUERIES[user]):
        items = todo_list(access=access, today=TODAY)
    assert len(items) >= (0 if user == "reader" else n)


# (page, its queries, the API's queries); the respondent opens no overview, the start page.
PAGES = {
    "editor": ("organisation:overview", 18, 12),
    "strategist": ("organisation:overview", 20, 14),
    "reader": ("organisation:overview", 10, 4),
    "respondent": ("web:home", 7, 6),
}


@pytest.mark.parametrize("n", [1, 4])
@pytest.mark.parametrize("user", list(PAGES))
def test_pages_and_api_fixed_number_of_queries(
    org, body, respondent_body, user, n, request, client, django_assert_num_queries
):
    build(org, body, respondent_body, n=n)
    login(client, request.getfixturevalue(user))
    name, page_queries, api_queries = PAGES[user]
    url = reverse(name, kwargs={"org": org.slug} if name.startswith("organisation") else {})
    client.get(url)  # the session is loaded and touched once
    with django_assert_num_queries(page_queries):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(api_queries):
        assert client.get(f"/api/v1/organisations/{org.slug}/todo").status_code == 200


# Where each role finds its list: the start page (one organisation), the overview (not for a
# respondent, who reads no documents) and the API — the same items, each with its link.
WHERE = {
    "editor": ("web:home", "organisation:overview"),
    "respondent": ("web:home",),
    "strategist": ("web:home", "organisation:overview"),
    "admin_user": ("web:home", "organisation:overview"),
}


@pytest.mark.parametrize("user", list(WHERE))
def test_every_item_on_each_page_and_in_the_api_per_role(
    world, user, request, client, org, access_of
):
    from django.utils.html import escape

    person = request.getfixturevalue(user)
    items = todo_list(access=access_of(person), today=TODAY)
    login(client, person)
    for name in WHERE[user]:
        url = reverse(name, kwargs={"org": org.slug} if name.startswith("organisation") else {})
        html = client.get(url).content.decode()
        assert f'Att göra <span class="todo-count">({len(items)})</span>' in html, name
        for item in items:
            assert f'href="{escape(item.url)}"' in html, (name, item.kind)
            assert escape(item.kind_label) in html, (name, item.kind)
    data = client.get(f"/api/v1/organisations/{org.slug}/todo").json()
    assert [(i["kind"], i["url"], i["status"]) for i in data["items"]] == [
        (i.kind, i.url, i.status) for i in items
    ]
