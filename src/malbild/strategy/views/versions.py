"""Pages of a document's frozen versions: the list, freezing the working copy, one version
as it was, and comparing two versions (or a version with the working copy).
"""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView, TemplateView

from malbild.web.mixins import OrgMixin, ServiceFormMixin

from .. import selectors, services
from ..forms import CompareForm, FreezeForm
from ..snapshot import render, snapshot_compare, working_copy_snapshot
from ..snapshot.parts import version_parts
from ._common import EditPermissionMixin


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
    """A frozen version: its document fields and its items as they were; a large version one
    focus area at a time (`snapshot.parts`)."""

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
        ctx["nodes"] = render.tree(snap, formatted=False)
        ctx["content_parts"] = version_parts(snap, ctx["nodes"], self.request.GET)
        ctx["inherited"] = render.inherited(snap)
        ctx["decisions"] = list(self.object.decisions.select_related("body").order_by("-date"))
        return ctx


#: Changed items per page of a comparison (the counts cover the whole comparison).
CHANGES_PER_PAGE = 50


class VersionCompareView(DocumentSubpageMixin, TemplateView):
    """Compare two versions, or a version with the working copy, item by item; the changes
    CHANGES_PER_PAGE a page (`?page=`), the document's own fields on the first page and the
    changes of what it inherits on the last. Two frozen versions are compared from their
    stored snapshots; the working copy's snapshot comes from the cache while nothing in the
    organisation changed (`snapshot.working_copy_snapshot`)."""

    template_name = "strategy/version_compare.html"

    def snapshot_of(self, key: str, versions_by_number: dict) -> dict:
        if key == "current":  # built from the database: every reference carries its label
            return working_copy_snapshot(self.get_document())
        return render.resolve_labels(
            versions_by_number[int(key)].snapshot, organisation=self.organisation
        )

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
            self.snapshot_of(a, by_number), self.snapshot_of(b, by_number), labels=False
        )
        ctx["label_a"], ctx["label_b"] = choice_labels[a], choice_labels[b]
        page_obj = Paginator(result["changes"], CHANGES_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        first, last = page_obj.number == 1, not page_obj.has_next()
        shown = {
            **result,
            "document": result["document"] if first else [],
            "changes": list(page_obj.object_list),
            "inherited": result.get("inherited", []) if last else [],
        }
        ctx.update(render.comparison(shown))  # only this page's changes are formatted
        ctx["page_obj"] = page_obj
        ctx["compared"] = True
        return ctx
