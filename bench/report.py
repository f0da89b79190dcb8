"""docs/benchmarks.md: every figure with the date, the commit and the machine."""

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

from bench.environment import GUNICORN_WORKERS, ROOT
from bench.lighthouse import LighthouseResult
from bench.partner_import import ImportTiming
from bench.partner_import import budget_row as import_budget_row
from bench.partner_import import section as import_section
from bench.profile import Profile
from bench.scale import REQUESTS, ServerTime
from bench.serving import CONNECTIONS, DURATION_SECONDS, Throughput
from bench.weight import BUDGET_BYTES, PageWeight

SCALE_BUDGET_MS = 50
# Issue #18's goals, as ratios inside one run: any page that runs its view (uncached,
# signed in) at a tenth of the hello-world view; a page-cache hit at 0.8 × the static file.
VIEW_GOAL_OF_HELLO = 0.10
HIT_GOAL_OF_STATIC = 0.8
LIGHTHOUSE_TARGET = 100


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    meminfo = Path("/proc/meminfo").read_text()
    memory_kb = next(
        int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")
    )
    return (
        f"{os.cpu_count()} cores ({model}), {memory_kb / 1024 / 1024:.1f} GB memory, "
        f"{platform.system()} {platform.release()}"
    )


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    dirty = (
        " (with uncommitted changes)"
        if git("status", "--porcelain", "--untracked-files=no")
        else ""
    )
    return f"{git('rev-parse', '--short', 'HEAD')}{dirty}"


def versions() -> str:
    import django

    def first_line(*command: str) -> str:
        try:
            return (
                subprocess.run(command, capture_output=True, text=True)
                .stdout.strip()
                .splitlines()[0]
            )
        except (OSError, IndexError):
            return "?"

    postgres = first_line("psql", "-V")
    redis = first_line("redis-server", "--version").split(" v=")[-1].split()[0]
    gunicorn = first_line(str(ROOT / ".venv" / "bin" / "gunicorn"), "--version")
    return (
        f"Python {platform.python_version()}, Django {django.get_version()}, {gunicorn}, "
        f"{postgres.replace('psql (PostgreSQL)', 'PostgreSQL')}, Redis {redis}"
    )


def ms(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def write(
    *,
    throughput: list[Throughput],
    weights: list[PageWeight],
    lighthouse: list[LighthouseResult],
    scale: list[ServerTime],
    profiles: list[Profile],
    generated: dict[str, int | None],
    partner_import: ImportTiming | None = None,
    missing: list[str],
    elapsed_seconds: float,
    load: tuple[float, float],
) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); do not edit by hand. Budgets are in",
        '`../shared/DESIGN.md` ("Budgets"); the query budget and accessibility, HTML validity',
        "and right-to-left layout are asserted by `make test` (`tests/quality/`).",
        "",
        f"- **Date:** {now} · **commit** `{commit()}` · the run took {elapsed_seconds / 60:.1f} min",
        f"- **Machine:** {machine()}; load average {load[0]:.1f} at the start, {load[1]:.1f} at"
        " the end (anything well above 0 means other work shared the cores and lowered the figures)",
        f"- **Software:** {versions()}",
        f"- **Setup:** production settings (`diplomacy.settings.production`), database `cdp_bench`,"
        f" Redis DB 9; gunicorn with {GUNICORN_WORKERS} sync workers pinned to core 0 (`taskset`),"
        f" the load generator on core 1 (`wrk -t1 -c{CONNECTIONS} -d{DURATION_SECONDS}s`); PostgreSQL and Redis are not pinned"
        " and share both cores.",
        "- **Data:** the demo content"
        + "".join(
            f", {count:,} {label}" if count is not None else f", no {label} (no generator yet)"
            for label, count in generated.items()
        )
        + ".",
        "",
    ]
    lines += budgets_section(throughput, weights, lighthouse, scale)
    if partner_import is not None:
        lines.insert(len(lines) - 2, import_budget_row(partner_import))  # before the query row
    lines += serving_section(throughput)
    lines += profile_section(profiles)
    lines += weight_section(weights)
    lines += lighthouse_section(lighthouse)
    lines += scale_section(scale)
    if partner_import is not None:
        lines += import_section(partner_import)
    if missing:
        lines += ["## Not measured", ""]
        lines += [f"- {item}" for item in missing]
        lines += [""]
    text = "\n".join(lines)
    (ROOT / "docs" / "benchmarks.md").write_text(text)
    return text


