"""A consultation on a version frozen in snapshot format 1: the summary compares it with the
working copy (format 2) by meaning and shows field labels, not raw uids, keys or codes."""

import re

from django.template.loader import render_to_string

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.consultation import selectors
from malbild.consultation.tests.factories import RoundFactory, VersionFactory
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def test_summary_of_a_format_1_version(org, body):
    doc = DocumentFactory(organisation=org, title="Handlingsplan")
    fa = FocusAreaFactory(document=doc, number="1", title="Styrning")
    act = ActivityFactory(document=doc, responsible_body=body, title="E-arkiv", status="ongoing")
    act.focus_areas.add(fa)
    BudgetLineFactory(activity=act, year=2019, kind="operating", amount=700000)
    old = {
        "format": 1,
        "document": {"uid": str(doc.uid), "title": doc.title, "kind": "action_plan"},
        "items": [
            {
                "uid": str(fa.uid),
                "type": "focus_area",
                "label": "1 Styrning",
                "parent": None,
                "fields": {"number": "1", "title": "Styrning", "overall_goals": []},
            },
            {
                "uid": str(act.uid),
                "type": "activity",
                "label": str(act),
                "parent": str(fa.uid),
                "fields": {
                    "number": act.number,
                    "title": "E-arkiv",
                    "status": "ongoing",
                    "responsible_body": body.name,
                    "focus_areas": [str(fa.uid)],
                    "budget": ["2019 operating 650000.00"],
                },
            },
        ],
    }
    round_ = RoundFactory(version=VersionFactory(document=doc, snapshot=old))
    summary = selectors.summary_build(round=round_)
    changes = summary["changes"]["changes"]
    # Only the budget changed: the body (by name) and the focus area (by uid) are the same.
    assert [(c["uid"], [f["key"] for f in c["fields"]]) for c in changes] == [
        (str(act.uid), ["budget"])
    ]
    html = render_to_string(
        "consultation/_summary_body.html",
        {
            "summary": summary,
            "organisation": org,
            "not_accepted_list": summary["not_accepted"],
            "response_list": summary["responses"],
        },
    )
    text = re.sub(r"<[^>]+>", " ", html)
    assert not UUID.search(text)
    assert not re.search(r"\b(operating|ongoing|focus_area|responsible_body)\b", text), text
    assert "Driftkostnad" in text  # the budget line's kind by its label (the UI is Swedish)
