"""The benchmark harness reads wrk's figures correctly and keeps the hand-written notes in RESULTS.md."""

import pytest

from bench.run import LATEST, LOG, Row, Target, WrkResult, parse_wrk, write_results

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
