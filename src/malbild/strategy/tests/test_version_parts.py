"""A large frozen version's page (issue #11, ADR 0017): a table of contents and one focus area
at a time, 100 items a page; every activity reachable on exactly one page; small versions
whole; the same number of queries whatever the size. Comparing with the working copy builds
its snapshot once per change of the organisation's data (ADR 0028) and shows the changes
page by page, each exactly once, with counts over the whole comparison."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan import services as actionplan_services
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.core.tests.factories import BodyFactory
from malbild.strategy import services
from malbild.strategy.snapshot import build, document_snapshot, parts, working_copy_snapshot
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, GoalFactory
from malbild.strategy.views import versions as version_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(parts, "SINGLE_PAGE_ROWS", 6)
    monkeypatch.setattr(parts, "ITEMS_PER_PAGE", 3)


def build_plan(org, body, n_per_area, areas=2, unlinked=2):
    doc = DocumentFactory(organisation=org)
    fas = [FocusAreaFactory(document=doc) for _ in range(areas)]
    GoalFactory(focus_area=fas[0])
    acts = []
    for fa in fas:
        for _ in range(n_per_area):
            act = ActivityFactory(
                document=doc,
                responsible_body=body,
                primary_focus_area=fa,
                number=f"{len(acts):03d}",
            )
            act.focus_areas.add(fa)
            BudgetLineFactory(activity=act)
            acts.append(act)
    for _ in range(unlinked):
        acts.append(ActivityFactory(document=doc, responsible_body=body, number=f"{len(acts):03d}"))
    return doc, fas, acts


def freeze(access_of, user, doc):
    return services.version_freeze(access=access_of(user), document=doc, label="v")


def version_url(org, doc, number, query=""):
    kwargs = {"org": org.slug, "pk": doc.pk, "number": number}
    return reverse("strategy:version-detail", kwargs=kwargs) + query


def activity_uids(html, acts):
    """The activities the page shows (each as its own article), in page order."""
    wanted = {str(a.uid) for a in acts}
    return [u for u in re.findall(r'<article id="item-([0-9a-f-]{36})"', html) if u in wanted]


def nav_links(html, cls):
    if f'class="{cls}"' not in html:
        return []
    nav = html.split(f'class="{cls}"', 1)[1].split("</nav>", 1)[0]
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', nav)]


def walk(client, base, first_html):
    """Every page of every part listed in the table of contents: their HTML."""
    pages = []
    for link in nav_links(first_html, "card parts"):
        query = link.split("#")[0]
        html = client.get(base + query).content.decode()
        assert 'aria-current="page"' in html.split('class="card parts"')[1].split("</nav>")[0]
        numbered = {1: query}
        for p in nav_links(html, "pagination"):
            numbered.setdefault(int(re.search(r"page=(\d+)", p).group(1)), p.split("#")[0])
        pages += [client.get(base + q).content.decode() for _n, q in sorted(numbered.items())]
    return pages


def test_every_activity_is_shown_exactly_once_across_the_parts(
    client, org, body, strategist, access_of, small_parts
):
    doc, fas, acts = build_plan(org, body, n_per_area=7)
    version = freeze(access_of, strategist, doc)
    client.force_login(strategist)
    base = version_url(org, doc, version.number)
    first = client.get(base).content.decode()
    assert activity_uids(first, acts) == []  # the table of contents only
    assert len(nav_links(first, "card parts")) == 3  # two focus areas, "without a focus area"
    assert "Without a focus area" in first or "Utan insatsområde" in first
    seen = [u for html in walk(client, base, first) for u in activity_uids(html, acts)]
    assert sorted(seen) == sorted(str(a.uid) for a in acts)
    assert len(seen) == len(set(seen))
    # the table of contents counts each part's activities
    assert "(7 activities" in first or "(7 åtgärder" in first


def test_a_continued_part_says_so_and_an_unknown_part_shows_the_contents(
    client, org, body, strategist, access_of, small_parts
):
    doc, fas, acts = build_plan(org, body, n_per_area=7)
    version = freeze(access_of, strategist, doc)
    client.force_login(strategist)
    base = version_url(org, doc, version.number)
    page2 = client.get(base + f"?focus_area={fas[0].uid}&page=2").content.decode()
    assert "(continued)" in page2 or "(fortsättning)" in page2
    assert len(activity_uids(page2, acts)) == 3
    unknown = client.get(base + "?focus_area=nonsense&page=x")
    assert unknown.status_code == 200
    assert activity_uids(unknown.content.decode(), acts) == []


def test_small_versions_stay_whole(client, org, body, strategist, access_of):
    doc, _fas, acts = build_plan(org, body, n_per_area=3)
    version = freeze(access_of, strategist, doc)
    client.force_login(strategist)
    html = client.get(version_url(org, doc, version.number)).content.decode()
    assert 'class="card parts"' not in html
    assert sorted(activity_uids(html, acts)) == sorted(str(a.uid) for a in acts)
    assert "Budget" in html or "budget" in html  # fields are formatted on a whole version


@pytest.mark.parametrize("query", ["", "?focus_area=first", "?focus_area=first&page=2"])
def test_version_page_queries_do_not_grow(
    client, org, other_org, body, strategist, access_of, small_parts, query
):
    from malbild.accounts.services import membership_set

    small, small_fas, _ = build_plan(org, body, n_per_area=7)
    large, large_fas, _ = build_plan(
        other_org, BodyFactory(organisation=other_org), n_per_area=25, areas=4
    )
    membership_set(access=None, user=strategist, organisation=other_org, role="strategist")
    v_small = freeze(access_of, strategist, small)
    client.force_login(strategist)

    def count(o, doc, fas, number):
        q = query.replace("first", str(fas[0].uid))
        client.get(version_url(o, doc, number, q))  # the session settles
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(version_url(o, doc, number, q)).status_code == 200
        return len(ctx)

    from malbild.core.access import access_for

    v_large = services.version_freeze(
        access=access_for(strategist, other_org), document=large, label="v"
    )
    assert count(org, small, small_fas, v_small.number) == count(
        other_org, large, large_fas, v_large.number
    )


# Compare with the working copy ---------------------------------------------------------------


def compare_url(org, doc, a, b="current", page=None):
    query = f"?a={a}&b={b}" + (f"&page={page}" if page else "")
    return reverse("strategy:version-compare", kwargs={"org": org.slug, "pk": doc.pk}) + query


@pytest.fixture
def builds(monkeypatch):
    """How many times the working copy's snapshot is built from the database."""
    calls = []
    real = build.document_snapshot

    def counted(document):
        calls.append(document.pk)
        return real(document)

    monkeypatch.setattr(build, "document_snapshot", counted)
    return calls


