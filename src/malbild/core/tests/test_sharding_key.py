"""The organisation as a sharding key stays possible (docs/guide/scaling.md, "A national
service: Citus").

To distribute the organisation-owned tables on `organisation_id` (Citus), every table must
be one of:
- organisation-owned: it carries `organisation` (a foreign key to organisation.Organisation,
  column `organisation_id`); then each of its unique constraints includes `organisation`
  (a distributed table can only enforce uniqueness within a shard) and each of its foreign
  keys points at a reference table (a foreign key between two distributed tables must
  include the distribution column, which Django's one-column foreign keys never do);
- a reference or global table (GLOBAL_TABLES), each with the reason.

The test checks every model Django knows, auto-created many-to-many tables too, against that
rule. Today most organisation-owned models break it somewhere: those breaches are listed,
one by one, in KNOWN_MISSING_ORGANISATION and KNOWN_BREACHES — the work to do before sharding
(add `organisation` to the constraint or the key, or an explicit through model). The test
asserts the lists are exactly the truth: a new model or constraint that breaks the rule
fails it, and so does fixing one without taking it off the list.
"""

from django.apps import apps
from django.db import models

ORGANISATION = "organisation.Organisation"

# Tables that are not organisation-owned, and why (in Citus: reference tables, replicated to
# every node, or tables kept on the coordinator).
GLOBAL_TABLES = {
    ORGANISATION: "the tenants themselves: a reference table every shard joins to",
    "accounts.User": "a person may be a member of several organisations (memberships)",
    "accounts.User_groups": "Django's groups of a user (global, like the user)",
    "accounts.User_user_permissions": "Django's permissions of a user (global)",
    "accounts.ApiToken": "a user's personal token, valid for every organisation they belong to",
    "accounts.RateLimitHit": "counts requests per address or e-mail, before any organisation",
    "sso.OidcIdentity": "a user's identity at a login provider (global, like the user)",
    "notifications.NotificationPreference": "a person's own choices, across organisations",
    "notifications.SentMark": "once-only marks keyed by the sender, across organisations",
    "api.IdempotencyKey": "a user's idempotency keys of API requests (short-lived)",
    "site.Heartbeat": "the health check's single row",
    "admin.LogEntry": "Django admin's own log (operators)",
    "auth.Group": "Django's permission groups (global)",
    "auth.Group_permissions": "Django's permission groups (global)",
    "auth.Permission": "Django's permissions (global)",
    "contenttypes.ContentType": "Django's model registry (global)",
    "sessions.Session": "login sessions, before and across organisations",
    "axes.AccessAttempt": "login lockouts per address and username",
    "axes.AccessAttemptExpiration": "login lockouts per address and username",
    "axes.AccessFailureLog": "login failures per address and username",
    "axes.AccessLog": "logins per address and username",
    "oauth2_provider.AccessToken": "the OAuth provider's tokens (per user and client)",
    "oauth2_provider.Application": "the OAuth provider's registered clients",
    "oauth2_provider.DeviceGrant": "the OAuth provider's grants",
    "oauth2_provider.Grant": "the OAuth provider's grants",
    "oauth2_provider.IDToken": "the OAuth provider's tokens",
    "oauth2_provider.RefreshToken": "the OAuth provider's tokens",
    "django_tasks_database.DBTaskResult": "the background task queue, shared by all workers",
    "kolada.KoladaMunicipality": "Kolada's public list of municipalities (reference data)",
    "kolada.KoladaValue": "Kolada's public values as last fetched, shared by every organisation",
}

# Known exceptions to fix before sharding: tables that belong to one organisation but do not
# carry `organisation_id`. Auto-created many-to-many tables need an explicit through model
# with `organisation`; ExportJob names its organisation by slug, not by key.
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
    "notifications.OutboxAttachment",  # reaches its organisation through its message
}

