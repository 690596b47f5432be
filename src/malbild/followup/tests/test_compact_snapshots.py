"""Compact stored snapshots (docs/adr/0024): snapshots stored in the previous formats
(committed fixtures taken from the demo) keep reading and encode losslessly; a closed period
shows the same whichever of the two forms it is stored in. The demo's own versions and
periods: test_compact_demo.py."""

import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from malbild.api.tests.helpers import ApiClient
from malbild.followup import services
from malbild.followup import snapshot as period_format
from malbild.followup.models import FollowUpPeriod
from malbild.strategy.snapshot import schema as document_format

FIXTURES = Path(__file__).parent / "fixtures"
STRATEGY_FIXTURES = Path(__file__).parents[2] / "strategy" / "tests" / "fixtures"


def _stored(value) -> dict:
    """`value` as the database gives it back (JSON text and parsed again)."""
    return json.loads(json.dumps(value))


@pytest.mark.parametrize(
    "path",
    sorted(STRATEGY_FIXTURES.glob("snapshot_format2_*.json")),
    ids=lambda p: p.stem,
)
def test_format_2_document_snapshots_keep_reading_and_encode_losslessly(path):
    old = json.loads(path.read_text())
    assert old["format"] == 2
    assert document_format.upgrade(old) is old  # format 2 is read as it is
    document_format.validate(old)
    stored = _stored(document_format.encode(old))
    document_format.validate_stored(stored)
    assert document_format.upgrade(stored) == old


@pytest.mark.parametrize(
    "path", sorted(FIXTURES.glob("period_format3_*.json")), ids=lambda p: p.stem
)
def test_format_3_period_snapshots_keep_reading_and_encode_losslessly(path):
    old = json.loads(path.read_text())
    assert old["format"] == 3
    assert period_format.upgrade(old) is old
    period_format.validate(old)
    stored = _stored(period_format.encode(old))
    period_format.validate_stored(stored)
    assert period_format.upgrade(stored) == old


def test_there_are_fixtures_of_the_formats_stored_before_the_compact_ones():
    assert len(list(STRATEGY_FIXTURES.glob("snapshot_format2_*.json"))) >= 3
    assert len(list(FIXTURES.glob("period_format3_*.json"))) >= 2


def test_a_broken_stored_snapshot_is_refused_naming_the_part():
    version = json.loads(sorted(STRATEGY_FIXTURES.glob("snapshot_format2_*.json"))[-1].read_text())
    stored = _stored(document_format.encode(version))
    stored["pool"] = stored["pool"][:1]
    with pytest.raises(ValueError, match="no pool entry"):
        document_format.validate(stored)
    period = json.loads(sorted(FIXTURES.glob("period_format3_*.json"))[0].read_text())
    stored = _stored(period_format.encode(period))
    stored["activities"]["r"][0].pop()
    with pytest.raises(ValueError, match="values for"):
        period_format.validate(stored)


def _page(client, url: str) -> str:
    """The page without the per-response CSRF token."""
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_a_compact_closed_period_shows_exactly_what_its_format_3_form_shows(
    client, plan, strategist, access_of
):
    """Pages, the report file and the API of a closed period are the same whether its
    snapshot is stored compact (format 4) or as format 3 (a period closed before)."""
    period = services.period_close(access=access_of(strategist), period=plan["period"])
    assert period.snapshot["format"] == 4
    client.force_login(strategist)
    api = ApiClient(strategist)
    kw = {"org": "alingsas", "pk": period.pk}
    urls = [
        reverse(name, kwargs=kw)
        for name in (
            "followup:period-detail",
            "followup:period-dashboard",
            "followup:period-report",
        )
    ]
    base = f"/organisations/alingsas/followup/periods/{period.pk}"
    api_paths = [base, f"{base}/contributions", f"{base}/assessments"]

    def shown():
        cache.clear()  # the cached pages of a closed period (ADR 0014)
        return [_page(client, u) for u in urls], [api.get(p).json() for p in api_paths]

    compact = shown()
    FollowUpPeriod.objects.filter(pk=period.pk).update(
        snapshot=period_format.upgrade(period.snapshot)
    )
    assert FollowUpPeriod.objects.get(pk=period.pk).snapshot["format"] == 3
    assert shown() == compact
    assert plan["activity"].title in compact[0][2]
