"""Server-rendered charts (matplotlib, no JavaScript) for the dashboard and the annual report.

A chart is described by a plain spec (kind, title, data); `render_svg` and `render_png` draw
it. Every chart is shown with its text alternative and the same data as a table beside it,
so nothing depends on seeing the image. SVG output is deterministic (fixed hash salt, no
date metadata), so a closed period's report is byte-for-byte repeatable.

Pages embed a chart as inline SVG (`inline_svg`, through the `chart_svg` template tag): a few
kilobytes of markup instead of a base64 data URI, scalable, and readable by assistive tech.
Matplotlib's SVG is rebuilt from an allow-list of elements and attributes: no XML prolog,
metadata or `<style>`, CSS `style=` turned into presentation attributes (the site's
Content-Security-Policy refuses inline styles), no fixed size (a viewBox only), and the ids
it references prefixed so several charts can share a page.
"""

import functools
import hashlib
import io
import json
import math
import re
from decimal import Decimal
from xml.etree import ElementTree

import matplotlib
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from malbild.web import formatting

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams["svg.hashsalt"] = "malbild"
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["font.size"] = 9

# Colour-blind safe palette (Okabe–Ito); statuses are also named in legends and tables.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]
# Line hatches only: dotted ones ("..", "oo") are drawn as hundreds of curves per tile.
HATCHES = ["", "//", "\\\\", "xx", "--", "++", "||"]


def _figure(spec: dict):
    kind = spec["kind"]
    if kind == "stacked":
        rows = spec["categories"]
        fig, ax = plt.subplots(figsize=(6.5, 0.45 * max(len(rows), 2) + 1.2))
        left = [0.0] * len(rows)
        for i, series in enumerate(spec["series"]):
            values = [float(v) for v in series["values"]]
            ax.barh(
                rows,
                values,
                left=left,
                label=series["label"],
                color=PALETTE[i % len(PALETTE)],
                hatch=HATCHES[i % len(HATCHES)],
                edgecolor="white",
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        ax.invert_yaxis()
        ax.set_xlabel(spec.get("xlabel", ""))
        fig.legend(loc="lower center", ncol=5, frameon=False, fontsize=8)
    elif kind == "grouped":
        cats = [str(c) for c in spec["categories"]]
        n = len(spec["series"]) or 1
        width = 0.8 / n
        fig, ax = plt.subplots(figsize=(6.5, 3.2))
        for i, series in enumerate(spec["series"]):
            xs = [j + i * width for j in range(len(cats))]
            ax.bar(
                xs,
                [float(v) for v in series["values"]],
                width=width,
                label=series["label"],
                color=PALETTE[i % len(PALETTE)],
                hatch=HATCHES[i % len(HATCHES)],
                edgecolor="white",
            )
        ax.set_xticks([j + width * (n - 1) / 2 for j in range(len(cats))], cats)
        ax.set_ylabel(spec.get("ylabel", ""))
        ax.legend(frameon=False, fontsize=8)
    else:  # trend
        fig, ax = plt.subplots(figsize=(6.5, 3.0))
        for i, series in enumerate(spec["series"]):
            pts = [(int(x), float(y)) for x, y in series["points"] if y is not None]
            if not pts:
                continue
            ax.plot(
                [p[0] for p in pts],
                [p[1] for p in pts],
                marker="os^D"[i % 4],
                linestyle=["-", "--", ":", "-."][i % 4],
                color=PALETTE[i % len(PALETTE)],
                label=series["label"],
            )
        ax.set_ylabel(spec.get("ylabel", ""))
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(frameon=False, fontsize=8)
    ax.set_title(spec["title"], fontsize=10)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout(rect=(0, 0.08, 1, 1) if kind == "stacked" else None)
    return fig


# What a chart is drawn from (a spec also carries its alt text and data table).
_DRAWN_KEYS = ("kind", "title", "categories", "series", "xlabel", "ylabel")


def _drawing_key(spec: dict) -> str:
    return json.dumps({k: spec.get(k) for k in _DRAWN_KEYS}, default=str, sort_keys=True)


@functools.lru_cache(maxsize=256)
def _matplotlib_svg(key: str) -> str:
    """Matplotlib's SVG of a chart, from the XML element on (cached: drawing is the slow part,
    and the same chart is asked for by a page and its print version)."""
    fig = _figure(json.loads(key))
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "Målbild"})
    plt.close(fig)
    svg = buf.getvalue()
    return svg[svg.index("<svg") :]


