"""The public pages of an organisation's portal (no login). Every page goes through
`public_page`: the organisation must have its portal on (else 404), the answer carries an
ETag and Last-Modified from `selectors.portal_state` (Django's conditional view decorator:
a revalidation answers 304), and `Cache-Control: public, max-age` for anonymous visitors.
Pages hold no personal data and no CSRF token (the language switch is a link), so a shared
cache may keep them; they vary only by the language cookie. The feedback form is the one page
that is not cached (it carries a CSRF token and a time stamp)."""

import hashlib
import time
from functools import wraps
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from django.conf import settings
from django.core import signing
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_GET, require_safe

from malbild.accounts.lockout import client_ip
from malbild.consultation.selectors import summary_build
from malbild.consultation.summary_report import summary_report
from malbild.core.access import request_access
from malbild.followup.report import build_report
from malbild.followup.report_export import FORMATS as REPORT_FORMATS
from malbild.followup.report_export import report_filename
from malbild.reports import jobs
from malbild.strategy import exports as plan_exports
from malbild.web.middleware import SecurityHeadersMiddleware

from .. import content, selectors, services
from ..forms import FeedbackForm

MAX_AGE = 300
try:
    CODE_VERSION = package_version("malbild")
except PackageNotFoundError:  # pragma: no cover - run from a checkout without installing
    CODE_VERSION = "dev"


def _cache_headers(request, response) -> None:
    if SecurityHeadersMiddleware.personal(request, response):
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    patch_vary_headers(response, ("Cookie",))


def public_page(view):
    """Resolve the organisation (404 unless its portal is on) and answer conditionally."""

    @wraps(view)
    def wrapper(request, org, *args, **kwargs):
        organisation = selectors.public_organisation(slug=org)
        fingerprint, changed = selectors.portal_state(organisation=organisation)
        language = translation.get_language()
        tag = hashlib.sha256(f"{fingerprint}|{language}|{CODE_VERSION}".encode()).hexdigest()[:32]

        @condition(etag_func=lambda *a, **k: tag, last_modified_func=lambda *a, **k: changed)
        def answer(request, *args, **kwargs):
            return view(request, organisation, *args, **kwargs)

        response = answer(request, *args, **kwargs)
        if response.status_code in (200, 304):
            _cache_headers(request, response)
        return response

    return require_safe(wrapper)


def _render(request, organisation, template: str, context: dict):
    base = {
        "organisation": organisation,
        "portal_settings": organisation.portal,
        "documents": context.pop("documents", None)
        or selectors.published_documents(organisation=organisation),
    }
    return render(request, template, {**base, **context})


@public_page
def start(request, organisation):
    """The organisation's start page: its published documents with their overall progress."""
    documents = selectors.published_documents(organisation=organisation)
    periods = selectors.closed_periods(documents=documents)
    cards = [
        content.progress_card(
            selectors.published_content(document=d, periods=periods.get(d.pk, [])), index=n
        )
        for n, d in enumerate(documents, start=1)
    ]
    return _render(
        request, organisation, "portal/start.html", {"documents": documents, "cards": cards}
    )


def _document_and_periods(organisation, doc):
    document = selectors.published_document(organisation=organisation, uid=doc)
    periods = selectors.closed_periods(documents=[document]).get(document.pk, [])
    return document, periods


@public_page
def document(request, organisation, doc):
    """A published document as adopted, with filter and search of its activities."""
    document, periods = _document_and_periods(organisation, doc)
    published = selectors.published_content(document=document, periods=periods)
    filters = content.ActivityFilter(request.GET, published=published)
    return _render(
        request,
        organisation,
        "portal/document.html",
        {
            "document": document,
            "published": published,
            "document_fields": content.document_facts(published),
            "sections": content.sections(published),
            "tree": content.filtered_tree(published, filters),
            "filter_form": filters,
            "filtering": filters.active,
            "shown": filters.shown,
            "total": len(published.activities),
            "periods": list(reversed(periods)),
            "rounds": selectors.closed_rounds(document=document),
            "card": content.progress_card(published, index=1),
        },
    )


