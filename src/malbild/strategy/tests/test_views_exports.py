"""Plan downloads on the pages: `…/documents/<ref>/export.pdf|.docx` (the working copy) and
`…/versions/<n>/export.pdf|.docx` (a frozen version) as attachments for anyone who may read
the document, 404 for another organisation (and for an unknown format or version), a login
redirect for the anonymous, a fixed number of queries; the links on the document and version
pages; and a version page whose printed text shows no uid."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.strategy import services
from malbild.strategy.tests.factories import (
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    SectionFactory,
)
from malbild.strategy.tests.levels import build_levels
from malbild.strategy.tests.test_views_versions import login

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def export_url(org, document, fmt, number=None):
    if number is None:
        name, kwargs = "strategy:document-export", {}
    else:
        name, kwargs = "strategy:version-export", {"number": number}
    return reverse(name, kwargs={"org": org.slug, "pk": document.pk, "fmt": fmt, **kwargs})


@pytest.fixture
def levels(org, body):
    return build_levels(org, body, plan_activities=2, committee_plans=1)


@pytest.fixture
def version(levels, strategist, access_of):
    return services.version_freeze(
        access=access_of(strategist), document=levels.plan, label="Remissversion"
    )


@pytest.mark.parametrize(("fmt", "content_type"), [("pdf", "application/pdf"), ("docx", DOCX)])
def test_reader_downloads_the_working_copy(client, reader, org, levels, fmt, content_type):
    login(client, reader)
    resp = client.get(export_url(org, levels.plan, fmt))
    assert resp.status_code == 200
    assert resp["Content-Type"] == content_type
    disposition = resp["Content-Disposition"]
    assert disposition.startswith('attachment; filename="handlingsplan-arbetsversion-')
    assert disposition.endswith(f'.{fmt}"')
    assert resp.content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_reader_downloads_a_version(client, reader, org, levels, version, fmt):
    login(client, reader)
    resp = client.get(export_url(org, levels.plan, fmt, number=version.number))
    assert resp.status_code == 200
    assert resp["Content-Disposition"] == (
        f'attachment; filename="handlingsplan-version-{version.number}.{fmt}"'
    )


def test_the_uid_addresses_the_document_too(client, reader, org, levels):
    login(client, reader)
    url = reverse(
        "strategy:document-export",
        kwargs={"org": org.slug, "pk": str(levels.plan.uid), "fmt": "docx"},
    )
    assert client.get(url).status_code == 200


def test_another_organisation_gets_404(client, outsider, org, levels, version):
    login(client, outsider)
    assert client.get(export_url(org, levels.plan, "pdf")).status_code == 404
    assert client.get(export_url(org, levels.plan, "docx", number=1)).status_code == 404


def test_unknown_format_and_version_are_404(client, reader, org, levels, version):
    login(client, reader)
    assert client.get(export_url(org, levels.plan, "xlsx")).status_code == 404
    assert client.get(export_url(org, levels.plan, "pdf", number=99)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, org, levels, version):
    for url in (export_url(org, levels.plan, "pdf"), export_url(org, levels.plan, "docx", 1)):
        resp = client.get(url)
        assert resp.status_code == 302
        assert "login" in resp["Location"]


def grow(levels, body, n):
    plan = levels.plan
    for i in range(n):
        SectionFactory(document=plan)
        fa = FocusAreaFactory(document=plan)
        GoalFactory(focus_area=fa)
        ind = IndicatorFactory(document=plan, responsible_body=body)
        ind.focus_areas.add(fa)
        IndicatorTargetFactory(indicator=ind, year=2019 + i % 3)
        act = ActivityFactory(document=plan, responsible_body=body)
        act.focus_areas.add(fa, levels.focus_areas[0])
        BudgetLineFactory(activity=act, year=2018 + i % 3)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_downloads_run_a_fixed_number_of_queries(
    client, reader, strategist, org, body, levels, access_of, django_assert_num_queries, fmt
):
    login(client, reader)
    grow(levels, body, 1)  # one of every kind: a kind with no rows skips its prefetch queries
    with CaptureQueriesContext(connection) as small:
        assert client.get(export_url(org, levels.plan, fmt)).status_code == 200
    grow(levels, body, 4)
    with django_assert_num_queries(len(small)):
        assert client.get(export_url(org, levels.plan, fmt)).status_code == 200
    version = services.version_freeze(access=access_of(strategist), document=levels.plan)
    with CaptureQueriesContext(connection) as frozen:
        client.get(export_url(org, levels.plan, fmt, number=version.number))
    grow(levels, body, 4)
    bigger = services.version_freeze(access=access_of(strategist), document=levels.plan)
    with django_assert_num_queries(len(frozen)):
        client.get(export_url(org, levels.plan, fmt, number=bigger.number))


def test_document_and_version_pages_link_the_downloads(client, reader, org, levels, version):
    login(client, reader)
    page = client.get(
        reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": levels.plan.pk})
    ).content.decode()
    assert f'href="{export_url(org, levels.plan, "pdf")}"' in page
    assert f'href="{export_url(org, levels.plan, "docx")}"' in page
    assert "Ladda ner som PDF" in page and "Ladda ner som Word (DOCX)" in page
    page = client.get(
        reverse(
            "strategy:version-detail",
            kwargs={"org": org.slug, "pk": levels.plan.pk, "number": version.number},
        )
    ).content.decode()
    assert f'href="{export_url(org, levels.plan, "pdf", version.number)}"' in page
    assert f'href="{export_url(org, levels.plan, "docx", version.number)}"' in page


def test_printed_version_page_shows_no_uid(client, reader, org, levels, strategist, access_of):
    """What the browser prints is the page's text: it must name everything, uids stay in
    attributes (anchors) only."""
    committee = levels.committee_plans[0]
    version = services.version_freeze(access=access_of(strategist), document=committee)
    login(client, reader)
    html = client.get(
        reverse(
            "strategy:version-detail",
            kwargs={"org": org.slug, "pk": committee.pk, "number": version.number},
        )
    ).content.decode()
    main = html[html.index("<main") :]
    text = strip_tags(main)
    assert "Område 1" in text and "Strategi" in text
    assert not UUID.search(text), UUID.search(text)


@pytest.mark.parametrize(
    "fixture",
    [
        "snapshot_format1_action_plan_v1.json",
        "snapshot_format1_digital_agenda.json",
        "snapshot_format1_vision.json",
        "snapshot_format2_committee_plan.json",
    ],
)
def test_printed_old_version_page_shows_no_uid(client, reader, org, fixture):
    import json
    from pathlib import Path

    from malbild.strategy.models import DocumentVersion
    from malbild.strategy.tests.factories import DocumentFactory

    raw = json.loads((Path(__file__).parent / "fixtures" / fixture).read_text())
    doc = DocumentFactory(organisation=org)
    DocumentVersion.objects.create(
        organisation=org, document=doc, number=1, status_at_freeze="draft", snapshot=raw
    )
    login(client, reader)
    html = client.get(
        reverse("strategy:version-detail", kwargs={"org": org.slug, "pk": doc.pk, "number": 1})
    ).content.decode()
    text = strip_tags(html[html.index("<main") :])
    assert not UUID.search(text), text[UUID.search(text).start() - 300 : UUID.search(text).end()]
