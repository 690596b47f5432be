"""Indexes for the activity list's default order and a document's own activities in
the tree's order (issue #11: the first page read from the index, no sort of every row)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("actionplan", "0004_organisation_in_keys"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=["organisation", "number", "title", "id"], name="activity_org_number_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=["organisation", "document", "number", "title", "id"],
                name="activity_org_doc_number_idx",
            ),
        ),
    ]
