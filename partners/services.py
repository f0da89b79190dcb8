"""Domain operations on partners: one function per operation, keyword-only arguments."""

import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from diplomacy.audit.services import audit_record
from partners.models import Interaction, Organization


def interaction_record(
    *,
    organization: Organization,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    source: models.Model | None = None,
    actor: Any | None = None,
) -> Interaction:
    """Add an entry to an organization's history. Other apps call this (a delegation
    meeting, a program partnership) with their object as `source`; calling it again for
    the same source and kind updates that entry instead of adding a second one."""
    if kind not in Interaction.Kind.values:
        kind = Interaction.Kind.OTHER
    with transaction.atomic():
        if source is not None:
            source_type = ContentType.objects.get_for_model(source, for_concrete_model=False)
            interaction, created = Interaction.objects.select_for_update().get_or_create(
                organization=organization,
                source_type=source_type,
                source_id=str(source.pk),
                kind=kind,
                defaults={
                    "occurred_on": occurred_on,
                    "summary": summary,
                    "created_by": actor if getattr(actor, "is_authenticated", False) else None,
                },
            )
            if not created:
                if interaction.occurred_on == occurred_on and interaction.summary == summary:
                    return interaction
                interaction.occurred_on = occurred_on
                interaction.summary = summary
                interaction.save(update_fields=["occurred_on", "summary"])
        else:
            created = True
            interaction = Interaction.objects.create(
                organization=organization,
                kind=kind,
                occurred_on=occurred_on,
                summary=summary,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        audit_record(
            actor=actor,
            action="partners.interaction_recorded" if created else "partners.interaction_updated",
            target=organization,
            data={
                "interaction": interaction.pk,
                "kind": kind,
                "occurred_on": occurred_on.isoformat(),
            },
        )
    return interaction
