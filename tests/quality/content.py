"""The content the quality gates run on: the apps' demo content, plus generated rows so
that lists are full and pages show realistic amounts (a query per row would show)."""

from importlib import import_module
from importlib.util import find_spec
from io import StringIO

from django.core.management import call_command

# bench/<module>.py generators and how many rows each adds on top of the demo content:
# enough for full list pages, few enough to load in seconds.
GENERATED = [
    ("bench.publications", 60),
    ("bench.partners", 60),
    ("bench.applications", 20),
]


def load_quality_content() -> list[str]:
    """Loads demo content and generated rows; returns what was generated, for the report."""
    out = StringIO()
    call_command("loaddemo", stdout=out)
    loaded = []
    for module_name, count in GENERATED:
        if find_spec(module_name) is None:
            continue
        import_module(module_name).generate(count=count, stdout=out)
        loaded.append(f"{module_name}: {count}")
    return loaded
