"""Strategist and reader pages after the responses: the handling of every submitted comment,
a comment's disposition, the strategist's assessment and proposed decision, and the summary
as HTML, PDF and DOCX.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from malbild.reports import jobs
from malbild.web.mixins import ServiceFormMixin, VersionedFormMixin

from .. import selectors, services, summary_export
from ..constants import ResponseStatus
from ..forms import ConclusionsForm, DispositionForm
from ..permissions import can_manage_rounds
from . import paging
from ._common import RoundMixin


def consultee_progress(rows: list[dict], progress: dict[int, dict[str, int]]) -> list[dict]:
    """Per consultee (`selectors.consultee_rows`): its state and how many of its current
    comments are handled (`selectors.comment_progress`, one aggregate query)."""
    empty = {"total": 0, "handled": 0}
    return [
        {
            **row,
            "comment_count": progress.get(row["consultee"].pk, empty)["total"],
            "handled_count": progress.get(row["consultee"].pk, empty)["handled"],
        }
        for row in rows
    ]


class HandlingView(RoundMixin, TemplateView):
    """Every submitted comment per item with its disposition and progress."""

    manage = True
    template_name = "consultation/handling.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        index = selectors.comment_index(round=self.round)
        ctx["summary"] = {
            "comment_count": sum(entry["total"] for entry in index),
            "handled_count": sum(entry["handled"] for entry in index),
        }
        ctx["progress"] = consultee_progress(
            selectors.consultee_rows(round=self.round),
            selectors.comment_progress(round=self.round),
        )
        show = self.request.GET.get("show", "")
        show = show if show in dict(paging.SHOW_CHOICES) else ""
        comments = selectors.CommentList(round=self.round, index=index, show=show)
        ctx["pages"] = paging.comment_pages(comments, self.request.GET)
        ctx["page_obj"] = ctx["pages"]["page_obj"]
        ctx["show_choices"] = paging.SHOW_CHOICES
        return ctx


class DispositionView(RoundMixin, VersionedFormMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/disposition_form.html"
    form_class = DispositionForm

    def setup_round(self):
        super().setup_round()
        self.comment = selectors.comment_get(round=self.round, pk=self.kwargs["comment"])
        if self.comment.response.status != ResponseStatus.SUBMITTED:
            raise Http404
        self.object = selectors.disposition_of(self.comment)

    def get_form_kwargs(self):
        target = selectors.revision_target_snapshot(self.round)
        choices = selectors.anchor_choices(version=self.round.version)[1:]
        seen = {uid for uid, _label in choices}
        for item in target.get("items", []):
            if item["uid"] not in seen:
                choices.append((item["uid"], _("%(label)s (new)") % {"label": item["label"]}))
        return {**super().get_form_kwargs(), "item_choices": choices}

    def get_initial(self):
        d = selectors.disposition_of(self.comment)
        if d is None:
            return {"changed_item_uids": [self.comment.item_uid] if self.comment.item_uid else []}
        return {
            "kind": d.kind,
            "motivation": d.motivation,
            "changed_item_uids": d.changed_item_uids,
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "comment": self.comment}

    def perform(self, form):
        # Not the form's `lock_version` (checked by ServiceFormMixin): changing an existing
        # disposition passed it on and failed with a TypeError.
        data = form.cleaned_data
        return services.disposition_set(
            access=self.access,
            comment=self.comment,
            kind=data["kind"],
            motivation=data["motivation"],
            changed_item_uids=data["changed_item_uids"],
        )

    def get_success_url(self):
        return (
            reverse(
                "consultation:handling", kwargs={"org": self.organisation.slug, "pk": self.round.pk}
            )
            + f"?comment={self.comment.pk}#comment-{self.comment.pk}"
        )


class ConclusionsView(RoundMixin, VersionedFormMixin, ServiceFormMixin, FormView):
    """The assessment (bedömning) and proposed decision (förslag till beslut) of the summary,
    editable by those who manage rounds until the adoption decision is recorded."""

    manage = True
    template_name = "consultation/conclusions_form.html"
    form_class = ConclusionsForm

    def setup_round(self):
        super().setup_round()
        self.object = self.round

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.round}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Assessment and proposed decision"),
            "editable": self.round.conclusions_editable,
        }

    def perform(self, form):
        self.success_message = _("The assessment and the proposed decision are saved.")
        return services.consultation_round_conclusions_update(
            access=self.access,
            round=self.round,
            assessment=form.cleaned_data["assessment"],
            proposal=form.cleaned_data["proposal"],
        )

    def get_success_url(self):
        return reverse(
            "consultation:summary", kwargs={"org": self.organisation.slug, "pk": self.round.pk}
        )


class SummaryView(RoundMixin, TemplateView):
    """Strategists see the summary at any time; readers once the round is closed."""

    template_name = "consultation/summary.html"

    def setup_round(self):
        super().setup_round()
        if not can_manage_rounds(self.access) and self.round.is_open:
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            paging.summary_parts(access=self.access, round=self.round, query=self.request.GET)
        )
        return ctx


class SummaryFileView(SummaryView):
    """The summary as a file, rendered in the background (`summary_export`): the file at once
    when it is ready in time or cached (a closed, revised round), else the export's page."""

    fmt = "pdf"

    def get(self, request, *args, **kwargs):
        self.setup_round()
        return jobs.request_export(
            user=request.user,
            organisation_slug=self.organisation.slug,
            kind=summary_export.KIND,
            params=summary_export.export_params(round=self.round),
            fmt=self.fmt,
        )


class SummaryPdfView(SummaryFileView):
    fmt = "pdf"


class SummaryDocxView(SummaryFileView):
    fmt = "docx"
