"""Hardened attachment uploads: archive bombs (declared or actual uncompressed size, compression
ratio) are refused while reading at most a bounded amount; the stored download name takes the
extension of the detected type; the size limit is enforced while the body streams in; a full or
unwritable media directory gives a field error and leaves no file and no row behind."""

import datetime
import errno
import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django.utils import timezone

from malbild.consultation import services
from malbild.consultation.models import Attachment, Response
from malbild.consultation.permissions import Responder
from malbild.consultation.services.attachments import ODT_MIMETYPE, detect_file_type
from malbild.consultation.uploads import AttachmentLimitHandler

DOCX_TYPES = (
    '<Types><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


@pytest.fixture
def open_round(version, strategist_access, body):
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body],
    )


@pytest.fixture
def draft(open_round, respondent, access_of, body):
    responder = Responder(access=access_of(respondent))
    response = services.response_save_draft(
        responder=responder, consultee=open_round.consultees.get(body=body), data={}
    )
    return responder, response


def media_files() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def zipped(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def docx_bomb(unpacked: int) -> bytes:
    return zipped(
        {"[Content_Types].xml": DOCX_TYPES.encode(), "word/document.xml": b"0" * unpacked}
    )


def lie_about_size(data: bytes, name: str, declared: int) -> bytes:
    """The archive with `name`'s declared uncompressed size (local and central header) set."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    local = info.header_offset
    out[local + 22 : local + 26] = declared.to_bytes(4, "little")
    start = 0
    while True:  # find the central record of `name`
        central = out.find(b"PK\x01\x02", start)
        name_len = int.from_bytes(out[central + 28 : central + 30], "little")
        if out[central + 46 : central + 46 + name_len] == name.encode():
            break
        start = central + 4
    out[central + 24 : central + 28] = declared.to_bytes(4, "little")
    return bytes(out)


def add(draft, name: str, content: bytes):
    responder, response = draft
    return services.attachment_add(
        responder=responder, response=response, upload=SimpleUploadedFile(name, content)
    )


# Archive bombs ---------------------------------------------------------------------------------


def test_odt_mimetype_bomb_read_bounded_and_refused(draft, settings):
    settings.MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES = 200_000
    # The mimetype entry inflates to 20 MB (padding that `.strip()` used to remove).
    bomb = zipped({"mimetype": ODT_MIMETYPE + b" " * 20_000_000, "content.xml": b"<x/>"})
    assert len(bomb) < 100_000
    tracemalloc.start()
    try:
        assert detect_file_type(SimpleUploadedFile("x.odt", bomb)) is None
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3_000_000  # never the whole entry in memory
    before = media_files()
    with pytest.raises(ValidationError) as exc:
        add(draft, "bomb.odt", bomb)
    assert "file" in exc.value.message_dict
    assert not Attachment.objects.exists() and media_files() == before


def test_docx_bomb_by_actual_size_refused(draft, settings):
    settings.MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES = 500_000
    bomb = docx_bomb(5_000_000)
    assert len(bomb) < 50_000
    with pytest.raises(ValidationError) as exc:
        add(draft, "bomb.docx", bomb)
    assert "MB" in exc.value.message_dict["file"][0]
    assert not Attachment.objects.exists()


def test_docx_with_lying_small_declared_size_refused(draft, settings):
    settings.MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES = 500_000
    bomb = lie_about_size(docx_bomb(2_000_000), "word/document.xml", 1000)
    with pytest.raises(ValidationError):
        add(draft, "bomb.docx", bomb)
    assert not Attachment.objects.exists()


def test_docx_declaring_a_huge_size_refused_before_reading(draft, settings):
    settings.MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES = 500_000
    bomb = lie_about_size(docx_bomb(1000), "word/document.xml", 2_000_000_000)
    with pytest.raises(ValidationError):
        add(draft, "bomb.docx", bomb)


def test_docx_with_extreme_compression_ratio_refused(draft, settings):
    settings.MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES = 100_000_000
    settings.MALBILD_ATTACHMENT_MAX_RATIO = 100
    with pytest.raises(ValidationError):
        add(draft, "bomb.docx", docx_bomb(3_000_000))  # zeros: ~1000:1


def test_ordinary_docx_still_accepted(draft, settings):
    settings.MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES = 500_000
    text = os.urandom(20_000).hex().encode()  # compresses about 2:1
    att = add(draft, "svar.docx", zipped({"[Content_Types].xml": DOCX_TYPES.encode(), "d": text}))
    assert att.file_type == "docx"


# Download names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("x.html", "x.pdf"),
        ("yttrande.pdf", "yttrande.pdf"),
        ("YTTRANDE.PDF", "YTTRANDE.pdf"),
        ("program.exe", "program.pdf"),
        ("svar.pdf.exe", "svar.pdf.pdf"),
        ("utan-filändelse", "utan-filändelse.pdf"),
        (".htaccess", "attachment.pdf"),
        ("<script>.html", "script.pdf"),
    ],
)
def test_download_name_takes_the_detected_extension(draft, name, expected):
    att = add(draft, name, b"%PDF-1.4 test")
    assert att.original_name == expected


def test_download_served_with_the_detected_extension(client, open_round, respondent, body):
    client.force_login(respondent)
    base = reverse(
        "consultation:response",
        kwargs={
            "org": open_round.organisation.slug,
            "pk": open_round.pk,
            "cid": open_round.consultees.get(body=body).pk,
        },
    )
    pdf = SimpleUploadedFile("x.html", b"%PDF-1.4 test", content_type="text/html")
    assert client.post(base + "attachments/add/", {"file": pdf}).status_code == 302
    att = Attachment.objects.get()
    download = client.get(base + f"attachments/{att.pk}/")
    assert 'filename="x.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"


# Streaming limit ------------------------------------------------------------------------------


class CountingStream(io.BytesIO):
    def __init__(self, data):
        super().__init__(data)
        self.consumed = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.consumed += len(chunk)
        return chunk


def test_upload_handler_stops_reading_past_the_limit(rf, settings):
    settings.MALBILD_ATTACHMENT_MAX_BYTES = 100_000
    big = b"%PDF-1.4 " + b"x" * 5_000_000
    body = encode_multipart(
        BOUNDARY, {"csrfmiddlewaretoken": "t", "file": SimpleUploadedFile("a.pdf", big)}
    )
    stream = CountingStream(body)
    request = rf.post("/")
    meta = {**request.META, "CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    handler = AttachmentLimitHandler(request)
    temporary = TemporaryFileUploadHandler(request)
    post, files = MultiPartParser(meta, stream, [handler, temporary]).parse()
    assert handler.exceeded
    assert post["csrfmiddlewaretoken"] == "t" and "file" not in files
    assert stream.consumed < 1_000_000  # not the 5 MB body
    assert temporary.file is None or temporary.file.closed


def test_too_large_upload_through_the_form_gives_a_field_error(
    client, open_round, respondent, body, settings
):
    settings.MALBILD_ATTACHMENT_MAX_BYTES = 100_000
    client.force_login(respondent)
    base = reverse(
        "consultation:response",
        kwargs={
            "org": open_round.organisation.slug,
            "pk": open_round.pk,
            "cid": open_round.consultees.get(body=body).pk,
        },
    )
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4 " + b"x" * 1_000_000)
    response = client.post(base + "attachments/add/", {"file": big})
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()
    assert not Attachment.objects.exists() and not Response.objects.exists()


# Full or unwritable disk ----------------------------------------------------------------------


class FullDiskStorage(FileSystemStorage):
    """Writes a few bytes of the file, then fails as a full disk does."""

    def _save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.4 trunc")
        raise OSError(errno.ENOSPC, "No space left on device")


class ReadOnlyStorage(FileSystemStorage):
    def _save(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")


@pytest.fixture(params=[FullDiskStorage, ReadOnlyStorage])
def broken_storage(request, monkeypatch):
    field = Attachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", request.param(location=settings.MEDIA_ROOT))


def test_storage_error_gives_a_field_error_and_leaves_nothing(draft, broken_storage):
    responder, response = draft
    before = media_files()
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 test")
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(responder=responder, response=response, upload=upload)
    assert "file" in exc.value.message_dict
    assert media_files() == before
    assert not Attachment.objects.exists()
    assert upload.closed


def test_storage_error_through_the_form(client, open_round, respondent, body, broken_storage):
    client.force_login(respondent)
    base = reverse(
        "consultation:response",
        kwargs={
            "org": open_round.organisation.slug,
            "pk": open_round.pk,
            "cid": open_round.consultees.get(body=body).pk,
        },
    )
    before = media_files()
    response = client.post(
        base + "attachments/add/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")}
    )
    assert response.status_code == 400
    assert 'id="id_file_error"' in response.content.decode()
    assert media_files() == before
    assert not Attachment.objects.exists() and not Response.objects.exists()


def test_attachment_view_still_checks_csrf(open_round, respondent, body):
    client = Client(enforce_csrf_checks=True)
    client.force_login(respondent)
    base = reverse(
        "consultation:response",
        kwargs={
            "org": open_round.organisation.slug,
            "pk": open_round.pk,
            "cid": open_round.consultees.get(body=body).pk,
        },
    )
    pdf = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    assert client.post(base + "attachments/add/", {"file": pdf}).status_code == 403
    assert not Attachment.objects.exists()


@pytest.fixture
def payload_reads(monkeypatch):
    """The number of request-body bytes the server has read (test client requests)."""
    from django.test.client import FakePayload

    counter = {"read": 0}
    original = FakePayload.read

    def read(self, *args, **kwargs):
        chunk = original(self, *args, **kwargs)
        counter["read"] += len(chunk)
        return chunk

    monkeypatch.setattr(FakePayload, "read", read)
    return counter


def _api_attachments_url(open_round, body):
    consultee = open_round.consultees.get(body=body)
    return (
        f"/api/v1/organisations/{open_round.organisation.slug}/consultations/{open_round.pk}"
        f"/consultees/{consultee.pk}/response/attachments"
    )


@pytest.mark.parametrize("auth", ["token", "session"])
def test_too_large_upload_through_the_api_stops_reading_with_413(
    open_round, respondent, body, settings, payload_reads, auth
):
    settings.MALBILD_ATTACHMENT_MAX_BYTES = 100_000
    before = media_files()
    client = Client(enforce_csrf_checks=True)
    headers = {"Accept-Language": "en"}
    if auth == "token":
        from malbild.api.tests.helpers import token_for

        headers.update(token_for(respondent))
    else:
        client.force_login(respondent)
        client.get("/")  # the CSRF cookie
        headers["X-CSRFToken"] = client.cookies["csrftoken"].value
    big = SimpleUploadedFile("stor.pdf", b"%PDF-1.4 " + b"x" * 5_000_000)
    url = _api_attachments_url(open_round, body)
    response = client.post(url, {"file": big}, headers=headers)
    assert response.status_code == 413, response.content
    assert response.json()["detail"].startswith("The file is too large; the limit is")
    assert payload_reads["read"] < 1_000_000  # not the 5 MB body
    assert not Attachment.objects.exists() and not Response.objects.exists()
    assert media_files() == before
    # Within the limit the same operation stores the file.
    small = SimpleUploadedFile("liten.pdf", b"%PDF-1.4 " + b"x" * 1000)
    response = client.post(url, {"file": small}, headers=headers)
    assert response.status_code == 201, response.content
    assert Attachment.objects.count() == 1


def test_api_upload_with_a_session_still_checks_csrf(open_round, respondent, body, settings):
    settings.MALBILD_ATTACHMENT_MAX_BYTES = 100_000
    client = Client(enforce_csrf_checks=True)
    client.force_login(respondent)
    url = _api_attachments_url(open_round, body)
    for size in (1000, 5_000_000):  # within and past the limit: the refusal is the CSRF one
        upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 " + b"x" * size)
        assert client.post(url, {"file": upload}).status_code == 403
    assert not Attachment.objects.exists()
