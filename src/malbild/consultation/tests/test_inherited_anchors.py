"""Comments on a committee plan (issue #9 §1): a consultee anchors comments to the focus areas
and goals the plan inherits from the strategy two levels up, to each of its sections and to
the document as a whole — on the response page, through the service and the API (account and
secret link) — and the summary and handling pages list them under the right heading, never a
uid."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from malbild.api.tests.helpers import ApiClient
from malbild.consultation import services
from malbild.consultation.models import Comment
from malbild.consultation.permissions import Responder
from malbild.consultation.selectors import summary_build, version_anchors
from malbild.strategy import services as strategy_services
from malbild.strategy.tests.levels import build_levels

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def levels(org, body):
    return build_levels(org, body, committee_plans=1)


@pytest.fixture
def committee_round(levels, strategist_access, body, ks):
    committee = levels.committee_plans[0]
    version = strategy_services.version_freeze(access=strategist_access, document=committee)
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss: nämndplan",
        sent_on=datetime.date(2018, 2, 28),
        deadline=timezone.localdate() + datetime.timedelta(days=30),  # links still valid
        bodies=[body],
        decision={"body": ks, "date": datetime.date(2018, 2, 28), "paragraph": "8"},
    )


def _uids(levels):
    section = levels.committee_plans[0].sections.get()
    return {
        "focus_area": str(levels.focus_areas[1].uid),
        "goal": str(levels.goals[0].uid),
        "overall_goal": str(levels.overall_goal.uid),
        "section": str(section.uid),
        "whole": "",
    }


def test_anchors_include_inherited_items_sections_and_the_whole(levels, committee_round):
    anchors = version_anchors(snapshot=committee_round.version.snapshot)
    groups = {a["uid"]: a["group"] for a in anchors}
    uids = _uids(levels)
    assert groups[""] == "document"
    assert groups[uids["section"]] == "sections"
    for key in ("focus_area", "goal", "overall_goal"):
        assert groups[uids[key]] == "inherited"
    inherited = [a for a in anchors if a["group"] == "inherited"]
    assert {a["source"] for a in inherited} == {"Strategi"}


def test_comments_on_inherited_focus_area_goal_section_and_whole_document(
    client, org, levels, committee_round, respondent, body, strategist
):
    """Measured on main: only the plan's own indicators and activities could be chosen."""
    consultee = committee_round.consultees.get(body=body)
    respondent.refresh_from_db()
    client.force_login(respondent)
    base = reverse(
        "consultation:response",
        kwargs={"org": org.slug, "pk": committee_round.pk, "cid": consultee.pk},
    )
    page = client.get(base, {"concerns": _uids(levels)["goal"]})
    html = page.content.decode()
    form = page.context["comment_form"]
    assert form["item_uid"].value() == _uids(levels)["goal"]  # "comment on" preselects it
    assert "Inherited from “Strategi”" in html or "Ärvt från ”Strategi”" in html
    for uid in _uids(levels).values():
        if uid:
            assert f'value="{uid}"' in html
    for key, uid in _uids(levels).items():
        resp = client.post(
            base + "comments/add/",
            {"item_uid": uid, "kind": "change", "text": f"Synpunkt på {key}"},
        )
        assert resp.status_code == 302, resp.content.decode()[:2000]
    comments = {
        c.text.split()[-1]: c for c in Comment.objects.filter(response__consultee=consultee)
    }
    assert comments["focus_area"].item_type == "focus_area"
    assert comments["focus_area"].item_label == str(levels.focus_areas[1])
    assert comments["focus_area"].item_source == "Strategi"
    assert comments["goal"].item_source == "Strategi"
    assert comments["section"].item_type == "section" and comments["section"].item_source == ""
    assert comments["whole"].item_uid == ""

    responder = Responder(access=_access(respondent, org))
    draft = services.response_save_draft(
        responder=responder, consultee=consultee, data={"position": "supports"}
    )
    services.response_submit(responder=responder, response=draft)
    summary = summary_build(round=committee_round, include_working_copy=False)
    headings = {s["uid"]: (s["type_label"], s["label"]) for s in summary["sections"]}
    fa = levels.focus_areas[1]
    assert (
        headings[str(fa.uid)][1] == f"{fa} (inherited from “Strategi”)"
        or headings[str(fa.uid)][1] == f"{fa} (ärvt från ”Strategi”)"
    )
    assert list(headings)[0] == ""  # the document as a whole first, then sections …
    assert list(headings)[1] == _uids(levels)["section"]
    strategist.refresh_from_db()
    client.force_login(strategist)
    for name in ("summary", "handling"):
        resp = client.get(
            reverse(f"consultation:{name}", kwargs={"org": org.slug, "pk": committee_round.pk})
        )
        assert resp.status_code == 200
        text = re.sub(r"<[^>]+>", " ", resp.content.decode())
        assert str(fa) in text and "Strategi" in text
        assert not UUID.search(text), UUID.findall(text)[:2]


def _access(user, org):
    from malbild.core.access import access_for

    return access_for(user, org)


def test_api_anchors_and_inherited_comment(org, levels, committee_round, respondent, body):
    consultee = committee_round.consultees.get(body=body)
    api = ApiClient(respondent)
    anchors = api.get(f"/organisations/{org.slug}/consultations/{committee_round.pk}/anchors")
    assert anchors.status_code == 200, anchors.content
    data = anchors.json()
    assert data[0]["uid"] == "" and data[0]["group"] == "document"
    goal = next(a for a in data if a["uid"] == _uids(levels)["goal"])
    assert goal["inherited"] is True and goal["source"] == "Strategi"
    path = (
        f"/organisations/{org.slug}/consultations/{committee_round.pk}"
        f"/consultees/{consultee.pk}/response/comments"
    )
    resp = api.post(path, {"item_uid": goal["uid"], "kind": "question", "text": "Hur mäts målet?"})
    assert resp.status_code == 201, resp.content
    assert resp.json()["item_source"] == "Strategi"
    assert resp.json()["item_type"] == "goal"
    bad = api.post(path, {"item_uid": "not-an-item", "kind": "question", "text": "?"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "item_uid"


def test_secret_link_api_lists_anchors(org, levels, committee_round, body, strategist_access):
    consultee = committee_round.consultees.get(body=body)
    _link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    api = ApiClient(None)
    api.headers["X-Consultation-Token"] = raw
    resp = api.get("/consultation-link/response/anchors")
    assert resp.status_code == 200, resp.content
    assert any(a["inherited"] and a["type"] == "focus_area" for a in resp.json())
