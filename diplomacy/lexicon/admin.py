from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from diplomacy.lexicon.models import SearchReindex, WordForm
from diplomacy.lexicon.selectors import search_reindexes_running
from diplomacy.lexicon.services import search_reindex_start

# While a rebuild runs, its list reloads itself (no JavaScript) this often.
PROGRESS_REFRESH_SECONDS = 5


@admin.register(WordForm)
class WordFormAdmin(admin.ModelAdmin):
    list_display = ["form", "base", "note"]
    search_fields = ["form", "base", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._remind_to_reindex(request)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._remind_to_reindex(request)

    def _remind_to_reindex(self, request) -> None:
        # Queries use the change at once; stored documents only after a rebuild.
        messages.info(
            request,
            _(
                "Searches use the change at once. Publications written before it are "
                "found through it after the search index is rebuilt (Search index "
                "rebuilds, then Add)."
            ),
        )


@admin.register(SearchReindex)
class SearchReindexAdmin(admin.ModelAdmin):
    """Rebuilds are started here ("Add" asks to confirm) and followed in the list."""

    list_display = ["started_at", "started_by", "done", "total", "progress_shown", "finished_at"]
    readonly_fields = ["started_at", "started_by", "total", "done", "finished_at"]
    change_list_template = "admin/lexicon/searchreindex/change_list.html"

    def changelist_view(self, request, extra_context=None):
        running = search_reindexes_running().first()
        context = {
            **(extra_context or {}),
            "running": running,
            "refresh_seconds": PROGRESS_REFRESH_SECONDS,
        }
        return super().changelist_view(request, context)

    @admin.display(description=_("progress"))
    def progress_shown(self, run: SearchReindex) -> str:
        return f"{run.progress}%"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            return super().add_view(request, form_url, extra_context)
        changelist = reverse("admin:lexicon_searchreindex_changelist")
        if request.method == "POST":
            try:
                search_reindex_start(actor=request.user)
            except ValidationError as problem:
                messages.error(request, " ".join(problem.messages))
            else:
                messages.success(
                    request, _("The search index is being rebuilt. Reload this page to follow.")
                )
            return redirect(changelist)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Rebuild the search index"),
            "changelist": changelist,
        }
        return TemplateResponse(request, "admin/lexicon/searchreindex/start.html", context)
