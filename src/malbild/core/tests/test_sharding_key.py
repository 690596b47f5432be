"""The organisation as a sharding key stays possible (docs/guide/scaling.md, "A national
service: Citus"; ADR 0029). The rule itself is in `malbild.core.sharding`.

The test checks every model Django knows, auto-created many-to-many tables too, against that
rule: every table is organisation-owned or a listed global table; each unique constraint of an
owned table includes `organisation` (or is `organisation` alone, one row per organisation);
each foreign key of an owned table points at a global (reference) table or at an owned table's
primary key; no global table points into an owned one. On the demo, every row agrees with the
organisation of each parent it points at: one query per key on SQLite, and on PostgreSQL by
adding the composite keys that `malbild citus_ddl --keys-only` prints.

Legitimate links across organisations go through the Organisation itself, a reference table:
a shared project's participant (financing.Participant.participant_organisation) names another
organisation, which the rule allows and the agreement check does not look at.

Known exceptions, if any, are listed one by one in KNOWN_MISSING_ORGANISATION and
KNOWN_BREACHES; the test asserts the lists are exactly the truth: a new model or constraint
that breaks the rule fails it, and so does fixing one without taking it off the list.
"""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from malbild.core.sharding import (
    GLOBAL_TABLES,
    all_models,
    breaches,
    composite_key_statements,
    disagreements,
    global_breaches,
    owned_foreign_keys,
    owned_models,
)
from malbild.organisation.models import Body

# Known exceptions to fix before sharding: tables that belong to one organisation but do not
# carry `organisation_id`.
KNOWN_MISSING_ORGANISATION = {
    "accounts.Membership_bodies",
    "actionplan.Activity_catalogue_items",
    "actionplan.Activity_co_responsible_bodies",
    "actionplan.Activity_focus_areas",
    "actionplan.Activity_goals",
    "cases.Case_documents",
    "strategy.Decision_distribution",
    "strategy.FocusArea_overall_goals",
    "strategy.Indicator_focus_areas",
    "strategy.Indicator_goals",
    "reports.ExportJob",
}

# Known exceptions to fix before sharding: per organisation-owned model, what `breaches`
# reports for it.
KNOWN_BREACHES = {
    # Audit entries and e-mail that belong to no organisation (e.g. about a user account):
    # split them into a global table, or keep these two tables on the coordinator (ADR 0029).
    "core.AuditEntry": {"organisation nullable"},
    "notifications.OutboxMessage": {"organisation nullable"},
    "notifications.OutboxAttachment": {"organisation nullable"},  # its message's
}


def test_every_model_is_organisation_owned_or_a_listed_global_table():
    owned = set(owned_models())
    rest = set(all_models()) - owned
    unlisted = rest - set(GLOBAL_TABLES) - KNOWN_MISSING_ORGANISATION
    assert unlisted == set(), "new tables without organisation: add it, or list with a reason"
    assert set(GLOBAL_TABLES) <= rest, "a listed global table now carries organisation"
    assert rest & KNOWN_MISSING_ORGANISATION == KNOWN_MISSING_ORGANISATION, (
        "fixed (now carries organisation): take it off KNOWN_MISSING_ORGANISATION"
    )
    assert all(reason.strip() for reason in GLOBAL_TABLES.values())


def test_unique_constraints_and_foreign_keys_of_owned_tables_allow_sharding():
    owned = owned_models()
    found = {
        label: found for label, model in owned.items() if (found := breaches(model, set(owned)))
    }
    new = {k: v - KNOWN_BREACHES.get(k, set()) for k, v in found.items()}
    assert {k: v for k, v in new.items() if v} == {}, "new breaches of the sharding rule"
    fixed = {k: v - found.get(k, set()) for k, v in KNOWN_BREACHES.items()}
    assert {k: v for k, v in fixed.items() if v} == {}, "fixed: take them off KNOWN_BREACHES"


def test_no_global_table_points_into_an_organisation():
    models, owned = all_models(), set(owned_models())
    found = {
        label: found
        for label in GLOBAL_TABLES
        if label in models and (found := global_breaches(models[label], owned))
    }
    assert found == {}


