"""Writes of the consultation round (remiss): opening a round on a frozen version, extending
and closing it, secret links, responses with comments and attachments, dispositions, the
revised version and the adoption decision.

Every function is keyword-only, runs in one transaction, checks permissions (an `Access` for
strategists, a `Responder` for those answering) and writes audit entries through
`malbild.core.services` / `malbild.core.audit`. Secret tokens are never written to the audit
log or any other log; only their SHA-256 is stored.

One module per seam; callers keep using `services.<name>` from this package:
- `rounds`: open, extend, close, revise, adopt, the assessment and proposed decision;
- `links`: consultees and their secret links (issue, revoke, authenticate, check);
- `responses`: a consultee's draft, submission, correction and declining;
- `comments` and `attachments`: the contents of a draft response;
- `dispositions`: how a submitted comment was handled;
- `_common` and `_respondent`: the checks the others share.
"""

from .attachments import (
    DEFAULT_ATTACHMENT_MAX_BYTES,
    DOCX_MAIN,
    ODT_MIMETYPE,
    attachment_add,
    attachment_delete,
    attachment_max_bytes,
    attachment_too_large_message,
    detect_file_type,
    download_name,
)
from .comments import comment_add, comment_delete, comment_update
from .dispositions import disposition_set
from .links import (
    LinkRefused,
    consultee_add,
    link_check,
    secret_link_authenticate,
    secret_link_create,
    secret_link_find,
    secret_link_language_set,
    secret_link_revoke,
)
from .responses import (
    RESPONSE_FIELDS,
    consultee_decline,
    current_response,
    response_correct,
    response_save_draft,
    response_submit,
)
from .rounds import (
    CONCLUSION_FIELDS,
    consultation_round_adopt,
    consultation_round_close,
    consultation_round_conclusions_update,
    consultation_round_extend,
    consultation_round_open,
    consultation_round_revise,
)

__all__ = [
    "CONCLUSION_FIELDS",
    "DEFAULT_ATTACHMENT_MAX_BYTES",
    "DOCX_MAIN",
    "ODT_MIMETYPE",
    "RESPONSE_FIELDS",
    "LinkRefused",
    "attachment_too_large_message",
    "download_name",
    "attachment_add",
    "attachment_delete",
    "attachment_max_bytes",
    "comment_add",
    "comment_delete",
    "comment_update",
    "consultation_round_adopt",
    "consultation_round_close",
    "consultation_round_conclusions_update",
    "consultation_round_extend",
    "consultation_round_open",
    "consultation_round_revise",
    "consultee_add",
    "consultee_decline",
    "current_response",
    "detect_file_type",
    "disposition_set",
    "link_check",
    "response_correct",
    "response_save_draft",
    "response_submit",
    "secret_link_authenticate",
    "secret_link_create",
    "secret_link_find",
    "secret_link_language_set",
    "secret_link_revoke",
]
