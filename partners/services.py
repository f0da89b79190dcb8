"""Domain operations on partners: one function per operation, keyword-only arguments."""

import datetime
from dataclasses import dataclass, field
from typing import Any, cast

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q, Value
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from diplomacy.accounts.roles import PARTNERSHIPS
from diplomacy.accounts.selectors import users_with_permission
from diplomacy.arabic import normalize_arabic
from diplomacy.arabic_analysis import tsvector_text
from diplomacy.audit.services import audit_record
from diplomacy.images import renditions_enqueue, renditions_refresh
from diplomacy.jobs.services import enqueue_on_commit
from diplomacy.lexicon.selectors import current_lexicon
from diplomacy.lexicon.tsearch import stemmed_search_vector
from partners.matching import (
    fold_latin,
    keys_similar,
    name_keys,
    search_words,
    website_domain,
    words_by_script,
)
from partners.models import (
    ORGANIZATION_LOGO,
    Affiliation,
    Agreement,
    AgreementReminder,
    Interaction,
    Organization,
    OrganizationImport,
)

# Fields whose old and new values the audit trail records on every change.
AUDITED_FIELDS = [
    "name_ar",
    "name_en",
    "name_native",
    "name_latin",
    "kind",
    "region",
    "town_ar",
    "town_en",
    "country",
    "world_region",
    "website",
    "emails",
    "phones",
    "logo",
    "description_ar",
    "description_en",
    "status",
    "owner",
    "directory_consent",
]


def _audit_value(instance: models.Model, name: str) -> Any:
    value: Any = getattr(instance, name, None)
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "name") and not isinstance(value, str | list | dict):  # files
        return value.name or ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | bool | list | dict):
        return value
    return str(value)


def _unique_slug(organization: Organization) -> str:
    base = slugify(
        fold_latin(organization.name_latin or organization.name_en or "")
        or search_words(organization.name_ar or organization.name_native or "")
    )
    if not base:
        from anyascii import anyascii

        base = slugify(anyascii(organization.name_ar or organization.name_native or "")) or "org"
    base = base[:120].strip("-") or "org"
    slug, number = base, 2
    others = Organization.objects.exclude(pk=organization.pk)
    while others.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def organization_names(organization: Organization) -> list[str]:
    return [
        organization.name_ar or "",
        organization.name_en or "",
        organization.name_native or "",
        organization.name_latin or "",
    ]


def organization_search_refresh(*, organization: Organization) -> None:
    """Rebuild the search columns of one organization (names, town, tags)."""
    tags = [tag.name for tag in organization.tags.all()] if organization.pk else []
    text = search_words(
        *organization_names(organization),
        organization.town_ar or "",
        organization.town_en or "",
        *([region.name_ar, region.name_en] if (region := organization.region) else []),
        *tags,
    )
    latin, non_latin = words_by_script(text)
    Organization.objects.filter(pk=organization.pk).update(
        search_text=text, latin_words=latin, non_latin_words=non_latin
    )
    organization.search_text = text
    organization.latin_words, organization.non_latin_words = latin, non_latin
    if connection.vendor == "postgresql":
        Organization.objects.filter(pk=organization.pk).update(
            # Names with their light stems (diplomacy/arabic_analysis.py): «منظمة» finds
            # «منظمات النساء»; descriptions as PostgreSQL's configurations read them.
            search_vector=stemmed_search_vector([(text, "A")])
            + SearchVector(
                Value(normalize_arabic(organization.description_ar or "")),
                config="arabic",
                weight="C",
            )
            + SearchVector(Value(organization.description_en or ""), config="english", weight="C")
        )


def organizations_search_reindex_batch(*, after_id: int, size: int) -> tuple[int, int]:
    """Rebuild the tsvectors of the `size` organizations after `after_id` from their
    stored `search_text` (see organization_search_refresh), in one UPDATE."""
    rows = list(
        Organization.objects.filter(pk__gt=after_id)
        .order_by("pk")
        .values_list("pk", "search_text", "description_ar")[:size]
    )
    if not rows:
        return 0, after_id
    if connection.vendor == "postgresql":
        lexicon = current_lexicon()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE partners_organization AS organization SET search_vector ="
                " batch.names::tsvector"
                " || setweight(to_tsvector('arabic', batch.description_ar), 'C')"
                " || setweight(to_tsvector('english', coalesce(organization.description_en, '')), 'C')"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[])"
                " AS batch(id, names, description_ar) WHERE organization.id = batch.id",
                [
                    [pk for pk, _text, _description in rows],
                    [tsvector_text(lexicon, [(text or "", "A")]) for _pk, text, _d in rows],
                    [normalize_arabic(description or "") for _pk, _t, description in rows],
                ],
            )
    return len(rows), rows[-1][0]


