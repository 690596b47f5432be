"""The pages and the API: the document page links to the download and the import; the upload
shows a preview and writes nothing; confirming imports; readers may download but not import;
another organisation's import is a 404; the export and the preview page make the same number
of queries whatever the size of the plan; the API takes the same file (upload → preview JSON →
confirm) and answers a bad one with 4xx, never 500."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.actionplan.models import Activity
from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.api.tests.helpers import BASE, token_for
from malbild.dataio import services
from malbild.dataio.models import SheetImport

from .conftest import xlsx

ACT = ["Nummer", "Titel", "Ansvarigt organ", "Startår", "Slutår"]


def login(client, user):
    client.force_login(user)


def upload_url(document):
    return reverse(
        "dataio:import-upload", kwargs={"org": document.organisation.slug, "pk": document.pk}
    )


def test_document_page_links_to_download_and_import(client, plan, strategist, reader):
    login(client, strategist)
    url = reverse("strategy:document-detail", kwargs={"org": plan.organisation.slug, "pk": plan.pk})
    page = client.get(url).content.decode()
    assert "Ladda ner som Excel-mall" in page and "Importera från Excel" in page
    login(client, reader)
    page = client.get(url).content.decode()
    assert "Ladda ner som Excel-mall" in page and "Importera från Excel" not in page


def test_upload_preview_confirm(client, plan, strategist, body):
    login(client, strategist)
    content = xlsx({"Aktiviteter": [ACT, ["7.1", "Via webben", body.name, 2025, 2025]]})
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(upload_url(plan), {"file": SimpleUploadedFile("plan.xlsx", content)})
    assert response.status_code == 302
    imp = SheetImport.objects.get()
    assert response["Location"].endswith(f"/imports/{imp.uid}/")
    assert not Activity.objects.filter(number="7.1").exists()
    page = client.get(response["Location"])
    text = page.content.decode()
    assert "Förhandsgranskning" in text and "7.1 Via webben" in text and "Ny" in text
    assert "<caption>" in text and 'scope="row"' in text
    response = client.post(
        response["Location"],
        {"action": "confirm", "fingerprint": imp.preview["fingerprint"]},
    )
    assert response.status_code == 302
    assert Activity.objects.filter(number="7.1", document=plan).exists()
    status = client.get(response["Location"]).content.decode()
    assert "Importerad" in status


def test_a_bad_file_shows_its_error_and_writes_nothing(client, plan, strategist):
    login(client, strategist)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        upload_url(plan), {"file": SimpleUploadedFile("plan.xlsx", b"PK\x03\x04trasig")}
    )
    imp = SheetImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "Filen är inte en Excel-arbetsbok" in page
    assert "Importera 0" not in page and 'value="confirm"' not in page
    assert imp.preview["file_errors"]


def test_reader_downloads_but_may_not_import(client, plan, reader):
    login(client, reader)
    url = reverse(
        "dataio:document-sheet",
        kwargs={"org": plan.organisation.slug, "pk": plan.pk, "fmt": "xlsx"},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(upload_url(plan)).status_code == 403


def test_another_organisations_import_is_404(client, plan, strategist, outsider, access_of):
    imp = services.sheet_import_create(
        access=access_of(strategist),
        document=plan,
        filename="p.xlsx",
        content=xlsx({"Aktiviteter": [ACT]}),
    )
    login(client, outsider)
    url = reverse("dataio:import-preview", kwargs={"org": "kristianstad", "uid": imp.uid})
    assert client.get(url).status_code == 404


def _grow(plan, body, n):
    for i in range(n):
        activity = ActivityFactory(document=plan, number=f"9.{i}", responsible_body=body)
        BudgetLineFactory(activity=activity, year=2024, amount=1000 + i)


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_export_and_preview_query_counts_do_not_grow(client, plan, strategist, body, access_of):
    login(client, strategist)
    export_url = reverse(
        "dataio:document-sheet",
        kwargs={"org": plan.organisation.slug, "pk": plan.pk, "fmt": "xlsx"},
    )
    access = access_of(strategist)

    def measure():
        content = client.get(export_url).content
        imp = services.sheet_import_create(
            access=access, document=plan, filename="p.xlsx", content=content
        )
        page_url = reverse(
            "dataio:import-preview", kwargs={"org": plan.organisation.slug, "uid": imp.uid}
        )
        return (
            _count(lambda: client.get(export_url)),
            _count(
                lambda: services.sheet_import_create(
                    access=access, document=plan, filename="p.xlsx", content=content
                )
            ),
            _count(lambda: client.get(page_url)),
        )

    small = measure()
    _grow(plan, body, 15)
    assert measure() == small


def test_api_upload_preview_confirm(plan, strategist, body):
    from django.test import Client

    client = Client()
    headers = {**token_for(strategist), "Accept-Language": "sv"}
    content = xlsx(
        {
            "Aktiviteter": [
                ACT,
                ["7.2", "Via API", body.name, 2025, 2025],
                ["7.3", "Fel", "Okänd nämnd", 2025, 2025],
            ]
        }
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = f"{BASE}/organisations/{plan.organisation.slug}/documents/{plan.uid}/imports"
    response = client.post(url, {"file": SimpleUploadedFile("a.xlsx", content)}, headers=headers)
    assert response.status_code == 201, response.content
    body_json = response.json()
    assert body_json["counts"] == {"new": 1, "changed": 0, "unchanged": 0, "error": 1}
    assert body_json["rows"][1]["errors"] == [
        "Rad 3, kolumn Ansvarigt organ: det finns inget organ som heter ”Okänd nämnd”."
    ]
    confirm = f"{BASE}/organisations/{plan.organisation.slug}/imports/{body_json['uid']}/confirm"
    response = client.post(
        confirm,
        {"fingerprint": body_json["fingerprint"]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert not Activity.objects.filter(number="7.2").exists()


def test_api_confirms_a_clean_file_and_exports(plan, strategist, body, reader):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    client = Client()
    headers = token_for(strategist)
    content = xlsx({"Aktiviteter": [ACT, ["7.4", "Ren fil", body.name, 2025, 2025]]})
    url = f"{BASE}/organisations/{plan.organisation.slug}/documents/{plan.pk}/imports"
    created = client.post(
        url, {"file": SimpleUploadedFile("a.xlsx", content)}, headers=headers
    ).json()
    confirm = f"{BASE}/organisations/{plan.organisation.slug}/imports/{created['uid']}/confirm"
    response = client.post(
        confirm,
        {"fingerprint": created["fingerprint"]},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "done"
    assert response.json()["result"]["new"] == 1
    assert Activity.objects.filter(number="7.4").exists()
    export = client.get(
        f"{BASE}/organisations/{plan.organisation.slug}/documents/{plan.pk}/spreadsheet",
        {"format": "csv", "sheet": "activities"},
        headers=token_for(reader),
    )
    assert export.status_code == 200
    bad = client.get(
        f"{BASE}/organisations/{plan.organisation.slug}/documents/{plan.pk}/spreadsheet",
        {"format": "pdf"},
        headers=token_for(reader),
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "format"
    assert "7.4;Ren fil" in export.content.decode("utf-8-sig")
    forbidden = client.post(
        url, {"file": SimpleUploadedFile("a.xlsx", content)}, headers=token_for(reader)
    )
    assert forbidden.status_code == 403


def test_status_page_of_a_queued_import_refreshes_and_shows_progress(
    client, plan, strategist, access_of
):
    imp = services.sheet_import_create(
        access=access_of(strategist),
        document=plan,
        filename="stor.xlsx",
        content=xlsx({"Aktiviteter": [ACT]}),
    )
    SheetImport.objects.filter(pk=imp.pk).update(state="running", percent=40)
    login(client, strategist)
    preview = reverse(
        "dataio:import-preview", kwargs={"org": plan.organisation.slug, "uid": imp.uid}
    )
    response = client.get(preview)
    assert response.status_code == 302 and response["Location"].endswith("/status/")
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page
    assert '<progress id="import-progress" max="100" value="40">' in page
    assert "Importeras" in page
