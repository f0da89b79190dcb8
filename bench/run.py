"""`make bench`: prepares the bench database, measures, prints and writes docs/benchmarks.md.

.venv/bin/python -m bench.run            # everything (under 15 minutes on 2 cores)
.venv/bin/python -m bench.run --quick    # shorter runs, no Lighthouse: to try changes
.venv/bin/python -m bench.run --only serving,scale   # some parts (profile, serving, scale,
                                                     # weight, lighthouse); the others left out
"""

import argparse
import os
import sys
import time

from bench import environment

PARTS = ("profile", "serving", "scale", "weight", "lighthouse")
PROFILED_PAGES = ("home (ar)", "publication detail (ar)", "publication list (ar)", "search (ar)",
                  "partner directory (ar)")  # fmt: skip


def main() -> None:  # noqa: C901 - one step per benchmark, in order; to split into a table
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="no Lighthouse, 2 s load runs")
    parser.add_argument("--no-scale", action="store_true", help="skip generating 170,000 rows")
    parser.add_argument(
        "--only", default=",".join(PARTS), help=f"comma-separated parts among {', '.join(PARTS)}"
    )
    options = parser.parse_args()
    parts = set(options.only.split(","))
    if unknown := parts - set(PARTS):
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    started = time.monotonic()
    load_at_start = os.getloadavg()[0]
    environment.require_tools()
    environment.configure_process()

    print("Preparing the bench database (cdp_bench) and static files...", flush=True)
    environment.prepare_site()

    import django

    django.setup()
    from bench import lighthouse, pages, partner_import, report, scale, serving, weight

    if options.quick:
        serving.DURATION_SECONDS = 2
    missing: list[str] = []
    generated: dict[str, int | None] = {}
    if not options.no_scale:
        print(
            "Generating data at scale (tops up to the counts; fast when already there)...",
            flush=True,
        )
        generated = scale.generate()
    else:
        generated = scale.present()
    serving_pages = [(label, path) for label, path in pages.serving_pages() if path]
    missing += [f"{label}: not built yet" for label, path in pages.serving_pages() if not path]

    profiles = []
    if "profile" in parts:
        from bench.profile import profile

        print("Where the time goes (py-spy, requests in-process, page cache off):", flush=True)
        profiles = [
            profile(label, path, seconds=4 if options.quick else 10)
            for label, path in serving_pages
            if label in PROFILED_PAGES
        ]

    throughput: list[serving.Throughput] = []
    scale_results: list[scale.ServerTime] = []
    if parts & {"serving", "scale"}:
        with environment.gunicorn(page_cache_seconds=0):
            if "serving" in parts:
                print("Serving, uncached (requests/s, latency):", flush=True)
                throughput += measure_uncached(serving_pages, missing)
            if "scale" in parts:
                print("Scale: list and search pages, one request at a time:", flush=True)
                scale_results += measure_scale(missing)

    weights: list[weight.PageWeight] = []
    lighthouse_results: list[lighthouse.LighthouseResult] = []
    if parts & {"serving", "weight", "lighthouse"}:
        with environment.gunicorn(page_cache_seconds=600):
            if "serving" in parts:
                print("Serving, with the page cache:", flush=True)
                throughput += measure_cached(serving_pages)
            if "weight" in parts:
                print("Page weight:", flush=True)
                weights += measure_weights(missing)
            if options.quick or "lighthouse" not in parts:
                missing.append("Lighthouse: skipped (--quick or --only)")
            else:
                print("Lighthouse:", flush=True)
                lighthouse_results += measure_lighthouse(missing)

    import_timing = None
    if options.no_scale or "scale" not in parts:
        missing.append("partner import at scale: skipped (--no-scale or --only)")
    else:
        print("Partner import: preview of 5,000 rows against the partners...", flush=True)
        import_timing = partner_import.measure()

    throughput.sort(key=lambda r: (r.cached is not None, r.kind, r.label, r.server_run, r.order))
    text = report.write(
        throughput=throughput,
        weights=weights,
        lighthouse=lighthouse_results,
        scale=scale_results,
        profiles=profiles,
        partner_import=import_timing,
        generated=generated,
        missing=missing,
        elapsed_seconds=time.monotonic() - started,
        load=(load_at_start, os.getloadavg()[0]),
    )
    print()
    print(text)
    print(f"Written to docs/benchmarks.md in {(time.monotonic() - started) / 60:.1f} min.")


