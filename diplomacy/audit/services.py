from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from diplomacy.audit.models import AuditEntry


def audit_record(
    *,
    actor: Any | None,
    action: str,
    target: models.Model,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a state change. Call it inside the transaction that makes the change."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
        note=note,
        data=data or {},
    )