def organization_save(  # noqa: C901 - to split: audit and directory steps
    *,
    organization: Organization,
    actor: Any | None,
    changed_fields: list[str] | None = None,
) -> Organization:
    """Save a new or edited organization: derived fields, search keys, audit entry,
    logo rendition and public cache. `changed_fields` is what the form changed (None:
    compare every audited field with the stored row)."""
    previous = Organization.objects.filter(pk=organization.pk).first() if organization.pk else None
    today = timezone.localdate()
    with transaction.atomic():
        if not organization.slug:
            organization.slug = _unique_slug(organization)
        organization.website_domain = website_domain(organization.website)
        organization.name_keys = name_keys(*organization_names(organization))
        if organization.region_id and not organization.country:
            organization.country = "SY"
        if organization.region_id and not organization.world_region:
            organization.world_region = Organization.WorldRegion.MIDDLE_EAST
        if previous is None or previous.status != organization.status:
            organization.status_changed_on = organization.status_changed_on or today
            if previous is not None and previous.status_changed_on == (
                organization.status_changed_on
            ):
                organization.status_changed_on = today
        if organization.directory_consent and not organization.directory_consent_on:
            organization.directory_consent_on = today
        if not organization.directory_consent:
            organization.directory_consent_on = None
        organization.save()
        organization_search_refresh(organization=organization)

        changes = {}
        for name in AUDITED_FIELDS:
            old = _audit_value(previous, name) if previous else None
            new = _audit_value(organization, name)
            if old != new and (previous is not None or new not in (None, "", [], False)):
                changes[name] = [old, new]
        # Many-to-many fields are saved after this; the form tells us they changed.
        for name in ("sectors", "tags"):
            if changed_fields and name in changed_fields:
                changes[name] = [None, None]
        if previous is None or changes:
            audit_record(
                actor=actor,
                action="partners.organization_created"
                if previous is None
                else "partners.organization_updated",
                target=organization,
                data={"changes": changes},
            )
        from partners.tasks import render_logo

        renditions_enqueue(row=organization, image=ORGANIZATION_LOGO, task=render_logo)
    return organization


def organization_logo_render(*, organization_id: int) -> bool:
    """The logo's renditions (diplomacy/images.py); idempotent, True when written."""
    return renditions_refresh(image=ORGANIZATION_LOGO, pk=organization_id)


def organization_create(
    *,
    actor: Any | None,
    sectors: list | None = None,
    tags: list | None = None,
    **fields: Any,
) -> Organization:
    organization = Organization(**fields)
    with transaction.atomic():
        organization_save(organization=organization, actor=actor)
        if sectors:
            organization.sectors.set(sectors)
        if tags:
            organization.tags.set(tags)
            organization_search_refresh(organization=organization)
    return organization


def organization_update(
    *,
    organization: Organization,
    actor: Any | None,
    sectors: list | None = None,
    tags: list | None = None,
    **fields: Any,
) -> Organization:
    for name, value in fields.items():
        setattr(organization, name, value)
    with transaction.atomic():
        organization_save(organization=organization, actor=actor, changed_fields=list(fields))
        if sectors is not None:
            organization.sectors.set(sectors)
        if tags is not None:
            organization.tags.set(tags)
            organization_search_refresh(organization=organization)
    return organization


@dataclass
class DuplicateMatch:
    organization: Organization
    reasons: list[str] = field(default_factory=list)


