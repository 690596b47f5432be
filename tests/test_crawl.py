"""Crawl the whole demo as every demo account and as an anonymous visitor: every link the app
renders leads to a page that answers without a server error, 403 or 404; every HTML page has one
`<h1>`, `lang` on `<html>`, a `<main>` landmark, a label for every field, `scope` on every table
header, `alt` on every image and no duplicate ids; no inline style (`style=` attribute,
`<style>`) or inline script without a nonce, and the Content-Security-Policy header; Swedish
pages show no untranslated English interface strings, and no page shows a raw uid (UUID-shaped
text) or a raw choice code (`ongoing`, `operating`, `focus_area`) where its label belongs;
downloads (PDF, DOCX, XLSX, ICS) come with their content type and a body, and every PDF, Word
and Excel file passes tests/export_checks.py (A4, rendered page not blank, numbers as numeric
cells, no formula, no uid, field name, raw code or English string); a reader finds no edit
forms. Also: the English interface, a secret-link holder's pages, every page closed to another
organisation (404) and to anonymous visitors (login), and every API read endpoint answering 200
to the organisation and 404 to another."""

import datetime
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit

import polib
import pytest
from django.test import Client
from django.utils import timezone

import malbild

from .export_checks import export_problems

PASSWORD = "malbild-demo"
ACCOUNTS = [
    "demo-admin",
    "alingsas-strateg",
    "alingsas-redaktor",
    "alingsas-lasare",
    "alingsas-remiss-kfn",
    "kristianstad-strateg",
    None,  # anonymous
]
MAX_PAGES = 600  # an upper bound only: PER_PATTERN keeps each crawl to its page types
# The anonymous visitor sees the welcome and login pages; a respondent their consultations.
MIN_PAGES = {None: 2, "alingsas-remiss-kfn": 5}
PER_PATTERN = 3
SKIP_PREFIXES = (
    "/admin/",
    "/api/v1/docs",
    "/i18n/",
    "/accounts/logout/",
    "/static/",
    # The public portal's language switch is a link that sets the cookie (the English crawl
    # is a test of its own).
    "/portal/language/",
)
DOWNLOADS = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ics": "text/calendar",
}
# POST forms a reader may see: log out, switch language, and their own account (password,
# personal API tokens) — nothing that changes the organisation's data.
READER_ALLOWED_POSTS = ("/accounts/", "/i18n/setlang/")
# Server-rendered charts make these pages slow: each pattern is checked once per module.
HEAVY = ("/dashboard/", "/report/")
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}
# Downloads are fetched once per URL pattern over the whole module (PDF rendering is slow).
_downloaded: dict[str, str] = {}
_heavy_seen: set[str] = set()


def _english_msgids() -> set[str]:
    """Interface strings whose Swedish translation differs from the English msgid."""
    msgids = set()
    for po_path in Path(malbild.__file__).parent.glob("*/locale/sv/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            text = entry.msgid.strip()
            if (
                entry.msgstr
                and not entry.fuzzy
                and entry.msgstr.strip() != text
                and "%" not in text
                and "{" not in text
                and len(text.split()) >= 2
                and re.fullmatch(r"[A-Za-z ,.'()–-]+", text)
            ):
                msgids.add(text)
    return msgids


def _django_untranslated() -> set[str]:
    """Django's own interface strings that its Swedish catalogues do not translate (e.g.
    Django 6.1's blank select choice "- Select an option -"): on a Swedish page they would
    show in English unless Målbild translates or replaces them."""
    import django

    root = Path(django.__file__).parent
    strings = set()
    for en_path in root.glob("**/locale/en/LC_MESSAGES/django.po"):
        sv_path = Path(str(en_path).replace("/locale/en/", "/locale/sv/"))
        translated = (
            {e.msgid for e in polib.pofile(str(sv_path)) if e.msgstr or e.msgstr_plural}
            if sv_path.exists()
            else set()
        )
        for entry in polib.pofile(str(en_path)):
            text = entry.msgid.strip()
            if (
                entry.msgid not in translated
                and "%" not in text
                and "{" not in text
                and len(text.split()) >= 2
                and re.fullmatch(r"[A-Za-z ,.'()–-]+", text)
            ):
                strings.add(text)
    return strings


ENGLISH = _english_msgids() | _django_untranslated()
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
# A code_with_underscores in running text is a field name or choice code shown raw.
IDENTIFIER = re.compile(r"(?<![\w/.@-])[a-z]+(?:_[a-z]+)+(?![\w/.@-])")


def _choice_codes() -> set[str]:
    """Every choice code of the apps' constants whose label differs from it (a raw one on a
    page means a label was not looked up), and the snapshot item types."""
    import importlib

    from django.db import models

    codes = {"section", "overall_goal", "focus_area", "goal", "indicator", "activity"}
    for path in Path(malbild.__file__).parent.glob("*/constants.py"):
        module = importlib.import_module(f"malbild.{path.parent.name}.constants")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, models.Choices):
                codes.update(str(code) for code, label in value.choices if str(code) != str(label))
    return {c for c in codes if re.fullmatch(r"[a-z_]+", c)}


