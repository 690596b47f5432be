"""The public portal's pages: reachable without a login only for an organisation whose
portal is on and only for what it published (the adopted version, closed follow-ups, closed
consultation rounds); everything else 404. Conditional answers (ETag, 304, Cache-Control),
the language switch, and a fixed number of queries per page at two data sizes."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.accounts.constants import Role
from malbild.accounts.services import membership_set
from malbild.core.access import access_for
from malbild.core.tests.factories import UserFactory
from malbild.portal import services
from malbild.portal.selectors import period_key

from .helpers import SECRET, build_portal


def _urls(org, portal) -> dict[str, str]:
    doc = portal.document.uid
    kw = {"org": org.slug, "doc": doc}
    return {
        "start": reverse("portal:start", kwargs={"org": org.slug}),
        "document": reverse("portal:document", kwargs=kw),
        "activity": reverse("portal:activity", kwargs={**kw, "item": portal.activities[0].uid}),
        "indicator": reverse("portal:indicator", kwargs={**kw, "item": portal.indicators[0].uid}),
        "report": reverse(
            "portal:report", kwargs={**kw, "period": period_key(portal.closed_period)}
        ),
        "consultation": reverse("portal:consultation", kwargs={**kw, "round": "2018-02-28"}),
        "accessibility": reverse("portal:accessibility", kwargs={"org": org.slug}),
        "feedback": reverse("portal:feedback", kwargs={"org": org.slug}),
    }


@pytest.fixture
def portal(org, admin_user):
    return build_portal(org, admin_user)


def test_every_page_answers_anonymously(client, org, portal):
    for name, url in _urls(org, portal).items():
        response = client.get(url)
        assert response.status_code == 200, name
        text = response.content.decode()
        assert SECRET not in text, name
        assert '<html lang="sv">' in text


def test_document_page_shows_adopted_version_and_approved_comments_only(client, org, portal):
    text = client.get(_urls(org, portal)["document"]).content.decode()
    assert "Publicerad åtgärd 0" in text and "Publicerad indikator 1" in text
    assert "Godkänd kommentar 0" in text  # approved in the closed period
    assert "inlämnad" not in text  # submitted, never approved
    assert "pågående period" not in text  # an open period
    assert "Follow-up 2018" in text or "Uppföljning 2018" in text


def test_a_change_to_the_working_copy_is_not_published(client, org, portal):
    act = portal.activities[0]
    type(act).objects.filter(pk=act.pk).update(title="Ändrad i arbetskopian")
    text = client.get(_urls(org, portal)["document"]).content.decode()
    assert "Ändrad i arbetskopian" not in text
    assert "Publicerad åtgärd 0" in text


def test_unpublished_and_unknown_addresses_are_404(client, org, portal):
    urls = _urls(org, portal)
    kw = {"org": org.slug, "doc": portal.hidden.uid}
    hidden_activity = portal.hidden.activities.first()
    refused = [
        reverse("portal:document", kwargs=kw),
        reverse("portal:activity", kwargs={**kw, "item": hidden_activity.uid}),
        reverse(
            "portal:activity",
            kwargs={"org": org.slug, "doc": portal.document.uid, "item": hidden_activity.uid},
        ),
        reverse("portal:document", kwargs={"org": org.slug, "doc": uuid.uuid4()}),
        reverse(
            "portal:report",
            kwargs={
                "org": org.slug,
                "doc": portal.document.uid,
                "period": period_key(portal.open_period),
            },
        ),
        urls["consultation"].replace("2018-02-28", "2018-02-28-2"),
        reverse("portal:start", kwargs={"org": "no-such-org"}),
        urls["document"].replace(str(portal.document.uid), str(portal.document.pk)),
    ]
    for url in refused:
        assert client.get(url).status_code == 404, url


def test_portal_off_answers_404_everywhere(client, org, admin_user, portal):
    services.portal_settings_update(access=access_for(admin_user, org), data={"enabled": False})
    for name, url in _urls(org, portal).items():
        assert client.get(url).status_code == 404, name


def test_withdrawn_document_is_404(client, org, admin_user, portal):
    url = _urls(org, portal)["document"]
    services.document_publication_set(
        access=access_for(admin_user, org), document=portal.document, published=False
    )
    assert client.get(url).status_code == 404


def test_consultation_page_shows_responses_and_dispositions_not_drafts(client, org, portal):
    text = client.get(_urls(org, portal)["consultation"]).content.decode()
    assert "Yttrande 0" in text and "Synpunkt i remissen 1" in text and "Bemötande 1" in text
    assert "utkast" not in text.lower() or SECRET not in text
    assert "hemlig@example.org" not in text
    assert "anteckning vid stängning" not in text


def test_open_round_is_not_listed(client, org, portal):
    text = client.get(_urls(org, portal)["document"]).content.decode()
    assert "Remiss av handlingsplanen" in text
    assert "öppen remiss" not in text


def test_conditional_get_and_cache_headers(client, org, admin_user, portal):
    url = _urls(org, portal)["document"]
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    assert "Cookie" in first["Vary"]
    etag = first["ETag"]
    assert first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    # Publishing or withdrawing anything changes the validator.
    services.document_publication_set(
        access=access_for(admin_user, org), document=portal.hidden, published=True
    )
    after = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200
    assert after["ETag"] != etag


def test_etag_depends_on_language(client, org, portal):
    url = _urls(org, portal)["start"]
    swedish = client.get(url)["ETag"]
    client.cookies["django_language"] = "en"
    english = client.get(url)
    assert english["ETag"] != swedish
    assert '<html lang="en">' in english.content.decode()


def test_language_switch_keeps_the_page(client, org, portal):
    target = _urls(org, portal)["document"]
    switch = reverse("portal:language", kwargs={"code": "en"}) + f"?next={target}"
    response = client.get(switch)
    assert response.status_code == 302 and response["Location"] == target
    assert response.cookies["django_language"].value == "en"
    page = client.get(target).content.decode()
    assert '<html lang="en">' in page and "Progress" in page
    unsafe = reverse("portal:language", kwargs={"code": "en"}) + "?next=https://evil.example/"
    assert client.get(unsafe)["Location"] == "/"


def test_public_pages_have_no_csrf_token_or_user(client, org, admin_user, portal):
    client.force_login(admin_user)
    response = client.get(_urls(org, portal)["document"])
    text = response.content.decode()
    assert "csrfmiddlewaretoken" not in text
    assert admin_user.get_username() not in text
    assert response["Cache-Control"] == "private, no-store"  # a signed-in request


def test_site_start_page_lists_portals_for_anonymous(client, org, portal, other_org):
    text = client.get("/").content.decode()
    assert reverse("portal:start", kwargs={"org": org.slug}) in text
    assert reverse("portal:start", kwargs={"org": other_org.slug}) not in text
    assert reverse("accounts:login") in text


def test_progress_totals_equal_their_parts(client, org, portal):
    text = client.get(_urls(org, portal)["start"]).content.decode()
    # Two activities, both ongoing in the closed period; two indicators.
    assert "Of 2 activities" in text or "Av 2 åtgärder" in text
    assert "Of 2 indicators" in text or "Av 2 indikatorer" in text


PAGES = [
    "start",
    "document",
    "activity",
    "indicator",
    "report",
    "consultation",
    "accessibility",
    "feedback",
]


def _count(client, url) -> int:
    client.get(url)  # warm up (template and chart caches)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_data(client, org, other_org, admin_user):
    """Every page type, at one and at six focus areas (each with a goal, an indicator, an
    activity, a budget line, reports and a consultee): the same number of queries."""
    small = build_portal(org, admin_user, size=1)
    other_admin = UserFactory()
    membership_set(access=None, user=other_admin, organisation=other_org, role=Role.ADMIN)
    large = build_portal(other_org, other_admin, size=6)
    counts = {}
    for page in PAGES:
        n_small = _count(client, _urls(org, small)[page])
        n_large = _count(client, _urls(other_org, large)[page])
        counts[page] = (n_small, n_large)
    counts["attachment"] = (
        _count(client, _file_url(org, small, small.public_file)),
        _count(client, _file_url(other_org, large, large.public_file)),
    )
    assert all(a == b for a, b in counts.values()), counts
    # And few: the page's own reads plus the cache validator's five.
    assert all(b <= 25 for _a, b in counts.values()), counts


def test_files_download_anonymously_without_unapproved_comments(client, org, portal):
    import io
    import zipfile

    kw = {"org": org.slug, "doc": portal.document.uid}
    report = client.get(
        reverse(
            "portal:report-file",
            kwargs={**kw, "period": period_key(portal.closed_period), "fmt": "docx"},
        )
    )
    assert report.status_code == 200
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    with zipfile.ZipFile(io.BytesIO(report.content)) as archive:
        text = " ".join(archive.read(n).decode("utf-8", "ignore") for n in archive.namelist())
    assert "Godkänd kommentar 0" in text and SECRET not in text
    plan = client.get(reverse("portal:plan-file", kwargs={**kw, "fmt": "docx"}))
    assert plan.status_code == 200 and plan.content[:2] == b"PK"
    assert client.get(reverse("portal:plan-file", kwargs={**kw, "fmt": "exe"})).status_code == 404


def test_head_and_post_on_public_pages(client, org, portal):
    url = _urls(org, portal)["document"]
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


# Attachments of responses ----------------------------------------------------------------------


def _file_url(org, portal, attachment, round_key="2018-02-28") -> str:
    return reverse(
        "portal:consultation-file",
        kwargs={
            "org": org.slug,
            "doc": portal.document.uid,
            "round": round_key,
            "file": attachment.sha256[:20],
        },
    )


def test_a_closed_rounds_attachment_downloads_with_its_name_and_type(client, org, portal):
    page = client.get(_urls(org, portal)["consultation"]).content.decode()
    url = _file_url(org, portal, portal.public_file)
    assert f'href="{url}"' in page and "Protokollsutdrag – nämndens yttrande" in page
    assert "Bilagor till remissvaren" in page
    assert SECRET not in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # The original name, RFC 5987-encoded (å, –) with an ASCII fallback.
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "Protokollsutdrag%20%E2%80%93%20n%C3%A4mndens%20yttrande%2C%20bilaga%20%C3%A5.pdf" in (
        disposition
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"] and response["Last-Modified"]
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304


def test_attachments_of_drafts_open_rounds_and_unpublished_things_are_404(
    client, org, admin_user, portal
):
    draft, early = portal.hidden_files
    assert client.get(_file_url(org, portal, draft)).status_code == 404
    # The open round: by its own key and under the closed round's key.
    assert client.get(_file_url(org, portal, early)).status_code == 404
    assert client.get(_file_url(org, portal, early, "2018-02-28-2")).status_code == 404
    assert client.get(_file_url(org, portal, portal.public_file, "2018-02-28-2")).status_code == 404
    other = reverse(
        "portal:consultation-file",
        kwargs={
            "org": org.slug,
            "doc": portal.hidden.uid,
            "round": "2018-02-28",
            "file": portal.public_file.sha256[:20],
        },
    )
    assert client.get(other).status_code == 404
    short = _file_url(org, portal, portal.public_file)[:-5] + "/"
    assert client.get(short).status_code == 404

    url = _file_url(org, portal, portal.public_file)
    admin = access_for(admin_user, org)
    services.document_publication_set(access=admin, document=portal.document, published=False)
    assert client.get(url).status_code == 404
    services.document_publication_set(access=admin, document=portal.document, published=True)
    assert client.get(url).status_code == 200
    services.portal_settings_update(access=admin, data={"enabled": False})
    assert client.get(url).status_code == 404


def test_a_missing_file_on_disk_is_404(client, org, portal):
    portal.public_file.file.storage.delete(portal.public_file.file.name)
    assert client.get(_file_url(org, portal, portal.public_file)).status_code == 404