def test_the_rule_sees_what_it_should():
    owned = set(owned_models())
    models = all_models()
    # A foreign key to another owned table's primary key, to a user or to the organisation is
    # allowed; so is a unique constraint on the organisation alone (one row per organisation).
    assert breaches(models["actionplan.Activity"], owned) == set()
    assert breaches(models["portal.PortalSettings"], owned) == set()
    # A one-to-one to an owned row (unique x_id) becomes unique (organisation_id, x_id).
    assert breaches(models["benefits.BenefitCalculation"], owned) == set()
    # A unique field, a constraint without organisation, a key to an owned table by another
    # column and a key to a table that is neither owned nor global are breaches.
    fake = _FakeModel(
        fields=[
            _FakeField("uid", unique=True),
            _FakeField("document", target=models["strategy.SteeringDocument"], by="uid"),
            _FakeField("job", target=_FakeTarget("elsewhere.Job")),
            _FakeField("body", target=models["organisation.Body"]),
            _FakeField("created_by", target=models["accounts.User"]),
            _FakeField("activity", unique=True, target=models["actionplan.Activity"], by="uid"),
        ],
        constraints=[_unique("uniq_number", "document", "number")],
    )
    assert breaches(fake, owned) == {
        "unique uid",
        "fk document to uid",
        "unique activity",
        "fk activity to uid",
        "fk job",
        "constraint uniq_number",
    }
    assert global_breaches(fake, owned) == {"fk document", "fk body", "fk activity"}


class _FakeField:
    primary_key = False
    one_to_one = False

    def __init__(self, name, unique=False, target=None, by="id"):
        self.name, self.unique, self.is_relation = name, unique, target is not None
        self.related_model = target
        if target is not None:
            self.target_field = target._meta.get_field(by)


class _FakeTarget:
    """A table that is neither organisation-owned nor listed as global."""

    def __init__(self, label):
        pk = type("Pk", (), {"primary_key": True, "name": "id"})()
        self._meta = type("Meta", (), {"label": label, "get_field": staticmethod(lambda n: pk)})


class _FakeModel:
    def __init__(self, fields, constraints):
        self._meta = type(
            "Meta",
            (),
            {"concrete_fields": fields, "unique_together": (), "constraints": constraints},
        )


def _unique(name, *fields):
    from django.db.models import UniqueConstraint

    return UniqueConstraint(fields=list(fields), name=name)


def test_citus_ddl_prints_the_distribution_plan():
    out = io.StringIO()
    call_command("citus_ddl", stdout=out)
    ddl = out.getvalue()
    assert "SELECT create_reference_table('organisation_organisation');" in ddl
    assert "SELECT create_reference_table('accounts_user');" in ddl
    assert (
        "SELECT create_distributed_table('actionplan_activity', 'organisation_id', "
        "colocate_with => 'accounts_membership');" in ddl
    )
    assert (
        'ALTER TABLE "actionplan_activity" DROP CONSTRAINT "actionplan_activity_pkey", '
        'ADD PRIMARY KEY ("organisation_id", "id");' in ddl
    )
    assert (
        'FOREIGN KEY ("organisation_id", "activity_id") REFERENCES "actionplan_activity" '
        '("organisation_id", "id")' in ddl
    )
    # Every owned table distributed, every global one a reference table, every key composite.
    assert ddl.count("create_distributed_table(") == len(owned_models())
    assert ddl.count("create_reference_table(") == len(set(GLOBAL_TABLES) & set(all_models()))
    assert ddl.count('FOREIGN KEY ("organisation_id", ') == len(owned_foreign_keys())
    # What is not ready yet is named at the top.
    models = all_models()
    for label in KNOWN_MISSING_ORGANISATION:
        assert f"--   {models[label]._meta.db_table}: no organisation_id" in ddl
    assert "--   core_auditentry: organisation_id may be empty" in ddl
    assert (
        'ALTER TABLE "benefits_benefitcalculation" ADD CONSTRAINT '
        '"benefits_benefitcalculation_activity_id_org_key" UNIQUE ("organisation_id", '
        '"activity_id");' in ddl
    )


def test_a_row_pointing_at_another_organisations_parent_is_found(org, other_org, body):
    foreign = Body.objects.create(organisation=other_org, name="Fel nämnd", kind=body.kind)
    Body.objects.filter(pk=body.pk).update(parent=foreign)
    assert disagreements() == {"organisation.Body.parent": 1}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="composite keys on PostgreSQL")
def test_postgresql_refuses_a_composite_key_over_disagreeing_rows(org, other_org, body):
    foreign = Body.objects.create(organisation=other_org, name="Fel nämnd", kind=body.kind)
    Body.objects.filter(pk=body.pk).update(parent=foreign)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        statements = [s for s in composite_key_statements() if '"organisation_body"' in s]
        with pytest.raises(IntegrityError), transaction.atomic():
            for statement in statements:
                cursor.execute(statement)
