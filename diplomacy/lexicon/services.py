"""The lexicon's rows from the repository file, and rebuilding the stored search index:
started by staff (admin) or `manage.py search_reindex`, run by the worker one batch per
task, each task passing on to the next (diplomacy/lexicon/tasks.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomacy.accounts.models import User
from diplomacy.audit.services import audit_record
from diplomacy.jobs.services import enqueue_on_commit
from diplomacy.lexicon.models import SearchReindex, WordForm
from diplomacy.lexicon.registry import search_reindexers
from diplomacy.lexicon.repository import repository_word_forms
from diplomacy.lexicon.selectors import lexicon_changed, search_reindexes_running

BATCH_SIZE = 1000


def lexicon_load_repository() -> int:
    """Add the forms of the repository file the table lacks (lines written there since
    the seeding migration); forms staff edited keep their base word. How many added."""
    with transaction.atomic():
        known = set(WordForm.objects.values_list("form", flat=True))
        added = WordForm.objects.bulk_create(
            [
                WordForm(form=form, base=base)
                for form, base in repository_word_forms()
                if form not in known
            ]
        )
        if added:
            transaction.on_commit(lexicon_changed)  # bulk_create sends no signal
    return len(added)


def search_reindex_start(*, actor: User, on_worker: bool = True) -> SearchReindex:
    """Start a rebuild, unless one is running; `on_worker=False` leaves the steps to
    the caller (`manage.py search_reindex --here`)."""
    with transaction.atomic():
        running = search_reindexes_running().select_for_update().first()
        if running is not None:
            raise ValidationError(_("The search index is already being rebuilt."))
        run = SearchReindex.objects.create(
            started_by=actor if getattr(actor, "pk", None) else None,
            total=sum(reindexer.count() for reindexer in search_reindexers()),
        )
        audit_record(actor=actor, action="lexicon.search_reindex.start", target=run)
        if on_worker:
            _continue_on_worker(run)
    return run


def search_reindex_step(*, run_id: int, stage: int, last_id: int, on_worker: bool = True) -> bool:
    """Index the next batch of a rebuild at (stage, last_id); whether more remain.
    A step asked again for a place the rebuild has passed does nothing, so a task
    delivered twice does not start a second chain."""
    with transaction.atomic():
        run = SearchReindex.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.finished_at or (run.stage, run.last_id) != (stage, last_id):
            return False
        reindexers = search_reindexers()
        if run.stage < len(reindexers):
            count, last = reindexers[run.stage].reindex_batch(after_id=run.last_id, size=BATCH_SIZE)
            if count:
                run.done, run.last_id = run.done + count, last
            else:
                run.stage, run.last_id = run.stage + 1, 0
        if run.stage >= len(reindexers):
            run.finished_at = timezone.now()
            run.done = max(run.done, run.total)
            audit_record(actor=None, action="lexicon.search_reindex.finish", target=run)
        progress = ["done", "stage", "last_id"]
        # finished_at only when it is set: the public pages (cached search results among
        # them) follow the finished index, not every batch (diplomacy/lexicon/portal.py).
        run.save(update_fields=[*progress, "finished_at"] if run.finished_at else progress)
        if run.finished_at is None and on_worker:
            _continue_on_worker(run)
        return run.finished_at is None


def _continue_on_worker(run: SearchReindex) -> None:
    """The next step, as a job recorded in this transaction (diplomacy/jobs)."""
    from diplomacy.lexicon.tasks import continue_search_reindex

    enqueue_on_commit(continue_search_reindex, run.pk, run.stage, run.last_id)