def measure_uncached(serving_pages: list[tuple[str, str]], missing: list[str]) -> list:
    from bench import signed_in

    run = ServerRun(server_run=1, reference=HELLO)
    for label, path in serving_pages:
        run.measure(label, path, cached=False)
    # The article asked again by a browser that has it: the view runs, the body is not sent.
    label, path = article_or_first(serving_pages)
    run.measure(label, path, cached=False, conditional=True)
    print("Signed in (uncached by nature):", flush=True)
    for label, path, cookie in signed_in.signed_in_pages():
        if path is None:
            missing.append(f"{label}: not built yet")
            continue
        run.measure(label, path, cached=False, cookie=cookie)
    return run.finish()


def measure_cached(serving_pages: list[tuple[str, str]]) -> list:
    run = ServerRun(server_run=2, reference=STATIC)
    for label, path in serving_pages:
        run.measure(label, path, cached=True)
    label, path = article_or_first(serving_pages)
    run.measure(label, path, cached=True, conditional=True)
    return run.finish()


HELLO, STATIC = "hello-world", "static file"


class ServerRun:
    """The measurements of one gunicorn run, in the order they are taken. The machine's
    speed moves within a run (hello-world served 898 requests/s, then 562, in one run of
    stop 27), so the reference a page is divided by — hello-world for a page that runs
    its view, the static file for a page-cache hit — is measured again after every page:
    each page's ratio takes the reference just before and just after it
    (bench/report.py). The other reference is measured at both ends of the run."""

    def __init__(self, *, server_run: int, reference: str) -> None:
        self.server_run = server_run
        self.reference = reference
        self.other = STATIC if reference == HELLO else HELLO
        self.results: list = []
        self._measure_reference(HELLO)
        self._measure_reference(STATIC)

    def measure(self, label: str, path: str, **options) -> None:
        from bench import serving

        order = len(self.results)
        self.results.append(
            serving.measure(label, path, server_run=self.server_run, order=order, **options)
        )
        self._measure_reference(self.reference)

    def finish(self) -> list:
        self._measure_reference(self.other)
        return self.results

    def _measure_reference(self, label: str) -> None:
        from bench import serving

        path = "/bench/hello" if label == HELLO else static_path()
        order = len(self.results)
        self.results.append(
            serving.measure(label, path, cached=None, server_run=self.server_run, order=order)
        )


def article_or_first(serving_pages: list[tuple[str, str]]) -> tuple[str, str]:
    return next(
        ((label, path) for label, path in serving_pages if label.startswith("publication detail")),
        serving_pages[0],
    )


def measure_scale(missing: list[str]) -> list:
    from bench import pages, scale

    results = []
    for label, path in pages.scale_pages():
        if path is None:
            missing.append(f"scale, {label}: not built yet")
            continue
        results.append(scale.measure(label, path))
    return results


def measure_weights(missing: list[str]) -> list:
    from bench import pages, weight

    results = []
    for language in ("ar", "en"):
        path = pages.publication_detail(language)
        if path is None:
            missing.append(f"page weight, publication detail ({language}): not built yet")
            continue
        label = f"publication detail ({language})"
        results.append(weight.measure(label, environment.BASE_URL + path, path))
    return results


def measure_lighthouse(missing: list[str]) -> list:
    from bench import lighthouse, pages

    results = []
    for label, path in pages.lighthouse_pages():
        if path is None:
            missing.append(f"Lighthouse, {label}: not built yet")
            continue
        for form_factor in ("mobile", "desktop"):
            results.append(
                lighthouse.run(label, environment.BASE_URL + path, form_factor=form_factor)
            )
    return results


def static_path() -> str:
    from django.templatetags.static import static

    return static("css/site.css")


if __name__ == "__main__":
    sys.exit(main())