def organization_duplicates_find(  # noqa: C901 - to split: blocking and scoring
    *,
    names: list[str],
    website: str = "",
    emails: list[str] | None = None,
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[DuplicateMatch]:
    """Likely duplicates of an organization being created or imported: same website
    domain, a shared email address, or names that are close after normalization, also
    across scripts (an Arabic name against its Latin transliteration)."""
    matches: dict[int, DuplicateMatch] = {}

    def add(organization: Organization, reason: str) -> None:
        match = matches.setdefault(organization.pk, DuplicateMatch(organization))
        if reason not in match.reasons:
            match.reasons.append(reason)

    candidates = Organization.objects.exclude(pk=exclude_pk) if exclude_pk else Organization.objects
    domain = website_domain(website)
    if domain:
        for organization in candidates.filter(website_domain=domain)[:limit]:
            add(organization, _("same website domain"))
    for email in emails or []:
        if connection.vendor == "postgresql":
            found = candidates.filter(emails__contains=[email])[:limit]
        else:
            found = [o for o in candidates.exclude(emails=[]) if email in o.emails][:limit]
        for organization in found:
            add(organization, _("same email address"))
    keys = name_keys(*names)
    if keys:
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import TrigramWordSimilarity

            pool = Q()
            for key in keys.split(" | "):
                pool |= Q(name_keys__trigram_word_similar=key)
            similar = (
                candidates.filter(pool)
                .annotate(closeness=TrigramWordSimilarity(keys.split(" | ")[0], "name_keys"))
                .order_by("-closeness")[:200]
            )
        else:
            similar = candidates.exclude(name_keys="")
        for organization in similar:
            if keys_similar(keys, organization.name_keys):
                add(organization, _("similar name"))
    return list(matches.values())[:limit]


def _move_related(*, keep: Organization, duplicate: Organization) -> dict[str, int]:
    """Point every row that references `duplicate` (in any app) at `keep`."""
    moved: dict[str, int] = {}
    for relation in Organization._meta.related_objects:
        # A relation's model is a class once the apps are loaded ("self" only before).
        related_model = cast(type[models.Model], relation.related_model)
        label = related_model._meta.label
        count: int | None = None
        if isinstance(relation, models.ManyToManyRel) and relation.through is not None:
            count = _move_many_to_many(relation.through, keep=keep, duplicate=duplicate)
        elif relation.one_to_many or relation.one_to_one:
            try:
                with transaction.atomic():
                    count = related_model._base_manager.filter(
                        **{relation.field.name: duplicate}
                    ).update(**{relation.field.name: keep})
            except IntegrityError:
                # A unique row already exists on the kept record: the duplicate's goes.
                count = 0
        if count is not None:
            moved[label] = moved.get(label, 0) + count
    return moved


def _move_many_to_many(
    through: type[models.Model], *, keep: Organization, duplicate: Organization
) -> int | None:
    """Point the rows of one many-to-many table at `keep`; a row `keep` already has goes
    (an automatic table) or stays (a model of its own, with data of its own). None when
    the table does not point at organizations."""
    through_field = None
    for through_fk in through._meta.get_fields():
        if isinstance(through_fk, models.ForeignKey) and through_fk.related_model is Organization:
            through_field = through_fk.name
    if through_field is None:
        return None
    other_fields = [
        f.attname
        for f in through._meta.get_fields()
        if isinstance(f, models.ForeignKey) and f.name != through_field
    ]
    count = 0
    for row in through._default_manager.filter(**{through_field: duplicate}):
        clash = through._default_manager.filter(
            **{through_field: keep}, **{name: getattr(row, name) for name in other_fields}
        ).exists()
        if clash and through._meta.auto_created:
            row.delete()
            continue
        setattr(row, through_field, keep)
        row.save(update_fields=[through_field])
        count += 1
    return count


def organization_merge(
    *, keep: Organization, duplicate: Organization, actor: Any | None
) -> Organization:
    """Merge `duplicate` into `keep`: contacts, agreements, interactions and whatever
    other apps attach to it move over; names, emails, phones, sectors and tags the kept
    record lacks are taken over; the duplicate is deleted; the audit trail keeps both."""
    if keep.pk == duplicate.pk:
        raise ValueError("An organization cannot be merged into itself.")
    with transaction.atomic():
        keep = Organization.objects.select_for_update().get(pk=keep.pk)
        duplicate = Organization.objects.select_for_update().get(pk=duplicate.pk)
        snapshot = {name: _audit_value(duplicate, name) for name in AUDITED_FIELDS}
        snapshot["slug"] = duplicate.slug
        for name in (
            "name_ar",
            "name_en",
            "name_native",
            "name_latin",
            "town_ar",
            "town_en",
            "website",
            "description_ar",
            "description_en",
        ):
            if not getattr(keep, name) and getattr(duplicate, name):
                setattr(keep, name, getattr(duplicate, name))
        keep.emails = keep.emails + [e for e in duplicate.emails if e not in keep.emails]
        keep.phones = keep.phones + [p for p in duplicate.phones if p not in keep.phones]
        if not keep.region_id and duplicate.region_id:
            keep.region_id = duplicate.region_id
        if not keep.owner_id and duplicate.owner_id:
            keep.owner_id = duplicate.owner_id
        keep.sectors.add(*duplicate.sectors.all())
        keep.tags.add(*duplicate.tags.all())
        moved = _move_related(keep=keep, duplicate=duplicate)
        duplicate_pk = duplicate.pk
        duplicate.delete()
        organization_save(organization=keep, actor=actor, changed_fields=[])
        audit_record(
            actor=actor,
            action="partners.organization_merged",
            target=keep,
            note=_("Merged a duplicate record into this one."),
            data={"merged_id": duplicate_pk, "merged": snapshot, "moved": moved},
        )
    return keep


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
    created_by = actor if getattr(actor, "is_authenticated", False) else None
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
                    "created_by": created_by,
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
                created_by=created_by,
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


def _partnerships_staff() -> models.QuerySet:
    """The Partnerships team (not the Administrators, who hold its permissions too)."""
    return users_with_permission(
        permission="partners.change_organization",
        role=PARTNERSHIPS,
        staff_only=True,
        include_superusers=False,
    )


def agreement_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind staff of agreements that end within one of the reminder thresholds
    (settings.PARTNERS_AGREEMENT_REMINDER_DAYS). Each agreement is reminded once per
    threshold (and end date); the nearest threshold reached is the one sent, so an
    agreement entered a week before its end gets one reminder, not three."""
    from diplomacy.notifications.services import notification_send

    today = today or timezone.localdate()
    thresholds = sorted(settings.PARTNERS_AGREEMENT_REMINDER_DAYS)
    if not thresholds:
        return 0
    horizon = today + datetime.timedelta(days=thresholds[-1])
    sent = 0
    agreements = Agreement.objects.filter(ends_on__gte=today, ends_on__lte=horizon).select_related(
        "organization__owner"
    )
    for agreement in agreements:
        ends_on = agreement.ends_on
        assert ends_on is not None  # the query asks for an end date
        days_left = (ends_on - today).days
        threshold = next(days for days in thresholds if days_left <= days)
        with transaction.atomic():
            _reminder, created = AgreementReminder.objects.get_or_create(
                agreement=agreement, days_before=threshold, ends_on=ends_on
            )
            if not created:
                continue
            owner = agreement.organization.owner
            recipients = [owner] if owner and owner.is_active else list(_partnerships_staff())
            for recipient in recipients:
                notification_send(
                    type_key="partners.agreement_expiring",
                    target=agreement,
                    event=f"expiry-{threshold}-{ends_on.isoformat()}",
                    recipient=recipient,
                    context={
                        "organization": agreement.organization.display_name,
                        "agreement": agreement.title,
                        "ends_on": ends_on.isoformat(),
                        "days_left": days_left,
                        "admin_path": f"/admin/partners/organization/{agreement.organization_id}/change/",
                    },
                )
            audit_record(
                actor=None,
                action="partners.agreement_reminded",
                target=agreement.organization,
                data={"agreement": agreement.pk, "days_before": threshold},
            )
            sent += 1
    return sent


def follow_up_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the follow-up owner (else the organization's owner) of follow-ups that
    are due, once per follow-up date."""
    from diplomacy.notifications.services import notification_send

    today = today or timezone.localdate()
    due = (
        Interaction.objects.filter(follow_up_done=False, follow_up_on__lte=today)
        .exclude(follow_up_reminded_for=models.F("follow_up_on"))
        .select_related("organization__owner", "follow_up_owner")
    )
    sent = 0
    for interaction in due:
        with transaction.atomic():
            locked = (
                Interaction.objects.select_for_update()
                .filter(pk=interaction.pk, follow_up_done=False)
                .exclude(follow_up_reminded_for=models.F("follow_up_on"))
                .first()
            )
            if locked is None:
                continue
            follow_up_on = locked.follow_up_on
            assert follow_up_on is not None  # the query asks for a follow-up date
            recipient = interaction.follow_up_owner or interaction.organization.owner
            recipients = [recipient] if recipient else list(_partnerships_staff())
            for person in recipients:
                notification_send(
                    type_key="partners.follow_up_due",
                    target=interaction,
                    event=f"follow-up-{follow_up_on.isoformat()}",
                    recipient=person,
                    context={
                        "organization": interaction.organization.display_name,
                        "occurred_on": interaction.occurred_on.isoformat(),
                        "follow_up_on": follow_up_on.isoformat(),
                        "summary": interaction.summary[:300],
                        "admin_path": f"/admin/partners/organization/{interaction.organization_id}/change/",
                    },
                )
            locked.follow_up_reminded_for = follow_up_on
            locked.save(update_fields=["follow_up_reminded_for"])
            sent += 1
    return sent


def affiliation_end(*, affiliation: Affiliation, ended_on: datetime.date, actor: Any) -> None:
    with transaction.atomic():
        affiliation.ended_on = ended_on
        affiliation.save(update_fields=["ended_on"])
        audit_record(
            actor=actor,
            action="partners.role_ended",
            target=affiliation.organization,
            data={"contact": affiliation.contact_id, "role": affiliation.role},
        )


# --- the partner import: upload, a background preview, confirmation ----------------
# An upload and its preview are kept this long; the uploader confirms well within it.
IMPORT_KEPT_FOR = datetime.timedelta(days=1)


def organization_import_start(
    *, uploader: Any, content: bytes, file_format: str, language: str
) -> OrganizationImport:
    """Keep an uploaded file and queue the job that previews it. A file that cannot be
    imported at all raises `partners.transfer.ImportFileError` here, in the request."""
    from partners.tasks import preview_organization_import
    from partners.transfer import import_file_read

    dataset, _columns = import_file_read(content=content, file_format=file_format)
    with transaction.atomic():
        OrganizationImport.objects.filter(created_at__lt=timezone.now() - IMPORT_KEPT_FOR).delete()
        organization_import = OrganizationImport.objects.create(
            uploader=uploader,
            language=language,
            file_format=file_format,
            content=content,
            rows_total=dataset.height,
        )
        audit_record(
            actor=uploader,
            action="partners.organization_import_uploaded",
            target=organization_import,
            data={"rows": dataset.height, "format": file_format},
        )
        enqueue_on_commit(preview_organization_import, organization_import.pk)
    return organization_import


def organization_import_preview_make(*, import_id: int) -> str:
    """The background job: check every row and look for duplicates, in the uploader's
    language, saving the progress as it goes. Safe to run twice: a ready preview stays."""
    from partners.transfer import ImportFileError, organizations_import_preview

    Status = OrganizationImport.Status
    claimed = OrganizationImport.objects.filter(
        pk=import_id, status__in=[Status.WAITING, Status.CHECKING]
    ).update(status=Status.CHECKING, rows_checked=0)
    if not claimed:
        return "gone or done"
    organization_import = OrganizationImport.objects.get(pk=import_id)

    def progress(rows_checked: int, rows_total: int) -> None:
        OrganizationImport.objects.filter(pk=import_id).update(
            rows_checked=rows_checked, rows_total=rows_total
        )

    with translation.override(organization_import.language):
        try:
            preview = organizations_import_preview(
                content=bytes(organization_import.content),
                file_format=organization_import.file_format,
                progress=progress,
            )
        except ImportFileError as error:
            return _organization_import_finish(import_id, status=Status.FAILED, error=str(error))
        except Exception:
            # The uploader sees that it failed instead of a progress bar that never ends.
            message = _("The file could not be checked. Upload it again, or ask for help.")
            _organization_import_finish(import_id, status=Status.FAILED, error=message)
            raise
    return _organization_import_finish(import_id, status=Status.READY, preview=preview.to_json())


def _organization_import_finish(import_id: int, *, status: str, **fields: Any) -> str:
    with transaction.atomic():
        organization_import = (
            OrganizationImport.objects.select_for_update().filter(pk=import_id).first()
        )
        if organization_import is None or organization_import.status != "checking":
            return "gone or done"
        organization_import.status = status
        for name, value in fields.items():
            setattr(organization_import, name, value)
        if status == OrganizationImport.Status.READY:
            organization_import.rows_checked = organization_import.rows_total
        organization_import.save(update_fields=["status", "rows_checked", *fields])
    return status


def organization_import_confirm(
    *, organization_import: OrganizationImport, actor: Any, skip_invalid: bool
) -> Any:
    """Write the previewed rows (`partners.transfer.organizations_import_apply`), then
    forget the file. ValidationError when rows have problems and none may be skipped."""
    from partners.transfer import ImportPreview, organizations_import_apply

    with transaction.atomic():
        locked = OrganizationImport.objects.select_for_update().get(pk=organization_import.pk)
        if locked.status != OrganizationImport.Status.READY or locked.preview is None:
            raise ValidationError(_("This preview is not ready yet."))
        result = organizations_import_apply(
            preview=ImportPreview.from_json(locked.preview),
            actor=actor,
            skip_invalid=skip_invalid,
        )
        locked.delete()
    return result
