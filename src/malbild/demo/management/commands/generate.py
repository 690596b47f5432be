"""`malbild generate` (`python manage.py generate`): one organisation of realistic size for
benchmarks and trials, deterministic for a seed (malbild/demo/generate.py,
docs/performance.md). Refuses a slug that exists."""

import time

from django.core.management.base import BaseCommand, CommandError

from malbild.demo.generate import SCALES, GenerateError, generate


class Command(BaseCommand):
    help = (
        "Generate one organisation of realistic size (bodies, a strategy, an action plan and "
        "committee and company plans, indicators, activities with budgets, a consultation "
        "round, follow-up periods). Refuses a slug that exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="kommunkoncern")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--slug", default="", help="Short name in addresses (default generated-<scale>)."
        )
        parser.add_argument("--name", default="", help="The organisation's name.")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            org, counts = generate(
                scale=options["scale"],
                seed=options["seed"],
                slug=options["slug"],
                name=options["name"],
            )
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        self.stdout.write(f"{org.name} ({org.slug}): generated in {seconds:.1f} s – {summary}.\n")
