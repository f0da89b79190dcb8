import json

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from diplomacy.audit.actions import ACTION_LABELS, audit_action_label
from diplomacy.audit.models import AuditEntry


class ActionFilter(admin.SimpleListFilter):
    """Filter by action, listed by name rather than by code."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return sorted(
            ((code, label) for code, label in ACTION_LABELS.items()), key=lambda x: str(x[1])
        )

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class TargetKindFilter(admin.SimpleListFilter):
    title = _("kind of record")
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        kinds = ContentType.objects.filter(
            pk__in=AuditEntry.objects.values("target_type").distinct()
        )
        return sorted(((kind.pk, capfirst(str(kind))) for kind in kinds), key=lambda x: x[1])

    def queryset(self, request, queryset):
        return queryset.filter(target_type=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action_name", "target_kind", "target_number"]
    list_filter = [ActionFilter, TargetKindFilter]
    fields = [
        "created_at",
        "actor",
        "action_name",
        "target_kind",
        "target_number",
        "note",
        "details",
    ]
    readonly_fields = fields
    search_fields = ["action", "note", "target_id", "actor__email"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "target_type"]

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, entry: AuditEntry) -> str:
        return audit_action_label(entry.action)

    @admin.display(description=_("kind of record"), ordering="target_type")
    def target_kind(self, entry: AuditEntry) -> str:
        return capfirst(str(entry.target_type))

    @admin.display(description=_("record number"), ordering="target_id")
    def target_number(self, entry: AuditEntry) -> str:
        return entry.target_id

    @admin.display(description=_("details"))
    def details(self, entry: AuditEntry) -> str:
        # Machine data (field names, state codes): shown as code, left to right.
        return format_html('<code dir="ltr">{}</code>', json.dumps(entry.data, ensure_ascii=False))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
