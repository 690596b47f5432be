"""Benefit realisation in follow-up (ADR 0022): the activity report asks, in yearly periods,
for the realised value or description and the method of every benefit line of the activity's
chosen alternative; submitting needs them all; a rejected write changes nothing; the period's
data, snapshot, dashboard, report and API show planned against realised benefit per year and
cumulatively, per activity and in total (totals are the sums of their parts), with fixed query
counts whatever the number of activities and calculations."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.benefits.models import Alternative, BenefitCalculation, CalculationLine, LineAmount
from malbild.core.models import AuditEntry
from malbild.followup import selectors, services
from malbild.followup.models import ActivityReport, RealisedBenefit
from malbild.followup.report import build_report
from malbild.followup.snapshot import upgrade, validate
from malbild.followup.tests.factories import PeriodFactory

from .conftest import add_activities

D = datetime.date
P = "/organisations/alingsas/followup/periods"
PLANNED = {2018: 100000, 2019: 200000, 2020: 300000, 2021: 300000}


def plain(text: str) -> str:
    """`text` with the non-breaking spaces of Swedish number formatting as plain spaces."""
    return text.replace("\xa0", " ").replace("&nbsp;", " ")


def make_calculation(activity, *, planned=None, first_year=2018, years=4, body=None):
    """A benefit calculation for `activity`: the zero alternative (with a benefit line that
    must be ignored) and the chosen option with a cost line (ignored), a monetised benefit
    line with `planned` per year and a benefit that is described, not monetised."""
    org = activity.organisation
    calc = BenefitCalculation.objects.create(
        organisation=org, activity=activity, first_year=first_year, years=years
    )
    zero = Alternative.objects.create(
        organisation=org, calculation=calc, is_zero=True, name="Nollalternativ"
    )
    chosen = Alternative.objects.create(
        organisation=org, calculation=calc, is_chosen=True, name="Införa e-arkiv", order=1
    )
    CalculationLine.objects.create(
        organisation=org,
        alternative=zero,
        name="Ingen förändring",
        direction="benefit",
        kind="operating",
        party_kind="residents",
    )
    cost = CalculationLine.objects.create(
        organisation=org,
        alternative=chosen,
        name="Licens",
        direction="cost",
        kind="operating",
        party_kind="residents",
    )
    LineAmount.objects.create(organisation=org, line=cost, year=first_year, amount=50000)
    money = CalculationLine.objects.create(
        organisation=org,
        alternative=chosen,
        name="Minskade arkivkostnader",
        direction="benefit",
        kind="operating",
        party_kind="body" if body else "residents",
        body=body,
        order=1,
    )
    for year, amount in (planned or PLANNED).items():
        LineAmount.objects.create(organisation=org, line=money, year=year, amount=amount)
    text = CalculationLine.objects.create(
        organisation=org,
        alternative=chosen,
        name="Snabbare utlämnande",
        direction="benefit",
        kind="operating",
        party_kind="residents",
        monetised=False,
        description="Handlingar lämnas ut snabbare",
        unit="dagar",
        estimate=Decimal("5"),
        order=2,
    )
    return {"calculation": calc, "money": money, "text": text, "cost": cost}


@pytest.fixture
def calc(plan):
    return make_calculation(plan["activity"], body=plan["body"])


def full(calc, value="150000", text="Två dagar snabbare", method="Ekonomisystemet"):
    return {
        calc["money"].pk: {"value": value, "description": "", "method": method},
        calc["text"].pk: {"value": None, "description": text, "method": method},
    }


def save(access, plan, benefits, submit=True, period=None):
    return services.activity_report_save(
        access=access,
        period=period or plan["period"],
        activity=plan["activity"],
        data={"status": "ongoing", "progress": 40, "comment": "På gång"},
        benefits=benefits,
        submit=submit,
    )


def test_submit_needs_every_benefit_and_a_rejected_write_changes_nothing(
    plan, calc, editor, access_of
):
    access = access_of(editor)
    draft = save(access, plan, {calc["money"].pk: {"value": "1000"}}, submit=False)
    assert draft.state == "draft"
    assert RealisedBenefit.objects.get().value == Decimal("1000")
    with pytest.raises(ValidationError) as exc:
        save(access, plan, {})
    errors = exc.value.message_dict
    money, text = calc["money"].pk, calc["text"].pk
    # The saved value counts; the method of both lines and the description are missing.
    assert set(errors) == {
        f"benefit_{money}_method",
        f"benefit_{text}_description",
        f"benefit_{text}_method",
    }
    assert "Snabbare utlämnande" in errors[f"benefit_{text}_description"][0]
    assert ActivityReport.objects.get().state == "draft"
    with pytest.raises(ValidationError) as exc:
        save(access, plan, full(calc, value="-5"))
    assert f"benefit_{money}_value" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        save(access, plan, {text: {"value": "10", "description": "x", "method": "y"}})
    assert f"benefit_{text}_value" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        save(access, plan, {calc["cost"].pk: {"value": "10", "method": "y"}})
    assert "benefits" in exc.value.message_dict
    assert RealisedBenefit.objects.get().value == Decimal("1000")
    report = save(access, plan, full(calc))
    assert report.state == "submitted"
    rows = {r.line_id: r for r in RealisedBenefit.objects.all()}
    assert rows[money].value == Decimal("150000") and rows[money].method == "Ekonomisystemet"
    assert rows[text].description == "Två dagar snabbare" and rows[text].value is None
    assert AuditEntry.objects.filter(model="followup.realisedbenefit").count() == 3


def test_only_yearly_periods_ask(plan, calc, editor, access_of):
    tertial = PeriodFactory(
        document=plan["document"],
        kind="four_monthly",
        label="T1 2020",
        start=D(2020, 1, 1),
        end=D(2020, 4, 30),
        deadline=D(2020, 5, 31),
    )
    access = access_of(editor)
    assert selectors.activity_benefit_lines(period=tertial, activity=plan["activity"]) == []
    with pytest.raises(ValidationError) as exc:
        save(access, plan, full(calc), period=tertial)
    assert "benefits" in exc.value.message_dict
    assert save(access, plan, {}, period=tertial).state == "submitted"


def _close_year(plan, strategist, editor, access_of, year, value):
    period = PeriodFactory(
        document=plan["document"],
        label=str(year),
        start=D(year, 1, 1),
        end=D(year, 12, 31),
        deadline=D(year + 1, 1, 31),
    )
    report = save(access_of(editor), plan, full(calc_of(plan), value=value), period=period)
    services.contribution_review(
        access=access_of(strategist), contribution=report, action="approve"
    )
    return services.period_close(access=access_of(strategist), period=period)


def calc_of(plan):
    activity = plan["activity"]
    lines = {
        line.name: line
        for line in CalculationLine.objects.filter(
            alternative__calculation__activity=activity, alternative__is_chosen=True
        )
    }
    return {"money": lines["Minskade arkivkostnader"], "text": lines["Snabbare utlämnande"]}


def test_planned_against_realised_over_the_years(plan, calc, strategist, editor, access_of):
    closed = _close_year(plan, strategist, editor, access_of, 2018, "60000")
    frozen = upgrade(closed.snapshot)["benefits"]
    validate(closed.snapshot)
    assert frozen[0]["lines"][0]["realised"] == [[2018, "60000", ""]]
    # A draft is not counted; the submitted report is.
    save(access_of(editor), plan, full(calc, value="150000"), submit=False)
    data = selectors.period_data(period=plan["period"])
    assert [r["realised"] for r in data["benefit_overview"]["years"]] == ["60000", "0", None, None]
    save(access_of(editor), plan, full(calc, value="150000"))
    overview = selectors.period_data(period=plan["period"])["benefit_overview"]
    assert overview["years"] == [
        {
            "year": 2018,
            "planned": "100000",
            "realised": "60000",
            "planned_cumulative": "100000",
            "realised_cumulative": "60000",
        },
        {
            "year": 2019,
            "planned": "200000",
            "realised": "150000",
            "planned_cumulative": "300000",
            "realised_cumulative": "210000",
        },
        {
            "year": 2020,
            "planned": "300000",
            "realised": None,
            "planned_cumulative": "600000",
            "realised_cumulative": None,
        },
        {
            "year": 2021,
            "planned": "300000",
            "realised": None,
            "planned_cumulative": "900000",
            "realised_cumulative": None,
        },
    ]
    assert overview["planned"] == "900000"
    assert overview["planned_to_date"] == "300000" and overview["realised_to_date"] == "210000"
    assert overview["percent"] == "70"
    activity = overview["activities"][0]
    assert activity["described"][0]["description"] == "Två dagar snabbare"
    assert activity["described"][0]["realised"] == [
        [2018, "Två dagar snabbare"],
        [2019, "Två dagar snabbare"],
    ]
    # The cost line and the zero alternative's benefit are not benefits of the plan.
    assert activity["monetised_lines"] == 1


def test_totals_equal_the_sum_of_their_parts(plan, calc, editor, access_of):
    other = make_calculation(
        plan["other_activity"], planned={2019: 40000, 2022: 10000}, first_year=2019, years=4
    )
    save(access_of(editor), plan, full(calc, value="123456"))
    overview = selectors.period_data(period=plan["period"])["benefit_overview"]
    assert len(overview["activities"]) == 2 and other
    by_year = {r["year"]: r for r in overview["years"]}
    assert sorted(by_year) == [2018, 2019, 2020, 2021, 2022]
    for year, row in by_year.items():
        parts = [r for a in overview["activities"] for r in a["years"] if r["year"] == year]
        assert Decimal(row["planned"]) == sum(Decimal(r["planned"]) for r in parts)
        if row["realised"] is not None:
            assert Decimal(row["realised"]) == sum(Decimal(r["realised"] or 0) for r in parts)
    for key in ("planned", "planned_to_date", "realised_to_date"):
        assert Decimal(overview[key]) == sum(Decimal(a[key]) for a in overview["activities"])
        for a in [overview, *overview["activities"]]:
            upto = [r for r in a["years"] if key == "planned" or r["year"] <= 2019]
            field = "realised" if key == "realised_to_date" else "planned"
            assert Decimal(a[key]) == sum(Decimal(r[field] or 0) for r in upto)
    assert overview["planned"] == str(sum(PLANNED.values()) + 50000)
    assert overview["realised_to_date"] == "123456"
    # The report's total rows are the same sums.
    report = build_report(selectors.period_data(period=plan["period"]))
    summary = next(t for t in report["tables"] if t["key"] == "benefits-per-activity")
    assert summary["rows"][-1][2].value == Decimal(overview["planned"])
    assert sum(r[2].value for r in summary["rows"][:-1]) == summary["rows"][-1][2].value


def test_report_has_the_benefit_part_in_every_format(plan, calc, editor, access_of):
    import io

    import docx
    import openpyxl

    from malbild.followup.report_export import FORMATS

    save(access_of(editor), plan, full(calc))
    report = build_report(selectors.period_data(period=plan["period"]))
    ids = [s["id"] for s in report["sections"]]
    assert "benefits" in ids and "benefits-1" in ids
    kinds = {t["kind"] for t in report["tables"]}
    assert {"benefit-realisation", "benefits-per-activity", "benefits-described"} <= kinds
    section = next(s for s in report["sections"] if s["id"] == "benefits")
    sentence = plain(section["blocks"][1]["text"])
    assert "150 000" in sentence and "300 000" in sentence and "50 %" in sentence
    book = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"][1](report)))
    cells = {c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row}
    assert "Snabbare utlämnande" in cells and 150000 in cells
    document = docx.Document(io.BytesIO(FORMATS["docx"][1](report)))
    assert any(p.text == "Nyttohemtagning" for p in document.paragraphs)
    assert FORMATS["pdf"][1](report)[:4] == b"%PDF"


def test_form_page_asks_for_the_benefits_and_saves_them(client, plan, calc, editor):
    editor.refresh_from_db()
    client.force_login(editor)
    page = reverse(
        "followup:activity-report",
        kwargs={"org": "alingsas", "pk": plan["period"].pk, "item": plan["activity"].pk},
    )
    html = plain(client.get(page).content.decode())
    money, text = calc["money"].pk, calc["text"].pk
    assert f'name="benefit_{money}_value"' in html
    assert f'name="benefit_{text}_description"' in html
    assert f'<label for="id_benefit_{money}_method"' in html
    assert "200 000" in html  # the year's planned amount beside the field
    base = {"status": "ongoing", "progress": "40", "comment": "", "submit": "1"}
    bad = client.post(page, {**base, f"benefit_{money}_value": "5000"})
    assert bad.status_code == 200
    assert f"benefit_{text}_description" in bad.context["form"].errors
    assert not ActivityReport.objects.exists()
    ok = client.post(
        page,
        {
            **base,
            f"benefit_{money}_value": "5000",
            f"benefit_{money}_method": "Fakturor",
            f"benefit_{text}_description": "Snabbare",
            f"benefit_{text}_method": "Ärendesystemet",
        },
    )
    assert ok.status_code == 302
    assert RealisedBenefit.objects.get(line=calc["money"]).value == Decimal("5000")


def test_dashboard_shows_planned_against_realised(
    client, plan, calc, editor, strategist, access_of
):
    save(access_of(editor), plan, full(calc))
    strategist.refresh_from_db()
    client.force_login(strategist)
    page = reverse("followup:period-dashboard", kwargs={"org": "alingsas", "pk": plan["period"].pk})
    html = plain(client.get(page).content.decode())
    assert 'id="benefits-heading"' in html
    assert "<svg" in html.split('id="benefits-heading"')[1]
    assert "150 000" in html and "Snabbare utlämnande" in html


def test_api_writes_lists_and_sums(plan, calc, editor, strategist):
    pk, act = plan["period"].pk, plan["activity"].pk
    ed = ApiClient(editor)
    money, text = calc["money"].pk, calc["text"].pk
    payload = {
        "status": "ongoing",
        "progress": 50,
        "benefits": [
            {"line": money, "value": "150000", "method": "Ekonomisystemet"},
            {"line": text, "description": "Snabbare", "method": "Ärendesystemet"},
        ],
        "submit": True,
    }
    bad = ed.put(f"{P}/{pk}/activities/{act}", {**payload, "benefits": payload["benefits"][:1]})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", f"benefit_{text}_description"]
    twice = ed.put(f"{P}/{pk}/activities/{act}", {**payload, "benefits": payload["benefits"] * 2})
    assert twice.status_code == 422 and twice.json()["detail"][0]["loc"] == ["body", "benefits"]
    assert not ActivityReport.objects.exists()
    assert ed.put(f"{P}/{pk}/activities/{act}", payload).status_code == 200
    st = ApiClient(strategist)
    listed = st.get(f"{P}/{pk}/contributions/benefits").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["state"] == "submitted" and item["alternative"] == "Införa e-arkiv"
    assert item["lines"][0]["realised"] == [{"year": 2019, "value": "150000", "description": ""}]
    overview = ApiClient(strategist, language="sv").get(f"{P}/{pk}/benefits").json()
    assert overview["realised_to_date"] == "150000" and overview["planned_to_date"] == "300000"
    assert plain(overview["sentence"]).startswith("Till och med 2019 har 150 000 kr")


def test_query_counts_do_not_grow(client, plan, calc, strategist, editor, access_of):
    save(access_of(editor), plan, full(calc))
    strategist.refresh_from_db()
    client.force_login(strategist)
    org, pk = "alingsas", plan["period"].pk
    pages = [
        reverse("followup:period-dashboard", kwargs={"org": org, "pk": pk}),
        reverse("followup:period-report", kwargs={"org": org, "pk": pk}),
        reverse("followup:period-detail", kwargs={"org": org, "pk": pk}),
        reverse(
            "followup:activity-report",
            kwargs={"org": org, "pk": pk, "item": plan["activity"].pk},
        ),
    ]
    api = ApiClient(strategist)
    paths = [f"{P}/{pk}/contributions/benefits", f"{P}/{pk}/benefits", f"{P}/{pk}/contributions"]

    def measure():
        counts = []
        for page in pages:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(page).status_code == 200
            counts.append(len(ctx.captured_queries))
        for path in paths:
            with CaptureQueriesContext(connection) as ctx:
                assert api.get(path).status_code == 200
            counts.append(len(ctx.captured_queries))
        return counts

    measure()  # warm caches (content types, translations)
    small = measure()
    for activity in add_activities(plan, 4) + add_activities(plan, 3, body=plan["other_body"]):
        make_calculation(activity)
    assert len(selectors.period_data(period=plan["period"])["benefits"]) == 8
    assert measure() == small


def test_a_stale_edit_of_the_benefits_is_refused(client, plan, calc, editor, access_of):
    """The benefits share the activity report's version: an edit made from an older version
    of the report (API If-Match, or the form's lock_version) changes nothing."""
    report = save(access_of(editor), plan, full(calc, value="1000"), submit=False)
    money = calc["money"].pk
    url = f"/api/v1{P}/{plan['period'].pk}/activities/{plan['activity'].pk}"
    editor.refresh_from_db()
    client.force_login(editor)
    stale = client.put(
        url,
        {"status": "ongoing", "benefits": [{"line": money, "value": "9999", "method": "x"}]},
        content_type="application/json",
        headers={"If-Match": f'"{report.lock_version - 1}"'},
    )
    assert stale.status_code == 409
    page = reverse(
        "followup:activity-report",
        kwargs={"org": "alingsas", "pk": plan["period"].pk, "item": plan["activity"].pk},
    )
    assert f'name="lock_version" value="{report.lock_version}"' in client.get(page).content.decode()
    form = client.post(
        page,
        {
            "status": "ongoing",
            "progress": "40",
            f"benefit_{money}_value": "8888",
            "lock_version": str(report.lock_version - 1),
            "save": "1",
        },
    )
    assert form.status_code in (200, 409)
    assert RealisedBenefit.objects.get(line_id=money).value == Decimal("1000")


def test_an_ended_activity_is_asked_for_its_benefits_in_the_calculations_years(
    plan, editor, access_of
):
    """A yearly period follows up an activity that has ended while its benefit calculation's
    years include the period's year: it is in the period's data, on the editor's to-do list
    and may be reported; after the calculation's last year, and in a tertial, it is not."""
    from malbild.actionplan.tests.factories import ActivityFactory

    ended = ActivityFactory(
        document=plan["document"], responsible_body=plan["body"], start_year=2016, end_year=2018
    )
    make_calculation(ended, first_year=2017, years=3)  # 2017–2019
    ids = [a["id"] for a in selectors.period_data(period=plan["period"])["activities"]]
    assert ended.pk in ids
    todo = selectors.todo_list(access=access_of(editor), today=D(2020, 1, 1))
    wanted = f"/follow-up/{plan['period'].pk}/activities/{ended.pk}/"
    assert any(t.url.endswith(wanted) for t in todo)
    later = PeriodFactory(
        document=plan["document"],
        label="2020",
        start=D(2020, 1, 1),
        end=D(2020, 12, 31),
        deadline=D(2021, 1, 31),
    )
    tertial = PeriodFactory(
        document=plan["document"],
        kind="four_monthly",
        label="T1 2019",
        start=D(2019, 1, 1),
        end=D(2019, 4, 30),
        deadline=D(2019, 5, 31),
    )
    for period in (later, tertial):
        assert ended.pk not in [a["id"] for a in selectors.period_data(period=period)["activities"]]
    lines = calc_of({"activity": ended})
    report = services.activity_report_save(
        access=access_of(editor),
        period=plan["period"],
        activity=ended,
        data={"status": "done", "progress": 100},
        benefits={
            lines["money"].pk: {"value": "1000", "method": "Fakturor"},
            lines["text"].pk: {"description": "Snabbare", "method": "Enkät"},
        },
        submit=True,
    )
    assert report.state == "submitted" and report.realised_benefits.count() == 2
