"""Benefit calculations of the demo (issue #15 §1): Alingsås' e-archive (the activity
"E-arkiv" of the adopted plan) and Kristianstad's broadband expansion (the activity
"Bredbandsutbyggnad på landsbygden" under 5.9 Digital infrastruktur of the agenda, added here:
the agenda has no activities of its own). Each has the zero alternative and one option, costs
and benefits per year borne and received by several parties, with green, yellow and red
certainties and one line that is described rather than monetised. Both organisations set a
threshold, so the activity list flags the larger activities that still lack a calculation
("Nyttoberäkningar ska finnas för alla större investeringar").

ILLUSTRATIVE: the amounts are invented for the demo, in the size of the activities' budgets.
Idempotent: an activity that already has a calculation is left alone (a second run writes
nothing)."""

from decimal import Decimal
from typing import TextIO

from django.db import transaction

from malbild.accounts.models import User
from malbild.actionplan.models import Activity
from malbild.actionplan.services import activity_create, budget_line_create
from malbild.benefits import selectors as benefit_selectors
from malbild.benefits import services as benefit_services
from malbild.benefits.constants import PartyKind
from malbild.core.access import access_for
from malbild.organisation.models import Body, Organisation
from malbild.strategy.models import FocusArea, SteeringDocument

from . import alingsas, kristianstad

D = Decimal


def _years(first: int, last: int, amount) -> dict[int, Decimal]:
    return {y: D(amount) for y in range(first, last + 1)}


ALINGSAS = {
    "slug": "alingsas",
    "document": alingsas.PLAN_TITLE,
    "activity": "E-arkiv",
    "threshold": D(1000000),
    "calculation": {
        "title": "Gemensamt e-arkiv",
        "first_year": 2018,
        "years": 5,
        "discount_rate": D("3.5"),
        "notes": "Jämför ett upphandlat e-arkiv med fortsatt pappersarkiv. Beloppen i kronor, "
        "löpande priser; nyttan av tid räknad med 450 kr per timme.",
    },
    "zero": {
        "name": "Fortsatt pappersarkiv",
        "description": "Handlingar skrivs ut och arkiveras på papper som i dag.",
        "lines": [
            (
                "Arkivlokal och pappershantering",
                "cost",
                "operating",
                alingsas.KLK,
                "green",
                "Hyra för arkivlokalen och hantering av arkivboxar.",
                _years(2018, 2022, 350000),
            ),
            (
                "Manuell registrering och utlämning",
                "cost",
                "operating",
                alingsas.KLK,
                "yellow",
                "900 timmar om året à 450 kr, halva i registratur och halva i utlämning.",
                _years(2018, 2022, 200000),
            ),
        ],
    },
    "option": {
        "name": "Upphandlat e-arkiv",
        "description": "Ett gemensamt e-arkiv upphandlas 2018; verksamhetssystemen ansluts "
        "2019 och pappersarkivet krymper i takt med det.",
        "lines": [
            (
                "Upphandling och införande",
                "cost",
                "investment",
                alingsas.KLK,
                "green",
                "Enligt budgeten för åtgärden.",
                {2018: D(1200000)},
            ),
            (
                "Licens och drift",
                "cost",
                "operating",
                alingsas.KLK,
                "green",
                "Avtalets pris per år.",
                _years(2019, 2022, 300000),
            ),
            (
                "Anslutning av verksamhetssystem",
                "cost",
                "one_off",
                alingsas.SBK,
                "yellow",
                "Bygglovs- och ärendesystemen; leverantörens offert.",
                {2019: D(150000)},
            ),
            (
                "Kvarvarande pappersarkiv",
                "cost",
                "operating",
                alingsas.KLK,
                "green",
                "Äldre handlingar finns kvar på papper.",
                {
                    2018: D(350000),
                    2019: D(250000),
                    2020: D(150000),
                    2021: D(100000),
                    2022: D(100000),
                },
            ),
            (
                "Minskad tid för registrering och sökning",
                "benefit",
                "operating",
                alingsas.KLK,
                "yellow",
                "Hälften av registreringstiden försvinner när handlingar arkiveras "
                "direkt ur systemen.",
                {2019: D(100000), 2020: D(250000), 2021: D(250000), 2022: D(250000)},
            ),
            (
                "Snabbare utlämning av allmänna handlingar",
                "benefit",
                "operating",
                "residents",
                "yellow",
                "Invånarnas väntan och resor, 270 ärenden om året.",
                _years(2019, 2022, 120000),
            ),
            (
                "Färre förlorade handlingar",
                "benefit",
                "operating",
                alingsas.MSK,
                "red",
                "Uppskattat utifrån tidigare eftersökningar.",
                _years(2020, 2022, 50000),
            ),
        ],
        "described": [
            (
                "Handlingar bevaras enligt arkivlagen",
                "benefit",
                "operating",
                "residents",
                "green",
                "Digitala handlingar bevaras i ett e-arkiv i stället för att skrivas ut.",
                "% av nya digitala handlingar",
                D(90),
            ),
        ],
    },
}

