"""A plan on several levels for tests: strategy → action plan → committee plans.

The strategy has the overall goals, focus areas, goals and indicators; the action plan and the
committee plans have none of their own and only activities that serve the strategy's focus
areas (as the measured Alingsås-like tree of issue #9 §1)."""

from dataclasses import dataclass, field
from decimal import Decimal

from malbild.actionplan.tests.factories import ActivityFactory, BudgetLineFactory
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    OverallGoalFactory,
    SectionFactory,
)


@dataclass
class Levels:
    strategy: object
    plan: object
    committee_plans: list
    focus_areas: list
    goals: list
    overall_goal: object
    activities: dict = field(default_factory=dict)  # document pk → [activity]


def activity(document, body, areas, amounts=(), *, primary=None, goals=(), status="planned"):
    """An activity serving `areas` (primary: `primary` or the first) with budget lines."""
    act = ActivityFactory(document=document, responsible_body=body, status=status)
    act.focus_areas.set(areas)
    act.goals.set(goals)
    if areas:
        act.primary_focus_area = primary or areas[0]
        act.save(update_fields=["primary_focus_area"])
    for amount in amounts:
        BudgetLineFactory(activity=act, amount=Decimal(amount))
    return act


def build_levels(org, body, *, plan_activities=3, committee_plans=2, depth=1) -> Levels:
    """strategy → action plan → `committee_plans` committee plans (each `depth` levels of
    sub-plans deep). The first committee plan's activities state 5 700 000 kr."""
    strategy = DocumentFactory(organisation=org, kind="vision", title="Strategi")
    SectionFactory(document=strategy, heading="Inledning")
    overall = OverallGoalFactory(document=strategy, title="Öppen kommun")
    areas = [
        FocusAreaFactory(document=strategy, number=str(n), title=f"Område {n}", order=n)
        for n in (1, 2, 3)
    ]
    for fa in areas:
        fa.overall_goals.add(overall)
    goals = [GoalFactory(focus_area=fa, title=f"Mål för {fa.title}") for fa in areas]
    ind = IndicatorFactory(document=strategy, responsible_body=body, name="Andel e-tjänster")
    ind.focus_areas.add(areas[0])
    ind.goals.add(goals[0])
    plan = DocumentFactory(organisation=org, parent=strategy, title="Handlingsplan")
    SectionFactory(document=plan, heading="Genomförande")
    levels = Levels(strategy, plan, [], areas, goals, overall)
    levels.activities[plan.pk] = [
        activity(plan, body, [areas[n % 3]], [100000], status="ongoing")
        for n in range(plan_activities)
    ]
    for c in range(committee_plans):
        parent = plan
        for d in range(depth):
            doc = DocumentFactory(
                organisation=org,
                kind="sub_plan",
                parent=parent,
                title=f"Nämndplan {c + 1}" + (f" nivå {d + 1}" if d else ""),
            )
            SectionFactory(document=doc, heading=f"Nämndens text {c + 1}.{d + 1}")
            levels.committee_plans.append(doc)
            parent = doc
        if c == 0:
            acts = [
                activity(doc, body, [areas[0]], [2000000, 500000], goals=[goals[0]]),
                # Serves two areas; counted only under its primary one (area 2).
                activity(doc, body, [areas[0], areas[1]], [3000000], primary=areas[1]),
                activity(doc, body, [], [200000], status="done"),  # not linked
            ]
        else:
            acts = [activity(doc, body, [areas[2]], [50000])]
        levels.activities[doc.pk] = acts
    return levels