# Known exceptions to fix before sharding: per organisation-owned model, its unique
# constraints without `organisation` ("unique <field>" for unique=True, "constraint <name>")
# and its foreign keys to other organisation-owned tables ("fk <field>"): each would need
# `organisation` added (a composite key (organisation_id, id) for the foreign keys).
KNOWN_BREACHES = {
    "dataio.SheetImport": {"unique uid", "fk document"},
    "dataio.WordImport": {"unique uid", "fk document"},
    "followup.KoladaConflict": {"unique value", "fk value"},
    "followup.KoladaSyncJob": {"unique uid", "fk document", "fk indicator"},
    "portal.PortalSettings": {"unique organisation"},
    "benefits.BenefitSettings": {"unique organisation"},
    "portal.Publication": {"unique document", "fk document"},
    "notifications.OutboxMessage": {"fk digest"},
    "organisation.Body": {"unique uid", "fk parent"},
    "strategy.SteeringDocument": {
        "unique uid",
        "fk parent",
        "fk owning_body",
        "fk adopted_version",
    },
    "strategy.Section": {"unique uid", "fk document"},
    "strategy.OverallGoal": {"unique uid", "fk document"},
    "strategy.FocusArea": {"unique uid", "fk document"},
    "strategy.Goal": {"unique uid", "fk focus_area"},
    "strategy.Indicator": {"unique uid", "fk document", "fk eservice", "fk responsible_body"},
    "strategy.IndicatorTarget": {"fk indicator", "constraint uniq_target_per_year"},
    "strategy.DocumentVersion": {"fk document", "constraint uniq_version_number"},
    "strategy.Decision": {"fk body", "fk document", "fk version"},
    "strategy.DocumentAttachment": {"unique uid", "fk document"},
    "actionplan.Activity": {
        "unique uid",
        "fk document",
        "fk primary_focus_area",
        "fk responsible_body",
    },
    "actionplan.BudgetLine": {"unique uid", "fk activity"},
    "benefits.BenefitCalculation": {"unique uid", "unique activity", "fk activity"},
    "benefits.Alternative": {"unique uid", "fk calculation"},
    "benefits.CalculationLine": {"unique uid", "fk alternative", "fk body"},
    "benefits.LineAmount": {"fk line"},
    "financing.CostAllocation": {"unique uid", "unique activity", "fk activity"},
    "financing.FixedShare": {"fk allocation", "fk body"},
    "financing.DeviceCount": {"fk allocation", "fk body"},
    "financing.SharedProject": {"unique uid", "fk activity"},
    "financing.Participant": {"fk project"},
    "cases.Case": {"unique uid", "fk responsible_body"},
    "cases.Motion": {"fk case"},
    "cases.Assignment": {"fk case", "fk decision", "fk assigned_to"},
    "cases.Proposal": {"fk case", "fk from_body", "fk to_body"},
    "cases.CaseDecision": {"fk case", "unique decision", "fk decision"},
    "catalogue.CatalogueItem": {"unique uid", "fk owning_body"},
    "consultation.ConsultationRound": {
        "fk document",
        "fk version",
        "fk revised_version",
        "fk decision",
        "fk adoption_decision",
    },
    "consultation.DeadlineExtension": {"fk round", "fk decision"},
    "consultation.Consultee": {"fk round", "fk body", "constraint uniq_consultee_per_round"},
    "consultation.SecretLink": {"fk consultee", "unique token_hash"},
    "consultation.Response": {
        "fk consultee",
        "unique replaces",
        "fk replaces",
        "constraint uniq_response_number_per_consultee",
    },
    "consultation.Comment": {"fk response"},
    "consultation.Disposition": {"unique comment", "fk comment"},
    "consultation.Attachment": {"fk response"},
    "followup.FollowUpPeriod": {
        "fk document",
        "fk question_set",
        "constraint uniq_followup_period_span",
    },
    "followup.ActivityReport": {"fk period", "fk activity", "constraint uniq_activity_report"},
    "followup.BudgetOutcome": {"fk report", "fk budget_line", "constraint uniq_budget_outcome"},
    "followup.RealisedBenefit": {"fk report", "fk line"},
    "followup.IndicatorValue": {"fk period", "fk indicator", "constraint uniq_indicator_value"},
    "followup.StatusOverride": {
        "fk period",
        "fk indicator",
        "fk goal",
        "fk focus_area",
        "constraint uniq_status_override",
        "constraint uniq_goal_status_override",
        "constraint uniq_focus_area_status_override",
    },
    "followup.Amendment": {"fk period"},
    "followup.QuestionSection": {"fk question_set"},
    "followup.Question": {"fk section"},
    "followup.SelfAssessmentAnswer": {"fk period", "fk question", "constraint uniq_sa_answer"},
}


