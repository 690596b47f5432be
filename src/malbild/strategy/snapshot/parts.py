"""A frozen version's content on a page in parts (docs/adr/0017-long-pages-in-parts.md): the
version page (`strategy/version_detail.html`) and the consulted version of a consultation,
which includes the same template partials, show a small version whole and a large one a focus
area at a time, like the document page (`strategy.views.documents.tree_parts`).

Splitting is a view-layer concern: the nodes are `render.tree` of the stored snapshot (read
through the snapshot reader, never parsed here); this module only chooses which of them a
page shows. Sections and overall goals are the document's own text and few: they stay on the
table of contents page. Every other item is in exactly one part: under its focus area of the
version, under the inherited focus area it was placed under, or "without a focus area"."""

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator

from .render import format_nodes
from .schema import upgrade

#: A version with more activities and indicators than this is shown one focus area at a time
#: (a table of contents links to each part); smaller ones on one page.
SINGLE_PAGE_ROWS = 150
#: Items (goals, indicators, activities) per page within one part.
ITEMS_PER_PAGE = 100
#: The `?focus_area=` key of the items without a focus area.
UNLINKED = "none"
#: Top-level items that are the document's own text, shown on the table of contents page.
GENERAL_TYPES = ("section", "overall_goal")
#: The items a part counts in the table of contents.
COUNTED_TYPES = ("activity", "indicator")


def _counts(nodes: list[dict]) -> dict[str, int]:
    return {t: sum(1 for n in nodes if n["type"] == t) for t in COUNTED_TYPES}


def version_parts(snapshot: dict, nodes: list[dict], query) -> dict[str, Any]:
    """How a page shows `nodes` (`render.tree(snapshot, formatted=False)`; the nodes the page
    shows get their fields here, `render.format_nodes`): `collapsed` (more than
    SINGLE_PAGE_ROWS activities and indicators), `general` (sections and overall goals; on a
    collapsed version only on the table of contents page), `parts` (each {key, label,
    node (the focus area's node, or None for an inherited focus area or the items without
    one), inherited (bool), counts {activity, indicator}, where (its address)}), the chosen
    `part` (`?focus_area=<uid>`; "" for the table of contents, None when not collapsed) with
    `shown` (its nodes on this page) and `page_obj` (ITEMS_PER_PAGE a page, `?page=`).
    Unknown parts and pages show the table of contents and the last page."""
    snapshot = upgrade(snapshot)
    parent_of = {i["uid"]: i.get("parent") for i in snapshot["items"]}
    inherited_labels = {
        i["uid"]: i["label"]
        for i in snapshot.get("inherited") or []
        if i.get("type") == "focus_area"
    }
    rows = sum(1 for i in snapshot["items"] if i["type"] in COUNTED_TYPES)
    collapsed = rows > SINGLE_PAGE_ROWS

    general: list[dict] = []
    parts: dict[str, dict[str, Any]] = {}
    unlinked: list[dict] = []

    def add_part(key: str, label: str, node: dict | None, inherited: bool) -> dict[str, Any]:
        return parts.setdefault(
            key,
            {"key": key, "label": label, "node": node, "inherited": inherited, "members": []},
        )

    for node in nodes:
        if node["type"] in GENERAL_TYPES:
            general.append(node)
        elif node["type"] == "focus_area":
            add_part(node["uid"], node["label"], node, False)["members"].extend(node["children"])
        elif parent_of.get(node["uid"]) in inherited_labels:
            key = parent_of[node["uid"]]
            add_part(key, inherited_labels[key], None, True)["members"].append(node)
        else:
            unlinked.append(node)
    listed = list(parts.values())
    if unlinked:
        listed.append(
            {"key": UNLINKED, "label": "", "node": None, "inherited": False, "members": unlinked}
        )
    for p in listed:
        p["counts"] = _counts(p["members"])
        p["where"] = (
            f"?{urlencode({'focus_area': p['key']})}#part-{p['key']}"
            if collapsed
            else f"#part-{p['key']}"
        )

    part = query.get("focus_area", "") if collapsed else None
    chosen = next((p for p in listed if p["key"] == part), None)
    if part is not None and chosen is None:
        part = ""
    page_obj = None
    if chosen is not None:
        page_obj = Paginator(chosen["members"], ITEMS_PER_PAGE).get_page(query.get("page"))
        chosen["shown"] = list(page_obj.object_list)
    for p in listed:
        p.setdefault("shown", p["members"] if not collapsed else [])
    if not collapsed:
        format_nodes(nodes)
    elif chosen is not None:
        if chosen["node"] is not None:
            format_nodes([chosen["node"]], children=False)
        format_nodes(chosen["shown"])
    else:
        format_nodes(general)
    return {
        "collapsed": collapsed,
        "rows": rows,
        "general": general,
        "parts": listed,
        "part": part,
        "chosen": chosen,
        "page_obj": page_obj,
        "unlinked_key": UNLINKED,
    }
