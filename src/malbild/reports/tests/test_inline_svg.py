"""Charts embedded in pages as inline SVG: sanitised (allow-listed elements and attributes, no
prolog, metadata, <style> or style=, text escaped), scalable (a viewBox, no fixed size),
named for assistive tech by the chart's alt text, ids prefixed and unique on a page, and the
same markup every time."""

import re

from django.template import Context, Template

from malbild.reports import charts

SPEC = {
    "kind": "stacked",
    "title": "Aktiviteter <script>alert(1)</script>",
    "alt": "Status per fokusområde: A & B <b>",
    "categories": ["<img src=x onerror=alert(1)>", "B"],
    "series": [
        {"label": "Planerad", "values": [1, 2]},
        {"label": "Pågår", "values": [2, 1]},
        {"label": "Klar", "values": [0, 3]},
    ],
    "xlabel": "Antal",
}
TREND = {
    "kind": "trend",
    "title": "Nöjdhet",
    "alt": "Nöjdhet: 3 värden",
    "ylabel": "%",
    "series": [{"label": "Uppmätt", "points": [(2018, 60), (2019, 64), (2020, 68)]}],
}


def test_inline_svg_is_sanitised_and_scalable():
    svg = str(charts.inline_svg(SPEC, id_prefix="c1"))
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    for banned in ("<style", "style=", "<metadata", "<script", "rdf:", "<img"):
        assert banned not in svg
    head = svg[: svg.index(">")]
    assert 'role="img"' in head and 'aria-labelledby="c1-title"' in head
    assert "viewBox=" in head
    assert " width=" not in head and " height=" not in head
    assert '<title id="c1-title">Status per fokusområde: A &amp; B &lt;b&gt;</title>' in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg  # the drawn title, as text
    assert "&lt;img src=x onerror=alert(1)&gt;" in svg
    assert 'fill="#0072b2"' in svg  # colours kept as presentation attributes


def test_ids_are_prefixed_and_every_reference_resolves():
    svg = str(charts.inline_svg(SPEC, id_prefix="c7"))
    ids = re.findall(r' id="([^"]+)"', svg)
    assert ids and all(i.startswith("c7-") for i in ids)
    refs = re.findall(r"url\(#([^)]+)\)", svg) + re.findall(r' href="#([^"]+)"', svg)
    assert refs and set(refs) <= set(ids)
    assert "xlink" not in svg


def test_same_chart_same_markup_and_drawing_is_cached():
    charts._matplotlib_svg.cache_clear()
    first = charts.inline_svg(SPEC, id_prefix="t")
    assert charts.inline_svg(SPEC, id_prefix="t") == first
    assert charts._matplotlib_svg.cache_info().hits == 1
    assert charts.inline_svg(TREND, id_prefix="t") == charts.inline_svg(TREND, id_prefix="t")
    assert charts.chart_id(TREND) == charts.chart_id(dict(TREND, table={"rows": []}))
    assert charts.chart_id(TREND) != charts.chart_id(SPEC)


def test_several_charts_on_one_page_have_unique_ids():
    html = Template(
        '{% for c in charts %}{% include "reports/_chart.html" with chart=c %}{% endfor %}'
    ).render(Context({"charts": [SPEC, TREND, SPEC]}))
    assert html.count("<svg ") == 3
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    labels = re.findall(r'aria-labelledby="([^"]+)"', html)
    assert len(set(labels)) == 3 and all(f'id="{label}"' in html for label in labels)
    assert "data:image" not in html and "<img" not in html


def test_chart_partial_keeps_the_data_table():
    table = {
        "key": "t",
        "title": "Aktiviteter per status",
        "kind": "chart",
        "columns": ["Namn", "Antal"],
        "rows": [["A", "3"]],
    }
    html = Template('{% include "reports/_chart.html" with chart=c with_alt=True %}').render(
        Context({"c": dict(TREND, table=table)})
    )
    assert "<figcaption>Nöjdhet. Nöjdhet: 3 värden</figcaption>" in html
    assert "<table" in html and "Aktiviteter per status" in html


def test_trend_charts_are_drawn_without_matplotlib():
    """A report has a trend chart per indicator (363 at kommunkoncern scale): drawn directly
    as SVG, never by matplotlib (0.3–1.5 s a chart), with the same contract as the others."""
    charts._matplotlib_svg.cache_clear()
    spec = dict(
        TREND,
        title="Nöjdhet <b>",
        series=[
            {"label": "Uppmätt", "points": [(2018, 60.5), (2019, None), (2020, 68)]},
            {"label": "Utgångsvärde & mål", "points": [(2017, 58), (2022, 75)]},
        ],
    )
    svg = str(charts.inline_svg(spec, id_prefix="t1"))
    assert charts._matplotlib_svg.cache_info().misses == 0
    assert svg.startswith("<svg ") and svg.endswith("</svg>")
    head = svg[: svg.index(">")]
    assert 'role="img"' in head and 'aria-labelledby="t1-title"' in head and "viewBox=" in head
    assert " width=" not in head and " height=" not in head
    for banned in ("<style", "style=", "<script", "<b>", "xlink"):
        assert banned not in svg
    assert '<title id="t1-title">Nöjdhet: 3 värden</title>' in svg
    assert "Nöjdhet &lt;b&gt;" in svg and "Utgångsvärde &amp; mål" in svg
    ids = re.findall(r' id="([^"]+)"', svg)
    assert ids == ["t1-title"]
    # Every year of the span on the x axis; the measured line has two points (None is a gap
    # in the data, not a zero), the other two; a marker per point and one per legend entry.
    for year in range(2017, 2023):
        assert f">{year}</text>" in svg
    lines = re.findall(r'<path d="M([^"]+)" fill="none" stroke="#', svg)
    assert [line.count("L") for line in lines] == [1, 1]
    assert svg.count("<circle ") == 2 + 1
    assert svg.count("<rect ") == 1 + 2 + 1  # the background, the squares
    from xml.etree import ElementTree

    ElementTree.fromstring(svg)  # well-formed


def test_trend_chart_ticks_are_round_and_in_swedish():
    from django.utils import translation

    spec = dict(TREND, series=[{"label": "Uppmätt", "points": [(2019, 0.12), (2020, 0.31)]}])
    with translation.override("sv"):
        svg = str(charts.inline_svg(spec, id_prefix="t2"))
    ticks = re.findall(r'text-anchor="end" stroke="none">([^<]+)</text>', svg)
    assert ticks[0] == "0,1" and ticks[-1] == "0,35"
    assert "0.1" not in ticks
    assert charts._nice_ticks(0, 97) == [0, 20, 40, 60, 80, 100]
    assert charts._nice_ticks(5, 5)[0] < 5 < charts._nice_ticks(5, 5)[-1]
