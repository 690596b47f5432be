"""The organisation as a sharding key (docs/guide/scaling.md, "A national service: Citus";
ADR 0029).

To distribute the organisation-owned tables on `organisation_id` (Citus), every table is one of:

- organisation-owned: it carries `organisation` (a foreign key to organisation.Organisation,
  column `organisation_id`, never empty). Each of its unique constraints includes `organisation` (a
  distributed table enforces uniqueness only within a shard; a unique constraint on the
  distribution column alone, one row per organisation, is allowed; so is Django's unique
  column of a one-to-one to an owned table, which becomes `(organisation_id, x_id)`
  by the same derivation as the foreign keys). Each of its foreign keys
  points at a reference table or at another organisation-owned table by its primary key:
  Django keeps its one-column key, and the composite key Citus needs,
  `(organisation_id, x_id) REFERENCES t (organisation_id, id)`, is derivable because both
  sides carry `organisation_id` (`citus_ddl` prints it; a test applies it to the demo);
- a reference or global table (GLOBAL_TABLES), each with the reason. A global table has no
  foreign key to an organisation-owned one (a reference table is copied to every node and
  cannot point into one shard).

`malbild citus_ddl` prints the statements that distribute a database by this rule.
"""

from django.apps import apps
from django.db import models
from django.db.backends.utils import truncate_name

ORGANISATION = "organisation.Organisation"

# Tables that are not organisation-owned, and why (in Citus: reference tables, replicated to
# every node).
GLOBAL_TABLES = {
    ORGANISATION: "the tenants themselves: a reference table every shard joins to",
    "accounts.User": "a person may be a member of several organisations (memberships)",
    "accounts.User_groups": "Django's groups of a user (global, like the user)",
    "accounts.User_user_permissions": "Django's permissions of a user (global)",
    "accounts.ApiToken": "a user's personal token, valid for every organisation they belong to",
    "accounts.RateLimitHit": "counts requests per address or e-mail, before any organisation",
    "sso.OidcIdentity": "a user's identity at a login provider (global, like the user)",
    "notifications.NotificationPreference": "a person's own choices, across organisations",
    "notifications.SentMark": "once-only marks keyed by the sender, across organisations",
    "api.IdempotencyKey": "a user's idempotency keys of API requests (short-lived)",
    "site.Heartbeat": "the health check's single row",
    "admin.LogEntry": "Django admin's own log (operators)",
    "auth.Group": "Django's permission groups (global)",
    "auth.Group_permissions": "Django's permission groups (global)",
    "auth.Permission": "Django's permissions (global)",
    "contenttypes.ContentType": "Django's model registry (global)",
    "sessions.Session": "login sessions, before and across organisations",
    "axes.AccessAttempt": "login lockouts per address and username",
    "axes.AccessAttemptExpiration": "login lockouts per address and username",
    "axes.AccessFailureLog": "login failures per address and username",
    "axes.AccessLog": "logins per address and username",
    "oauth2_provider.AccessToken": "the OAuth provider's tokens (per user and client)",
    "oauth2_provider.Application": "the OAuth provider's registered clients",
    "oauth2_provider.DeviceGrant": "the OAuth provider's grants",
    "oauth2_provider.Grant": "the OAuth provider's grants",
    "oauth2_provider.IDToken": "the OAuth provider's tokens",
    "oauth2_provider.RefreshToken": "the OAuth provider's tokens",
    "django_tasks_database.DBTaskResult": "the background task queue, shared by all workers",
    "kolada.KoladaMunicipality": "Kolada's public list of municipalities (reference data)",
    "kolada.KoladaValue": "Kolada's public values as last fetched, shared by every organisation",
}


def organisation_field(model):
    """The model's `organisation` foreign key to the Organisation, or None."""
    return next(
        (
            f
            for f in model._meta.concrete_fields
            if f.name == "organisation"
            and f.is_relation
            and f.related_model._meta.label == ORGANISATION
        ),
        None,
    )


def all_models() -> dict[str, type[models.Model]]:
    """Every model Django knows, auto-created many-to-many tables too, by label."""
    return {m._meta.label: m for m in apps.get_models(include_auto_created=True)}


def owned_models() -> dict[str, type[models.Model]]:
    """The organisation-owned models (they carry `organisation`), by label."""
    return {label: m for label, m in all_models().items() if organisation_field(m)}


