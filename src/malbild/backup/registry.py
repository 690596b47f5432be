"""What an organisation's backup holds, in dependency order, and what it leaves out and why.

Every table that reaches an organisation or a user through its foreign keys is either listed in
`TABLES` (backed up) or in `EXCLUDED` (with the reason); `tests/test_registry.py` fails when a
new model is neither, so a model cannot be forgotten. A table is named by its model label; the
many-to-many tables Django creates are named `app.Model_field` (their `_meta.label`).

How the rows of a table are found (`scope`):
- "organisation": the organisation itself;
- "org": the rows of the organisation (`Model.objects.for_org(org)`);
- "via:<field>": rows whose `<field>` points at a row already collected (many-to-many
  tables, per-user settings);
- "users": the users with a role in the organisation and every user a collected row refers to
  (creator, editor, reviewer, actor of an audit entry), so no reference is left dangling.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    label: str
    scope: str = "org"


TABLES: tuple[Table, ...] = (
    Table("accounts.User", "users"),
    Table("organisation.Organisation", "organisation"),
    Table("organisation.Body"),
    Table("accounts.Membership"),
    Table("accounts.Membership_bodies", "via:membership"),
    Table("notifications.NotificationPreference", "via:user"),
    Table("catalogue.CatalogueItem"),
    Table("strategy.SteeringDocument"),
    Table("strategy.Section"),
    Table("strategy.OverallGoal"),
    Table("strategy.FocusArea"),
    Table("strategy.FocusArea_overall_goals", "via:focusarea"),
    Table("strategy.Goal"),
    Table("strategy.Indicator"),
    Table("strategy.Indicator_focus_areas", "via:indicator"),
    Table("strategy.Indicator_goals", "via:indicator"),
    Table("strategy.IndicatorTarget"),
    Table("strategy.DocumentVersion"),
    Table("strategy.Decision"),
    Table("strategy.Decision_distribution", "via:decision"),
    Table("strategy.DocumentAttachment"),
    Table("actionplan.Activity"),
    Table("actionplan.Activity_focus_areas", "via:activity"),
    Table("actionplan.Activity_goals", "via:activity"),
    Table("actionplan.Activity_co_responsible_bodies", "via:activity"),
    Table("actionplan.Activity_catalogue_items", "via:activity"),
    Table("actionplan.BudgetLine"),
    Table("cases.Case"),
    Table("cases.Case_documents", "via:case"),
    Table("cases.Motion"),
    Table("cases.Assignment"),
    Table("cases.Proposal"),
    Table("cases.CaseDecision"),
    Table("consultation.ConsultationRound"),
    Table("consultation.DeadlineExtension"),
    Table("consultation.Consultee"),
    Table("consultation.SecretLink"),
    Table("consultation.Response"),
    Table("consultation.Comment"),
    Table("consultation.Disposition"),
    Table("consultation.Attachment"),
    Table("benefits.BenefitSettings"),
    Table("benefits.BenefitCalculation"),
    Table("benefits.Alternative"),
    Table("benefits.CalculationLine"),
    Table("benefits.LineAmount"),
    Table("financing.CostAllocation"),
    Table("financing.FixedShare"),
    Table("financing.DeviceCount"),
    Table("financing.SharedProject"),
    Table("followup.QuestionSet"),
    Table("followup.QuestionSection"),
    Table("followup.Question"),
    Table("followup.FollowUpPeriod"),
    Table("followup.ActivityReport"),
    Table("followup.BudgetOutcome"),
    Table("followup.RealisedBenefit"),
    Table("followup.IndicatorValue"),
    Table("followup.KoladaConflict"),
    Table("followup.StatusOverride"),
    Table("followup.Amendment"),
    Table("followup.SelfAssessmentAnswer"),
    Table("portal.PortalSettings", "via:organisation"),
    Table("portal.Publication"),
    Table("portal.FeedbackMessage"),
    Table("core.AuditEntry"),
)

#: Tables that refer to an organisation or a user but are not part of a backup, and why.
EXCLUDED: dict[str, str] = {
    "accounts.ApiToken": "Personal API tokens are credentials: people issue new ones after a "
    "restore.",
    "accounts.User_groups": "Django groups are instance-wide; Målbild's roles are memberships.",
    "accounts.User_user_permissions": "Instance-wide permissions of operators, not of the "
    "organisation.",
    "sso.OidcIdentity": "The link to the identity provider is made again on the first single "
    "sign-on login (matched as ADR 0013 describes).",
    "notifications.OutboxMessage": "The e-mail queue is transient: what was sent is history, "
    "what is queued would be sent twice.",
    "notifications.OutboxAttachment": "Files of queued e-mail: transient, like the outbox.",
    "followup.KoladaSyncJob": "The progress record of a background Kolada sync; a sync is run "
    "again on demand or by the schedule (the values it wrote are backed up).",
    "dataio.SheetImport": "An uploaded workbook's preview and import job; what it imported is "
    "backed up as the rows it wrote, and its audit entry says it was imported.",
    "dataio.WordImport": "An uploaded Word file's mapping until the document is created; the "
    "document, its items and the file (its attachment) are backed up.",
    "financing.Participant": "A participant links the owner's shared project to another "
    "organisation on this instance (or names an external party); a restore goes into an instance "
    "without those organisations, so the owner invites the participants again after a restore "
    "(docs/adr/0021-cost-allocation-and-shared-projects.md).",
    "reports.ExportJob": "Generated files and their jobs are a cache; they are made again on "
    "demand.",
    "api.IdempotencyKey": "Stored API answers for retried requests expire within a day.",
    "admin.LogEntry": "The Django admin's own log of operators' edits is instance-wide; "
    "Målbild's audit log (core.AuditEntry) is backed up.",
    "oauth2_provider.Application": "OAuth clients are configured per instance.",
    "oauth2_provider.AccessToken": "Credentials: issued again after a restore.",
    "oauth2_provider.RefreshToken": "Credentials: issued again after a restore.",
    "oauth2_provider.IDToken": "Credentials: issued again after a restore.",
    "oauth2_provider.Grant": "Short-lived authorisation codes.",
    "oauth2_provider.DeviceGrant": "Short-lived device authorisation codes.",
}

#: User fields that are never in an archive: the password hash (a restored account has no
#: usable password until its owner resets it or logs in by single sign-on) and the
#: instance-wide operator flags (a restore must not make anyone staff or superuser).
USER_FIELDS_LEFT_OUT = ("password", "is_staff", "is_superuser")
