"""Time the follow-up period list page and API (5 requests each, median) on a database made
by `malbild generate` (docs/performance.md). `N` tops the closed periods up to N copies of
the first one's snapshot; `--close` then closes the open period and prints the size of its
audit entry. Writes to the database: run it on a copy.

    PYTHONPATH=src DATABASE_URL=sqlite:////tmp/copy.sqlite3 \\
        python scripts/measure_period_lists.py 10 --close
"""

import datetime
import json
import os
import statistics
import sys
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malbild.conf.test")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from malbild.accounts.models import Membership
    from malbild.core.access import access_for
    from malbild.core.models import AuditEntry
    from malbild.followup import services
    from malbild.followup.models import FollowUpPeriod
    from malbild.organisation.models import Organisation

    org = Organisation.objects.get(slug="generated-kommunkoncern")
    closed = FollowUpPeriod.objects.filter(status="closed").first()
    wanted = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 0
    have = FollowUpPeriod.objects.filter(status="closed").count()
    for i in range(max(0, wanted - have)):
        y = 2000 + i
        FollowUpPeriod.objects.create(
            organisation=org,
            document=closed.document,
            label=str(y),
            start=datetime.date(y, 1, 1),
            end=datetime.date(y, 12, 31),
            deadline=datetime.date(y + 1, 1, 31),
            status="closed",
            closed_at=closed.closed_at,
            snapshot=closed.snapshot,
        )
    member = (
        Membership.objects.filter(organisation=org, role__in=("admin", "strategist"))
        .select_related("user")
        .first()
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(member.user)

    def bench(path):
        client.get(path)
        times = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as ctx:
            client.get(path)
        return statistics.median(times), len(ctx.captured_queries)

    count = FollowUpPeriod.objects.count()
    size = len(json.dumps(closed.snapshot)) / 1e6
    for name, path in (
        ("period list page", reverse("followup:period-list", kwargs={"org": org.slug})),
        ("API periods", f"/api/v1/organisations/{org.slug}/followup/periods"),
    ):
        ms, queries = bench(path)
        print(f"{name}: {count} periods ({size:.2f} MB snapshots), {ms:.1f} ms, {queries} queries")
    opened = FollowUpPeriod.objects.filter(status="open").first()
    if opened is not None and "--close" in sys.argv:
        services.period_close(access=access_for(member.user, org), period=opened)
        entry = AuditEntry.objects.get(event="followup.period_closed", object_id=str(opened.pk))
        print(f"closing a period: audit entry changes {len(json.dumps(entry.changes))} bytes")


if __name__ == "__main__":
    main()
