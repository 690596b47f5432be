"""Demo: the 2018 consultation round on Alingsås' action plan, from the public records.

- `001_…`: KSAU 2018-02-28 § 8 sends the plan to every committee, every municipal company,
  the rescue services association and three external bodies (Dnr 2017.676 KS), deadline
  2018-04-05; KSAU 2018-04-25 § 53 extends it to 2018-07-27 "för att samtliga nämnder ska
  kunna behandla sina remissvar"; the plan is revised after the responses; KS approves the
  action plan on condition that KF adopts the vision; sent to all committees and three
  companies.
- `000_…`: Kultur- och fritidsnämnden 2018-03-19 § 14 (Dnr 2018.032 KFN): asks for a vision
  area of its own, lists its initiatives, misses how follow-up relates to the budget.
- `002_…`: Miljöskyddsnämnden (Dnr 2018.018 MN, dated 2018-04-16): financing must be clear,
  an e-archive is a precondition, "number of e-services" is the wrong measure, business focus.

ILLUSTRATIVE (not in the records): the dispositions and how the working copy was revised,
the day the round was closed (the report date 2018-08-23) and the date of the approval
(2018-09-03, paragraph unknown).

A CURRENT ROUND (ILLUSTRATIVE, not in the records), so that the demo respondent has a remiss
to answer today: a draft "Handlingsplan Digital målbild 2021–2023 (förslag)" under the vision,
sent by the strategist to Kultur- och fritidsnämnden, Miljöskyddsnämnden and Föreningen
Sambruk ten days before the day the demo is loaded, with a deadline 30 days after that day
(so it lies ahead whenever the demo is loaded; a database kept long enough will see it pass,
and the round then shows as late — reload the demo). Nobody has answered yet: the to-do list
of `alingsas-remiss-kfn` shows the response to write; the invitations are in the outbox as
sent on the day the round was sent.

Everything is written through the consultation and strategy services. `load` is idempotent:
the 2018 round is loaded when the plan has no consultation round, the current round when no
round of its title exists; a second run does nothing.
"""

import datetime
from typing import TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format

from malbild.accounts.constants import Role
from malbild.accounts.models import User
from malbild.accounts.services import membership_set
from malbild.consultation import notices, services
from malbild.consultation.constants import CommentKind, DispositionKind, Position
from malbild.consultation.models import ConsultationRound
from malbild.consultation.permissions import Responder
from malbild.core.access import access_for
from malbild.organisation.models import Body, Organisation
from malbild.reports.render import render as render_report
from malbild.strategy import services as strategy_services
from malbild.strategy.models import Decision, FocusArea, Indicator, Section, SteeringDocument
from malbild.strategy.snapshot import upgrade

from .loader import demo_user
from .outbox import outbox_mark, sent_since

PASSWORD = "malbild-demo"
RESPONDENT = "alingsas-remiss-kfn"
PLAN_TITLE = "Handlingsplan Digital målbild för Alingsås kommun 2018–2020"
KFN = "Kultur- och fritidsnämnden"
MN = "Miljöskyddsnämnden"
KS = "Kommunstyrelsen"
KSAU = "Kommunstyrelsens arbetsutskott"
COMMITTEES = [
    KFN,
    MN,
    "Barn- och ungdomsnämnden",
    "Vård- och äldreomsorgsnämnden",
    "Socialnämnden",
    "Byggnadsnämnden",
]
COMPANIES = ["FABS AB", "Alingsåshem AB", "Alingsås Energi AB"]
ASSOCIATIONS = ["Alingsås och Vårgårda Räddningstjänstförbund"]
EXTERNAL = ["Föreningen Sambruk", "Kommunnätverket Kivos", "Internetstiftelsen i Sverige"]
CONSULTEES = COMMITTEES + COMPANIES + ASSOCIATIONS + EXTERNAL