KRISTIANSTAD = {
    "slug": "kristianstad",
    "document": kristianstad.TITLE,
    "activity": "Bredbandsutbyggnad på landsbygden",
    "threshold": D(5000000),
    "new_activity": {
        "number": "5.9.1",
        "description": "Kommunen medfinansierar fiber i ett öppet nät på landsbygden, så att "
        "hushåll och arbetsplatser kan ansluta sig till bredband om minst 100 Mbit/s.",
        "focus_area": "5.9",
        "years": (2016, 2018),
        "budget": [
            (2016, "investment", 3000000),
            (2017, "investment", 3000000),
            (2018, "investment", 2000000),
        ],
    },
    "calculation": {
        "title": "Fiber i ett öppet nät på landsbygden",
        "first_year": 2016,
        "years": 10,
        "discount_rate": D("3.5"),
        "notes": "Enligt Bredbandsstrategin. Nyttorna för invånare och företag är osäkra "
        "(röda) och prövas i känslighetsanalysen.",
    },
    "zero": {
        "name": "Ingen kommunal medfinansiering",
        "description": "Utbyggnaden lämnas åt marknaden; landsbygden behåller koppar och mobilt "
        "bredband.",
        "lines": [
            (
                "Kopparförbindelser till kommunens verksamheter",
                "cost",
                "operating",
                kristianstad.KS,
                "green",
                "Skolor och äldreboenden på landsbygden.",
                _years(2016, 2025, 400000),
            ),
        ],
    },
    "option": {
        "name": "Kommunal medfinansiering av fiber",
        "description": "Kommunen medfinansierar utbyggnaden 2016–2018 tillsammans med statligt "
        "stöd; byalagen gräver och hushållen betalar anslutningen.",
        "lines": [
            (
                "Medfinansiering av fiberutbyggnad",
                "cost",
                "investment",
                kristianstad.KS,
                "green",
                "Enligt budgeten för åtgärden.",
                {2016: D(3000000), 2017: D(3000000), 2018: D(2000000)},
            ),
            (
                "Statligt bredbandsstöd",
                "cost",
                "investment",
                "Jordbruksverket",
                "yellow",
                "Landsbygdsprogrammets stöd, beviljat för två etapper.",
                {2016: D(1000000), 2017: D(1000000)},
            ),
            (
                "Anslutningsavgifter",
                "cost",
                "one_off",
                "residents",
                "yellow",
                "600 hushåll à 5 000 kr.",
                {2017: D(1500000), 2018: D(1500000)},
            ),
            (
                "Bredbandssamordnare",
                "cost",
                "operating",
                kristianstad.KLK,
                "green",
                "En halvtid under utbyggnaden.",
                _years(2016, 2018, 300000),
            ),
            (
                "Förbindelser till kommunens verksamheter",
                "cost",
                "operating",
                kristianstad.KS,
                "green",
                "Koppar tills fibern är klar, sedan fiber.",
                {2016: D(400000), 2017: D(400000), **_years(2018, 2025, 150000)},
            ),
            (
                "Distansarbete och färre resor",
                "benefit",
                "operating",
                "residents",
                "red",
                "200 pendlare som arbetar hemma en dag i veckan.",
                _years(2018, 2025, 1200000),
            ),
            (
                "Nya etableringar och e-handel",
                "benefit",
                "operating",
                "businesses",
                "red",
                "Erfarenheter från kommuner som byggt ut tidigare.",
                _years(2019, 2025, 800000),
            ),
            (
                "Digitala trygghetslarm i hemtjänsten",
                "benefit",
                "operating",
                kristianstad.KS,
                "yellow",
                "Analoga larm byts mot digitala, färre utryckningar.",
                _years(2019, 2025, 300000),
            ),
        ],
        "described": [
            (
                "Attraktivare landsbygd",
                "benefit",
                "operating",
                "residents",
                "yellow",
                "Hushåll på landsbygden kan ansluta sig till snabbt bredband.",
                "% av hushållen med minst 100 Mbit/s",
                D(95),
            ),
        ],
    },
}

