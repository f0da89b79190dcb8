"""A quick uncached ratio for a few pages, to try a change without the whole `make bench`.

.venv/bin/python -m bench.ratio search                 # pages whose label holds "search"
.venv/bin/python -m bench.ratio "review queue" "my page" --seconds 10

One gunicorn run with the page cache off (as `make bench` serving runs it): hello-world,
the chosen pages (public and signed-in), hello-world again; each page's requests/s over
the mean of the two hello-world figures. The bench database must be prepared already
(`make bench` or `python -m bench.run --only weight` did it).
"""

import argparse

from bench import environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("labels", nargs="+", help="parts of page labels (case-insensitive)")
    parser.add_argument("--seconds", type=int, default=6, help="wrk duration per page")
    options = parser.parse_args()
    environment.configure_process()

    import django

    django.setup()
    from bench import pages, serving, signed_in

    serving.DURATION_SECONDS = options.seconds
    wanted = [label.lower() for label in options.labels]

    def chosen(label: str) -> bool:
        return any(part in label.lower() for part in wanted)

    with environment.gunicorn(page_cache_seconds=0):
        hello = [serving.measure("hello-world", "/bench/hello", cached=None)]
        results = [
            serving.measure(label, path, cached=False)
            for label, path in pages.serving_pages()
            if path and chosen(label)
        ]
        results += [
            serving.measure(label, path, cached=False, cookie=cookie)
            for label, path, cookie in signed_in.signed_in_pages()
            if path and chosen(label)
        ]
        hello.append(serving.measure("hello-world", "/bench/hello", cached=None))
    reference = sum(r.requests_per_second for r in hello) / len(hello)
    print(f"hello-world {reference:.0f} req/s (mean of both ends)")
    for result in results:
        ratio = result.requests_per_second / reference
        print(f"  {result.label:<38} {result.requests_per_second:7.1f} req/s  ratio {ratio:.3f}")


if __name__ == "__main__":
    main()
