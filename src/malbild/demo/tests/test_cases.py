"""The cases demo: the motion case of seed 003 in Alingsås — motion by Harald Hjalmarsson (M)
2017-04-10, the administration's statement and proposal (besvarad) 2017-10-03, KS § 332
proposing bifall 2017-10-16, the council's decision and its assignment — linked to the
vision, shown on the vision's page; loading twice changes nothing; Kristianstad has none."""

import datetime
import io

import pytest
from django.urls import reverse

from malbild.accounts.models import User
from malbild.cases import selectors
from malbild.cases.models import Case
from malbild.core.access import access_for
from malbild.core.models import AuditEntry
from malbild.demo import cases as demo
from malbild.demo.alingsas import VISION_TITLE


@pytest.fixture
def demo_orgs(db):
    from malbild.demo import loader

    for data in loader.ORGANISATIONS:
        loader.load_organisation(data, stdout=io.StringIO())


def test_demo_case_is_loaded_and_idempotent(demo_orgs, client):
    assert demo.load(stdout=io.StringIO()) is True
    case = Case.objects.unscoped().get(registry_number="2017/137-109")
    assert case.organisation.slug == "alingsas" and case.status == "decided"
    access = access_for(User.objects.get(username="alingsas-lasare"), case.organisation)
    detail = selectors.case_detail(access=access, ref=case.uid)
    timeline = [(e.date, str(e.kind)) for e in selectors.case_timeline(detail)]
    assert timeline == [
        (datetime.date(2017, 4, 10), "motion"),
        (datetime.date(2017, 4, 10), "assignment"),
        (datetime.date(2017, 10, 3), "assignment_reported"),
        (datetime.date(2017, 10, 3), "proposal"),
        (datetime.date(2017, 10, 16), "proposal"),
        (datetime.date(2017, 11, 27), "assignment"),
        (datetime.date(2017, 11, 27), "decision"),
    ]
    motion = detail.motions.get()
    assert (motion.author, motion.party) == ("Harald Hjalmarsson", "M")
    board = [p for p in detail.proposals.all() if p.paragraph == "332"][0]
    assert (board.from_body.short_name, board.to_body.short_name) == ("KS", "KF")
    assert board.proposed_outcome == "approved"
    assert [d.title for d in detail.documents.all()] == [VISION_TITLE]
    before = AuditEntry.objects.count()
    assert demo.load(stdout=io.StringIO()) is False
    assert AuditEntry.objects.count() == before
    assert not Case.objects.unscoped().filter(organisation__slug="kristianstad").exists()
    # the vision's page shows the case history
    client.force_login(User.objects.get(username="alingsas-lasare"))
    vision = detail.documents.get()
    html = client.get(
        reverse("strategy:document-detail", kwargs={"org": "alingsas", "pk": vision.pk})
    ).content.decode()
    assert "Ärendehistorik" in html and "Dnr 2017/137-109" in html
    assert "Harald Hjalmarsson (M)" in html and "Bifall" in html
