"""Compare the stored size and read time of an organisation's frozen snapshots with their
compact form (docs/adr/0024-compact-stored-snapshots.md, docs/performance.md "Storage"):
the largest version and the largest and smallest closed period, each re-encoded in memory
(`encode(upgrade(stored))`, checked to read back the same). Read-only: nothing is written.

    PYTHONPATH=src DATABASE_URL=sqlite:////tmp/kk.sqlite3 \\
        python scripts/measure_snapshot_sizes.py [slug]
"""

import json
import os
import sys
import time

import django


def _size(value) -> int:
    """Bytes as Django's JSONField writes the value (json.dumps with its defaults)."""
    return len(json.dumps(value).encode())


def _compact_size(value) -> int:
    return len(_text(value).encode())


def _text(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _best(f, rounds: int = 7) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "malbild.conf.test")
    django.setup()
    from malbild.followup import snapshot as period_format
    from malbild.followup.models import FollowUpPeriod
    from malbild.organisation.models import Organisation
    from malbild.strategy.models import DocumentVersion
    from malbild.strategy.snapshot import schema as document_format

    slug = sys.argv[1] if len(sys.argv) > 1 else "bench-kommunkoncern-16x"
    org = Organisation.objects.get(slug=slug)
    versions = sorted(DocumentVersion.objects.for_org(org), key=lambda v: -len(_text(v.snapshot)))[
        :1
    ]
    periods = sorted(
        FollowUpPeriod.objects.for_org(org).filter(snapshot__isnull=False),
        key=lambda p: -len(_text(p.snapshot)),
    )
    for name, module, rows in (
        ("version", document_format, versions),
        ("period", period_format, periods[:1] + periods[-1:] if len(periods) > 1 else periods),
    ):
        for row in rows:
            text = _text(row.snapshot)
            read = module.upgrade(json.loads(text))
            compact = module.encode(read)
            assert module.upgrade(json.loads(_text(compact))) == read
            compact_text = _text(compact)
            before, after = _size(row.snapshot), _size(compact)
            tight = _compact_size(row.snapshot), _compact_size(compact)
            read_before = _best(lambda: module.upgrade(json.loads(text)))  # noqa: B023
            read_after = _best(lambda: module.upgrade(json.loads(compact_text)))  # noqa: B023
            encode = _best(lambda: module.encode(read), 3)  # noqa: B023
            print(
                f"{name} {row.pk} (stored format {row.snapshot.get('format')}): "
                f"as stored {before:,} B -> {after:,} B ({after / before:.0%}), "
                f"as compact UTF-8 JSON {tight[0]:,} B -> {tight[1]:,} B "
                f"({tight[1] / tight[0]:.0%}); "
                f"read {read_before * 1000:.1f} ms -> {read_after * 1000:.1f} ms; "
                f"encode {encode * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
