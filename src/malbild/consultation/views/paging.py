"""The comments of a round's handling page and summary page, a page at a time (issue #11):
the comments in the summary's order (per item), `COMMENTS_PER_PAGE` a page (`?page=`), an
optional filter on whether a comment is handled (`?show=`), and `?comment=<id>` to open the
page that lists that comment. A table of contents lists every item with its number of
comments and links to the page where they begin; an item continued from the page before
says so.

Each page reads only what it shows (`selectors.CommentList`): the items' counts by one
aggregate query (`selectors.comment_index`), then the page's comments; the summary's other
parts read their own page (points not accepted, responses) or the overview
(`selectors.summary_overview`). A summary small enough to stay whole is built whole
(`selectors.summary_build`)."""

from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy, ngettext

from .. import selectors

#: Comments per page on the handling and summary pages.
COMMENTS_PER_PAGE = 100

#: Responses per page of the summary's appendix, and points not accepted per page.
RESPONSES_PER_PAGE = 5
NOT_ACCEPTED_PER_PAGE = 100

#: The parts of a large summary page (`?part=`): the overview (introduction, consultees,
#: positions, changes, assessment and proposal), the comments per item, the points not
#: accepted and the appendix of responses.
SUMMARY_PARTS = ("", "comments", "not-accepted", "responses")

#: `?show=` values of the handling page's filter.
SHOW_CHOICES = [
    ("", gettext_lazy("All comments")),
    ("unhandled", gettext_lazy("Not yet handled")),
    ("handled", gettext_lazy("Handled")),
]


def section_key(section: dict) -> str:
    """The page anchor of an item's comments: its uid, or `document` (the document as a
    whole)."""
    return f"item-{section['uid']}" if section.get("uid") else "item-document"


def comment_pages(comments: selectors.CommentList, query, *, per_page: int = 0) -> dict:
    """One page of `comments` (`?page=`, or the page of `?comment=`). Returns `page_obj`,
    `groups` (the page's comments per item: `section`, `key`, `comments`, `continued`), `toc`
    (per item with comments after the filter: `section`, `key`, `count`, `handled`, `page`,
    `current`) and `show`. `per_page` defaults to COMMENTS_PER_PAGE. Reads the page's
    comments only (one query; two more for `?comment=`)."""
    per_page = per_page or COMMENTS_PER_PAGE
    number = query.get("page")
    wanted = query.get("comment", "")
    if wanted.isdigit():
        found = comments.position_of(int(wanted))
        if found is not None:
            number = found // per_page + 1
    page_obj = Paginator(comments, per_page).get_page(number)
    first = (page_obj.number - 1) * per_page
    groups: list[dict] = []
    for rec in page_obj.object_list:
        i = rec["index"]
        if not groups or groups[-1]["index"] != i:
            section = comments.index[i]
            groups.append(
                {
                    "index": i,
                    "section": section,
                    "key": section_key(section),
                    "comments": [],
                    "continued": comments.starts[i] < first,
                }
            )
        groups[-1]["comments"].append(rec)
    on_page = {g["index"] for g in groups}
    # The contents may list hundreds of items: their links and texts are made here, once
    # each, rather than by a `{% querystring %}` and two `{% blocktrans %}` per item.
    kept = query.copy() if hasattr(query, "copy") else dict(query)
    for name in ("page", "comment"):
        kept.pop(name, None)
    base = "?" + (kept.urlencode() + "&" if hasattr(kept, "urlencode") and kept else "")
    whole = gettext("The document as a whole")
    toc = []
    for i, (section, count, start) in enumerate(
        zip(comments.index, comments.counts, comments.starts, strict=True)
    ):
        if not count:
            continue
        handled = 0 if comments.show == "unhandled" else section["handled"]
        page = start // per_page + 1
        key = section_key(section)
        toc.append(
            {
                "section": section,
                "key": key,
                "count": count,
                "handled": handled,
                "page": page,
                "current": i in on_page,
                "href": f"{base}page={page}#{key}",
                "text": f"{section['type_label']}: {section['label']}" if section["uid"] else whole,
                "note": _toc_note(handled, count, page),
            }
        )
    return {"page_obj": page_obj, "groups": groups, "toc": toc, "show": comments.show}


def _toc_note(handled: int, count: int, page: int) -> str:
    counted = ngettext(
        "%(h)s of %(n)s comment handled", "%(h)s of %(n)s comments handled", count
    ) % {"h": number_format(handled), "n": number_format(count)}
    return counted + "; " + gettext("page %(p)s") % {"p": number_format(page)}


def whole_pages(sections: list) -> dict:
    """Every comment of `summary_build`'s sections on one page (a small summary)."""
    groups = [
        {"section": s, "key": section_key(s), "comments": s["comments"], "continued": False}
        for s in sections
    ]
    return {"page_obj": None, "groups": groups, "toc": [], "show": ""}


def is_collapsed(*, comment_count: int, response_count: int) -> bool:
    """Whether the summary page shows one part at a time (ADR 0017)."""
    return comment_count > COMMENTS_PER_PAGE or response_count > RESPONSES_PER_PAGE


def summary_parts(*, access, round, query) -> dict:
    """The summary page's context: `summary` and how it is shown, whole (no more than
    COMMENTS_PER_PAGE comments and RESPONSES_PER_PAGE responses; `summary_build`) or one part
    at a time (`?part=`, SUMMARY_PARTS), the long parts page by page (`?page=`), each part
    reading only what it shows."""
    from .. import summary_export

    index = selectors.comment_index(round=round)
    comment_count = sum(entry["total"] for entry in index)
    responses = selectors.summary_responses(access=access, round=round)
    response_count = responses.count()
    if not is_collapsed(comment_count=comment_count, response_count=response_count):
        summary = summary_export.summary_for(access, round)
        return {
            "summary": summary,
            "collapsed": False,
            "part": None,
            "pages": whole_pages(summary["sections"]),
            "not_accepted_list": summary["not_accepted"],
            "response_list": summary["responses"],
        }
    part = query.get("part", "")
    part = part if part in SUMMARY_PARTS else ""
    counts = {
        "round": round,
        "comment_count": comment_count,
        "handled_count": sum(entry["handled"] for entry in index),
        "not_accepted_count": sum(entry["not_accepted"] for entry in index),
        "response_count": response_count,
    }
    ctx: dict = {"collapsed": True, "part": part, "page_obj": None, "summary": counts}
    if part == "":
        ctx["summary"] = {
            **selectors.summary_overview(round=round, access=access, index=index),
            **counts,
        }
    elif part == "comments":
        ctx["pages"] = comment_pages(selectors.CommentList(round=round, index=index), query)
        ctx["page_obj"] = ctx["pages"]["page_obj"]
    elif part == "not-accepted":
        ctx["page_obj"] = Paginator(
            selectors.not_accepted_comments(round=round), NOT_ACCEPTED_PER_PAGE
        ).get_page(query.get("page"))
        ctx["not_accepted_list"] = selectors.comment_records(ctx["page_obj"].object_list)
    elif part == "responses":
        ctx["page_obj"] = Paginator(responses, RESPONSES_PER_PAGE).get_page(query.get("page"))
        ctx["response_list"] = selectors.response_page(ctx["page_obj"].object_list)
    return ctx
