"""One field tuple per model of a case: the forms, the services' allow-lists and the API
derive from these."""

CASE_FIELDS = ("registry_number", "title", "description", "responsible_body", "documents")
MOTION_FIELDS = ("title", "author", "party", "date", "request", "text")
ASSIGNMENT_FIELDS = (
    "date",
    "decision",
    "assigned_to",
    "description",
    "due_date",
    "status",
    "reported_on",
    "report",
)
PROPOSAL_FIELDS = ("date", "from_body", "to_body", "paragraph", "proposed_outcome", "text")
CASE_DECISION_FIELDS = ("outcome",)
