"""The handling page and the summary page of a large round, a page at a time (issue #11):
every comment (and every response, every point not accepted) is shown on exactly one page,
the filter and `?comment=` open the right page, and each page runs the same number of
queries whatever the number of comments."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.consultation.models import Disposition
from malbild.consultation.tests.factories import CommentFactory, ConsulteeFactory, ResponseFactory
from malbild.consultation.views import paging
from malbild.core.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(paging, "COMMENTS_PER_PAGE", 4)
    monkeypatch.setattr(paging, "RESPONSES_PER_PAGE", 2)
    monkeypatch.setattr(paging, "NOT_ACCEPTED_PER_PAGE", 2)


def add_comments(round_, plan, n_responses, start=0):
    """Per response: a comment on the whole document, one on the focus area, one on the
    indicator; every other comment handled, every fourth not accepted."""
    comments = []
    anchors = ["", str(plan["focus_area"].uid), str(plan["indicator"].uid)]
    for i in range(n_responses):
        consultee = ConsulteeFactory(
            round=round_,
            body=BodyFactory(organisation=round_.organisation, name=f"Bolag {start + i}"),
        )
        response = ResponseFactory(consultee=consultee, submitted=True)
        for uid in anchors:
            comments.append(CommentFactory(response=response, item_uid=uid))
    for n, comment in enumerate(comments):
        if n % 2 == 0:
            Disposition.objects.create(
                organisation=round_.organisation,
                comment=comment,
                kind="not_accepted" if n % 4 == 0 else "accepted",
                motivation=f"Motivering {comment.pk}",
            )
    return comments


def url(name, round_, query=""):
    kw = {"org": round_.organisation.slug, "pk": round_.pk}
    return reverse(f"consultation:{name}", kwargs=kw) + query


def ids(html, prefix):
    return [int(n) for n in re.findall(rf'<tr id="{prefix}(\d+)"', html)]


def page_numbers(html):
    """The page addresses of the page's pagination nav, by page number."""
    if 'class="pagination"' not in html:
        return {}
    nav = html.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    links = [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', nav)]
    return {int(re.search(r"page=(\d+)", h).group(1)): h for h in links}


def walk(client, start):
    """Every page of a paginated list from its first page: [html, …] in page order."""
    first = client.get(start).content.decode()
    pages = {1: first}
    base = start.split("?")[0]
    for n, link in sorted(page_numbers(first).items()):
        if n not in pages:
            pages[n] = client.get(base + link).content.decode()
    return [pages[n] for n in sorted(pages)]


def test_handling_pages_list_every_comment_once(client, strategist, round_, plan, small_pages):
    comments = add_comments(round_, plan, 5)  # 15 comments, 4 a page
    client.force_login(strategist)
    pages = walk(client, url("handling", round_))
    assert len(pages) == 4
    seen = [pk for html in pages for pk in ids(html, "comment-")]
    assert sorted(seen) == sorted(c.pk for c in comments) and len(seen) == len(set(seen))
    first = pages[0]
    nav = first.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-current="page"' in nav
    # The contents list each item with its count and the page where it begins.
    toc = first.split('id="comment-toc-title"', 1)[1].split("</nav>", 1)[0]
    assert "3 of 5 comments handled" in toc or "3 av 5" in toc


def test_handling_filter_keeps_to_unhandled_through_the_pages(
    client, strategist, round_, plan, small_pages
):
    comments = add_comments(round_, plan, 5)
    client.force_login(strategist)
    pages = walk(client, url("handling", round_, "?show=unhandled"))
    seen = [pk for html in pages for pk in ids(html, "comment-")]
    unhandled = [c.pk for c in comments if not Disposition.objects.filter(comment=c).exists()]
    assert sorted(seen) == sorted(unhandled) and len(seen) == len(set(seen))
    assert all("show=unhandled" in link for link in page_numbers(pages[0]).values())


def test_after_a_disposition_the_handling_page_opens_where_the_comment_is(
    client, strategist, round_, plan, small_pages
):
    comments = add_comments(round_, plan, 5)
    last = comments[-1]  # on the indicator, the last item: on the last page
    client.force_login(strategist)
    response = client.post(
        reverse(
            "consultation:disposition",
            kwargs={"org": round_.organisation.slug, "pk": round_.pk, "comment": last.pk},
        ),
        {"kind": "noted", "motivation": "Noterat."},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?comment={last.pk}#comment-{last.pk}")
    html = client.get(response["Location"].split("#")[0]).content.decode()
    assert last.pk in ids(html, "comment-")
    assert "Noterat." in html
    # and the page links drop `comment`, so they lead to the other pages
    assert all("comment=" not in link for link in page_numbers(html).values())


def test_summary_parts_show_everything_once(client, strategist, round_, plan, small_pages):
    comments = add_comments(round_, plan, 5)
    client.force_login(strategist)
    overview = client.get(url("summary", round_)).content.decode()
    assert 'class="card parts"' in overview
    assert ids(overview, "summary-comment-") == []
    assert "Appendix" in overview or "Bilaga" in overview
    pages = walk(client, url("summary", round_, "?part=comments"))
    seen = [pk for html in pages for pk in ids(html, "summary-comment-")]
    assert sorted(seen) == sorted(c.pk for c in comments) and len(seen) == len(set(seen))
    not_accepted = walk(client, url("summary", round_, "?part=not-accepted"))
    shown = [int(n) for html in not_accepted for n in re.findall(r"Motivering (\d+)", html)]
    expected = Disposition.objects.filter(comment__in=comments, kind="not_accepted")
    assert sorted(shown) == sorted(d.comment_id for d in expected)
    responses = walk(client, url("summary", round_, "?part=responses"))
    assert len(responses) == 3  # 5 responses, 2 a page
    bodies = [
        b for html in responses for b in re.findall(r'<h3 id="appendix-\d+">([^<]+)</h3>', html)
    ]
    assert sorted(bodies) == sorted(f"Bolag {i}" for i in range(5))


def test_a_small_summary_stays_on_one_page(client, strategist, round_, plan):
    comments = add_comments(round_, plan, 2)
    client.force_login(strategist)
    html = client.get(url("summary", round_)).content.decode()
    assert 'class="card parts"' not in html
    assert sorted(ids(html, "summary-comment-")) == sorted(c.pk for c in comments)


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("handling", ""),
        ("handling", "?page=2&show=handled"),
        ("summary", ""),
        ("summary", "?part=comments&page=2"),
        ("summary", "?part=not-accepted"),
        ("summary", "?part=responses&page=2"),
    ],
)
def test_fixed_query_count_at_two_sizes(client, strategist, round_, plan, small_pages, name, query):
    client.force_login(strategist)
    add_comments(round_, plan, 4)
    client.get(url(name, round_, query))
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(name, round_, query)).status_code == 200
    add_comments(round_, plan, 12, start=10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(name, round_, query)).status_code == 200
    assert len(large) == len(small)


def test_api_comment_list_pages_every_comment_once_with_fixed_queries(
    client, strategist, round_, plan
):
    base = f"/api/v1/organisations/{round_.organisation.slug}/consultations/{round_.pk}/comments"
    client.force_login(strategist)

    def queries():
        client.get(f"{base}?limit=4")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{base}?limit=4&offset=4").status_code == 200
        return len(ctx)

    add_comments(round_, plan, 2)
    small = queries()
    add_comments(round_, plan, 9, start=10)
    assert queries() == small
    seen, offset = [], 0
    while True:
        body = client.get(f"{base}?limit=4&offset={offset}").json()
        seen += [c["id"] for c in body["items"]]
        offset += 4
        if offset >= body["count"]:
            break
    from malbild.consultation.models import Comment

    every = list(
        Comment.objects.filter(response__consultee__round=round_).values_list("pk", flat=True)
    )
    assert body["count"] == len(every) == 33
    assert sorted(seen) == sorted(every) and len(seen) == len(set(seen))