def budgets_section(
    throughput: list[Throughput],
    weights: list[PageWeight],
    lighthouse: list[LighthouseResult],
    scale: list[ServerTime],
) -> list[str]:
    def verdict(ok: bool) -> str:
        return "met" if ok else "**not met**"

    lines = ["## Budgets", "", "| budget | figure | |", "| --- | --- | --- |"]
    if weights:
        heaviest = max(weights, key=lambda w: w.total)
        lines.append(
            f"| article page ≤ {BUDGET_BYTES // 1024} KB compressed (HTML, CSS, JS, fonts) | "
            f"{heaviest.total / 1024:.1f} KB at most ({heaviest.label}) | "
            f"{verdict(heaviest.total <= BUDGET_BYTES)} |"
        )
    if lighthouse:
        lowest = min(lighthouse, key=lambda r: min(r.scores.values()))
        worst = min(lowest.scores.values())
        lines.append(
            f"| Lighthouse {LIGHTHOUSE_TARGET} in every category, mobile and desktop | lowest "
            f"{worst} ({lowest.label}, {lowest.form_factor}) | {verdict(worst >= LIGHTHOUSE_TARGET)} |"
        )
    if scale:
        slowest = max(scale, key=lambda r: r.p95_ms)
        lines.append(
            f"| list and search p95 ≤ {SCALE_BUDGET_MS} ms at scale | slowest p95 "
            f"{ms(slowest.p95_ms)} ms ({slowest.label}) | "
            f"{verdict(all(r.p95_ms <= SCALE_BUDGET_MS for r in scale))} |"
        )
    for goal_text, rows in (
        (f"every page running its view ≥ {VIEW_GOAL_OF_HELLO:.2f} × hello-world", [
            r for r in throughput if r.cached is False]),
        (f"every page-cache hit ≥ {HIT_GOAL_OF_STATIC:.1f} × static file", [
            r for r in throughput if r.cached is True]),
    ):  # fmt: skip
        ratios = [(ratio_to_goal(r, throughput), r) for r in rows]
        ratios = [(ratio, r) for ratio, r in ratios if ratio is not None]
        if ratios:
            (ratio, reference), worst = min(ratios, key=lambda pair: pair[0][0] / pair[0][1])
            lines.append(
                f"| {goal_text} (same run) | lowest {ratio:.2f} ({worst.label}"
                f"{', ' + worst.kind if worst.kind else ''}) | {verdict(ratio >= reference)} |"
            )
    for cached in (False, True):
        pages = [r for r in throughput if r.cached is cached and not r.kind]
        if pages:
            slowest_page = min(pages, key=lambda r: r.requests_per_second)
            lines.append(
                f"| at least twice the 21–28 requests/s per core of the reference Wagtail blog post, "
                f"{'cached' if cached else 'uncached'} | slowest page "
                f"{slowest_page.requests_per_second:,.0f}/s ({slowest_page.label}) | "
                f"{verdict(slowest_page.requests_per_second >= 56)} |"
            )
    lines.append(
        "| ≤ 6 SQL queries per public page | asserted per key page by `make test` "
        "(`tests/quality/test_query_budget.py`) | see the test run |"
    )
    return [*lines, ""]


def ratio_to_goal(r: Throughput, results: list[Throughput]) -> tuple[float, float] | None:
    """(this row's ratio, the goal): ÷ hello-world when the view runs, ÷ the static file
    for a page-cache hit, each measured just before and after the row; None for the
    references."""
    if r.cached is None:
        return None
    reference_label, goal = ("static", HIT_GOAL_OF_STATIC) if r.cached else (
        "hello", VIEW_GOAL_OF_HELLO)  # fmt: skip
    reference = reference_rate(r, results, reference_label)
    if not reference:
        return None
    return r.requests_per_second / reference, goal


