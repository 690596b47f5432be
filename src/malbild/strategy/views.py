"""Pages of steering documents: the document tree, forms for every item, status changes,
versions (freeze, view, compare), indicators and decisions.

Views parse, call `strategy.selectors`/`strategy.services` and render. Permissions come from
the services (PermissionDenied → 403) and are checked up front so that a reader never sees an
edit form; another organisation's objects are 404 through `OrgMixin` and the selectors.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import (
    CreateView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.core.selectors import audit_history
from malbild.web import formatting
from malbild.web.mixins import (
    ConfirmDeleteMixin,
    EditCheckMixin,
    FormAccessMixin,
    OrgMixin,
    OriginalObjectMixin,
    ServiceFormMixin,
    TransitionViewMixin,
    apply_validation_error,
    posted_version,
    with_version_field,
)

from . import selectors, services
from .fields import (
    FOCUS_AREA_FIELDS,
    GOAL_FIELDS,
    INDICATOR_FIELDS,
    OVERALL_GOAL_FIELDS,
    SECTION_FIELDS,
    display_rows,
)
from .forms import (
    CompareForm,
    DecisionForm,
    DocumentForm,
    FocusAreaForm,
    FreezeForm,
    GoalForm,
    IndicatorFilterForm,
    IndicatorForm,
    OverallGoalForm,
    SectionForm,
    TargetForm,
    TransitionForm,
    split_data,
)
from .models import (
    Decision,
    FocusArea,
    Goal,
    Indicator,
    IndicatorTarget,
    OverallGoal,
    Section,
    SteeringDocument,
)
from .snapshot import document_snapshot, render, snapshot_compare
from .workflow import document_next_statuses

# Helpers -----------------------------------------------------------------------------------------


def number(value) -> str:
    """A decimal without trailing zeros, in the active language's format (95, 99,5)."""
    return formatting.number(value)


def target_text(target: IndicatorTarget) -> str:
    parts = [number(target.value), target.text]
    return f"{target.year}: " + " – ".join(p for p in parts if p)


def decorate_indicator(indicator: Indicator, access) -> Indicator:
    """Display values and the caller's edit right, computed without queries (targets are
    prefetched by the selectors)."""
    indicator.can_edit = access.can_edit_for_body(indicator.responsible_body_id)
    if indicator.baseline_value is not None:
        indicator.baseline_display = (
            f"{number(indicator.baseline_value)} ({indicator.baseline_year})"
        )
    else:
        indicator.baseline_display = ""
    indicator.target_list = [target_text(t) for t in indicator.targets.all()]
    return indicator


def activity_url(org_slug: str, activity) -> str:
    """Link to an activity's page when the action plan pages are installed, else ''."""
    try:
        return reverse("actionplan:activity-detail", kwargs={"org": org_slug, "pk": activity.pk})
    except NoReverseMatch:
        return ""


class EditPermissionMixin(EditCheckMixin):
    """Refuse (403) the whole view — GET included — to users who may not make the change."""

    def may_edit(self) -> bool:
        return self.access.can_edit_documents

    def check_edit(self) -> None:
        if not self.may_edit():
            raise PermissionDenied(_("You may not make this change."))


