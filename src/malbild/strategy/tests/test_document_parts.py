"""A large document's page (issue #11): shown one focus area at a time with a table of
contents, each focus area's activities page by page; every activity is reachable on exactly
one page, the links to an activity lead to the page that lists it, and the page runs the same
number of queries whatever the number of activities."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, GoalFactory
from malbild.strategy.views import documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(documents, "SINGLE_PAGE_ROWS", 6)
    monkeypatch.setattr(documents, "ACTIVITIES_PER_PAGE", 3)


def build(org, body, n_per_area, areas=2, unlinked=2):
    doc = DocumentFactory(organisation=org)
    fas = [FocusAreaFactory(document=doc) for _ in range(areas)]
    goal = GoalFactory(focus_area=fas[0])
    acts = []
    for fa in fas:
        for _ in range(n_per_area):
            act = ActivityFactory(
                document=doc,
                responsible_body=body,
                primary_focus_area=fa,
                number=f"{len(acts):03d}",  # the page's order is the order made
            )
            act.focus_areas.add(fa)
            BudgetLineFactory(activity=act)
            acts.append(act)
    for _ in range(unlinked):
        acts.append(ActivityFactory(document=doc, responsible_body=body, number=f"{len(acts):03d}"))
    acts[-3].goals.add(goal)  # an activity of the last focus area serves a goal of the first
    acts[-3].focus_areas.add(fas[0])
    return doc, fas, acts


def url(org, doc, query=""):
    return reverse("strategy:document-detail", kwargs={"org": org.slug, "pk": doc.pk}) + query


def rows(html):
    """The uids of the activity rows the page lists."""
    return re.findall(
        r'<tr id="item-([0-9a-f-]{36})">\s*<th scope="row"><a href="[^"]*/activities/', html
    )


def part_links(html):
    nav = html.split('class="card parts"', 1)[1].split("</nav>", 1)[0]
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', nav)]


def page_links(html):
    if 'class="pagination"' not in html:
        return []
    nav = html.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', nav)]


def test_every_activity_is_listed_exactly_once_across_the_parts(
    client, org, reader, body, small_parts
):
    doc, fas, acts = build(org, body, n_per_area=7)
    client.force_login(reader)
    first = client.get(url(org, doc)).content.decode()
    assert rows(first) == []  # only the table of contents and the totals
    links = part_links(first)
    assert len(links) == 3  # two focus areas and "Without a focus area"
    seen = []
    for link in links:
        query = link.split("#")[0]
        html = client.get(url(org, doc, query)).content.decode()
        assert 'aria-current="page"' in html.split('class="card parts"')[1].split("</nav>")[0]
        pages = {1: query}  # page number → address, from the part's page numbers
        for p in page_links(html):
            pages.setdefault(int(re.search(r"page=(\d+)", p).group(1)), p.split("#")[0])
        for _n, page in sorted(pages.items()):
            seen += rows(client.get(url(org, doc, page)).content.decode())
    assert sorted(seen) == sorted(str(a.uid) for a in acts)
    assert len(seen) == len(set(seen))


def test_links_to_an_activity_lead_to_the_page_that_lists_it(
    client, org, reader, body, small_parts
):
    doc, fas, acts = build(org, body, n_per_area=7)
    client.force_login(reader)
    served = acts[-3]  # counted under the second focus area, on its third page
    html = client.get(url(org, doc, f"?focus_area={fas[0].uid}")).content.decode()
    link = re.search(rf'href="([^"]*#item-{served.uid})"', html).group(1).replace("&amp;", "&")
    assert link == f"?focus_area={fas[1].uid}&page=3#item-{served.uid}"
    target = client.get(url(org, doc, link.split("#")[0])).content.decode()
    assert str(served.uid) in rows(target), (rows(target), [str(a.uid) for a in acts])


def test_small_documents_stay_on_one_page(client, org, reader, body):
    doc, fas, acts = build(org, body, n_per_area=3)
    client.force_login(reader)
    html = client.get(url(org, doc)).content.decode()
    assert 'class="card parts"' not in html
    assert sorted(rows(html)) == sorted(str(a.uid) for a in acts)


def test_unknown_part_shows_the_table_of_contents(client, org, reader, body, small_parts):
    doc, _fas, _acts = build(org, body, n_per_area=7)
    client.force_login(reader)
    resp = client.get(url(org, doc, "?focus_area=nonsense&page=x"))
    assert resp.status_code == 200
    assert rows(resp.content.decode()) == []


@pytest.mark.parametrize("query", ["", "?focus_area=first", "?focus_area=first&page=2"])
def test_fixed_query_count_at_two_sizes(client, org, other_org, reader, body, small_parts, query):
    from malbild.accounts.services import membership_set
    from malbild.core.tests.factories import BodyFactory

    small, small_fas, _ = build(org, body, n_per_area=7)
    large, large_fas, _ = build(
        other_org, BodyFactory(organisation=other_org), n_per_area=25, areas=4
    )
    membership_set(access=None, user=reader, organisation=other_org, role="reader")
    client.force_login(reader)

    def count(o, doc, fas):
        q = query.replace("first", str(fas[0].uid))
        client.get(url(o, doc, q))  # the session settles
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(o, doc, q)).status_code == 200
        return len(ctx)

    assert count(org, small, small_fas) == count(other_org, large, large_fas)
