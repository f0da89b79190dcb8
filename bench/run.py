"""`make bench`: prepares the bench database, measures, prints and writes docs/benchmarks.md.

.venv/bin/python -m bench.run            # everything (under 15 minutes on 2 cores)
.venv/bin/python -m bench.run --quick    # shorter runs, no Lighthouse: to try changes
"""

import argparse
import os
import sys
import time

from bench import environment


def main() -> None:  # noqa: C901 - one step per benchmark, in order; to split into a table
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="no Lighthouse, 2 s load runs")
    parser.add_argument("--no-scale", action="store_true", help="skip generating 170,000 rows")
    options = parser.parse_args()
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
    serving_pages = [(label, path) for label, path in pages.serving_pages() if path]
    missing += [f"{label}: not built yet" for label, path in pages.serving_pages() if not path]

    throughput: list[serving.Throughput] = []
    scale_results: list[scale.ServerTime] = []
    print("Serving, uncached (requests/s, latency):", flush=True)
    with environment.gunicorn(page_cache_seconds=0):
        throughput.append(serving.measure("hello-world", "/bench/hello", cached=None))
        throughput.append(serving.measure("static file", static_path(), cached=None))
        for label, path in serving_pages:
            throughput.append(serving.measure(label, path, cached=False))
        print("Scale: list and search pages, one request at a time:", flush=True)
        for label, path in pages.scale_pages():
            if path is None:
                missing.append(f"scale, {label}: not built yet")
                continue
            scale_results.append(scale.measure(label, path))

    weights: list[weight.PageWeight] = []
    lighthouse_results: list[lighthouse.LighthouseResult] = []
    print("Serving, with the page cache:", flush=True)
    with environment.gunicorn(page_cache_seconds=600):
        for label, path in [("hello-world", "/bench/hello"), ("static file", static_path())]:
            throughput.append(serving.measure(label, path, cached=None, server_run=2))
        for label, path in serving_pages:
            throughput.append(serving.measure(label, path, cached=True, server_run=2))
        print("Page weight:", flush=True)
        for language in ("ar", "en"):
            path = pages.publication_detail(language)
            if path is None:
                missing.append(f"page weight, publication detail ({language}): not built yet")
                continue
            label = f"publication detail ({language})"
            weights.append(weight.measure(label, environment.BASE_URL + path, path))
        if options.quick:
            missing.append("Lighthouse: skipped (--quick)")
        else:
            print("Lighthouse:", flush=True)
            for label, path in pages.lighthouse_pages():
                if path is None:
                    missing.append(f"Lighthouse, {label}: not built yet")
                    continue
                for form_factor in ("mobile", "desktop"):
                    lighthouse_results.append(
                        lighthouse.run(label, environment.BASE_URL + path, form_factor=form_factor)
                    )

    import_timing = None
    if options.no_scale:
        missing.append("partner import at scale: skipped (--no-scale)")
    else:
        print("Partner import: preview of 5,000 rows against the partners...", flush=True)
        import_timing = partner_import.measure()

    throughput.sort(key=lambda r: (r.cached is not None, r.label, r.server_run))
    text = report.write(
        throughput=throughput,
        weights=weights,
        lighthouse=lighthouse_results,
        scale=scale_results,
        partner_import=import_timing,
        generated=generated,
        missing=missing,
        elapsed_seconds=time.monotonic() - started,
        load=(load_at_start, os.getloadavg()[0]),
    )
    print()
    print(text)
    print(f"Written to docs/benchmarks.md in {(time.monotonic() - started) / 60:.1f} min.")


def static_path() -> str:
    from django.templatetags.static import static

    return static("css/site.css")


if __name__ == "__main__":
    sys.exit(main())