@public_page
def activity(request, organisation, doc, item):
    document, periods = _document_and_periods(organisation, doc)
    published = selectors.published_content(document=document, periods=periods)
    node = published.activities.get(str(item))
    if node is None:
        raise Http404
    return _render(
        request,
        organisation,
        "portal/activity.html",
        {"document": document, "node": node, "facts": content.item_facts(node)},
    )


@public_page
def indicator(request, organisation, doc, item):
    document, periods = _document_and_periods(organisation, doc)
    published = selectors.published_content(document=document, periods=periods)
    node = published.indicators.get(str(item))
    if node is None:
        raise Http404
    return _render(
        request,
        organisation,
        "portal/indicator.html",
        {
            "document": document,
            "node": node,
            "facts": content.item_facts(node),
            "chart": content.indicator_chart(node),
            "series_table": content.indicator_table(node),
            "kolada": content.kolada_comparison(node, organisation),
        },
    )


@public_page
def report(request, organisation, doc, period):
    """The annual report of a closed period, as a web page."""
    document, periods = _document_and_periods(organisation, doc)
    public = selectors.public_period(periods=periods, key=period)
    return _render(
        request,
        organisation,
        "portal/report.html",
        {
            "document": document,
            "period": public,
            "report": build_report(public.data),
            "formats": list(REPORT_FORMATS),
        },
    )


