"""Load the demo organisations through the domain services (validated and audited).

Each organisation is loaded in one transaction and skipped when its slug exists, so running
`malbild demo` again changes nothing. Accounts are created when missing and reused otherwise
(`demo-admin` belongs to both organisations). Every write goes through the same services the
web interface and the API use, with the access of a demo account, so the audit log shows who
entered what: the admin sets up roles and bodies, the strategist the documents, the editor the
culture committee's own activities.
"""

import datetime
import importlib
import importlib.util
from decimal import Decimal
from types import ModuleType
from typing import Any, TextIO

from django.db import transaction

from malbild.accounts.models import User
from malbild.accounts.services import membership_set, user_create
from malbild.actionplan.services import activity_create, budget_line_create
from malbild.catalogue.services import catalogue_item_create
from malbild.core.access import Access, access_for
from malbild.core.audit import audit_record
from malbild.organisation.models import Organisation
from malbild.organisation.services import body_create, organisation_create
from malbild.strategy.services import (
    decision_create,
    document_create,
    document_transition,
    focus_area_create,
    goal_create,
    indicator_create,
    indicator_target_set,
    overall_goal_create,
    section_create,
    version_freeze,
)

from . import ACCOUNTS, EXTENSIONS, PASSWORD, alingsas, kristianstad

ORGANISATIONS: tuple[ModuleType, ...] = (alingsas, kristianstad)


@transaction.atomic
def demo_user(*, username: str, organisation: Organisation) -> User:
    """The demo account `username`: created with the demo password when missing.

    The demo password is set with `set_password` directly (bypassing the password validators,
    which would reject a well-known password) and the change is audited.
    """
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    user = user_create(actor=None, username=username, password=None, organisation=organisation)
    user.set_password(PASSWORD)
    # A reserved domain (RFC 2606): the demo's outbox shows whom each e-mail was for.
    user.email = f"{username}@{organisation.slug}.example"
    user.save(update_fields=["password", "email"])
    audit_record(
        actor=None,
        instance=user,
        action="update",
        changes={"password": [None, "***"]},
        message="malbild demo: demo password set",
        organisation=organisation,
    )
    return user


