from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from diplomacy.translation.models import (
    GlossaryTerm,
    Segment,
    TranslationJob,
    TranslationMemoryEntry,
)
from diplomacy.translation.selectors import jobs_visible_to, user_can_work_on_translations


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term_ar", "term_en", "note", "updated_at"]
    search_fields = ["term_ar", "term_en", "variants_ar", "variants_en"]


class SegmentInline(admin.TabularInline):
    model = Segment
    fields = ["field_name", "position", "source", "target", "state", "origin", "match_score"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("field"))
    def field_name(self, segment: Segment) -> str:
        """The field by its name in the reader's language, not its code ("body")."""
        model = segment.job.content_type.model_class()
        try:
            return capfirst(model._meta.get_field(segment.field).verbose_name)
        except (AttributeError, FieldDoesNotExist):
            return segment.field

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("job__content_type")


@admin.register(TranslationJob)
class TranslationJobAdmin(admin.ModelAdmin):
    """Read-only history; the work happens in the translators' workspace."""

    list_display = ["__str__", "content_type", "state", "assignee", "attempts", "created_at"]
    list_filter = ["state", "source_language", "content_type"]
    search_fields = ["object_label", "failure_reason"]
    readonly_fields = [
        "content_type", "object_id", "object_label", "source_language", "target_language",
        "state", "source_texts", "revision", "updates_approved", "assignee", "failure_reason",
        "attempts", "created_at", "updated_at", "approved_at", "approved_by",
    ]  # fmt: skip
    inlines = [SegmentInline]

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        # Translators: the same jobs as in their workspace. Staff who request and follow
        # translations (editors) keep the read-only history of all of them.
        if user_can_work_on_translations(request.user):
            return jobs_visible_to(user=request.user)
        return super().get_queryset(request)


@admin.register(TranslationMemoryEntry)
class TranslationMemoryEntryAdmin(admin.ModelAdmin):
    list_display = ["source", "target", "source_language", "target_language", "updated_at"]
    list_filter = ["source_language"]
    search_fields = ["source", "target"]
    readonly_fields = ["source_hash", "created_at", "updated_at"]
    fields = ["source_language", "target_language", "source", "target", *readonly_fields]
