"""`malbild demo` is idempotent (a second run changes no row and writes no audit entry),
leaves an existing organisation alone, rolls an organisation back as a whole when loading
fails, and runs the extension loaders (consultation, follow-up) that exist."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from malbild.accounts.models import Membership, User
from malbild.actionplan.models import Activity, BudgetLine
from malbild.catalogue.models import CatalogueItem
from malbild.core.models import AuditEntry
from malbild.core.tests.factories import OrganisationFactory
from malbild.demo import loader
from malbild.demo.tests import fake_extension
from malbild.organisation.models import Body, Organisation
from malbild.strategy.models import (
    Decision,
    DocumentVersion,
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    OverallGoal,
    Section,
    SteeringDocument,
)

COUNTED = [
    Organisation,
    Body,
    User,
    Membership,
    CatalogueItem,
    SteeringDocument,
    Section,
    OverallGoal,
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    Activity,
    BudgetLine,
    Decision,
    DocumentVersion,
    AuditEntry,
]


def run_demo(*args) -> str:
    out = StringIO()
    call_command("demo", "--no-extensions", *args, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def test_second_run_changes_nothing(db):
    run_demo()
    before = counts()
    output = run_demo()
    assert counts() == before
    assert "Alingsås kommun (alingsas): already present, skipped." in output
    assert "Kristianstads kommun (kristianstad): already present, skipped." in output


def test_full_command_with_extensions_is_idempotent(db):
    """The whole `malbild demo` — with the consultation and follow-up loaders where they
    exist — changes nothing when run a second time."""
    call_command("demo", stdout=StringIO())
    before = counts()
    call_command("demo", stdout=StringIO())
    assert counts() == before


def test_existing_organisation_is_skipped_and_left_alone(db):
    existing = OrganisationFactory(name="Alingsås (egen)", slug="alingsas")
    output = run_demo()
    existing.refresh_from_db()
    assert existing.name == "Alingsås (egen)"
    assert not Body.objects.filter(organisation=existing).exists()
    assert "already present, skipped" in output
    assert SteeringDocument.objects.filter(organisation__slug="kristianstad").count() == 1


def test_failure_rolls_back_the_whole_organisation(db, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"date": "refused by the test"})

    monkeypatch.setattr(loader, "decision_create", refuse)
    with pytest.raises(ValidationError):
        run_demo()
    assert not Organisation.objects.exists()
    assert not Body.objects.exists()
    assert not User.objects.exists()
    assert not AuditEntry.objects.exists()


def test_extensions_are_called_when_their_module_exists():
    fake_extension.CALLS.clear()
    out = StringIO()
    called = loader.run_extensions(
        stdout=out,
        modules=("malbild.demo.tests.fake_extension", "malbild.nonexistent_app.demo"),
    )
    assert called == ["malbild.demo.tests.fake_extension"]
    assert [out] == fake_extension.CALLS
    assert "fake extension loaded" in out.getvalue()


def test_command_runs_extensions_unless_told_not_to(db, monkeypatch):
    calls = []
    monkeypatch.setattr(loader, "run_extensions", lambda **kwargs: calls.append(kwargs))
    call_command("demo", stdout=StringIO())
    assert len(calls) == 1
    call_command("demo", "--no-extensions", stdout=StringIO())
    assert len(calls) == 1


def test_accounts_are_importable_without_django_settings():
    """The Makefile reads `malbild.demo.ACCOUNTS` before Django is configured."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", "from malbild.demo import ACCOUNTS; print(len(ACCOUNTS))"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "5"
