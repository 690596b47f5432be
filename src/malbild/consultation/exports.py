"""Documents produced from a consultation round: the summary (remissammanställning) as PDF
and DOCX (built by `summary_report`, rendered by the document pipeline malbild.reports), the
invitation e-mail text for a secret link, and an iCalendar file with the deadline."""

import datetime
from collections.abc import Sequence

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from malbild.reports import render

from .summary_report import summary_report

DOCX_TYPE = render.CONTENT_TYPES["docx"]


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


def summary_pdf(*, summary: dict, progress: render.Progress | None = None) -> bytes:
    """The summary as PDF, through the document pipeline (malbild.reports.render);
    `progress(percent, step)` per part as it is laid out."""
    return render.render_pdf(summary_report(summary), progress=progress)


def summary_docx(*, summary: dict, progress: render.Progress | None = None) -> bytes:
    """The summary as a Word document, through the document pipeline."""
    return render.render_docx(summary_report(summary), progress=progress)
