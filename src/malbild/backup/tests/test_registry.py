"""The backup's table list is complete by construction: every model that reaches an
organisation or a user through its foreign keys (directly or via its parent) is backed up or
excluded with a reason, and the tables are in dependency order."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from malbild.backup.archive import table_model
from malbild.backup.registry import EXCLUDED, TABLES
from malbild.organisation.models import Organisation


def _reaching_org_or_user() -> set[str]:
    roots = {Organisation, get_user_model()}
    every = list(apps.get_models(include_auto_created=True))
    found = {m for m in every if m in roots}
    grew = True
    while grew:
        grew = False
        for model in every:
            if model in found:
                continue
            targets = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
            if targets & found:
                found.add(model)
                grew = True
    return {m._meta.label for m in found}


def test_every_model_of_an_organisation_or_user_is_backed_up_or_excluded():
    backed_up = {t.label for t in TABLES}
    missing = _reaching_org_or_user() - backed_up - set(EXCLUDED)
    assert missing == set(), f"add these to backup/registry.py TABLES or EXCLUDED: {missing}"
    assert not backed_up & set(EXCLUDED)
    assert all(reason.strip() for reason in EXCLUDED.values())


def test_every_listed_table_exists_once():
    labels = [t.label for t in TABLES]
    assert len(labels) == len(set(labels))
    for label in labels + list(EXCLUDED):
        assert table_model(label)._meta.label == label


def test_tables_come_after_the_tables_they_need():
    """A row's required (non-null) foreign keys point at tables listed before it; nullable
    ones may point forward (a document's adopted version), the database checks them at
    commit."""
    position = {t.label: i for i, t in enumerate(TABLES)}
    for label, i in position.items():
        for f in table_model(label)._meta.concrete_fields:
            if not f.is_relation or f.null or f.related_model is table_model(label):
                continue
            target = f.related_model._meta.label
            assert target in position, f"{label}.{f.name} needs {target}, not backed up"
            assert position[target] < i, f"{label}.{f.name} needs {target} first"


def test_scopes_are_known():
    for t in TABLES:
        model = table_model(t.label)
        assert t.scope in ("org", "organisation", "users") or t.scope.startswith("via:")
        if t.scope == "org":
            assert isinstance(model._meta.get_field("organisation"), models.ForeignKey)
        if t.scope.startswith("via:"):
            assert model._meta.get_field(t.scope[4:]).is_relation
