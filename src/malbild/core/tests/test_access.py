"""Roles resolve to the right Access; other organisations are invisible (404)."""

import pytest
from django.http import Http404

from malbild.core.access import get_organisation_access


def test_roles(org, admin_user, strategist, editor, reader, body, access_of):
    assert access_of(admin_user).is_admin
    assert access_of(strategist).can_edit_documents
    assert not access_of(strategist).is_admin
    e = access_of(editor)
    assert e.can_read and not e.can_edit_documents
    assert e.can_edit_for_body(body.pk) and not e.can_edit_for_body(body.pk + 1000)
    r = access_of(reader)
    assert r.can_read and not r.can_edit_anything


def test_other_organisation_is_404(org, other_org, outsider):
    with pytest.raises(Http404):
        get_organisation_access(outsider, org.slug)
    assert get_organisation_access(outsider, other_org.slug).is_admin
