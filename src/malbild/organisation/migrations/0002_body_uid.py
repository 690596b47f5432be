"""Bodies get a stable public id (uid), as document items have: added nullable, filled with a
fresh UUID per existing row, then made unique and required."""

import uuid

from django.db import migrations, models


def fill_uids(apps, schema_editor):
    Body = apps.get_model("organisation", "Body")
    for body in Body.objects.filter(uid__isnull=True).only("pk"):
        Body.objects.filter(pk=body.pk).update(uid=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="body",
            name="uid",
            field=models.UUIDField(editable=False, null=True, verbose_name="stable id"),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="body",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="stable id"
            ),
        ),
    ]
