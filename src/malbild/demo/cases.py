"""Demo: a case (ärende) from motion to strategy, from the public record in seed `003_…`.

The record is Västervik's (protokollsutdrag KS 2017-10-16 § 332, Dnr 2017/137-109); it is
loaded into the Alingsås demo organisation, as the example of how a councillor's motion
becomes an assignment, a proposal, a council decision and a steering document. The case's
description says where it comes from.

From the seed, verbatim: the Dnr, the motion (Harald Hjalmarsson (M) for the moderate group,
10 April 2017, its text and what it asks for), the administration's statement of 3 October
2017 and its proposal ("förklara motionen … besvarad"), the executive board's proposal to
the council of 16 October 2017 § 332 ("att bifalla motionen").
ILLUSTRATIVE (not in the record): the day the administration was given the motion to prepare
(the day it came in, 2017-04-10), the council's decision (the record leaves "Kf §" blank: date
2017-11-27, no paragraph, outcome as the board proposed), the assignment it gives the board
and the link to the Alingsås vision as the strategy that followed.

Written through cases.services by the demo strategist (validated and audited). Idempotent:
nothing happens when the case's Dnr already exists.
"""

import datetime
from typing import TextIO

from django.db import transaction

from malbild.accounts.models import User
from malbild.cases import services
from malbild.cases.constants import AssignmentStatus, Outcome
from malbild.cases.models import Case
from malbild.core.access import access_for
from malbild.organisation.models import Body, Organisation
from malbild.strategy.models import SteeringDocument

from .alingsas import KF, KLK, KS, VISION_TITLE

DNR = "2017/137-109"
TITLE = "Motion om strategi för digitaliseringsarbete"
D = datetime.date

MOTION_TEXT = (
    "För att hålla jämna steg med en omvärld som förändras i allt snabbare takt behöver "
    "kommunen öka sin förmåga till digital förnyelse och skapa bättre förutsättningar för "
    "verksamheterna att använda digital teknik som stöd. Digitalisering är ett av de "
    "viktigaste verktygen för att kunna möta utmaningar inom områden som tillväxt, hållbarhet, "
    "välfärd, jämlikhet, trygghet och demokrati.\n\n"
    "För den moderata fullmäktigegruppen\nHarald Hjalmarsson (M)"
)
REQUEST = (
    "Att kommunstyrelsen ges i uppdrag att ta fram ett förslag till en digitaliseringsstrategi "
    "för Västerviks kommun."
)
STATEMENT = (
    "I svaret till den granskningsrapport om IT-verksamheten och informationssäkerhet som "
    "behandlades i KS 2017-06-05 och på KF 2017-09-27 behandlas bl.a. frågan om en "
    "digitaliseringsstrategi för kommunen. I svaret står att en digital utvecklingsgrupp för "
    "hela kommunen ska sättas samman samt att en digital utvecklingsledare (strateg) ska "
    "rekryteras under hösten 2017.\n\n"
    "Den digitala utvecklingsgruppen, där den digitala utvecklingsledaren ingår, har som ett av "
    "sina uppdrag att ta fram en digital strategi för hela kommunen. Gruppen kommer att ha sitt "
    "första möte under oktober/november 2017 och arbetet med en digitaliseringsstrategi för "
    "hela kommunen bör kunna starta under början av 2018.\n\n"
    "Inom delar av den kommunala verksamheten finns det idag digitala utvecklingsplaner/"
    "strategier. Inom förskolan och grundskolan finns en digital strategi antagen, "
    "gymnasieskolan har en digital agenda."
)
ADMINISTRATION_PROPOSAL = (
    "Kommunstyrelsen föreslår kommunfullmäktige besluta att med hänvisning till "
    "kommunstyrelsens förvaltnings skrivelse 3 oktober 2017 förklara motionen om strategi för "
    "digitaliseringsarbete besvarad."
)
BOARD_PROPOSAL = (
    "Ordföranden yrkar bifall till motionen och finner att kommunstyrelsen bifallit sitt eget "
    "yrkande.\n\nKommunstyrelsen föreslår kommunfullmäktige besluta att bifalla motionen om "
    "strategi för digitaliseringsarbete."
)


