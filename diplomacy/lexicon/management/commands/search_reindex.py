"""Rebuild the stored search index with the current analysis and lexicon.

manage.py search_reindex            # start it on the worker, follow its progress
manage.py search_reindex --detach   # start it and return
manage.py search_reindex --here     # run every batch in this process (no worker)
"""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from diplomacy.lexicon.models import SearchReindex
from diplomacy.lexicon.services import search_reindex_start, search_reindex_step


class Command(BaseCommand):
    help = "Rebuild the stored search index (after the Arabic analysis or the lexicon changed)."

    def add_arguments(self, parser):
        parser.add_argument("--detach", action="store_true", help="start it and return")
        parser.add_argument("--here", action="store_true", help="run it in this process")

    def handle(self, *args, detach=False, here=False, **options):
        try:
            run = search_reindex_start(actor=None, on_worker=not here)
        except ValidationError as problem:
            raise CommandError(" ".join(problem.messages)) from problem
        self.stdout.write(f"Rebuild #{run.pk}: {run.total} rows to index.")
        if detach:
            return
        started = time.monotonic()
        while run.finished_at is None:
            if here:
                search_reindex_step(
                    run_id=run.pk, stage=run.stage, last_id=run.last_id, on_worker=False
                )
            else:
                time.sleep(2)
            run = SearchReindex.objects.get(pk=run.pk)
            self.stdout.write(f"  {run.done}/{run.total} ({run.progress}%)")
        self.stdout.write(f"Done in {time.monotonic() - started:.0f} s.")