CURRENT_TITLE = "Remiss: Handlingsplan Digital målbild 2021–2023 (förslag)"
CURRENT_PLAN_TITLE = "Handlingsplan Digital målbild för Alingsås kommun 2021–2023 (förslag)"
CURRENT_CONSULTEES = [KFN, MN, "Föreningen Sambruk"]
#: Days between sending the current round and loading the demo, and from then to the deadline.
CURRENT_SENT_DAYS_AGO = 10
CURRENT_DEADLINE_DAYS_AHEAD = 30
CURRENT_SECTIONS = [
    (
        "Bakgrund",
        "Handlingsplanen 2018–2020 har följts upp. Det här förslaget till en ny handlingsplan "
        "för 2021–2023 bygger på uppföljningen och på nämndernas synpunkter.",
    ),
    (
        "Synpunkter som efterfrågas",
        "Nämnderna och de externa intressenterna ombeds särskilt svara på om målområdena är "
        "rätt prioriterade och hur uppföljningen bör kopplas till budgetprocessen.",
    ),
]


def _at(day: str) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(12, 0), tzinfo=datetime.UTC
    )


def _date(day: str) -> datetime.date:
    return datetime.date.fromisoformat(day)


def load(*, stdout: TextIO) -> bool:
    """Load the 2018 round on the Alingsås action plan and the current, open round; False
    when both were there already (or Alingsås is missing)."""
    org = Organisation.objects.filter(slug="alingsas").first()
    plan = SteeringDocument.objects.for_org(org).filter(title=PLAN_TITLE).first() if org else None
    if plan is None:
        stdout.write("Consultation demo: the Alingsås action plan is missing, skipped.\n")
        return False
    loaded = False
    if not ConsultationRound.objects.filter(document=plan).exists():
        with transaction.atomic():
            _load(org, plan)
        stdout.write(
            "Consultation demo: the 2018 round on the action plan loaded (responses of "
            f"{KFN} and {MN}, extension, revised and approved version).\n"
        )
        loaded = True
    if not ConsultationRound.objects.for_org(org).filter(title=CURRENT_TITLE).exists():
        with transaction.atomic():
            round_ = _load_current(org)
        stdout.write(
            f"Consultation demo: the current round “{CURRENT_TITLE}” is open until "
            f"{round_.deadline:%Y-%m-%d} ({KFN} has not answered yet).\n"
        )
        loaded = True
    if not loaded:
        stdout.write("Consultation demo: already present, skipped.\n")
        return False
    stdout.write(f"Respondent account for {KFN}: {RESPONDENT} (password {PASSWORD}).\n")
    return True


def _minute_excerpt(org, response) -> bytes:
    """The committee's minute excerpt (protokollsutdrag) of its decision on the response, as
    a Word document through the report pipeline."""
    report = {
        "title": f"Protokollsutdrag, {KFN} 2018-03-19 § 14",
        "subject": "Yttrande över Handlingsplan för digitalisering",
        "cover": {
            "organisation": org.name,
            "facts": [("Dnr", "2018.032 KFN"), ("Sammanträdesdatum", "2018-03-19")],
        },
        "sections": [
            {
                "id": "beslut",
                "heading": "§ 14 Yttrande över Handlingsplan för digitalisering",
                "level": 1,
                "blocks": [
                    {"type": "paragraph", "text": p} for p in response.summary.split("\n\n")
                ],
            }
        ],
        "tables": [],
    }
    return render_report(report, "docx")


def _respondent(org, kfn: Body) -> User:
    """The demo respondent for the culture committee, given its role by the demo admin."""

    user = demo_user(username=RESPONDENT, organisation=org)
    admin = User.objects.filter(username="demo-admin").first()
    membership_set(
        access=access_for(admin, org) if admin else None,
        user=user,
        organisation=org,
        role=Role.RESPONDENT,
        bodies=[kfn],
    )
    return user


def _swedish_date(day: datetime.date) -> str:
    with translation.override("sv"):
        return date_format(day, "j F Y")


