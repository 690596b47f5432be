"""Benefit calculation pages: an editor of the activity creates a calculation (zero
alternative and a first option), adds lines with amounts per year and sees the results; the
activity page's panel shows the summary or offers to create one; errors name the field in
Swedish; readers and other bodies' editors may not write; another organisation's activity is
404; the pages run a fixed number of queries whatever the number of lines."""

from decimal import Decimal

import pytest
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.benefits.models import BenefitCalculation, CalculationLine, LineAmount
from malbild.benefits.selectors import calculation_for_activity
from malbild.benefits.tests.factories import build_calculation
from malbild.strategy.tests.factories import DocumentFactory


def login(client, user):
    user.refresh_from_db()
    client.force_login(user)


def url(name, org, **kwargs):
    return reverse(f"benefits:{name}", kwargs={"org": org.slug, **kwargs})


@pytest.fixture
def activity(org, body):
    return ActivityFactory(
        document=DocumentFactory(organisation=org),
        responsible_body=body,
        title="E-arkiv",
        start_year=2025,
    )


def test_editor_creates_a_calculation_with_zero_alternative_and_option(
    client, org, editor, activity
):
    login(client, editor)
    page = client.get(
        reverse("actionplan:activity-detail", kwargs={"org": org.slug, "pk": activity.uid})
    )
    assert "Ingen nyttoberäkning." in page.content.decode()
    create = url("calculation-create", org, activity_pk=activity.uid)
    assert create in page.content.decode()
    response = client.post(
        create, {"first_year": 2025, "years": 5, "discount_rate": "3.5", "title": "", "notes": ""}
    )
    assert response.status_code == 302
    calculation = calculation_for_activity(activity)
    names = [(a.name, a.is_zero, a.is_chosen) for a in calculation.alternatives.all()]
    assert names == [("Nollalternativ", True, False), ("Alternativ 1", False, True)]


def test_form_errors_name_the_field_in_swedish_and_change_nothing(client, org, editor, activity):
    login(client, editor)
    response = client.post(
        url("calculation-create", org, activity_pk=activity.uid),
        {"first_year": 2025, "years": 80, "discount_rate": "3.5"},
    )
    assert response.status_code == 200
    assert "Ange ett antal år mellan 1 och 50." in response.content.decode()
    assert not BenefitCalculation.objects.for_org(org).exists()


