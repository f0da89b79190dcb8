from celery import shared_task

from diplomacy.lexicon.services import search_reindex_step


@shared_task
def continue_search_reindex(run_id: int, stage: int, last_id: int) -> bool:
    """One batch of a rebuild; the service schedules the next."""
    return search_reindex_step(run_id=run_id, stage=stage, last_id=last_id)
