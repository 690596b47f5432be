"""Tokens from before expiry and scopes: they keep the permissions they had (read-write) and
expire MALBILD_API_TOKEN_DEFAULT_DAYS (90) days after this migration — no token lives forever."""

from datetime import timedelta

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    days = getattr(settings, "MALBILD_API_TOKEN_DEFAULT_DAYS", 90)
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + timedelta(days=days), scope="write"
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_token_expiry_and_scope")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