def breaches(model, owned_labels: set[str]) -> set[str]:
    """What keeps an organisation-owned model from being distributed on `organisation_id`:
    unique constraints without `organisation` ("unique <field>", "constraint <name>",
    "unique_together <fields>"), foreign keys to tables that are neither organisation-owned
    nor global ("fk <field>"), foreign keys to an owned table by another column than its
    primary key ("fk <field> to <column>"), for which no composite key is derivable, and an
    `organisation` that may be empty ("organisation nullable": a distributed row needs its
    distribution column)."""
    found = set()
    organisation = organisation_field(model)
    if organisation is not None and organisation.null:
        found.add("organisation nullable")
    for f in model._meta.concrete_fields:
        if (
            f.unique
            and not f.primary_key
            and f.name != "organisation"
            and not _derivable_one_to_one(f, owned_labels)
        ):
            found.add(f"unique {f.name}")
        if not f.is_relation or f.name == "organisation":
            continue
        target = f.related_model._meta.label
        if target in owned_labels:
            if not f.target_field.primary_key:
                found.add(f"fk {f.name} to {f.target_field.name}")
        elif target not in GLOBAL_TABLES:
            found.add(f"fk {f.name}")
    for fields in model._meta.unique_together:
        if "organisation" not in fields:
            found.add(f"unique_together {'+'.join(fields)}")
    for c in model._meta.constraints:
        if isinstance(c, models.UniqueConstraint) and "organisation" not in c.fields:
            found.add(f"constraint {c.name}")
    return found


def _derivable_one_to_one(f, owned_labels) -> bool:
    """A one-to-one to an owned table's primary key: its unique `x_id` becomes the unique
    `(organisation_id, x_id)` when distributed, the same set of rows when they agree with
    their parent's organisation (Django keeps the one-column constraint)."""
    return (
        f.one_to_one and f.related_model._meta.label in owned_labels and f.target_field.primary_key
    )


def owned_one_to_ones() -> list[tuple[type[models.Model], models.Field]]:
    """The one-to-ones among `owned_foreign_keys`: their one-column unique constraint becomes
    `(organisation_id, x_id)` when distributed."""
    return [(model, f) for model, f in owned_foreign_keys() if f.one_to_one]


def global_breaches(model, owned_labels: set[str]) -> set[str]:
    """Foreign keys of a global (reference) table to organisation-owned tables."""
    return {
        f"fk {f.name}"
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label in owned_labels
    }


def owned_foreign_keys() -> list[tuple[type[models.Model], models.Field]]:
    """Every foreign key (and one-to-one) from an organisation-owned table to another one by
    its primary key, `organisation` itself excepted, in a stable order: the keys that become
    composite `(organisation_id, x_id)` keys when distributed."""
    owned = owned_models()
    return [
        (model, f)
        for label, model in sorted(owned.items())
        for f in model._meta.concrete_fields
        if f.is_relation
        and f.name != "organisation"
        and f.related_model._meta.label in owned
        and f.target_field.primary_key
    ]


def _name(*parts: str) -> str:
    return truncate_name("_".join(parts), 63)


def composite_key_statements() -> list[str]:
    """The composite keys of a distributed database, valid on plain PostgreSQL too: a unique
    `(organisation_id, id)` on every owned table a foreign key points at, and each foreign key
    between owned tables as `(organisation_id, x_id) REFERENCES t (organisation_id, id)`.
    Adding them succeeds only if every row agrees with its parent's organisation."""
    fks = owned_foreign_keys()
    targets = sorted({f.related_model._meta.db_table for _, f in fks})
    statements = [
        f'ALTER TABLE "{t}" ADD CONSTRAINT "{_name(t, "org_id_key")}" '
        f'UNIQUE ("organisation_id", "id");'
        for t in targets
    ]
    statements += [_composite_unique(model, f) for model, f in owned_one_to_ones()]
    statements += [_composite_fk(model, f) for model, f in fks]
    return statements


def _composite_unique(model, f) -> str:
    table = model._meta.db_table
    return (
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{_name(table, f.column, "org_key")}" '
        f'UNIQUE ("organisation_id", "{f.column}");'
    )


def _composite_fk(model, f) -> str:
    table = model._meta.db_table
    target = f.related_model._meta.db_table
    return (
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{_name(table, f.column, "org_fk")}" '
        f'FOREIGN KEY ("organisation_id", "{f.column}") '
        f'REFERENCES "{target}" ("organisation_id", "id") DEFERRABLE INITIALLY DEFERRED;'
    )


