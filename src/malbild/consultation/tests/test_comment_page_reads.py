"""The handling page, the summary's parts and the API lists read only what they show
(issue #11): the comments of one page, in exactly the order of the whole summary; the counts
of the contents and of the progress per consultee by aggregate queries, adding up to the
totals; the overview without a single comment loaded as a model; a fixed number of queries
at two sizes for the API's summary and its paginated parts."""

import re

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from malbild.consultation import selectors
from malbild.consultation.models import Comment, Disposition
from malbild.consultation.tests.factories import CommentFactory, ConsulteeFactory, ResponseFactory
from malbild.consultation.tests.test_comment_pages import (
    add_comments,
    ids,
    small_pages,  # noqa: F401 (fixture)
    url,
    walk,
)
from malbild.core.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


class Loaded:
    """Counts the Comment model instances made while it is active (rows read as models)."""

    def __init__(self):
        self.n = 0

    def __call__(self, sender, instance, **kwargs):
        self.n += 1

    def __enter__(self):
        post_init.connect(self, sender=Comment)
        return self

    def __exit__(self, *exc):
        post_init.disconnect(self, sender=Comment)


def summary_order(round_) -> list[int]:
    summary = selectors.summary_build(round=round_, include_working_copy=False)
    return [rec["comment"].pk for section in summary["sections"] for rec in section["comments"]]


def mixed_round(round_, plan):
    """Comments whose database order differs from the summary's: consultees created in
    reverse name order, comments in reverse `order`, one on an item no longer listed."""
    comments = add_comments(round_, plan, 3)
    late = ConsulteeFactory(
        round=round_, body=BodyFactory(organisation=round_.organisation, name="Arbetsgivare AB")
    )
    response = ResponseFactory(consultee=late, submitted=True)
    for order, uid in ((3, str(plan["indicator"].uid)), (1, str(plan["indicator"].uid))):
        comments.append(CommentFactory(response=response, item_uid=uid, order=order))
    comments.append(
        CommentFactory(
            response=response,
            item_uid="00000000-0000-0000-0000-00000000abcd",
            item_type="gone",
            item_label="Borttagen punkt",
        )
    )
    return comments


@pytest.mark.usefixtures("small_pages")
def test_the_pages_keep_the_order_of_the_whole_summary(client, strategist, round_, plan):
    mixed_round(round_, plan)
    client.force_login(strategist)
    expected = summary_order(round_)
    pages = walk(client, url("handling", round_))
    handling = [pk for html in pages for pk in ids(html, "comment-")]
    parts = walk(client, url("summary", round_, "?part=comments"))
    summary = [pk for html in parts for pk in ids(html, "summary-comment-")]
    assert handling == expected == summary
    api = f"/api/v1/organisations/{round_.organisation.slug}/consultations/{round_.pk}/comments"
    listed = [c["id"] for c in client.get(api + "?limit=200").json()["items"]]
    assert listed == expected


@pytest.mark.usefixtures("small_pages")
def test_a_handling_page_reads_only_its_own_comments(client, strategist, round_, plan):
    add_comments(round_, plan, 6)  # 18 comments, 4 a page
    client.force_login(strategist)
    client.get(url("handling", round_))
    with Loaded() as loaded:
        assert client.get(url("handling", round_, "?page=3")).status_code == 200
    assert loaded.n == 4
    with Loaded() as loaded:
        assert client.get(url("summary", round_, "?part=comments&page=2")).status_code == 200
    assert loaded.n == 4
    with Loaded() as loaded:
        assert client.get(url("summary", round_, "?part=not-accepted")).status_code == 200
    assert loaded.n == 2  # NOT_ACCEPTED_PER_PAGE
    with Loaded() as loaded:  # the overview: counts and the changes' causes as values
        assert client.get(url("summary", round_)).status_code == 200
    assert loaded.n == 0
    api = f"/api/v1/organisations/{round_.organisation.slug}/consultations/{round_.pk}"
    with Loaded() as loaded:
        assert client.get(api + "/comments?limit=5&offset=5").status_code == 200
    assert loaded.n == 5


@pytest.mark.usefixtures("small_pages")
def test_the_filter_and_the_jump_to_a_comment_agree(client, strategist, round_, plan):
    comments = add_comments(round_, plan, 5)
    client.force_login(strategist)
    unhandled = [c for c in comments if not Disposition.objects.filter(comment=c).exists()]
    for comment in (unhandled[0], unhandled[-1]):
        html = client.get(url("handling", round_, f"?show=unhandled&comment={comment.pk}"))
        assert comment.pk in ids(html.content.decode(), "comment-")
    # a handled comment is not in the unhandled list: the first page opens
    handled = next(c for c in comments if c not in unhandled)
    html = client.get(url("handling", round_, f"?show=unhandled&comment={handled.pk}"))
    current = 'aria-current="page"><span class="visually-hidden">Sida </span>1<'
    assert current in html.content.decode()


