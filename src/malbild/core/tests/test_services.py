"""Generic writes validate, refuse cross-organisation relations, write the audit entry in the
same transaction and leave nothing behind when rejected."""

import pytest
from django.core.exceptions import ValidationError

from malbild.actionplan.models import Activity
from malbild.core.models import AuditEntry
from malbild.core.services import model_create, model_delete, model_update
from malbild.core.tests.factories import BodyFactory
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory


def test_create_update_delete_are_audited_with_field_changes(org, body, strategist):
    doc = DocumentFactory(organisation=org)
    act = model_create(
        model=Activity,
        actor=strategist,
        data={"organisation": org, "document": doc, "title": "E-arkiv", "responsible_body": body},
    )
    created = AuditEntry.objects.get(model="actionplan.activity", action="create")
    assert created.actor == strategist and created.organisation == org
    assert created.changes["title"] == [None, "E-arkiv"]

    model_update(
        instance=act, actor=strategist, data={"title": "E-arkiv steg 1"}, fields=("title",)
    )
    updated = AuditEntry.objects.get(model="actionplan.activity", action="update")
    assert updated.changes == {"title": ["E-arkiv", "E-arkiv steg 1"]}

    pk = act.pk
    model_delete(instance=act, actor=strategist)
    deleted = AuditEntry.objects.get(model="actionplan.activity", action="delete")
    assert deleted.object_id == str(pk) and deleted.changes["title"][0] == "E-arkiv steg 1"


def test_invalid_data_changes_nothing(org, body, strategist):
    doc = DocumentFactory(organisation=org)
    with pytest.raises(ValidationError) as exc:
        model_create(
            model=Activity,
            actor=strategist,
            data={
                "organisation": org,
                "document": doc,
                "title": "X",
                "responsible_body": body,
                "start_year": 2020,
                "end_year": 2019,
            },
        )
    assert "end_year" in exc.value.message_dict
    assert Activity.objects.count() == 0
    assert not AuditEntry.objects.filter(model="actionplan.activity").exists()


def test_update_rejected_keeps_database(org, body, strategist):
    doc = DocumentFactory(organisation=org)
    act = Activity.objects.create(organisation=org, document=doc, title="A", responsible_body=body)
    with pytest.raises(ValidationError):
        model_update(instance=act, actor=strategist, data={"title": ""}, fields=("title",))
    act.refresh_from_db()
    assert act.title == "A"
    assert not AuditEntry.objects.filter(action="update").exists()


def test_relation_into_other_organisation_is_refused(org, other_org, strategist):
    doc = DocumentFactory(organisation=org)
    foreign_body = BodyFactory(organisation=other_org)
    with pytest.raises(ValidationError) as exc:
        model_create(
            model=Activity,
            actor=strategist,
            data={
                "organisation": org,
                "document": doc,
                "title": "X",
                "responsible_body": foreign_body,
            },
        )
    assert "responsible_body" in exc.value.message_dict
    foreign_fa = FocusAreaFactory(document=DocumentFactory(organisation=other_org))
    body = BodyFactory(organisation=org)
    with pytest.raises(ValidationError) as exc:
        model_create(
            model=Activity,
            actor=strategist,
            data={"organisation": org, "document": doc, "title": "X", "responsible_body": body},
            m2m={"focus_areas": [foreign_fa]},
        )
    assert "focus_areas" in exc.value.message_dict
    assert Activity.objects.count() == 0
