"""Demo follow-up data, loaded by `malbild demo` after the foundation (see malbild/demo).

Alingsås: the action plan "Handlingsplan Digital målbild för Alingsås kommun 2018–2020" gets
the SKL self-assessment and yearly follow-ups 2018 and 2019 (reported, approved, closed) and
2020 (open, partly reported: some submitted, some drafts, some missing, and one of the
culture committee's reports returned for correction, for the editor's to-do list). The 2020 period
covers the whole tree below the action plan (`include_descendants`): the committees' own plans
under it, whatever they are, are reported in it and appear in its one annual report.
Kristianstad: the digital agenda "Kristianstad e-kommun 2020" gets yearly follow-ups
2015–2019 (closed) with indicator values, among them the broadband share (≥ 100 Mbit/s)
against its 95 % target. The activities with a benefit calculation (malbild.demo.benefits,
loaded first: Alingsås' e-archive, Kristianstad's broadband expansion) report realised
benefits in these yearly periods: `BENEFIT_FACTORS` of the year's planned amount, the
described benefit in words (docs/adr/0022-benefit-realisation.md).

ILLUSTRATIVE: every reported figure, comment and answer is invented (plausible, derived
deterministically from the plan's own baselines, targets and budgets), not taken from the
municipalities' real follow-ups. Everything is written through followup.services by the demo
strategist or the culture committee's editor, so it is validated and audited. Idempotent: a
document that already has follow-up periods is skipped.
"""

import datetime
from decimal import Decimal
from typing import TextIO

from django.db import transaction

from malbild.accounts.models import User
from malbild.core.access import access_for
from malbild.followup import notices, selectors, services
from malbild.followup.data import period_activities, period_indicators
from malbild.followup.models import Question
from malbild.followup.scope import coverage
from malbild.followup.status import expected_value
from malbild.strategy.models import SteeringDocument

from .outbox import outbox_mark, sent_since

CULTURE_COMMITTEE = "Kultur- och fritidsnämnden"
ALINGSAS_PLAN = "Handlingsplan Digital målbild för Alingsås kommun 2018–2020"
KRISTIANSTAD_AGENDA = "Kristianstad e-kommun 2020"
BROADBAND_VALUES = {2015: "61", 2016: "68", 2017: "74", 2018: "81", 2019: "87"}

# Cycled per activity: (status, progress) reported in a year of the plan.
ACTIVITY_PATTERN = {
    2018: [("ongoing", 30), ("planned", 0), ("ongoing", 50), ("done", 100), ("postponed", 10)],
    2019: [("ongoing", 70), ("ongoing", 40), ("done", 100), ("done", 100), ("planned", 0)],
    2020: [("done", 100), ("ongoing", 60), ("done", 100), ("done", 100), ("ongoing", 20)],
}
COMMENTS = {
    "ongoing": "Arbetet pågår enligt plan; delar av leveransen är klar.",
    "planned": "Arbetet har inte startat, resurser saknas i år.",
    "done": "Klart och överlämnat till förvaltningen.",
    "postponed": "Skjuts upp till nästa år i väntan på upphandling.",
}
# Share of the planned benefit realised, per year of the follow-up (benefit realisation, ADR
# 0022): a slow first year, then close to plan. ILLUSTRATIVE, like every reported figure.
BENEFIT_FACTORS = {
    2015: Decimal("0.50"),
    2016: Decimal("0.70"),
    2017: Decimal("0.85"),
    2018: Decimal("0.60"),
    2019: Decimal("0.90"),
    2020: Decimal("1.05"),
}
BENEFIT_METHOD = (
    "Jämförelse med kostnaderna året före införandet, enligt ekonomienhetens uppföljning."
)
BENEFIT_TEXT = "Delvis uppnått: effekten märks i verksamheten men är ännu inte mätt fullt ut."
# Share of the path from the expected value actually reached, cycled per indicator.
VALUE_FACTORS = [Decimal("1.02"), Decimal("0.95"), Decimal("0.85"), Decimal("1.00")]
ANSWERS = ["fully", "partly", "partly", "not", "fully", "partly"]


def _user(username):

    return User.objects.filter(username=username).first()


def _period(access, document, year, question_set=None, *, tree=False):
    return services.period_create(
        access=access,
        document=document,
        data={
            "label": str(year),
            "start": datetime.date(year, 1, 1),
            "end": datetime.date(year, 12, 31),
            "deadline": datetime.date(year + 1, 1, 31),
            "question_set": question_set,
            "include_descendants": tree,
        },
    )


