"""Backups of one organisation: only its rows (tenancy), a fixed number of queries whatever
its size, audited; restores that refuse (not a backup, unknown version, slug or ids in use)
and change nothing; the command line; the administrators' download page."""

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from malbild.backup.archive import archive_bytes
from malbild.backup.registry import TABLES
from malbild.backup.services import RestoreError, backup_write, restore_archive
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import BodyFactory, UserFactory
from malbild.organisation.models import Body, Organisation
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory, GoalFactory

from .helpers import manifest, table


def _plan(org, n: int) -> None:
    for i in range(n):
        doc = DocumentFactory(organisation=org, title=f"Plan {i}")
        area = FocusAreaFactory(organisation=org, document=doc)
        GoalFactory(organisation=org, focus_area=area)


def test_backup_holds_only_the_organisations_rows(org, other_org, body, admin_user, outsider):
    BodyFactory(organisation=other_org, name="Annan nämnd")
    data = archive_bytes(org)
    names = {r["fields"]["name"] for r in table(data, "organisation.Body")}
    assert names == {body.name}
    users = {r["fields"]["username"] for r in table(data, "accounts.User")}
    assert users == {"admin"}
    assert all("password" not in r["fields"] for r in table(data, "accounts.User"))
    assert all("is_superuser" not in r["fields"] for r in table(data, "accounts.User"))
    assert [r["fields"]["slug"] for r in table(data, "organisation.Organisation")] == ["alingsas"]
    m = manifest(data)
    assert (m["format"], m["format_version"], m["organisation"]["slug"]) == (
        "malbild-backup",
        1,
        "alingsas",
    )
    assert [t["table"] for t in m["tables"]] == [t.label for t in TABLES]


def test_backup_is_deterministic_apart_from_its_time(org, body):
    first, second = archive_bytes(org), archive_bytes(org)
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(io.BytesIO(second)) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "manifest.json":
                assert a.read(name) == b.read(name)


def test_backup_query_count_does_not_grow(org, admin_user):
    counts = []
    for size in (1, 6):
        _plan(org, size)
        with CaptureQueriesContext(connection) as ctx:
            archive_bytes(org)
        counts.append(len(ctx.captured_queries))
    # at most one query per table (none for a many-to-many table of no rows), whatever the size
    assert counts[0] == counts[1] <= len(TABLES)


def test_backup_is_audited_after_reading(org, admin_user):
    before = AuditEntry.objects.for_org(org).count()
    out = io.BytesIO()
    backup_write(organisation=org, out=out, actor=admin_user)
    entry = AuditEntry.objects.for_org(org).filter(event="backup.created").get()
    assert entry.actor == admin_user
    assert len(table(out.getvalue(), "core.AuditEntry")) == before


def test_restore_refuses_what_is_no_backup(db):
    with pytest.raises(RestoreError, match="ingen säkerhetskopia från Målbild"):
        restore_archive(io.BytesIO(b"not a zip"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "malbild-backup", "format_version": 9}))
    with pytest.raises(RestoreError, match="formatversion 9"):
        restore_archive(io.BytesIO(buffer.getvalue()))


def test_restore_refuses_an_existing_slug_and_changes_nothing(org, body):
    data = archive_bytes(org)
    with pytest.raises(RestoreError, match="redan en organisation med kortnamnet ”alingsas”"):
        restore_archive(io.BytesIO(data))
    assert Body.objects.for_org(org).count() == 1


def test_restore_refuses_ids_in_use_and_changes_nothing(org, body, admin_user):
    data = archive_bytes(org)
    Organisation.objects.filter(pk=org.pk).update(slug="bytt-namn")
    entries = AuditEntry.objects.count()
    with pytest.raises(RestoreError, match="id som redan används"):
        restore_archive(io.BytesIO(data))
    assert not Organisation.objects.filter(slug="alingsas").exists()
    assert AuditEntry.objects.count() == entries


def test_restore_refuses_a_newer_schema(org):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive_bytes(org))) as src,
        zipfile.ZipFile(buffer, "w") as dst,
    ):
        for name in src.namelist():
            content = src.read(name)
            if name == "manifest.json":
                m = json.loads(content)
                m["schema"]["strategy"] = "9999_from_the_future"
                content = json.dumps(m).encode()
            dst.writestr(name, content)
    with pytest.raises(RestoreError, match="nyare Målbild"):
        restore_archive(io.BytesIO(buffer.getvalue()))


def test_command_refuses_an_unknown_organisation(db, tmp_path):
    with pytest.raises(CommandError, match="No organisation"):
        call_command("backup", "--organisation", "nowhere", "--output", str(tmp_path / "x.zip"))
    assert not (tmp_path / "x.zip").exists()


def test_restore_command_names_the_problem(db, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nope")
    with pytest.raises(CommandError, match="ingen säkerhetskopia från Målbild"):
        call_command("restore", str(bad), stdout=StringIO())


def test_backup_page_is_for_administrators(client, org, admin_user, reader, outsider):
    url = reverse("backup:backup", kwargs={"org": org.slug})
    client.force_login(reader)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200
    assert "Säkerhetskopia av Alingsås kommun" in page.content.decode()
    assert (
        url in client.get(reverse("organisation:edit", kwargs={"org": org.slug})).content.decode()
    )


def test_administrator_downloads_the_archive(client, org, body, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("backup:backup", kwargs={"org": org.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "malbild-backup-alingsas-" in response["Content-Disposition"]
    assert manifest(response.content)["organisation"]["slug"] == "alingsas"
    assert {r["fields"]["name"] for r in table(response.content, "organisation.Body")} == {
        body.name
    }
    assert AuditEntry.objects.for_org(org).filter(event="backup.created", actor=admin_user)


def _delete_organisation(org) -> None:
    Organisation.objects.filter(pk=org.pk).delete()  # cascades to its rows and log


def test_restore_reuses_a_user_that_exists_with_the_same_id_and_name(org, body, admin_user):
    data = archive_bytes(org)
    _delete_organisation(org)
    result = restore_archive(io.BytesIO(data))
    assert result.reused_users == ["admin"]
    admin_user.refresh_from_db()
    assert admin_user.has_usable_password()  # kept as it was, not overwritten
    restored = Organisation.objects.get(slug="alingsas")
    assert restored.pk == org.pk
    assert list(restored.memberships.values_list("user__username", "role")) == [("admin", "admin")]
    assert Body.objects.for_org(restored).get().uid == body.uid


def test_restore_refuses_a_user_name_held_by_another_user(org, admin_user):
    data = archive_bytes(org)
    _delete_organisation(org)
    admin_user.delete()
    UserFactory(username="admin")  # someone else, another id
    with pytest.raises(RestoreError, match="Användaren ”admin” kan inte återställas"):
        restore_archive(io.BytesIO(data))
    assert not Organisation.objects.filter(slug="alingsas").exists()
