"""Staff list and search of the partners admin at scale, on the bench database:

    .venv/bin/python -m bench.partners_staff

Tops the partners up to 20,000 organizations and 100,000 interactions (bench/partners.py)
and prints the median and 95th percentile of each admin request (in-process, signed in as
a Partnerships member: the admin is not reachable anonymously, as `make bench` measures).
"""

import sys

from bench import environment


def main() -> None:
    environment.configure_process()
    environment.prepare_site()  # database, migrations, static manifest, demo content
    import django

    django.setup()
    from bench.partners import generate, measure_staff_search
    from partners.models import Interaction

    print(f"organizations: {generate(count=20_000, stdout=sys.stdout)}")
    print(f"interactions: {Interaction.objects.count()}")
    for label, median, p95 in measure_staff_search():
        print(f"  {label:<44} median {median:7.2f} ms  p95 {p95:7.2f} ms", flush=True)


if __name__ == "__main__":
    main()