def test_working_copy_snapshot_is_built_once_until_an_audited_change(
    org, body, strategist, access_of, builds
):
    doc, _fas, acts = build_plan(org, body, n_per_area=2)
    first = working_copy_snapshot(doc)
    assert working_copy_snapshot(doc) == first == document_snapshot(doc)
    assert len(builds) == 2  # the first read and the direct build; the second read cached
    activity = acts[0]
    actionplan_services.activity_update(
        access=access_of(strategist),
        activity=activity,
        data={"title": "Ny titel"},
    )
    after = working_copy_snapshot(doc)
    assert len(builds) == 3
    labels = {i["uid"]: i["label"] for i in after["items"]}
    assert "Ny titel" in labels[str(activity.uid)]
    assert after == document_snapshot(doc)


def test_compare_with_the_working_copy_builds_it_once(
    client, org, body, strategist, access_of, builds
):
    doc, _fas, _acts = build_plan(org, body, n_per_area=2)
    version = freeze(access_of, strategist, doc)
    client.force_login(strategist)
    builds.clear()
    for _ in range(3):
        assert client.get(compare_url(org, doc, version.number)).status_code == 200
    assert len(builds) == 1


def test_changes_are_paged_each_shown_once_with_whole_counts(
    client, org, body, strategist, access_of, monkeypatch
):
    monkeypatch.setattr(version_views, "CHANGES_PER_PAGE", 4)
    doc, _fas, _acts = build_plan(org, body, n_per_area=0, areas=1, unlinked=0)
    version = freeze(access_of, strategist, doc)
    added = [
        ActivityFactory(document=doc, responsible_body=body, number=f"N{i:02d}") for i in range(10)
    ]
    client.force_login(strategist)
    html = client.get(compare_url(org, doc, version.number)).content.decode()
    assert "10 added, 0 removed, 0 changed." in html or "10 tillagda" in html
    links = nav_links(html, "pagination")
    pages = sorted({int(re.search(r"page=(\d+)", p).group(1)) for p in links} | {1})
    assert pages == [1, 2, 3]
    seen = []
    for n in pages:
        page = client.get(compare_url(org, doc, version.number, page=n)).content.decode()
        seen += [a.title for a in added if f": {a}</h3>" in page]
    assert sorted(seen) == sorted(a.title for a in added)
    assert len(seen) == len(set(seen)) == 10


def test_compare_queries_do_not_grow(client, org, other_org, body, strategist, access_of):
    from malbild.accounts.services import membership_set
    from malbild.core.access import access_for

    small, _f, _a = build_plan(org, body, n_per_area=2)
    large, _f, _a = build_plan(other_org, BodyFactory(organisation=other_org), 20, areas=3)
    membership_set(access=None, user=strategist, organisation=other_org, role="strategist")
    v_small = freeze(access_of, strategist, small)
    v_large = services.version_freeze(
        access=access_for(strategist, other_org), document=large, label="v"
    )
    for doc in (small, large):
        ActivityFactory(document=doc)
    client.force_login(strategist)

    def count(o, doc, number):
        client.get(compare_url(o, doc, number))  # the session settles, the snapshot is cached
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(compare_url(o, doc, number)).status_code == 200
        return len(ctx)

    assert count(org, small, v_small.number) == count(other_org, large, v_large.number)