CALCULATIONS = (ALINGSAS, KRISTIANSTAD)


def load(*, stdout: TextIO) -> bool:
    """Add the demo's benefit calculations and thresholds; False when nothing was done."""
    admin = User.objects.filter(username="demo-admin").first()
    done = False
    for spec in CALCULATIONS:
        org = Organisation.objects.filter(slug=spec["slug"]).first()
        if org is None or admin is None:
            stdout.write(f"Benefit calculations demo: {spec['slug']} is missing, skipped.\n")
            continue
        access = access_for(admin, org)
        document = SteeringDocument.objects.for_org(org).filter(title=spec["document"]).first()
        if document is None:
            continue
        activity = (
            Activity.objects.for_org(org).filter(document=document, title=spec["activity"]).first()
        )
        if activity is not None and benefit_selectors.calculation_for_activity(activity):
            stdout.write(
                f"Benefit calculations demo: {org.name} already has its calculation, skipped.\n"
            )
            continue
        with transaction.atomic():
            if activity is None:
                activity = _activity(access, org, document, spec)
            _calculation(access, org, activity, spec)
            benefit_services.settings_update(access=access, budget_threshold=spec["threshold"])
        stdout.write(f"Benefit calculations demo: {org.name}: {activity}.\n")
        done = True
    return done


def _activity(access, org, document, spec) -> Activity:
    new = spec["new_activity"]
    area = FocusArea.objects.for_org(org).get(document=document, number=new["focus_area"])
    activity = activity_create(
        access=access,
        document=document,
        data={
            "number": new["number"],
            "title": spec["activity"],
            "description": new["description"],
            "responsible_body": Body.objects.for_org(org).get(name=kristianstad.KS),
            "start_year": new["years"][0],
            "end_year": new["years"][1],
            "status": "done",
            "priority": "high",
        },
        m2m={"focus_areas": [area], "goals": list(area.goals.all())},
    )
    for year, kind, amount in new["budget"]:
        budget_line_create(
            access=access,
            activity=activity,
            data={"year": year, "kind": kind, "amount": D(amount), "financing_source": "KS"},
        )
    return activity


def _line_data(org, name, direction, kind, party, certainty, assumptions) -> dict:
    data = {
        "name": name,
        "direction": direction,
        "kind": kind,
        "certainty": certainty,
        "assumptions": assumptions,
    }
    if party in ("residents", "businesses"):
        data["party_kind"] = party
    else:
        body = Body.objects.for_org(org).filter(name=party).first()
        if body is not None:
            data.update(party_kind="body", body=body)
        else:
            data.update(party_kind=PartyKind.ORGANISATION, party_name=party)
    return data


def _calculation(access, org, activity, spec) -> None:
    benefit_services.calculation_create(access=access, activity=activity, data=spec["calculation"])
    calculation = benefit_selectors.calculation_for_activity(activity)
    zero = benefit_selectors.zero_alternative(calculation)
    option = benefit_selectors.chosen_alternative(calculation)
    for alternative, part in ((zero, spec["zero"]), (option, spec["option"])):
        benefit_services.alternative_update(
            access=access,
            alternative=alternative,
            data={"name": part["name"], "description": part["description"]},
        )
        for order, (name, direction, kind, party, certainty, assumptions, amounts) in enumerate(
            part["lines"]
        ):
            benefit_services.line_create(
                access=access,
                alternative=alternative,
                data={
                    **_line_data(org, name, direction, kind, party, certainty, assumptions),
                    "order": order,
                },
                amounts=amounts,
            )
        for name, direction, kind, party, certainty, description, unit, estimate in part.get(
            "described", ()
        ):
            benefit_services.line_create(
                access=access,
                alternative=alternative,
                data={
                    **_line_data(org, name, direction, kind, party, certainty, ""),
                    "monetised": False,
                    "description": description,
                    "unit": unit,
                    "estimate": estimate,
                    "order": 99,
                },
            )
