"""The benchmark harness reads wrk's and the mix's figures correctly and keeps the hand-written notes in RESULTS.md."""

import pytest

from bench.mix import Phase
from bench.mix_figures import MixFigures, mix_report
from bench.mix_forms import StepFailed, find_form
from bench.report import LATEST, LOG, write_results
from bench.wrk import Row, Target, WrkResult, parse_wrk

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8765/week/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.34ms    3.21ms  45.67ms   78.90%
    Req/Sec   650.12     45.67   780.00     70.00%
  Latency Distribution
     50%  950.00us
     75%   13.45ms
     90%   15.67ms
     99%    1.02s
  12990 requests in 10.01s, 45.67MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 5
Requests/sec:   1297.90
Transfer/sec:      4.56MB
"""


def test_it_reads_requests_per_second_and_the_latency_percentiles_in_milliseconds():
    result = parse_wrk(WRK_OUTPUT)
    assert result.rps == pytest.approx(1297.90)
    assert result.p50_ms == pytest.approx(0.95)
    assert result.p99_ms == pytest.approx(1020.0)
    assert result.requests == 12990


def test_error_answers_and_socket_errors_are_counted():
    assert parse_wrk(WRK_OUTPUT).errors == 5 + 3


def test_output_without_the_figures_is_refused():
    with pytest.raises(ValueError, match="could not read"):
        parse_wrk("unable to connect to 127.0.0.1:8765 Connection refused")


def test_results_replace_the_latest_run_append_to_the_log_and_keep_the_notes(tmp_path):
    path = tmp_path / "RESULTS.md"
    write_results(path, "first table\n", "| run 1 |")
    path.write_text(path.read_text() + "\n## Before and after\n\nWritten by hand.\n")
    write_results(path, "second table\n", "| run 2 |")
    text = path.read_text()
    latest = text.split(LATEST[0])[1].split(LATEST[1])[0]
    log = text.split(LOG[0])[1].split(LOG[1])[0]
    assert "second table" in latest and "first table" not in latest
    assert log.index("| run 1 |") < log.index("| run 2 |")
    assert "Written by hand." in text


def test_a_page_is_judged_by_the_median_of_its_rounds_against_each_rounds_ceiling():
    page = Row(Target("Week", "heavy", "/week/"))
    for rps, ceiling in [(50, 100), (30, 100), (80, 100)]:
        page.slices.append(WrkResult(rps=rps, p50_ms=10, p99_ms=rps / 2, requests=rps * 2, errors=0))
        page.ratios.append(rps / ceiling)
    assert page.ratio == pytest.approx(0.5)
    assert page.rps == pytest.approx(160 * 2 / 6)
    assert page.p99_ms == 25
    assert page.worst_p99_ms == 40


def test_rounds_in_which_nothing_finished_do_not_count_as_zero_latency():
    page = Row(Target("Year", "heavy", "/year/2026/"))
    page.slices += [WrkResult(0, 0, 0, 0, 0), WrkResult(10, 900, 1500, 20, 0)]
    assert page.p50_ms == 900


TODAY_PAGE = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken" value="t0"></form>
<form id="log-form" method="post" action="/" hx-post="/">
  <input type="hidden" name="csrfmiddlewaretoken" value="t1">
  <input type="hidden" name="idempotency_key" value="k1">
  <textarea name="text" maxlength="280">
Kept &amp; typed</textarea>
  <select name="category"><option value="">Pick one</option><option value="joy" selected>Joy</option></select>
  <input type="radio" name="mood" value="3"><input type="radio" name="mood" value="" checked>
  <input type="checkbox" name="hard_day">
  <input type="checkbox" name="shared_with_allies" checked>
  <input type="file" name="photo">
  <button type="submit" name="save">Log it</button>
</form>
"""


def test_the_mix_sends_a_form_as_a_browser_would():
    form = find_form(TODAY_PAGE, "text", "idempotency_key")
    assert form.fields == [
        ("csrfmiddlewaretoken", "t1"),
        ("idempotency_key", "k1"),
        ("text", "Kept & typed"),
        ("category", "joy"),
        ("mood", ""),
        ("shared_with_allies", "on"),
    ]
    sent = dict(form.filled(text="Called my sister back", category="connection"))
    assert sent["text"] == "Called my sister back"
    assert sent["category"] == "connection"
    assert sent["idempotency_key"] == "k1"


def test_the_mix_stops_a_person_whose_page_lacks_the_form_it_needs():
    with pytest.raises(StepFailed, match="preset"):
        find_form(TODAY_PAGE, "preset")


def test_a_step_of_the_mix_is_its_requests_over_its_time_with_its_own_percentiles():
    step = Phase(seconds=2.0, latencies_ms=[float(ms) for ms in range(1, 101)], errors=0)
    assert step.rps == 50
    assert step.percentile_ms(0.5) == 50
    assert step.percentile_ms(0.99) == 99


def test_the_whole_mix_is_every_steps_requests_over_every_steps_time_against_the_ceiling_driven_alike():
    figures = MixFigures(
        people=4, pool=10, concurrency=16, ceiling=Row(Target("Probe: 20 rows", "heavy", "/_probe/rows"))
    )
    log_in_slowly = [Phase(4.0, [900.0] * 4, 0), Phase(1.0, [300.0] * 4, 0)]  # the log-in page, then logging in
    pages = [Phase(0.5, [40.0] * 4, 0), Phase(1.5, [120.0] * 4, 0)]
    ceiling = Phase(1.0, [10.0] * 20, 0)
    figures.add_round(ceiling, {f"step {n}": phase for n, phase in enumerate(log_in_slowly + pages)})
    assert figures.rows["step 2"].ratio == pytest.approx(8 / 20)
    assert figures.rows["Whole mix"].rps == pytest.approx(16 / 7)
    assert figures.rows["Whole mix after logging in"].rps == pytest.approx(8 / 2)
    assert figures.rows["Whole mix after logging in"].ratio == pytest.approx(4 / 20)
    assert figures.ceiling.rps == 20


def test_the_mix_report_judges_each_goal_against_the_ceiling():
    figures = MixFigures(
        people=2, pool=2, concurrency=16, ceiling=Row(Target("Probe: 20 rows", "heavy", "/_probe/rows"))
    )
    steps = {"Today": Phase(1.0, [10.0] * 60, 0), "Ally's space (as ally)": Phase(1.0, [10.0] * 30, 1)}
    figures.add_round(Phase(1.0, [10.0] * 100, 0), steps)
    report = "\n".join(mix_report(figures, Row(Target("Probe: 20 rows", "heavy", "/_probe/rows"))))
    assert "- Today: 60% of the ceiling (goal ≥ 50%): **met**" in report
    assert "- Ally's space (as ally): 30% of the ceiling (goal ≥ 40%): **MISSED**" in report
    assert "Steps that went wrong (those people stopped there): 1" in report
