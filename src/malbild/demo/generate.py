"""Generated data of realistic size (`malbild generate`): one organisation shaped like a Swedish
kommunkoncern, for benchmarks and for trying the pages at the size a large municipality has.

- **Shape.** The council's strategy (KF, overall goals) → the executive board's action plan
  (KS: focus areas, goals, most indicators, a fifth of the activities) → one plan per committee
  and company (the rest of the activities and indicators, serving the action plan's focus areas
  and goals, inherited: docs/guide/plans-on-levels.md). The action plan is frozen
  ("Remissversion"), sent on consultation to `consultees` bodies who answer with comments, the
  comments are handled, the revised version frozen and adopted; the 2025 follow-up of the whole
  tree is reported, approved and closed, the 2026 one is open and partly reported.
- **Services and bulk writes.** Everything of which there are a few dozen (organisation,
  accounts, bodies, documents, sections, overall goals, focus areas, goals, decisions, versions,
  the round, its consultees and responses, periods, the self-assessment, closing) is written
  through the domain services, validated and audited. The thousands (indicators and targets,
  activities with their bodies, focus areas and goals, budget lines, comments, dispositions,
  contributions and budget outcomes) are inserted with `bulk_create` after each row has passed
  the model's own field and `clean()` validation, with the relations the services would set
  (the primary focus area is the first served one, budget lines within the activity's years
  and never twice the same year, kind and source, values that fit the indicator's measure,
  comments anchored to items of the consulted version); one audit entry per batch says so.
  The closed periods are created as `period_create` does, without its opening e-mails, and
  closed through `period_close`.
- **Scales** (`SCALES`, `scale_for`): demo, kommun, kommunkoncern (the issue #11 shape: 60
  bodies, 400 indicators × 10 years, 190 activities × `activities_factor`, 3 budget lines
  each, 10 periods, 100 responses × 50 comments; consultees beyond the organisation's own
  bodies are added as outside associations and authorities) and national (290 small
  organisations in one database, `generate_national`).
- **Deterministic.** Names, numbers, amounts and relations depend on the seed only (uids and
  timestamps do not). The years are fixed per scale (`Scale.first_year`, `years`): the
  kommunkoncern plan 2017–2026, consultation autumn 2016; the others 2025–2028 or 2023–2026.
- **Refuses an existing slug** (`GenerateError`); nothing is written then. Accounts
  `<slug>-admin` and `<slug>-strateg` are created without a usable password.
"""

import datetime
import random
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db import transaction

from malbild.accounts.constants import Role
from malbild.accounts.models import User
from malbild.accounts.services import membership_set, user_create
from malbild.actionplan.models import Activity, BudgetLine
from malbild.consultation import services as consultation_services
from malbild.consultation.constants import CommentKind, DispositionKind, Position
from malbild.consultation.models import Comment, Disposition
from malbild.consultation.permissions import Responder
from malbild.consultation.selectors import version_anchors
from malbild.core.access import access_for
from malbild.core.audit import audit_record
from malbild.core.services import model_create
from malbild.followup import services as followup_services
from malbild.followup.data import period_activities, period_indicators
from malbild.followup.models import (
    ActivityReport,
    BudgetOutcome,
    FollowUpPeriod,
    IndicatorValue,
    Question,
)
from malbild.followup.scope import coverage
from malbild.followup.status import expected_value
from malbild.organisation.models import Body, Organisation
from malbild.organisation.services import body_create, organisation_create
from malbild.strategy import services as strategy_services
from malbild.strategy.measures import check_measure_value
from malbild.strategy.models import Indicator, IndicatorTarget, SteeringDocument


class GenerateError(Exception):
    """The generator refuses (e.g. the slug exists); nothing was written."""


@dataclass(frozen=True)
class Scale:
    """How much to generate. Bodies: KF, KS, KSAU, the executive office, one committee and
    its administration per `committees`, `units` units under the administrations, a group
    parent company and `companies` companies, two associations and two external bodies;
    more external bodies (other authorities, associations) when the consultation asks more
    consultees than that. The plan runs `years` years from `first_year`; `periods` yearly
    follow-up periods from `first_year`, the last open, the others reported, approved and
    closed. Of the `consultees`, two decline and `responses` answer with
    `comments_per_response` comments each. `budget_lines` per activity (0: two or three)."""

    committees: int
    companies: int
    focus_areas: int
    goals: int
    indicators: int
    activities: int
    consultees: int
    responses: int
    comments_per_response: int
    units: int = 0
    first_year: int = 2025
    years: int = 4
    periods: int = 2
    budget_lines: int = 0

    @property
    def comments(self) -> int:
        return self.responses * self.comments_per_response

    @property
    def plan_years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.first_year + self.years))

    @property
    def bodies(self) -> int:
        """The organisation's own bodies (without the external consultees added for the
        consultation)."""
        return 9 + 2 * self.committees + self.units + self.companies


# The issue #11 shape: 190 activities at 1× (`--activities-factor 4`, `16`), three budget
# lines each, 400 indicators × 10 years, 60 bodies, 11 focus areas, 10 follow-up periods, a
# consultation with 100 responses × 50 comments.
KOMMUNKONCERN_ACTIVITIES = 190

