"""`make bench`: serving throughput, page weight, Lighthouse and scale, written to
docs/benchmarks.md. Benchmarks measure; the test suite asserts (`make test`)."""