def load(*, stdout: TextIO) -> bool:
    """Load the motion case into Alingsås; False when skipped."""
    org = Organisation.objects.filter(slug="alingsas").first()
    strategist = User.objects.filter(username="alingsas-strateg").first()
    if org is None or strategist is None:
        stdout.write("Cases demo: the Alingsås organisation is missing, skipped.\n")
        return False
    if Case.objects.for_org(org).filter(registry_number=DNR).exists():
        stdout.write("Cases demo: already present, skipped.\n")
        return False
    with transaction.atomic():
        _load(access_for(strategist, org), org)
    stdout.write(f"Cases demo: the case {DNR} “{TITLE}” loaded (seed 003).\n")
    return True


def _load(access, org) -> Case:
    bodies = {b.name: b for b in Body.objects.for_org(org)}
    kf, ks, administration = bodies[KF], bodies[KS], bodies[KLK]
    vision = SteeringDocument.objects.for_org(org).filter(title=VISION_TITLE).first()
    case = services.case_create(
        access=access,
        data={
            "registry_number": DNR,
            "title": TITLE,
            "description": (
                "Ärendet kommer från Västerviks kommun (protokollsutdrag KS 2017-10-16 § 332) "
                "och visas här som exempel på hur en motion leder till ett uppdrag, ett förslag "
                "till beslut, ett beslut i fullmäktige och en strategi."
            ),
            "responsible_body": ks,
            "documents": [vision] if vision else [],
        },
    )
    services.motion_create(
        access=access,
        case=case,
        data={
            "title": "Strategi för digitaliseringsarbete",
            "author": "Harald Hjalmarsson",
            "party": "M",
            "date": D(2017, 4, 10),
            "request": REQUEST,
            "text": MOTION_TEXT,
        },
    )
    services.assignment_create(
        access=access,
        case=case,
        data={
            "date": D(2017, 4, 10),
            "assigned_to": administration,
            "description": "Bereda motionen och lämna ett yttrande till kommunstyrelsen.",
            "status": AssignmentStatus.REPORTED,
            "reported_on": D(2017, 10, 3),
            "report": "Kommunstyrelsens förvaltnings skrivelse 3 oktober 2017.\n\n" + STATEMENT,
        },
    )
    services.proposal_create(
        access=access,
        case=case,
        data={
            "date": D(2017, 10, 3),
            "from_body": administration,
            "to_body": ks,
            "proposed_outcome": Outcome.ANSWERED,
            "text": ADMINISTRATION_PROPOSAL,
        },
    )
    services.proposal_create(
        access=access,
        case=case,
        data={
            "date": D(2017, 10, 16),
            "from_body": ks,
            "to_body": kf,
            "paragraph": "332",
            "proposed_outcome": Outcome.APPROVED,
            "text": BOARD_PROPOSAL,
        },
    )
    link = services.case_decision_add(
        access=access,
        case=case,
        outcome=Outcome.APPROVED,
        decision_data={
            "body": kf,
            "kind": "other",
            "date": D(2017, 11, 27),
            "paragraph": "",
            "title": TITLE,
            "text": "Kommunfullmäktige beslutar att bifalla motionen om strategi för "
            "digitaliseringsarbete.",
            "document": None,
        },
    )
    services.assignment_create(
        access=access,
        case=case,
        data={
            "date": D(2017, 11, 27),
            "decision": link.decision,
            "assigned_to": ks,
            "description": "Ta fram ett förslag till en digitaliseringsstrategi.",
            "status": AssignmentStatus.ONGOING,
        },
    )
    return services.case_transition(access=access, case=case, status="decided")