def _load_current(org) -> ConsultationRound:
    """The open round of today (see the module docstring): a draft plan under the vision,
    frozen and sent out, dated relative to today."""
    strategist = User.objects.filter(username="alingsas-strateg").first()
    access = access_for(strategist, org)
    bodies = {b.name: b for b in Body.objects.for_org(org)}
    _respondent(org, bodies[KFN])
    vision = SteeringDocument.objects.for_org(org).filter(kind="vision").order_by("pk").first()
    document = strategy_services.document_create(
        access=access,
        data={
            "kind": "action_plan",
            "title": CURRENT_PLAN_TITLE,
            "summary": "Förslag till handlingsplan för digital målbild 2021–2023, på remiss.",
            "period_start": 2021,
            "period_end": 2023,
            "parent": vision,
            "owning_body": bodies[KS],
            "process_owner": "Kommundirektören",
            "registry_number": "",
        },
    )
    for order, (heading, body) in enumerate(CURRENT_SECTIONS, start=1):
        strategy_services.section_create(
            access=access,
            document=document,
            data={"order": order, "heading": heading, "body": body},
        )
    version = strategy_services.version_freeze(
        access=access, document=document, label="Remissversion"
    )
    today = timezone.localdate()
    sent_on = today - datetime.timedelta(days=CURRENT_SENT_DAYS_AGO)
    deadline = today + datetime.timedelta(days=CURRENT_DEADLINE_DAYS_AHEAD)
    mark = outbox_mark()
    round_ = services.consultation_round_open(
        access=access,
        version=version,
        title=CURRENT_TITLE,
        instructions=(
            "Förslaget till ny handlingsplan remitteras till Kultur- och fritidsnämnden, "
            "Miljöskyddsnämnden och föreningen Sambruk. Remissvar ska ha inkommit till "
            f"kommunstyrelsen senast den {_swedish_date(deadline)}."
        ),
        sent_on=sent_on,
        deadline=deadline,
        bodies=[bodies[name] for name in CURRENT_CONSULTEES if name in bodies],
    )
    sent_since(mark, sent_on)  # the invitations, sent the day the round was sent
    return round_


