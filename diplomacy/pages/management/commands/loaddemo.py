"""Demo content for every app, loaded idempotently: run it twice, get the same rows.

Each app that has demo content provides a `demo` module with a `load(stdout)` function;
they run in INSTALLED_APPS order, so an app's demo can rely on those listed before it.
Then, where the settings allow accounts with a known password (`DEMO_ACCOUNTS`: the
development settings, never production), the demo people are created and printed.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from diplomacy.accounts.demo_people import (
    DemoAccountsRefused,
    demo_accounts_allowed,
    demo_modules,
    demo_people_load,
    demo_people_table,
)


class Command(BaseCommand):
    help = "Load demo content for every app (idempotent), and demo accounts in development."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Fail unless the demo accounts can be created (they never are in production).",
        )

    def handle(self, *args, **options) -> None:
        for label, module in demo_modules():
            with transaction.atomic():
                module.load(stdout=self.stdout)
            self.stdout.write(f"demo content: {label}")
        if not demo_accounts_allowed() and not options["accounts"]:
            self.stdout.write("demo accounts: none (DEMO_ACCOUNTS is off in these settings)")
            return
        try:
            with transaction.atomic():
                people = demo_people_load()
        except DemoAccountsRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(demo_people_table(people))
