"""Work out the stored related publications of every publication that has none yet
(after the migration that added them, or rows inserted in bulk). Until then the article
page works them out on each request, so nothing is wrong meanwhile, only slower.

manage.py related_publications_backfill          # hand it to the worker, in batches
manage.py related_publications_backfill --here   # every batch in this process
"""

from django.core.management.base import BaseCommand

from diplomacy.jobs.services import enqueue_on_commit
from publications.services import publications_related_backfill_batch
from publications.tasks import backfill_related_publications


class Command(BaseCommand):
    help = "Store the related publications of the publications that have none yet."

    def add_arguments(self, parser):
        parser.add_argument("--here", action="store_true", help="run it in this process")

    def handle(self, *args, here=False, **options):
        if not here:
            enqueue_on_commit(backfill_related_publications)
            self.stdout.write("Backfill handed to the worker (queue default).")
            return
        total = 0
        while done := publications_related_backfill_batch():
            total += done
            self.stdout.write(f"{total} publications done")
        self.stdout.write(f"Related publications stored for {total} publications.")
