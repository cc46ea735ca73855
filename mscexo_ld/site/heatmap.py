"""The home page's figure: a heat map of findings by organ system and MSC source, as SVG drawn with matplotlib."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType


def svg_size(svg: bytes, width: int) -> tuple[int, int]:
    """(width, height) in CSS pixels for showing ``svg`` ``width`` pixels wide, from its viewBox."""
    match = re.search(rb'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if not match:
        return width, round(width * 0.66)
    return width, round(width * float(match.group(2)) / float(match.group(1)))


def heatmap_svg(rows: list[str], cols: list[str], counts: list[list[int]]) -> bytes:
    """A heat map (rows x columns of counts) as SVG, drawn with matplotlib, byte-identical across runs.

    Text stays text (``svg.fonttype: none``) in DejaVu Sans, the font matplotlib ships and
    measures with; ids come from a fixed hash salt; the date is left out of the metadata.
    """
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    data = np.ma.masked_equal(np.array(counts, dtype=float), 0)
    top = max((max(r) for r in counts if r), default=1) or 1
    settings: dict[RcKeyType, Any] = {
        "svg.hashsalt": "mscexo-ld",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.edgecolor": "#ffffff",
        "axes.linewidth": 0,
        "xtick.major.size": 0,
        "ytick.major.size": 0,
        "path.simplify": False,
    }
    with matplotlib.rc_context(settings):
        width = 2.6 + 0.52 * len(cols)
        height = 1.9 + 0.42 * len(rows)
        fig = Figure(figsize=(width, height), layout="constrained")
        FigureCanvasSVG(fig)
        ax = fig.add_subplot()
        cmap = matplotlib.colormaps["YlGnBu"]
        mesh = ax.pcolormesh(data, cmap=cmap, vmin=0, vmax=top, edgecolors="#ffffff", linewidth=2)
        ax.set_facecolor("#f3f5f7")
        ax.set_xlim(0, len(cols))
        ax.set_ylim(len(rows), 0)
        ax.set_xticks([i + 0.5 for i in range(len(cols))], labels=cols, rotation=40, ha="right", rotation_mode="anchor")
        ax.set_yticks([i + 0.5 for i in range(len(rows))], labels=rows)
        ax.set_xlabel("source of the producer MSCs")
        ax.set_ylabel("organ system")
        for i, row in enumerate(counts):
            for j, n in enumerate(row):
                if n:
                    ax.text(
                        j + 0.5,
                        i + 0.5,
                        str(n),
                        ha="center",
                        va="center",
                        fontsize=9,
                        color="#ffffff" if n > top * 0.55 else "#1d2b36",
                    )
        from matplotlib.ticker import MaxNLocator

        bar = fig.colorbar(mesh, ax=ax, shrink=0.8, pad=0.01, aspect=25, ticks=MaxNLocator(nbins=5, integer=True))
        bar.set_label("findings")
        bar.outline.set_visible(False)
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
