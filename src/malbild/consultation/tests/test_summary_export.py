"""The consultation summary's files through the background exports (summary_export): a
closed round with a frozen revised version is cached under its frozen versions and the
versions of its rows (no second rendering; a changed disposition renders again); an open
round, or one that compares with the working copy, is rendered each time; readers wait until
the round is closed."""

import io

import docx
import pytest

from malbild.consultation import services
from malbild.consultation.summary_export import KIND
from malbild.reports.models import ExportJob
from malbild.reports.tests.helpers import count_builds

from . import test_views
from .test_views import url

# The rounds of the view tests, as fixtures of this module.
live_round = test_views.live_round
handled_round = test_views.handled_round


def docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


@pytest.fixture
def builds(monkeypatch):
    """The real builds of this export, counted (a cached download adds none)."""
    return count_builds(monkeypatch, KIND)


def test_closed_revised_round_summary_is_cached(
    client,
    strategist,
    reader,
    strategist_access,
    body,
    handled_round,
    builds,
):
    services.consultation_round_close(access=strategist_access, round=handled_round)
    client.force_login(strategist)
    first = client.get(url("summary-docx", handled_round))
    assert first.status_code == 200 and builds == ["docx"]
    client.force_login(reader)
    second = client.get(url("summary-docx", handled_round))
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert builds == ["docx"]
    comment = handled_round.consultees.get(body=body).responses.get().comments.first()
    services.disposition_set(
        access=strategist_access, comment=comment, kind="noted", motivation="Noterat."
    )
    assert client.get(url("summary-docx", handled_round)).status_code == 200
    assert builds == ["docx", "docx"]
    # The strategist's assessment written after closing is in the next file, not a stale one.
    handled_round.refresh_from_db()
    services.consultation_round_conclusions_update(
        access=strategist_access, round=handled_round, assessment="Bedömningen efter remissen."
    )
    latest = client.get(url("summary-docx", handled_round))
    assert builds == ["docx", "docx", "docx"]
    assert "Bedömningen efter remissen." in docx_text(latest.content)


def test_open_round_summary_is_rendered_each_time(
    client,
    strategist,
    reader,
    handled_round,
    builds,
):
    client.force_login(strategist)
    for _ in range(2):
        assert client.get(url("summary-docx", handled_round)).status_code == 200
    assert builds == ["docx", "docx"]
    assert not ExportJob.objects.exclude(cache_key="").exists()
    client.force_login(reader)  # readers see the summary once the round is closed
    assert client.get(url("summary-pdf", handled_round)).status_code == 403
    assert builds == ["docx", "docx"]
