"""Case pages: the list and a case's page render in Swedish with the timeline in date order
and no ids, UUIDs or codes; readers read but get 403 on every form; strategists create, edit
and delete cases and each kind of event (a rejected form changes nothing); another
organisation's case is 404; the edit form carries the version and a stale save shows the
conflict page; both pages run the same number of queries at two data sizes."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.cases.models import Assignment, Case, CaseDecision, Motion, Proposal
from malbild.cases.tests.factories import (
    AssignmentFactory,
    CaseDecisionFactory,
    CaseFactory,
    MotionFactory,
    ProposalFactory,
)
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.models import Decision
from malbild.strategy.tests.factories import DocumentFactory

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def url(name, **kwargs):
    return reverse(f"cases:{name}", kwargs={"org": "alingsas", **kwargs})


def visible_text(html: str) -> str:
    """The page without tags and attribute values (links may carry uids)."""
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def case(org):
    case = CaseFactory(organisation=org, registry_number="2017/137-109", title="Motion om strategi")
    case.documents.add(DocumentFactory(organisation=org, kind="vision", title="Digital målbild"))
    MotionFactory(case=case, date=datetime.date(2017, 4, 10))
    AssignmentFactory(
        case=case,
        date=datetime.date(2017, 4, 12),
        status="reported",
        reported_on=datetime.date(2017, 10, 3),
        report="Skrivelse från förvaltningen.",
    )
    ProposalFactory(case=case, date=datetime.date(2017, 10, 16), proposed_outcome="answered")
    CaseDecisionFactory(case=case, decision__date=datetime.date(2017, 11, 27), outcome="approved")
    return case


def test_pages_render_in_swedish_without_ids(client, reader, case):
    client.force_login(reader)
    listing = client.get(url("case-list"))
    assert listing.status_code == 200
    text = visible_text(listing.content.decode())
    assert "Ärenden" in text and "2017/137-109" in text and "Pågående" in text
    assert "Digital målbild" in text
    page = client.get(url("case-detail", pk=case.uid))
    assert page.status_code == 200
    html = page.content.decode()
    text = visible_text(html)
    for label in (
        "Tidslinje",
        "Motion",
        "Uppdrag",
        "Förslag till beslut",
        "Beslut",
        "Yrkande",
        "Besvarad",
        "Bifall",
        "Uppdraget återrapporterat",
        "Styrdokument",
        "Historik",
    ):
        assert label in text, label
    assert not UUID.search(text)
    for code in ("answered", "approved", "reported", "assignment_reported", "open"):
        assert f" {code} " not in text
    # the timeline is in date order
    dates = re.findall(r'<h3><time datetime="([\d-]+)"', html)
    assert dates == sorted(dates) and len(dates) == 5
    assert "Redigera ärendet" not in text  # a reader sees no edit links


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("case-create", {}),
        ("case-update", {"pk": "CASE"}),
        ("case-delete", {"pk": "CASE"}),
        ("case-transition", {"pk": "CASE"}),
        ("motion-create", {"case": "CASE"}),
        ("assignment-create", {"case": "CASE"}),
        ("proposal-create", {"case": "CASE"}),
        ("case-decision-create", {"case": "CASE"}),
    ],
)
def test_readers_get_403_on_forms(client, reader, case, name, kwargs):
    client.force_login(reader)
    kwargs = {k: case.pk for k in kwargs}
    assert client.get(url(name, **kwargs)).status_code == 403
    assert client.post(url(name, **kwargs), {}).status_code == 403


def test_readers_get_403_on_event_forms(client, reader, case):
    client.force_login(reader)
    for kind, model in (("motion", Motion), ("assignment", Assignment), ("proposal", Proposal)):
        obj = model.objects.filter(case=case).first()
        assert client.get(url(f"{kind}-update", pk=obj.pk)).status_code == 403
        assert client.post(url(f"{kind}-delete", pk=obj.pk)).status_code == 403
    link = case.case_decisions.first()
    assert client.get(url("case-decision-update", pk=link.pk)).status_code == 403


def test_another_organisations_case_is_404(client, strategist, other_org):
    client.force_login(strategist)
    foreign = CaseFactory(organisation=other_org)
    motion = MotionFactory(case=foreign)
    assert client.get(url("case-detail", pk=foreign.uid)).status_code == 404
    assert client.get(url("case-update", pk=foreign.pk)).status_code == 404
    assert client.get(url("motion-create", case=foreign.pk)).status_code == 404
    assert client.get(url("motion-update", pk=motion.pk)).status_code == 404
    assert client.post(url("motion-delete", pk=motion.pk)).status_code == 404


def test_strategist_creates_a_case_and_its_events(client, strategist, org):
    client.force_login(strategist)
    ks = BodyFactory(organisation=org, name="Kommunstyrelsen", short_name="KS")
    kf = BodyFactory(organisation=org, name="Kommunfullmäktige", short_name="KF")
    document = DocumentFactory(organisation=org)
    response = client.post(
        url("case-create"),
        {"registry_number": "2017/137-109", "title": "Motion", "documents": [document.pk]},
    )
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get()
    assert list(case.documents.all()) == [document]
    response = client.post(
        url("motion-create", case=case.uid),
        {
            "title": "Strategi",
            "author": "Harald Hjalmarsson",
            "party": "M",
            "date": "2017-04-10",
            "request": "Att ta fram en strategi.",
        },
    )
    assert response.status_code == 302 and Motion.objects.filter(case=case).count() == 1
    response = client.post(
        url("proposal-create", case=case.pk),
        {
            "date": "2017-10-16",
            "from_body": ks.pk,
            "to_body": kf.pk,
            "paragraph": "332",
            "proposed_outcome": "approved",
            "text": "Att bifalla motionen.",
        },
    )
    assert response.status_code == 302
    # a new decision recorded from the case
    response = client.post(
        url("case-decision-create", case=case.pk),
        {
            "outcome": "approved",
            "body": kf.pk,
            "kind": "other",
            "date": "2017-11-27",
            "title": "Motion om strategi",
        },
    )
    assert response.status_code == 302, response.content.decode()
    decision = Decision.objects.get()
    assert decision.registry_number == "2017/137-109"
    response = client.post(
        url("assignment-create", case=case.pk),
        {
            "date": "2017-11-27",
            "decision": decision.pk,
            "assigned_to": ks.pk,
            "description": "Ta fram en strategi.",
            "status": "given",
        },
    )
    assert response.status_code == 302
    page = client.get(url("case-detail", pk=case.pk)).content.decode()
    assert "Redigera ärendet" in page and "Ändra utfall" in page
    # edit with the version, then a stale save is a conflict
    motion = Motion.objects.get()
    edit = client.get(url("motion-update", pk=motion.pk)).content.decode()
    assert 'name="lock_version" value="1"' in edit
    data = {
        "title": "Strategi",
        "author": "Harald Hjalmarsson",
        "party": "M",
        "date": "2017-04-10",
        "request": "Att ta fram en strategi.",
    }
    first = client.post(
        url("motion-update", pk=motion.pk), {**data, "text": "Ny", "lock_version": 1}
    )
    assert first.status_code == 302
    stale = client.post(
        url("motion-update", pk=motion.pk), {**data, "party": "S", "lock_version": 1}
    )
    assert stale.status_code == 409
    assert Motion.objects.get().party == "M"
    # delete an event, then the case
    assert client.post(url("motion-delete", pk=motion.pk), {"lock_version": 2}).status_code == 302
    assert not Motion.objects.exists()
    link = CaseDecision.objects.get()
    assert (
        client.post(url("case-decision-delete", pk=link.pk), {"lock_version": 1}).status_code == 302
    )
    assert Decision.objects.exists()  # removed from the case, kept among the decisions
    case.refresh_from_db()
    response = client.post(url("case-delete", pk=case.pk), {"lock_version": case.lock_version})
    assert response.status_code == 302 and not Case.objects.exists()


def test_rejected_forms_change_nothing(client, strategist, org):
    client.force_login(strategist)
    case = CaseFactory(organisation=org)
    ks = BodyFactory(organisation=org)
    response = client.post(
        url("assignment-create", case=case.pk),
        {
            "date": "2018-01-01",
            "assigned_to": ks.pk,
            "description": "x",
            "due_date": "2017-01-01",
            "status": "given",
        },
    )
    assert response.status_code == 200
    assert (
        "Sista dag för redovisning kan inte vara före uppdraget gavs." in response.content.decode()
    )
    response = client.post(url("case-decision-create", case=case.pk), {"outcome": "approved"})
    assert response.status_code == 200 and "Behövs för ett nytt beslut" in response.content.decode()
    assert not Assignment.objects.exists() and not Decision.objects.exists()


def test_status_change_from_the_page(client, strategist, org):
    client.force_login(strategist)
    case = CaseFactory(organisation=org)
    response = client.post(
        url("case-transition", pk=case.pk), {"status": "decided", "message": "", "lock_version": 1}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "decided"


def _grow(org, n):
    for _ in range(n):
        case = CaseFactory(organisation=org)
        case.documents.add(DocumentFactory(organisation=org))
        MotionFactory(case=case)
        AssignmentFactory(case=case, status="reported", reported_on=datetime.date(2018, 1, 1))
        ProposalFactory(case=case)
        CaseDecisionFactory(case=case)


def _count(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_detail_queries_do_not_grow(client, strategist, org):
    client.force_login(strategist)
    _grow(org, 1)
    case = Case.objects.first()
    small_list, small_detail = (
        _count(client, url("case-list")),
        _count(client, url("case-detail", pk=case.pk)),
    )
    _grow(org, 6)
    for _ in range(4):
        MotionFactory(case=case)
        AssignmentFactory(case=case)
        ProposalFactory(case=case)
        CaseDecisionFactory(case=case)
    assert _count(client, url("case-list")) == small_list
    assert _count(client, url("case-detail", pk=case.pk)) == small_detail
