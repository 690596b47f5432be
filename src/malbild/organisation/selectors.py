"""Reads of bodies, scoped to one organisation."""

from django.shortcuts import get_object_or_404

from malbild.core.access import Access

from .models import Body, Organisation


def body_list(*, access: Access, kind: str | None = None):
    qs = Body.objects.for_access(access).select_related("parent")
    return qs.filter(kind=kind) if kind else qs


def body_get(*, access: Access, ref) -> Body:
    """One body of the organisation by its public reference (uid or id), with its parent;
    404 for another organisation's body or a malformed reference."""
    return get_object_or_404(body_list(access=access).by_ref(ref))


def body_tree(*, access: Access) -> list[tuple[Body, int]]:
    """All bodies as (body, depth) in tree order, from one query."""
    bodies = list(body_list(access=access).order_by("name"))
    children: dict[int | None, list[Body]] = {}
    for b in bodies:
        children.setdefault(b.parent_id, []).append(b)
    out: list[tuple[Body, int]] = []

    def walk(parent_id, depth):
        for b in children.get(parent_id, []):
            out.append((b, depth))
            walk(b.pk, depth + 1)

    walk(None, 0)
    return out


def body_children(*, access: Access, body: Body):
    """The bodies directly under `body`."""
    return Body.objects.for_access(access).filter(parent=body).order_by("name")


def organisations_for(user):
    """Organisations the user may open (any role); all of them for a superuser."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()