def test_line_with_amounts_per_year_and_results_on_the_page(
    client, org, editor, activity, access_of
):
    calculation = build_calculation(access_of(editor), activity, lines=1)
    option = next(a for a in calculation.alternatives.all() if not a.is_zero)
    login(client, editor)
    create = url("line-create", org, activity_pk=activity.uid, alternative_pk=option.uid)
    form = client.get(create).context["form"]
    assert [f for f in form.fields if f.startswith("amount_")] == [
        "amount_2025",
        "amount_2026",
        "amount_2027",
    ]
    response = client.post(
        create,
        {
            "name": "Minskat pappersarkiv",
            "direction": "benefit",
            "kind": "operating",
            "party_kind": "residents",
            "monetised": "on",
            "certainty": "red",
            "order": 0,
            "amount_2025": "",
            "amount_2026": "60",
            "amount_2027": "60",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    line = CalculationLine.objects.for_org(org).get(name="Minskat pappersarkiv")
    assert {a.year: a.amount for a in line.amounts.all()} == {2026: Decimal(60), 2027: Decimal(60)}
    page = client.get(url("calculation-detail", org, activity_pk=activity.uid))
    html = page.content.decode()
    view = page.context["view"]
    chosen = view["results"].chosen
    # Option: −100 + 60/1.1 + 60/1.21 = 4.13; zero alternative: −(50 + 50/1.1 + 50/1.21)
    # = −136.78; compared: 4.13 + 136.78 = 140.91. Incremental nets: −100 + 50 = −50 in
    # 2025, then 60 + 50 a year: the cumulative discounted net turns positive in 2026.
    assert chosen.npv == Decimal("4.1322314050")
    assert chosen.incremental_npv == Decimal("140.9090909091")
    assert chosen.incremental_payback_year == 2026
    assert "Känslighetsanalys" in html and "<caption>" in html and "<svg" in html
    assert "Röd (osäker)" in html


def test_line_errors_name_the_field(client, org, editor, activity, access_of):
    calculation = build_calculation(access_of(editor), activity, lines=1)
    option = next(a for a in calculation.alternatives.all() if not a.is_zero)
    login(client, editor)
    response = client.post(
        url("line-create", org, activity_pk=activity.uid, alternative_pk=option.uid),
        {
            "name": "Nytta",
            "direction": "benefit",
            "kind": "operating",
            "party_kind": "body",
            "certainty": "green",
            "order": 0,
            "amount_2025": "-5",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "body" in errors and "amount_2025" in errors
    assert "Välj den nämnd som bär eller får den." in response.content.decode()
    assert CalculationLine.objects.for_org(org).count() == 2


def test_not_monetised_line_needs_description_unit_and_estimate(
    client, org, editor, activity, access_of
):
    calculation = build_calculation(access_of(editor), activity, lines=1)
    option = next(a for a in calculation.alternatives.all() if not a.is_zero)
    login(client, editor)
    create = url("line-create", org, activity_pk=activity.uid, alternative_pk=option.uid)
    data = {
        "name": "Nöjdare invånare",
        "direction": "benefit",
        "kind": "operating",
        "party_kind": "residents",
        "certainty": "yellow",
        "order": 0,
    }
    response = client.post(create, data)
    assert set(response.context["form"].errors) >= {"description", "unit", "estimate"}
    response = client.post(
        create, {**data, "description": "NKI för e-tjänsten", "unit": "NKI-poäng", "estimate": "5"}
    )
    assert response.status_code == 302
    line = CalculationLine.objects.for_org(org).get(name="Nöjdare invånare")
    assert not line.monetised and not LineAmount.objects.for_org(org).filter(line=line).exists()


def test_choose_an_alternative_and_the_zero_alternative_cannot_be_chosen(
    client, org, editor, activity, access_of
):
    calculation = build_calculation(access_of(editor), activity)
    zero = next(a for a in calculation.alternatives.all() if a.is_zero)
    login(client, editor)
    client.post(
        url("alternative-create", org, activity_pk=activity.uid),
        {"name": "Alternativ 2", "order": 2},
    )
    second = calculation_for_activity(activity).alternatives.get(name="Alternativ 2")
    client.post(url("alternative-choose", org, activity_pk=activity.uid, pk=second.uid))
    chosen = [a.name for a in calculation_for_activity(activity).alternatives.all() if a.is_chosen]
    assert chosen == ["Alternativ 2"]
    response = client.post(
        url("alternative-choose", org, activity_pk=activity.uid, pk=zero.uid), follow=True
    )
    assert "Nollalternativet kan inte vara det valda alternativet." in response.content.decode()


def test_reader_and_other_bodies_editor_may_not_write(client, org, reader, editor, other_body):
    other = ActivityFactory(document=DocumentFactory(organisation=org), responsible_body=other_body)
    login(client, reader)
    assert client.get(url("calculation-create", org, activity_pk=other.uid)).status_code == 403
    login(client, editor)
    assert (
        client.post(
            url("calculation-create", org, activity_pk=other.uid),
            {"first_year": 2025, "years": 3, "discount_rate": "3"},
        ).status_code
        == 403
    )
    assert not BenefitCalculation.objects.for_org(org).exists()


def test_another_organisations_activity_is_404(
    client, org, other_org, outsider, activity, access_of, editor
):
    build_calculation(access_of(editor), activity)
    login(client, outsider)
    assert client.get(url("calculation-detail", org, activity_pk=activity.uid)).status_code == 404
    assert (
        client.get(url("calculation-detail", other_org, activity_pk=activity.uid)).status_code
        == 404
    )


@pytest.mark.parametrize("lines", [2, 9])
def test_calculation_page_query_count_is_fixed(
    client, org, editor, activity, access_of, django_assert_num_queries, lines
):
    build_calculation(access_of(editor), activity, lines=lines)
    login(client, editor)
    client.get(url("calculation-detail", org, activity_pk=activity.uid))
    with django_assert_num_queries(QUERIES_DETAIL):
        response = client.get(url("calculation-detail", org, activity_pk=activity.uid))
    assert len(response.context["view"]["alternatives"][1]["rows"]) == lines


QUERIES_DETAIL = 17


@pytest.mark.parametrize("lines", [2, 9])
def test_activity_panel_shows_the_summary_in_fixed_queries(
    client, org, editor, activity, access_of, django_assert_num_queries, lines
):
    build_calculation(access_of(editor), activity, lines=lines)
    login(client, editor)
    page = reverse("actionplan:activity-detail", kwargs={"org": org.slug, "pk": activity.uid})
    client.get(page)
    with django_assert_num_queries(QUERIES_PANEL):
        html = client.get(page).content.decode()
    assert "Nettonuvärde jämfört med nollalternativet" in html
    assert url("calculation-detail", org, activity_pk=activity.uid) in html


QUERIES_PANEL = 18  # the activity page with the cost-allocation panel (financing)


def test_threshold_flags_activities_without_calculation(client, org, admin_user, activity, body):
    BudgetLineFactory(activity=activity, year=2025, amount=Decimal("600000"))
    login(client, admin_user)
    response = client.post(url("settings", org), {"budget_threshold": "500000"})
    assert response.status_code == 302
    overview = client.get(url("overview", org))
    assert [a.pk for a in overview.context["missing"]] == [activity.pk]
    assert "Nyttoberäkningar ska finnas för alla större investeringar." in overview.content.decode()
    listing = client.get(reverse("actionplan:activity-list", kwargs={"org": org.slug}))
    assert "Nyttoberäkning saknas" in listing.content.decode()
    detail = client.get(
        reverse("actionplan:activity-detail", kwargs={"org": org.slug, "pk": activity.uid})
    )
    assert "Nyttoberäkningar ska finnas för alla större investeringar." in detail.content.decode()


def test_only_administrators_set_the_threshold(client, org, strategist):
    login(client, strategist)
    assert client.get(url("settings", org)).status_code == 403


def test_editing_a_line_replaces_its_amounts_and_deleting_asks_first(
    client, org, editor, activity, access_of
):
    calculation = build_calculation(access_of(editor), activity, lines=2)
    line = CalculationLine.objects.for_org(org).get(name="Tidsbesparing 1")
    login(client, editor)
    edit = url("line-update", org, activity_pk=activity.uid, pk=line.uid)
    form = client.get(edit).context["form"]
    assert form["amount_2026"].value() == Decimal("60.00")
    data = {
        "name": line.name,
        "direction": "benefit",
        "kind": "operating",
        "party_kind": "residents",
        "monetised": "on",
        "certainty": "yellow",
        "order": 0,
        "amount_2025": "10",
        "amount_2026": "",
        "amount_2027": "70",
        "lock_version": line.lock_version,
    }
    assert client.post(edit, data).status_code == 302
    assert {a.year: a.amount for a in line.amounts.all()} == {2025: D10, 2027: Decimal(70)}
    delete = url("line-delete", org, activity_pk=activity.uid, pk=line.uid)
    assert "Tidsbesparing 1" in client.get(delete).content.decode()
    line.refresh_from_db()
    assert client.post(delete, {"lock_version": line.lock_version}).status_code == 302
    assert not CalculationLine.objects.for_org(org).filter(pk=line.pk).exists()
    remove = url("calculation-delete", org, activity_pk=activity.uid)
    calculation.refresh_from_db()
    assert client.post(remove, {"lock_version": calculation.lock_version}).status_code == 302
    assert not BenefitCalculation.objects.for_org(org).exists()


D10 = Decimal(10)


def test_a_horizon_that_would_drop_amounts_is_refused(client, org, editor, activity, access_of):
    calculation = build_calculation(access_of(editor), activity, lines=2)
    login(client, editor)
    response = client.post(
        url("calculation-update", org, activity_pk=activity.uid),
        {
            "title": "",
            "first_year": 2025,
            "years": 2,
            "discount_rate": "10",
            "notes": "",
            "lock_version": calculation.lock_version,
        },
    )
    assert response.status_code == 200
    assert "utanför den nya kalkylperioden" in response.content.decode()
    calculation.refresh_from_db()
    assert calculation.years == 3


@pytest.mark.parametrize("count", [1, 4])
def test_overview_query_count_is_fixed(
    client, org, editor, body, access_of, django_assert_num_queries, count
):
    document = DocumentFactory(organisation=org)
    for i in range(count):
        activity = ActivityFactory(document=document, responsible_body=body, title=f"A{i}")
        build_calculation(access_of(editor), activity, lines=1 + i)
    login(client, editor)
    client.get(url("overview", org))
    with django_assert_num_queries(QUERIES_OVERVIEW):
        response = client.get(url("overview", org))
    assert len(response.context["rows"]) == count
    # Every row's NPV compared with the zero alternative: the option's NPV minus the zero's.
    for row in response.context["rows"]:
        assert row["npv"] is not None and row["payback"] in (2025, 2026, 2027, None)


# Session, user, organisation, membership; the threshold, the flagged activities; the
# calculations and their three prefetches.
QUERIES_OVERVIEW = 10
