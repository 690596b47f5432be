"""`{{ cell|report_cell }}`: a report table's cell as HTML — a `Status` as the pages' badge,
any other cell as its (escaped) text."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from malbild.reports.cells import Status

register = template.Library()


@register.filter
def report_cell(cell) -> str:
    if isinstance(cell, Status):
        return mark_safe(cell.__html__())  # noqa: S308 - format_html escaped the label
    return conditional_escape("" if cell is None else str(cell))