class ServiceDeleteView(ConfirmDeleteMixin, OrgMixin, EditPermissionMixin, FormView):
    """Confirm and delete through a service; a refused delete shows the reason."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def delete_target(self):
        return self.object

    def form_valid(self, form):
        name = str(self.object)
        success_url = self.get_success_url()
        try:
            with expect_version(self.object, posted_version(form)):
                self.delete_object()
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return self.form_invalid(form)
        except ConflictError as exc:
            return self.render_conflict(form, exc.current)
        messages.success(self.request, _("“%(name)s” was deleted.") % {"name": name})
        return HttpResponseRedirect(success_url)


# Documents --------------------------------------------------------------------------------------


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
        tree = selectors.document_tree(document=document)
        org_slug = self.organisation.slug
        seen: set = set()

        def anchor(obj) -> str:
            # An indicator or activity serving two focus areas is listed twice; only its first
            # appearance carries the stable anchor, so ids stay unique on the page.
            if obj.uid in seen:
                return ""
            seen.add(obj.uid)
            return f"item-{obj.uid}"

        def decorate_activity(act):
            act.url = activity_url(org_slug, act)
            act.budget_total = sum((b.amount for b in act.budget_lines.all()), Decimal(0))
            act.anchor = anchor(act)

        for fa in tree["focus_areas"]:
            for ind in fa.indicators.all():
                decorate_indicator(ind, access)
                ind.anchor = anchor(ind)
            for act in fa.doc_activities:
                decorate_activity(act)
        for ind in tree["unlinked_indicators"]:
            decorate_indicator(ind, access)
            ind.anchor = anchor(ind)
        for act in tree["unlinked_activities"]:
            decorate_activity(act)
        can_edit = access.can_edit_documents
        ctx.update(
            tree=tree,
            own_focus_areas=tree["focus_area_document"].pk == document.pk,
            can_edit=can_edit,
            can_add_indicator=access.can_edit_anything,
            versions=list(selectors.version_list(document=document)),
            decisions=list(selectors.document_decisions(access=access, document=document)),
            history=list(audit_history(instance=document, limit=50)),
            next_statuses=document_next_statuses(document.status),
        )
        if can_edit:
            ctx["transition_form"] = with_version_field(
                TransitionForm(choices=self.status_choices(document)), document
            )
            ctx["freeze_form"] = FreezeForm()
        return ctx

    @staticmethod
    def status_choices(document):
        labels = dict(SteeringDocument._meta.get_field("status").flatchoices)
        return [(s, labels[s]) for s in document_next_statuses(document.status)]


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

    def perform(self, form):
        document = services.document_transition(
            access=self.access,
            document=self.get_document(),
            status=form.cleaned_data["status"],
            message=form.cleaned_data["message"],
        )
        self.success_message = _("The status is now “%(status)s”.") % {
            "status": document.get_status_display()
        }
        return document

    def get_success_url(self):
        return self.org_url("strategy:document-detail", pk=self.get_document().pk)


# Items of a document: sections, overall goals, focus areas, goals, indicators ------------------


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
        return ctx


class ItemFormMixin(ItemMixin, EditPermissionMixin, ServiceFormMixin, FormAccessMixin):
    template_name = "strategy/form.html"

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


# Indicator targets -----------------------------------------------------------------------------


class TargetSetView(OrgMixin, EditPermissionMixin, ServiceFormMixin, OriginalObjectMixin, FormView):
    """Set (create or change) the target of one year of an indicator. Opened for one year
    (`?year=2020`) whose target exists, the form edits that target and carries its version,
    so a save made after someone else's change shows the conflict page (docs/adr/0007)."""

    form_class = TargetForm
    template_name = "strategy/target_form.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.indicator = None
        self.object = None

    def get_form(self, form_class=None):
        self.object = self.edited_target()
        return super().get_form(form_class)

    def edited_target(self):
        """The existing target of the year being edited (posted, or `?year=` on GET)."""
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        year = str(source.get("year", "")).strip()
        if not year.isdigit() or len(year) > 4:
            return None
        return self.get_indicator().targets.filter(year=int(year)).first()

    def get_indicator(self):
        if self.indicator is None:
            self.indicator = selectors.document_item_get(
                access=self.access, model=Indicator, ref=self.kwargs["pk"]
            )
        return self.indicator

    def may_edit(self) -> bool:
        return self.access.can_edit_for_body(self.get_indicator().responsible_body_id)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["indicator"] = self.get_indicator()
        ctx["document"] = self.get_indicator().document
        return ctx

    def perform(self, form):
        self.success_message = _("The target was saved.")
        return services.indicator_target_set(
            access=self.access,
            indicator=self.get_indicator(),
            year=form.cleaned_data["year"],
            value=form.cleaned_data["value"],
            text=form.cleaned_data["text"],
        )

    def get_success_url(self):
        return self.org_url("strategy:indicator-detail", pk=self.get_indicator().pk)


