"""A closed period's dashboard and annual report page, built once and then served from
Django's cache (docs/adr/0014-closed-period-page-cache.md).

A closed period's data is its frozen snapshot plus the amendments made since, so the HTML of
its pages only changes when one of those does, or when what the page is rendered for does:
the language, the user's rights on it (a strategist sees the assessment forms) and the page's
own options (the document chosen on the report page). `closed_page_key` digests exactly
those; an open period has no key and is built on every request.

- The snapshot is identified by the period and the moment it was closed (`closed_at`): the
  snapshot is written only by `services.period_close`, together with `closed_at`, and never
  rewritten. Reopening a period makes it open (no key, live data); closing it again writes a
  new snapshot and a new `closed_at`, so a new key. Amendments enter the key by count, last id
  and last change, so adding, changing or removing one makes a new key.
- The cached HTML is shared by every user with the same key, so it must hold nothing of one
  user or one request: it is rendered without the user's CSRF token (`render_fragment` puts
  a placeholder in its place, `with_csrf` puts the requesting user's token back on every
  response), and the page around it (navigation, messages, the user's name) is rendered per
  request as usual.
- `CLOSED_PAGE_CACHE_VERSION` is part of every key: raise it when a change of code or
  templates changes what these pages show, or clear the cache when deploying.

The cache is Django's default cache (`CACHES`): per process unless configured otherwise
(docs/guide/scaling.md shows a shared one for several web processes).
"""

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from malbild.reports.jobs import digest

from .models import Amendment, FollowUpPeriod

CLOSED_PAGE_CACHE_VERSION = 4  # 4: the dashboard in parts (focus areas, trends)
# Stands in for the CSRF token in cached HTML. Rendered by `{% csrf_token %}` as the value of
# an attribute in double quotes; user text is escaped, so it cannot contain the quoted form.
CSRF_PLACEHOLDER = "malbild-shared-html-csrf-placeholder"
_CSRF_ATTRIBUTE = f'value="{CSRF_PLACEHOLDER}"'
_PREFIX = "malbild:closed-period-page:"


def closed_page_key(*, page: str, period: FollowUpPeriod, variant: tuple = ()) -> str | None:
    """The cache key of `page` of the closed `period` in the current language, varied by
    `variant` (whatever else changes the HTML: the user's rights, the options chosen); None
    for an open period (never cached) or a closed one without a frozen snapshot (one query:
    the amendments' count and last change)."""
    if not period.is_closed or period.closed_at is None or not _has_snapshot(period):
        return None
    amendments = Amendment.objects.filter(period=period).aggregate(
        n=Count("id"), last=Max("id"), changed=Max("modified_at")
    )
    return _PREFIX + digest(
        page,
        CLOSED_PAGE_CACHE_VERSION,
        period.organisation_id,
        period.organisation.slug,  # in the pages' links
        period.pk,
        period.closed_at,
        amendments,
        get_language(),
        list(variant),
    )


def _has_snapshot(period: FollowUpPeriod) -> bool:
    """Whether the period holds its frozen snapshot, without loading it when the selector
    annotated it (`period_get(..., with_snapshot=False)`)."""
    if hasattr(period, "has_snapshot"):
        return bool(period.has_snapshot)
    return bool(period.snapshot)


def cached[T](key: str | None, build: Callable[[], T]) -> T:
    """What is stored under `key` (HTML, or a dict of HTML parts), built and stored when it
    is not there yet; built every time when `key` is None."""
    if key is None:
        return build()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.CLOSED_PAGE_CACHE_TIMEOUT)
    return value


def render_fragment(template_name: str, context: dict, request) -> str:
    """`template_name` rendered for `request` with the CSRF placeholder in place of the
    user's token, so the HTML can be stored and served to other users."""
    html = render_to_string(template_name, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)
    return str(html)  # a plain str: what is stored and later marked safe by `with_csrf`


def with_csrf(html: str, request) -> SafeString:
    """Cached HTML with the requesting user's CSRF token in place of the placeholder."""
    return mark_safe(html.replace(_CSRF_ATTRIBUTE, f'value="{get_token(request)}"'))  # noqa: S308