class PageParser(HTMLParser):
    """Collects what the crawl checks: links, h1s, ids, labels, fields, forms and text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.h1 = 0
        self.html_lang = None
        self.main = 0
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.fields: list[tuple[str, dict, bool]] = []
        self.forms: list[tuple[str, str]] = []
        self.texts: list[str] = []
        self.attribute_texts: list[str] = []  # shown to people: title, aria-label, alt
        self.skip_text = 0
        self.th_without_scope = 0
        self.img_without_alt = 0
        # What the Content-Security-Policy forbids: inline styles and scripts without a nonce.
        self.inline: list[str] = []
        # GET forms (filters, comparisons) submitted with the values they show.
        self.get_forms: list[str] = []
        self._get_form: tuple[str, list] | None = None
        self._select: tuple[str, list] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.inline.append(f"<{tag} style=…>")
        if tag == "style" and not attrs.get("nonce"):
            self.inline.append("<style>")
        if (
            tag == "script"
            and not attrs.get("src")
            and not attrs.get("nonce")
            and attrs.get("type") != "application/json"  # a data block, never executed
        ):
            self.inline.append("<script>")
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        for name in ("title", "aria-label", "alt", "placeholder"):
            if attrs.get(name):
                self.attribute_texts.append(attrs[name])
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "h1":
            self.h1 += 1
        elif tag == "main":
            self.main += 1
        elif tag == "th" and not attrs.get("scope"):
            self.th_without_scope += 1
        elif tag == "img" and attrs.get("alt") is None:
            self.img_without_alt += 1
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea"):
            kind = (attrs.get("type") or "text").lower() if tag == "input" else tag
            if kind not in UNLABELLED_TYPES:
                self.fields.append((tag, attrs, self.label_depth > 0))
            self._get_form_field(tag, kind, attrs)
        elif tag == "option" and self._select is not None:
            self._select[1].append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append((method, attrs.get("action") or ""))
            if method == "get":
                self._get_form = (attrs.get("action") or "", [])
        elif tag in ("script", "style"):
            self.skip_text += 1

    def _get_form_field(self, tag, kind, attrs):
        if self._get_form is None or not attrs.get("name"):
            return
        if tag == "select":
            self._select = (attrs["name"], [])
        elif tag == "input" and kind not in ("submit", "button", "reset", "image"):
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._get_form[1].append((attrs["name"], attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._get_form is not None:
            name, options = self._select
            chosen = [value for value, selected in options if selected] or [
                value for value, _selected in options[:1]
            ]
            self._get_form[1].extend((name, value) for value in chosen)
            self._select = None
        elif tag == "form" and self._get_form is not None:
            action, values = self._get_form
            self.get_forms.append(action + "?" + urlencode(values))
            self._get_form = None
        elif tag == "label" and self.label_depth:
            self.label_depth -= 1
        elif tag in ("script", "style") and self.skip_text:
            self.skip_text -= 1

    def handle_data(self, data):
        if not self.skip_text and data.strip():
            self.texts.append(" ".join(data.split()))


def pattern_of(url: str) -> str:
    """The URL with numbers and tokens generalised, and query values dropped."""
    parts = urlsplit(url)
    path = re.sub(r"/[A-Za-z0-9_-]{20,}/", "/<token>/", parts.path)
    path = re.sub(r"\d+", "<n>", path)
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def normalise(href: str, base: str) -> str | None:
    """An internal URL to crawl, or None for external, mail and fragment-only links."""
    if href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    url, _fragment = urldefrag(urljoin("http://testserver" + base, href))
    parts = urlsplit(url)
    if parts.netloc != "testserver" or not parts.path:
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def check_html(url: str, html: str, account: str | None, problems: list[str]) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    where = f"{url} ({account or 'anonymous'})"
    if parser.h1 != 1:
        problems.append(f"{where}: {parser.h1} <h1> elements, expected exactly one")
    if not parser.html_lang:
        problems.append(f"{where}: <html> has no lang")
    if parser.main != 1:
        problems.append(f"{where}: {parser.main} <main> landmarks, expected one")
    if parser.th_without_scope:
        problems.append(f"{where}: {parser.th_without_scope} <th> without scope")
    if parser.img_without_alt:
        problems.append(f"{where}: {parser.img_without_alt} <img> without alt")
    if parser.inline:
        problems.append(f"{where}: inline style or script (CSP): {sorted(set(parser.inline))}")
    seen, duplicates = set(), set()
    for element_id in parser.ids:
        (duplicates if element_id in seen else seen).add(element_id)
    if duplicates:
        problems.append(f"{where}: duplicate ids {sorted(duplicates)}")
    for tag, attrs, wrapped in parser.fields:
        labelled = (
            wrapped
            or attrs.get("aria-label")
            or attrs.get("aria-labelledby")
            or (attrs.get("id") and attrs["id"] in parser.label_for)
        )
        if not labelled:
            problems.append(f"{where}: <{tag} name={attrs.get('name')!r}> has no label")
    if parser.html_lang == "sv":
        english = sorted({text for text in parser.texts if text in ENGLISH})
        if english:
            problems.append(f"{where}: English text on a Swedish page: {english}")
    shown = parser.texts + parser.attribute_texts
    uids = sorted({m for text in shown for m in UUID.findall(text)})
    if uids:
        problems.append(f"{where}: raw uids shown: {uids[:5]}")
    codes = _codes()
    raw = sorted(
        {text for text in shown if text in codes}
        | {m for text in shown for m in IDENTIFIER.findall(text)}
    )
    if raw:
        problems.append(f"{where}: raw codes shown where a label belongs: {raw[:10]}")
    if account == "alingsas-lasare":
        for method, action in parser.forms:
            target = urlsplit(urljoin(url, action or url)).path
            if method == "post" and not target.startswith(READER_ALLOWED_POSTS):
                problems.append(f"{where}: a reader sees a POST form to {target!r}")
    return parser


_CODES: set[str] = set()


def _codes() -> set[str]:
    if not _CODES:
        _CODES.update(_choice_codes())
    return _CODES


def check_download(client: Client, url: str, account, problems: list[str]) -> None:
    pattern = pattern_of(url)
    if pattern in _downloaded:
        return
    response = client.get(url)
    where = f"{url} ({account or 'anonymous'})"
    if response.status_code != 200:
        problems.append(f"{where}: download answered {response.status_code}")
        return
    _downloaded[pattern] = url
    suffix = Path(urlsplit(url).path).suffix
    content_type = response.headers.get("Content-Type", "")
    if not content_type.startswith(DOWNLOADS[suffix]):
        problems.append(f"{where}: content type {content_type!r}, expected {DOWNLOADS[suffix]}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if not body:
        problems.append(f"{where}: empty download")
        return
    # The Swedish-only checks (no English string, no choice code on a line of its own — in an
    # English file "Operating cost" may wrap before "cost") apply to Swedish files.
    swedish = response.headers.get("Content-Language", "sv").startswith("sv")
    found = export_problems(
        suffix,
        body,
        uuid=UUID,
        identifier=IDENTIFIER,
        codes=_codes() if swedish else set(),
        english=ENGLISH if swedish else set(),
    )
    problems.extend(f"{where}: {problem}" for problem in found)


def crawl(
    client: Client,
    account: str | None,
    per_pattern_limit: int = PER_PATTERN,
    html_pages=None,
    start: str = "/",
) -> tuple[list[str], int]:
    """Breadth-first from `start`; returns the problems found and the number of pages fetched.
    `html_pages`, when given, collects {pattern: first url} of the HTML pages reached."""
    problems: list[str] = []
    queue = deque([(start, None)])
    queued = {start}
    per_pattern: dict[str, int] = {}
    pages = 0
    while queue and pages < MAX_PAGES:
        url, source = queue.popleft()
        path = urlsplit(url).path
        if Path(path).suffix in DOWNLOADS:
            if html_pages is None:
                check_download(client, url, account, problems)
            continue
        if path.endswith(HEAVY) and html_pages is None:
            if pattern_of(url) in _heavy_seen:
                continue
            _heavy_seen.add(pattern_of(url))
        response = client.get(url)
        pages += 1
        where = f"{url} ({account or 'anonymous'}, linked from {source})"
        status = response.status_code
        if status >= 500:
            problems.append(f"{where}: server error {status}")
            continue
        if status in (403, 404):
            problems.append(f"{where}: answered {status} for a link the app rendered")
            continue
        if status in (301, 302, 303, 307, 308):
            targets = [response.headers["Location"]]
        elif status == 200 and response.headers.get("Content-Type", "").startswith("text/html"):
            if "default-src 'self'" not in response.headers.get("Content-Security-Policy", ""):
                problems.append(f"{where}: no Content-Security-Policy header")
            parser = check_html(url, response.content.decode(), account, problems)
            targets = parser.links + parser.get_forms
            if html_pages is not None:
                html_pages.setdefault(pattern_of(url), url)
        else:
            continue
        for href in targets:
            if "?" in urlsplit(href).query:
                problems.append(f"{where}: malformed link {href!r}")
            target = normalise(href, url)
            if target is None or target in queued or target.startswith(SKIP_PREFIXES):
                continue
            pattern = pattern_of(target)
            if per_pattern.get(pattern, 0) >= per_pattern_limit:
                continue
            per_pattern[pattern] = per_pattern.get(pattern, 0) + 1
            queued.add(target)
            queue.append((target, url))
    return problems, pages


def crawl_urls(client: Client, account: str | None, per_pattern: int = 1) -> dict[str, str]:
    """{pattern: url} of every HTML page pattern the client reaches (for the browser tests)."""
    pages: dict[str, str] = {}
    crawl(client, account, per_pattern_limit=per_pattern, html_pages=pages)
    return pages


@pytest.fixture(scope="module")
def demo(demo_db):
    """The full demo (with consultation and follow-up), once for the module (conftest.py)."""


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a or "anonymous")
def test_every_rendered_link_works_and_every_page_is_accessible(demo, db, account):
    client = Client()
    if account:
        assert client.login(username=account, password=PASSWORD), account
    problems, pages = crawl(client, account)
    assert pages >= MIN_PAGES.get(account, 20), f"only {pages} pages reached"
    assert not problems, "\n".join(problems[:60])


def test_downloads_were_checked(demo, db):
    """The crawl reaches every kind of file download the demo offers (and checks each)."""
    kinds = {Path(urlsplit(url).path).suffix for url in _downloaded.values()}
    if kinds != set(DOWNLOADS):  # run on its own, without the crawls above
        client = Client()
        assert client.login(username="demo-admin", password=PASSWORD)
        problems, _pages = crawl(client, "demo-admin")
        assert not problems, "\n".join(problems[:60])
        kinds = {Path(urlsplit(url).path).suffix for url in _downloaded.values()}
    assert kinds >= {".pdf", ".docx", ".xlsx", ".ics"}, kinds


def test_the_english_sample_is_not_empty():
    """The untranslated-string check has interface strings to look for."""
    assert {"Log out", "Skip to main content"} <= ENGLISH or len(ENGLISH) > 100
    # Django's own strings that its Swedish catalogue lacks are looked for too.
    assert "- Select an option -" in ENGLISH


def test_another_organisation_and_anonymous_visitors_reach_none_of_the_pages(demo, db):
    """Every Alingsås page the strategist reaches answers 404 to Kristianstad's strategist and
    sends an anonymous visitor to the login page; a respondent sees only the consultations.
    The open data (/o/<org>/data/) is the exception: to anyone without a role it answers as
    the portal publishes it (200 for what is published, else 404, never a login;
    docs/adr/0015, addendum; tested in opendata/tests/test_public.py)."""
    strategist = Client()
    assert strategist.login(username="alingsas-strateg", password=PASSWORD)
    pages = list(crawl_urls(strategist, "alingsas-strateg").values())
    alingsas = [url for url in pages if url.startswith("/o/alingsas/")]
    assert len(alingsas) >= 40, alingsas
    outsider, anonymous, respondent = Client(), Client(), Client()
    assert outsider.login(username="kristianstad-strateg", password=PASSWORD)
    assert respondent.login(username="alingsas-remiss-kfn", password=PASSWORD)
    problems = []
    for url in alingsas:
        if url.startswith("/o/alingsas/data/"):
            public = anonymous.get(url)
            for who, client in (("kristianstad-strateg", outsider), ("anonymous", anonymous)):
                response = client.get(url)
                if response.status_code != public.status_code or response.status_code == 302:
                    problems.append(f"{url}: {who} got {response.status_code}, expected public")
            continue
        status = outsider.get(url).status_code
        if status != 404:
            problems.append(f"{url}: kristianstad-strateg got {status}, expected 404")
        response = anonymous.get(url)
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            problems.append(f"{url}: anonymous got {response.status_code}, expected a login")
        if "/consultations/" not in url:
            status = respondent.get(url).status_code
            if status != 404:
                problems.append(f"{url}: alingsas-remiss-kfn got {status}, expected 404")
    assert not problems, "\n".join(problems)


def api_get_urls(client: Client, org: str) -> list[str]:
    """A URL for every GET endpoint of the OpenAPI schema under `/organisations/{org}/` that
    needs at most one more identifier (taken from the first row of the matching list) and no
    query parameter."""
    schema = client.get("/api/v1/openapi.json").json()
    paths = sorted(
        (
            path
            for path, operations in schema["paths"].items()
            if "get" in operations
            and not any(  # endpoints that need query parameters (the version comparison)
                p["in"] == "query" and p.get("required")
                for p in operations["get"].get("parameters", [])
            )
        ),
        key=lambda path: ("{" in path.replace("{org}", ""), path),
    )
    urls, first_ids = [], {}
    for path in paths:  # every list before any detail, so each detail finds its list's rows
        if not path.startswith("/api/v1/organisations/{org}/"):
            continue
        path = path.replace("{org}", org)
        params = re.findall(r"\{(\w+)\}", path)
        if not params:
            urls.append(path)
            data = client.get(path).json()
            rows = data.get("items", []) if isinstance(data, dict) else data
            if rows and isinstance(rows[0], dict) and "id" in rows[0]:
                first_ids[path] = rows[0]["id"]
                if "activity" in rows[0]:  # e.g. a benefit calculation: its activity has one
                    first_ids[path + ":activity"] = rows[0]["activity"]
        elif len(params) == 1:
            list_path = path[: path.index("/{")]
            # An activity's own sub-resource (its benefit calculation) exists for the
            # activities that have one: the activity of the first row of that resource's list.
            sub_list = f"{list_path.rsplit('/', 1)[0]}/{path.rsplit('/', 1)[1]}s:activity"
            if path.endswith("}/benefit-calculation") and sub_list in first_ids:
                urls.append(path.replace("{" + params[0] + "}", str(first_ids[sub_list])))
            elif list_path in first_ids:
                urls.append(path.replace("{" + params[0] + "}", str(first_ids[list_path])))
            elif params[0] == "document_id":
                document = first_ids[f"/api/v1/organisations/{org}/documents"]
                urls.append(path.replace("{document_id}", str(document)))
    return urls


def test_every_api_read_endpoint_answers_and_is_closed_to_other_organisations(demo, db):
    """Each GET endpoint of the API answers 200 with JSON to the strategist on the demo data
    (an endpoint for administrators only, such as the portal's feedback, answers 403 to the
    strategist and 200 to the administrator) and 404 to a user of another organisation."""
    strategist, admin, outsider = Client(), Client(), Client()
    assert strategist.login(username="alingsas-strateg", password=PASSWORD)
    assert admin.login(username="demo-admin", password=PASSWORD)
    assert outsider.login(username="kristianstad-strateg", password=PASSWORD)
    urls = api_get_urls(strategist, "alingsas")
    assert len(urls) >= 30, urls
    problems = []
    for url in urls:
        response = strategist.get(url)
        if response.status_code == 403:
            response = admin.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith(
            "application/json"
        ):
            problems.append(f"{url}: {response.status_code} {response['Content-Type']}")
        status = outsider.get(url).status_code
        if status != 404:
            problems.append(f"{url}: kristianstad-strateg got {status}, expected 404")
    assert not problems, "\n".join(problems)


def test_the_english_interface_works_too(demo, db):
    """Switched to English, the strategist's pages answer and say `lang="en"`."""
    client = Client()
    assert client.login(username="alingsas-strateg", password=PASSWORD)
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get("/").content.decode()
    problems, pages = crawl(client, "alingsas-strateg", per_pattern_limit=1)
    assert pages >= 40
    assert not problems, "\n".join(problems[:60])


