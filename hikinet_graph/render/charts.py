"""Small inline SVG charts for the report: no script, no request, prints sharply."""

from __future__ import annotations

from html import escape as _html_escape

__all__ = ["line_chart"]

SERIES_COLOURS = ["#1f4e9c", "#2ca02c", "#d62728", "#ff7f0e", "#7f7f7f"]


def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` escaped for SVG text (``html.escape``: ``xml.sax`` imports ``urllib.request``, 12 ms)."""
    return _html_escape(text, quote=False)


def _attribute(text: str) -> str:
    """Text escaped for a double-quoted attribute."""
    return escape(text).replace('"', "&quot;")


def line_chart(x_labels: list[str], series: dict[str, list[float]], title: str,
               width: int = 640, height: int = 280, colours: list[str] | None = None) -> str:
    """An SVG line chart with one line per series; every value is also written as text (title element).

    Parameters
    ----------
    x_labels : list of str
        One label per point, left to right (the rounds).
    series : dict
        Series name → one number per label; the legend runs below the plot.
    title : str
        The chart's title (also its accessible name).
    width, height : int
        The view box, in pixels; the chart scales to its container.
    colours : list of str, optional
        One colour per series (default: :data:`SERIES_COLOURS` in turn).

    Returns the ``<svg>`` element, its text escaped.
    """
    # the legend runs below the plot, so that long Japanese series names are never cut
    left, right, top, bottom = 48, 16, 28, 62
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for line in series.values() for v in line]
    high = max(values + [1])
    step = _nice_step(high)
    high = step * -(-high // step)
    count = len(x_labels)

    def x(i: int) -> float:
        return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - plot_h * v / high

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
             f'role="img" aria-label="{_attribute(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="{left}" y="16" class="chart-title">{escape(title)}</text>']
    tick = 0.0
    while tick <= high:
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" class="axis">{tick:g}</text>')
        tick += step
    for i, label in enumerate(x_labels):
        parts.append(f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle" class="axis">{escape(label)}</text>')
    for k, (name, line) in enumerate(series.items()):
        colour = colours[k] if colours else SERIES_COLOURS[k % len(SERIES_COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(line))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{points}"/>')
        for i, v in enumerate(line):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
                         f'<title>{escape(name)} {escape(x_labels[i])}: {v:g}</title></circle>')
        legend_x, legend_y = left + k * (width - left) / max(len(series), 1), height - 10
        parts.append(f'<line x1="{legend_x:.1f}" x2="{legend_x + 20:.1f}" y1="{legend_y - 4}" '
                     f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="3"/>')
        parts.append(f'<text x="{legend_x + 26:.1f}" y="{legend_y}" class="legend">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _nice_step(high: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000):
        if high / step <= 6:
            return float(step)
    return float(10 ** len(str(int(high))) / 5)
