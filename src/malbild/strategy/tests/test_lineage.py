"""Ancestors and descendants of a document at any depth, in a fixed number of queries; an
activity's primary focus area is always one it serves."""

import pytest

from malbild.actionplan.services import activity_update
from malbild.actionplan.tests.factories import ActivityFactory
from malbild.strategy.selectors import document_descendants, document_lineage
from malbild.strategy.tests.factories import DocumentFactory, FocusAreaFactory

pytestmark = pytest.mark.django_db


def _chain(org, depth):
    docs = [DocumentFactory(organisation=org, title="Vision")]
    for i in range(depth):
        docs.append(DocumentFactory(organisation=org, parent=docs[-1], title=f"Plan {i}"))
    return docs


@pytest.mark.parametrize("depth", [2, 6])
def test_lineage_and_descendants_any_depth_fixed_queries(
    org, other_org, depth, django_assert_num_queries
):
    docs = _chain(org, depth)
    DocumentFactory(organisation=org, title="Another tree")
    DocumentFactory(organisation=other_org, title="Another municipality")
    with django_assert_num_queries(1):
        lineage = document_lineage(document=docs[-1])
    assert [d.pk for d in lineage] == [d.pk for d in reversed(docs)]
    with django_assert_num_queries(1):
        below = document_descendants(document=docs[0])
    assert [d.pk for d in below] == [d.pk for d in docs[1:]]
    assert [d.depth for d in below] == list(range(1, depth + 1))
    assert document_descendants(document=docs[-1]) == []


def test_primary_focus_area_is_one_the_activity_serves(org, strategist, access_of):
    doc = DocumentFactory(organisation=org)
    first = FocusAreaFactory(document=doc, order=1)
    second = FocusAreaFactory(document=doc, order=2)
    activity = ActivityFactory(document=doc)
    access = access_of(strategist)

    def served(areas):
        updated = activity_update(
            access=access, activity=activity, data={}, m2m={"focus_areas": areas}
        )
        stored = type(activity).objects.for_org(org).get(pk=activity.pk)
        assert stored.primary_focus_area_id == updated.primary_focus_area_id
        return stored.primary_focus_area_id

    assert served([second, first]) == first.pk
    activity.refresh_from_db()
    assert served([second]) == second.pk
    activity.refresh_from_db()
    assert served([]) is None
