from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from diplomacy.pages.models import Page
from diplomacy.revisions.admin import RevisionHistoryAdminMixin
from diplomacy.rich_text_editor import RichTextEditorAdminMixin


@admin.register(Page)
class PageAdmin(RevisionHistoryAdminMixin, RichTextEditorAdminMixin, TabbedTranslationAdmin):
    rich_text_fields = ("body",)
    list_display = ["key", "title", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request) -> bool:
        # The set of pages is fixed by the site's URLs; staff edit their text.
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
