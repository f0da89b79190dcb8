"""Recording and restoring revisions of texts (django-reversion).

A revision is recorded by every save in the admin (RevisionHistoryAdminMixin) and by a
restore. Restoring writes the stored text back through the model's ordinary save, with
`update_fields`, so everything that follows a text change follows a restore too: the
sanitizer, translation jobs (diplomacy/translation: a restore is a source change), the
page cache. Workflow columns (states, slugs, dates of publishing) are never restored:
only the fields registered for revisions.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from reversion import add_to_revision, create_revision, set_comment, set_user
from reversion.models import Version
from reversion.revisions import _get_options

from diplomacy.accounts.models import User
from diplomacy.audit.services import audit_record

# Revision comments are codes, shown in the reader's language (selectors.RevisionEntry).
RESTORED = "restored:"
OUTSIDE_THE_ADMIN = "outside-the-admin"


def revised_fields(model: type[models.Model]) -> list[str]:
    """The fields a revision of `model` keeps (and a restore writes back)."""
    return list(_get_options(model).fields)


def revision_restore(*, obj: models.Model, version: Version, actor: User | None) -> list[str]:
    """Write back the text of `version` into `obj`; the names of the fields that changed.
    Call inside a transaction (revision_restore_atomic) that locked `obj`."""
    if str(version.object_id) != str(obj.pk) or version.content_type.model_class() is not type(obj):
        raise ValidationError(_("This version belongs to another text."))
    stored = version.field_dict
    changed = [
        name
        for name in revised_fields(type(obj))
        if name in stored and stored[name] != getattr(obj, name)
    ]
    for name in changed:
        setattr(obj, name, stored[name])
    if changed:
        extra = [
            field.name for field in obj._meta.concrete_fields if getattr(field, "auto_now", False)
        ]
        obj.save(update_fields=[*changed, *extra])
    set_user(actor)
    set_comment(f"{RESTORED}{version.pk}")
    audit_record(
        actor=actor,
        action="revision.restored",
        target=obj,
        data={"version": version.pk, "fields": changed},
    )
    return changed


def revision_restore_atomic(
    *, obj: models.Model, version: Version, actor: User | None
) -> list[str]:
    """revision_restore in its own transaction and revision, `obj` locked; what the
    text was before is recorded first if no version has it yet."""
    with transaction.atomic():
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        revision_record_outside_changes(obj=locked)
        with create_revision():
            return revision_restore(obj=locked, version=version, actor=actor)


def revision_record_outside_changes(*, obj: models.Model) -> bool:
    """Before an edit: if the text is not what its newest version says (it was never
    recorded, or a translation or a script changed it since), record it as it is, so the
    edit can be undone to exactly this. True when a version was recorded."""
    latest = Version.objects.get_for_object(obj).first()
    fields = revised_fields(type(obj))
    if latest is not None:
        stored = latest.field_dict
        if all(stored.get(name) == getattr(obj, name) for name in fields):
            return False
    with create_revision():
        add_to_revision(obj)
        set_comment(OUTSIDE_THE_ADMIN)
    return True
