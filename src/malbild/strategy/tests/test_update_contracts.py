"""Every update service of the strategy app writes only what changed and refuses a stale
version (docs/adr/0007-optimistic-locking.md): document_update, document_transition,
item_update (section, overall goal, focus area, goal, indicator), indicator_target_set (an
existing target) and decision_update. Named events carry a registered label."""

import pytest

from malbild.core.events import event_label
from malbild.core.models import AuditEntry
from malbild.core.tests.contracts import assert_stale_refused, assert_writes_only
from malbild.core.tests.factories import BodyFactory
from malbild.strategy import services
from malbild.strategy.models import (
    Decision,
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    OverallGoal,
    Section,
    SteeringDocument,
)
from malbild.strategy.tests.factories import (
    DecisionFactory,
    DocumentFactory,
    FocusAreaFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    OverallGoalFactory,
    SectionFactory,
)


@pytest.fixture
def access(strategist, access_of):
    return access_of(strategist)


def _fresh(obj):
    return type(obj)._base_manager.get(pk=obj.pk)


ITEMS = {
    "section": (SectionFactory, Section, {"heading": "Ny rubrik", "body": "Text med **fetstil**."}),
    "overall goal": (OverallGoalFactory, OverallGoal, {"title": "Nytt mål", "description": ""}),
    "focus area": (FocusAreaFactory, FocusArea, {"title": "Nytt område", "goal_text": None}),
    "goal": (GoalFactory, Goal, {"title": "Nytt mål", "description": ""}),
    "indicator": (IndicatorFactory, Indicator, {"name": "Nytt mätetal", "unit": "%"}),
}


def _item(factory, org, body):
    if factory is GoalFactory:
        return factory(focus_area=FocusAreaFactory(document=DocumentFactory(organisation=org)))
    if factory is IndicatorFactory:
        return factory(document=DocumentFactory(organisation=org), responsible_body=body)
    return factory(document=DocumentFactory(organisation=org))


@pytest.mark.parametrize("kind", ITEMS)
def test_item_update_writes_only_changes_and_refuses_stale(kind, org, body, access):
    factory, model, data = ITEMS[kind]
    item = _item(factory, org, body)
    # Unchanged values (the current ones) are passed along and must not be written.
    data = {k: (getattr(item, k) if v is None else v) for k, v in data.items()}
    unchanged = {k for k, v in data.items() if getattr(item, k) == v}
    assert_writes_only(
        model,
        lambda: services.item_update(access=access, instance=_fresh(item), data=data),
        set(data) - unchanged,
    )
    assert_stale_refused(
        _fresh(item),
        lambda stale: services.item_update(access=access, instance=stale, data={"order": 99}),
    )


def test_item_update_of_many_to_many_writes_only_the_relation(org, access):
    document = DocumentFactory(organisation=org)
    fa = FocusAreaFactory(document=document)
    og = OverallGoalFactory(document=document)
    assert_writes_only(
        FocusArea,
        lambda: services.item_update(
            access=access,
            instance=_fresh(fa),
            data={"title": fa.title},
            m2m={"overall_goals": [og]},
        ),
        {"overall_goals"},
    )


def test_document_update(org, access):
    document = DocumentFactory(organisation=org, summary="Kort")
    assert_writes_only(
        SteeringDocument,
        lambda: services.document_update(
            access=access, document=_fresh(document), data={"title": "Ny", "summary": "Kort"}
        ),
        {"title"},
    )
    assert_stale_refused(
        _fresh(document),
        lambda stale: services.document_update(access=access, document=stale, data={"title": "x"}),
    )


def test_document_transition(org, access):
    document = DocumentFactory(organisation=org)
    assert_writes_only(
        SteeringDocument,
        lambda: services.document_transition(
            access=access, document=_fresh(document), status="in_consultation"
        ),
        {"status"},
    )
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry.event == "strategy.document_in_consultation"
    assert_stale_refused(
        _fresh(document),
        lambda stale: services.document_transition(access=access, document=stale, status="draft"),
    )


def test_indicator_target_set_on_an_existing_target(org, body, access):
    target = IndicatorTargetFactory(
        indicator=IndicatorFactory(
            document=DocumentFactory(organisation=org), responsible_body=body
        ),
        year=2020,
        value=95,
        text="",
    )
    assert_writes_only(
        IndicatorTarget,
        lambda: services.indicator_target_set(
            access=access,
            indicator=target.indicator,
            year=2020,
            value=_fresh(target).value,
            text="Högt",
        ),
        {"text"},
    )
    assert AuditEntry.objects.order_by("-id").first().event == "strategy.target_set"
    from malbild.core.locking import expect_version

    # The version the edit was made from (web form or If-Match) registered for the target.
    stale = _fresh(target)
    assert_stale_refused(
        stale,
        lambda stale: _with_version(
            expect_version,
            stale,
            lambda: services.indicator_target_set(
                access=access, indicator=target.indicator, year=2020, value=1
            ),
        ),
    )


def _with_version(expect_version, instance, run):
    with expect_version(instance, instance.lock_version):
        return run()


def test_decision_update(org, body, access):
    decision = DecisionFactory(body=body, title="Beslut", text="")
    other = BodyFactory(organisation=org)
    assert_writes_only(
        Decision,
        lambda: services.decision_update(
            access=access,
            decision=_fresh(decision),
            data={"title": "Beslut", "text": "Ny text"},
            m2m={"distribution": [other]},
        ),
        {"text", "distribution"},
    )
    assert_stale_refused(
        _fresh(decision),
        lambda stale: services.decision_update(access=access, decision=stale, data={"title": "x"}),
    )


def test_named_events_have_labels_in_swedish(org, access, settings):
    from django.utils import translation

    with translation.override("sv"):
        assert event_label("strategy.document_adopted") == "Dokumentet antaget"
        assert event_label("strategy.version_frozen") == "Version fryst"
        assert event_label("strategy.decision_recorded") == "Beslut registrerat"
        assert event_label("strategy.target_set") == "Målvärde satt"
    with translation.override("en"):
        assert event_label("strategy.target_removed") == "Target removed"
    decision = services.decision_create(
        access=access,
        data={"body": BodyFactory(organisation=org), "date": "2024-01-02", "title": "B"},
    )
    assert AuditEntry.objects.get(object_id=str(decision.pk), model="strategy.decision").event == (
        "strategy.decision_recorded"
    )