class _OrganisationLoader:
    """Loads one data module (`alingsas`, `kristianstad`) into a new organisation."""

    def __init__(self, data: ModuleType):
        self.data = data
        self.users: dict[str, User] = {}
        self.bodies: dict[str, Any] = {}
        self.catalogue: dict[str, Any] = {}
        self.documents: dict[str, Any] = {}
        # document key → (focus areas by number, goals by key) its items may serve: its own,
        # or those of the nearest document above it that has focus areas.
        self.tree: dict[str, tuple[dict, dict]] = {}
        self.overall_goals: dict[str, Any] = {}
        self.counts: dict[str, int] = {}

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def access(self, username: str) -> Access:
        return access_for(self.users[username], self.org)

    def load(self) -> Organisation:
        data = self.data
        self.org = organisation_create(actor=None, data=dict(data.ORGANISATION))
        self.load_accounts()
        admin = self.access("demo-admin")
        self.load_bodies(admin)
        self.load_memberships(admin, with_bodies=True)
        strategist = self.access(data.STRATEGIST)
        self.load_catalogue(strategist)
        for spec in data.DOCUMENTS:
            self.load_document(strategist, spec)
        self.load_decisions(strategist)
        for spec in data.DOCUMENTS:
            self.finish_document(strategist, spec)
        return self.org

    # Accounts and bodies -------------------------------------------------------------------

    def load_accounts(self) -> None:
        for username, _role, _bodies in self.data.MEMBERSHIPS:
            self.users[username] = demo_user(username=username, organisation=self.org)
        # The first admin is given its role by the system (as `malbild setup` does) …
        membership_set(
            access=None, user=self.users["demo-admin"], organisation=self.org, role="admin"
        )
        self.count("memberships")
        admin = self.access("demo-admin")
        # … and gives the other roles that need no bodies.
        self.load_memberships(admin, with_bodies=False)

    def load_memberships(self, admin: Access, *, with_bodies: bool) -> None:
        for username, role, body_names in self.data.MEMBERSHIPS:
            if role == "admin" or bool(body_names) != with_bodies:
                continue
            membership_set(
                access=admin,
                user=self.users[username],
                organisation=self.org,
                role=role,
                bodies=[self.bodies[name] for name in body_names],
            )
            self.count("memberships")

    def load_bodies(self, admin: Access) -> None:
        for name, short_name, kind, parent in self.data.BODIES:
            self.bodies[name] = body_create(
                access=admin,
                data={
                    "name": name,
                    "short_name": short_name,
                    "kind": kind,
                    "parent": self.bodies[parent] if parent else None,
                },
            )
            self.count("bodies")

    def load_catalogue(self, access: Access) -> None:
        for spec in getattr(self.data, "CATALOGUE", []):
            data = {k: v for k, v in spec.items() if k != "owning_body"}
            data["owning_body"] = self.bodies[spec["owning_body"]]
            self.catalogue[spec["name"]] = catalogue_item_create(access=access, data=data)
            self.count("catalogue items")

    # Documents -----------------------------------------------------------------------------

    def load_document(self, access: Access, spec: dict) -> None:
        document = document_create(
            access=access,
            data={
                "kind": spec["kind"],
                "title": spec["title"],
                "summary": spec["summary"],
                "period_start": spec["period_start"],
                "period_end": spec["period_end"],
                "parent": self.documents[spec["parent"]] if spec["parent"] else None,
                "owning_body": self.bodies[spec["owning_body"]],
                "process_owner": spec["process_owner"],
                "registry_number": spec["registry_number"],
            },
        )
        self.documents[spec["key"]] = document
        self.count("documents")
        for order, (heading, body) in enumerate(spec["sections"], start=1):
            section_create(
                access=access,
                document=document,
                data={"order": order, "heading": heading, "body": body},
            )
            self.count("sections")
        for order, goal in enumerate(spec["overall_goals"], start=1):
            self.overall_goals[goal["key"]] = overall_goal_create(
                access=access,
                document=document,
                data={"order": order, "title": goal["title"], "description": goal["description"]},
            )
            self.count("overall goals")
        focus_areas, goals = self.load_focus_areas(access, document, spec["focus_areas"])
        if not focus_areas and spec["parent"]:
            focus_areas, goals = self.tree[spec["parent"]]  # inherited, any depth
        self.tree[spec["key"]] = (focus_areas, goals)
        self.load_indicators(access, document, spec["indicators"], focus_areas, goals)
        self.load_activities(document, spec["activities"], focus_areas, goals)

    def load_focus_areas(self, access, document, specs) -> tuple[dict, dict]:
        focus_areas: dict[str, Any] = {}
        goals: dict[str, Any] = {}
        for order, (number, title, goal_text, description, goal_keys, goal_specs) in enumerate(
            specs, start=1
        ):
            area = focus_area_create(
                access=access,
                document=document,
                data={
                    "order": order,
                    "number": number,
                    "title": title,
                    "goal_text": goal_text,
                    "description": description,
                },
                m2m={"overall_goals": [self.overall_goals[k] for k in goal_keys]},
            )
            focus_areas[number] = area
            self.count("focus areas")
            for goal_order, (key, goal_title) in enumerate(goal_specs, start=1):
                goals[key] = goal_create(
                    access=access,
                    focus_area=area,
                    data={"order": goal_order, "title": goal_title},
                )
                self.count("goals")
        return focus_areas, goals

    def load_indicators(self, access, document, specs, focus_areas, goals) -> None:
        default_body = getattr(self.data, "INDICATOR_BODY", None)
        for order, spec in enumerate(specs, start=1):
            baseline_value, baseline_year = spec.get("baseline", (None, None))
            body_name = spec.get("responsible_body", default_body)
            eservice = spec.get("eservice")
            indicator = indicator_create(
                access=access,
                document=document,
                data={
                    "order": order,
                    "name": spec["name"],
                    "definition": spec.get("definition", ""),
                    "unit": spec.get("unit", ""),
                    "direction": spec.get("direction", "increase"),
                    "kind": spec.get("kind", "quantitative"),
                    "measure_type": spec.get("measure_type", "count"),
                    "baseline_value": Decimal(baseline_value) if baseline_value else None,
                    "baseline_year": baseline_year,
                    "source": spec.get("source", "manual"),
                    "kolada_kpi": spec.get("kolada_kpi", ""),
                    "eservice": self.catalogue[eservice] if eservice else None,
                    "responsible_body": self.bodies[body_name] if body_name else None,
                },
                m2m={
                    "focus_areas": [focus_areas[k] for k in spec.get("focus_areas", [])],
                    "goals": [goals[k] for k in spec.get("goals", [])],
                },
            )
            self.count("indicators")
            for year, value, text in spec.get("targets", []):
                indicator_target_set(
                    access=access,
                    indicator=indicator,
                    year=year,
                    value=Decimal(value) if value is not None else None,
                    text=text,
                )
                self.count("targets")

    def load_activities(self, document, specs, focus_areas, goals) -> None:
        for spec in specs:
            access = self.access(spec["entered_by"])
            start_year, end_year = spec["years"]
            activity = activity_create(
                access=access,
                document=document,
                data={
                    "number": spec["number"],
                    "title": spec["title"],
                    "description": spec.get("description", ""),
                    "responsible_body": self.bodies[spec["responsible_body"]],
                    "start_year": start_year,
                    "end_year": end_year,
                    "status": spec["status"],
                    "priority": spec.get("priority", "medium"),
                },
                m2m={
                    "focus_areas": [focus_areas[k] for k in spec.get("focus_areas", [])],
                    "goals": [goals[k] for k in spec.get("goals", [])],
                    "co_responsible_bodies": [
                        self.bodies[name] for name in spec.get("co_responsible", [])
                    ],
                    "catalogue_items": [self.catalogue[name] for name in spec.get("catalogue", [])],
                },
            )
            self.count("activities")
            for year, kind, amount, source in spec.get("budget", []):
                budget_line_create(
                    access=access,
                    activity=activity,
                    data={
                        "year": year,
                        "kind": kind,
                        "amount": Decimal(amount),
                        "financing_source": source,
                    },
                )
                self.count("budget lines")

    def load_decisions(self, access: Access) -> None:
        for spec in self.data.DECISIONS:
            names = spec["distribution"]
            if names == "CONSULTEES":
                names = self.data.CONSULTEES
            decision_create(
                access=access,
                data={
                    "body": self.bodies[spec["body"]],
                    "kind": spec["kind"],
                    "date": datetime.date.fromisoformat(spec["date"]),
                    "paragraph": spec["paragraph"],
                    "registry_number": spec["registry_number"],
                    "title": spec["title"],
                    "text": spec["text"],
                    "document": self.documents[spec["document"]] if spec["document"] else None,
                },
                m2m={"distribution": [self.bodies[name] for name in names]},
            )
            self.count("decisions")

    def finish_document(self, access: Access, spec: dict) -> None:
        """Adopt and freeze where the data says so (Kristianstad's agenda)."""
        document = self.documents[spec["key"]]
        if spec.get("adopt"):
            document = document_transition(
                access=access,
                document=document,
                status="adopted",
                message="malbild demo",
            )
            self.documents[spec["key"]] = document
        if spec.get("version_label"):
            version_freeze(access=access, document=document, label=spec["version_label"])
            self.count("versions")


