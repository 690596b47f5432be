"""The benefit calculation API: create an activity's calculation (zero alternative and first
option), add lines with amounts per year, read the computed results (the same figures as the
page, exact decimals as strings), the threshold and the flagged activities; errors are 422
naming the field, readers get 403, another organisation's objects 404; the reads run a fixed
number of queries whatever the number of lines."""

from decimal import Decimal

import pytest

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import ApiClient
from malbild.benefits.models import BenefitCalculation
from malbild.benefits.tests.factories import build_calculation
from malbild.strategy.tests.factories import DocumentFactory

ORG = "/organisations/alingsas"


@pytest.fixture
def activity(org, body):
    return ActivityFactory(
        document=DocumentFactory(organisation=org),
        responsible_body=body,
        title="E-arkiv",
        start_year=2025,
    )


def test_create_add_lines_and_read_results(editor, activity, body):
    api = ApiClient(editor)
    response = api.post(
        f"{ORG}/activities/{activity.uid}/benefit-calculation",
        {"first_year": 2025, "years": 3, "discount_rate": "10"},
    )
    assert response.status_code == 201, response.json()
    calc = response.json()
    zero, option = calc["alternatives"]
    assert (zero["is_zero"], option["is_chosen"]) == (True, True)
    for alt, line in (
        (
            zero,
            {
                "name": "Drift",
                "direction": "cost",
                "kind": "operating",
                "party_kind": "body",
                "body": body.pk,
                "amounts": [{"year": y, "amount": "50"} for y in (2025, 2026, 2027)],
            },
        ),
        (
            option,
            {
                "name": "Investering",
                "direction": "cost",
                "kind": "investment",
                "party_kind": "body",
                "body": body.pk,
                "amounts": [{"year": 2025, "amount": "100"}],
            },
        ),
        (
            option,
            {
                "name": "Tid",
                "direction": "benefit",
                "kind": "operating",
                "party_kind": "residents",
                "certainty": "yellow",
                "amounts": [{"year": 2026, "amount": "60"}, {"year": 2027, "amount": "60"}],
            },
        ),
    ):
        r = api.post(f"{ORG}/benefit-alternatives/{alt['uid']}/lines", line)
        assert r.status_code == 201, r.json()
    results = api.get(f"{ORG}/benefit-calculations/{calc['uid']}/results").json()
    chosen = next(a for a in results["alternatives"] if a["is_chosen"])
    # As on the page: option NPV 4.1322314050, compared with the zero alternative 140.9090909091.
    assert chosen["npv"] == "4.1322314050"
    assert chosen["incremental_npv"] == "140.9090909091"
    assert chosen["incremental_payback_year"] == 2026
    assert chosen["benefit_cost_ratio"] == "1.0413223140"
    # Benefit lines come first, so the residents are listed before the body.
    assert [p["label"] for p in results["parties"]] == ["Residents", "Kultur- och fritidsnämnden"]
    assert [p["share_of_benefits"] for p in results["parties"]] == ["1.000000000000", None]
    assert Decimal(results["incremental_total"]["npv"]) == sum(
        Decimal(y["discounted_net"]) for y in results["years"]
    )
    assert [row["rate"] for row in results["sensitivity"]] == ["9.00", "10.00", "11.00"]


def test_errors_are_422_naming_the_field(editor, activity, access_of):
    calculation = build_calculation(access_of(editor), activity, lines=1)
    option = next(a for a in calculation.alternatives.all() if not a.is_zero)
    api = ApiClient(editor)
    r = api.post(
        f"{ORG}/benefit-alternatives/{option.uid}/lines",
        {
            "name": "X",
            "direction": "benefit",
            "kind": "operating",
            "party_kind": "residents",
            "amounts": [{"year": 2031, "amount": "5"}],
        },
    )
    assert r.status_code == 422
    assert [d["loc"][-1] for d in r.json()["detail"]] == ["amounts"]
    r = api.patch(f"{ORG}/benefit-calculations/{calculation.uid}", {"years": 1})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "years"
    zero = next(a for a in calculation.alternatives.all() if a.is_zero)
    assert api.delete(f"{ORG}/benefit-alternatives/{zero.uid}").status_code == 422
    assert api.post(f"{ORG}/benefit-alternatives/{zero.uid}/choose").status_code == 422


def test_reader_gets_403_and_another_organisation_404(
    reader, outsider, activity, editor, access_of
):
    calculation = build_calculation(access_of(editor), activity)
    api = ApiClient(reader)
    assert api.get(f"{ORG}/benefit-calculations/{calculation.uid}").status_code == 200
    assert (
        api.patch(f"{ORG}/benefit-calculations/{calculation.uid}", {"notes": "x"}).status_code
        == 403
    )
    other = ApiClient(outsider)
    assert other.get(f"{ORG}/benefit-calculations/{calculation.uid}").status_code == 404
    assert (
        other.get(f"/organisations/kristianstad/benefit-calculations/{calculation.uid}").status_code
        == 404
    )


def test_if_match_refuses_a_stale_edit(editor, activity, access_of):
    calculation = build_calculation(access_of(editor), activity)
    api = ApiClient(editor)
    api.headers["If-Match"] = f'"{calculation.lock_version + 5}"'
    assert (
        api.patch(f"{ORG}/benefit-calculations/{calculation.uid}", {"notes": "x"}).status_code
        == 409
    )
    assert BenefitCalculation.objects.for_org(activity.organisation_id).get().notes == ""


def test_threshold_and_flagged_activities(admin_user, activity):
    BudgetLineFactory(activity=activity, year=2025, amount=Decimal("600000"))
    api = ApiClient(admin_user)
    assert api.put(f"{ORG}/benefit-settings", {"budget_threshold": "500000"}).status_code == 200
    missing = api.get(f"{ORG}/benefit-calculations/missing").json()
    assert [(m["title"], Decimal(m["budget_total"])) for m in missing] == [("E-arkiv", 600000)]
    assert api.put(f"{ORG}/benefit-settings", {"budget_threshold": "-1"}).status_code == 422


def test_only_administrators_set_the_threshold(strategist):
    assert (
        ApiClient(strategist).put(f"{ORG}/benefit-settings", {"budget_threshold": "1"}).status_code
        == 403
    )


@pytest.mark.parametrize("lines", [2, 9])
def test_reads_run_a_fixed_number_of_queries(
    editor, activity, access_of, django_assert_num_queries, lines
):
    calculation = build_calculation(access_of(editor), activity, lines=lines)
    api = ApiClient(editor)
    api.get(f"{ORG}/benefit-calculations/{calculation.uid}")
    with django_assert_num_queries(API_QUERIES):
        assert api.get(f"{ORG}/benefit-calculations/{calculation.uid}").status_code == 200
    with django_assert_num_queries(API_QUERIES):
        assert api.get(f"{ORG}/benefit-calculations/{calculation.uid}/results").status_code == 200


# Token, user, organisation, membership; the calculation and its three prefetches.
API_QUERIES = 7
