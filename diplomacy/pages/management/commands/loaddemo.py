"""Demo content for every app, loaded idempotently: run it twice, get the same rows.

Each app that has demo content provides a `demo` module with a `load(stdout)` function;
they run in INSTALLED_APPS order, so an app's demo can rely on those listed before it.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo content for every app (idempotent)."

    def handle(self, *args, **options) -> None:
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).load(stdout=self.stdout)
            self.stdout.write(f"demo content: {app_config.label}")
