"""Pages of the consultation round: list, opening a round, the overview with its actions,
the response pages (for respondents by account and for holders of a secret link), comment
handling, and the summary as HTML, PDF and DOCX.

Link holders are not logged in: `/o/<org>/remiss/<token>/` checks the token, keeps only the
link's id in the session and redirects to a page without the token in its address, so the
token does not end up in browser history, Referer headers or request logs.
"""

import datetime
from contextlib import nullcontext

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from malbild.core.access import request_access, require_roles
from malbild.core.errors import ConflictError
from malbild.core.locking import expect_version
from malbild.core.selectors import audit_history
from malbild.strategy.models import DocumentVersion
from malbild.web.mixins import (
    OrgMixin,
    ServiceFormMixin,
    VersionedFormMixin,
    apply_validation_error,
    conflict_page,
    posted_version,
    versioned_form,
    with_version_field,
)

from . import exports, selectors, services
from .constants import ResponseStatus
from .forms import (
    AdoptForm,
    AttachmentForm,
    CloseForm,
    CommentForm,
    ConsulteeAddForm,
    DeclineForm,
    DispositionForm,
    ExtendForm,
    ResponseForm,
    ReviseForm,
    RoundOpenForm,
)
from .models import Attachment, Comment, SecretLink
from .permissions import Responder, can_manage_rounds, can_read_response

LINK_SESSION_KEY = "consultation_link_%s"


# Strategist and reader pages -----------------------------------------------------------------


class RoundMixin(OrgMixin):
    """Resolves `pk` to a round of the organisation (404 otherwise)."""

    manage = False

    def setup_round(self):
        self.round = selectors.round_get(access=self.access, pk=self.kwargs["pk"])
        if self.manage and not can_manage_rounds(self.access):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self.setup_round()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_round()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["round"] = self.round
        ctx["can_manage"] = can_manage_rounds(self.access)
        return ctx

    def round_url(self):
        return reverse(
            "consultation:round-detail", kwargs={"org": self.organisation.slug, "pk": self.round.pk}
        )

    get_success_url = round_url


class RoundListView(OrgMixin, TemplateView):
    need_read = False
    template_name = "consultation/round_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rounds = list(selectors.round_list(access=self.access))
        ctx["rounds"] = rounds
        ctx["can_manage"] = can_manage_rounds(self.access)
        ctx["my_consultees"] = selectors.consultees_for_respondent(access=self.access)
        return ctx


class RoundCreateView(OrgMixin, ServiceFormMixin, FormView):
    template_name = "consultation/round_form.html"
    form_class = RoundOpenForm

    def get(self, request, *args, **kwargs):
        if not can_manage_rounds(self.access):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not can_manage_rounds(self.access):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_initial(self):
        """Preselect the version when coming from a document or version page."""

        initial = {"sent_on": timezone.localdate()}
        versions = DocumentVersion.objects.for_access(self.access)
        version, document = (
            self.request.GET.get("version", ""),
            self.request.GET.get("document", ""),
        )
        chosen = None
        if version.isdigit():
            chosen = versions.filter(pk=int(version)).first()
        elif document.isdigit():
            chosen = versions.filter(document_id=int(document)).order_by("-number").first()
        if chosen is not None:
            initial["version"] = chosen.pk
        return initial

    def perform(self, form):
        d = form.cleaned_data
        bodies = list(d["bodies"])
        for choice in d["quick"]:
            bodies += list(selectors.bodies_for_quick_choice(access=self.access, choice=choice))
        return services.consultation_round_open(
            access=self.access,
            version=d["version"],
            title=d["title"],
            instructions=d["instructions"],
            registry_number=d["registry_number"],
            sent_on=d["sent_on"],
            deadline=d["deadline"],
            bodies=bodies,
            decision=form.decision(),
        )

    def get_success_url(self):
        return reverse(
            "consultation:round-detail",
            kwargs={"org": self.organisation.slug, "pk": self.object.pk},
        )


class RoundDetailView(RoundMixin, TemplateView):
    """The overview: each consultee's state with dates, who still has to answer, extensions,
    comment handling progress, and the strategist's actions."""

    template_name = "consultation/round_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["overview"] = selectors.round_overview(round=self.round)
        ctx["add_form"] = ConsulteeAddForm(access=self.access, prefix="add")
        ctx["history"] = audit_history(instance=self.round, limit=50)
        return ctx


