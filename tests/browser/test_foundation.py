"""The foundation in a real browser (Chromium via Playwright) on the demo data.

- a demo user logs in and browses the Alingsås action plan from the start page to the
  document page, whose tree shows every focus area and activity of the plan;
- a strategist creates an activity and then edits it using only the keyboard (Tab, typing,
  Space, Enter — no clicks), and the database holds what was typed;
- axe-core finds no serious or critical violation on any main page (start, overview, document
  list, document page, activity list, detail and form, indicator list, decisions, catalogue,
  bodies, login, profile).
"""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from malbild.actionplan.models import Activity
from malbild.organisation.models import Body
from malbild.strategy.constants import DocumentKind
from malbild.strategy.models import FocusArea, SteeringDocument

pytestmark = pytest.mark.browser

ORG = "alingsas"
STRATEGIST = "alingsas-strateg"
PLAN_TITLE = "Handlingsplan Digital målbild för Alingsås kommun 2018–2020"
MAX_TABS = 250


def action_plan() -> SteeringDocument:
    # The demo also holds a draft plan out on remiss (2021–2023): this is the adopted one.
    return SteeringDocument.objects.get(
        organisation__slug=ORG, kind=DocumentKind.ACTION_PLAN, title=PLAN_TITLE
    )


def focused_matches(page, selector: str) -> bool:
    return page.evaluate(
        "(sel) => !!document.activeElement && document.activeElement.matches(sel)", selector
    )


def tab_to(page, selector: str, *, max_tabs: int = MAX_TABS) -> None:
    """Press Tab until the focused element matches `selector` (a CSS selector)."""
    for _ in range(max_tabs):
        if focused_matches(page, selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector!r} was not reached with {max_tabs} presses of Tab on {page.url}")


def choose_option(page, text: str) -> None:
    """In the focused native <select>, move with the arrow keys to the option containing text."""
    index = page.evaluate(
        """(text) => [...document.activeElement.options]
                .findIndex((option) => option.text.includes(text))""",
        text,
    )
    assert index >= 0, f"no option containing {text!r} in the focused select"
    page.keyboard.press("Home")
    for _ in range(index):
        page.keyboard.press("ArrowDown")
    selected = page.evaluate(
        "() => document.activeElement.options[document.activeElement.selectedIndex].text"
    )
    assert text in selected, f"keyboard selection ended on {selected!r}, wanted {text!r}"


