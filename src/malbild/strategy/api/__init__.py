"""API for steering documents and their tree: narrative sections, overall goals, focus areas,
goals, indicators with yearly targets; the lifecycle transition; frozen versions (list, get
with snapshot, freeze, compare); plan files (PDF, Word); and decisions.

Reads: any role in the organisation. Writes: strategists and admins; editors also write the
indicators their bodies are responsible for (strategy/services.py checks every write).

Documents and their items are addressed by their `uid` or, as an alias, their integer id.
Answers with one object carry `lock_version` and `ETag: "<lock_version>"`; PATCH, PUT, DELETE
and the transition take `If-Match` (a stale one → 409 with the current object, see
docs/adr/0007-optimistic-locking.md). Many-to-many fields in PATCH take a list (replace) or
`{"add": [...], "remove": [...]}`.

One module per seam (`documents`, `tree`, `parts`, `focus_areas`, `indicators`, `versions`,
`exports`, `decisions`), each with its schemas and its own router; this package mounts them
on `router` (which `malbild/api/router.py` mounts) in the order of the documentation.
"""

from ninja import Router

from . import decisions, documents, exports, focus_areas, indicators, parts, tree, versions

router = Router()
router.add_router("", documents.router)
router.add_router("", tree.router)
router.add_router("", parts.router)
router.add_router("", focus_areas.router)
router.add_router("", indicators.router)
router.add_router("", versions.router)
router.add_router("", exports.router)
router.add_router("", decisions.router)

__all__ = ["router"]