class RoundExtendView(RoundMixin, VersionedFormMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = ExtendForm

    def setup_round(self):
        super().setup_round()
        self.object = self.round

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Extend the deadline")}

    def perform(self, form):
        d = form.cleaned_data
        return services.consultation_round_extend(
            access=self.access,
            round=self.round,
            new_deadline=d["new_deadline"],
            reason=d["reason"],
            decision=form.decision(),
        )


class RoundCloseView(RoundMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = CloseForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Close the consultation round"),
            "intro": _(
                "After closing, no responses are accepted and all submitted responses become "
                "readable to the organisation's readers."
            ),
        }

    def perform(self, form):
        return services.consultation_round_close(
            access=self.access, round=self.round, note=form.cleaned_data["note"]
        )


class RoundReviseView(RoundMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = ReviseForm
    initial = {"label": ""}

    def get_initial(self):
        return {"label": _("Revised after consultation")}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Freeze the revised version"),
            "intro": _(
                "Freezes the current working copy of the document; the summary compares the "
                "consulted version with it."
            ),
        }

    def perform(self, form):
        return services.consultation_round_revise(
            access=self.access, round=self.round, **form.cleaned_data
        )


class RoundAdoptView(RoundMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = AdoptForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "heading": _("Record the adoption decision"),
            "intro": _(
                "The decision points at the revised version and moves the document to “adopted”."
            ),
        }

    def perform(self, form):
        d = dict(form.cleaned_data)
        distribution = list(d.pop("distribution"))
        return services.consultation_round_adopt(
            access=self.access, round=self.round, decision=d, distribution=distribution
        )


class ConsulteeAddView(RoundMixin, ServiceFormMixin, FormView):
    manage = True
    template_name = "consultation/round_action.html"
    form_class = ConsulteeAddForm
    prefix = "add"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Add a consultee")}

    def perform(self, form):
        return services.consultee_add(
            access=self.access, round=self.round, body=form.cleaned_data["body"]
        )


@method_decorator(never_cache, name="dispatch")
class LinkCreateView(RoundMixin, View):
    """POST: a new secret link; the page shows it once with a ready e-mail text."""

    manage = True

    def post(self, request, *args, **kwargs):
        self.setup_round()
        consultee = selectors.consultee_get(round=self.round, pk=kwargs["cid"])
        try:
            link, raw = services.secret_link_create(access=self.access, consultee=consultee)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.round_url())
        url = request.build_absolute_uri(
            reverse("consultation:link-enter", kwargs={"org": self.organisation.slug, "token": raw})
        )
        ctx = {
            "round": self.round,
            "consultee": consultee,
            "link": link,
            "url": url,
            "email": exports.invitation_text(round=self.round, consultee=consultee, url=url),
            "access": self.access,
            "organisation": self.organisation,
        }
        return render(request, "consultation/link_created.html", ctx)


class LinkRevokeView(RoundMixin, View):
    manage = True

    def post(self, request, *args, **kwargs):
        self.setup_round()
        link = get_object_or_404(SecretLink, pk=kwargs["link"], consultee__round=self.round)
        services.secret_link_revoke(access=self.access, link=link)
        messages.success(request, _("The link has been revoked."))
        return redirect(self.round_url())