@pytest.mark.usefixtures("small_pages")
def test_the_counts_add_up_to_the_totals(client, strategist, round_, plan):
    comments = mixed_round(round_, plan)
    index = selectors.comment_index(round=round_)
    total = sum(e["total"] for e in index)
    assert total == len(comments) == sum(selectors.comment_index_count(e, "") for e in index)
    handled = Disposition.objects.filter(comment__in=comments).count()
    assert sum(e["handled"] for e in index) == handled
    not_accepted = Disposition.objects.filter(comment__in=comments, kind="not_accepted").count()
    assert sum(e["not_accepted"] for e in index) == not_accepted
    progress = selectors.comment_progress(round=round_)
    assert sum(p["total"] for p in progress.values()) == total
    assert sum(p["handled"] for p in progress.values()) == handled
    # the item no longer listed comes last, with its own label
    assert index[-1]["label"] == "Borttagen punkt" and index[-1]["total"] == 1
    client.force_login(strategist)
    html = client.get(url("handling", round_)).content.decode()
    table = html.split('id="per-consultee-heading"', 1)[1].split("</table>", 1)[0]
    cells = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', table)]
    assert sum(cells[0::2]) == handled and sum(cells[1::2]) == total
    assert f"{handled} av {total} synpunkter hanterade" in html


@pytest.mark.parametrize(
    "suffix",
    [
        "/summary",
        "/summary/not-accepted?limit=3",
        "/summary/responses?limit=3&offset=1",
        "/comments?limit=4&offset=2",
    ],
)
def test_api_summary_and_its_parts_fixed_queries_at_two_sizes(
    client, strategist, round_, plan, suffix
):
    base = f"/api/v1/organisations/{round_.organisation.slug}/consultations/{round_.pk}"
    client.force_login(strategist)
    add_comments(round_, plan, 4)
    client.get(base + suffix)
    with CaptureQueriesContext(connection) as small:
        assert client.get(base + suffix).status_code == 200
    add_comments(round_, plan, 12, start=10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(base + suffix).status_code == 200
    assert len(large) == len(small)


def test_api_summary_parts_list_everything_once(client, strategist, round_, plan):
    comments = add_comments(round_, plan, 5)
    base = f"/api/v1/organisations/{round_.organisation.slug}/consultations/{round_.pk}"
    client.force_login(strategist)
    overview = client.get(base + "/summary").json()
    assert overview["comment_count"] == len(comments)
    assert sum(i["comment_count"] for i in overview["items"]) == overview["comment_count"]
    assert sum(i["handled_count"] for i in overview["items"]) == overview["handled_count"]

    def walk_api(path):
        seen, offset = [], 0
        while True:
            body = client.get(f"{base}{path}?limit=2&offset={offset}").json()
            seen += body["items"]
            offset += 2
            if offset >= body["count"]:
                return seen, body["count"]

    not_accepted, count = walk_api("/summary/not-accepted")
    expected = Disposition.objects.filter(comment__in=comments, kind="not_accepted")
    assert count == overview["not_accepted_count"] == expected.count()
    assert sorted(c["id"] for c in not_accepted) == sorted(d.comment_id for d in expected)
    assert all(c["disposition"]["kind"] == "not_accepted" for c in not_accepted)
    responses, count = walk_api("/summary/responses")
    assert count == overview["response_count"] == 5
    assert sorted(r["body"] for r in responses) == sorted(f"Bolag {i}" for i in range(5))
    assert sum(len(r["comments"]) for r in responses) == len(comments)


def test_api_rows_are_not_wrapped_one_by_one(client, strategist, round_, plan, monkeypatch):
    """The comments of `…/summary/responses` (and `…/comments`) are `RowSchema`s: validated
    by pydantic from dicts, not through ninja's per-object `DjangoGetter` (most of the
    endpoint's time at 5,000 comments)."""
    from ninja import schema

    add_comments(round_, plan, 4)  # 12 comments
    calls = []
    real = schema.DjangoGetter.__init__

    def counting(self, *args, **kwargs):
        calls.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(schema.DjangoGetter, "__init__", counting)
    base = f"/api/v1/organisations/{round_.organisation.slug}/consultations/{round_.pk}"
    client.force_login(strategist)
    assert client.get(base + "/summary/responses").status_code == 200
    small = len(calls)
    add_comments(round_, plan, 4, start=10)
    calls.clear()
    assert client.get(base + "/summary/responses").status_code == 200
    # one getter for the answer and one a response, none for its comments
    assert len(calls) - small == 4
    calls.clear()
    assert client.get(base + "/comments?limit=2").status_code == 200
    few = len(calls)
    calls.clear()
    assert client.get(base + "/comments?limit=20").status_code == 200
    assert len(calls) == few
