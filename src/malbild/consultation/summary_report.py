"""The consultation summary (remissammanställning) as a report structure of malbild.reports,
so its PDF and Word files come from the one document pipeline (cover with the round's facts,
table of contents, page numbers, real headings and tables). The web page keeps its own
template (`consultation/_summary_body.html`) with links between changes and comments.

`summary_report(summary)` takes `selectors.summary_build`'s dict (with the responses the
reader may see). A strategist's assessment (`summary["assessment"]`, "Bedömning") and
proposal for a decision (`summary["proposal"]`, "Förslag till beslut"), both Markdown, get a
section each when present."""

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from malbild.reports.cells import Date, Number, Status


def _date(value) -> Date:
    return Date(value)


def _text(value) -> str:
    return str(value) if value not in (None, "") else "–"


def cover_facts(round_) -> list[tuple[str, str]]:
    """The round's facts: document and version, dates, registry number, decisions."""
    facts = [
        (_("Document"), f"{round_.document.title} ({round_.version})"),
        (_("Sent on"), str(_date(round_.sent_on))),
        (_("Original deadline"), str(_date(round_.original_deadline))),
        (_("Deadline"), str(_date(round_.deadline))),
    ]
    if round_.registry_number:
        facts.append((_("Registry number (Dnr)"), round_.registry_number))
    if round_.decision_id:
        facts.append((_("Decision to send out"), round_.decision.reference))
    if round_.revised_version_id:
        facts.append((_("Revised version"), str(round_.revised_version)))
    return facts


def _change_label(change: str) -> str:
    return {"added": _("added"), "removed": _("removed"), "changed": _("changed")}.get(
        change, _("changed")
    )


def _introduction(summary: dict) -> dict:
    round_ = summary["round"]
    blocks = [
        {
            "type": "paragraph",
            "text": ngettext(
                "“%(document)s” (version %(n)s) was sent for consultation on %(sent)s to "
                "%(total)s consultee.",
                "“%(document)s” (version %(n)s) was sent for consultation on %(sent)s to "
                "%(total)s consultees.",
                len(summary["rows"]),
            )
            % {
                "document": round_.document.title,
                "n": round_.version.number,
                "sent": _date(round_.sent_on),
                "total": len(summary["rows"]),
            },
        }
    ]
    if round_.instructions:
        blocks.append({"type": "paragraph", "text": round_.instructions})
    if summary["extensions"]:
        blocks.append(
            {
                "type": "table",
                "table": {
                    "key": "extensions",
                    "kind": "extensions",
                    "title": _("Extensions of the deadline"),
                    "columns": [
                        _("Previous deadline"),
                        _("New deadline"),
                        _("Decision"),
                        _("Reason"),
                    ],
                    "rows": [
                        [
                            _date(ext.previous_deadline),
                            _date(ext.new_deadline),
                            ext.decision.reference if ext.decision_id else "–",
                            ext.reason,
                        ]
                        for ext in summary["extensions"]
                    ],
                },
            }
        )
    return {"id": "introduction", "heading": _("Introduction"), "level": 1, "blocks": blocks}


def _consultees(summary: dict) -> dict:
    table = {
        "key": "consultees",
        "kind": "consultees",
        "title": _("Consultees and whether and when each answered"),
        "columns": [_("Consultee"), _("Status"), _("Answered on"), _("Overall position")],
        "rows": [
            [
                str(row["consultee"].body),
                Status(row["state"], str(row["state_label"])),
                _date(row["submitted_at"] or row["declined_at"]),
                row["current"].get_position_display() if row["current"] else "–",
            ]
            for row in summary["rows"]
        ],
    }
    return {
        "id": "consultees",
        "heading": _("Consultees"),
        "level": 1,
        "blocks": [{"type": "table", "table": table}],
    }


def _positions(summary: dict) -> dict:
    return {
        "id": "positions",
        "heading": _("Overall positions"),
        "level": 1,
        "blocks": [
            {
                "type": "key_figures",
                "items": [(str(p["label"]), Number(p["count"])) for p in summary["positions"]],
            }
        ],
    }


def _comment_text(comment) -> str:
    text = comment.text
    if comment.proposed_wording:
        text += f"\n{_('Proposed wording')}: {comment.proposed_wording}"
    return text


def _disposition_text(disposition) -> str:
    if disposition is None:
        return _("not yet handled")
    return f"{disposition.get_kind_display()} – {disposition.motivation}"


def _comments_per_item(summary: dict) -> list[dict]:
    sections = [
        {
            "id": "comments",
            "heading": _("Comments per item"),
            "level": 1,
            "blocks": [
                {
                    "type": "paragraph",
                    "text": _("%(h)s of %(t)s comments handled.")
                    % {"h": summary["handled_count"], "t": summary["comment_count"]},
                }
            ]
            + (
                []
                if summary["sections"]
                else [{"type": "paragraph", "text": _("No comments were submitted.")}]
            ),
        }
    ]
    for n, section in enumerate(summary["sections"], start=1):
        heading = (
            f"{section['type_label']}: {section['label']}"
            if section["uid"]
            else _("The document as a whole")
        )
        table = {
            "key": f"comments-{n}",
            "kind": "comments",
            "kind_label": _("Comments"),
            "title": _("Comments and dispositions"),
            "columns": [_("Consultee"), _("Kind"), _("Comment"), _("Disposition")],
            "rows": [
                [
                    str(r["consultee"].body),
                    r["comment"].get_kind_display(),
                    _comment_text(r["comment"]),
                    _disposition_text(r["disposition"]),
                ]
                for r in section["comments"]
            ],
        }
        sections.append(
            {
                "id": f"comments-{n}",
                "heading": heading,
                "level": 2,
                "blocks": [{"type": "table", "table": table}],
            }
        )
    return sections


