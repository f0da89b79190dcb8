"""A page's ratio divides by the reference measured just before and just after it: the
machine's speed moves within a run, and a reference taken a minute away says little."""

from bench.report import ratio_to_goal, reference_rate
from bench.serving import Throughput


def row(label: str, rate: float, order: int, *, cached: bool | None, server_run: int = 2):
    return Throughput(label, "/", cached, rate, 1.0, 2.0, 0, server_run=server_run, order=order)


def test_a_hit_is_divided_by_the_static_file_beside_it_not_by_the_runs_mean():
    fast_static = row("static file", 1000.0, 0, cached=None)
    early_page = row("about (ar)", 900.0, 1, cached=True)
    slow_static = row("static file", 600.0, 2, cached=None)
    late_page = row("home (ar)", 540.0, 3, cached=True)
    slower_static = row("static file", 600.0, 4, cached=None)
    results = [fast_static, early_page, slow_static, late_page, slower_static]

    assert reference_rate(early_page, results, "static") == 800.0
    assert reference_rate(late_page, results, "static") == 600.0
    assert ratio_to_goal(late_page, results) == (0.9, 0.8)
    assert ratio_to_goal(early_page, results) == (900.0 / 800.0, 0.8)


def test_only_the_same_gunicorn_run_and_the_reference_the_goal_names_count():
    hello_other_run = row("hello-world", 10.0, 1, cached=None, server_run=1)
    hello = row("hello-world", 1000.0, 0, cached=None)
    static = row("static file", 2000.0, 2, cached=None)
    uncached = row("search (ar)", 150.0, 1, cached=False)

    results = [hello_other_run, hello, uncached, static]

    # A page running its view is judged against hello-world; only the one before it
    # was measured in its run.
    assert ratio_to_goal(uncached, results) == (0.15, 0.1)
    assert ratio_to_goal(hello, results) is None  # a reference has no goal
    assert reference_rate(uncached, [uncached], "hello") is None
