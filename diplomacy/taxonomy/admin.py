from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from diplomacy.taxonomy.models import Region, Sector


@admin.register(Sector)
class SectorAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
