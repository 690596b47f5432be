"""The Word import's pages and API: the document list links to it; the upload shows the
proposal and creates nothing; the user changes what a part becomes, sees the preview again,
and confirms; a mapping changed in the same submit is shown again, not created; the document
page lists the kept Word file and serves it; readers cannot use it; another organisation's
import is a 404; the preview and the confirmation make the same number of queries whatever the
size of the file; the API (upload → proposal → mapping → confirm) answers bad input with 4xx
naming the field."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.api.tests.helpers import BASE, token_for
from malbild.dataio import word_services
from malbild.dataio.models import WordImport
from malbild.dataio.word import sample
from malbild.strategy.models import DocumentAttachment, FocusArea, SteeringDocument

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def upload_url(org):
    return reverse("dataio:word-upload", kwargs={"org": org.slug})


def preview_url(word_import):
    return reverse(
        "dataio:word-preview",
        kwargs={"org": word_import.organisation.slug, "uid": word_import.uid},
    )


def form_data(word_import, action="preview", **changes):
    """The preview form as the page posts it, with `changes` ({"role_3": …}) applied."""
    data = {
        "title": word_import.title,
        "kind": word_import.kind,
        "fingerprint": word_services.fingerprint(word_import),
        "action": action,
    }
    for n, element in enumerate(word_import.elements, start=1):
        data[f"role_{n}"] = element["role"]
        data[f"text_{n}"] = element["text"]
    data.update(changes)
    return data


def test_document_list_links_to_the_word_import(client, org, strategist):
    client.force_login(strategist)
    page = client.get(reverse("strategy:document-list", kwargs={"org": org.slug}))
    assert upload_url(org) in page.content.decode()
    assert "Börja från ett Word-dokument" in page.content.decode()


def test_upload_preview_correct_and_confirm(client, org, strategist):
    client.force_login(strategist)
    page = client.get(upload_url(org)).content.decode()
    assert '<label for="id_file">' in page and '<label for="id_kind">' in page
    content = sample.e_kommun_docx()
    response = client.post(
        upload_url(org),
        {"file": SimpleUploadedFile("e-kommun.docx", content, DOCX), "kind": "digital_agenda"},
    )
    assert response.status_code == 302
    word_import = WordImport.objects.get()
    assert response["Location"] == preview_url(word_import)
    assert not SteeringDocument.objects.exists()

    page = client.get(preview_url(word_import)).content.decode()
    assert "Strukturen i ”e-kommun.docx”" in page and "<caption>" in page
    assert page.count("<select") == len(word_import.elements) + 1  # every part, and the kind
    for n in range(1, len(word_import.elements) + 1):
        assert f'<label for="id_role_{n}" class="visually-hidden">Del {n} blir</label>' in page
        assert f'<label for="id_text_{n}" class="visually-hidden">Text i del {n}</label>' in page
    assert "5.9 Digital infrastruktur" in page and 'value="confirm"' in page
    counts = re.search(r"<tbody><tr>((?:<td>\d+</td>)+)</tr></tbody>", page).group(1)
    numbers = [int(n) for n in re.findall(r"\d+", counts)]
    assert numbers == [9, 9, 9, 21, 48] and sum(numbers[:-1]) == numbers[-1]

    # Leave "3 Syfte" out (re-preview), then confirm.
    syfte = next(n for n, e in enumerate(word_import.elements, start=1) if e["text"] == "3 Syfte")
    response = client.post(
        preview_url(word_import), form_data(word_import, **{f"role_{syfte}": "ignore"})
    )
    assert response.status_code == 302 and response["Location"] == preview_url(word_import)
    word_import.refresh_from_db()
    assert word_import.elements[syfte - 1]["role"] == "ignore"
    assert not SteeringDocument.objects.exists()
    page = client.get(preview_url(word_import)).content.decode()
    assert "<td>8</td>" in page  # eight sections now

    response = client.post(preview_url(word_import), form_data(word_import, action="confirm"))
    document = SteeringDocument.objects.get()
    assert response["Location"] == reverse(
        "strategy:document-detail", kwargs={"org": org.slug, "pk": document.uid}
    )
    assert document.sections.count() == 8 and document.focus_areas.count() == 9
    detail = client.get(response["Location"]).content.decode()
    assert "Dokumentet skapades från ”e-kommun.docx”" in detail
    attachment = DocumentAttachment.objects.get()
    link = reverse(
        "strategy:document-attachment",
        kwargs={"org": org.slug, "pk": document.pk, "uid": attachment.uid},
    )
    assert link in detail and "Bilagor" in detail
    download = client.get(link)
    assert download.status_code == 200 and download["Content-Type"] == DOCX
    assert b"".join(download.streaming_content) == content
    # The page of a used import leads to the document.
    assert client.get(preview_url(word_import))["Location"] == response["Location"]


def test_a_change_made_with_the_confirmation_is_shown_first(client, org, strategist):
    client.force_login(strategist)
    word_import = word_services.word_import_create(
        access=_access(strategist, org),
        filename="a.docx",
        content=sample.agenda_docx(focus_areas=2),
    )
    response = client.post(
        preview_url(word_import), form_data(word_import, action="confirm", title="Ny titel")
    )
    assert response["Location"] == preview_url(word_import)
    assert not SteeringDocument.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Du ändrade indelningen" in page and 'value="Ny titel"' in page


def test_bad_uploads_and_bad_mappings_are_named(client, org, strategist):
    client.force_login(strategist)
    response = client.post(
        upload_url(org), {"file": SimpleUploadedFile("a.docx", b"nonsense"), "kind": "vision"}
    )
    assert response.status_code == 400
    assert "Filen är inte ett Word-dokument (.docx), eller så är den skadad." in (
        response.content.decode()
    )
    assert not WordImport.objects.exists()
    word_import = word_services.word_import_create(
        access=_access(strategist, org),
        filename="a.docx",
        content=sample.agenda_docx(focus_areas=1),
    )
    response = client.post(preview_url(word_import), form_data(word_import, role_1="hack"))
    assert response.status_code == 400 and "Del 1 blir" in response.content.decode()
    everything_goal = {f"role_{n}": "goal" for n in range(1, len(word_import.elements) + 1)}
    client.post(preview_url(word_import), form_data(word_import, **everything_goal))
    page = client.get(preview_url(word_import)).content.decode()
    assert "Del 1: ett mål hör till ett insatsområde" in page and 'value="confirm"' not in page


def _access(user, org):
    from malbild.core.access import access_for

    return access_for(user, org)


def test_readers_and_other_organisations(client, org, reader, strategist, outsider):
    client.force_login(reader)
    assert client.get(upload_url(org)).status_code == 403
    word_import = word_services.word_import_create(
        access=_access(strategist, org),
        filename="a.docx",
        content=sample.agenda_docx(focus_areas=1),
    )
    assert client.get(preview_url(word_import)).status_code == 403
    client.force_login(outsider)
    other = reverse("dataio:word-preview", kwargs={"org": "kristianstad", "uid": word_import.uid})
    assert client.get(other).status_code == 404


@pytest.mark.parametrize("action", ["preview", "confirm"])
def test_query_counts_do_not_grow_with_the_file(client, org, strategist, action):
    client.force_login(strategist)
    counts = []
    for size in (2, 12):
        word_import = word_services.word_import_create(
            access=_access(strategist, org),
            filename=f"agenda-{size}.docx",
            content=sample.agenda_docx(focus_areas=size, indicators=3),
        )
        with CaptureQueriesContext(connection) as page:
            assert client.get(preview_url(word_import)).status_code == 200
        with CaptureQueriesContext(connection) as post:
            response = client.post(preview_url(word_import), form_data(word_import, action))
            assert response.status_code == 302
        counts.append((len(page), len(post)))
    assert counts[0] == counts[1], counts
    if action == "confirm":
        assert FocusArea.objects.count() == 2 + 12


def test_api_upload_map_and_confirm(org, strategist, reader):
    client = Client()
    headers = {**token_for(strategist), "Accept-Language": "sv"}
    url = f"{BASE}/organisations/{org.slug}/word-imports"
    response = client.post(
        url,
        {"file": SimpleUploadedFile("e.docx", sample.e_kommun_docx()), "kind": "vision"},
        headers=headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "vision" and body["state"] == "preview" and body["document"] is None
    assert body["outline"]["counts"] == {
        "sections": 9,
        "focus_areas": 9,
        "goals": 9,
        "indicators": 21,
    }
    assert body["parts"][0]["kind"] == "title" and body["parts"][0]["role"] == "ignore"
    assert body["outline"]["focus_areas"][8]["goal_text"].startswith("Alla ska ha tillgång")
    assert not SteeringDocument.objects.exists()

    item = f"{url}/{body['uid']}"
    parts = [{"role": p["role"], "text": p["text"]} for p in body["parts"]]
    parts[2]["role"] = "ignore"  # "1 Sammanfattning"
    mapped = client.post(
        f"{item}/mapping",
        {"title": "Agendan", "kind": "digital_agenda", "parts": parts},
        content_type="application/json",
        headers=headers,
    )
    assert mapped.status_code == 200, mapped.content
    assert mapped.json()["outline"]["counts"]["sections"] == 8
    bad = client.post(
        f"{item}/mapping",
        {"title": "Agendan", "kind": "nonsense", "parts": parts[:3]},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["detail"]} >= {"kind", "elements"}
    stale = client.post(
        f"{item}/confirm",
        {"fingerprint": body["fingerprint"]},
        content_type="application/json",
        headers=headers,
    )
    assert stale.status_code == 422
    assert stale.json()["detail"][0]["loc"][-1] == "fingerprint"
    assert "ändrats sedan" in stale.json()["detail"][0]["msg"]
    done = client.post(
        f"{item}/confirm",
        {"fingerprint": mapped.json()["fingerprint"]},
        content_type="application/json",
        headers=headers,
    )
    assert done.status_code == 201, done.content
    created = done.json()
    assert created["title"] == "Agendan" and created["attachment"] == "e.docx"
    assert created["counts"]["focus_areas"] == 9
    document = SteeringDocument.objects.get()
    assert str(document.uid) == created["uid"] and document.focus_areas.count() == 9
    assert client.get(item, headers=headers).json()["document"] == created["uid"]
    again = client.post(
        f"{item}/confirm",
        {"fingerprint": mapped.json()["fingerprint"]},
        content_type="application/json",
        headers=headers,
    )
    assert again.status_code == 422 and SteeringDocument.objects.count() == 1

    refused = client.post(url, {"file": SimpleUploadedFile("a.docx", b"garbage")}, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "file"
    forbidden = client.post(
        url,
        {"file": SimpleUploadedFile("e.docx", sample.e_kommun_docx())},
        headers=token_for(reader),
    )
    assert forbidden.status_code == 403
