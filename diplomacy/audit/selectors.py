from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from diplomacy.audit.models import AuditEntry


def audit_entries_for(*, target: models.Model) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=str(target.pk),
    ).select_related("actor")