def reference_rate(r: Throughput, results: list[Throughput], label: str) -> float | None:
    """The reference's requests/s for row `r`: the mean of its measurements just before
    and just after `r` in the same gunicorn run (bench/run.py measures the reference a
    page is judged by after every page), so that the machine's speed, which moves within
    a run on these shared machines, moves a ratio as little as it can."""
    same_run = [
        other
        for other in results
        if other.server_run == r.server_run and other.label.startswith(label) and other is not r
    ]
    before = [other for other in same_run if other.order < r.order]
    after = [other for other in same_run if other.order > r.order]
    neighbours = [max(before, key=lambda other: other.order)] if before else []
    neighbours += [min(after, key=lambda other: other.order)] if after else []
    if not neighbours:
        return None
    return sum(other.requests_per_second for other in neighbours) / len(neighbours)


def ratio_text(r: Throughput, reference: float | None) -> str:
    return f"{r.requests_per_second / reference:.2f}" if reference else "—"


def serving_section(results: list[Throughput]) -> list[str]:
    lines = [
        "## Serving (one core)",
        "",
        "`hello-world` is `/bench/hello` (a constant response through the whole middleware",
        "stack: the framework's ceiling); `static file` is `site.css` served by WhiteNoise",
        "(the server's ceiling). `cached` is the anonymous page cache in Redis",
        "(`diplomacy/pagecache.py`); `uncached` runs the view on every request. gunicorn runs",
        "twice (page cache off, then on). The machine's speed moves within a run, so the",
        "reference a page is judged by is measured again after every page (hello-world in",
        "the first run, the static file in the second; the other at both ends of the run),",
        "and each ratio divides by the mean of the reference's measurements just before and",
        "just after the row. `signed in` rows send a session cookie (an applicant,",
        "an administrator with a second factor); `304` rows ask with the page's ETag in",
        "If-None-Match, as a browser revisiting the page does. Goals (issue #18): a page that",
        f"runs its view ≥ {VIEW_GOAL_OF_HELLO:.2f} × hello-world, a page-cache hit ≥"
        f" {HIT_GOAL_OF_STATIC:.1f} × the static file.",
        "",
        "| endpoint | cache | requests/s | median ms | p99 ms | ÷ hello-world | ÷ static file | goal |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        run = "page cache off" if r.server_run == 1 else "page cache on"
        cache = f"— ({run})" if r.cached is None else ("cached" if r.cached else "uncached")
        if r.kind:
            cache += f", {r.kind}"
        goal = ratio_to_goal(r, results)
        goal_text = "—" if goal is None else (
            f"≥ {goal[1]:.2f} {'met' if goal[0] >= goal[1] else '**not met**'}")  # fmt: skip
        ratio_hello, ratio_static = (
            ratio_text(r, reference_rate(r, results, label)) for label in ("hello", "static")
        )
        errors = f" ({r.errors} errors)" if r.errors else ""
        lines.append(
            f"| {r.label} `{unquote(r.path)}` | {cache} | {r.requests_per_second:,.0f}{errors} | "
            f"{ms(r.median_ms)} | {ms(r.p99_ms)} | {ratio_hello} | {ratio_static} | {goal_text} |"
        )
    return [*lines, ""]


def profile_section(profiles: list[Profile]) -> list[str]:
    if not profiles:
        return []
    lines = [
        "## Where the time goes (uncached)",
        "",
        "py-spy samples (200/s) of requests run one after the other in one process, through",
        "the whole WSGI application (production settings, page cache off, the data above):",
        "the share of samples in which each part is on the stack (parts overlap: SQL runs",
        "inside the view and inside template tags). `bench/profile.py` prints the same for",
        "any path: `.venv/bin/python -m bench.profile /ar/`.",
        "",
        "| | " + " | ".join(p.label for p in profiles) + " |",
        "| --- |" + " ---: |" * len(profiles),
        "| ms per request (in-process) | "
        + " | ".join(ms(p.ms_per_request) for p in profiles)
        + " |",
    ]
    for name in profiles[0].shares:
        lines.append(
            f"| {name.strip()} | " + " | ".join(f"{p.shares[name]:.0f} %" for p in profiles) + " |"
        )
    lines += [
        "",
        "The portal's own functions that weigh most (inclusive share of the samples):",
        "",
    ]
    for p in profiles:
        heaviest = "; ".join(f"`{frame}` {share:.0f} %" for frame, share in p.heaviest[:6])
        lines.append(f"- {p.label}: {heaviest}")
    return [*lines, ""]


def weight_section(weights: list[PageWeight]) -> list[str]:
    lines = [
        "## Page weight (publication detail)",
        "",
        f"Bytes Chromium transferred (compressed, headers included), cache disabled; budget"
        f" HTML + CSS + JS + fonts ≤ {BUDGET_BYTES // 1024} KB, images apart.",
        "",
        "| page | HTML | CSS | JS | fonts | **total** | budget | images |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |",
    ]

    def kb(value: int) -> str:
        return f"{value / 1024:.1f} KB"

    for w in weights:
        b = w.bytes_by_kind
        verdict = "met" if w.total <= BUDGET_BYTES else "**not met**"
        lines.append(
            f"| {w.label} `{unquote(w.path)}` | {kb(b.get('html', 0))} | {kb(b.get('css', 0))} | "
            f"{kb(b.get('js', 0))} | {kb(b.get('fonts', 0))} | **{kb(w.total)}** | {verdict} | "
            f"{kb(b.get('images', 0))} |"
        )
    lines += ["", "Resources:", ""]
    for w in weights:
        lines.append(
            f"- {w.label}: "
            + "; ".join(
                f"{kind} `{unquote(url)}` {size:,} B ({encoding})"
                for kind, url, size, encoding in w.resources
            )
        )
    return [*lines, ""]


def lighthouse_section(results: list[LighthouseResult]) -> list[str]:
    lines = [
        "## Lighthouse 12",
        "",
        "Default throttling (mobile: simulated slow 4G and 4× CPU slowdown). Target: 100 in",
        "every category, in Arabic and in English. The pages run no JavaScript, so total",
        "blocking time is Chromium's own style and layout work, which grows when the machine",
        "is busy (Lighthouse's benchmark index: higher is faster).",
        "",
        "| page | form factor | performance | accessibility | best practices | SEO | LCP ms | TBT ms | CLS | benchmark index |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        s = r.scores
        lines.append(
            f"| {r.label} | {r.form_factor} | {s['performance']} | {s['accessibility']} | "
            f"{s['best-practices']} | {s['seo']} | {r.lcp_ms:.0f} | {r.tbt_ms:.0f} | {r.cls:.3f} | "
            f"{r.benchmark_index:.0f} |"
        )
    shortfalls = [(r, r.shortfalls) for r in results if r.shortfalls]
    if shortfalls:
        lines += ["", "Audits that cost points:", ""]
        lines += [f"- {r.label}, {r.form_factor}: {', '.join(s)}" for r, s in shortfalls]
    return [*lines, ""]


def scale_section(results: list[ServerTime]) -> list[str]:
    lines = [
        "## Scale (list and search, uncached)",
        "",
        f"One request at a time, {REQUESTS} requests per page after a warm-up;"
        f" budget p95 ≤ {SCALE_BUDGET_MS} ms.",
        "",
        "| page | median ms | p95 ms | budget |",
        "| --- | ---: | ---: | --- |",
    ]
    for r in results:
        verdict = "met" if r.p95_ms <= SCALE_BUDGET_MS and r.status == 200 else "**not met**"
        status = "" if r.status == 200 else f" (status {r.status})"
        lines.append(
            f"| {r.label} `{unquote(r.path)}`{status} | {ms(r.median_ms)} | {ms(r.p95_ms)} | {verdict} |"
        )
    return [*lines, ""]
