"""`malbild generate` (`python manage.py generate`): organisations of realistic size for
benchmarks and trials, deterministic for a seed (malbild/demo/generate.py,
docs/performance.md). Refuses a slug that exists."""

import time

from django.core.management.base import BaseCommand, CommandError

from malbild.demo.generate import (
    NATIONAL_ORGANISATIONS,
    SCALES,
    GenerateError,
    generate,
    generate_national,
    scale_for,
)


class Command(BaseCommand):
    help = (
        "Generate one organisation of realistic size (bodies, a strategy, an action plan and "
        "committee and company plans, indicators, activities with budgets, a consultation "
        "round, follow-up periods), or with --scale national 290 smaller ones in one "
        "database. Refuses a slug that exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="kommunkoncern")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--slug",
            default="",
            help="Short name in addresses (default generated-<scale>; national: a prefix).",
        )
        parser.add_argument("--name", default="", help="The organisation's name.")
        parser.add_argument(
            "--activities-factor",
            type=int,
            default=1,
            help="Multiply the scale's activities (the benchmarks use 1, 4 and 16).",
        )
        parser.add_argument("--activities", type=int, help="Activities (before the factor).")
        parser.add_argument("--indicators", type=int, help="Indicators.")
        parser.add_argument("--responses", type=int, help="Consultation responses.")
        parser.add_argument("--comments-per-response", type=int, help="Comments per response.")
        parser.add_argument(
            "--organisations",
            type=int,
            default=NATIONAL_ORGANISATIONS,
            help=f"With --scale national: how many (default {NATIONAL_ORGANISATIONS}).",
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            shape = scale_for(
                options["scale"],
                activities_factor=options["activities_factor"],
                activities=options["activities"],
                indicators=options["indicators"],
                responses=options["responses"],
                comments_per_response=options["comments_per_response"],
            )
            if options["scale"] == "national":
                orgs, counts = generate_national(
                    scale=shape,
                    organisations=options["organisations"],
                    seed=options["seed"],
                    slug=options["slug"],
                    progress=self._progress(options["organisations"]),
                )
                what = f"{len(orgs)} organisations ({orgs[0].slug} … {orgs[-1].slug})"
                if len(orgs) == 1:
                    what = f"{orgs[0].name} ({orgs[0].slug})"
            else:
                org, counts = generate(
                    scale=shape,
                    seed=options["seed"],
                    slug=options["slug"] or f"generated-{options['scale']}",
                    name=options["name"] or _default_name(options["scale"]),
                )
                what = f"{org.name} ({org.slug})"
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        self.stdout.write(f"{what}: generated in {seconds:.1f} s – {summary}.\n")

    def _progress(self, total: int):
        def progress(n, org):
            if n % 10 == 0 or n == total:
                self.stderr.write(f"  {n}/{total} organisations ({org.slug})\n")

        return progress


def _default_name(scale: str) -> str:
    return "Storstads kommunkoncern" if scale == "kommunkoncern" else "Småstads kommun"