def _attachment(content_bytes: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content_bytes, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@public_page
def report_file(request, organisation, doc, period, fmt):
    """The annual report of a closed period as PDF, DOCX or XLSX (the public's report: only
    approved comments). Shared caches keep it by its ETag like every portal page."""
    if fmt not in REPORT_FORMATS:
        raise Http404
    document, periods = _document_and_periods(organisation, doc)
    public = selectors.public_period(periods=periods, key=period)
    content_type, renderer = REPORT_FORMATS[fmt]
    # Rendered here, not taken from the export cache: the internal report of the same period
    # also holds the comments never approved, which the public does not see.
    return _attachment(
        renderer(build_report(public.data)), report_filename(public.period, fmt), content_type
    )


@public_page
def plan_file(request, organisation, doc, fmt):
    """The adopted version as a plan (PDF or DOCX), through the plan export."""
    if fmt not in plan_exports.FORMATS:
        raise Http404
    document = selectors.published_document(organisation=organisation, uid=doc)
    version = document.public_version
    cached = jobs.cached_response(plan_exports.KIND, plan_exports.version_cache_key(version), fmt)
    if cached is not None:
        return cached
    data, filename, content_type = plan_exports.plan_file(
        document=document, version=version, fmt=fmt
    )
    return _attachment(data, filename, content_type)


@public_page
def consultation(request, organisation, doc, round):
    """A closed consultation round: who was consulted, the submitted responses and the
    summary with every comment and how it was handled."""
    document = selectors.published_document(organisation=organisation, uid=doc)
    round_ = selectors.public_round(document=document, key=round)
    summary = selectors.public_summary(summary_build(round=round_, include_working_copy=False))
    return _render(
        request,
        organisation,
        "portal/consultation.html",
        {
            "document": document,
            "round": round_,
            "round_key": round,
            "report": summary_report(summary),
            "attachments": selectors.round_attachments(round=round_),
        },
    )


@public_page
def consultation_file(request, organisation, doc, round, file):
    """A file attached to a submitted response of a closed round (a public record), with its
    type and its original name (RFC 5987 for names with å, ä, ö). Cached like every portal
    page; 404 for anything not on the round's public page."""
    document = selectors.published_document(organisation=organisation, uid=doc)
    round_ = selectors.public_round(document=document, key=round)
    attachment = selectors.public_attachment(round=round_, key=file)
    try:
        handle = attachment.file.open("rb")
    except (OSError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public_page
def accessibility(request, organisation):
    """The accessibility statement (tillgänglighetsredogörelse)."""
    return _render(
        request,
        organisation,
        "portal/accessibility.html",
        {"statement": content.accessibility_statement(organisation)},
    )


# Feedback ----------------------------------------------------------------------------------------

_SIGNER_SALT = "malbild.portal.feedback"


def _client(request) -> str:
    """The visitor's address as the login throttle sees it (behind trusted proxies too)."""
    return client_ip(request) or "unknown"


def _stamp() -> str:
    return signing.dumps(int(time.time()), salt=_SIGNER_SALT)


def _seconds_since(stamp: str) -> float | None:
    try:
        shown = signing.loads(stamp, salt=_SIGNER_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    return time.time() - int(shown)


def _feedback_refusal(request, organisation, form) -> tuple[str, int] | None:
    """Why a valid-looking message is refused (message, status), or None to accept it."""
    elapsed = _seconds_since(form.cleaned_data["stamp"])
    if form.cleaned_data["website"] or elapsed is None or elapsed < services.FEEDBACK_MIN_SECONDS:
        return _("The message could not be sent. Wait a moment and send it again."), 400
    if not services.feedback_allowed(organisation=organisation, client=_client(request)):
        return _("Too many messages have been sent from here. Try again in an hour."), 429
    return None


@never_cache
def feedback(request, org):
    """The feedback form: a message to the organisation's administrators. Spam-resistant
    without a third-party service: a field people do not see (it must stay empty), a signed
    time stamp (a form sent back within seconds of being shown is a robot's) and a rate
    limit per client address."""
    organisation = selectors.public_organisation(slug=org)
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405)
    status = 200
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        status = 400
        if form.is_valid():
            refusal = _feedback_refusal(request, organisation, form)
            if refusal is None:
                services.feedback_submit(organisation=organisation, data=form.cleaned_data)
                url = reverse("portal:feedback", kwargs={"org": organisation.slug})
                return HttpResponseRedirect(f"{url}?sent=1")
            message, status = refusal
            form.add_error(None, message)
        form.data = form.data.copy()
        form.data["stamp"] = _stamp()
    else:
        page = request.GET.get("page", "")
        form = FeedbackForm(
            initial={"stamp": _stamp(), "page": page if page.startswith("/portal/") else ""}
        )
    response = _render(
        request,
        organisation,
        "portal/feedback.html",
        {"form": form, "sent": status == 200 and request.GET.get("sent") == "1"},
    )
    response.status_code = status
    return response


# Branding and language ---------------------------------------------------------------------------


def _branding_visible(request, organisation) -> bool:
    """A portal's branding is public; without a portal only its own users see it."""
    portal = getattr(organisation, "portal", None)
    if portal is not None and portal.enabled:
        return True
    if not request.user.is_authenticated:
        return False
    try:
        request_access(request, organisation.slug)
    except Http404:
        return False
    return True


@require_GET
def logo(request, org):
    """The organisation's logo (checked by content when uploaded; served with its type)."""
    organisation = content.organisation_for_branding(slug=org)
    if (
        organisation is None
        or not organisation.logo
        or not _branding_visible(request, organisation)
    ):
        raise Http404
    try:
        handle = organisation.logo.open("rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=organisation.logo_type or "image/png")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def brand_css(request, org):
    """The organisation's accent colour as a style sheet (inline styles are refused by the
    Content-Security-Policy): overrides `--accent` of malbild.css."""
    organisation = content.organisation_for_branding(slug=org)
    if organisation is None or not _branding_visible(request, organisation):
        raise Http404
    colour = organisation.accent_colour or ""
    body = f":root {{ --accent: {colour}; }}\n" if colour else "/* no accent colour */\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    response["ETag"] = f'"{hashlib.sha256(body.encode()).hexdigest()[:16]}"'
    return response


@require_GET
def language(request, code):
    """The portal's language switch: a link (no form, no CSRF token on cached pages) that
    sets the language cookie and goes back to the same page."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    response["Cache-Control"] = "no-store"
    return response
