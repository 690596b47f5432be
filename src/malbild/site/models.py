"""Operational rows of the composition layer (no domain data)."""

from django.db import models


class Heartbeat(models.Model):
    """One row (id 1) that `/healthz` rewrites on every check, to prove that a write can be
    committed (a full disk, a read-only file system or a read-only database fail it). Not
    audited: it records nothing about the organisation's data."""

    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = "heartbeat"

    def __str__(self):
        return f"heartbeat {self.checked_at:%Y-%m-%d %H:%M:%S}"
