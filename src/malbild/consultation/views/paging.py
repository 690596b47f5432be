"""The comments of a round's handling page and summary page, a page at a time (issue #11):
the comments in the summary's order (per item), `COMMENTS_PER_PAGE` a page (`?page=`), an
optional filter on whether a comment is handled (`?show=`), and `?comment=<id>` to open the
page that lists that comment. A table of contents lists every item with its number of
comments and links to the page where they begin; an item continued from the page before
says so. A view-layer split of `selectors.summary_build`'s sections: no extra queries."""

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy

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


def _keep(show: str):
    if show == "unhandled":
        return lambda rec: rec["disposition"] is None
    if show == "handled":
        return lambda rec: rec["disposition"] is not None
    return lambda rec: True


def section_key(section: dict) -> str:
    """The page anchor of an item's comments: its uid, or `document` (the document as a
    whole)."""
    return f"item-{section['uid']}" if section.get("uid") else "item-document"


def comment_pages(sections: list, query, *, show: str = "", per_page: int = 0) -> dict:
    """Split `sections` (summary_build's, each with its `comments`) into pages. Returns
    `page_obj`, `groups` (the current page's comments per item: `section`, `key`,
    `comments`, `continued`), `toc` (per item with comments after the filter: `section`,
    `key`, `count`, `handled`, `page`, `current`) and `show`. `per_page` defaults to
    COMMENTS_PER_PAGE."""
    keep = _keep(show)
    flat = [(i, rec) for i, section in enumerate(sections) for rec in section["comments"]]
    flat = [(i, rec) for i, rec in flat if keep(rec)]
    per_page = per_page or COMMENTS_PER_PAGE
    number = query.get("page")
    wanted = query.get("comment", "")
    if wanted.isdigit():
        pk = int(wanted)
        found = next((n for n, (_i, rec) in enumerate(flat) if rec["comment"].pk == pk), None)
        if found is not None:
            number = found // per_page + 1
    page_obj = Paginator(flat, per_page).get_page(number)
    starts: dict[int, int] = {}
    counts: dict[int, list] = {}
    for n, (i, rec) in enumerate(flat):
        starts.setdefault(i, n // per_page + 1)
        counts.setdefault(i, []).append(rec)
    groups: list[dict] = []
    for i, rec in page_obj.object_list:
        if not groups or groups[-1]["index"] != i:
            groups.append(
                {
                    "index": i,
                    "section": sections[i],
                    "key": section_key(sections[i]),
                    "comments": [],
                    "continued": starts[i] < page_obj.number,
                }
            )
        groups[-1]["comments"].append(rec)
    on_page = {g["index"] for g in groups}
    toc = [
        {
            "section": sections[i],
            "key": section_key(sections[i]),
            "count": len(recs),
            "handled": sum(1 for rec in recs if rec["disposition"] is not None),
            "page": starts[i],
            "current": i in on_page,
        }
        for i, recs in counts.items()
    ]
    return {"page_obj": page_obj, "groups": groups, "toc": toc, "show": show}


def summary_parts(summary: dict, query) -> dict:
    """How the summary page shows `summary`: whole (no more than COMMENTS_PER_PAGE comments
    and RESPONSES_PER_PAGE responses) or one part at a time (`?part=`, SUMMARY_PARTS), the
    long parts page by page (`?page=`)."""
    collapsed = (
        summary["comment_count"] > COMMENTS_PER_PAGE
        or len(summary["responses"]) > RESPONSES_PER_PAGE
    )
    if not collapsed:
        everything = max(summary["comment_count"], 1)
        return {
            "collapsed": False,
            "part": None,
            "pages": comment_pages(summary["sections"], {}, per_page=everything),
            "not_accepted_list": summary["not_accepted"],
            "response_list": summary["responses"],
        }
    part = query.get("part", "")
    part = part if part in SUMMARY_PARTS else ""
    ctx: dict = {"collapsed": True, "part": part, "page_obj": None}
    if part == "comments":
        ctx["pages"] = comment_pages(summary["sections"], query)
        ctx["page_obj"] = ctx["pages"]["page_obj"]
    elif part == "not-accepted":
        ctx["page_obj"] = Paginator(summary["not_accepted"], NOT_ACCEPTED_PER_PAGE).get_page(
            query.get("page")
        )
        ctx["not_accepted_list"] = ctx["page_obj"].object_list
    elif part == "responses":
        ctx["page_obj"] = Paginator(summary["responses"], RESPONSES_PER_PAGE).get_page(
            query.get("page")
        )
        ctx["response_list"] = ctx["page_obj"].object_list
    return ctx
