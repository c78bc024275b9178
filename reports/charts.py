"""Charts as inline SVG, drawn here so the report needs no script and prints as it shows.
Values arrive as published strings: a suppressed count ("<10", "10+") gets no bar, only its
label, since any bar length would claim to know more than the report may say."""

from dataclasses import dataclass

from markupsafe import Markup, escape

INK = "#1d2b36"
MUTED = "#6b7780"
BAR = "#2b7a78"
HIGHLIGHT = "#d9822b"
GRID = "#e3e7ea"
FONT = 'font-family="DejaVu Sans" '


@dataclass(frozen=True)
class Point:
    label: str
    shown: str  # a count as published: "42", "0", "<10" or "10+"

    @property
    def value(self) -> int | None:
        return int(self.shown) if self.shown.isdigit() else None


def _scale(points: list[Point]) -> int:
    return max([p.value or 0 for p in points] + [1])


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = 9,
    anchor: str = "start",
    bold: bool = False,
    muted: bool = False,
) -> str:
    style = ' font-weight="bold"' if bold else ""
    style += f' font-style="italic" fill="{MUTED}"' if muted else f' fill="{INK}"'
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {FONT}font-size="{size}" text-anchor="{anchor}"'
        f"{style}>{escape(text)}</text>"
    )


def horizontal_bars(points: list[Point], *, width: int = 500, label_width: int = 200) -> Markup:
    """One labelled bar per point, its count at the bar's end."""
    row, top = 20, 4
    height = top + row * len(points) + 4
    span = width - label_width - 48
    biggest = _scale(points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    for index, point in enumerate(points):
        y = top + index * row
        parts.append(_text(label_width - 8, y + 13, point.label, anchor="end"))
        if point.value:
            length = max(2.0, span * point.value / biggest)
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="13" '
                f'rx="2" fill="{BAR}"/>'
            )
            parts.append(_text(label_width + length + 5, y + 13, point.shown, bold=True))
        else:
            parts.append(_text(label_width + 2, y + 13, point.shown, muted=True))
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(
    points: list[Point], *, width: int = 500, height: int = 150, highlight_last: bool = True
) -> Markup:
    """Columns over time (or over buckets), the count above each, the label below."""
    top, bottom = 16, 22
    plot = height - top - bottom
    step = width / max(len(points), 1)
    bar = step * 0.62
    biggest = _scale(points)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">',
        f'<line x1="0" y1="{top + plot}" x2="{width}" y2="{top + plot}" stroke="{GRID}"/>',
    ]
    for index, point in enumerate(points):
        centre = step * index + step / 2
        colour = HIGHLIGHT if highlight_last and index == len(points) - 1 else BAR
        if point.value:
            tall = max(1.5, plot * point.value / biggest)
            y = top + plot - tall
            parts.append(
                f'<rect x="{centre - bar / 2:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                f'height="{tall:.1f}" rx="2" fill="{colour}"/>'
            )
            parts.append(_text(centre, y - 3, point.shown, size=8, anchor="middle"))
        else:
            parts.append(
                _text(centre, top + plot - 3, point.shown, size=8, anchor="middle", muted=True)
            )
        parts.append(_text(centre, height - 8, point.label, size=8, anchor="middle"))
    parts.append("</svg>")
    return Markup("".join(parts))
