"""Browser-test fixtures: Playwright for Python driving Debian's Chromium against live_server.

Every test in this directory is marked `browser`. Fixtures (the names are fixed; other test
modules use them):

- `browser`    — one headless Chromium for the session (`/usr/bin/chromium`; Playwright's own
                 browser download is not used). Playwright's `launch()` gives every run a fresh,
                 temporary user-data directory.
- `page`       — a new page in a new context per test, `base_url` = `live_server.url`, Swedish
                 locale (the interface default), so `page.goto("/o/alingsas/")` works.
- `login`      — `login(page, username, password)` logs in through the real login form.
- `axe_check`  — `axe_check(page)` runs axe-core (from axe-playwright-python) on the current
                 page and fails the test on any serious or critical violation, listing each.
- `demo_data`  — `malbild demo` (the two demo municipalities and the demo accounts), committed;
                 on SQLite loaded once per worker and copied back for each test.
- `url`        — `url("strategy:document-list", org="alingsas")` → path; fails with a readable
                 message when the URL name does not exist.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch, reverse

# Playwright's sync API runs an event loop in this thread; Django's ORM (used by fixtures and
# factories in the same thread) would otherwise refuse with SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("MALBILD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "malbild-demo"
# Every impact blocks (#10: raised from "serious or critical" to any violation).
BLOCKING_IMPACTS = ("minor", "moderate", "serious", "critical")
# The page types are checked at a phone's and a desktop's width.
VIEWPORTS = {"narrow": {"width": 390, "height": 844}, "wide": {"width": 1280, "height": 900}}
# A page of this app renders in well under a second; 20 s leaves room for a loaded CI machine.
TIMEOUT_MS = 20_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login():
    """`login(page, username, password="malbild-demo")`: log in through the login form."""

    def do_login(page, username, password=DEMO_PASSWORD):
        login_path = reverse("accounts:login")
        page.goto(login_path)
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("input[name=password]").press("Enter")
        if urlsplit(page.url).path == login_path:
            main = page.locator("main").inner_text()
            pytest.fail(f"login as {username!r} failed; the login page says:\n{main}")
        return page

    return do_login


def format_violations(violations, url):
    lines = [f"axe-core found accessibility violations on {url}:"]
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    at {target}: {node.get('failureSummary', '').splitlines()[-1]}")
            lines.append(f"       {node.get('html', '')[:160]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


@pytest.fixture
def axe_check():
    """`axe_check(page)`: fail on any axe-core violation (any impact); returns all results."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page)
        violations = results.response["violations"]
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        if blocking:
            pytest.fail(format_violations(blocking, page.url), pytrace=False)
        return results.response

    return check


@pytest.fixture
def demo_data(transactional_db, demo_snapshots):
    """The demo municipalities (Alingsås, Kristianstad) and accounts, loaded with `malbild demo`
    (committed, for the live server; `transactional_db` empties the database afterwards). On
    SQLite the command runs once per worker and later tests get a copy of its database
    (`demo_snapshots`, the root conftest.py)."""
    demo_snapshots.commit()


@pytest.fixture
def url():
    """`url(name, **kwargs)` → path; fails the test with a readable message for a missing page."""

    def resolve(name, **kwargs):
        try:
            return reverse(name, kwargs=kwargs or None)
        except NoReverseMatch:
            pytest.fail(f"the page {name!r} ({kwargs}) does not exist (no such URL name)")

    return resolve
