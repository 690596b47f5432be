"""Document services: lifecycle transitions follow the table, permissions per role, items
linked only within the document's family, protected deletes refused with a message."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from malbild.actionplan.tests.factories import ActivityFactory
from malbild.core.models import AuditEntry
from malbild.strategy import services
from malbild.strategy.constants import DocumentStatus
from malbild.strategy.tests.factories import (
    DocumentFactory,
    FocusAreaFactory,
    IndicatorFactory,
)
from malbild.strategy.workflow import DOCUMENT_TRANSITIONS


@pytest.mark.parametrize(
    ("current", "target"),
    [(c, t) for c in DocumentStatus.values for t in DocumentStatus.values if c != t],
)
def test_document_transition_table(org, strategist, access_of, current, target):
    doc = DocumentFactory(organisation=org, status=current)
    allowed = target in DOCUMENT_TRANSITIONS[current]
    if allowed:
        services.document_transition(access=access_of(strategist), document=doc, status=target)
        doc.refresh_from_db()
        assert doc.status == target
        assert AuditEntry.objects.filter(action="transition", object_id=str(doc.pk)).exists()
    else:
        with pytest.raises(ValidationError):
            services.document_transition(access=access_of(strategist), document=doc, status=target)
        doc.refresh_from_db()
        assert doc.status == current


def test_update_cannot_change_status_directly(org, strategist, access_of):
    doc = DocumentFactory(organisation=org)
    services.document_update(
        access=access_of(strategist), document=doc, data={"status": "adopted", "title": "Ny"}
    )
    doc.refresh_from_db()
    assert (doc.status, doc.title) == ("draft", "Ny")


@pytest.mark.parametrize("who", ["reader", "editor"])
def test_only_strategists_edit_documents(org, request, access_of, who):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.document_create(access=access_of(user), data={"kind": "vision", "title": "X"})


def test_editor_edits_only_own_indicators(org, editor, body, other_body, access_of):
    doc = DocumentFactory(organisation=org)
    own = IndicatorFactory(document=doc, responsible_body=body)
    other = IndicatorFactory(document=doc, responsible_body=other_body)
    access = access_of(editor)
    services.item_update(access=access, instance=own, data={"unit": "antal"})
    with pytest.raises(PermissionDenied):
        services.item_update(access=access, instance=other, data={"unit": "antal"})
    with pytest.raises(PermissionDenied):
        services.item_update(access=access, instance=own, data={"responsible_body": other_body})


def test_focus_areas_only_from_document_family(org, strategist, access_of):
    vision = DocumentFactory(organisation=org, kind="vision")
    plan = DocumentFactory(organisation=org, parent=vision)
    unrelated = DocumentFactory(organisation=org)
    vision_fa = FocusAreaFactory(document=vision)
    stray_fa = FocusAreaFactory(document=unrelated)
    access = access_of(strategist)
    ind = services.indicator_create(
        access=access, document=plan, data={"name": "Andel"}, m2m={"focus_areas": [vision_fa]}
    )
    assert list(ind.focus_areas.all()) == [vision_fa]
    with pytest.raises(ValidationError):
        services.indicator_create(
            access=access, document=plan, data={"name": "B"}, m2m={"focus_areas": [stray_fa]}
        )


def test_protected_delete_is_refused_with_message(org, body, strategist, access_of):
    doc = DocumentFactory(organisation=org, owning_body=body)
    ActivityFactory(document=doc, responsible_body=body)
    from malbild.core.tests.factories import UserFactory
    from malbild.organisation.services import body_delete

    admin = UserFactory(role="admin", organisation=org)
    with pytest.raises(ValidationError):
        body_delete(access=access_of(admin), body=body)
    body.refresh_from_db()


def test_target_set_creates_then_updates(org, strategist, access_of):
    ind = IndicatorFactory(document=DocumentFactory(organisation=org))
    access = access_of(strategist)
    t = services.indicator_target_set(access=access, indicator=ind, year=2020, value=95)
    t2 = services.indicator_target_set(access=access, indicator=ind, year=2020, value=96)
    assert t.pk == t2.pk and ind.targets.get().value == 96
    with pytest.raises(ValidationError):
        services.indicator_target_set(access=access, indicator=ind, year=2021)
