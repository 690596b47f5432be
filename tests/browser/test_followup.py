"""Follow-up in a real browser on the demo data: the culture committee's editor reports on
one of its activities in the open 2020 period (form filled and submitted with the keyboard),
the strategist sees it on the period overview; axe-core finds no serious or critical
violation on the contribution form, the period overview, the dashboard and the report; the
strategist assesses a focus area with the form beside its status, and the reminders page and
the self-assessment editor (questions moved with buttons) work by keyboard and pass axe."""

import pytest

from malbild.followup.data import period_activities
from malbild.followup.models import ActivityReport, FollowUpPeriod

pytestmark = pytest.mark.browser

ORG = "alingsas"
PLAN_TITLE = "Handlingsplan Digital målbild för Alingsås kommun 2018–2020"


def open_period() -> FollowUpPeriod:
    return FollowUpPeriod.objects.get(document__title=PLAN_TITLE, label="2020")


def test_editor_reports_with_keyboard_and_pages_pass_axe(page, login, axe_check, demo_data, url):
    period = open_period()
    activity = (
        period_activities(period)
        .filter(responsible_body__name__startswith="Kultur- och fritids")
        .exclude(followup_reports__period=period)
        .first()
    )
    assert activity is not None
    login(page, "alingsas-redaktor")
    page.goto(url("followup:activity-report", org=ORG, pk=period.pk, item=activity.pk))
    assert page.locator("h1").count() == 1
    axe_check(page)
    page.locator("#id_status").focus()
    page.keyboard.press("Tab")  # progress
    page.keyboard.press("Control+A")
    page.keyboard.type("65")
    page.keyboard.press("Tab")  # comment
    page.keyboard.press("Control+A")
    page.keyboard.type("Rapporterat med tangentbordet.")
    page.locator("button[name=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    report = ActivityReport.objects.get(period=period, activity=activity)
    assert report.progress == 65 and report.state == "submitted"
    assert report.comment == "Rapporterat med tangentbordet."

    page.context.clear_cookies()
    login(page, "alingsas-strateg")
    page.goto(url("followup:period-detail", org=ORG, pk=period.pk))
    assert activity.title in page.locator("main").inner_text()
    axe_check(page)
    page.goto(url("followup:period-dashboard", org=ORG, pk=period.pk))
    # Charts are inline SVG (role img, titled by their text alternative), drawn at a real size
    # under the CSP, never base64 images.
    charts = page.locator("figure svg[role=img]")
    assert charts.count() >= 2
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    assert page.locator("img[src^='data:']").count() == 0
    axe_check(page)
    closed = FollowUpPeriod.objects.get(document__title=PLAN_TITLE, label="2019")
    page.goto(url("followup:period-report", org=ORG, pk=closed.pk))
    assert page.locator("h1").count() == 1
    axe_check(page)
    page.goto(
        url(
            "followup:indicator-value",
            org=ORG,
            pk=period.pk,
            item=period.document.indicators.order_by("id").first().pk,
        )
    )
    axe_check(page)


def test_strategist_assesses_focus_area_and_uses_reminders_and_questions(
    page, login, axe_check, demo_data, url
):
    """The dashboard's assessment form beside a focus area's status opens and submits with
    the keyboard (no JavaScript of our own); the reminders page and the self-assessment
    editor pass axe, and a question moves up with a button."""
    from malbild.followup.models import Question, QuestionSet, StatusOverride

    period = open_period()
    login(page, "alingsas-strateg")
    page.goto(url("followup:period-dashboard", org=ORG, pk=period.pk))
    details = page.locator("details.assess").first
    details.locator("summary").focus()
    page.keyboard.press("Enter")  # opens the <details>
    select = details.locator("select")
    select.focus()
    select.select_option("off_track")
    details.locator("textarea").focus()
    page.keyboard.type("Bedömt med tangentbordet.")
    axe_check(page)
    details.locator("button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    override = StatusOverride.objects.get(period=period)
    assert override.status == "off_track" and override.reason == "Bedömt med tangentbordet."
    assert "Bedömt med tangentbordet." in page.locator("main").inner_text()

    page.goto(url("followup:period-reminders", org=ORG, pk=period.pk))
    assert page.locator("h1").count() == 1
    assert page.locator("a[href^='mailto:']").count() >= 1
    axe_check(page)

    question_set = QuestionSet.objects.filter(organisation__slug=ORG).order_by("id").first()
    assert question_set is not None
    page.goto(url("followup:question-set-detail", org=ORG, pk=question_set.pk))
    axe_check(page)
    second = Question.objects.filter(section__question_set=question_set).order_by(
        "section__order", "section_id", "order", "id"
    )[1]
    button = page.locator(f"#q-{second.pk} button[value=up]")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    first_now = (
        Question.objects.filter(section_id=second.section_id).order_by("order", "id").first()
    )
    assert first_now.pk == second.pk


def test_tree_report_choice_and_indicator_series_pass_axe(page, login, axe_check, demo_data, url):
    """The 2020 period covers the tree below the action plan: with a committee plan under it,
    the report page offers the whole tree or one document (chosen by keyboard); the indicator
    page's series (chart with text alternative, table) passes axe."""
    from malbild.actionplan.tests.factories import ActivityFactory
    from malbild.strategy.tests.factories import DocumentFactory

    period = open_period()
    plan = period.document
    committee = DocumentFactory(
        organisation=plan.organisation, parent=plan, kind="sub_plan", title="Nämndens plan"
    )
    act = ActivityFactory(
        document=committee,
        responsible_body=plan.activities.first().responsible_body,
        start_year=2020,
        end_year=2020,
    )
    act.focus_areas.add(plan.focus_areas.first())
    login(page, "alingsas-strateg")
    page.goto(url("followup:period-report", org=ORG, pk=period.pk))
    # Exactly this heading (the demo's "Kultur- och fritidsnämndens plan …" contains the words).
    assert page.get_by_role("heading", level=2, name="Nämndens plan", exact=True).count() == 1
    axe_check(page)
    page.locator("#id_report_document").select_option(str(committee.pk))
    page.locator("#id_report_document").focus()
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"document={committee.pk}" in page.url
    axe_check(page)
    indicator = plan.indicators.order_by("id").first()
    page.goto(url("strategy:indicator-detail", org=ORG, pk=indicator.pk))
    assert page.locator("#series-title").count() == 1
    axe_check(page)
