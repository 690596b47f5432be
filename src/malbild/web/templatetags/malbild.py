"""Template helpers available in every template (registered as builtins in settings)."""

import re

import markdown as md
import nh3
from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import JSONField
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from malbild.core.audit import is_reference, referenced_changes
from malbild.web import formatting

register = template.Library()

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


HEADING = re.compile(r"<(/?)h([1-6])>")


def _nest_headings(html: str, base: int) -> str:
    """Renumber the text's headings so they nest under the page's own: the highest level the
    text uses becomes `base`, each deeper level used one more (at most h6) — a text whose
    headings jump from ### to ###### reads as h4, h5, never skipping a level (WCAG 1.3.1)."""
    used = sorted({int(level) for _slash, level in HEADING.findall(html)})
    levels = {level: min(base + i, 6) for i, level in enumerate(used)}
    return HEADING.sub(lambda m: f"<{m.group(1)}h{levels[int(m.group(2))]}>", html)


@register.filter(name="markdown")
def render_markdown(text: str | None, base: int = 4) -> str:
    """Markdown to HTML with a strict allow-list: no scripts, styles or event handlers.

    Headings inside the text nest under the page's structure: its first level is `base`
    (`{{ text|markdown }}`: h4, under a section's h3; `{{ text|markdown:2 }}` for a text right
    under the page's h1), without gaps between levels."""
    html = _nest_headings(
        md.markdown(text or "", extensions=["tables", "sane_lists"]), max(2, min(int(base), 6))
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 above


@register.filter
def sek(value) -> str:
    """An amount in whole Swedish kronor with non-breaking-space thousands: 1 250 000 kr."""
    return formatting.money(value)


@register.filter(name="number")
def number_filter(value) -> str:
    """A number in the active language's format, without trailing zeros: 1 234,5."""
    return formatting.number(value)


@register.filter
def percent(value) -> str:
    """A percentage (80 %); – for no value."""
    return formatting.percent(value)


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def audit_field_label(field_name: str, entry) -> str:
    """The verbose (translated) name of a field named in an audit entry, or the raw name."""
    try:
        model = apps.get_model(entry.model)
        return str(model._meta.get_field(field_name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return field_name


def _hidden_in_history(field_name: str) -> bool:
    """Stable ids are for machines (the API); people see the items' labels instead."""
    return field_name == "uid" or field_name.endswith(("_uid", "_uids"))


def _choice_text(field, value):
    if field is None or not field.choices or value in (None, ""):
        return value
    labels = dict(field.flatchoices)
    if isinstance(value, list):
        return ", ".join(str(labels.get(v, v)) for v in value)
    return str(labels.get(value, value))


@register.filter
def audit_changes(entry, names: dict | None = None) -> list[tuple[str, object, object]]:
    """(field label, before, after) of an audit entry's changes in words: choices by their
    label, related rows by their name (from `names`, see `related_names`; "(borttaget)" when
    the row no longer exists), lists joined, times in local time, yes/no — never ids, codes or
    stable ids. A frozen snapshot or other large JSON value reads as what it is and its size
    ("fryst ögonblicksbild (format 3, 1,4 MB)"), also in entries written before the audit log
    stored references."""
    model = _model_of(entry)
    rows = []
    for field_name, pair in (entry.changes or {}).items():
        if _hidden_in_history(field_name):
            continue
        field = _field_of(model, field_name)
        before, after = (
            (list(pair) + [None, None])[:2] if isinstance(pair, list | tuple) else (None, pair)
        )
        if model is not None:
            before, after = referenced_changes(model, {field_name: [before, after]})[field_name]
        rows.append(
            (
                audit_field_label(field_name, entry),
                _value_text(field, before, names),
                _value_text(field, after, names),
            )
        )
    return rows


def _model_of(entry):
    try:
        return apps.get_model(entry.model)
    except (LookupError, ValueError):
        return None


def _field_of(model, field_name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None


def related_names(entries) -> dict:
    """{(model label, pk): name} of every row the entries' foreign-key and many-to-many
    changes point at: one query per related model, whatever the number of entries."""
    wanted: dict = {}
    for entry in entries:
        model = _model_of(entry)
        for field_name, pair in (entry.changes or {}).items():
            field = _field_of(model, field_name)
            if field is None or not field.is_relation or field.related_model is None:
                continue
            values = pair if isinstance(pair, list | tuple) else [pair]
            for value in values:
                for pk in value if isinstance(value, list | tuple) else [value]:
                    if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit()):
                        wanted.setdefault(field.related_model, set()).add(int(pk))
    names = {}
    for related, pks in wanted.items():
        rows = related._default_manager.filter(pk__in=pks)
        # A name never needs a row's JSON (a frozen version's snapshot is megabytes).
        large = [f.name for f in related._meta.concrete_fields if isinstance(f, JSONField)]
        for obj in rows.defer(*large) if large else rows:
            names[(related._meta.label_lower, obj.pk)] = str(obj)
    return names


def reference_text(reference: dict) -> str:
    """A stored reference to a large value (core.audit.json_reference) in words."""
    size = filesizeformat(reference.get("bytes") or 0)
    if reference.get("kind") == "snapshot":
        if reference.get("format") is not None:
            return gettext("frozen snapshot (format %(format)s, %(size)s)") % {
                "format": reference["format"],
                "size": size,
            }
        return gettext("frozen snapshot (%(size)s)") % {"size": size}
    return gettext("stored data (%(size)s)") % {"size": size}


def _value_text(field, value, names):
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    if is_reference(value):
        return reference_text(value)
    if value in (None, "") or field is None:
        return value
    if field.is_relation and field.related_model is not None:
        label = field.related_model._meta.label_lower
        pks = value if isinstance(value, list | tuple) else [value]
        if names is None:
            return value
        texts = [names.get((label, int(pk)), gettext("(removed)")) for pk in pks if pk != ""]
        return ", ".join(texts) if texts else None
    if field.choices:
        return _choice_text(field, value)
    if field.get_internal_type() == "DateTimeField" and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%Y-%m-%d %H:%M")
    if field.get_internal_type() == "BooleanField" and isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


@register.filter
def page_links(page_obj) -> list:
    """The page numbers to link around `page_obj` (a Django Page): the first and last two,
    three on each side of the current one, and `…` (Paginator.ELLIPSIS) for the gaps."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=3))
