"""Pages of a document's items — sections, overall goals, focus areas, goals and indicators:
detail, add, edit and delete, one set of views for every kind (`ITEM_KINDS`).
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DetailView, UpdateView

from malbild.core.selectors import audit_history
from malbild.web.mixins import FormAccessMixin, OrgMixin, OriginalObjectMixin, ServiceFormMixin

from .. import selectors, services
from ..fields import (
    FOCUS_AREA_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    OVERALL_GOAL_FIELDS,
    SECTION_FIELDS,
    display_rows,
)
from ..forms import (
    FocusAreaForm,
    GoalForm,
    IndicatorForm,
    OverallGoalForm,
    SectionForm,
    TargetForm,
    split_data,
)
from ..models import FocusArea, Goal, Indicator, OverallGoal, Section, SteeringDocument
from ._common import EditPermissionMixin, ServiceDeleteView, activity_url, number
from .kolada import kolada_state, kpi_search_results, peer_comparison
from .series import indicator_series

# "fields": what the detail page lists, from the kind's one field tuple (strategy/fields.py).
ITEM_KINDS = {
    "section": {
        "model": Section,
        "form": SectionForm,
        "parent": "document",
        "fields": [f for f in SECTION_FIELDS if f != "body"],
        "markdown": "body",
    },
    "overall-goal": {
        "model": OverallGoal,
        "form": OverallGoalForm,
        "parent": "document",
        "fields": list(OVERALL_GOAL_FIELDS),
    },
    "focus-area": {
        "model": FocusArea,
        "form": FocusAreaForm,
        "parent": "document",
        "fields": list(FOCUS_AREA_FIELDS),
    },
    "goal": {
        "model": Goal,
        "form": GoalForm,
        "parent": "focus_area",
        "fields": list(GOAL_FIELDS),
    },
    "indicator": {
        "model": Indicator,
        "form": IndicatorForm,
        "parent": "document",
        "fields": list(INDICATOR_FIELDS),
    },
}

CREATE_SERVICES = {
    "section": services.section_create,
    "overall-goal": services.overall_goal_create,
    "focus-area": services.focus_area_create,
    "indicator": services.indicator_create,
}


def item_document(obj) -> SteeringDocument:
    return obj.focus_area.document if isinstance(obj, Goal) else obj.document


item_display_fields = display_rows


class ItemMixin(OrgMixin):
    """Shared by the item views; `kind` (a key of ITEM_KINDS) is given in urls.py."""

    kind = ""

    @property
    def spec(self):
        return ITEM_KINDS[self.kind]

    def get_object(self, queryset=None):
        return selectors.document_item_get(
            access=self.access, model=self.spec["model"], ref=self.kwargs["pk"]
        )

    def may_edit(self) -> bool:
        if self.kind == "indicator" and getattr(self, "object", None) is not None:
            return self.access.can_edit_for_body(self.object.responsible_body_id)
        return self.access.can_edit_documents

    def document_url(self, document, obj=None) -> str:
        url = self.org_url("strategy:document-detail", pk=document.pk)
        return f"{url}#item-{obj.uid}" if obj is not None else url

    def detail_url(self, obj) -> str:
        return self.org_url(f"strategy:{self.kind}-detail", pk=obj.pk)


class ItemDetailView(ItemMixin, DetailView):
    template_name = "strategy/item_detail.html"
    context_object_name = "item"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        obj = self.object
        document = item_document(obj)
        can_edit = self.may_edit()
        url_kwargs = {"org": self.organisation.slug, "pk": obj.pk}
        ctx.update(
            kind=self.kind,
            type_name=obj._meta.verbose_name,
            document=document,
            document_url=self.document_url(document, obj),
            fields=item_display_fields(obj, self.spec["fields"]),
            markdown=getattr(obj, self.spec.get("markdown", ""), None),
            can_edit=can_edit,
            update_url=reverse(f"strategy:{self.kind}-update", kwargs=url_kwargs),
            delete_url=reverse(f"strategy:{self.kind}-delete", kwargs=url_kwargs),
            history=list(audit_history(instance=obj, limit=100)),
        )
        if isinstance(obj, Goal):
            ctx["focus_area"] = obj.focus_area
        if isinstance(obj, FocusArea):
            ctx["goals"] = list(obj.goals.order_by("order", "id"))
            ctx["indicators"] = list(obj.indicators.order_by("order", "id"))
            ctx["can_add_goal"] = self.access.can_edit_documents
            ctx["activities"] = [
                (act, activity_url(self.organisation.slug, act))
                for act in obj.activities.select_related("document").order_by(
                    "document__title", "number", "title", "id"
                )
            ]
        if isinstance(obj, Indicator):
            ctx["targets"] = list(obj.targets.order_by("year"))
            for target in ctx["targets"]:
                target.value_display = number(target.value)
            ctx["target_form"] = TargetForm() if can_edit else None
            ctx.update(indicator_series(obj, ctx["targets"]))
            ctx.update(peer_comparison(obj, self.organisation))
            ctx.update(kolada_state(obj))
            ctx["can_sync"] = self.access.can_edit_documents
        return ctx


class ItemFormMixin(ItemMixin, EditPermissionMixin, ServiceFormMixin, FormAccessMixin):
    template_name = "strategy/form.html"

    def kolada_search(self, request):
        """The indicator form again, as filled in, with the Kolada KPIs whose title holds the
        query to choose from (the "Search Kolada" button; nothing is saved)."""
        form_class = self.get_form_class()
        initial = {}
        for name, values in request.POST.lists():
            field = form_class.base_fields.get(name)
            multiple = field is not None and getattr(field.widget, "allow_multiple_selected", 0)
            initial[name] = values if multiple else values[-1]
        kwargs = self.get_form_kwargs()
        for key in ("data", "files"):
            kwargs.pop(key, None)
        kwargs["initial"] = initial
        form = form_class(**kwargs)
        query = request.POST.get("kolada_query", "").strip()
        results, error = kpi_search_results(query) if query else ([], "")
        ctx = self.get_context_data(form=form)
        ctx["kolada_search"] = {
            "query": query,
            "results": results,
            "error": error or ("" if query else _("Enter a word of the KPI's name.")),
            "searched": True,
        }
        return self.render_to_response(ctx)

    def post(self, request, *args, **kwargs):
        if self.kind == "indicator" and "kolada_search" in request.POST:
            self.check_edit()
            return self.kolada_search(request)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if self.kind == "indicator":
            ctx.setdefault("kolada_search", {"query": "", "results": [], "searched": False})
        return ctx

    def get_form_class(self):
        return self.spec["form"]

    def get_success_url(self):
        return self.detail_url(self.object)


class ItemCreateView(ItemFormMixin, CreateView):
    """Add an item to a document (or a goal to a focus area)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None
        self.parent = None

    def get_parent(self):
        if self.parent is None:
            if self.spec["parent"] == "focus_area":
                self.parent = selectors.document_item_get(
                    access=self.access, model=FocusArea, ref=self.kwargs["parent"]
                )
            else:
                self.parent = selectors.document_get(access=self.access, ref=self.kwargs["parent"])
        return self.parent

    def get_document(self):
        parent = self.get_parent()
        return parent.document if isinstance(parent, FocusArea) else parent

    def may_edit(self) -> bool:
        if self.kind == "indicator":
            return self.access.can_edit_anything
        return self.access.can_edit_documents

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "document": self.get_document()}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        document = self.get_document()
        ctx["document"] = document
        model = self.spec["model"]
        parent = self.get_parent()
        ctx["title"] = _("New %(type)s in “%(parent)s”") % {
            "type": model._meta.verbose_name,
            "parent": parent,
        }
        ctx["cancel_url"] = self.document_url(document)
        return ctx

    def perform(self, form):
        data, m2m = split_data(form)
        if self.kind == "goal":
            return services.goal_create(access=self.access, focus_area=self.get_parent(), data=data)
        create = CREATE_SERVICES[self.kind]
        kwargs = {"access": self.access, "document": self.get_parent(), "data": data}
        if self.kind in {"focus-area", "indicator"}:
            kwargs["m2m"] = m2m
        return create(**kwargs)

    def get_success_message(self):
        return _("The %(type)s was added.") % {"type": self.spec["model"]._meta.verbose_name}

    def form_valid(self, form):
        self.success_message = self.get_success_message()
        return super().form_valid(form)


class ItemUpdateView(ItemFormMixin, OriginalObjectMixin, UpdateView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["document"] = item_document(self.object)
        return kwargs

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["document"] = item_document(self.object)
        ctx["title"] = _("Edit %(type)s “%(name)s”") % {
            "type": self.object._meta.verbose_name,
            "name": self.object,
        }
        ctx["cancel_url"] = self.detail_url(self.object)
        return ctx

    def perform(self, form):
        data, m2m = split_data(form)
        self.success_message = _("The changes were saved.")
        return services.item_update(
            access=self.access, instance=self.object, data=data, m2m=m2m or None
        )


class ItemDeleteView(ItemMixin, ServiceDeleteView):
    def get_cancel_url(self):
        return self.detail_url(self.object)

    def get_success_url(self):
        return self.document_url(item_document(self.object))

    def delete_object(self):
        services.document_item_delete(access=self.access, instance=self.object)