def type_into(page, name: str, text: str) -> None:
    """Tab to the field called `name` in the main form, replace its content by typing."""
    tab_to(page, f"main [name={name}]")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def submit_main_form(page) -> None:
    tab_to(page, "main form[method=post] [type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.smoke
def test_demo_user_browses_the_alingsas_action_plan(page, login, demo_data):
    plan = action_plan()
    login(page, STRATEGIST)

    page.goto(reverse("web:home"))
    page.get_by_role("link", name=PLAN_TITLE).first.click()

    assert page.url.endswith(
        reverse("strategy:document-detail", kwargs={"org": ORG, "pk": plan.pk})
    )
    assert page.locator("h1").inner_text().strip().startswith(PLAN_TITLE)
    main = page.locator("main")
    text = main.inner_text()
    focus_areas = list(FocusArea.objects.filter(document=plan).order_by("order", "id"))
    assert len(focus_areas) == 11
    for focus_area in focus_areas:
        assert focus_area.title in text, f"focus area {focus_area} is missing from the tree"
        assert main.locator(f"[id='item-{focus_area.uid}']").count() == 1
    activities = list(Activity.objects.filter(document=plan))
    assert activities
    for activity in activities:
        assert activity.title in text, f"activity {activity} is missing from the tree"

    # From the tree to an activity and back to its document.
    first = activities[0]
    # The link to the activity's own page (the tree also links titles to their place in it).
    page.locator("main a[href*='/activities/']", has_text=first.title).first.click()
    assert page.locator("h1").inner_text().strip().endswith(first.title)
    page.get_by_role("link", name=PLAN_TITLE).first.click()
    assert page.locator("h1").inner_text().strip().startswith(PLAN_TITLE)


@pytest.mark.smoke
def test_strategist_creates_and_edits_an_activity_by_keyboard_only(page, login, demo_data):
    plan = action_plan()
    focus_area = FocusArea.objects.filter(document=plan).order_by("order", "id").first()
    body = Body.objects.get(organisation__slug=ORG, name="Kultur- och fritidsnämnden")
    before = Activity.objects.count()
    login(page, STRATEGIST)
    page.goto(reverse("actionplan:activity-list", kwargs={"org": ORG}))

    # Create: from the list, the "new activity" link, then the form — all by keyboard.
    tab_to(page, "main a[href$='/activities/new/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(reverse("actionplan:activity-create", kwargs={"org": ORG}))

    tab_to(page, "main select[name=document]")
    choose_option(page, PLAN_TITLE)
    type_into(page, "title", "Digital lånekortsansökan")
    type_into(page, "description", "Ansök om lånekort via e-legitimation.")
    tab_to(page, "main select[name=responsible_body]")
    choose_option(page, body.name)
    type_into(page, "start_year", "2019")
    type_into(page, "end_year", "2020")
    tab_to(page, f"main input[name=focus_areas][value='{focus_area.pk}']")
    page.keyboard.press("Space")
    submit_main_form(page)

    assert Activity.objects.count() == before + 1
    created = Activity.objects.get(title="Digital lånekortsansökan")
    assert created.document_id == plan.pk
    assert created.responsible_body_id == body.pk
    assert (created.start_year, created.end_year) == (2019, 2020)
    assert created.description == "Ansök om lånekort via e-legitimation."
    assert list(created.focus_areas.values_list("pk", flat=True)) == [focus_area.pk]
    detail = reverse("actionplan:activity-detail", kwargs={"org": ORG, "pk": created.uid})
    assert page.url.endswith(detail)
    assert "Digital lånekortsansökan" in page.locator("h1").inner_text()

    # Edit: the detail page's edit link, change title and end year, save.
    tab_to(page, f"main a[href$='{detail}edit/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    type_into(page, "title", "Digital lånekortsansökan med BankID")
    type_into(page, "end_year", "2021")
    submit_main_form(page)

    created.refresh_from_db()
    assert created.title == "Digital lånekortsansökan med BankID"
    assert created.end_year == 2021
    assert Activity.objects.count() == before + 1
    assert page.url.endswith(detail)
    assert "Digital lånekortsansökan med BankID" in page.locator("h1").inner_text()


def test_activity_form_shows_field_errors_by_keyboard_and_saves_nothing(page, login, demo_data):
    before = Activity.objects.count()
    login(page, STRATEGIST)
    page.goto(reverse("actionplan:activity-create", kwargs={"org": ORG}))

    tab_to(page, "main select[name=document]")
    choose_option(page, PLAN_TITLE)
    type_into(page, "title", "Felaktig åtgärd")
    type_into(page, "start_year", "2020")
    type_into(page, "end_year", "2019")
    submit_main_form(page)

    assert Activity.objects.count() == before
    end_year = page.locator("main [name=end_year]")
    assert (
        end_year.get_attribute("aria-invalid") == "true" or page.locator("main .errorlist").count()
    )
    assert re.search(r"[Ss]lutår|[Ee]nd year", page.locator("main").inner_text())


# Every main page of the foundation as (URL name, kwargs); kwargs are looked up in the demo.
def _plan_kwargs():
    return {"org": ORG, "pk": action_plan().pk}


def _activity_kwargs():
    return {"org": ORG, "pk": Activity.objects.filter(document=action_plan()).first().pk}


MAIN_PAGES = [
    ("web:home", lambda: {}),
    ("organisation:overview", lambda: {"org": ORG}),
    ("strategy:document-list", lambda: {"org": ORG}),
    ("strategy:document-detail", _plan_kwargs),
    ("actionplan:activity-list", lambda: {"org": ORG}),
    ("actionplan:activity-detail", _activity_kwargs),
    ("actionplan:activity-create", lambda: {"org": ORG}),
    ("strategy:indicator-list", lambda: {"org": ORG}),
    ("strategy:decision-list", lambda: {"org": ORG}),
    ("catalogue:item-list", lambda: {"org": ORG}),
    ("organisation:body-list", lambda: {"org": ORG}),
    ("accounts:profile", lambda: {}),
]


def test_main_pages_have_no_serious_accessibility_violations(page, login, axe_check, demo_data):
    """One demo load for all pages (it is the slow part); every page is checked and all
    problems are reported together, page by page."""
    login(page, STRATEGIST)
    problems = []
    for name, kwargs in MAIN_PAGES:
        try:
            path = reverse(name, kwargs=kwargs() or None)
        except NoReverseMatch:
            problems.append(f"{name}: the page does not exist (no such URL name)")
            continue
        response = page.goto(path)
        if response.status != 200:
            problems.append(f"{name} ({path}): answered {response.status}")
            continue
        if page.locator("h1").count() != 1:
            problems.append(f"{name} ({path}): has {page.locator('h1').count()} h1, wants 1")
        if page.locator("html").get_attribute("lang") not in {"sv", "en"}:
            problems.append(f"{name} ({path}): <html lang> is not sv or en")
        try:
            axe_check(page)
        except pytest.fail.Exception as failure:
            problems.append(f"{name} ({path}): {failure}")
    assert not problems, f"{len(problems)} of {len(MAIN_PAGES)} main pages fail:\n" + "\n".join(
        problems
    )


@pytest.mark.smoke
def test_login_page_has_no_serious_accessibility_violations(page, axe_check):
    response = page.goto(reverse("accounts:login"))

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert page.get_by_label(re.compile("användarnamn|username", re.I)).count() == 1
    axe_check(page)


def test_english_interface_has_no_serious_accessibility_violations(
    page, login, axe_check, demo_data
):
    login(page, STRATEGIST)
    page.goto(reverse("strategy:document-detail", kwargs=_plan_kwargs()))

    # The language switch is a real form button: reach it by keyboard.
    tab_to(page, "button[name=language][value=en]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.locator("html").get_attribute("lang") == "en"
    axe_check(page)
