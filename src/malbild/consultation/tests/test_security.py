"""Secret links and attachments: only a hash of the token is stored and never logged; expired,
revoked, other bodies' and guessed tokens are refused; attachments are checked by size and
content (PDF, DOCX, ODT), a renamed executable or a wrong type gets a clear error naming the
field, and nothing is stored on rejection. Permissions per role on the services."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from malbild.accounts.tokens import hash_token
from malbild.consultation import services
from malbild.consultation.models import Attachment, Response, SecretLink
from malbild.consultation.permissions import Responder
from malbild.consultation.services import LinkRefused
from malbild.core.models import AuditEntry


@pytest.fixture
def open_round(version, strategist_access, body, external_body):
    return services.consultation_round_open(
        access=strategist_access,
        version=version,
        title="Remiss",
        deadline=timezone.localdate() + datetime.timedelta(days=20),
        bodies=[body, external_body],
    )


def make_pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def make_odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return buf.getvalue()


def make_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hej")
    return buf.getvalue()


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()}


# Secret links ---------------------------------------------------------------------------------


def test_token_is_stored_hashed_and_not_logged(open_round, strategist_access, external_body, org):
    consultee = open_round.consultees.get(body=external_body)
    link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    assert raw.startswith("rm_") and len(raw) > 40
    assert link.token_hash == hash_token(raw) and raw not in link.token_hash
    for entry in AuditEntry.objects.all():
        assert raw not in str(entry.changes) + entry.message + entry.object_repr
    assert services.secret_link_authenticate(organisation=org, raw=raw) == link


def test_guessed_and_other_org_tokens_refused(
    open_round, strategist_access, external_body, org, other_org
):
    consultee = open_round.consultees.get(body=external_body)
    _link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    for guess in (
        "",
        "rm_",
        "rm_" + "A" * 43,
        raw[:-1] + ("A" if raw[-1] != "A" else "B"),
        "mb_" + raw[3:],
        raw + "x" * 100,
    ):
        with pytest.raises(LinkRefused) as exc:
            services.secret_link_authenticate(organisation=org, raw=guess)
        assert exc.value.reason == "unknown"
    with pytest.raises(LinkRefused):
        services.secret_link_authenticate(organisation=other_org, raw=raw)


def test_revoked_token_refused(open_round, strategist_access, external_body, org):
    consultee = open_round.consultees.get(body=external_body)
    link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    services.secret_link_revoke(access=strategist_access, link=link)
    with pytest.raises(LinkRefused) as exc:
        services.secret_link_authenticate(organisation=org, raw=raw)
    assert exc.value.reason == "revoked"
    with pytest.raises(PermissionDenied):
        services.response_save_draft(
            responder=Responder(link=link), consultee=consultee, data={"summary": "x"}
        )
    assert not Response.objects.exists()


def test_expired_token_refused(open_round, strategist_access, external_body, org):
    consultee = open_round.consultees.get(body=external_body)
    link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    # the deadline lies more than the grace period in the past
    type(open_round).objects.filter(pk=open_round.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=60)
    )
    with pytest.raises(LinkRefused) as exc:
        services.secret_link_authenticate(organisation=org, raw=raw)
    assert exc.value.reason == "expired"


def test_link_within_grace_after_deadline_still_works(
    open_round, strategist_access, external_body, org
):
    consultee = open_round.consultees.get(body=external_body)
    link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    type(open_round).objects.filter(pk=open_round.pk).update(
        deadline=timezone.localdate() - datetime.timedelta(days=2)
    )
    assert services.secret_link_authenticate(organisation=org, raw=raw) == link


def test_closed_round_refuses_link(open_round, strategist_access, external_body, org):
    consultee = open_round.consultees.get(body=external_body)
    _link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    services.consultation_round_close(access=strategist_access, round=open_round)
    with pytest.raises(LinkRefused) as exc:
        services.secret_link_authenticate(organisation=org, raw=raw)
    assert exc.value.reason == "closed"


def test_link_opens_only_its_own_body(open_round, strategist_access, external_body, body):
    ext = open_round.consultees.get(body=external_body)
    kfn = open_round.consultees.get(body=body)
    link, _raw = services.secret_link_create(access=strategist_access, consultee=ext)
    with pytest.raises(PermissionDenied):
        services.response_save_draft(responder=Responder(link=link), consultee=kfn, data={})
    response = services.response_save_draft(
        responder=Responder(link=link), consultee=ext, data={"summary": "Från Sambruk"}
    )
    assert response.consultee == ext
    assert AuditEntry.objects.filter(
        model="consultation.response", message=gettext("via secret link")
    ).exists()


# Permissions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reader", "editor", "respondent"])
def test_only_strategists_run_rounds(open_round, request, access_of, who, body):
    access = access_of(request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        services.consultation_round_close(access=access, round=open_round)
    with pytest.raises(PermissionDenied):
        services.secret_link_create(access=access, consultee=open_round.consultees.first())
    with pytest.raises(PermissionDenied):
        services.consultation_round_extend(
            access=access, round=open_round, new_deadline=datetime.date(2040, 1, 1), reason="x"
        )


@pytest.mark.parametrize("who", ["reader", "editor", "outsider"])
def test_non_respondents_cannot_respond(open_round, request, access_of, who, body):
    access = access_of(request.getfixturevalue(who))
    with pytest.raises(PermissionDenied):
        services.response_save_draft(
            responder=Responder(access=access),
            consultee=open_round.consultees.get(body=body),
            data={"summary": "x"},
        )
    assert not Response.objects.exists()


def test_respondent_only_for_own_body(open_round, respondent, access_of, external_body):
    with pytest.raises(PermissionDenied):
        services.response_save_draft(
            responder=Responder(access=access_of(respondent)),
            consultee=open_round.consultees.get(body=external_body),
            data={},
        )


def test_strategist_may_register_a_response(open_round, strategist_access, body):
    response = services.response_save_draft(
        responder=Responder(access=strategist_access),
        consultee=open_round.consultees.get(body=body),
        data={"position": "supports"},
    )
    services.response_submit(responder=Responder(access=strategist_access), response=response)
    response.refresh_from_db()
    assert response.via == "registrar"


# Attachments -------------------------------------------------------------------------------------


@pytest.fixture
def draft(open_round, respondent, access_of, body):
    responder = Responder(access=access_of(respondent))
    response = services.response_save_draft(
        responder=responder, consultee=open_round.consultees.get(body=body), data={}
    )
    return responder, response


@pytest.mark.parametrize(
    ("name", "content", "file_type"),
    [
        ("yttrande.pdf", make_pdf(), "pdf"),
        ("svar.docx", make_docx(), "docx"),
        ("svar.odt", make_odt(), "odt"),
        ("utan-filändelse", make_pdf(), "pdf"),  # offered as utan-filändelse.pdf
    ],
)
def test_accepted_attachments_stored_under_generated_name(draft, name, content, file_type):
    responder, response = draft
    att = services.attachment_add(
        responder=responder,
        response=response,
        upload=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
    )
    assert att.file_type == file_type
    assert att.original_name == name.rsplit(".", 1)[0] + f".{file_type}"
    assert name not in att.file.name and att.file.name.endswith(f".{file_type}")
    assert att.file.name.startswith(f"consultation/{response.organisation_id}/")
    with att.file.open("rb") as fh:
        assert fh.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100),
        ("program.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
        ("anteckning.pdf", b"just some text, not a PDF"),
        ("arkiv.docx", make_zip()),
        ("trasig.docx", b"PK\x03\x04garbage"),
        ("bild.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20),
    ],
)
def test_wrong_types_refused_and_nothing_stored(draft, name, content):
    responder, response = draft
    before = media_files()
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            responder=responder,
            response=response,
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        )
    assert "file" in exc.value.message_dict
    assert "PDF" in exc.value.message_dict["file"][0]
    assert not Attachment.objects.exists()
    assert media_files() == before


def test_too_large_refused(draft, settings):
    settings.MALBILD_ATTACHMENT_MAX_BYTES = 1000
    responder, response = draft
    before = media_files()
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(
            responder=responder,
            response=response,
            upload=SimpleUploadedFile("stor.pdf", make_pdf() + b"0" * 2000),
        )
    assert "file" in exc.value.message_dict
    assert not Attachment.objects.exists() and media_files() == before


def test_attachment_delete_removes_file(draft, django_capture_on_commit_callbacks):
    responder, response = draft
    att = services.attachment_add(
        responder=responder, response=response, upload=SimpleUploadedFile("a.pdf", make_pdf())
    )
    path = Path(att.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(responder=responder, attachment=att)
    assert not path.exists() and not Attachment.objects.exists()


def test_link_list_shows_no_token(open_round, strategist_access, external_body):
    consultee = open_round.consultees.get(body=external_body)
    _link, raw = services.secret_link_create(access=strategist_access, consultee=consultee)
    values = list(SecretLink.objects.values_list(flat=False))
    assert raw not in str(values)
