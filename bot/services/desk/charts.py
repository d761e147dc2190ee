"""Charts as PNG bytes (matplotlib, the Agg back end: no display). Drawing is slow and blocking, so
callers run it in a thread (asyncio.to_thread). Labels come in already translated. matplotlib is
imported by the first chart: at start it would cost the bot about a second and 50 MiB it rarely needs."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class CoverageChart:
    title: str
    names: list[str]
    shares: list[Decimal]  # percent, one per name (0 where the population is unknown)
    share_labels: list[str]  # the shares as the reader writes numbers («0,02 %» in Russian)
    targets: list[tuple[Decimal, str]]  # (percent, label)
    axis_label: str


def coverage_png(chart: CoverageChart) -> bytes:
    figure = coverage_figure(chart)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def coverage_figure(chart: CoverageChart) -> Figure:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    # Figure directly (not pyplot): no global state, safe in worker threads.
    figure = Figure(figsize=(8, 1.6 + 0.6 * max(len(chart.names), 1)), dpi=100)
    axes = figure.add_subplot()
    positions = list(range(len(chart.names)))
    values = [float(s) for s in chart.shares]  # floats only for drawing; figures stay Decimal
    bars = axes.barh(positions, values, color="#3b7dd8")
    axes.set_yticks(positions, chart.names)
    axes.invert_yaxis()
    for bar, label in zip(bars, chart.share_labels, strict=True):
        axes.text(bar.get_width() + 0.5, bar.get_y() + bar.get_height() / 2, label, va="center")
    colors = ("#e0a000", "#2e9e44", "#c03030")
    for (target, label), color in zip(chart.targets, colors * 4, strict=False):
        axes.axvline(float(target), color=color, linestyle="--", label=label)
    top = max([*values, *(float(t) for t, _ in chart.targets)], default=10.0)
    axes.set_xlim(0, top * 1.2 + 1)
    axes.set_xlabel(chart.axis_label)
    axes.set_title(chart.title)
    if chart.targets:
        axes.legend(loc="lower right")
    figure.tight_layout()
    return figure
