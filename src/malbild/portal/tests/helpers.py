"""Building a published portal for the tests: a document with its tree, adopted as a frozen
version, a closed follow-up period with approved and unapproved reports, an open period, a
closed consultation round (a submitted response, a draft, a secret link) and an open round;
and beside it a document that is not published, with its own recognisable names."""

import datetime
import hashlib
import uuid
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.consultation.constants import DispositionKind, ResponseStatus, RoundStatus
from malbild.consultation.models import Attachment, Disposition, SecretLink
from malbild.consultation.tests.factories import (
    CommentFactory,
    ConsulteeFactory,
    ResponseFactory,
    RoundFactory,
    VersionFactory,
)
from malbild.core.access import access_for
from malbild.followup.services import period_close
from malbild.followup.tests.factories import (
    ActivityReportFactory,
    IndicatorValueFactory,
    PeriodFactory,
)
from malbild.portal import services
from malbild.strategy.models import SteeringDocument
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    SectionFactory,
)

SECRET = "Hemligt"
#: The name of the file attached to the first submitted response of the closed round.
PUBLIC_FILE = "Protokollsutdrag – nämndens yttrande, bilaga å.pdf"
#: The Kolada KPI of each portal's first indicator.
KOLADA_KPI = "N07900"


@dataclass
class Portal:
    document: SteeringDocument
    hidden: SteeringDocument
    activities: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    closed_period: object = None
    open_period: object = None
    closed_round: object = None
    open_round: object = None
    #: The attachment the public may download, and those it may not (a draft's, an open
    #: round's).
    public_file: object = None
    hidden_files: list = field(default_factory=list)