SCALES: dict[str, Scale] = {
    "demo": Scale(
        committees=3,
        companies=2,
        focus_areas=3,
        goals=6,
        indicators=10,
        activities=40,
        consultees=8,
        responses=6,
        comments_per_response=4,
    ),
    "kommun": Scale(
        committees=8,
        companies=4,
        focus_areas=8,
        goals=24,
        indicators=120,
        activities=190,
        consultees=24,
        responses=20,
        comments_per_response=10,
        first_year=2023,
        years=4,
        periods=4,
        budget_lines=3,
    ),
    "kommunkoncern": Scale(
        committees=15,
        companies=11,
        units=10,
        focus_areas=11,
        goals=33,
        indicators=400,
        activities=KOMMUNKONCERN_ACTIVITIES,
        consultees=110,
        responses=100,
        comments_per_response=50,
        first_year=2017,
        years=10,
        periods=10,
        budget_lines=3,
    ),
    # One of the 290 organisations of the national scale: a small municipality.
    "national": Scale(
        committees=2,
        companies=1,
        focus_areas=3,
        goals=6,
        indicators=8,
        activities=20,
        consultees=6,
        responses=4,
        comments_per_response=3,
    ),
}
SCALES["small"] = SCALES["demo"]  # the name the first version used
NATIONAL_ORGANISATIONS = 290

COMMITTEES = [
    ("Barn- och utbildningsnämnden", "BUN", "Barn- och utbildningsförvaltningen"),
    ("Socialnämnden", "SN", "Socialförvaltningen"),
    ("Vård- och omsorgsnämnden", "VON", "Vård- och omsorgsförvaltningen"),
    ("Kultur- och fritidsnämnden", "KFN", "Kultur- och fritidsförvaltningen"),
    ("Samhällsbyggnadsnämnden", "SBN", "Samhällsbyggnadsförvaltningen"),
    ("Tekniska nämnden", "TN", "Tekniska förvaltningen"),
    ("Miljö- och hälsoskyddsnämnden", "MHN", "Miljö- och hälsoskyddsförvaltningen"),
    ("Arbetsmarknadsnämnden", "AMN", "Arbetsmarknadsförvaltningen"),
    ("Gymnasienämnden", "GYN", "Gymnasieförvaltningen"),
    ("Överförmyndarnämnden", "ÖFN", "Överförmyndarkontoret"),
    ("Valnämnden", "VN", "Valkansliet"),
    ("Byggnadsnämnden", "BN", "Stadsbyggnadskontoret"),
    ("Servicenämnden", "SEN", "Serviceförvaltningen"),
    ("Räddningsnämnden", "RN", "Räddningstjänsten"),
    ("Fastighetsnämnden", "FN", "Fastighetskontoret"),
]
COMPANIES = [
    ("Bostads AB", "BOAB"),
    ("Energi AB", "ENAB"),
    ("Vatten AB", "VAAB"),
    ("Hamn AB", "HAAB"),
    ("Parkerings AB", "PAAB"),
    ("Stadsnät AB", "SNAB"),
    ("Näringslivs AB", "NLAB"),
    ("Fastighets AB", "FAAB"),
    ("Renhållnings AB", "REAB"),
    ("Turism AB", "TUAB"),
    ("Lokal AB", "LOAB"),
]
ASSOCIATIONS = ["Räddningstjänstförbundet", "Samordningsförbundet"]
UNITS = ["Digitaliseringsenheten", "IT-enheten", "Utvecklingsenheten"]
OUTSIDE = [
    "Pensionärsrådet",
    "Funktionsrättsrådet",
    "Ungdomsrådet",
    "Företagarföreningen",
    "Hyresgästföreningen",
    "Idrottsalliansen",
    "Naturskyddsföreningen",
    "Polisen",
    "Grannkommunen",
    "Högskolan",
    "Arbetsförmedlingen",
    "Försäkringskassan",
]
EXTERNAL = ["Region", "Länsstyrelsen"]

AREAS = [
    "Digital välfärd",
    "Smart samhällsbyggnad",
    "Digital kompetens",
    "Informationssäkerhet",
    "Öppna data",
    "E-tjänster och självservice",
    "Digital infrastruktur",
    "Automatisering",
    "Digitalt innanförskap",
    "Verksamhetsutveckling",
    "Data och analys",
    "Hållbar IT",
    "Digital demokrati",
    "Skola och lärande",
]
VERBS = [
    "Införa",
    "Utveckla",
    "Utreda",
    "Upphandla",
    "Digitalisera",
    "Automatisera",
    "Samordna",
    "Utbilda i",
    "Förbättra",
    "Pröva",
]
OBJECTS = [
    "e-tjänst för ansökan",
    "ärendehanteringssystem",
    "digital signering",
    "e-arkiv",
    "trygghetslarm",
    "läsplattor i skolan",
    "chattfunktion för invånare",
    "sensorer för fastighetsdrift",
    "öppna data om trafik",
    "robotiserad fakturahantering",
    "digitala möten",
    "informationsklassning",
    "bredband på landsbygden",
    "digitalt stöd i hemtjänsten",
    "självservice för föreningar",
    "kontaktcenter",
    "beslutsstöd",
    "AI-stöd för handläggning",
    "IoT-plattform",
    "digital medarbetarportal",
]
INDICATORS = [
    ("Andel ärenden som inleds digitalt", "%", "share"),
    ("Antal e-tjänster i bruk", "st", "count"),
    ("Nöjd-kund-index för e-tjänster", "index", "satisfaction"),
    ("Antal inloggningar i självservice per månad", "st", "usage"),
    ("Kostnad per ärende", "kr", "cost"),
    ("Andel medarbetare med genomförd utbildning", "%", "share"),
    ("Andel hushåll med bredband ≥ 1 Gbit/s", "%", "share"),
    ("Antal publicerade datamängder", "st", "count"),
    ("Andel automatiserade processer", "%", "share"),
    ("Tillgänglighetsgrad för webbplatsen", "%", "quality"),
]
FINANCING = ["Ordinarie budget", "Digitaliseringsfonden", "Statsbidrag", "Koncerngemensamma medel"]
REPORT_COMMENTS = {
    "planned": "Arbetet har inte startat; planeras till hösten.",
    "ongoing": "Arbetet pågår enligt plan.",
    "done": "Genomfört och överlämnat till verksamheten.",
    "postponed": "Skjuts upp i väntan på upphandling.",
}
COMMENT_TEXTS = [
    "Vi ser positivt på inriktningen men saknar en tydlig finansiering.",
    "Målet bör kompletteras med ett mått på nyttan för invånarna.",
    "Tidplanen är för snäv för vår verksamhet.",
    "Förvaltningen föreslår att aktiviteten samordnas med regionen.",
    "Hur ska uppföljningen gå till för bolagen?",
    "Formuleringen bör förtydligas så att ansvaret blir klart.",
    "Vi saknar informationssäkerhetsperspektivet.",
    "Aktiviteten bör prioriteras högre.",
]


