"""On PostgreSQL the progress of an import is visible to other connections while its one
transaction is still open (written through a second, autocommitting connection), and the
rows themselves are not until it commits. SQLite has one writer: skipped there."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from malbild.actionplan.models import Activity
from malbild.dataio import importer, services
from malbild.dataio.models import SheetImport

from .conftest import xlsx

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="progress of an open transaction needs PostgreSQL"
)


def _read(sql, params):
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
    finally:
        other.close()


@pytest.mark.django_db(transaction=True)
def test_progress_is_seen_outside_the_import_transaction(
    plan, strategist, access_of, body, monkeypatch
):
    access = access_of(strategist)
    head = ["Nummer", "Titel", "Ansvarigt organ", "Startår", "Slutår"]
    content = xlsx(
        {"Aktiviteter": [head, *[[f"8.{i}", f"R {i}", body.name, 2025, 2025] for i in range(4)]]}
    )
    imp = services.sheet_import_create(
        access=access, document=plan, filename="p.xlsx", content=content
    )
    seen = []
    real_apply = importer.apply_plan

    def spy(**kwargs):
        progress = kwargs["progress"]

        def record(done, total):
            progress(done, total)
            seen.append(
                (
                    _read(
                        f'SELECT percent FROM "{SheetImport._meta.db_table}" WHERE id = %s',
                        [imp.pk],
                    ),
                    _read(
                        f'SELECT count(*) FROM "{Activity._meta.db_table}" WHERE number LIKE %s',
                        ["8.%"],
                    ),
                )
            )

        return real_apply(**{**kwargs, "progress": record})

    monkeypatch.setattr(services, "apply_plan", spy)
    monkeypatch.setattr(services, "BACKGROUND_ROWS", 1)
    imp = services.sheet_import_confirm(
        access=access,
        sheet_import=imp,
        fingerprint=imp.preview["fingerprint"],
        create_bodies=False,
        create_focus_areas=False,
    )
    assert imp.state == "done", imp.error
    assert seen == [(25, 0), (50, 0), (75, 0), (99, 0)]
    assert Activity.objects.filter(number__startswith="8.").count() == 4