def attach(response, name: str, text: str) -> Attachment:
    """A PDF-named file with `text` attached to `response` (stored like an upload)."""
    data = f"%PDF-1.4\n% {text}\n%%EOF\n".encode()
    attachment = Attachment(
        organisation=response.organisation,
        response=response,
        original_name=name,
        file_type="pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    attachment.file.save("upload", ContentFile(data), save=False)
    attachment.save()
    return attachment


def _tree(org, document, size: int, prefix: str):
    SectionFactory(document=document, organisation=org, heading=f"{prefix} inledning")
    activities, indicators = [], []
    for n in range(size):
        area = FocusAreaFactory(
            document=document, organisation=org, number=str(n + 1), title=f"{prefix} område {n}"
        )
        goal = GoalFactory(focus_area=area, organisation=org, title=f"{prefix} mål {n}")
        ind = IndicatorFactory(
            document=document,
            organisation=org,
            name=f"{prefix} indikator {n}",
            baseline_value=40,
            baseline_year=2017,
            # The first is compared in Kolada (KOLADA_KPI; no values stored unless a test does).
            **({"source": "kolada", "kolada_kpi": KOLADA_KPI} if n == 0 else {}),
        )
        ind.focus_areas.add(area)
        ind.goals.add(goal)
        IndicatorTargetFactory(indicator=ind, organisation=org, year=2020, value=80)
        act = ActivityFactory(
            document=document,
            organisation=org,
            title=f"{prefix} åtgärd {n}",
            primary_focus_area=area,
        )
        act.focus_areas.add(area)
        BudgetLineFactory(activity=act, organisation=org, year=2018, amount=1000 * (n + 1))
        activities.append(act)
        indicators.append(ind)
    return activities, indicators


def _adopt(document, org):
    version = VersionFactory(document=document, organisation=org, status_at_freeze="adopted")
    SteeringDocument.objects.filter(pk=document.pk).update(
        status="adopted", adopted_version=version
    )
    document.refresh_from_db()
    return version


def build_portal(org, admin_user, *, size: int = 2, enabled: bool = True) -> Portal:
    """A published portal of `size` focus areas (each with a goal, an indicator and an
    activity) and the unpublished document beside it."""
    admin = access_for(admin_user, org)
    document = DocumentFactory(organisation=org, title="Handlingsplan för digitalisering")
    activities, indicators = _tree(org, document, size, "Publicerad")
    consulted = VersionFactory(document=document, organisation=org, status_at_freeze="draft")
    _adopt(document, org)

    hidden = DocumentFactory(organisation=org, title=f"{SECRET} plan")
    _tree(org, hidden, 1, SECRET)
    _adopt(hidden, org)

    closed = PeriodFactory(
        document=document,
        organisation=org,
        start=datetime.date(2018, 1, 1),
        end=datetime.date(2018, 12, 31),
        deadline=datetime.date(2019, 1, 31),
    )
    for n, act in enumerate(activities):
        ActivityReportFactory(
            period=closed,
            activity=act,
            organisation=org,
            status="ongoing",
            comment=f"Godkänd kommentar {n}" if n % 2 == 0 else f"{SECRET} inlämnad {n}",
            state="approved" if n % 2 == 0 else "submitted",
        )
    for ind in indicators:
        IndicatorValueFactory(
            period=closed,
            indicator=ind,
            organisation=org,
            value=55,
            measured_on=datetime.date(2018, 12, 31),
            state="approved",
        )
    period_close(access=admin, period=closed)
    closed.refresh_from_db()
    open_period = PeriodFactory(
        document=document,
        organisation=org,
        start=datetime.date(2019, 1, 1),
        end=datetime.date(2019, 12, 31),
        deadline=datetime.date(2020, 1, 31),
    )
    ActivityReportFactory(
        period=open_period,
        activity=activities[0],
        organisation=org,
        comment=f"{SECRET} pågående period",
        state="approved",
    )

    closed_round = RoundFactory(
        version=consulted,
        document=document,
        organisation=org,
        title="Remiss av handlingsplanen",
        status=RoundStatus.CLOSED,
        close_note=f"{SECRET} anteckning vid stängning",
    )
    responses = []
    for n in range(size):
        consultee = ConsulteeFactory(round=closed_round, organisation=org)
        response = ResponseFactory(
            consultee=consultee, organisation=org, submitted=True, summary=f"Yttrande {n}"
        )
        responses.append(response)
        comment = CommentFactory(
            response=response,
            organisation=org,
            text=f"Synpunkt i remissen {n}",
            item_uid=str(activities[0].uid),
            item_type="activity",
            item_label=activities[0].title,
        )
        Disposition.objects.create(
            organisation=org,
            comment=comment,
            kind=DispositionKind.ACCEPTED,
            motivation=f"Bemötande {n}",
        )
    drafting = ConsulteeFactory(round=closed_round, organisation=org)
    draft = ResponseFactory(
        consultee=drafting,
        organisation=org,
        status=ResponseStatus.DRAFT,
        summary=f"{SECRET} utkast till yttrande",
    )
    SecretLink.objects.create(
        organisation=org,
        consultee=drafting,
        token_hash=uuid.uuid4().hex * 2,
        email="hemlig@example.org",
    )
    open_round = RoundFactory(
        version=consulted, document=document, organisation=org, title=f"{SECRET} öppen remiss"
    )
    public_file = attach(responses[0], PUBLIC_FILE, f"{org.slug} offentlig handling")
    early = ResponseFactory(
        consultee=ConsulteeFactory(round=open_round, organisation=org),
        organisation=org,
        submitted=True,
        summary=f"{SECRET} svar i öppen remiss",
    )
    hidden_files = [
        attach(draft, f"{SECRET} utkast.pdf", f"{org.slug} {SECRET} utkast"),
        attach(early, f"{SECRET} öppen.pdf", f"{org.slug} {SECRET} öppen remiss"),
    ]

    services.portal_settings_update(access=admin, data={"enabled": enabled})
    services.document_publication_set(access=admin, document=document, published=True)
    document.refresh_from_db()
    return Portal(
        document=document,
        hidden=hidden,
        activities=activities,
        indicators=indicators,
        closed_period=closed,
        open_period=open_period,
        closed_round=closed_round,
        open_round=open_round,
        public_file=public_file,
        hidden_files=hidden_files,
    )
