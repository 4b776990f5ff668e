"""Server-rendered SVG charts (no JavaScript, no CDN): lines over periods, bars, grouped bars.

Each function returns a self-contained ``<svg>`` string with a ``<title>`` and a text
alternative (``aria-label``); numbers are drawn left-to-right even on right-to-left pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

PALETTE = ("#0b6e4f", "#c2410c", "#1d4ed8", "#a21caf", "#ca8a04", "#4b5563", "#b91c1c", "#0891b2")
W, H = 640, 260
L, R, T, B = 48, 12, 16, 40


def _svg(body: str, label: str, width: int = W, height: int = H) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" class="chart" direction="ltr" '
        f'font-family="system-ui, sans-serif" font-size="11">'
        f"<title>{escape(label)}</title>{body}</svg>"
    )


def _pct(v: float) -> str:
    return f"{round(v * 100)}%"


def _axis(y_max: float, fmt_pct: bool) -> str:
    out = []
    for i in range(5):
        v = y_max * i / 4
        y = T + (H - T - B) * (1 - i / 4)
        text = _pct(v) if fmt_pct else f"{v:,.0f}"
        out.append(
            f'<line x1="{L}" x2="{W - R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
            f'<text x="{L - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#4b5563">{text}</text>'
        )
    return "".join(out)


def line_chart(
    labels: Sequence[str],
    series: dict[str, Sequence[float | None]],
    label: str,
    percent: bool = True,
) -> Markup:
    """One line per series over the labelled periods (gaps where a value is None)."""
    values = [v for vs in series.values() for v in vs if v is not None]
    y_max = 1.0 if percent else max(values or [1.0]) * 1.1 or 1.0
    n = max(1, len(labels) - 1)
    x = [L + (W - L - R) * i / n for i in range(len(labels))]

    def y(v: float) -> float:
        return T + (H - T - B) * (1 - v / y_max)

    parts = [_axis(y_max, percent)]
    step = max(1, len(labels) // 8)
    for i in range(0, len(labels), step):
        parts.append(
            f'<text x="{x[i]:.1f}" y="{H - B + 14}" text-anchor="middle" fill="#4b5563">'
            f"{escape(labels[i])}</text>"
        )
    for k, (name, vs) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        path, pen = [], "M"
        for i, v in enumerate(vs):
            if v is None:
                pen = "M"
                continue
            path.append(f"{pen}{x[i]:.1f},{y(v):.1f}")
            pen = "L"
        parts.append(
            f'<path d="{" ".join(path)}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(name)}</title></path>"
        )
        lx = L + 8 + k * 70
        parts.append(
            f'<rect x="{lx}" y="{H - 14}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{lx + 14}" y="{H - 5}" fill="#111827">{escape(name)}</text>'
        )
    return _svg("".join(parts), label)


def bar_chart(items: Sequence[tuple[str, float]], label: str, percent: bool = False) -> Markup:
    """Horizontal bars, one per item, longest first as given."""
    height = T + 22 * max(1, len(items)) + 8
    v_max = max([v for _, v in items] or [1.0]) or 1.0
    left = 150
    parts = []
    for i, (name, v) in enumerate(items):
        y = T + 22 * i
        w = (W - left - 60) * (v / v_max)
        text = _pct(v) if percent else f"{v:,.0f}"
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end" fill="#111827">'
            f"{escape(name)}</text>"
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="15" '
            f'fill="{PALETTE[0]}"><title>{escape(name)}: {text}</title></rect>'
            f'<text x="{left + w + 4:.1f}" y="{y + 14}" fill="#4b5563">{text}</text>'
        )
    return _svg("".join(parts), label, W, height)


def grouped_bars(
    groups: Sequence[str],
    series: dict[str, Sequence[float | None]],
    label: str,
) -> Markup:
    """Vertical bars of rates in [0, 1]: one group per region, one bar per series."""
    parts = [_axis(1.0, True)]
    gw = (W - L - R) / max(1, len(groups))
    k = max(1, len(series))
    bw = gw * 0.8 / k
    for g, name in enumerate(groups):
        gx = L + g * gw + gw * 0.1
        parts.append(
            f'<text x="{gx + gw * 0.4:.1f}" y="{H - B + 14}" text-anchor="middle" '
            f'fill="#111827">{escape(name)}</text>'
        )
        for j, (sname, vs) in enumerate(series.items()):
            v = vs[g]
            if v is None:
                continue
            h = (H - T - B) * v
            parts.append(
                f'<rect x="{gx + j * bw:.1f}" y="{H - B - h:.1f}" width="{bw - 2:.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(name)} · {escape(sname)}: {_pct(v)}</title></rect>"
            )
    for j, sname in enumerate(series):
        lx = L + 8 + j * 180
        parts.append(
            f'<rect x="{lx}" y="{H - 14}" width="10" height="10" fill="{PALETTE[j]}"/>'
            f'<text x="{lx + 14}" y="{H - 5}" fill="#111827">{escape(sname)}</text>'
        )
    return _svg("".join(parts), label)