def _load(org, plan: SteeringDocument) -> None:
    strategist = User.objects.filter(username="alingsas-strateg").first()
    access = access_for(strategist, org)
    bodies = {b.name: b for b in Body.objects.for_org(org)}
    _respondent(org, bodies[KFN])

    # 1. Freeze the consultation version and send it out (KSAU 2018-02-28 § 8).
    version = strategy_services.version_freeze(
        access=access, document=plan, label="Remissversion", note="Remitteras enligt KSAU § 8."
    )
    sent = (
        Decision.objects.for_org(org)
        .filter(body=bodies[KSAU], date=_date("2018-02-28"), paragraph="8")
        .first()
    )
    mark = outbox_mark()
    round_ = services.consultation_round_open(
        access=access,
        version=version,
        title="Remiss: Handlingsplan digital målbild för Alingsås kommun",
        instructions=(
            "Förslaget till handlingsplan för digital målbild remitteras till samtliga nämnder "
            "och kommunala bolag samt till Alingsås och Vårgårda Räddningstjänstförbund och "
            "de externa intressenterna föreningen Sambruk, kommunnätverket Kivos och "
            "Internetstiftelsen i Sverige. Remissvar ska ha inkommit till kommunstyrelsen "
            "senast den 5 april 2018."
        ),
        registry_number="2017.676 KS",
        sent_on=_date("2018-02-28"),
        deadline=_date("2018-04-05"),
        bodies=[bodies[name] for name in CONSULTEES if name in bodies],
        decision=sent or {"body": bodies[KSAU], "date": _date("2018-02-28"), "paragraph": "8"},
    )
    items = {(i["type"], i["label"]): i["uid"] for i in upgrade(version.snapshot)["items"]}

    def uid(type_: str, label: str) -> str:
        return items[(type_, label)]

    registrar = Responder(access=access)
    sent_since(mark, _date("2018-02-28"))  # the invitations

    # 2. The culture and leisure committee's response (000), on time.
    kfn = round_.consultees.get(body=bodies[KFN])
    kfn_response = services.response_save_draft(
        responder=registrar,
        consultee=kfn,
        data={
            "position": Position.SUPPORTS_WITH_CHANGES,
            "summary": (
                "Förvaltningen har tagit del av handlingsplanen och konstaterar att de digitala "
                "målbilderna är relevanta och viktiga för att ta vara på digitaliseringens "
                "möjligheter att utveckla Alingsås. Däremot saknas förankring i kultur- och "
                "fritidsnämndens verksamhetsområden som riktar sig till Alingsås medborgare i "
                "alla åldrar.\n\nKultur- och fritidsnämnden antar förvaltningens yttrande som "
                "sitt eget och överlämnar det till kommunstyrelsen."
            ),
            "decision_body": KFN,
            "decision_date": _date("2018-03-19"),
            "decision_paragraph": "14",
            "decision_registry_number": "2018.032 KFN",
        },
    )
    fa5 = FocusArea.objects.get(document=plan, number="5")
    kfn_area = services.comment_add(
        responder=registrar,
        response=kfn_response,
        data={
            "item_uid": uid("focus_area", str(fa5)),
            "kind": CommentKind.ADD,
            "text": (
                "Kultur- och fritidsförvaltningens verksamhetsområden och digitala utmaningar "
                "omnämns inte explicit i handlingsplanen. Mot bakgrund av nämndens "
                "digitaliseringssatsningar önskar förvaltningen att handlingsplanen också "
                "nämner dessa områden i en särskild uttalad målbild."
            ),
            "proposed_wording": "Ett eget målområde: Digitalisering och tillgängliggörande av "
            "kultur.",
        },
    )
    services.comment_add(
        responder=registrar,
        response=kfn_response,
        data={
            "item_uid": "",
            "kind": CommentKind.OTHER,
            "text": (
                "Pågående och planerade digitaliseringsåtgärder inom förvaltningen: meröppet "
                "bibliotek, e-utlån av böcker, biblioteksdatasystemet Koha, digitalisering av "
                "det lokala kulturarvet på Digitalt museum, upplevelsebaserad utställning i "
                "museet, digitalt biljettköp från Kulturhusets hemsida, upphandling och "
                "införande av boknings-, bidrags- och kassasystem, digital närvaro för "
                "kulturskolan på Arena för lärande."
            ),
        },
    )
    follow_up = Section.objects.get(document=plan, heading="Genomförande och uppföljning")
    kfn_follow = services.comment_add(
        responder=registrar,
        response=kfn_response,
        data={
            "item_uid": uid("section", follow_up.heading),
            "kind": CommentKind.CHANGE,
            "text": (
                "Det saknas information om hur uppföljningen av genomförda aktiviteter ska "
                "utformas och relateras till budget. Handlingsplanen bör uppdateras med denna "
                "information."
            ),
        },
    )
    # The committee's minute excerpt, attached as it would be (a public record with the
    # response: the portal offers it for download once the round is closed).
    services.attachment_add(
        responder=registrar,
        response=kfn_response,
        upload=SimpleUploadedFile(
            "Protokollsutdrag KFN 2018-03-19 § 14.docx",
            _minute_excerpt(org, kfn_response),
            content_type="application/octet-stream",
        ),
    )
    mark = outbox_mark()
    services.response_submit(
        responder=registrar, response=kfn_response, received_at=_at("2018-03-20")
    )
    sent_since(mark, _at("2018-03-20"))  # the receipt, the strategists' notice
    # What `send_reminders` would have sent: the reminder five days before the deadline to
    # those who had not answered, and the day after it the strategists' list of them.
    for day in ("2018-03-31", "2018-04-06"):
        mark = outbox_mark()
        notices.round_reminders(round_, _date(day))
        sent_since(mark, _date(day))

    # 3. The environment protection committee's response (002), after the first deadline.
    mn = round_.consultees.get(body=bodies[MN])
    mn_response = services.response_save_draft(
        responder=registrar,
        consultee=mn,
        data={
            "position": Position.SUPPORTS_WITH_CHANGES,
            "summary": (
                "Överlag anser Samhällsbyggnadskontoret, Tekniska förvaltningen och "
                "Miljöskyddskontoret att målbilden är relevant och viktig. Dock behöver vissa "
                "delar belysas och förtydligas för att den digitala målbilden ska vara "
                "genomförbar.\n\nMiljöskyddsnämnden antar förvaltningens yttrande som sitt "
                "eget och lämnar det som svar på remissen."
            ),
            "decision_body": MN,
            "decision_registry_number": "2018.018 MN",
        },
    )
    financing = Section.objects.get(document=plan, heading="Finansiering")
    mn_financing = services.comment_add(
        responder=registrar,
        response=mn_response,
        data={
            "item_uid": uid("section", financing.heading),
            "kind": CommentKind.CHANGE,
            "text": (
                "Det är inte möjligt att ta fram en handlingsplan för den digitala målbilden "
                "förrän finansieringen av de olika insatserna är förtydligad. För att avsätta "
                "interna resurser krävs en avsiktsförklaring för finansiering."
            ),
        },
    )
    e_archive_uid = next(
        i["uid"]
        for i in upgrade(version.snapshot)["items"]
        if i["type"] == "activity" and i["fields"].get("title") == "E-arkiv"
    )
    mn_archive = services.comment_add(
        responder=registrar,
        response=mn_response,
        data={
            "item_uid": e_archive_uid,
            "kind": CommentKind.OTHER,
            "text": (
                "Vi vill trycka på vikten av ett e-arkiv för att kunna erbjuda smarta e-tjänster "
                "som både erbjuder bättre service till kommuninvånarna och effektivare "
                "processer."
            ),
        },
    )
    count_indicator = Indicator.objects.get(document=plan, name="Antal e-tjänster")
    mn_count = services.comment_add(
        responder=registrar,
        response=mn_response,
        data={
            "item_uid": uid("indicator", count_indicator.name),
            "kind": CommentKind.CHANGE,
            "text": (
                "Vi ställer oss tveksamma till formuleringen ”Fler e-tjänster”. Att mäta antalet "
                "e-tjänster kan skapa fel fokus i digitaliseringen av verksamheterna. Det "
                "viktigaste är att e-tjänsterna håller en hög kvalitativ nivå."
            ),
            "proposed_wording": "Mät e-tjänsternas kvalitet och nyttjandegrad i stället för "
            "antalet.",
        },
    )
    fa8 = FocusArea.objects.get(document=plan, number="8")
    services.comment_add(
        responder=registrar,
        response=mn_response,
        data={
            "item_uid": uid("focus_area", str(fa8)),
            "kind": CommentKind.ADD,
            "text": (
                "Digitaliseringen behöver ett tydligt verksamhetsfokus. Verksamhetsutvecklare "
                "ska utgå från verksamhetens behov med stöd av IT och inte tvärtom."
            ),
        },
    )
    mark = outbox_mark()
    services.response_submit(
        responder=registrar, response=mn_response, received_at=_at("2018-04-16")
    )
    sent_since(mark, _at("2018-04-16"))

    # 4. KSAU 2018-04-25 § 53 extends the deadline.
    extension = (
        Decision.objects.for_org(org)
        .filter(body=bodies[KSAU], date=_date("2018-04-25"), paragraph="53")
        .first()
    )
    mark = outbox_mark()
    services.consultation_round_extend(
        access=access,
        round=round_,
        new_deadline=_date("2018-07-27"),
        reason="För att samtliga nämnder ska kunna behandla sina remissvar.",
        decision=extension
        or {"body": bodies[KSAU], "date": _date("2018-04-25"), "paragraph": "53"},
    )

    sent_since(mark, _date("2018-04-25"))  # the new date to those who had not answered
    round_.refresh_from_db()
    for day in ("2018-07-22", "2018-07-28"):
        mark = outbox_mark()
        notices.round_reminders(round_, _date(day))
        sent_since(mark, _date(day))

    # 5. Revise the working copy and record dispositions.
    strategy_services.item_update(
        access=access,
        instance=fa5,
        data={
            "description": fa5.description
            + " Kultur- och fritidsnämndens digitala satsningar – meröppna bibliotek, e-utlån, "
            "det digitala kulturarvet och digitalt biljettköp – är en del av målområdet."
        },
    )
    strategy_services.item_update(
        access=access,
        instance=follow_up,
        data={
            "body": follow_up.body
            + "\n\nVid avstämningen redovisas varje aktivitets status tillsammans med "
            "budgetutfallet mot planerade drift- och investeringsmedel."
        },
    )
    strategy_services.item_update(
        access=access,
        instance=count_indicator,
        data={
            "definition": count_indicator.definition
            + " Redovisas tillsammans med e-tjänsternas nyttjandegrad."
        },
    )
    for comment, kind, motivation, changed in (
        (
            kfn_area,
            DispositionKind.PARTLY_ACCEPTED,
            "Inget eget målområde, men nämndens satsningar nämns uttryckligen i målområdet "
            "Digitalt innanförskap och finns som aktiviteter i handlingsplanen.",
            [uid("focus_area", str(fa5))],
        ),
        (
            kfn_follow,
            DispositionKind.ACCEPTED,
            "Avsnittet om uppföljning beskriver nu hur aktiviteter följs upp mot budget.",
            [uid("section", follow_up.heading)],
        ),
        (
            mn_financing,
            DispositionKind.NOT_ACCEPTED,
            "Övergripande finansiering har säkerställts i flerårsstrategi 2018–2020 (KF "
            "2017-12-13 § 251); insatserna finansieras inom den.",
            [],
        ),
        (
            mn_count,
            DispositionKind.PARTLY_ACCEPTED,
            "Mätetalet behålls men redovisas tillsammans med nyttjandegraden.",
            [uid("indicator", count_indicator.name)],
        ),
        (
            mn_archive,
            DispositionKind.NOTED,
            "E-arkivet finns redan som aktivitet i handlingsplanen.",
            [],
        ),
    ):
        services.disposition_set(
            access=access,
            comment=comment,
            kind=kind,
            motivation=motivation,
            changed_item_uids=changed,
        )

    # 6. Freeze the revised version, close the round, approve (KS) → adopted.
    services.consultation_round_revise(
        access=access,
        round=round_,
        label="Reviderad efter remiss",
        note="Kommunledningskontoret har beaktat remissvaren och reviderat handlingsplanen.",
    )
    services.consultation_round_close(
        access=access,
        round=round_,
        note="Efter avslutad remissomgång har kommunledningskontoret beaktat svaren.",
        closed_at=_at("2018-08-23"),
    )
    services.consultation_round_adopt(
        access=access,
        round=round_,
        decision={
            "body": bodies[KS],
            "kind": "approval",
            "date": _date("2018-09-03"),
            "registry_number": "2017.676 KS",
            "title": "Handlingsplan Digital målbild för Alingsås kommun – öppen och smart",
            "text": (
                "Handlingsplan Digital målbild för Alingsås kommun – öppen och smart godkänns "
                "under förutsättning att kommunfullmäktige antar Digital målbild för Alingsås "
                "kommun – öppen och smart."
            ),
        },
        distribution=[bodies[n] for n in COMMITTEES + COMPANIES if n in bodies],
    )
