"""The server-drawn SVG pictures in journal/charts.py."""

import datetime
import re

from journal import charts, weeks

WEEK = weeks.week_days(datetime.date(2026, 3, 2))


def test_the_mood_line_goes_through_the_days_that_have_a_mood():
    moods = [(day, None) for day in WEEK]
    moods[0] = (WEEK[0], 2.0)
    moods[3] = (WEEK[3], 4.5)
    moods[6] = (WEEK[6], 5.0)

    chart = charts.mood_line(moods, chart_id="mood")

    svg = str(chart.svg)
    points = re.search(r'<polyline[^>]*points="([^"]+)"', svg).group(1).split()
    assert len(points) == 3
    assert svg.count('<circle class="chart-point') == 3
    assert chart.rows == [("Monday", "low"), ("Thursday", "very good"), ("Sunday", "very good")]
    assert chart.summary == "Mood by day: Monday low; Thursday very good; Sunday very good."


def test_a_higher_mood_is_drawn_higher():
    chart = charts.mood_line([(WEEK[0], 1.0), (WEEK[1], 5.0)], chart_id="mood")
    (x1, y1), (x2, y2) = (
        map(float, point.split(",")) for point in re.search(r'points="([^"]+)"', str(chart.svg)).group(1).split()
    )
    assert x1 < x2 and y2 < y1


def test_a_single_mood_is_a_dot_without_a_line():
    chart = charts.mood_line([(WEEK[0], None), (WEEK[1], 3.0)], chart_id="mood")
    assert "<polyline" not in str(chart.svg)
    assert str(chart.svg).count('<circle class="chart-point') == 1


def test_each_point_and_each_mood_word_carry_the_moods_own_colour():
    chart = charts.mood_line([(WEEK[0], 1.0), (WEEK[1], 2.5), (WEEK[2], 4.4)], chart_id="mood")
    svg = str(chart.svg)
    assert re.findall(r'class="chart-point (mood-\d)"', svg) == ["mood-1", "mood-3", "mood-4"]
    # A swatch beside every word on the side, so the colours read as a key.
    assert re.findall(r'class="chart-swatch (mood-\d)"', svg) == ["mood-5", "mood-4", "mood-3", "mood-2", "mood-1"]
    assert all(word in svg for word in ("very low", "low", "okay", "good", "very good"))


def test_no_mood_means_no_picture():
    assert charts.mood_line([(day, None) for day in WEEK], chart_id="mood") is None
    assert charts.category_bars([], chart_id="bars") is None
    assert charts.category_bars([("Rest", 0)], chart_id="bars") is None


def test_pictures_are_labelled_images_without_style_or_script():
    for chart in (
        charts.mood_line([(WEEK[0], 3.0)], chart_id="mood"),
        charts.category_bars([("Rest", 2)], chart_id="bars"),
    ):
        svg = str(chart.svg)
        chart_id = re.search(r'aria-labelledby="(\S+)-title \1-desc"', svg).group(1)
        assert svg.startswith("<svg ") and 'role="img"' in svg
        assert f'<title id="{chart_id}-title">' in svg and f'<desc id="{chart_id}-desc">' in svg
        assert "style" not in svg and "<script" not in svg and "on" + "load" not in svg


def test_bars_are_longest_first_and_escape_their_labels():
    chart = charts.category_bars([("Rest", 1), ("Body & health", 3), ("<b>", 2)], chart_id="bars")
    svg = str(chart.svg)
    assert "Body &amp; health" in svg and "&lt;b&gt;" in svg and "<b>" not in svg
    widths = [float(width) for width in re.findall(r'<rect[^>]*width="([\d.]+)"', svg)]
    assert widths == sorted(widths, reverse=True)
    assert chart.rows == [("Body & health", "3"), ("<b>", "2"), ("Rest", "1")]
    assert chart.summary == "Wins by category: Body & health 3 wins; <b> 2 wins; Rest 1 win."


def test_mood_words_round_to_the_nearest_mood():
    assert [charts.mood_words(value) for value in (1, 1.4, 2.5, 3.49, 5)] == [
        "very low",
        "very low",
        "okay",
        "okay",
        "very good",
    ]