def render_svg(spec: dict) -> str:
    """The chart as an SVG document (string), with <title> and <desc> for assistive tech."""
    if spec["kind"] == "trend":
        return str(trend_svg(spec, id_prefix="chart"))
    svg = _matplotlib_svg(_drawing_key(spec))
    head_end = svg.index(">") + 1
    return (
        svg[:head_end]
        + f"<title>{escape(spec['title'])}</title><desc>{escape(spec.get('alt', ''))}</desc>"
        + svg[head_end:]
    )


_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ELEMENTS = {
    "svg", "g", "defs", "clipPath", "pattern", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "use", "text", "tspan",
}  # fmt: skip
# Presentation attributes: the CSS properties matplotlib writes in `style=` that SVG also
# takes as attributes (the rest are dropped).
_PRESENTATION = {
    "clip-path", "dominant-baseline", "fill", "fill-opacity", "fill-rule", "font-family",
    "font-size", "font-style", "font-weight", "opacity", "stroke", "stroke-dasharray",
    "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-opacity", "stroke-width", "text-anchor",
}  # fmt: skip
_GEOMETRY = {
    "cx", "cy", "d", "height", "patternUnits", "points", "r", "rx", "ry", "transform",
    "viewBox", "width", "x", "x1", "x2", "y", "y1", "y2",
}  # fmt: skip
# Matplotlib's one stylesheet rule (`*{stroke-linejoin: round; stroke-linecap: butt}`) and its
# font, set once on the root; presentation attributes are inherited.
_ROOT_DEFAULTS = {
    "stroke-linejoin": "round",
    "stroke-linecap": "butt",
    "font-family": "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, sans-serif",
}
_URL_REF = re.compile(r"url\(#([^)]+)\)")
# Coordinates to two decimals (a hundredth of a point is far below a pixel).
_DECIMALS = re.compile(r"-?\d+\.\d{3,}")
_SAFE_VALUE = re.compile(r"^[^<>\"]*$")


def _style_attributes(style: str) -> dict[str, str]:
    attrs = {}
    for declaration in style.split(";"):
        name, _sep, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name in _PRESENTATION and value:
            attrs[name] = value
    return attrs


def _rounded(match: re.Match) -> str:
    text = f"{float(match.group()):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _references(root) -> set[str]:
    """The ids the drawing refers to (clip paths, markers, hatch patterns)."""
    refs = set()
    for el in root.iter():
        for name, value in el.attrib.items():
            if name in (_XLINK_HREF, "href") and value.startswith("#"):
                refs.add(value[1:])
            refs.update(_URL_REF.findall(value))
    return refs


def _clean_attributes(el, prefix: str, refs: set[str], *, root: bool) -> dict[str, str]:
    attrs: dict[str, str] = {}
    raw = dict(el.attrib)
    attrs.update(_style_attributes(raw.pop("style", "")))
    for name, value in raw.items():
        if name in (_XLINK_HREF, "href"):
            if value.startswith("#") and value[1:] in refs:
                attrs["href"] = f"#{prefix}-{value[1:]}"
        elif name == "id":
            if value in refs:
                attrs["id"] = f"{prefix}-{value}"
        elif name in _GEOMETRY or name in _PRESENTATION:
            attrs[name] = value
    if root:
        attrs.pop("width", None)
        attrs.pop("height", None)
    elif attrs.get("font-family") == _MATPLOTLIB_FONTS:
        del attrs["font-family"]
    for name, value in list(attrs.items()):
        value = _URL_REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", value)
        if name in _GEOMETRY:
            value = _DECIMALS.sub(_rounded, " ".join(value.split()))
        if not _SAFE_VALUE.match(value) or "url(" in value and not value.startswith("url(#"):
            del attrs[name]
        else:
            attrs[name] = value
    return attrs


_MATPLOTLIB_FONTS = (
    "'DejaVu Sans', 'Bitstream Vera Sans', 'Computer Modern Sans Serif', 'Lucida Grande', "
    "'Verdana', 'Geneva', 'Lucid', 'Arial', 'Helvetica', 'Avant Garde', sans-serif"
)


