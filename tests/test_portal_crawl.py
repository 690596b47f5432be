"""An anonymous crawl of the public portal (issue #14): starting from the site's start page
and following every link under /portal/, every page answers 200 and the items it reaches
are exactly those published — every activity and indicator of the adopted version of each
published document, the closed periods and the closed rounds — and nothing else: no item of
an unpublished document, no open period or round, no text of a draft, an unapproved comment
or the working copy, and no UUID shown as text. Guessed addresses of what is not published
answer 404. The crawl follows the footer's link to the open data (/o/<org>/data/) too: every
file it lists (and the DCAT-AP-SE catalogue) answers 200 without a login and holds nothing
unpublished. The files attached to the closed rounds' responses are downloaded too: exactly
those of submitted responses in published, closed rounds, never a draft's or an open round's."""

import re
import uuid
from html.parser import HTMLParser

from django.test import Client
from django.urls import reverse

from malbild.core.tests.factories import OrganisationFactory
from malbild.portal.selectors import period_key
from malbild.portal.tests.helpers import SECRET, build_portal
from malbild.strategy.snapshot import upgrade

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
ITEM = re.compile(
    r"/portal/[^/]+/d/(?P<doc>[0-9a-f-]{36})/(?P<kind>activities|indicators)/(?P<uid>[0-9a-f-]{36})/"
)
FILE = re.compile(r"\.(pdf|docx|xlsx)$|/logo$|brand\.css$|/language/")
OPEN_DATA = re.compile(r"^/o/[^/]+/data/")
DATA_FILE = re.compile(r"\.(json|jsonld|csv)$")
ATTACHMENT = re.compile(r"^/portal/[^/]+/d/[0-9a-f-]{36}/consultations/[^/]+/files/[0-9a-f]+/$")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.text = [], []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href.split("#")[0])

    def handle_data(self, data):
        self.text.append(data)


def crawl(client, files: dict | None = None, downloads: dict | None = None) -> dict[str, str]:
    """path → the page's text, for every portal and open-data page reachable from `/`; the
    open-data files reached go into `files` (path → content), the responses' attachments
    into `downloads` (path → (Content-Disposition, bytes))."""
    seen: dict[str, str] = {}
    files = {} if files is None else files
    downloads = {} if downloads is None else downloads
    queue = ["/"]
    while queue:
        path = queue.pop()
        if path in seen or path in files or path in downloads:
            continue
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        if ATTACHMENT.match(path):
            body = b"".join(response.streaming_content)
            downloads[path] = (response["Content-Disposition"], body)
            continue
        if DATA_FILE.search(path):
            files[path] = response.content.decode()
            continue
        parser = _Links()
        parser.feed(response.content.decode())
        seen[path] = " ".join(parser.text)
        for link in parser.links:
            link = link.replace("&amp;", "&")
            public = link.startswith("/portal/") or OPEN_DATA.match(link)
            if public and not FILE.search(link.split("?")[0]):
                if "/feedback/" in link:
                    link = link.split("?")[0]
                if link not in seen:
                    queue.append(link)
    return seen


def test_the_anonymous_crawl_finds_exactly_what_is_published(db, org, admin_user):
    portal = build_portal(org, admin_user, size=3)
    OrganisationFactory(slug="utan-portal", name="Kommun utan portal")
    files: dict[str, str] = {}
    downloads: dict[str, tuple] = {}
    pages = crawl(Client(), files, downloads)

    reached = {(m["kind"], m["uid"]) for path in pages if (m := ITEM.search(path))}
    snapshot = upgrade(portal.document.adopted_version.snapshot)
    published = {
        ("activities" if i["type"] == "activity" else "indicators", i["uid"])
        for i in snapshot["items"]
        if i["type"] in ("activity", "indicator")
    }
    assert reached == published
    hidden_uids = {str(a.uid) for a in portal.hidden.activities.all()}
    assert not any(uid in path for path in pages for uid in hidden_uids)
    assert not any(str(portal.hidden.uid) in path for path in pages)

    periods = {p for p in pages if "/follow-up/" in p}
    assert periods == {
        reverse(
            "portal:report",
            kwargs={
                "org": org.slug,
                "doc": portal.document.uid,
                "period": period_key(portal.closed_period),
            },
        )
    }
    rounds = {p for p in pages if "/consultations/" in p}
    assert len(rounds) == 1
    assert reverse("opendata:index", kwargs={"org": org.slug}) in pages
    assert set(files) == {
        reverse(f"opendata:{kind}-{fmt}", kwargs={"org": org.slug, "pk": pk})
        for kind, pk in (("document", portal.document.uid), ("period", portal.closed_period.pk))
        for fmt in ("json", "csv")
    } | {reverse("opendata:catalog", kwargs={"org": org.slug})}
    for path, content in files.items():
        assert SECRET not in content, path
        assert str(portal.hidden.uid) not in content, path
    # The responses' attachments: exactly the closed round's submitted one.
    assert [body for _disposition, body in downloads.values()] == [
        portal.public_file.file.open("rb").read()
    ]
    for disposition, body in downloads.values():
        assert SECRET.encode() not in body and "Hemligt" not in disposition
    for path, text in pages.items():
        assert SECRET not in text, path
        assert not UUID.search(text), path
        assert "utan-portal" not in path


def test_guessed_addresses_of_unpublished_things_are_404(db, org, admin_user):
    portal = build_portal(org, admin_user, size=1)
    client = Client()
    base = f"/portal/{org.slug}/d/"
    guesses = [
        f"{base}{portal.hidden.uid}/",
        f"{base}{portal.document.uid}/activities/{portal.hidden.activities.first().uid}/",
        f"{base}{portal.document.uid}/indicators/{uuid.uuid4()}/",
        f"{base}{portal.document.uid}/follow-up/{period_key(portal.open_period)}/",
        f"{base}{portal.document.uid}/follow-up/{period_key(portal.open_period)}/report.pdf",
        f"{base}{portal.document.uid}/consultations/{portal.open_round.sent_on}-2/",
        f"{base}{portal.hidden.uid}/plan.pdf",
        *(
            f"{base}{portal.document.uid}/consultations/{key}/files/{a.sha256[:20]}/"
            for a in portal.hidden_files
            for key in (portal.open_round.sent_on, f"{portal.open_round.sent_on}-2")
        ),
        f"{base}{portal.document.pk}/",
        "/portal/utan-portal/",
    ]
    for path in guesses:
        assert client.get(path).status_code == 404, path
