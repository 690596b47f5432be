"""`{% chart_svg chart %}`: a chart spec as inline SVG (`reports.charts.inline_svg`), with an
id unique within the rendering (the chart's stable id, numbered when it repeats)."""

from django import template

from .. import charts

register = template.Library()

_USED = "malbild_chart_ids"


@register.simple_tag(takes_context=True)
def chart_svg(context, chart: dict):
    # The render context's first level lives for the whole rendering, includes too.
    used = context.render_context.dicts[0].setdefault(_USED, {})
    base = charts.chart_id(chart)
    used[base] = used.get(base, 0) + 1
    prefix = base if used[base] == 1 else f"{base}-{used[base]}"
    return charts.inline_svg(chart, id_prefix=prefix)
