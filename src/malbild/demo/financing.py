"""Demo: cost allocation and a shared project (issue #15 §3–4).

1. **The strategic IT council's budget, by a surcharge per leased computer** (Kristianstad).
   From the seed `004_…` §7.2, verbatim in substance: "Strategiska IT-rådet disponerar en liten
   budget för att kunna beställa förstudier och liknande … Budgeten tillkommer genom att en
   summa läggs på varje dator IT-avdelningen hyr ut." ILLUSTRATIVE (not in the record): the
   amount (100 kr per computer and year), the years 2019–2020, the three administrations that
   lease computers besides Kommunledningskontoret (added as bodies under Kommunstyrelsen) and
   the number of computers of each.
2. **A shared e-archive split by population** (Alingsås owns it; Kristianstad is invited and
   accepts; Vimmerby and Hultsfred take part as external parties with their populations, as
   the Cesam Öst / Sambruk style collaborations do). From the seeds: Alingsås' e-archive
   activity (`002_…`: "Vi vill trycka på vikten av ett e-arkiv") and Kristianstad's agenda
   §5.2 "När det gäller projekt där flera kommuner deltar brukar invånarantalet vara grund
   för kostnadsfördelningen". ILLUSTRATIVE: the project itself, its cost (2 000 000 kr a year
   in 2019–2020), the participants, and the populations, rounded: Alingsås 42 000 and
   Kristianstad 86 000 (their organisation records), Vimmerby 15 500, Hultsfred 14 000.

Written through financing.services by the demo strategists and admin (validated, audited, the
invitation and the answer mailed through the outbox). Idempotent: each part is skipped when
its project or rule already exists.
"""

import datetime
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from malbild.accounts.models import User
from malbild.actionplan.models import Activity
from malbild.core.access import access_for
from malbild.financing import services
from malbild.financing.constants import AllocationRule
from malbild.financing.models import CostAllocation, Participant, SharedProject
from malbild.organisation.models import Body, Organisation
from malbild.organisation.services import body_create

from . import kristianstad
from .outbox import outbox_mark, sent_since

COUNCIL_RULE = "Strategiska IT-rådets budget (påslag per dator)"
DEVICE_PRICE = Decimal(100)
#: Administrations that lease computers from the IT department (ILLUSTRATIVE, except KLK).
ADMINISTRATIONS = [
    ("Barn- och utbildningsförvaltningen", "BUF"),
    ("Omsorgsförvaltningen", ""),
    ("C4 Teknik", ""),
]
#: Computers per body and year (ILLUSTRATIVE).
COMPUTERS = {
    kristianstad.KLK: {2019: 320, 2020: 330},
    "Barn- och utbildningsförvaltningen": {2019: 2150, 2020: 2300},
    "Omsorgsförvaltningen": {2019: 980, 2020: 1010},
    "C4 Teknik": {2019: 410, 2020: 420},
}

PROJECT_TITLE = "Gemensamt e-arkiv i samverkan"
PROJECT_DESCRIPTION = (
    "Ett gemensamt e-arkiv för slutarkivering av digitala handlingar, upphandlat och förvaltat "
    "tillsammans med andra kommuner. Kostnaden fördelas efter invånarantal, som Kristianstads "
    "digitala agenda (5.2) beskriver för projekt där flera kommuner deltar."
)
PROJECT_COST = Decimal(2_000_000)
EXTERNAL = [("Vimmerby kommun", 15_500), ("Hultsfreds kommun", 14_000)]


def load(*, stdout: TextIO) -> bool:
    """Load both parts; False when both were skipped."""
    council = _load_council(stdout)
    project = _load_project(stdout)
    return council or project


def _user(username: str):
    return User.objects.filter(username=username).first()


def _load_council(stdout: TextIO) -> bool:
    org = Organisation.objects.filter(slug="kristianstad").first()
    strategist, admin = _user(kristianstad.STRATEGIST), _user("demo-admin")
    if org is None or strategist is None or admin is None:
        stdout.write("Financing demo: Kristianstad is missing, skipped.\n")
        return False
    if CostAllocation.objects.for_org(org).filter(title=COUNCIL_RULE).exists():
        stdout.write("Financing demo: the IT council's surcharge is present, skipped.\n")
        return False
    with transaction.atomic():
        bodies = {b.name: b for b in Body.objects.for_org(org)}
        admin_access = access_for(admin, org)
        for name, short_name in ADMINISTRATIONS:
            if name not in bodies:
                bodies[name] = body_create(
                    access=admin_access,
                    data={
                        "name": name,
                        "short_name": short_name,
                        "kind": "administration",
                        "parent": bodies[kristianstad.KS],
                    },
                )
        access = access_for(strategist, org)
        rule = services.allocation_create(
            access=access,
            data={
                "title": COUNCIL_RULE,
                "description": (
                    "Strategiska IT-rådet disponerar en liten budget för att kunna beställa "
                    "förstudier och liknande som är av strategisk och verksamhetsövergripande "
                    "karaktär. Budgeten tillkommer genom att en summa läggs på varje dator "
                    "IT-avdelningen hyr ut (Kristianstad e-kommun 2020, 7.2)."
                ),
                "rule": AllocationRule.DEVICE,
                "device_price": DEVICE_PRICE,
                "start_year": 2019,
                "end_year": 2020,
            },
        )
        for name, years in COMPUTERS.items():
            for year, devices in years.items():
                services.device_count_set(
                    access=access, allocation=rule, body=bodies[name], year=year, devices=devices
                )
    stdout.write(f"Financing demo: “{COUNCIL_RULE}” loaded into Kristianstad.\n")
    return True


def _load_project(stdout: TextIO) -> bool:
    owner = Organisation.objects.filter(slug="alingsas").first()
    member = Organisation.objects.filter(slug="kristianstad").first()
    owner_user, member_user = _user("alingsas-strateg"), _user(kristianstad.STRATEGIST)
    if None in (owner, member, owner_user, member_user):
        stdout.write("Financing demo: Alingsås or Kristianstad is missing, skipped.\n")
        return False
    if SharedProject.objects.for_org(owner).filter(title=PROJECT_TITLE).exists():
        stdout.write("Financing demo: the shared e-archive is present, skipped.\n")
        return False
    with transaction.atomic():
        mark = outbox_mark()
        access = access_for(owner_user, owner)
        activity = Activity.objects.for_org(owner).filter(title="E-arkiv").order_by("pk").first()
        project = services.shared_project_create(
            access=access,
            data={
                "title": PROJECT_TITLE,
                "description": PROJECT_DESCRIPTION,
                "activity": activity,
                "annual_amount": PROJECT_COST,
                "start_year": 2019,
                "end_year": 2020,
            },
        )
        invitation = services.participant_invite(access=access, project=project, member=member)
        for name, population in EXTERNAL:
            services.participant_add_external(
                access=access, project=project, name=name, population=population
            )
        member_access = access_for(member_user, member)
        services.participation_answer(
            access=member_access,
            participant=Participant.objects.addressed_to(member).get(pk=invitation.pk),
            accept=True,
        )
        # The invitation and the answer were mailed when the project began (not sent again).
        sent_since(mark, datetime.date(2019, 1, 15))
    stdout.write(f"Financing demo: “{PROJECT_TITLE}” loaded (Alingsås with Kristianstad).\n")
    return True
