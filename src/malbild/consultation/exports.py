"""Documents produced from a consultation round: the summary (remissammanställning) as PDF
(WeasyPrint, from the same template as the web page) and DOCX (python-docx), the invitation
e-mail text for a secret link, and an iCalendar file with the deadline."""

import datetime
import io
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from malbild.reports.render import new_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def invitation_text(*, round, consultee, url: str, version_url: str) -> str:
    """A ready e-mail text for a consultee with a personal link: `url` opens the response
    form, `version_url` the consulted version to read (and download) first."""
    return render_to_string(
        "consultation/invitation.txt",
        {"round": round, "consultee": consultee, "url": url, "version_url": version_url},
    ).strip()


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def deadline_ics(*, round, links: Sequence[tuple[str, str]] = ()) -> str:
    """An all-day iCalendar event on the (current) deadline. `links` are (label, address)
    pairs written into the description (a consultee's response page and the consulted
    version); the first one is also the event's URL."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    start = round.deadline
    end = start + datetime.timedelta(days=1)
    summary = _ics_escape(_("Consultation deadline: %(title)s") % {"title": round.title})
    description = _ics_escape(
        _("Responses to “%(document)s” (version %(n)s) are due.")
        % {"document": round.document.title, "n": round.version.number}
        + "".join(f"\n{label}: {address}" for label, address in links)
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Malbild//Consultation//SV",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:consultation-{round.pk}-{round.organisation_id}@malbild",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
        f"DTEND;VALUE=DATE:{end:%Y%m%d}",
        f"SUMMARY:{summary}",
        f"DESCRIPTION:{description}",
        *([f"URL:{links[0][1]}"] if links else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def _fold(line: str) -> str:
    """Fold lines longer than 75 octets (RFC 5545 §3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += b
    parts.append(current.decode())
    return "\r\n ".join(parts)


def summary_pdf(*, summary: dict, request=None) -> bytes:
    """The summary as PDF, rendered from `consultation/summary_pdf.html`."""
    from weasyprint import HTML

    html = render_to_string("consultation/summary_pdf.html", {"summary": summary}, request=request)
    return HTML(string=html, base_url="/").write_pdf()


def _date(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d")
    return value.isoformat()


def summary_docx(*, summary: dict) -> bytes:
    """The summary as a Word document with the same sections as the web page."""
    round_ = summary["round"]
    doc = new_docx(
        title=_("Consultation summary: %(title)s") % {"title": round_.title},
        author=round_.organisation.name,
    )
    doc.add_heading(_("Consultation summary"), level=0)
    doc.add_paragraph(round_.title)

    doc.add_heading(_("Introduction"), level=1)
    for label, value in _intro_rows(round_):
        p = doc.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    if round_.instructions:
        doc.add_paragraph(round_.instructions)
    if summary["extensions"]:
        doc.add_paragraph(_("Extensions of the deadline:"))
        for ext in summary["extensions"]:
            decision = f" ({ext.decision.reference})" if ext.decision_id else ""
            doc.add_paragraph(
                f"{_date(ext.previous_deadline)} → {_date(ext.new_deadline)}{decision}: "
                f"{ext.reason}",
                style="List Bullet",
            )

    doc.add_heading(_("Consultees"), level=1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells,
        (_("Consultee"), _("Status"), _("Answered on"), _("Overall position")),
        strict=True,
    ):
        cell.text = text
    for row in summary["rows"]:
        cells = table.add_row().cells
        cells[0].text = str(row["consultee"].body)
        cells[1].text = str(row["state_label"])
        answered = row["submitted_at"] or row["declined_at"]
        cells[2].text = _date(answered) if answered else "–"
        cells[3].text = row["current"].get_position_display() if row["current"] else "–"

    doc.add_heading(_("Overall positions"), level=1)
    for pos in summary["positions"]:
        doc.add_paragraph(f"{pos['label']}: {pos['count']}", style="List Bullet")

    doc.add_heading(_("Comments per item"), level=1)
    if not summary["sections"]:
        doc.add_paragraph(_("No comments were submitted."))
    for section in summary["sections"]:
        heading = (
            f"{section['type_label']}: {section['label']}"
            if section["uid"]
            else _("The document as a whole")
        )
        doc.add_heading(heading, level=2)
        for record in section["comments"]:
            _docx_comment(doc, record)

    doc.add_heading(_("Points not accepted"), level=1)
    if not summary["not_accepted"]:
        doc.add_paragraph(_("All handled comments were accepted, partly accepted or noted."))
    for record in summary["not_accepted"]:
        c = record["comment"]
        doc.add_paragraph(
            f"{record['consultee'].body} – {c.anchor_display or _('The document as a whole')}: "
            f"{c.text} — {_('Reason')}: {record['disposition'].motivation}",
            style="List Bullet",
        )

    doc.add_heading(_("Changes after the consultation"), level=1)
    changes = summary["changes"]
    if summary["revised_is_working_copy"]:
        doc.add_paragraph(
            _("No revised version is frozen yet; the changes are those of the working copy.")
        )
    if not changes or not changes["changes"]:
        doc.add_paragraph(_("No changes."))
    else:
        for change in changes["changes"]:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{change['type_label']}: {change['label']} ").bold = True
            p.add_run(f"({_change_label(change['change'])})")
            fields = ", ".join(f["field"] for f in change["fields"])
            if fields:
                doc.add_paragraph(f"{_('Fields')}: {fields}")
            if change["comments"]:
                doc.add_paragraph(
                    _("Because of: %(list)s")
                    % {
                        "list": "; ".join(
                            f"{r['consultee'].body} (“{Truncator(r['comment'].text).words(14)}”)"
                            for r in change["comments"]
                        )
                    }
                )

    doc.add_heading(_("Appendix: the responses"), level=1)
    if not summary["responses"]:
        doc.add_paragraph(_("No responses are included."))
    for row in summary["responses"]:
        response = row["current"]
        doc.add_heading(str(row["consultee"].body), level=2)
        meta = [
            (_("Submitted"), _date(response.submitted_at)),
            (_("Overall position"), response.get_position_display()),
            (_("Decision"), response.decision_reference or "–"),
        ]
        if response.is_late:
            meta.append((_("Note"), _("Submitted after the deadline")))
        for label, value in meta:
            p = doc.add_paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(value)
        if response.summary:
            doc.add_paragraph(response.summary)
        for comment in response.comments.all():
            anchor = comment.anchor_display or _("The document as a whole")
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{anchor} ({comment.get_kind_display()}): ").bold = True
            p.add_run(comment.text)
            if comment.proposed_wording:
                doc.add_paragraph(f"{_('Proposed wording')}: {comment.proposed_wording}")
        attachments = list(response.attachments.all())
        doc.add_paragraph(
            f"{_('Attachments')}: "
            + (", ".join(a.original_name for a in attachments) if attachments else _("none"))
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_comment(doc, record) -> None:
    c = record["comment"]
    p = doc.add_paragraph(style="List Bullet")
    p.add_run(f"{record['consultee'].body} ({c.get_kind_display()}): ").bold = True
    p.add_run(c.text)
    if c.proposed_wording:
        doc.add_paragraph(f"{_('Proposed wording')}: {c.proposed_wording}")
    d = record["disposition"]
    if d is None:
        doc.add_paragraph(f"{_('Disposition')}: {_('not yet handled')}")
    else:
        doc.add_paragraph(f"{_('Disposition')}: {d.get_kind_display()} – {d.motivation}")


def _change_label(change: str) -> str:
    return {"added": _("added"), "removed": _("removed"), "changed": _("changed")}.get(
        change, change
    )


def _intro_rows(round_) -> list[tuple[str, str]]:
    rows = [
        (_("Document"), f"{round_.document.title} ({round_.version})"),
        (_("Sent on"), _date(round_.sent_on)),
        (_("Original deadline"), _date(round_.original_deadline)),
        (_("Deadline"), _date(round_.deadline)),
    ]
    if round_.registry_number:
        rows.append((_("Registry number (Dnr)"), round_.registry_number))
    if round_.decision_id:
        rows.append((_("Decision to send out"), round_.decision.reference))
    if round_.revised_version_id:
        rows.append((_("Revised version"), str(round_.revised_version)))
    return rows
