"""Print the SQL that distributes this database with Citus on organisation_id
(docs/guide/scaling.md, "A national service: Citus")."""

from django.core.management.base import BaseCommand

from malbild.core.sharding import citus_statements, composite_key_statements


class Command(BaseCommand):
    help = (
        "Print the SQL that distributes the database with Citus on organisation_id: reference "
        "tables, primary keys (organisation_id, id), distributed co-located tables and "
        "composite foreign keys. Prints only; run the output with psql on the coordinator."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keys-only",
            action="store_true",
            help=(
                "Only the composite unique and foreign keys (plain PostgreSQL, no Citus): "
                "adding them checks that every row agrees with its parent's organisation."
            ),
        )

    def handle(self, *args, keys_only=False, **options):
        statements = composite_key_statements() if keys_only else citus_statements()
        self.stdout.write("\n".join(statements))
