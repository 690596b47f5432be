"""API of the parts of a document's narrative — sections and overall goals: five endpoints
each (list and add under the document; get, change and delete by id).
"""

from uuid import UUID

from ninja import Field, PatchDict, Schema

from malbild.api.utils import (
    InputSchema,
    Pagination,
    created,
    deleted,
    if_match,
    paginate,
    representation,
)

from .. import services
from ..models import OverallGoal, Section
from ._common import P, StrategyRouter, _named, _one, _org_document, _ref, _scope

router = StrategyRouter()


class SectionIn(InputSchema):
    order: int = 0
    heading: str
    body: str = Field("", description="Markdown")


@representation(Section)
class SectionOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    document: int
    order: int
    heading: str
    body: str

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id


class OverallGoalIn(InputSchema):
    order: int = 0
    title: str
    description: str = ""


@representation(OverallGoal)
class OverallGoalOut(Schema):
    id: int
    uid: UUID
    lock_version: int
    document: int
    order: int
    title: str
    description: str

    @staticmethod
    def resolve_document(obj) -> int:
        return obj.document_id


def _document_part_routes(model, schema_in, schema_out, *, name: str, path: str, create, summaries):
    """Register the five endpoints of a part of a document's narrative (sections, overall
    goals): list and add under the document, get, change and delete by id. `summaries` are the
    OpenAPI summaries of (list, add, get, change, delete)."""
    list_summary, create_summary, get_summary, update_summary, delete_summary = summaries

    def list_(request, org: str, document_id: str = _ref("document")):
        access, document = _org_document(request, org, document_id)
        return model.objects.filter(document=document).order_by("order", "id")

    def create_(request, org: str, payload: schema_in, document_id: str = _ref("document")):
        access, document = _org_document(request, org, document_id)
        return created(create(access=access, document=document, data=payload.dict()))

    def get_(request, org: str, item_id: str = _ref("item")):
        return _one(request, org, _scope(model), item_id)[1]

    def update_(request, org: str, payload: PatchDict[schema_in], item_id: str = _ref("item")):
        access, item = _one(request, org, _scope(model), item_id)
        with if_match(request, item):
            return services.item_update(access=access, instance=item, data=payload)

    def delete_(request, org: str, item_id: str = _ref("item")):
        access, item = _one(request, org, _scope(model), item_id)
        with if_match(request, item):
            return deleted(services.document_item_delete, access=access, instance=item)

    under_document = P + "/documents/{document_id}/" + path
    by_id = P + "/" + path + "/{item_id}"
    router.get(under_document, response=list[schema_out], summary=list_summary)(
        paginate(Pagination)(_named(list_, f"{name}_list"))
    )
    router.post(under_document, response={201: schema_out}, summary=create_summary)(
        _named(create_, f"{name}_create")
    )
    router.get(by_id, response=schema_out, summary=get_summary)(_named(get_, f"{name}_get"))
    router.patch(by_id, response=schema_out, summary=update_summary)(
        _named(update_, f"{name}_update")
    )
    router.delete(by_id, response={204: None}, summary=delete_summary)(
        _named(delete_, f"{name}_delete")
    )


_document_part_routes(
    Section,
    SectionIn,
    SectionOut,
    name="section",
    path="sections",
    create=services.section_create,
    summaries=(
        "List a document's narrative sections",
        "Add a narrative section (strategist)",
        "Get a section",
        "Change a section (strategist)",
        "Delete a section (strategist)",
    ),
)
_document_part_routes(
    OverallGoal,
    OverallGoalIn,
    OverallGoalOut,
    name="overall_goal",
    path="overall-goals",
    create=services.overall_goal_create,
    summaries=(
        "List a document's overall goals",
        "Add an overall goal (strategist)",
        "Get an overall goal",
        "Change an overall goal (strategist)",
        "Delete an overall goal (strategist)",
    ),
)
