"""The consulted version of a large plan (issue #11, ADR 0017): the same parts as the strategy
version page (`strategy.snapshot.parts`), so a consultee walks a table of contents and one
focus area at a time, every activity on exactly one page, each with its comment link."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from malbild.actionplan.tests.factories import ActivityFactory
from malbild.consultation import services
from malbild.strategy import services as strategy_services
from malbild.strategy.snapshot import parts
from malbild.strategy.tests.factories import FocusAreaFactory

pytestmark = pytest.mark.django_db


def test_consulted_version_is_walked_in_parts(
    client, monkeypatch, plan, strategist_access, body, respondent
):
    monkeypatch.setattr(parts, "SINGLE_PAGE_ROWS", 4)
    monkeypatch.setattr(parts, "ITEMS_PER_PAGE", 2)
    doc = plan["document"]
    second = FocusAreaFactory(document=doc, number="2", title="Digital kompetens")
    acts = [plan["activity"]]
    for i in range(5):
        act = ActivityFactory(document=doc, responsible_body=body, number=f"A{i}")
        act.focus_areas.set([second])
        acts.append(act)
    acts.append(ActivityFactory(document=doc, responsible_body=body, number="U1"))
    version = strategy_services.version_freeze(access=strategist_access, document=doc)
    round_ = services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body],
    )
    consultee = round_.consultees.get(body=body)
    base = reverse(
        "consultation:version",
        kwargs={"org": round_.organisation.slug, "pk": round_.pk, "cid": consultee.pk},
    )
    client.force_login(respondent)
    first = client.get(base).content.decode()
    nav = first.split('class="card parts"', 1)[1].split("</nav>", 1)[0]
    links = [h.replace("&amp;", "&").split("#")[0] for h in re.findall(r'href="([^"]+)"', nav)]
    assert len(links) == 3  # two focus areas and the activity without one
    wanted = {str(a.uid) for a in acts}
    seen = []
    for query in links:
        html = client.get(base + query).content.decode()
        pages = {1: query}
        if 'class="pagination"' in html:
            pager = html.split('class="pagination"', 1)[1].split("</nav>", 1)[0]
            for p in re.findall(r'href="([^"]+)"', pager):
                p = p.replace("&amp;", "&").split("#")[0]
                pages.setdefault(int(re.search(r"page=(\d+)", p).group(1)), p)
        for _n, q in sorted(pages.items()):
            page = client.get(base + q).content.decode()
            shown = [u for u in re.findall(r'<article id="item-([0-9a-f-]{36})"', page)]
            seen += [u for u in shown if u in wanted]
            for u in shown:  # each item shown keeps its comment link
                if u in wanted:
                    assert f"?concerns={u}#add-comment" in page
    assert sorted(seen) == sorted(wanted)
    assert len(seen) == len(set(seen))
