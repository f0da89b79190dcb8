from django.contrib import admin

from diplomacy.lexicon.models import WordForm


@admin.register(WordForm)
class WordFormAdmin(admin.ModelAdmin):
    list_display = ["form", "base", "note"]
    search_fields = ["form", "base", "note"]
