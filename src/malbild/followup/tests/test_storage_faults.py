"""A full or unwritable disk while a report is rendered or a file is written: a clear 503
(Swedish page, or the API's JSON error with Retry-After), nothing changed, the next request
works again (#8, Faults)."""

import errno

import pytest

from malbild.api.tests.helpers import ApiClient
from malbild.strategy.models import SteeringDocument

from .test_views import login, url

pytestmark = pytest.mark.django_db


def _full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_render_on_a_full_disk_is_a_clear_503(client, plan, reader, monkeypatch, fmt, caplog):
    import weasyprint
    from docx.document import Document
    from openpyxl import Workbook

    target = {
        # Every PDF is written by a laid-out Document (the parts, the cover, the page numbers).
        "pdf": (weasyprint.Document, "write_pdf"),
        "docx": (Document, "save"),
        "xlsx": (Workbook, "save"),
    }[fmt]
    login(client, reader)
    monkeypatch.setattr(*target, _full_disk)
    response = client.get(url("period-report-file", plan, fmt=fmt))
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert "disken är full eller skrivskyddad" in page and "Inget har ändrats" in page
    assert "ENOSPC" in caplog.text
    monkeypatch.undo()
    assert client.get(url("period-report-file", plan, fmt=fmt)).status_code == 200


def test_api_on_an_unwritable_disk_is_503_json_and_changes_nothing(org, strategist, monkeypatch):
    import malbild.strategy.services as strategy_services

    monkeypatch.setattr(strategy_services, "model_create", _read_only)
    response = ApiClient(strategist, language="sv").post(
        "/api/v1/organisations/alingsas/documents", {"kind": "vision", "title": "Vision"}
    )
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "lagring" in response.json()["detail"]
    assert not SteeringDocument.objects.exists()


def _read_only(*args, **kwargs):
    raise OSError(errno.EROFS, "Read-only file system")