def citus_statements() -> list[str]:
    """The statements that distribute a migrated Målbild database with Citus on
    `organisation_id` (run once, on the coordinator, in maintenance): the global tables become
    reference tables; the one-column foreign keys between owned tables and the one-column
    unique constraints of their one-to-ones are dropped; each owned table's primary key becomes
    `(organisation_id, id)`; the owned tables are distributed, co-located; the one-to-ones'
    unique constraints and the foreign keys come back as composite ones. The other unique
    constraints already include `organisation` (the rule of this module)."""
    known = all_models()
    owned = owned_models()
    reference = [known[label]._meta.db_table for label in GLOBAL_TABLES if label in known]
    tables = sorted(m._meta.db_table for m in owned.values())
    quoted = ", ".join(f"'{t}'" for t in tables)
    statements = ["BEGIN;"]
    pending = sorted(
        known[label]._meta.db_table for label in set(known) - set(owned) - set(GLOBAL_TABLES)
    )
    empty = sorted(m._meta.db_table for m in owned.values() if organisation_field(m).null)
    if pending or empty:
        statements.append(
            "-- Not ready (ADR 0029, still open); fix these first, or the script fails:"
        )
        statements += [f"--   {t}: no organisation_id" for t in pending]
        statements += [f"--   {t}: organisation_id may be empty" for t in empty]
    statements.append("-- 1. Reference tables, copied to every node.")
    statements += [f"SELECT create_reference_table('{t}');" for t in reference]
    statements += [
        "-- 2. The one-column foreign keys between organisation-owned tables.",
        "DO $$ DECLARE r record; BEGIN\n"
        "  FOR r IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint\n"
        "    WHERE contype = 'f' AND cardinality(conkey) = 1\n"
        f"      AND conrelid = ANY (ARRAY[{quoted}]::regclass[])\n"
        f"      AND confrelid = ANY (ARRAY[{quoted}]::regclass[])\n"
        "  LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);\n"
        "  END LOOP;\nEND $$;",
        "-- 3. The one-column unique constraints of one-to-ones between owned tables.",
    ]
    pairs = ", ".join(f"('{m._meta.db_table}', '{f.column}')" for m, f in owned_one_to_ones())
    statements += [
        "DO $$ DECLARE r record; BEGIN\n"
        "  FOR r IN SELECT c.conrelid::regclass AS tbl, c.conname FROM pg_constraint c\n"
        "    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]\n"
        f"    JOIN (VALUES {pairs}) AS o (tbl, col)\n"
        "      ON c.conrelid = o.tbl::regclass AND a.attname = o.col\n"
        "    WHERE c.contype = 'u' AND cardinality(c.conkey) = 1\n"
        "  LOOP EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);\n"
        "  END LOOP;\nEND $$;",
        "-- 4. Primary keys (organisation_id, id).",
    ]
    statements += [
        f'ALTER TABLE "{t}" DROP CONSTRAINT "{t}_pkey", ADD PRIMARY KEY ("organisation_id", "id");'
        for t in tables
    ]
    statements.append("-- 5. Distributed on organisation_id, co-located with the first.")
    statements += [
        f"SELECT create_distributed_table('{t}', 'organisation_id'"
        + (f", colocate_with => '{tables[0]}');" if i else ");")
        for i, t in enumerate(tables)
    ]
    statements.append("-- 6. Unique one-to-ones and foreign keys between owned tables, composite.")
    statements += [_composite_unique(model, f) for model, f in owned_one_to_ones()]
    statements += [_composite_fk(model, f) for model, f in owned_foreign_keys()]
    statements.append("COMMIT;")
    return statements


def disagreements() -> dict[str, int]:
    """Per foreign key between owned tables ("app.Model.field"), how many rows point at a
    parent of another organisation (one query per key); only keys with such rows. Empty when
    the composite keys of `composite_key_statements` can be added."""
    from django.db import connection

    found = {}
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, f in owned_foreign_keys():
            cursor.execute(
                f"SELECT COUNT(*) FROM {qn(model._meta.db_table)} c "
                f"JOIN {qn(f.related_model._meta.db_table)} p ON p.{qn('id')} = c.{qn(f.column)} "
                f"WHERE p.{qn('organisation_id')} <> c.{qn('organisation_id')}"
            )
            (count,) = cursor.fetchone()
            if count:
                found[f"{model._meta.label}.{f.name}"] = count
    return found
