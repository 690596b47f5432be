"""The demo agrees with the sharding rule (test_sharding_key.py, ADR 0029): every row points
only at parents of its own organisation, for every foreign key between organisation-owned
tables; on PostgreSQL the composite keys that `malbild citus_ddl --keys-only` prints can be
added to the demo's tables."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from malbild.core.sharding import composite_key_statements, disagreements, owned_foreign_keys


def test_every_row_of_the_demo_agrees_with_its_parents_organisation(demo_db, db):
    keys = owned_foreign_keys()
    assert len(keys) > 80
    with CaptureQueriesContext(connection) as queries:
        assert disagreements() == {}
    assert len(queries) == len(keys)  # one query per key


@pytest.mark.skipif(connection.vendor != "postgresql", reason="composite keys on PostgreSQL")
def test_the_composite_keys_hold_for_the_demo_on_postgresql(demo_db, db):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with transaction.atomic():
            for statement in composite_key_statements():
                cursor.execute(statement)
            transaction.set_rollback(True)