def test_a_secret_link_holder_reaches_only_working_pages_of_their_response(demo, db):
    """An external body answering through its secret link, without an account: every page
    linked from its response form works and passes the page checks."""
    from malbild.accounts.models import User
    from malbild.consultation import services as consultation_services
    from malbild.core.access import access_for
    from malbild.organisation.models import Body, Organisation
    from malbild.strategy import services as strategy_services
    from malbild.strategy.models import SteeringDocument

    org = Organisation.objects.get(slug="alingsas")
    strategist = access_for(User.objects.get(username="alingsas-strateg"), org)
    vision = SteeringDocument.objects.get(
        organisation=org, title="Digital målbild för Alingsås kommun – öppen och smart"
    )
    version = strategy_services.version_freeze(access=strategist, document=vision, label="Remiss")
    sambruk = Body.objects.get(organisation=org, name__contains="Sambruk")
    round_ = consultation_services.consultation_round_open(
        access=strategist,
        version=version,
        title="Remiss: Digital målbild",
        deadline=timezone.localdate() + datetime.timedelta(days=30),
        bodies=[sambruk],
    )
    _link, raw = consultation_services.secret_link_create(
        access=strategist, consultee=round_.consultees.get(body=sambruk)
    )
    client = Client()
    problems, pages = crawl(client, None, start=f"/o/alingsas/remiss/{raw}/")
    assert pages >= 2, pages
    assert not problems, "\n".join(problems[:60])


def test_pagination_links_keep_the_filters_in_one_query_string(rf):
    """`{% querystring %}` writes the leading "?" itself: the links are "?q=x&page=2", not
    "??q=x&page=2" (which lost the filters and grew with every click)."""
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    request = rf.get("/o/alingsas/activities/", {"q": "arkiv", "page": "2"})
    page = Paginator(range(60), 20).page(2)
    html = render_to_string("web/_pagination.html", {"page_obj": page}, request=request)
    assert 'href="?q=arkiv&amp;page=1"' in html and 'href="?q=arkiv&amp;page=3"' in html, html
    assert "??" not in html