def _outside_body(n: int) -> str:
    """The n:th consultee from outside the organisation (unique names)."""
    name = OUTSIDE[n % len(OUTSIDE)]
    return name if n < len(OUTSIDE) else f"{name} {n // len(OUTSIDE) + 1}"


def _valid(obj) -> Any:
    """The model's own field and `clean()` validation, as `full_clean` runs it, without the
    per-row uniqueness and foreign-key lookups (the generator builds those correctly and the
    database constraints enforce them)."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.clean_fields(exclude=relations)
    obj.clean()
    return obj


def _at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=datetime.UTC)


class _Generator:
    def __init__(self, *, scale: Scale, seed: int, slug: str, name: str, population: int):
        self.scale, self.slug, self.name, self.population = scale, slug, name, population
        self.rng = random.Random(seed)
        self.years = scale.plan_years
        if not 1 <= scale.periods <= scale.years:
            raise GenerateError("The follow-up periods must fit in the plan's years.")
        self.open_year = self.years[0] + scale.periods - 1
        self.counts: dict[str, int] = {}

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def audit_bulk(self, instance, what: str, n: int) -> None:
        audit_record(
            actor=self.user,
            instance=instance,
            action="create",
            message=f"malbild generate: {n} {what} inserted in bulk",
        )

    # Organisation, accounts, bodies ---------------------------------------------------------

    def run(self) -> Organisation:
        self.org = organisation_create(
            actor=None, data={"name": self.name, "slug": self.slug, "population": self.population}
        )
        admin = self._account(f"{self.slug}-admin")
        membership_set(access=None, user=admin, organisation=self.org, role=Role.ADMIN)
        self.user = self._account(f"{self.slug}-strateg")
        admin_access = access_for(admin, self.org)
        membership_set(
            access=admin_access, user=self.user, organisation=self.org, role=Role.STRATEGIST
        )
        self.access = access_for(self.user, self.org)
        self._bodies(admin_access)
        self._documents()
        self._indicators()
        self._activities()
        self._consultation()
        self._adopt_tree()
        self._followup()
        return self.org

    def _account(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(actor=None, username=username, password=None, organisation=self.org)
            self.count("accounts")
        return user

    def _body(self, access, name, short_name, kind, parent=None, counted=True) -> Body:
        body = body_create(
            access=access,
            data={"name": name, "short_name": short_name, "kind": kind, "parent": parent},
        )
        if counted:
            self.count("bodies")
        return body

    def _bodies(self, access) -> None:
        s = self.scale
        self.kf = self._body(access, "Kommunfullmäktige", "KF", "council")
        self.ks = self._body(access, "Kommunstyrelsen", "KS", "executive_board", self.kf)
        self.ksau = self._body(
            access, "Kommunstyrelsens arbetsutskott", "KSAU", "working_committee", self.ks
        )
        self.klk = self._body(access, "Kommunledningskontoret", "KLK", "administration", self.ks)
        self.committees, self.administrations = [], []
        for name, short, admin_name in COMMITTEES[: s.committees]:
            committee = self._body(access, name, short, "committee", self.kf)
            self.committees.append(committee)
            self.administrations.append(
                self._body(access, admin_name, "", "administration", committee)
            )
        group = self._body(access, "Stadshus AB", "SHAB", "company", self.ks)
        self.companies = [
            self._body(access, name, short, "company", group)
            for name, short in COMPANIES[: s.companies]
        ]
        units = []
        for n in range(s.units):
            administration = self.administrations[n % len(self.administrations)]
            unit = UNITS[n // len(self.administrations) % len(UNITS)]
            units.append(
                self._body(access, f"{unit}, {administration.name}", "", "group", administration)
            )
        others = [self._body(access, n, "", "association") for n in ASSOCIATIONS]
        others += [self._body(access, n, "", "external") for n in EXTERNAL]
        consultable = self.committees + self.administrations + [group] + self.companies + others
        # A consultation wider than the organisation: other authorities and associations.
        for n in range(s.consultees - len(consultable)):
            kind = "external" if n % 2 else "association"
            consultable.append(self._body(access, _outside_body(n), "", kind, counted=False))
            self.count("external consultees")
        self.consultee_bodies = consultable[: s.consultees]
        self.plan_owners = self.committees + self.companies
        # Who answers for a plan's activities: the body and its administration, if any.
        self.staff = {
            c.pk: [c, a] for c, a in zip(self.committees, self.administrations, strict=True)
        }
        for company in self.companies:
            self.staff[company.pk] = [company]

    # Documents ---------------------------------------------------------------------------------

    def _document(self, **data) -> SteeringDocument:
        document = strategy_services.document_create(
            access=self.access,
            data={"period_start": self.years[0], "period_end": self.years[-1], **data},
        )
        self.count("documents")
        for order, heading in enumerate(("Bakgrund", "Syfte", "Uppföljning"), start=1):
            strategy_services.section_create(
                access=self.access,
                document=document,
                data={
                    "order": order,
                    "heading": heading,
                    "body": f"{heading} för *{data['title']}*.\n\n"
                    + "Digitaliseringen ska ge invånarna bättre service. " * 6,
                },
            )
            self.count("sections")
        return document

    def _documents(self) -> None:
        s, rng = self.scale, self.rng
        years = f"{self.years[0]}–{self.years[-1]}"
        prepared = self.years[0] - 1
        self.strategy = self._document(
            kind="vision",
            title=f"Digitaliseringsstrategi för {self.name} {years}",
            owning_body=self.kf,
            registry_number=f"KS {prepared}/101",
        )
        overall = [
            strategy_services.overall_goal_create(
                access=self.access,
                document=self.strategy,
                data={"order": n, "title": title, "description": f"{title} för alla invånare."},
            )
            for n, title in enumerate(
                ("Enklare vardag", "Effektivare verksamhet", "Öppen och säker kommun"), start=1
            )
        ]
        self.count("overall goals", len(overall))
        self.plan = self._document(
            kind="action_plan",
            title=f"Handlingsplan för digitalisering {years}",
            owning_body=self.ks,
            parent=self.strategy,
            registry_number=f"KS {prepared}/102",
            process_owner="Kommundirektören",
        )
        self.focus_areas, self.goals = [], []
        for n in range(s.focus_areas):
            area = strategy_services.focus_area_create(
                access=self.access,
                document=self.plan,
                data={
                    "order": n + 1,
                    "number": str(n + 1),
                    "title": AREAS[n % len(AREAS)],
                    "goal_text": f"{AREAS[n % len(AREAS)]} som gör skillnad.",
                    "description": "Insatsområdet samlar kommunkoncernens arbete. " * 3,
                },
                m2m={"overall_goals": [overall[n % len(overall)]]},
            )
            self.focus_areas.append(area)
        self.count("focus areas", s.focus_areas)
        for n in range(s.goals):
            area = self.focus_areas[n % s.focus_areas]
            self.goals.append(
                strategy_services.goal_create(
                    access=self.access,
                    focus_area=area,
                    data={
                        "order": n // s.focus_areas + 1,
                        "title": f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                    },
                )
            )
        self.count("goals", s.goals)
        self.sub_plans = []
        for owner in self.plan_owners:
            kind = "Affärsplan" if owner.kind == "company" else "Nämndplan"
            self.sub_plans.append(
                self._document(
                    kind="sub_plan",
                    title=f"{kind} för digitalisering {years} – {owner.name}",
                    owning_body=owner,
                    parent=self.plan,
                    registry_number=f"{owner.short_name} {prepared}/{10 + len(self.sub_plans)}",
                )
            )

    # Indicators and activities (bulk) --------------------------------------------------------

    def _indicators(self) -> None:
        s, rng = self.scale, self.rng
        documents = [self.plan] * (s.indicators * 3 // 5)
        documents += [
            self.sub_plans[n % len(self.sub_plans)] for n in range(s.indicators - len(documents))
        ]
        indicators, links_fa, links_goal = [], [], []
        for order, document in enumerate(documents, start=1):
            name, unit, measure = INDICATORS[order % len(INDICATORS)]
            qualitative = order % 10 == 0
            baseline = None
            if not qualitative:
                baseline = Decimal(
                    rng.randint(20, 60) if unit in ("%", "index") else rng.randint(10, 900)
                )
            owner = document.owning_body if document is not self.plan else self.klk
            indicator = Indicator(
                organisation=self.org,
                document=document,
                order=order,
                name=f"{name} ({owner.short_name or owner.name})",
                definition=f"{name}, mätt vid årets slut.",
                unit="" if qualitative else unit,
                kind="qualitative" if qualitative else "quantitative",
                measure_type="other" if qualitative else measure,
                direction="decrease" if measure == "cost" else "increase",
                baseline_value=baseline,
                baseline_year=self.years[0] - 1 if baseline is not None else None,
                responsible_body=owner,
                created_by=self.user,
                modified_by=self.user,
            )
            indicators.append(_valid(indicator))
            goal = self.goals[order % len(self.goals)]
            links_fa.append((indicator, goal.focus_area))
            links_goal.append((indicator, goal))
        Indicator.objects.bulk_create(indicators)
        through = Indicator.focus_areas.through
        through.objects.bulk_create(
            [through(indicator=i, focusarea=fa) for i, fa in links_fa], batch_size=500
        )
        through = Indicator.goals.through
        through.objects.bulk_create(
            [through(indicator=i, goal=g) for i, g in links_goal], batch_size=500
        )
        targets = []
        for indicator in indicators:
            for step, year in enumerate(self.years, start=1):
                if indicator.kind == "qualitative":
                    value, text = None, f"Arbetet är genomfört till {25 * step} %"
                else:
                    grow = Decimal(1) + Decimal(step) / (10 if indicator.unit != "%" else 20)
                    if indicator.direction == "decrease":
                        grow = Decimal(1) / grow
                    value = (indicator.baseline_value * grow).quantize(Decimal(1))
                    if indicator.unit in ("%", "index"):
                        value = min(value, Decimal(100))
                    check_measure_value(indicator=indicator, value=value)
                    text = ""
                targets.append(
                    _valid(
                        IndicatorTarget(
                            organisation=self.org,
                            indicator=indicator,
                            year=year,
                            value=value,
                            text=text,
                            created_by=self.user,
                            modified_by=self.user,
                        )
                    )
                )
        IndicatorTarget.objects.bulk_create(targets, batch_size=500)
        self.count("indicators", len(indicators))
        self.count("targets", len(targets))
        self.audit_bulk(self.plan, "indicators and their targets", len(indicators))

    def _activities(self) -> None:
        s, rng = self.scale, self.rng
        own = s.activities // 5
        documents = [(self.plan, None)] * own
        documents += [
            (self.sub_plans[n % len(self.sub_plans)], self.plan_owners[n % len(self.plan_owners)])
            for n in range(s.activities - own)
        ]
        numbers: dict[int, int] = {}
        activities, served, lines = [], [], []
        for document, owner in documents:
            n = numbers[document.pk] = numbers.get(document.pk, 0) + 1
            prefix = owner.short_name if owner else "KS"
            start = rng.choice(self.years[:-1] or self.years)
            end = rng.randint(start, self.years[-1])
            choices = self._statuses(start)
            status = choices[n % len(choices)]
            areas = sorted(
                rng.sample(self.focus_areas, k=min(len(self.focus_areas), rng.randint(1, 3))),
                key=lambda fa: (fa.order, fa.pk),
            )
            goals = [g for g in self.goals if g.focus_area_id in {a.pk for a in areas}]
            goals = rng.sample(goals, k=min(len(goals), rng.randint(1, 2))) if goals else []
            responsible = rng.choice(self.staff[owner.pk]) if owner else self.klk
            others = [b for b in [self.klk, *self.administrations] if b != responsible]
            co = rng.sample(others, k=min(len(others), rng.randint(0, 2)))
            activity = Activity(
                organisation=self.org,
                document=document,
                number=f"{prefix}-{n:03d}",
                title=f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}",
                description="Aktiviteten genomförs i samverkan inom kommunkoncernen.",
                responsible_body=responsible,
                primary_focus_area=areas[0],
                start_year=start,
                end_year=end,
                status=status,
                priority=rng.choice(("high", "medium", "medium", "low")),
                created_by=self.user,
                modified_by=self.user,
            )
            activities.append(_valid(activity))
            served.append((activity, areas, goals, co))
            lines += self._budget_lines(activity, start, end)
        Activity.objects.bulk_create(activities, batch_size=500)
        for name, rows in (
            ("focus_areas", [(a, fa) for a, areas, _g, _c in served for fa in areas]),
            ("goals", [(a, g) for a, _f, goals, _c in served for g in goals]),
            ("co_responsible_bodies", [(a, b) for a, _f, _g, co in served for b in co]),
        ):
            through = getattr(Activity, name).through
            target = {"focus_areas": "focusarea", "goals": "goal"}.get(name, "body")
            through.objects.bulk_create(
                [through(**{"activity": a, target: obj}) for a, obj in rows], batch_size=500
            )
        BudgetLine.objects.bulk_create(lines, batch_size=500)
        self.count("activities", len(activities))
        self.count("budget lines", len(lines))
        self.audit_bulk(self.plan, "activities and their budget lines", len(activities))

    def _statuses(self, start: int) -> tuple[str, ...]:
        """An activity's status as planned, by the year it starts (all reachable from
        "planned"): under way or done if it started before the open period's year."""
        if start < self.open_year:
            return ("ongoing", "done", "ongoing")
        return ("ongoing", "planned") if start == self.open_year else ("planned",)

    def _budget_lines(self, activity: Activity, start: int, end: int) -> list[BudgetLine]:
        """The scale's number of lines (or two or three) within the activity's years; never
        the same year, kind and financing source twice (what `budget_line_create` refuses)."""
        rng = self.rng
        slots = [(y, k) for y in range(start, end + 1) for k in ("operating", "investment")]
        wanted = self.scale.budget_lines or rng.randint(2, 3)
        picked = rng.sample(slots, k=min(len(slots), wanted))
        rows = [(y, k, rng.choice(FINANCING)) for y, k in picked]
        if not self.scale.budget_lines and len(rows) == 2 and rng.random() < 0.5:
            wanted = 3
        used = {(y, k, f) for y, k, f in rows}
        while len(rows) < max(wanted, 2):
            y, k, _source = rows[len(rows) % len(picked)]
            source = next(f for f in FINANCING if (y, k, f) not in used)
            used.add((y, k, source))
            rows.append((y, k, source))
        return [
            _valid(
                BudgetLine(
                    organisation=self.org,
                    activity=activity,
                    year=year,
                    kind=kind,
                    amount=Decimal(rng.randint(2, 120) * 5000),
                    financing_source=source,
                    created_by=self.user,
                    modified_by=self.user,
                )
            )
            for year, kind, source in rows
        ]

    # Consultation ---------------------------------------------------------------------------

    def _consultation(self) -> None:
        s, rng = self.scale, self.rng
        version = strategy_services.version_freeze(
            access=self.access, document=self.plan, label="Remissversion"
        )
        self.count("versions")
        autumn = self.years[0] - 1
        deadline = datetime.date(autumn, 11, 15)
        round_ = consultation_services.consultation_round_open(
            access=self.access,
            version=version,
            title=f"Remiss: {self.plan.title}",
            instructions=f"Remissvar ska ha inkommit senast den 15 november {autumn}.",
            registry_number=self.plan.registry_number,
            sent_on=datetime.date(autumn, 9, 2),
            deadline=deadline,
            bodies=self.consultee_bodies,
            decision={"body": self.ksau, "date": datetime.date(autumn, 8, 26), "paragraph": "112"},
        )
        self.count("consultees", len(self.consultee_bodies))
        registrar = Responder(access=self.access)
        consultees = list(round_.consultees.select_related("body").order_by("body__name"))
        declining = consultees[-2:] if len(consultees) > 6 else []
        # Every eighth leaves no answer, unless the scale asks more answers than that leaves.
        asked = consultees[: len(consultees) - len(declining)]
        answering = [c for n, c in enumerate(asked) if n % 8 != 7]
        answering = (answering + [c for c in asked if c not in answering])[: s.responses]
        for consultee in declining:
            consultation_services.consultee_decline(
                responder=registrar, consultee=consultee, reason="Inget att erinra."
            )
        responses = []
        for n, consultee in enumerate(answering):
            responses.append(
                consultation_services.response_save_draft(
                    responder=registrar,
                    consultee=consultee,
                    data={
                        "position": rng.choice(
                            [Position.SUPPORTS, Position.SUPPORTS_WITH_CHANGES] * 3
                            + [Position.OPPOSES, Position.NO_OPINION]
                        ),
                        "summary": f"{consultee.body.name} har tagit del av förslaget. "
                        + rng.choice(COMMENT_TEXTS),
                        "decision_body": consultee.body.name,
                        "decision_date": datetime.date(autumn, 10, 1 + n % 28),
                        "decision_paragraph": str(10 + n),
                    },
                )
            )
        self.count("responses", len(responses))
        anchors = version_anchors(snapshot=version.snapshot)
        comments = []
        for n in range(s.comments if responses else 0):
            response = responses[n % len(responses)]
            anchor = anchors[0] if n % 6 == 0 else rng.choice(anchors[1:] or anchors)
            comments.append(
                _valid(
                    Comment(
                        organisation=self.org,
                        response=response,
                        order=n // len(responses) + 1,
                        item_uid=anchor["uid"],
                        item_type=anchor["type"],
                        item_label=anchor["label"][:500],
                        item_source=anchor["source"][:300],
                        kind=rng.choice(CommentKind.values),
                        text=rng.choice(COMMENT_TEXTS),
                        proposed_wording="Ny lydelse enligt remissvaret." if n % 4 == 0 else "",
                        created_by=self.user,
                        modified_by=self.user,
                    )
                )
            )
        Comment.objects.bulk_create(comments, batch_size=500)
        self.count("comments", len(comments))
        self.audit_bulk(round_, "consultation comments", len(comments))
        for n, response in enumerate(responses):
            late = n % 7 == 6
            day = deadline + datetime.timedelta(days=10) if late else datetime.date(autumn, 11, 1)
            consultation_services.response_submit(
                responder=registrar, response=response, received_at=_at(day)
            )
        # The board changes the first focus area after the consultation.
        changed = self.focus_areas[0]
        strategy_services.item_update(
            access=self.access,
            instance=changed,
            data={"description": changed.description + " Ändrat efter remissen."},
        )
        dispositions = []
        for n, comment in enumerate(comments):
            if n % 5 == 4:
                continue  # not yet handled
            kind = DispositionKind.values[n % len(DispositionKind.values)]
            uids = [str(changed.uid)] if comment.item_uid == str(changed.uid) else []
            dispositions.append(
                _valid(
                    Disposition(
                        organisation=self.org,
                        comment=comment,
                        kind=kind,
                        motivation="Synpunkten har beaktats i det reviderade förslaget.",
                        changed_item_uids=uids,
                        created_by=self.user,
                        modified_by=self.user,
                    )
                )
            )
        Disposition.objects.bulk_create(dispositions, batch_size=500)
        self.count("dispositions", len(dispositions))
        self.audit_bulk(round_, "dispositions", len(dispositions))
        consultation_services.consultation_round_close(
            access=self.access, round=round_, closed_at=_at(datetime.date(autumn, 11, 29))
        )
        consultation_services.consultation_round_revise(
            access=self.access, round=round_, label="Reviderad efter remiss"
        )
        self.count("versions")
        consultation_services.consultation_round_adopt(
            access=self.access,
            round=round_,
            decision={
                "body": self.kf,
                "kind": "adoption",
                "date": datetime.date(autumn, 12, 16),
                "paragraph": "201",
            },
            distribution=self.plan_owners,
        )
        self.round = round_

    def _adopt_tree(self) -> None:
        for document in [self.strategy, *self.sub_plans]:
            strategy_services.document_transition(
                access=self.access, document=document, status="adopted", message="generate"
            )

    # Follow-up ----------------------------------------------------------------------------

    def _period(self, year: int, question_set, *, historical: bool = False) -> FollowUpPeriod:
        """The year's period of the action plan and the plans below it. A historical one (to
        be closed at once) is created as `period_create` creates it — validated, audited —
        but without its opening e-mails to the reporters, years late (and each would read
        the whole period's data)."""
        data = {
            "label": str(year),
            "start": datetime.date(year, 1, 1),
            "end": datetime.date(year, 12, 31),
            "deadline": datetime.date(year + 1, 1, 31),
            "question_set": question_set,
            "include_descendants": True,
        }
        if historical:
            period = model_create(
                model=FollowUpPeriod,
                actor=self.user,
                data={**data, "document": self.plan, "organisation": self.org},
                event="followup.period_opened",
            )
        else:
            period = followup_services.period_create(
                access=self.access, document=self.plan, data=data
            )
        self.count("follow-up periods")
        return period

    def _followup(self) -> None:
        question_set = followup_services.question_set_create_from_template(access=self.access)
        questions = list(
            Question.objects.for_org(self.org).filter(section__question_set=question_set)
        )
        answers = ("fully", "partly", "partly", "not")
        for year in range(self.years[0], self.open_year):
            closed = self._period(year, question_set, historical=True)
            self._contributions(closed, share=1.0, submitted=1.0, approved=True)
            followup_services.self_assessment_save(
                access=self.access,
                period=closed,
                answers={q.pk: (answers[(n + year) % 4], "") for n, q in enumerate(questions)},
            )
            followup_services.period_close(access=self.access, period=closed)
        opened = self._period(self.open_year, question_set)
        self._contributions(opened, share=0.6, submitted=0.65, approved=False)

    def _state(self, approved: bool, submitted: float) -> str:
        if approved:
            return "approved"
        return "submitted" if self.rng.random() < submitted else "draft"

    def _contributions(self, period, *, share: float, submitted: float, approved: bool) -> None:
        """Activity reports with outcomes per budget line of the year, and indicator values,
        for `share` of the period's items; of those `submitted` are submitted (the rest drafts)
        and, if `approved`, all of them approved by the strategist."""
        rng = self.rng
        scope = coverage(period).scope
        year = period.year
        when = _at(datetime.date(year + 1, 1, 20))
        acts = list(
            period_activities(period, documents=scope.activity_documents).prefetch_related(
                "budget_lines"
            )
        )
        reports, outcomes = [], []
        for act in acts:
            if rng.random() >= share:
                continue
            state = self._state(approved, submitted)
            status = rng.choice(("ongoing", "ongoing", "done", "postponed"))
            progress = {"planned": 0, "done": 100, "postponed": 10}.get(status, rng.randint(20, 80))
            year_lines = [line for line in act.budget_lines.all() if line.year == year]
            report = ActivityReport(
                organisation=self.org,
                period=period,
                activity=act,
                state=state,
                status=status,
                progress=progress,
                comment=REPORT_COMMENTS[status],
                submitted_at=when if state != "draft" else None,
                reviewed_at=when if approved else None,
                reviewed_by=self.user if approved else None,
                created_by=self.user,
                modified_by=self.user,
            )
            spent = {
                line.pk: (line.amount * Decimal(rng.randint(max(progress, 5), 110)) / 100).quantize(
                    Decimal(1)
                )
                for line in year_lines
            }
            report.forecast = sum(spent.values(), Decimal(0)) or None
            reports.append(_valid(report))
            outcomes += [(report, line, spent[line.pk]) for line in year_lines]
        ActivityReport.objects.bulk_create(reports, batch_size=500)
        BudgetOutcome.objects.bulk_create(
            [
                _valid(
                    BudgetOutcome(
                        organisation=self.org,
                        report=report,
                        budget_line=line,
                        spent=amount,
                        created_by=self.user,
                        modified_by=self.user,
                    )
                )
                for report, line, amount in outcomes
            ],
            batch_size=500,
        )
        inds = list(
            period_indicators(period, documents=scope.indicator_documents).prefetch_related(
                "targets"
            )
        )
        values = []
        for ind in inds:
            if rng.random() >= share:
                continue
            state = self._state(approved, submitted)
            value, text = None, ""
            if ind.kind == "qualitative":
                text = "Arbetet följer planen i huvudsak."
            else:
                expected = expected_value(
                    baseline_value=ind.baseline_value,
                    baseline_year=ind.baseline_year,
                    targets=[(t.year, t.value) for t in ind.targets.all()],
                    year=year,
                )
                value = (expected * Decimal(rng.choice(("0.85", "0.95", "1.00", "1.05")))).quantize(
                    Decimal(1)
                )
                if ind.unit in ("%", "index"):
                    value = min(value, Decimal(100))
                check_measure_value(indicator=ind, value=value)
            values.append(
                _valid(
                    IndicatorValue(
                        organisation=self.org,
                        period=period,
                        indicator=ind,
                        state=state,
                        value=value,
                        text=text,
                        measured_on=period.end,
                        source="Kommunens egen uppföljning",
                        submitted_at=when if state != "draft" else None,
                        reviewed_at=when if approved else None,
                        reviewed_by=self.user if approved else None,
                        created_by=self.user,
                        modified_by=self.user,
                    )
                )
            )
        IndicatorValue.objects.bulk_create(values, batch_size=500)
        self.count("activity reports", len(reports))
        self.count("budget outcomes", len(outcomes))
        self.count("indicator values", len(values))
        self.audit_bulk(period, "contributions", len(reports) + len(values))