class RoundIcsView(RoundMixin, View):
    def get(self, request, *args, **kwargs):
        self.setup_round()
        response = HttpResponse(
            exports.deadline_ics(round=self.round), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="remiss-{self.round.pk}.ics"'
        return response


class HandlingView(RoundMixin, TemplateView):
    """Every submitted comment per item with its disposition and progress."""

    manage = True
    template_name = "consultation/handling.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["summary"] = selectors.summary_build(round=self.round, include_working_copy=False)
        ctx["overview"] = selectors.round_overview(round=self.round)
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
        return services.disposition_set(
            access=self.access, comment=self.comment, **form.cleaned_data
        )

    def get_success_url(self):
        return (
            reverse(
                "consultation:handling", kwargs={"org": self.organisation.slug, "pk": self.round.pk}
            )
            + f"#comment-{self.comment.pk}"
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
        ctx["summary"] = self._summary()
        return ctx

    def _summary(self):
        summary = selectors.summary_build(round=self.round)
        summary["responses"] = [
            row
            for row in summary["responses"]
            if can_read_response(self.access, row["current"], self.round.status)
        ]
        return summary


class SummaryPdfView(SummaryView):
    def get(self, request, *args, **kwargs):
        self.setup_round()
        pdf = exports.summary_pdf(summary=self._summary(), request=request)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="remissammanstallning-{self.round.pk}.pdf"'
        )
        return response


class SummaryDocxView(SummaryView):
    def get(self, request, *args, **kwargs):
        self.setup_round()
        data = exports.summary_docx(summary=self._summary())
        response = HttpResponse(data, content_type=exports.DOCX_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="remissammanstallning-{self.round.pk}.docx"'
        )
        return response


# Response pages (account and secret link) ------------------------------------------------------


def _link_refused(request, organisation, reason: str, status: int):
    response = render(
        request,
        "consultation/link_refused.html",
        {"reason": reason, "organisation": organisation},
        status=status,
    )
    # Keep the token in the address out of Django's request log.
    response._has_been_logged = True
    return response


@method_decorator(never_cache, name="dispatch")
class LinkEnterView(View):
    """GET /o/<org>/remiss/<token>/: check the token, remember the link in the session and
    redirect to the response page."""

    def get(self, request, org, token):
        try:
            organisation = request_access(request, org).organisation
        except Http404:
            return _link_refused(request, None, "unknown", 404)
        try:
            link = services.secret_link_authenticate(organisation=organisation, raw=token)
        except services.LinkRefused as exc:
            return _link_refused(
                request, organisation, exc.reason, 404 if exc.reason == "unknown" else 410
            )
        request.session.cycle_key()
        request.session[LINK_SESSION_KEY % organisation.pk] = link.pk
        return redirect("consultation:link-response", org=organisation.slug)


@method_decorator(never_cache, name="dispatch")
class ResponderMixin(View):
    """Resolves who answers for which consultee.

    Account mode (`.../consultees/<cid>/...`): a logged-in user of the organisation, any role;
    may write when respondent for the body (or strategist), may read per `can_read_response`.
    Link mode (`/remiss/svar/...`): the link kept in the session, re-checked on every request.
    """

    def dispatch(self, request, *args, **kwargs):
        self.link_mode = "cid" not in kwargs
        if self.link_mode:
            organisation = request_access(request, kwargs["org"]).organisation
            link_id = request.session.get(LINK_SESSION_KEY % organisation.pk)
            link = (
                SecretLink.objects.for_org(organisation)
                .select_related("consultee__round", "consultee__body")
                .filter(pk=link_id)
                .first()
                if link_id
                else None
            )
            if link is None:
                return _link_refused(request, organisation, "unknown", 404)
            try:
                services.link_check(link)
            except services.LinkRefused as exc:
                request.session.pop(LINK_SESSION_KEY % organisation.pk, None)
                return _link_refused(request, organisation, exc.reason, 410)
            self.organisation = organisation
            self.access = None
            self.responder = Responder(link=link)
            self.consultee = link.consultee
            self.round = link.consultee.round
            self.can_write = True
        else:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            self.access = require_roles(request_access(request, kwargs["org"]), need_read=False)
            self.organisation = self.access.organisation
            self.round = selectors.round_get(access=self.access, pk=kwargs["pk"])
            self.consultee = selectors.consultee_get(round=self.round, pk=kwargs["cid"])
            self.responder = Responder(access=self.access)
            self.can_write = self.responder.can_respond_for(self.consultee)
            if not self.can_write and not self.access.can_read:
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def url(self, name="response", **extra):
        if self.link_mode:
            return reverse(
                f"consultation:link-{name}", kwargs={"org": self.organisation.slug, **extra}
            )
        return reverse(
            f"consultation:{name}",
            kwargs={
                "org": self.organisation.slug,
                "pk": self.round.pk,
                "cid": self.consultee.pk,
                **extra,
            },
        )

    def is_registrar(self) -> bool:
        """A strategist answering for a body they are not respondent for (a paper response)."""
        return (
            not self.link_mode
            and self.access.can_edit_documents
            and self.consultee.body_id not in self.access.respondent_body_ids
        )

    def require_write(self):
        if not self.can_write:
            raise PermissionDenied

    def back(self, message: str = "", anchor: str = ""):
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.url() + anchor)

    def page(self, *, response_form=None, comment_form=None, attachment_form=None, status=200):
        state = selectors.response_detail(consultee=self.consultee)
        draft = state["draft"]
        visible = [
            r
            for r in state["responses"]
            if r.status != ResponseStatus.DRAFT
            and (self.link_mode or can_read_response(self.access, r, self.round.status))
        ]
        if draft is not None and self.can_write:
            initial = {f: getattr(draft, f) for f in services.RESPONSE_FIELDS}
        else:
            initial = {"decision_body": self.consultee.body.name}
        ctx = {
            "round": self.round,
            "consultee": self.consultee,
            "state": state,
            "draft": draft if self.can_write else None,
            "visible": list(reversed(visible)),
            "can_write": self.can_write and self.round.is_open,
            "link_mode": self.link_mode,
            "organisation": self.organisation,
            "access": self.access,
            "response_form": response_form
            or with_version_field(
                ResponseForm(initial=initial),
                draft if draft is not None and self.can_write else None,
            ),
            "comment_form": comment_form or CommentForm(version=self.round.version),
            "attachment_form": attachment_form or AttachmentForm(),
            "decline_form": DeclineForm(),
            "deadline_passed": timezone.localdate() > self.round.deadline,
            "is_registrar": self.is_registrar(),
            "today": timezone.localdate(),
            "urls": {
                name.replace("-", "_"): self.url(name)
                for name in (
                    "response",
                    "response-save",
                    "comment-add",
                    "attachment-add",
                    "submit",
                    "correct",
                    "decline",
                )
            },
            "url_base": self.url(),
        }
        return render(self.request, "consultation/response.html", ctx, status=status)

    def conflict(self, form, saved, current):
        """The conflict page for a stale save of `current` (the row as saved now)."""
        context = {
            "organisation": self.organisation,
            "access": self.access,
            "round": self.round,
            "consultee": self.consultee,
        }
        return conflict_page(self.request, form, saved, current, context)


