"""API for consultation rounds (remiss): rounds, consultees, secret links, responses with
comments and attachments, dispositions, and the consultation summary as JSON.

Who may do what is decided by the services (consultation/permissions.py):
- strategists and admins run rounds and record dispositions;
- respondents (role *respondent* for a body) reach only their own body's response under
  `/organisations/{org}/consultations/{id}/consultees/{cid}/response`;
- holders of a secret link send it as the header `X-Consultation-Token` to
  `/consultation-link/response…` and reach only that consultee's response;
- readers see rounds and, once a round is closed, its submitted responses and summary.

One module per seam (`rounds`, `consultees`, `responses`, `handling`), each with its own
router; `schemas` holds the schemas they share and `_common` the helpers. This package mounts
them on `router` (which `malbild/api/router.py` mounts) in the order of the documentation.
"""

from ninja import Router

from . import consultees, handling, responses, rounds

router = Router()
router.add_router("", rounds.router)
router.add_router("", consultees.router)
router.add_router("", responses.router)
router.add_router("", handling.router)

__all__ = ["router"]
