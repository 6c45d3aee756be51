"""Small pictures drawn on the server as inline SVG.

No chart library and no script: each chart is a few shapes placed with SVG
presentation attributes and CSS classes (the strict CSP forbids style=""),
with a <title>, a <desc>, role="img" and a text alternative the template
shows beside it. Every piece of text goes through format_html, so nothing
here can smuggle markup into the page.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .models import Category, Mood
from .weeks import weekday_name, weekday_short

WIDTH = 440


@dataclass
class Chart:
    """An SVG picture plus the same facts in words, for screen readers and print."""

    svg: SafeString
    title: str
    summary: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    headers: tuple[str, str] = ("", "")


def _n(value: float) -> str:
    """A coordinate, short and stable for the markup."""
    return f"{value:.1f}".removesuffix(".0")


def _svg(kind: str, height: int, chart_id: str, title: str, summary: str, *shapes) -> SafeString:
    """The <svg> around a chart's shapes, named by its <title> and <desc> for screen readers."""
    return format_html(
        '<svg class="chart {}" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        kind,
        WIDTH,
        height,
        WIDTH,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        summary,
        format_html_join("", "{}", ((shape,) for shape in shapes)),
    )


def nearest_mood(value: float) -> int:
    """The mood nearest to an average, 1 to 5 (2.5 rounds up to 3, 'okay')."""
    return min(5, max(1, int(value + 0.5)))


def mood_words(value: float) -> str:
    """The mood word nearest to an average (2.5 rounds up to 'okay')."""
    return Mood(nearest_mood(value)).label


def mood_line(days: list[tuple[datetime.date, float | None]], *, chart_id: str) -> Chart | None:
    """A line through the average mood of each day that has one; None when no day has a mood."""
    noted = [(index, day, mood) for index, (day, mood) in enumerate(days) if mood is not None]
    if not noted:
        return None

    # Room on the left for each mood's word and, beside it, a swatch of its colour (.mood-1 … .mood-5).
    left, right, top, bottom = 100, 12, 16, 36
    height = 230
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    step = plot_w / len(days)

    def x(index: int) -> float:
        return left + (index + 0.5) * step

    def y(mood: float) -> float:
        return top + (5 - mood) / 4 * plot_h

    grid = format_html_join(
        "",
        '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>'
        '<circle class="chart-swatch mood-{}" cx="{}" cy="{}" r="5"></circle>',
        (
            (
                left,
                WIDTH - right,
                _n(y(level)),
                _n(y(level)),
                left - 26,
                _n(y(level)),
                Mood(level).label,
                level,
                left - 13,
                _n(y(level)),
            )
            for level in range(5, 0, -1)
        ),
    )
    day_labels = format_html_join(
        "",
        '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((_n(x(index)), height - 10, weekday_short(day)) for index, (day, _mood) in enumerate(days)),
    )
    points = " ".join(f"{_n(x(index))},{_n(y(mood))}" for index, _day, mood in noted)
    line = (
        format_html('<polyline class="chart-line" fill="none" points="{}"></polyline>', points)
        if len(noted) > 1
        else ""
    )
    dots = format_html_join(
        "",
        '<circle class="chart-point mood-{}" cx="{}" cy="{}" r="7"></circle>',
        ((nearest_mood(mood), _n(x(index)), _n(y(mood))) for index, _day, mood in noted),
    )

    rows = [(weekday_name(day), mood_words(mood)) for _index, day, mood in noted]
    summary = "Mood by day: " + "; ".join(f"{day} {words}" for day, words in rows) + "."
    title = "Your mood across the week"
    svg = _svg("chart-mood", height, chart_id, title, summary, grid, day_labels, line, dots)
    return Chart(svg=svg, title=title, summary=summary, rows=rows, headers=("Day", "Mood"))


# Categories with a colour of their own in pictures (a CSS class each, in
# static/css/app.css); every other category is drawn in the accent colour.
CATEGORY_COLOURS = {"gratitude": "cat-gratitude"}


def category_class(category: str) -> str:
    return CATEGORY_COLOURS.get(category, "")


def category_bars(counts: list[tuple], *, chart_id: str, title: str = "Wins by category") -> Chart | None:
    """Horizontal bars, one per category with at least one win, longest first; None when there are none.

    Each item is (label, count) or (label, count, category value); the value
    gives a category its own colour where it has one (CATEGORY_COLOURS).
    """
    items = [(item[0], item[1], item[2] if len(item) > 2 else "") for item in counts if item[1] > 0]
    if not items:
        return None
    # Longest first; "Other" always last, so it never heads the picture.
    items.sort(key=lambda item: (item[2] == Category.OTHER, -item[1], item[0]))
    counts = [(label, count, category_class(value)) for label, count, value in items]

    left, right, top, row = 150, 40, 8, 34
    bar_h = 22
    height = top * 2 + row * len(counts)
    most = max(count for _label, count, _class in counts)
    scale = (WIDTH - left - right) / most

    bars = format_html_join(
        "",
        '<text class="chart-label" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>'
        '<rect class="chart-bar{}" x="{}" y="{}" width="{}" height="{}" rx="4"></rect>'
        '<text class="chart-value" x="{}" y="{}" dominant-baseline="middle">{}</text>',
        (
            (
                left - 10,
                _n(top + index * row + row / 2),
                label,
                f" {css}" if css else "",
                left,
                _n(top + index * row + (row - bar_h) / 2),
                _n(max(count * scale, 2)),
                bar_h,
                _n(left + count * scale + 8),
                _n(top + index * row + row / 2),
                count,
            )
            for index, (label, count, css) in enumerate(counts)
        ),
    )
    rows = [(label, str(count)) for label, count, _class in counts]
    summary = (
        "Wins by category: "
        + "; ".join(f"{label} {count} {'win' if count == 1 else 'wins'}" for label, count, _class in counts)
        + "."
    )
    svg = _svg("chart-bars", height, chart_id, title, summary, bars)
    return Chart(svg=svg, title=title, summary=summary, rows=rows, headers=("Category", "Wins"))