class ResponseView(ResponderMixin):
    def get(self, request, *args, **kwargs):
        return self.page()


class ResponseSaveView(ResponderMixin):
    def get(self, request, *args, **kwargs):
        return self.back()

    def post(self, request, *args, **kwargs):
        self.require_write()
        draft = services.current_response(self.consultee)
        draft = draft if draft is not None and draft.is_draft else None
        form = versioned_form(ResponseForm, request.POST, draft)
        if form.is_valid():
            try:
                with expect_version(draft, posted_version(form)) if draft else nullcontext():
                    services.response_save_draft(
                        responder=self.responder, consultee=self.consultee, data=form.cleaned_data
                    )
                return self.back(_("The draft has been saved."))
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except ConflictError as exc:
                return self.conflict(form, ResponseForm(instance=exc.current), exc.current)
        return self.page(response_form=form, status=400)


class CommentAddView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        form = CommentForm(request.POST, version=self.round.version)
        if form.is_valid():
            try:
                with transaction.atomic():  # a refused comment leaves no empty draft behind
                    response = services.response_save_draft(
                        responder=self.responder, consultee=self.consultee, data={}
                    )
                    comment = services.comment_add(
                        responder=self.responder, response=response, data=form.cleaned_data
                    )
                return self.back(_("The comment has been added."), f"#comment-{comment.pk}")
            except ValidationError as exc:
                apply_validation_error(form, exc)
        return self.page(comment_form=form, status=400)


class CommentMixin(ResponderMixin):
    def get_comment(self) -> Comment:
        return get_object_or_404(
            Comment.objects.select_related("response__consultee__round"),
            pk=self.kwargs["comment"],
            response__consultee=self.consultee,
            response__status=ResponseStatus.DRAFT,
        )


