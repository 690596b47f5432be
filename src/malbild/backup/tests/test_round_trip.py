"""Backup → restore into an empty database → backup again gives the same archive, byte for
byte, once the backups' own `created_at` is normalised (tests/helpers.py): the whole demo
(Alingsås with its consultations, follow-up and cases, plus an attached file on a response
and one on a document), restored
after `flush`, on whichever engine the suite runs (SQLite or PostgreSQL)."""

import hashlib
import shutil
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from malbild.accounts.models import User
from malbild.consultation.models import Attachment, Response
from malbild.core.models import AuditEntry
from malbild.organisation.models import Organisation
from malbild.strategy.models import DocumentAttachment, SteeringDocument

from .helpers import manifest, members, table

PDF = b"%PDF-1.4\n% a response's appendix\n"
DOCX = b"PK\x03\x04 the Word file a document was created from"


def _backup(tmp_path, name: str) -> bytes:
    path = tmp_path / name
    call_command("backup", "--organisation", "alingsas", "--output", str(path), stdout=StringIO())
    return path.read_bytes()


@pytest.mark.django_db(transaction=True)
def test_round_trip_is_identical(tmp_path, settings, demo_snapshots):
    demo_snapshots.commit()  # `malbild demo`, committed (conftest.py)
    # The demo's files (a response's minute excerpt) are where the demo was first loaded in
    # this process: on SQLite the rows are copied back, the files stay. Back up from a copy.
    shutil.copytree(settings.MEDIA_ROOT, tmp_path / "media-before")
    settings.MEDIA_ROOT = str(tmp_path / "media-before")
    org = Organisation.objects.get(slug="alingsas")
    response = Response.objects.for_org(org).order_by("pk").first()
    assert response is not None, "the demo has a consultation response"
    attachment = Attachment(
        organisation=org,
        response=response,
        original_name="Bilaga till svaret.pdf",
        file_type="pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
    )
    attachment.file.save("x.pdf", ContentFile(PDF), save=False)
    attachment.save()
    kept = DocumentAttachment(
        organisation=org,
        document=SteeringDocument.objects.for_org(org).order_by("pk").first(),
        original_name="Agendan.docx",
        file_type="docx",
        size=len(DOCX),
        sha256=hashlib.sha256(DOCX).hexdigest(),
    )
    kept.file.save("x.docx", ContentFile(DOCX), save=False)
    kept.save()
    documents = set(SteeringDocument.objects.for_org(org).values_list("uid", "title"))
    entries = AuditEntry.objects.for_org(org).count()
    files = (
        Attachment.objects.for_org(org).count() + DocumentAttachment.objects.for_org(org).count()
    )
    assert files >= 2  # the two above, and the demo's own

    first = _backup(tmp_path, "first.zip")
    call_command("flush", "--no-input", stdout=StringIO())
    assert not Organisation.objects.exists() and not User.objects.exists()

    settings.MEDIA_ROOT = str(tmp_path / "media-after")  # an empty instance: no files either
    out = StringIO()
    call_command("restore", str(tmp_path / "first.zip"), stdout=out)
    assert "Restored Alingsås kommun (alingsas)" in out.getvalue()
    second = _backup(tmp_path, "second.zip")

    a, b = members(first), members(second)
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], f"{name} differs after the round trip"
    assert manifest(first)["created_at"] != "" and manifest(second)["format_version"] == 1

    # What the archive held is really back: documents, the file, the audit log, the users.
    org = Organisation.objects.get(slug="alingsas")
    assert set(SteeringDocument.objects.for_org(org).values_list("uid", "title")) == documents
    # the demo's own response attachment (the minute excerpt on the portal) comes back too
    restored = Attachment.objects.for_org(org).get(original_name="Bilaga till svaret.pdf")
    with restored.file.open("rb") as fh:
        assert fh.read() == PDF
    assert restored.file.path.startswith(str(tmp_path / "media-after"))
    with DocumentAttachment.objects.for_org(org).get().file.open("rb") as fh:
        assert fh.read() == DOCX
    # the log as backed up (the first backup's own entry came after its rows were read), plus
    # the second backup's entry
    assert AuditEntry.objects.for_org(org).count() == entries + 1
    admin = User.objects.get(username="demo-admin")
    assert not admin.has_usable_password() and not admin.is_superuser
    assert AuditEntry.objects.filter(organisation=None, event="backup.restored").count() == 1
    # the archive named every table with rows, and the manifest's counts are the rows'
    counts = {t["table"]: t["rows"] for t in manifest(first)["tables"]}
    for label in (
        "core.AuditEntry",
        "consultation.Attachment",
        "strategy.DocumentAttachment",
        "followup.FollowUpPeriod",
    ):
        assert counts[label] == len(table(first, label)) > 0
    assert manifest(first)["files"] == files