def scale_for(
    scale: str,
    *,
    activities_factor: int = 1,
    activities: int | None = None,
    indicators: int | None = None,
    responses: int | None = None,
    comments_per_response: int | None = None,
) -> Scale:
    """The named scale with explicit counts: `activities_factor` multiplies its activities
    (the benchmarks' 1×, 4×, 16×), the others replace a count."""
    if scale not in SCALES:
        raise GenerateError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    if activities_factor < 1:
        raise GenerateError("--activities-factor must be 1 or more.")
    base = SCALES[scale]
    changes: dict[str, int] = {"activities": (activities or base.activities) * activities_factor}
    for field, value in (
        ("indicators", indicators),
        ("responses", responses),
        ("comments_per_response", comments_per_response),
    ):
        if value is not None:
            if value < 0:
                raise GenerateError(f"--{field.replace('_', '-')} cannot be negative.")
            changes[field] = value
    if changes["activities"] < 1:
        raise GenerateError("--activities must be 1 or more.")
    if responses is not None:
        changes["consultees"] = max(base.consultees, responses + 2)
    return replace(base, **changes)


def _refuse_existing(slugs: list[str]) -> None:
    taken = list(Organisation.objects.filter(slug__in=slugs).values_list("slug", flat=True)[:3])
    if taken:
        raise GenerateError(
            f"An organisation with the slug {taken[0]!r} exists; nothing was generated. "
            "Choose another --slug."
        )