def load_organisation(data: ModuleType, *, stdout: TextIO) -> bool:
    """Load one organisation in one transaction; False (and nothing written) if it exists."""
    name, slug = data.ORGANISATION["name"], data.ORGANISATION["slug"]
    if Organisation.objects.filter(slug=slug).exists():
        stdout.write(f"{name} ({slug}): already present, skipped.\n")
        return False
    loader = _OrganisationLoader(data)
    with transaction.atomic():
        loader.load()
    summary = ", ".join(f"{n} {what}" for what, n in loader.counts.items())
    stdout.write(f"{name} ({slug}): loaded – {summary}.\n")
    return True


def run_extensions(*, stdout: TextIO, modules: tuple[str, ...] = EXTENSIONS) -> list[str]:
    """Call `load(stdout=…)` of each extension module that exists; return those called."""
    called = []
    for name in modules:
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            continue
        module = importlib.import_module(name)
        module.load(stdout=stdout)
        called.append(name)
    return called


def load_all(*, stdout: TextIO, extensions: bool = True) -> dict[str, bool]:
    """Load every demo organisation, then the extensions; slug → whether it was loaded now."""
    loaded = {
        data.ORGANISATION["slug"]: load_organisation(data, stdout=stdout) for data in ORGANISATIONS
    }
    if extensions:
        run_extensions(stdout=stdout)
    return loaded


def accounts_text() -> str:
    """The demo accounts as printed at the end of `malbild demo`."""
    width = max(len(username) for username, _ in ACCOUNTS)
    lines = [f"Demo accounts (password: {PASSWORD}):"]
    lines += [f"  {username.ljust(width)}  {description}" for username, description in ACCOUNTS]
    return "\n".join(lines) + "\n"
