"""The open data files: a document's adopted version and a closed follow-up period, as JSON
(with their metadata and licence) and as CSV for people (Swedish column headings, labels in
place of codes, no internal ids; the item's own number is part of its name)."""

import csv
import io

from django.utils.translation import gettext as _

from malbild.actionplan.constants import ActivityStatus
from malbild.followup.constants import Status
from malbild.kolada.comparison import comparison_data, comparisons_get
from malbild.strategy.snapshot import render
from malbild.web import formatting

from .selectors import LICENCE


def _meta(organisation, url: str) -> dict:
    return {
        "licence": LICENCE,
        "publisher": {"name": organisation.name, "slug": organisation.slug},
        "url": url,
    }


# --- documents ----------------------------------------------------------------------------


#: The indicator source whose values come from Kolada (strategy.constants.IndicatorSource).
KOLADA_SOURCE = "kolada"


def kolada_comparisons(organisation, snapshot: dict) -> list[dict]:
    """For each indicator of the version whose source is Kolada: its KPI's stored values for
    the organisation, its comparison municipalities and Riket (as on the portal's indicator
    page). Two queries whatever the number of indicators."""
    indicators = [
        i
        for i in snapshot.get("items", [])
        if i["type"] == "indicator"
        and i["fields"].get("source") == KOLADA_SOURCE
        and (i["fields"].get("kolada_kpi") or "").strip()
    ]
    if not indicators:
        return []
    found = comparisons_get(
        organisation=organisation,
        kpis=[i["fields"]["kolada_kpi"].strip() for i in indicators],
    )
    return [
        {
            "indicator": {"uid": i["uid"], "label": i["label"]},
            **comparison_data(found[i["fields"]["kolada_kpi"].strip()]),
        }
        for i in indicators
    ]


def document_json(document, snapshot: dict, *, url: str, version=None) -> dict:
    """The adopted version's frozen content (snapshot format 2) with its metadata, and the
    Kolada comparisons of its Kolada indicators; `version` is the version shown (default: the
    document's adopted version)."""
    version = version or document.adopted_version
    return {
        **_meta(document.organisation, url),
        "dataset": "adopted-document",
        "document": {"uid": str(document.uid), "title": document.title},
        "version": {
            "number": version.number,
            "label": version.label,
            "frozen_at": version.created_at.isoformat(),
        },
        "snapshot": snapshot,
        "kolada_comparisons": kolada_comparisons(document.organisation, snapshot),
    }


def document_rows(snapshot: dict) -> list[list[str]]:
    """The header and one row per item: the document first, then its items in order."""
    labels = {i["uid"]: i["label"] for i in snapshot.get("items", [])}
    parts = [("document", snapshot["document"]["label"], "", snapshot["document"]["fields"])]
    parts += [
        (i["type"], i["label"], labels.get(i.get("parent"), ""), i["fields"])
        for i in snapshot.get("items", [])
    ]
    fixed = [_("Part"), _("Name"), _("Belongs to")]
    columns: list[str] = []
    rows = []
    for type_, label, parent, fields in parts:
        values = {}
        for key, value in fields.items():
            heading = render.field_label(type_, key)
            heading = heading[:1].upper() + heading[1:]
            if heading in fixed:  # the item's name: already in the "Name" column
                continue
            if heading not in columns:
                columns.append(heading)
            values[heading] = render.field_value(type_, key, value)
        name = render.type_name(type_) if type_ != "document" else _("Steering document")
        rows.append((name, label, parent, values))
    header = [*fixed, *columns]
    return [header] + [[n, lab, par, *(v.get(c, "") for c in columns)] for n, lab, par, v in rows]


# --- follow-up periods --------------------------------------------------------------------

_PERSONAL = ("by", "reviewed_by", "submitted_by")


def period_json(period, data: dict, *, url: str) -> dict:
    """A closed period's frozen facts and assessment, without the people who reported."""
    p = data["period"]
    return {
        **_meta(period.organisation, url),
        "dataset": "closed-followup-period",
        "period": {
            "label": period.label,
            "kind": period.kind,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "closed_at": p.get("closed_at"),
            "document": {"uid": str(period.document.uid), "title": period.document.title},
        },
        "activities": [
            {
                "uid": a["uid"],
                "number": a["number"],
                "title": a["title"],
                "responsible_body": a["responsible_body"],
                "start_year": a["start_year"],
                "end_year": a["end_year"],
                "status": a["status"],
                "progress": a["progress"],
                "forecast": a["forecast"],
                "comment": a["comment"],
                "budget": [
                    {k: line[k] for k in ("year", "kind", "planned", "spent", "source")}
                    for line in a["budget"]
                ],
            }
            for a in data["activities"]
        ],
        "indicators": [
            {
                "uid": i["uid"],
                "name": i["name"],
                "unit": i["unit"],
                "kind": i["kind"],
                "direction": i["direction"],
                "baseline_value": i["baseline_value"],
                "baseline_year": i["baseline_year"],
                "targets": i["targets"],
                "value": i["value"],
                "text": i["text"],
                "measured_on": i["measured_on"],
                "comment": i["comment"],
                "source": i["source"],
                "status": i.get("status"),
            }
            for i in data["indicators"]
        ],
        "amendments": [
            {k: v for k, v in a.items() if k not in _PERSONAL and k != "id"}
            for a in data.get("amendments", [])
        ],
    }


def _number(value) -> str:
    return "" if value in (None, "") else formatting.number(value, grouping=False)


def period_rows(data: dict) -> list[list[str]]:
    """The header and one row per activity, then per indicator, of a closed period."""
    activity_status = dict(ActivityStatus.choices)
    status = dict(Status.choices)
    header = [
        _("Kind"),
        _("Number"),
        _("Name"),
        _("Responsible body"),
        _("Status"),
        _("Progress (%)"),
        _("Forecast (kr)"),
        _("Value"),
        _("Unit"),
        _("Measured on"),
        _("Comment"),
    ]
    rows = [header]
    for a in data["activities"]:
        rows.append(
            [
                _("Activity"),
                a["number"],
                a["title"],
                a["responsible_body"],
                str(activity_status.get(a["status"], a["status"])),
                "" if a["progress"] is None else str(a["progress"]),
                _number(a["forecast"]),
                "",
                "",
                "",
                a["comment"],
            ]
        )
    for i in data["indicators"]:
        rows.append(
            [
                _("Indicator"),
                "",
                i["name"],
                i["responsible_body"],
                str(status.get(i.get("status"), i.get("status") or "")),
                "",
                "",
                _number(i["value"]) if i["value"] is not None else i["text"],
                i["unit"],
                i["measured_on"] or "",
                i["comment"],
            ]
        )
    return rows


def csv_bytes(rows: list[list[str]]) -> bytes:
    """RFC 4180 CSV (comma, CRLF), UTF-8 with a byte order mark so Excel reads å, ä, ö."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode()