class TargetDeleteView(ServiceDeleteView):
    def get_object(self):
        return get_object_or_404(
            IndicatorTarget.objects.for_access(self.access).select_related("indicator"),
            pk=self.kwargs["pk"],
        )

    def may_edit(self) -> bool:
        if self.object is None:
            self.object = self.get_object()
        return self.access.can_edit_for_body(self.object.indicator.responsible_body_id)

    def get_cancel_url(self):
        return self.org_url("strategy:indicator-detail", pk=self.object.indicator_id)

    get_success_url = get_cancel_url

    def delete_object(self):
        services.indicator_target_delete(access=self.access, target=self.object)


# Indicator list -------------------------------------------------------------------------------


class IndicatorListView(OrgMixin, ListView):
    """All indicators of the organisation, optionally of one document."""

    template_name = "strategy/indicator_list.html"
    context_object_name = "indicators"
    paginate_by = 50

    def get_queryset(self):
        self.filter_form = IndicatorFilterForm(self.request.GET or None, access=self.access)
        document = None
        if self.filter_form.is_valid():
            document = self.filter_form.cleaned_data["document"]
        return selectors.indicator_list(access=self.access, document=document).order_by(
            "document__title", "order", "id"
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for ind in ctx["indicators"]:
            decorate_indicator(ind, self.access)
        ctx["filter_form"] = self.filter_form
        return ctx


# Versions -------------------------------------------------------------------------------------


class DocumentSubpageMixin(OrgMixin):
    """Pages under one document (versions, compare)."""

    def get_document(self):
        if getattr(self, "_document", None) is None:
            self._document = selectors.document_get(access=self.access, ref=self.kwargs["pk"])
        return self._document

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["document"] = self.get_document()
        return ctx


class VersionListView(DocumentSubpageMixin, ListView):
    template_name = "strategy/version_list.html"
    context_object_name = "versions"

    def get_queryset(self):
        return selectors.version_list(document=self.get_document())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.access.can_edit_documents
        if ctx["can_edit"]:
            ctx["freeze_form"] = FreezeForm()
        ctx["compare_form"] = compare_form(self.get_document(), list(ctx["versions"]))
        return ctx


def version_choices(versions) -> list[tuple[str, str]]:
    choices = [("current", _("Working copy"))]
    for v in versions:
        label = _("Version %(n)s") % {"n": v.number}
        if v.label:
            label = f"{label} – {v.label}"
        choices.append((str(v.number), label))
    return choices


def compare_form(document, versions, data=None) -> CompareForm:
    choices = version_choices(versions)
    initial = {"a": choices[1][0] if len(choices) > 1 else "current", "b": "current"}
    return CompareForm(data, choices=choices, initial=initial)


class VersionFreezeView(DocumentSubpageMixin, EditPermissionMixin, ServiceFormMixin, FormView):
    """Freeze the working copy into the next numbered version."""

    form_class = FreezeForm
    template_name = "strategy/version_freeze.html"

    def perform(self, form):
        version = services.version_freeze(
            access=self.access,
            document=self.get_document(),
            label=form.cleaned_data["label"],
            note=form.cleaned_data["note"],
        )
        self.success_message = _("Version %(n)s was frozen.") % {"n": version.number}
        return version

    def get_success_url(self):
        return reverse(
            "strategy:version-detail",
            kwargs={
                "org": self.organisation.slug,
                "pk": self.get_document().pk,
                "number": self.object.number,
            },
        )


class VersionDetailView(DocumentSubpageMixin, DetailView):
    """A frozen version: its document fields and its items as they were."""

    template_name = "strategy/version_detail.html"
    context_object_name = "version"

    def get_object(self, queryset=None):
        return selectors.version_get(
            access=self.access, document=self.get_document(), number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        snap = render.resolve_labels(self.object.snapshot, organisation=self.organisation)
        ctx["document_fields"] = render.document_fields(snap)
        ctx["nodes"] = render.tree(snap)
        ctx["decisions"] = list(self.object.decisions.select_related("body").order_by("-date"))
        return ctx


class VersionCompareView(DocumentSubpageMixin, TemplateView):
    """Compare two versions, or a version with the working copy, item by item."""

    template_name = "strategy/version_compare.html"

    def snapshot_of(self, key: str, versions_by_number: dict) -> dict:
        if key == "current":
            return document_snapshot(self.get_document())
        return versions_by_number[int(key)].snapshot

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        document = self.get_document()
        versions = list(selectors.version_list(document=document))
        by_number = {v.number: v for v in versions}
        form = compare_form(document, versions, self.request.GET or None)
        ctx["form"] = form
        ctx["has_versions"] = bool(versions)
        if not self.request.GET:
            return ctx
        if not form.is_valid():
            return ctx
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
        choice_labels = dict(form.fields["a"].choices)
        result = snapshot_compare(
            render.resolve_labels(self.snapshot_of(a, by_number), organisation=self.organisation),
            render.resolve_labels(self.snapshot_of(b, by_number), organisation=self.organisation),
        )
        ctx["label_a"], ctx["label_b"] = choice_labels[a], choice_labels[b]
        ctx.update(render.comparison(result))
        ctx["compared"] = True
        return ctx


# Decisions ------------------------------------------------------------------------------------


class DecisionListView(OrgMixin, ListView):
    template_name = "strategy/decision_list.html"
    context_object_name = "decisions"
    paginate_by = 50

    def get_queryset(self):
        return selectors.decision_list(access=self.access).order_by("-date", "-id")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.access.can_edit_documents
        return ctx


class DecisionDetailView(OrgMixin, DetailView):
    template_name = "strategy/decision_detail.html"
    context_object_name = "decision"

    def get_object(self, queryset=None):
        return selectors.decision_get(access=self.access, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.access.can_edit_documents
        ctx["history"] = list(audit_history(instance=self.object, limit=100))
        return ctx


class DecisionFormMixin(OrgMixin, EditPermissionMixin, ServiceFormMixin, FormAccessMixin):
    model = Decision
    form_class = DecisionForm
    template_name = "strategy/form.html"

    def get_success_url(self):
        return self.org_url("strategy:decision-detail", pk=self.object.pk)


class DecisionCreateView(DecisionFormMixin, CreateView):
    success_message = gettext_lazy("The decision was recorded.")

    def get_initial(self):
        initial = super().get_initial()
        ref = self.request.GET.get("document", "")
        if ref:
            document = SteeringDocument.objects.for_access(self.access).by_ref(ref).first()
            if document is not None:
                initial["document"] = document.pk
        return initial

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Record a decision")
        ctx["cancel_url"] = self.org_url("strategy:decision-list")
        return ctx

    def perform(self, form):
        data, m2m = split_data(form)
        return services.decision_create(access=self.access, data=data, m2m=m2m)


class DecisionUpdateView(DecisionFormMixin, OriginalObjectMixin, UpdateView):
    success_message = gettext_lazy("The decision was saved.")

    def get_object(self, queryset=None):
        return selectors.decision_get(access=self.access, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Edit decision “%(name)s”") % {"name": self.object}
        ctx["cancel_url"] = self.get_success_url()
        return ctx

    def perform(self, form):
        data, m2m = split_data(form)
        return services.decision_update(
            access=self.access, decision=self.object, data=data, m2m=m2m
        )


class DecisionDeleteView(ServiceDeleteView):
    def get_object(self):
        return selectors.decision_get(access=self.access, pk=self.kwargs["pk"])

    def get_cancel_url(self):
        return self.org_url("strategy:decision-detail", pk=self.object.pk)

    def get_success_url(self):
        return self.org_url("strategy:decision-list")

    def delete_object(self):
        services.decision_delete(access=self.access, decision=self.object)
