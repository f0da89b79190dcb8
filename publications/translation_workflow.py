"""Approved translations of publications enter the publication workflow.

A publication has a workflow state per language (publications.models.Publication.State).
When a translator approves a translation, that language version moves to "in review",
where an editor publishes it; when the approver may publish (Administrators, Editors
with the publish permission), it is published at once. Declared in publications/portal.py
(`Translatable.on_approved`).
"""

from django.db import models

from publications.models import Publication
from publications.services import (
    PUBLISH_PERMISSION,
    publication_publish,
    publication_text_written,
)


def publication_translation_approved(
    sender: type[models.Model], instance: models.Model, language: str, actor, **kwargs
) -> None:
    if sender is not Publication:
        return
    publication = instance
    publication_text_written(publication=publication)
    state = publication.state_in(language)
    if state in (Publication.State.MISSING, Publication.State.DRAFT):
        setattr(publication, f"state_{language}", Publication.State.IN_REVIEW)
        publication.save(update_fields=[f"state_{language}", "updated_at"])
    if actor is not None and actor.has_perm(PUBLISH_PERMISSION):
        publication_publish(publication=publication, language=language, actor=actor)
