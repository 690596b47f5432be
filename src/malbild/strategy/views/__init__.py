"""Pages of steering documents: the document tree, forms for every item, status changes,
versions (freeze, view, compare), indicators and decisions.

Views parse, call `strategy.selectors`/`strategy.services` and render. Permissions come from
the services (PermissionDenied → 403) and are checked up front so that a reader never sees an
edit form; another organisation's objects are 404 through `OrgMixin` and the selectors.

One module per seam (`documents`, `items`, `indicators`, `versions`, `decisions`; shared
helpers in `_common`); the names urls.py uses are importable from this package.
"""

from ._common import (
    EditPermissionMixin,
    ServiceDeleteView,
    activity_url,
    decorate_indicator,
    number,
    target_text,
)
from .decisions import (
    DecisionCreateView,
    DecisionDeleteView,
    DecisionDetailView,
    DecisionFormMixin,
    DecisionListView,
    DecisionUpdateView,
)
from .documents import (
    DocumentAttachmentView,
    DocumentCreateView,
    DocumentDeleteView,
    DocumentDetailView,
    DocumentFormMixin,
    DocumentListView,
    DocumentTransitionView,
    DocumentUpdateView,
)
from .exports import PlanExportView
from .indicators import IndicatorListView, TargetDeleteView, TargetSetView
from .items import (
    CREATE_SERVICES,
    ITEM_KINDS,
    ItemCreateView,
    ItemDeleteView,
    ItemDetailView,
    ItemFormMixin,
    ItemMixin,
    ItemUpdateView,
    item_display_fields,
    item_document,
)
from .versions import (
    DocumentSubpageMixin,
    VersionCompareView,
    VersionDetailView,
    VersionFreezeView,
    VersionListView,
    compare_form,
    version_choices,
)

__all__ = [
    "CREATE_SERVICES",
    "DecisionCreateView",
    "DecisionDeleteView",
    "DecisionDetailView",
    "DecisionFormMixin",
    "DecisionListView",
    "DecisionUpdateView",
    "DocumentAttachmentView",
    "DocumentCreateView",
    "DocumentDeleteView",
    "DocumentDetailView",
    "DocumentFormMixin",
    "DocumentListView",
    "DocumentSubpageMixin",
    "DocumentTransitionView",
    "DocumentUpdateView",
    "EditPermissionMixin",
    "ITEM_KINDS",
    "IndicatorListView",
    "ItemCreateView",
    "ItemDeleteView",
    "ItemDetailView",
    "ItemFormMixin",
    "ItemMixin",
    "ItemUpdateView",
    "PlanExportView",
    "ServiceDeleteView",
    "TargetDeleteView",
    "TargetSetView",
    "VersionCompareView",
    "VersionDetailView",
    "VersionFreezeView",
    "VersionListView",
    "activity_url",
    "compare_form",
    "decorate_indicator",
    "item_display_fields",
    "item_document",
    "number",
    "target_text",
    "version_choices",
]
