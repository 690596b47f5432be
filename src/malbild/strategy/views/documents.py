"""Pages of steering documents: the list (as a tree of documents), the detail page with the
whole thread, create, edit, delete and the status change.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, ListView, UpdateView, View

from malbild.core.selectors import audit_history
from malbild.web.mixins import (
    FormAccessMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
    TransitionViewMixin,
    with_version_field,
)

from .. import selectors, services
from ..case_history import document_case_history
from ..constants import IndicatorSource
from ..forms import DocumentForm, FreezeForm, TransitionForm, split_data
from ..models import IndicatorTarget, SteeringDocument
from ..versioning import revision_state
from ..workflow import document_next_statuses
from ._common import EditPermissionMixin, ServiceDeleteView, activity_url, decorate_indicator
from .publication import publication_state


class DocumentListView(OrgMixin, ListView):
    template_name = "strategy/document_list.html"
    context_object_name = "documents"

    def get_queryset(self):
        return selectors.document_list(access=self.access).order_by("title")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        docs = list(ctx["documents"])
        children: dict[int | None, list] = {}
        ids = {d.pk for d in docs}
        for d in docs:
            children.setdefault(d.parent_id if d.parent_id in ids else None, []).append(d)
        rows: list[tuple[SteeringDocument, int]] = []

        def walk(parent_id, depth):
            for d in children.get(parent_id, []):
                rows.append((d, depth))
                walk(d.pk, depth + 1)

        walk(None, 0)
        ctx["rows"] = rows
        ctx["can_edit"] = self.access.can_edit_documents
        return ctx


#: A document with more of its own activities and indicators than this is shown one focus
#: area at a time (a table of contents links to each); smaller ones on one page.
SINGLE_PAGE_ROWS = 150
#: Activities per page within one focus area of a document shown by focus area.
ACTIVITIES_PER_PAGE = 100
#: The `?focus_area=` key of the activities and indicators without a focus area.
UNLINKED = "none"


def decorate_tree(tree, *, access, org_slug: str, part: str | None = None) -> None:
    """Give the indicators and activities of a document tree (`selectors.document_tree`) their
    display values, links and page anchors, in the order the page lists them. `part` (a focus
    area's uid or UNLINKED) when the page shows only that part: only what it shows is
    decorated, and the targets of only the indicators it shows are read (one query; the tree
    is read with `targets=False`)."""
    seen: set = set()
    shown_indicators = [
        ind
        for fa in tree.focus_areas
        if part is None or part == str(fa.uid)
        for ind in fa.indicator_list
    ]
    if part in (None, UNLINKED):
        shown_indicators += tree.unlinked_indicators
    prefetch_related_objects(
        list({id(ind): ind for ind in shown_indicators}.values()),
        Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year", "id")),
    )
    shown_activities = [
        act
        for fa in tree.focus_areas
        if part is None or part == str(fa.uid)
        for act in fa.counted_activities
    ]
    if part in (None, UNLINKED):
        shown_activities += list(tree.unlinked_activities)
    prefetch_related_objects(shown_activities, "responsible_body")  # the rows it lists

    def anchor(obj) -> str:
        # An indicator serving two focus areas is listed twice; only its first appearance
        # carries the stable anchor, so ids stay unique on the page.
        if obj.uid in seen:
            return ""
        seen.add(obj.uid)
        return f"item-{obj.uid}"

    def decorate_activity(act):
        act.url = activity_url(org_slug, act)
        act.anchor = anchor(act)

    for fa in tree.focus_areas:
        if part is not None and part != str(fa.uid):
            continue  # not on this page: only its counts are shown
        for ind in fa.indicator_list:
            decorate_indicator(ind, access)
            ind.can_edit = ind.can_edit and not ind.inherited
            ind.anchor = anchor(ind)
        for act in fa.counted_activities:
            decorate_activity(act)
    if part in (None, UNLINKED):
        for ind in tree.unlinked_indicators:
            decorate_indicator(ind, access)
            ind.anchor = anchor(ind)
        for act in tree.unlinked_activities:
            decorate_activity(act)


def tree_parts(tree, query) -> dict:
    """How the document page shows the focus areas of `tree`: all on one page, or (more than
    SINGLE_PAGE_ROWS activities and indicators) one part at a time — a focus area, or the
    items without one — chosen by `?focus_area=<uid>` (none: only the table of contents),
    its activities ACTIVITIES_PER_PAGE a page (`?page=`). Each own activity gets `where`:
    the link to it on the page that lists it."""
    indicators = sum(len(fa.indicator_list) for fa in tree.focus_areas)
    collapsed = tree.own_total.count + indicators + len(tree.unlinked_indicators) > SINGLE_PAGE_ROWS
    keys = [str(fa.uid) for fa in tree.focus_areas]
    if tree.unlinked_activities or tree.unlinked_indicators:
        keys.append(UNLINKED)
    part = query.get("focus_area", "") if collapsed else None
    if part is not None and part not in keys:
        part = ""
    for fa in tree.focus_areas:
        fa.where = (
            f"?{urlencode({'focus_area': fa.uid})}#item-{fa.uid}"
            if collapsed
            else f"#item-{fa.uid}"
        )
        fa.part_key = str(fa.uid)
    lists = [(str(fa.uid), fa.counted_activities) for fa in tree.focus_areas]
    lists.append((UNLINKED, tree.unlinked_activities))
    for key, activities in lists:
        for i, act in enumerate(activities):
            if not collapsed:
                act.where = f"#item-{act.uid}"
                continue
            page = i // ACTIVITIES_PER_PAGE + 1
            params = {"focus_area": key, **({"page": page} if page > 1 else {})}
            act.where = f"?{urlencode(params)}#item-{act.uid}"
    page_obj = None
    if part:
        fa = next((fa for fa in tree.focus_areas if str(fa.uid) == part), None)
        activities = fa.counted_activities if fa else tree.unlinked_activities
        page_obj = Paginator(activities, ACTIVITIES_PER_PAGE).get_page(query.get("page"))
        if fa:
            fa.counted_activities = page_obj.object_list
        else:
            tree.unlinked_activities = page_obj.object_list
    return {
        "collapsed": collapsed,
        "part": part,
        "page_obj": page_obj,
        "unlinked_key": UNLINKED,
        "unlinked_where": f"?focus_area={UNLINKED}#unlinked" if collapsed else "#unlinked",
    }


class DocumentDetailView(OrgMixin, DetailView):
    """The whole thread of one document as a tree, with versions, decisions and history."""

    template_name = "strategy/document_detail.html"
    context_object_name = "document"

    def get_object(self, queryset=None):
        return selectors.document_get(access=self.access, ref=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        document = self.object
        access = self.access
        tree = selectors.document_tree(document=document, targets=False)
        parts = tree_parts(tree, self.request.GET)
        decorate_tree(tree, access=access, org_slug=self.organisation.slug, part=parts["part"])
        can_edit = access.can_edit_documents
        versions = list(selectors.version_list(document=document))
        ctx.update(
            tree=tree,
            **parts,
            own_focus_areas=tree.own_focus_areas,
            own_overall_goals=tree.own_overall_goals,
            can_edit=can_edit,
            can_add_indicator=access.can_edit_anything,
            versions=versions,
            decisions=list(selectors.document_decisions(access=access, document=document)),
            history=list(audit_history(instance=document, limit=50)),
            next_statuses=document_next_statuses(document.status),
            revision=revision_state(document),
            case_history=document_case_history(document),
            attachments=list(selectors.document_attachments(access=access, document=document)),
            **publication_state(
                document=document,
                organisation=self.organisation,
                access=access,
                versions=versions,
            ),
        )
        if can_edit:
            ctx["transition_form"] = with_version_field(
                TransitionForm(choices=self.status_choices(document)), document
            )
            ctx["freeze_form"] = FreezeForm()
            # The "fetch from Kolada" button: for a document with indicators from Kolada.
            ctx["kolada_indicators"] = (
                document.indicators.filter(source=IndicatorSource.KOLADA)
                .exclude(kolada_kpi="")
                .count()
            )
        return ctx

    @staticmethod
    def status_choices(document):
        labels = dict(SteeringDocument._meta.get_field("status").flatchoices)
        return [(s, labels[s]) for s in document_next_statuses(document.status)]


class DocumentAttachmentView(OrgMixin, View):
    """`…/documents/<ref>/attachments/<uid>/`: a file kept with the document, for everyone
    who may read the document (another organisation's is a 404)."""

    def get(self, request, *args, **kwargs):
        document = selectors.document_get(access=self.access, ref=kwargs["pk"])
        attachment = get_object_or_404(
            selectors.document_attachments(access=self.access, document=document),
            uid=kwargs["uid"],
        )
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class DocumentFormMixin(OrgMixin, EditPermissionMixin, ServiceFormMixin, FormAccessMixin):
    model = SteeringDocument
    form_class = DocumentForm
    template_name = "strategy/form.html"

    def get_success_url(self):
        return self.org_url("strategy:document-detail", pk=self.object.pk)


class DocumentCreateView(DocumentFormMixin, CreateView):
    success_message = gettext_lazy("The document was created.")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("New steering document")
        ctx["cancel_url"] = self.org_url("strategy:document-list")
        return ctx

    def perform(self, form):
        data, _m2m = split_data(form)
        return services.document_create(access=self.access, data=data)


class DocumentUpdateView(DocumentFormMixin, OriginalObjectMixin, UpdateView):
    success_message = gettext_lazy("The document was saved.")

    def get_object(self, queryset=None):
        return selectors.document_get(access=self.access, ref=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit “%(name)s”") % {"name": self.object}
        ctx["document"] = self.object
        ctx["cancel_url"] = self.get_success_url()
        return ctx

    def perform(self, form):
        data, _m2m = split_data(form)
        return services.document_update(access=self.access, document=self.object, data=data)


class DocumentDeleteView(ServiceDeleteView):
    def get_object(self):
        return selectors.document_get(access=self.access, ref=self.kwargs["pk"])

    def get_cancel_url(self):
        return self.org_url("strategy:document-detail", pk=self.object.pk)

    def get_success_url(self):
        return self.org_url("strategy:document-list")

    def delete_object(self):
        services.document_item_delete(access=self.access, instance=self.object)


class DocumentTransitionView(
    OrgMixin, EditPermissionMixin, TransitionViewMixin, ServiceFormMixin, FormView
):
    """Change a document's status to one of the allowed next statuses."""

    form_class = TransitionForm
    template_name = "strategy/document_transition.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.document = None

    def get_document(self):
        if self.document is None:
            self.document = selectors.document_get(access=self.access, ref=self.kwargs["pk"])
        return self.document

    def transition_target(self):
        return self.get_document()

    def transition_refreshed(self, current) -> None:
        self.document = current

    def transition_form_kwargs(self, target) -> dict:
        return {"choices": DocumentDetailView.status_choices(target)}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["document"] = self.get_document()
        return ctx

    def transition(self, target, *, status: str, message: str):
        return services.document_transition(
            access=self.access, document=target, status=status, message=message
        )

    def get_success_url(self):
        return self.org_url("strategy:document-detail", pk=self.get_document().pk)