def _reporter(strategist, editor, body_id):
    if editor is not None and editor.can_edit_for_body(body_id) and not editor.can_edit_documents:
        return editor
    return strategist


def _report_activities(period, strategist, editor, *, only=None, submit=True):
    year = period.year
    pattern = ACTIVITY_PATTERN.get(year, ACTIVITY_PATTERN[2019])
    docs = coverage(period).scope.activity_documents
    acts = list(period_activities(period, documents=docs).prefetch_related("budget_lines"))
    for n, act in enumerate(acts):
        if only is not None and not only(n):
            continue
        status, progress = pattern[n % len(pattern)]
        if act.end_year is not None and act.end_year < year:
            # Followed up after its years for its benefits (ADR 0022): it is done.
            status, progress = "done", 100
        outcomes = {
            line.pk: (line.amount * Decimal(progress or 5) / 100).quantize(Decimal("1"))
            for line in act.budget_lines.all()
            if line.year == year
        }
        access = _reporter(strategist, editor, act.responsible_body_id)
        benefits = _realised_benefits(period, act)
        services.activity_report_save(
            access=access,
            period=period,
            activity=act,
            data={
                "status": status,
                "progress": progress,
                "comment": COMMENTS[status],
                "forecast": sum(outcomes.values(), Decimal(0)) or None,
            },
            outcomes=outcomes,
            benefits=benefits,
            submit=submit,
        )
    return len(acts)


def realised_value(planned: Decimal | None, year: int) -> Decimal:
    """The demo's realised benefit of a line planned at `planned` SEK in `year` (whole
    thousands; nothing when nothing was planned)."""
    factor = BENEFIT_FACTORS.get(year, Decimal("0.90"))
    return ((planned or Decimal(0)) * factor / 1000).quantize(Decimal("1")) * 1000


def _realised_benefits(period, activity) -> dict:
    """The realised benefits the demo reports for `activity`'s benefit calculation in
    `period` (monetised lines: a share of the year's planned amount; others in words)."""
    lines = selectors.activity_benefit_lines(period=period, activity=activity)
    return {
        line.pk: {
            "value": realised_value(line.planned.get(period.year), period.year)
            if line.monetised
            else None,
            "description": "" if line.monetised else BENEFIT_TEXT,
            "method": BENEFIT_METHOD,
        }
        for line in lines
    }


def _indicator_value(ind, targets, year, n):
    if ind.kind == "qualitative":
        return None, "Arbetet följer färdplanen i huvudsak; vissa delar är försenade."
    expected = expected_value(
        baseline_value=ind.baseline_value,
        baseline_year=ind.baseline_year,
        targets=targets,
        year=year,
    )
    if expected is None:
        return None, None
    factor = VALUE_FACTORS[n % len(VALUE_FACTORS)]
    if ind.direction == "decrease":
        factor = 2 - factor
    # Counts are whole numbers (the follow-up refuses decimals for them).
    step = Decimal(1) if ind.measure_type == "count" else Decimal("0.1")
    value = (expected * factor).quantize(step)
    if ind.unit.strip() == "%":
        value = min(value, Decimal(100))
    return value, ""


def _report_indicators(period, strategist, editor, *, only=None, submit=True, fixed=None):
    docs = coverage(period).scope.indicator_documents
    inds = list(period_indicators(period, documents=docs).prefetch_related("targets"))
    for n, ind in enumerate(inds):
        if only is not None and not only(n):
            continue
        targets = [(t.year, t.value) for t in ind.targets.all()]
        value, text = _indicator_value(ind, targets, period.year, n)
        if fixed and ind.name.startswith(fixed[0]):
            value, text = Decimal(fixed[1][period.year]), ""
        if value is None and not text:
            continue
        services.indicator_value_save(
            access=_reporter(strategist, editor, ind.responsible_body_id),
            period=period,
            indicator=ind,
            data={
                "value": value,
                "text": text or "",
                "measured_on": period.end,
                "source": "Kommunens egen uppföljning",
                "comment": "",
            },
            submit=submit,
        )


def _approve_all(period, strategist):
    for contribution in list(period.activity_reports.filter(state="submitted")) + list(
        period.indicator_values.filter(state="submitted")
    ):
        services.contribution_review(access=strategist, contribution=contribution, action="approve")


