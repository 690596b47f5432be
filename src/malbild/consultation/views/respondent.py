"""Who answers: `ResponderMixin` resolves the consultee and the responder for the response
pages, by account or by secret link, and `LinkEnterView` is where a link holder comes in.

Link holders are not logged in: `/o/<org>/remiss/<token>/` checks the token, keeps only the
link's id in the session and redirects to a page without the token in its address, so the
token does not end up in browser history, Referer headers or request logs.
"""

import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from malbild.core.access import request_access, require_roles
from malbild.core.security import security_event
from malbild.web.mixins import conflict_page, with_version_field

from .. import selectors, services
from ..constants import ResponseStatus
from ..forms import AttachmentForm, CommentForm, DeclineForm, ResponseForm
from ..models import SecretLink
from ..permissions import Responder, can_read_response

LINK_SESSION_KEY = "consultation_link_%s"


def anchor_groups(version) -> list[dict]:
    """The consulted version's anchors for the respondent page's "comment on" list: one group
    for its sections, one per document it inherits from, one for its own items."""
    from django.utils.translation import gettext as _

    from malbild.strategy.snapshot import render

    groups: dict[str, dict] = {}
    for a in selectors.version_anchors(snapshot=version.snapshot):
        if a["group"] == "document":
            continue
        if a["group"] == "sections":
            key, title = "sections", _("Sections")
        elif a["group"] == "inherited":
            key = "inherited " + a["source"]
            title = _("Inherited from “%(title)s”") % {"title": a["source"]}
        else:
            key, title = "own", _("This document's goals, indicators and activities")
        group = groups.setdefault(key, {"title": title, "anchors": []})
        group["anchors"].append({**a, "type_label": render.type_name(a["type"])})
    return list(groups.values())


def _link_refused(request, organisation, reason: str, status: int, link_id=None):
    # Never the token: the organisation, the reason and (when known) the link's id.
    security_event(
        "link.refused",
        organisation=getattr(organisation, "slug", None),
        reason=reason,
        link=link_id,
        status=status,
    )
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
    redirect to the response page (`target`; /o/<org>/remiss/<token>/version/ goes on to the
    consulted version instead)."""

    target = "consultation:link-response"

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
        security_event(
            "link.used",
            level=logging.INFO,
            organisation=organisation.slug,
            link=link.pk,
            consultee=link.consultee_id,
        )
        request.session.cycle_key()
        request.session[LINK_SESSION_KEY % organisation.pk] = link.pk
        return redirect(self.target, org=organisation.slug)


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
                return _link_refused(request, organisation, exc.reason, 410, link_id=link.pk)
            self.organisation = organisation
            self.access = None
            self.responder = Responder(link=link)
            self.consultee = link.consultee
            self.round = link.consultee.round
            self.can_write = True
        else:
            if not request.user.is_authenticated:
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
            # Logged as `permission.denied` by accounts' PermissionDeniedLogMiddleware.
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
            "comment_form": comment_form
            or CommentForm(
                version=self.round.version,
                initial={"item_uid": self.request.GET.get("concerns", "")},
            ),
            "anchor_groups": anchor_groups(self.round.version),
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
                    "version",
                    "version-pdf",
                    "version-docx",
                )
            }
            | ({} if self.link_mode else {"consultee_ics": self.url("consultee-ics")}),
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
