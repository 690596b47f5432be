"""Writes of the attachments of a draft response: a PDF, DOCX or ODT file, checked by size and
by content (never by name or browser type) and stored under a generated name; removing one.
"""

import hashlib
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from malbild.core.audit import audit_record
from malbild.core.services import model_delete

from ..models import Attachment, Response
from ..permissions import Responder
from ._common import _require_open
from ._respondent import _require_draft, _require_responder, _via_message

DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = b"wordprocessingml.document.main+xml"


def attachment_max_bytes() -> int:
    return int(getattr(settings, "MALBILD_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def detect_file_type(upload) -> str | None:
    """ "pdf", "docx" or "odt" judged by content (never by name or browser type), else None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
                return "odt"
            if "[Content_Types].xml" in names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size < 1_000_000 and DOCX_MAIN in archive.read(info):
                    return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


@transaction.atomic
def attachment_add(*, responder: Responder, response: Response, upload: UploadedFile) -> Attachment:
    """Attach a PDF, DOCX or ODT file, checked by size and content; stored under a generated
    name. A rejected file is not stored."""
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    file_type = _checked_file_type(upload)
    sha256 = _sha256(upload)
    original = (getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    attachment = Attachment(
        organisation=response.organisation,
        response=response,
        original_name=original[:255] or f"attachment.{file_type}",
        file_type=file_type,
        size=upload.size,
        sha256=sha256,
        created_by=responder.user if getattr(responder.user, "is_authenticated", False) else None,
    )
    attachment.file.save("upload", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.full_clean()
        attachment.save()
        audit_record(
            actor=responder.user,
            instance=attachment,
            action="create",
            changes={
                "original_name": [None, attachment.original_name],
                "size": [None, upload.size],
            },
            message=_via_message(responder),
        )
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


def _checked_file_type(upload: UploadedFile | None) -> str:
    """Step of attaching: the upload's file type, or a `ValidationError` when there is no
    file, it is too large or empty, or its content is not PDF, DOCX or ODT."""
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    limit = attachment_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {
                    "size": f"{upload.size / 1_048_576:.1f}",
                    "limit": f"{limit / 1_048_576:.0f}",
                }
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    file_type = detect_file_type(upload)
    if file_type is None:
        raise ValidationError(
            {"file": _("Only PDF, Word (DOCX) and OpenDocument text (ODT) files are accepted.")}
        )
    return file_type


def _sha256(upload: UploadedFile) -> str:
    """Step of attaching: the SHA-256 of the upload's content (read from the start again)."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def attachment_delete(*, responder: Responder, attachment: Attachment) -> None:
    """Remove an attachment from a draft; the file goes when no submission refers to it."""
    response = attachment.response
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    name = attachment.file.name
    storage = attachment.file.storage
    model_delete(instance=attachment, actor=responder.user, message=_via_message(responder))
    if not Attachment.objects.filter(file=name).exists():
        transaction.on_commit(lambda: storage.delete(name))