class CommentEditView(CommentMixin):
    def render_form(self, form, comment, status=200):
        return render(
            self.request,
            "consultation/comment_form.html",
            {
                "form": form,
                "comment": comment,
                "round": self.round,
                "consultee": self.consultee,
                "back_url": self.url(),
                "organisation": self.organisation,
            },
            status=status,
        )

    def get(self, request, *args, **kwargs):
        self.require_write()
        comment = self.get_comment()
        form = with_version_field(
            CommentForm(version=self.round.version, instance=comment), comment
        )
        return self.render_form(form, comment)

    def post(self, request, *args, **kwargs):
        self.require_write()
        comment = self.get_comment()
        form = versioned_form(CommentForm, request.POST, comment, version=self.round.version)
        if form.is_valid():
            try:
                with expect_version(comment, posted_version(form)):
                    services.comment_update(
                        responder=self.responder, comment=comment, data=form.cleaned_data
                    )
                return self.back(_("The comment has been saved."), f"#comment-{comment.pk}")
            except ValidationError as exc:
                apply_validation_error(form, exc)
            except ConflictError as exc:
                saved = CommentForm(instance=exc.current, version=self.round.version)
                return self.conflict(form, saved, exc.current)
        return self.render_form(form, comment, status=400)


class CommentDeleteView(CommentMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        services.comment_delete(responder=self.responder, comment=self.get_comment())
        return self.back(_("The comment has been removed."))


class AttachmentAddView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():  # a refused file leaves no empty draft behind
                    response = services.response_save_draft(
                        responder=self.responder, consultee=self.consultee, data={}
                    )
                    services.attachment_add(
                        responder=self.responder,
                        response=response,
                        upload=form.cleaned_data["file"],
                    )
                return self.back(_("The attachment has been added."))
            except ValidationError as exc:
                apply_validation_error(form, exc)
        return self.page(attachment_form=form, status=400)


class AttachmentDeleteView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        attachment = get_object_or_404(
            Attachment,
            pk=kwargs["attachment"],
            response__consultee=self.consultee,
            response__status=ResponseStatus.DRAFT,
        )
        services.attachment_delete(responder=self.responder, attachment=attachment)
        return self.back(_("The attachment has been removed."))


class AttachmentDownloadView(ResponderMixin):
    def get(self, request, *args, **kwargs):
        attachment = get_object_or_404(
            Attachment.objects.select_related("response__consultee"),
            pk=kwargs["attachment"],
            response__consultee=self.consultee,
        )
        response = attachment.response
        allowed = (
            self.can_write
            if response.is_draft
            else (
                self.link_mode
                or self.can_write
                or can_read_response(self.access, response, self.round.status)
            )
        )
        if not allowed:
            raise Http404
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )


class SubmitView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        draft = selectors.response_detail(consultee=self.consultee)["draft"]
        if draft is None:
            messages.error(request, _("There is no draft to submit."))
            return self.back()
        received_at = None
        if self.is_registrar() and request.POST.get("received_on"):
            try:
                received_on = forms.DateField().clean(request.POST["received_on"])
            except ValidationError:
                messages.error(request, _("Received on: enter a valid date (YYYY-MM-DD)."))
                return self.back()
            received_at = timezone.make_aware(
                datetime.datetime.combine(received_on, datetime.time(12, 0))
            )
        try:
            response = services.response_submit(
                responder=self.responder, response=draft, received_at=received_at
            )
        except ValidationError as exc:
            form = ResponseForm(initial={f: getattr(draft, f) for f in services.RESPONSE_FIELDS})
            form.cleaned_data = {}
            form.full_clean()
            apply_validation_error(form, exc)
            return self.page(response_form=form, status=400)
        if response.is_late:
            msg = _("The response has been submitted after the deadline and is marked as late.")
        else:
            msg = _("The response has been submitted. Thank you!")
        return self.back(msg)


class CorrectView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        try:
            services.response_correct(responder=self.responder, consultee=self.consultee)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.back()
        return self.back(
            _("A correction has been started; the submitted response is kept until you submit it.")
        )


class DeclineView(ResponderMixin):
    def post(self, request, *args, **kwargs):
        self.require_write()
        form = DeclineForm(request.POST)
        form.is_valid()
        try:
            services.consultee_decline(
                responder=self.responder,
                consultee=self.consultee,
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return self.back()
        return self.back(_("You have declined to respond."))