def generate(
    *,
    scale: str | Scale = "kommunkoncern",
    seed: int = 1,
    slug: str = "",
    name: str = "",
    population: int = 150_000,
) -> tuple[Organisation, dict[str, int]]:
    """Generate one organisation at `scale` (a key of SCALES or a `scale_for` result) in one
    transaction; returns it with the number of rows of each kind. Refuses (GenerateError) a
    slug that exists."""
    label = scale if isinstance(scale, str) else "custom"
    shape = scale_for(scale) if isinstance(scale, str) else scale
    slug = slug or f"generated-{label}"
    name = name or ("Storstads kommunkoncern" if label == "kommunkoncern" else "Småstads kommun")
    _refuse_existing([slug])
    generator = _Generator(scale=shape, seed=seed, slug=slug, name=name, population=population)
    with transaction.atomic():
        org = generator.run()
    return org, generator.counts


PLACE_STEMS = [
    "Björk",
    "Sjö",
    "Ek",
    "Lind",
    "Al",
    "Gran",
    "Ås",
    "Berg",
    "Holm",
    "Vik",
    "Strand",
    "Dal",
    "Ny",
    "Öster",
    "Väster",
    "Norr",
    "Söder",
    "Mark",
    "Hög",
    "Kvarn",
]
PLACE_ENDINGS = [
    "by",
    "torp",
    "holm",
    "vik",
    "sund",
    "köping",
    "hamn",
    "stad",
    "berga",
    "ås",
    "å",
    "näs",
    "fors",
    "lunda",
    "hult",
]