def _organisation_field(model):
    return next(
        (
            f
            for f in model._meta.concrete_fields
            if f.name == "organisation"
            and f.is_relation
            and f.related_model._meta.label == ORGANISATION
        ),
        None,
    )


def _models():
    return {m._meta.label: m for m in apps.get_models(include_auto_created=True)}


def _owned():
    return {label: m for label, m in _models().items() if _organisation_field(m)}


def _breaches(model, owned_labels: set[str]) -> set[str]:
    """Unique constraints without `organisation`, and foreign keys to organisation-owned
    tables (anything but `organisation` itself and reference tables)."""
    found = set()
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            found.add(f"unique {f.name}")
        if (
            f.is_relation
            and f.name != "organisation"
            and f.related_model._meta.label in owned_labels
        ):
            found.add(f"fk {f.name}")
    for fields in model._meta.unique_together:
        if "organisation" not in fields:
            found.add(f"unique_together {'+'.join(fields)}")
    for c in model._meta.constraints:
        if isinstance(c, models.UniqueConstraint) and "organisation" not in c.fields:
            found.add(f"constraint {c.name}")
    return found


def test_every_model_is_organisation_owned_or_a_listed_global_table():
    owned = set(_owned())
    rest = set(_models()) - owned
    unlisted = rest - set(GLOBAL_TABLES) - KNOWN_MISSING_ORGANISATION
    assert unlisted == set(), "new tables without organisation: add it, or list with a reason"
    assert set(GLOBAL_TABLES) <= rest, "a listed global table now carries organisation"
    assert rest & KNOWN_MISSING_ORGANISATION == KNOWN_MISSING_ORGANISATION, (
        "fixed (now carries organisation): take it off KNOWN_MISSING_ORGANISATION"
    )
    assert all(reason.strip() for reason in GLOBAL_TABLES.values())


def test_unique_constraints_and_foreign_keys_of_owned_tables_allow_sharding():
    owned = _owned()
    found = {
        label: breaches
        for label, model in owned.items()
        if (breaches := _breaches(model, set(owned)))
    }
    new = {k: v - KNOWN_BREACHES.get(k, set()) for k, v in found.items()}
    assert {k: v for k, v in new.items() if v} == {}, "new breaches of the sharding rule"
    fixed = {k: v - found.get(k, set()) for k, v in KNOWN_BREACHES.items()}
    assert {k: v for k, v in fixed.items() if v} == {}, "fixed: take them off KNOWN_BREACHES"


def test_the_rule_sees_what_it_should():
    owned = _owned()
    # A unique field, a composite constraint without organisation and a foreign key to
    # another organisation-owned table are breaches; a key to a user or the organisation not.
    activity = _breaches(apps.get_model("actionplan.Activity"), set(owned))
    assert {"unique uid", "fk document"} <= activity
    assert "fk created_by" not in activity and "fk organisation" not in activity
    assert "constraint uniq_activity_report" in _breaches(
        apps.get_model("followup.ActivityReport"), set(owned)
    )
    assert _breaches(apps.get_model("core.AuditEntry"), set(owned)) == set()