def _write(el, prefix: str, refs: set[str], out: list[str], *, title: str = "") -> None:
    """`el` and its children as markup into `out`; `title` is given for the root only."""
    tag = el.tag.removeprefix(_SVG_NS)
    if tag not in _ELEMENTS:
        return
    root = bool(title)
    attrs = _clean_attributes(el, prefix, refs, root=root)
    if tag == "g" and not attrs:  # a bare group only nests: keep its content
        _write_children(el, prefix, refs, out)
        return
    if tag == "defs" and not any(c.tag.removeprefix(_SVG_NS) in _ELEMENTS for c in el):
        return
    if root:
        attrs |= _ROOT_DEFAULTS
    out.append(f"<{tag}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs.items()))
    if root:
        out.append(
            f' xmlns="http://www.w3.org/2000/svg" role="img" class="chart-svg"'
            f' aria-labelledby="{prefix}-title"><title id="{prefix}-title">{escape(title)}</title>'
        )
    else:
        out.append(">")
    if el.text and el.text.strip():
        out.append(escape(el.text))
    _write_children(el, prefix, refs, out)
    out.append(f"</{tag}>")


def _write_children(el, prefix: str, refs: set[str], out: list[str]) -> None:
    for child in el:
        _write(child, prefix, refs, out)
        if child.tail and child.tail.strip():
            out.append(escape(child.tail))


def inline_svg(spec: dict, *, id_prefix: str) -> SafeString:
    """The chart as an `<svg>` element to embed in an HTML page: rebuilt from an allow-list
    of elements and attributes (text escaped), no fixed size, `role="img"` named by a
    `<title>` holding the chart's alt text, and every id it uses prefixed with `id_prefix`
    (unique on the page). Trend charts are drawn directly (`trend_svg`), the others by
    matplotlib."""
    if spec["kind"] == "trend":
        return trend_svg(spec, id_prefix=id_prefix)
    tree = ElementTree.fromstring(_matplotlib_svg(_drawing_key(spec)))
    out: list[str] = []
    _write(tree, escape(id_prefix), _references(tree), out, title=spec.get("alt") or spec["title"])
    return mark_safe("".join(out))  # built above from escaped parts only


# -- Trend charts drawn directly --------------------------------------------------------------
#
# The annual report has a trend chart per indicator (363 of them at kommunkoncern scale).
# Matplotlib takes 0.3–1.5 s a chart (figure, axes, ticks, layout), minutes for the report;
# these are a few lines and points on two axes, written here as SVG in well under a
# millisecond, in the look of the matplotlib charts (size, palette, markers, dashes, font).
# The PNG for Word (`render_png`) is still drawn by matplotlib.

_W, _H = 468.0, 230.0  # 6.5 × 3.2 inches in points, about the matplotlib trend figure
_PLOT = (54.0, 30.0, 452.0, 178.0)  # left, top, right, bottom of the plotting area
_DASHES = ["", "6 3", "1.5 3", "6 3 1.5 3"]  # "-", "--", ":", "-." as in the matplotlib version
_TEXT = "#262626"


def _nice_ticks(low: float, high: float, most: int = 6) -> list[float]:
    """Round tick values covering low..high (1, 2, 2.5 or 5 times a power of ten apart)."""
    if high == low:
        low, high = (low - 1, high + 1) if low == 0 else (low * 0.9, high * 1.1)
        low, high = min(low, high), max(low, high)
    raw = (high - low) / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks, value = [], first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


def _label(value: float) -> str:
    """A tick label in the active language (decimal comma in Swedish)."""
    return formatting.number(Decimal(repr(value)).normalize(), max_decimals=2)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "o":
        return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="3" fill="{colour}"/>'
    if shape == "s":
        return f'<rect x="{x - 3:.2f}" y="{y - 3:.2f}" width="6" height="6" fill="{colour}"/>'
    if shape == "^":
        pts = f"{x:.2f},{y - 3.5:.2f} {x - 3.5:.2f},{y + 3:.2f} {x + 3.5:.2f},{y + 3:.2f}"
    else:  # "D"
        pts = (
            f"{x:.2f},{y - 3.5:.2f} {x + 3.5:.2f},{y:.2f} "
            f"{x:.2f},{y + 3.5:.2f} {x - 3.5:.2f},{y:.2f}"
        )
    return f'<polygon points="{pts}" fill="{colour}"/>'


def trend_svg(spec: dict, *, id_prefix: str) -> SafeString:
    """A trend chart (`kind` "trend": series of (year, value) points) as an `<svg>` element:
    the same contract as `inline_svg` (viewBox only, `role="img"` named by a `<title>` with
    the alt text, ids prefixed, text escaped, no style) and deterministic."""
    left, top, right, bottom = _PLOT
    prefix = escape(id_prefix)
    series = []
    for i, item in enumerate(spec.get("series") or []):
        pts = [(int(x), float(y)) for x, y in item["points"] if y is not None and y != ""]
        if pts:
            series.append((i, item["label"], pts))
    xs = [x for _i, _l, pts in series for x, _y in pts]
    ys = [y for _i, _l, pts in series for _x, y in pts]
    x_low, x_high = (min(xs), max(xs)) if xs else (0, 1)
    if x_low == x_high:
        x_low, x_high = x_low - 1, x_high + 1
    y_ticks = _nice_ticks(min(ys), max(ys)) if ys else [0.0, 1.0]
    y_low, y_high = y_ticks[0], y_ticks[-1]

    def sx(x: float) -> float:
        return left + (x - x_low) / (x_high - x_low) * (right - left)

    def sy(y: float) -> float:
        return bottom - (y - y_low) / (y_high - y_low) * (bottom - top)

    x_step = max(1, math.ceil((x_high - x_low) / 10))
    out = [
        f'<svg viewBox="0 0 {_W:g} {_H:g}" stroke-linejoin="round" stroke-linecap="butt"'
        f' font-family="{escape(_ROOT_DEFAULTS["font-family"])}"'
        f' xmlns="http://www.w3.org/2000/svg" role="img" class="chart-svg"'
        f' aria-labelledby="{prefix}-title">'
        f'<title id="{prefix}-title">{escape(spec.get("alt") or spec["title"])}</title>',
        f'<rect x="0" y="0" width="{_W:g}" height="{_H:g}" fill="#ffffff"/>',
        f'<text x="{(left + right) / 2:.2f}" y="18" font-size="10" text-anchor="middle"'
        f' fill="{_TEXT}">{escape(spec["title"])}</text>',
    ]
    grid = [f'<g stroke="{_TEXT}" stroke-width="0.8" font-size="9" fill="{_TEXT}">']
    grid.append(f'<path d="M{left:.2f} {top:.2f}V{bottom:.2f}H{right:.2f}" fill="none"/>')
    for tick in y_ticks:
        y = sy(tick)
        grid.append(f'<path d="M{left - 3.5:.2f} {y:.2f}H{left:.2f}"/>')
        grid.append(
            f'<text x="{left - 6:.2f}" y="{y + 3:.2f}" text-anchor="end" stroke="none">'
            f"{escape(_label(tick))}</text>"
        )
    for year in range(int(x_low), int(x_high) + 1, x_step):
        x = sx(year)
        grid.append(f'<path d="M{x:.2f} {bottom:.2f}V{bottom + 3.5:.2f}"/>')
        grid.append(
            f'<text x="{x:.2f}" y="{bottom + 14:.2f}" text-anchor="middle" stroke="none">'
            f"{year}</text>"
        )
    grid.append("</g>")
    out += grid
    if spec.get("ylabel"):
        out.append(
            f'<text x="12" y="{(top + bottom) / 2:.2f}" font-size="9" fill="{_TEXT}"'
            f' text-anchor="middle" transform="rotate(-90 12 {(top + bottom) / 2:.2f})">'
            f"{escape(spec['ylabel'])}</text>"
        )
    for i, _label_text, pts in series:
        colour = PALETTE[i % len(PALETTE)]
        dash = _DASHES[i % len(_DASHES)]
        d = "M" + "L".join(f"{sx(x):.2f} {sy(y):.2f}" for x, y in pts)
        out.append(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        out += [_marker("os^D"[i % 4], sx(x), sy(y), colour) for x, y in pts]
    x = left  # the legend: one row below the axis
    for i, label_text, _pts in series:
        colour = PALETTE[i % len(PALETTE)]
        dash = _DASHES[i % len(_DASHES)]
        y = _H - 14
        out.append(
            f'<path d="M{x:.2f} {y:.2f}H{x + 20:.2f}" stroke="{colour}" stroke-width="1.5"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
        )
        out.append(_marker("os^D"[i % 4], x + 10, y, colour))
        out.append(
            f'<text x="{x + 25:.2f}" y="{y + 3:.2f}" font-size="8" fill="{_TEXT}">'
            f"{escape(label_text)}</text>"
        )
        x += 40 + 4.6 * len(label_text)
    out.append("</svg>")
    return mark_safe("".join(out))  # built above from escaped parts and numbers only


def chart_id(spec: dict) -> str:
    """A stable id for a chart (the same chart gets the same id in every rendering)."""
    digest = hashlib.sha1(_drawing_key(spec).encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:10]}"


def render_png(spec: dict, dpi: int = 150) -> bytes:
    fig = _figure(spec)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def number(value) -> float:
    return float(Decimal(str(value))) if value not in (None, "") else 0.0
