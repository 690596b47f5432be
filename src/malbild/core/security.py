"""The one logger for security events: `malbild.security`.

Each event is one line, `security {"event": "…", …}` — a JSON object that log shippers can
parse — and the same fields are on the record as `record.security` for structured handlers.
Events: `login.failed`, `login.locked_out`, `token.used` (INFO), `token.rejected`,
`token.locked_out`, `token.read_only_refused`, `tokens.revoked`, `reauth.failed`, `link.used`,
`link.refused`, `sso.login` (INFO), `sso.failed`, `login.local_refused` and
`permission.denied` (every 403: pages, API, CSRF). Never log a password or a raw token."""

import json
import logging

logger = logging.getLogger("malbild.security")


def security_event(event: str, *, level: int = logging.WARNING, **fields) -> None:
    """Log one security event with its fields (JSON-serialisable; others become strings)."""
    record = {"event": event, **fields}
    logger.log(
        level,
        "security %s",
        json.dumps(record, default=str, sort_keys=True),
        extra={"security": record},
    )