def _not_accepted(summary: dict) -> dict:
    if not summary["not_accepted"]:
        blocks = [
            {
                "type": "paragraph",
                "text": _("All handled comments were accepted, partly accepted or noted."),
            }
        ]
    else:
        table = {
            "key": "not-accepted",
            "kind": "not-accepted",
            "title": _("Points not accepted"),
            "columns": [_("Consultee"), _("Item"), _("Comment"), _("Reason")],
            "rows": [
                [
                    str(r["consultee"].body),
                    r["comment"].anchor_display or _("The document as a whole"),
                    r["comment"].text,
                    r["disposition"].motivation,
                ]
                for r in summary["not_accepted"]
            ],
        }
        blocks = [{"type": "table", "table": table}]
    return {"id": "not-accepted", "heading": _("Points not accepted"), "level": 1, "blocks": blocks}


def _quote(record) -> str:
    """The consultee and the start of the comment, ending on a whole word."""
    return f"{record['consultee'].body} (“{Truncator(record['comment'].text).words(14)}”)"


def _changes(summary: dict) -> dict:
    blocks = []
    if summary["revised_is_working_copy"]:
        blocks.append(
            {
                "type": "paragraph",
                "text": _(
                    "No revised version is frozen yet; the changes are those of the working copy."
                ),
            }
        )
    changes = summary["changes"]
    if not changes or not changes["changes"]:
        blocks.append({"type": "paragraph", "text": _("No changes.")})
    else:
        table = {
            "key": "changes",
            "kind": "changes",
            "title": _("Changes between the consulted and the revised version"),
            "columns": [_("Item"), _("Kind of change"), _("Fields"), _("Because of")],
            "rows": [
                [
                    f"{c['type_label']}: {c['label']}",
                    _change_label(c["change"]),
                    ", ".join(str(f["field"]) for f in c["fields"]) or "–",
                    "; ".join(_quote(r) for r in c["comments"]) or "–",
                ]
                for c in changes["changes"]
            ],
        }
        blocks.append({"type": "table", "table": table})
    return {
        "id": "changes",
        "heading": _("Changes after the consultation"),
        "level": 1,
        "blocks": blocks,
    }


def _strategist_texts(summary: dict) -> list[dict]:
    """The assessment and the proposal for a decision (Markdown), when written."""
    sections = []
    for key, heading in (("assessment", _("Assessment")), ("proposal", _("Proposed decision"))):
        text = (summary.get(key) or "").strip()
        if text:
            sections.append(
                {
                    "id": key,
                    "heading": heading,
                    "level": 1,
                    "blocks": [{"type": "markdown", "text": text}],
                }
            )
    return sections


def _appendix(summary: dict) -> list[dict]:
    sections = [
        {
            "id": "appendix",
            "heading": _("Appendix: the responses"),
            "level": 1,
            "blocks": []
            if summary["responses"]
            else [{"type": "paragraph", "text": _("No responses are included.")}],
        }
    ]
    for n, row in enumerate(summary["responses"], start=1):
        response = row["current"]
        items = [
            (_("Submitted"), _date(response.submitted_at)),
            (_("Overall position"), response.get_position_display()),
            (_("Decision"), response.decision_reference or "–"),
        ]
        if response.is_late:
            items.append((_("Note"), _("Submitted after the deadline")))
        blocks = [{"type": "key_figures", "items": items}]
        if response.summary:
            blocks.append({"type": "paragraph", "text": response.summary})
        comments = list(response.comments.all())
        if comments:
            blocks.append(
                {
                    "type": "table",
                    "table": {
                        "key": f"response-{n}",
                        "kind": "response-comments",
                        "kind_label": _("Responses"),
                        "title": _("Comments of %(body)s") % {"body": row["consultee"].body},
                        "columns": [_("Item"), _("Kind"), _("Comment")],
                        "rows": [
                            [
                                c.anchor_display or _("The document as a whole"),
                                c.get_kind_display(),
                                _comment_text(c),
                            ]
                            for c in comments
                        ],
                    },
                }
            )
        attachments = [a.original_name for a in response.attachments.all()]
        blocks.append(
            {
                "type": "paragraph",
                "text": f"{_('Attachments')}: " + (", ".join(attachments) or _("none")),
            }
        )
        sections.append(
            {
                "id": f"response-{n}",
                "heading": str(row["consultee"].body),
                "level": 2,
                "blocks": blocks,
            }
        )
    return sections


def summary_report(summary: dict) -> dict:
    """The summary as a report structure (see malbild.reports.render)."""
    round_ = summary["round"]
    sections = [
        _introduction(summary),
        _consultees(summary),
        _positions(summary),
        *_comments_per_item(summary),
        _not_accepted(summary),
        _changes(summary),
        *_strategist_texts(summary),
        *_appendix(summary),
    ]
    tables = [
        block["table"]
        for section in sections
        for block in section["blocks"]
        if block["type"] == "table"
    ]
    return {
        "title": _("Consultation summary: %(title)s") % {"title": round_.title},
        "subject": round_.document.title,
        "cover": {
            "organisation": round_.organisation.name,
            "facts": cover_facts(round_),
            "notice": _(
                "No revised version is frozen yet; the changes are those of the working copy."
            )
            if summary["revised_is_working_copy"]
            else None,
        },
        "sections": sections,
        "tables": tables,
    }
