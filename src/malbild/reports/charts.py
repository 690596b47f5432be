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
import re
from decimal import Decimal
from xml.etree import ElementTree

import matplotlib
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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
    (unique on the page)."""
    tree = ElementTree.fromstring(_matplotlib_svg(_drawing_key(spec)))
    out: list[str] = []
    _write(tree, escape(id_prefix), _references(tree), out, title=spec.get("alt") or spec["title"])
    return mark_safe("".join(out))  # built above from escaped parts only


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
