"""`malbild setup`: create the first organisation and its first administrator.

Asks for what is not given as an option; `--no-input` takes only the options and fails with
a clear message for what is missing. Refuses a slug that is already taken."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from malbild.accounts.models import User
from malbild.accounts.services import setup_instance
from malbild.organisation.models import Organisation

FIELD_LABELS = {
    "name": "--name",
    "slug": "--slug",
    "kolada_id": "--kolada-id",
    "population": "--population",
    "username": "--admin-username",
    "password": "--admin-password",
    "email": "--admin-email",
}


class Command(BaseCommand):
    help = "Create the first organisation (municipality or region) and its first administrator."

    def add_arguments(self, parser):
        parser.add_argument("--name", help="The organisation's name, e.g. 'Alingsås kommun'.")
        parser.add_argument("--slug", help="Short name used in addresses, e.g. 'alingsas'.")
        parser.add_argument("--kolada-id", default=None, help="Kolada municipality id, e.g. 1489.")
        parser.add_argument("--population", default=None, help="Number of inhabitants.")
        parser.add_argument("--admin-username", help="Username of the first administrator.")
        parser.add_argument("--admin-password", help="Password of the first administrator.")
        parser.add_argument("--admin-email", default=None, help="E-mail of the administrator.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not prompt; every required value must be given as an option.",
        )

    def handle(self, *args, **opts):
        self.interactive = opts["interactive"]
        name = self._value(opts["name"], "Organisation name", "--name", required=True)
        slug = self._value(
            opts["slug"],
            "Short name (in addresses)",
            "--slug",
            required=True,
            default=slugify(name),
        )
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(
                f"An organisation with the slug '{slug}' already exists. Choose another --slug."
            )
        kolada_id = self._value(
            opts["kolada_id"], "Kolada municipality id (4 digits)", "--kolada-id"
        )
        population = self._population(self._value(opts["population"], "Population", "--population"))
        username = self._value(
            opts["admin_username"], "Administrator username", "--admin-username", required=True
        )
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(
                f"A user named '{username}' already exists. Choose another --admin-username."
            )
        email = self._value(opts["admin_email"], "Administrator e-mail", "--admin-email")
        password = opts["admin_password"] or self._password()
        try:
            result = setup_instance(
                name=name,
                slug=slug,
                kolada_id=kolada_id,
                population=population,
                admin_username=username,
                admin_password=password,
                admin_email=email,
            )
        except ValidationError as exc:
            raise CommandError(self._format(exc)) from exc
        org, admin = result["organisation"], result["admin"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the organisation '{org.name}' (/o/{org.slug}/) "
                f"with the administrator '{admin.username}'."
            )
        )

    def _value(self, given, prompt, flag, *, required=False, default=""):
        """An option's value, else (interactively) an answer, else the default."""
        if given is not None and str(given).strip():
            return str(given).strip()
        if not self.interactive:
            if required and not default:
                raise CommandError(f"{flag} is required with --no-input.")
            return default
        suffix = f" [{default}]" if default else ""
        while True:
            answer = input(f"{prompt}{suffix}: ").strip()
            if answer:
                return answer
            if default or not required:
                return default
            self.stderr.write(f"{prompt} is required.")

    def _password(self) -> str:
        if not self.interactive:
            raise CommandError("--admin-password is required with --no-input.")
        while True:
            first = getpass.getpass("Administrator password: ")
            second = getpass.getpass("Administrator password (again): ")
            if not first:
                self.stderr.write("The password cannot be empty.")
            elif first != second:
                self.stderr.write("The passwords do not match.")
            else:
                return first

    @staticmethod
    def _population(raw: str) -> int | None:
        if raw in (None, ""):
            return None
        try:
            value = int(str(raw).replace(" ", "").replace("\u00a0", ""))
        except ValueError as exc:
            raise CommandError(f"--population must be a whole number, not '{raw}'.") from exc
        if value < 0:
            raise CommandError("--population cannot be negative.")
        return value

    @staticmethod
    def _format(exc: ValidationError) -> str:
        if hasattr(exc, "error_dict"):
            lines = [
                f"{FIELD_LABELS.get(field, field)}: {' '.join(messages)}"
                for field, messages in exc.message_dict.items()
            ]
            return "Nothing was created. " + "; ".join(lines)
        return "Nothing was created. " + " ".join(exc.messages)
