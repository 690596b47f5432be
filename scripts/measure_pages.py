"""Time the long pages of issue #11 (the document page, the consultation handling page and
summary, the decision list, the version pages) on a database made by `malbild generate`
(docs/performance.md): per page the HTML size, the median of 3 requests after one warm-up
(Django test client, a strategist) and the number of queries. Read-only.

    PYTHONPATH=src DATABASE_URL=sqlite:////tmp/kk.sqlite3 \\
        python scripts/measure_pages.py [slug] [extra query string for every page …]
"""

import os
import statistics
import sys
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malbild.conf.test")
    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from malbild.accounts.models import Membership
    from malbild.consultation.models import ConsultationRound
    from malbild.organisation.models import Organisation
    from malbild.strategy.models import SteeringDocument

    slug = sys.argv[1] if len(sys.argv) > 1 else "generated-kommunkoncern"
    org = Organisation.objects.get(slug=slug)
    member = (
        Membership.objects.filter(organisation=org, role__in=("admin", "strategist"))
        .select_related("user")
        .first()
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(member.user)
    docs = SteeringDocument.objects.filter(organisation=org).annotate(n=Count("activities"))
    biggest = docs.order_by("-n").first()
    versioned = docs.annotate(v=Count("versions")).order_by("-v").first()
    round_ = ConsultationRound.objects.filter(organisation=org).first()

    def url(name, **kw):
        return reverse(name, kwargs={"org": org.slug, **kw})

    pages = [
        (f"document page ({biggest.n} activities)", url("strategy:document-detail", pk=biggest.pk)),
        ("consultation handling page", url("consultation:handling", pk=round_.pk)),
        ("consultation summary page", url("consultation:summary", pk=round_.pk)),
        ("decision list", url("strategy:decision-list")),
        ("version list", url("strategy:version-list", pk=versioned.pk)),
        ("version 1", url("strategy:version-detail", pk=versioned.pk, number=1)),
        (
            "compare v1 ↔ working copy",
            url("strategy:version-compare", pk=versioned.pk) + "?a=1&b=current",
        ),
    ]
    pages += [(f"extra {p}", p) for p in sys.argv[2:]]
    for name, path in pages:
        client.get(path)
        times = []
        for _ in range(3):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        kb = len(response.content) / 1000
        ms = statistics.median(times)
        print(f"{name}: {kb:,.0f} kB, {ms:,.0f} ms, {len(ctx.captured_queries)} queries  {path}")


if __name__ == "__main__":
    main()