def _answer(period, strategist, question_set, shift):

    questions = Question.objects.filter(section__question_set=question_set).order_by(
        "section__order", "order", "id"
    )
    answers = {q.pk: (ANSWERS[(i + shift) % len(ANSWERS)], "") for i, q in enumerate(questions)}
    services.self_assessment_save(access=strategist, period=period, answers=answers)


def _load_alingsas(stdout: TextIO) -> None:

    document = SteeringDocument.objects.filter(
        organisation__slug="alingsas", title=ALINGSAS_PLAN
    ).first()
    if document is None or document.followup_periods.exists():
        stdout.write("Follow-up Alingsås: already present or no plan, skipped.\n")
        return
    org = document.organisation
    strategist = access_for(_user("alingsas-strateg"), org)
    editor = access_for(_user("alingsas-redaktor"), org)
    question_set = services.question_set_create_from_template(access=strategist)
    # The e-mail each step would have sent is dated when it would have been sent (outbox.py):
    # the period opened on 1 December, reviews two weeks after the deadline.
    for shift, year in enumerate((2018, 2019)):
        mark = outbox_mark()
        period = _period(strategist, document, year, question_set)
        sent_since(mark, datetime.date(year, 12, 1))
        _report_activities(period, strategist, editor)
        _report_indicators(period, strategist, editor)
        mark = outbox_mark()
        _approve_all(period, strategist)
        sent_since(mark, period.deadline + datetime.timedelta(days=14))
        _answer(period, strategist, question_set, shift)
        services.period_close(access=strategist, period=period)
    mark = outbox_mark()
    period = _period(strategist, document, 2020, question_set, tree=True)
    sent_since(mark, datetime.date(2020, 12, 1))
    _report_activities(period, strategist, editor, only=lambda n: n % 3 == 0)
    _report_activities(period, strategist, editor, only=lambda n: n % 3 == 1, submit=False)
    _report_indicators(period, strategist, editor, only=lambda n: n % 2 == 0)
    # The returned report's notice goes out before the reminders (dated a day before them).
    mark = outbox_mark()
    _return_one(period, strategist)
    sent_since(mark, period.deadline - datetime.timedelta(days=notices.reminder_days() + 1))
    # What `send_reminders` would have sent for 2020: the reminder before the deadline, the
    # overdue notice to the editors the day after, the escalation a week later.
    for offset in (-notices.reminder_days(), 1, notices.escalation_days()):
        day = period.deadline + datetime.timedelta(days=offset)
        mark = outbox_mark()
        notices.period_reminders(period, day)
        sent_since(mark, day)
    stdout.write(
        "Follow-up Alingsås: 2018 and 2019 closed, 2020 (the whole tree) open and partly "
        "reported, one report of the culture committee returned for correction.\n"
    )


def _return_one(period, strategist) -> None:
    """The strategist returns the culture committee's first submitted activity report of the
    open period with a comment, so the editor's to-do list has a report to correct."""
    report = (
        period.activity_reports.filter(
            state="submitted", activity__responsible_body__name=CULTURE_COMMITTEE
        )
        .order_by("activity__number", "id")
        .first()
    )
    if report is not None:
        services.contribution_review(
            access=strategist,
            contribution=report,
            action="return",
            comment="Ange årets utfall mot budgeten, som nämnden själv efterfrågade i remissvaret.",
        )


def _load_kristianstad(stdout: TextIO) -> None:

    document = SteeringDocument.objects.filter(
        organisation__slug="kristianstad", title=KRISTIANSTAD_AGENDA
    ).first()
    if document is None or document.followup_periods.exists():
        stdout.write("Follow-up Kristianstad: already present or no agenda, skipped.\n")
        return
    strategist = access_for(_user("kristianstad-strateg"), document.organisation)
    question_set = services.question_set_create_from_template(access=strategist)
    for shift, year in enumerate(sorted(BROADBAND_VALUES)):
        period = _period(strategist, document, year, question_set)
        _report_activities(period, strategist, None)
        _report_indicators(
            period,
            strategist,
            None,
            fixed=("Andel hushåll med möjlighet att ansluta sig till bredband", BROADBAND_VALUES),
        )
        _approve_all(period, strategist)
        _answer(period, strategist, question_set, shift)
        services.period_close(access=strategist, period=period)
    stdout.write("Follow-up Kristianstad: 2015–2019 closed with indicator values.\n")


def load(*, stdout: TextIO) -> None:
    """Load the demo follow-ups (each organisation in one transaction; idempotent)."""
    for loader in (_load_alingsas, _load_kristianstad):
        with transaction.atomic():
            loader(stdout)