def national_names(n: int) -> list[str]:
    """`n` distinct municipality names ("Björkby kommun", …), the same for every run."""
    names = [f"{stem}{end}".capitalize() for end in PLACE_ENDINGS for stem in PLACE_STEMS]
    names = [f"{name} kommun" for name in names]
    if n > len(names):
        names += [f"{name} {k}" for k in range(2, n // len(names) + 2) for name in names]
    return names[:n]


def generate_national(
    *,
    scale: Scale | None = None,
    organisations: int = NATIONAL_ORGANISATIONS,
    seed: int = 1,
    slug: str = "",
    progress=None,
) -> tuple[list[Organisation], dict[str, int]]:
    """`organisations` municipalities of the `national` shape (or `scale`) in one database,
    slugs `<slug>-001`, …; each in its own transaction, seeded from `seed` and its number.
    Refuses (nothing is written) if any slug exists. `progress(n, org)` after each one."""
    shape = scale or scale_for("national")
    slug = slug or "generated-national"
    slugs = [f"{slug}-{n:03d}" for n in range(1, organisations + 1)]
    _refuse_existing(slugs)
    orgs, totals = [], {}
    for n, (org_slug, name) in enumerate(zip(slugs, national_names(organisations), strict=True)):
        rng = random.Random(seed * 100_003 + n)
        population = rng.choice((3_000, 8_000, 15_000, 30_000, 60_000, 120_000))
        org, counts = generate(
            scale=shape, seed=seed * 100_003 + n, slug=org_slug, name=name, population=population
        )
        orgs.append(org)
        for what, k in counts.items():
            totals[what] = totals.get(what, 0) + k
        if progress is not None:
            progress(n + 1, org)
    totals["organisations"] = len(orgs)
    return orgs, totals
