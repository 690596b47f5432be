"""Writes of the attachments of a draft response: a PDF, DOCX or ODT file, checked by size and
by content (never by name or browser type) and stored under a generated name; removing one.
"""

import errno
import hashlib
import logging
import zipfile
import zlib

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
# An archive (DOCX, ODT) may unpack to at most this much in all, and no entry of more than
# RATIO_FROM_BYTES may unpack to more than MAX_RATIO times its compressed size.
DEFAULT_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
MAX_ENTRIES = 10_000
READ_CHUNK = 64 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = b"wordprocessingml.document.main+xml"
CONTENT_TYPES_MAX_BYTES = 1_000_000

logger = logging.getLogger("malbild.consultation")


def attachment_max_bytes() -> int:
    return int(getattr(settings, "MALBILD_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


def attachment_too_large_message() -> str:
    """The field error for a file stopped while streaming in (its full size is unknown)."""
    return _("The file is too large; the limit is %(limit)s MB.") % {
        "limit": f"{attachment_max_bytes() / 1_048_576:.0f}"
    }


def archive_max_unpacked_bytes() -> int:
    return int(
        getattr(settings, "MALBILD_ATTACHMENT_MAX_UNPACKED_BYTES", DEFAULT_MAX_UNPACKED_BYTES)
    )


def archive_max_ratio() -> float:
    return float(getattr(settings, "MALBILD_ATTACHMENT_MAX_RATIO", DEFAULT_MAX_RATIO))


class ArchiveTooLarge(Exception):
    """An archive that unpacks to more than the limits allow (a "zip bomb")."""


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """The entry's content if it unpacks to at most `cap` bytes (declared and actual), else
    None; reads in chunks and never holds more than `cap` + one chunk."""
    if info.file_size > cap:
        return None
    parts, total = [], 0
    with archive.open(info) as fh:
        while chunk := fh.read(min(READ_CHUNK, cap + 1 - total)):
            total += len(chunk)
            if total > cap:
                return None
            parts.append(chunk)
    return b"".join(parts)


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Raise `ArchiveTooLarge` when the entries' declared or actual uncompressed sizes exceed
    the limit, or an entry's compression ratio is implausible. Every entry is inflated in
    chunks (and thrown away), so at most one chunk is held in memory."""
    limit, ratio = archive_max_unpacked_bytes(), archive_max_ratio()
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > limit:
        raise ArchiveTooLarge
    total = 0
    for info in infos:
        entry = 0
        with archive.open(info) as fh:
            while chunk := fh.read(READ_CHUNK):
                entry += len(chunk)
                total += len(chunk)
                if total > limit:
                    raise ArchiveTooLarge
                if entry > RATIO_FROM_BYTES and entry > ratio * max(info.compress_size, 1):
                    raise ArchiveTooLarge


def detect_file_type(upload) -> str | None:
    """ "pdf", "docx" or "odt" judged by content (never by name or browser type), else None.
    Raises `ArchiveTooLarge` for a DOCX/ODT that unpacks to too much."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            file_type = _archive_type(archive)
            if file_type is not None:
                _check_archive(archive)
            return file_type
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        KeyError,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        ValueError,
        zlib.error,
    ):
        return None
    finally:
        upload.seek(0)


def _archive_type(archive: zipfile.ZipFile) -> str | None:
    names = set(archive.namelist())
    if "mimetype" in names:
        content = _read_bounded(archive, archive.getinfo("mimetype"), len(ODT_MIMETYPE) + 16)
        if content is not None and content.strip() == ODT_MIMETYPE:
            return "odt"
    if "[Content_Types].xml" in names:
        info = archive.getinfo("[Content_Types].xml")
        content = _read_bounded(archive, info, CONTENT_TYPES_MAX_BYTES)
        if content is not None and DOCX_MAIN in content:
            return "docx"
    return None


def download_name(original: str, file_type: str) -> str:
    """The name a download is offered under: the uploaded base name with the extension of the
    detected type (a PDF sent as `x.html` becomes `x.pdf`), never another extension."""
    base = (original or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip()
    stem = (base.rsplit(".", 1)[0] if "." in base else base).strip(" .")
    suffix = f".{file_type}"
    stem = stem[: 255 - len(suffix)] or "attachment"
    return stem + suffix


@transaction.atomic
def attachment_add(*, responder: Responder, response: Response, upload: UploadedFile) -> Attachment:
    """Attach a PDF, DOCX or ODT file, checked by size and content; stored under a generated
    name. A rejected file is not stored."""
    _require_responder(responder, response.consultee)
    _require_open(response.consultee.round)
    _require_draft(response)
    file_type = _checked_file_type(upload)
    sha256 = _sha256(upload)
    attachment = Attachment(
        organisation=response.organisation,
        response=response,
        original_name=download_name(getattr(upload, "name", ""), file_type),
        file_type=file_type,
        size=upload.size,
        sha256=sha256,
        created_by=responder.user if getattr(responder.user, "is_authenticated", False) else None,
    )
    stored = _store(attachment, upload)
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
    try:
        file_type = detect_file_type(upload)
    except ArchiveTooLarge:
        raise ValidationError(
            {
                "file": _(
                    "The file unpacks to too much data (more than %(limit)s MB); it may be "
                    "damaged or harmful."
                )
                % {"limit": f"{archive_max_unpacked_bytes() / 1_048_576:.0f}"}
            }
        ) from None
    if file_type is None:
        raise ValidationError(
            {"file": _("Only PDF, Word (DOCX) and OpenDocument text (ODT) files are accepted.")}
        )
    return file_type


def _store(attachment: Attachment, upload: UploadedFile) -> str:
    """Step of attaching: write the file under its generated name and return that name. When
    the media directory is full or not writable: remove whatever part was written, close the
    upload and raise a `ValidationError` on the field (the caller's transaction rolls back)."""
    storage = attachment.file.storage
    name = storage.get_available_name(
        attachment.file.field.generate_filename(attachment, "upload"),
        max_length=attachment.file.field.max_length,
    )
    try:
        stored = storage.save(name, upload, max_length=attachment.file.field.max_length)
    except OSError as exc:
        try:
            if storage.exists(name):
                storage.delete(name)
        except OSError:
            logger.exception("attachment.cleanup_failed name=%s", name)
        upload.close()
        logger.error(
            "attachment.store_failed errno=%s error=%s",
            errno.errorcode.get(exc.errno, exc.errno),
            exc.strerror or exc,
        )
        raise ValidationError(
            {
                "file": _(
                    "The file could not be saved: the server's storage is full or not "
                    "writable. Try again later or tell the organisation."
                )
            }
        ) from None
    attachment.file.name = stored
    return stored


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
