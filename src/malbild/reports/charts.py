"""Server-rendered charts (matplotlib, no JavaScript) for the dashboard and the annual report.

A chart is described by a plain spec (kind, title, data); `render_svg` and `render_png` draw
it. Every chart is shown with its text alternative and the same data as a table beside it,
so nothing depends on seeing the image. SVG output is deterministic (fixed hash salt, no
date metadata), so a closed period's report is byte-for-byte repeatable.
"""

import io
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams["svg.hashsalt"] = "malbild"
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["font.size"] = 9

# Colour-blind safe palette (Okabe–Ito); statuses are also named in legends and tables.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]
HATCHES = ["", "//", "..", "xx", "\\\\", "++", "oo"]


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


def render_svg(spec: dict) -> str:
    """The chart as an SVG document (string), with <title> and <desc> for assistive tech."""
    fig = _figure(spec)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "Målbild"})
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    from django.utils.html import escape

    head_end = svg.index(">") + 1
    return (
        svg[:head_end]
        + f"<title>{escape(spec['title'])}</title><desc>{escape(spec.get('alt', ''))}</desc>"
        + svg[head_end:]
    )


def render_png(spec: dict, dpi: int = 150) -> bytes:
    fig = _figure(spec)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def data_uri(spec: dict) -> str:
    """The SVG as a data: URI, for an <img> with the text alternative as its alt."""
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(render_svg(spec).encode()).decode()


def number(value) -> float:
    return float(Decimal(str(value))) if value not in (None, "") else 0.0
