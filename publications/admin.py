from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from diplomacy.images import CoverImageField
from diplomacy.languages import language_name
from diplomacy.revisions.admin import RevisionHistoryAdminMixin
from diplomacy.rich_text_editor import RichTextEditorAdminMixin
from diplomacy.search.query import (
    QueryProblem,
    normalized_columns_condition,
    search_query_parse,
)
from diplomacy.uploads import PUBLICATION_ATTACHMENT_POLICY, CheckedFileField
from publications import services
from publications.models import (
    LANGUAGES,
    Attachment,
    Author,
    Publication,
    PublicationImage,
    Tag,
)


class AttachmentInline(TranslationTabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "file", "position"]
    formfield_overrides = {
        models.FileField: {"form_class": CheckedFileField, "policy": PUBLICATION_ATTACHMENT_POLICY}
    }


class ImageInline(TranslationTabularInline):
    model = PublicationImage
    extra = 0
    fields = ["image", "alt", "address"]
    readonly_fields = ["address"]
    formfield_overrides = {models.ImageField: {"form_class": CoverImageField}}

    @admin.display(description=_("Address to use in the text"))
    def address(self, image: PublicationImage) -> str:
        return image.image.url if image.pk and image.image else ""


def _workflow_action(operation, language: str, description):
    def action(modeladmin, request, queryset):
        done = 0
        for publication in queryset:
            try:
                result = operation(publication=publication, language=language, actor=request.user)
            except (ValidationError, PermissionDenied) as error:
                message = "; ".join(getattr(error, "messages", [])) or _("Not allowed.")
                modeladmin.message_user(request, f"{publication}: {message}", messages.ERROR)
                continue
            done += result is not False
        modeladmin.message_user(request, _("%(count)d publication(s) updated.") % {"count": done})

    action.__name__ = f"{operation.__name__}_{language}"
    action.short_description = description
    return action


class PublicationAdmin(RevisionHistoryAdminMixin, RichTextEditorAdminMixin, TabbedTranslationAdmin):
    rich_text_fields = ("body",)
    formfield_overrides = {models.ImageField: {"form_class": CoverImageField}}
    inlines = [AttachmentInline, ImageInline]
    list_display = ["__str__", "kind", "state_ar", "state_en", "publication_date", "preview_links"]
    list_filter = ["kind", "state_ar", "state_en", "sectors", "original_language"]
    # Searched as the portal search compares titles (get_search_results below).
    search_fields = ["search_title_ar", "search_title_en", "slug_ar", "slug_en"]
    date_hierarchy = "publication_date"
    filter_horizontal = ["authors", "sectors", "regions", "tags"]
    readonly_fields = [
        "state_ar", "state_en", "published_at_ar", "published_at_en",
        "unpublished_at_ar", "unpublished_at_en", "created_at", "updated_at",
    ]  # fmt: skip
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    "original_language",
                    "publication_date",
                    "title",
                    "summary",
                    "body",
                ]
            },
        ),
        (_("People and topics"), {"fields": ["authors", "sectors", "regions", "tags"]}),
        (_("Cover image"), {"fields": ["cover_image", "cover_alt"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    ("state_ar", "publish_at_ar", "published_at_ar", "unpublished_at_ar"),
                    ("state_en", "publish_at_en", "published_at_en", "unpublished_at_en"),
                    ("slug_ar", "slug_en"),
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]
    actions = [
        _workflow_action(services.publication_submit_for_review, language, _("Submit the %(language)s version for review") % {"language": language_name(language)})
        for language in LANGUAGES
    ] + [
        _workflow_action(services.publication_publish, language, _("Publish the %(language)s version") % {"language": language_name(language)})
        for language in LANGUAGES
    ] + [
        _workflow_action(services.publication_unpublish, language, _("Withdraw the %(language)s version") % {"language": language_name(language)})
        for language in LANGUAGES
    ]  # fmt: skip

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        # A field's writing direction follows its content language, not the admin's.
        if field is not None and isinstance(db_field, models.CharField | models.TextField):
            for language in LANGUAGES:
                if db_field.name.endswith(f"_{language}"):
                    field.widget.attrs.update(
                        {"lang": language, "dir": "rtl" if language == "ar" else "ltr"}
                    )
        return field

    def rich_text_images(self, obj: Publication, language: str) -> list[dict]:
        """The publication's uploaded images, described in the field's language."""
        return [
            {"src": image.image.url, "alt": getattr(image, f"alt_{language}") or ""}
            for image in obj.images.all()
            if image.image
        ]

    def restore_version(self, request, obj: Publication, version) -> list[str]:
        return services.publication_restore(publication=obj, version=version, actor=request.user)

    def get_search_results(self, request, queryset, search_term):
        """Titles normalized like the portal search: «الدبلوماسيه» finds «الدبلوماسية»
        and "Kobane" finds «كوباني» (diplomacy/gazetteer.py)."""
        try:
            query = search_query_parse(search_term)
        except QueryProblem:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(
            normalized_columns_condition(query, tuple(self.search_fields))
        ), False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm(services.PUBLISH_PERMISSION):
            actions = {
                name: value
                for name, value in actions.items()
                if not name.startswith(("publication_publish", "publication_unpublish"))
            }
        return actions

    @admin.display(description=_("Preview"))
    def preview_links(self, publication: Publication) -> str:
        links = []
        for language in LANGUAGES:
            with translation.override(language):
                url = reverse("publications:preview", kwargs={"pk": publication.pk})
            links.append(format_html('<a href="{}" lang="{}">{}</a>', url, language, language))
        return format_html(" · ".join(["{}"] * len(links)), *links)

    def save_model(self, request, obj, form, change) -> None:
        # Saved in save_related, with its relations, by the one write path.
        before = Publication.objects.filter(pk=obj.pk).first() if change else None
        request._publication_before = services.PublicationSnapshot.of(before)

    def save_related(self, request, form, formsets, change) -> None:
        services.publication_save(
            publication=form.instance,
            actor=request.user,
            before=getattr(request, "_publication_before", None),
            save_relations=partial(super().save_related, request, form, formsets, change),
        )


admin.site.register(Publication, PublicationAdmin)


@admin.register(Author)
class AuthorAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "slug", "user"]
    search_fields = ["name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    raw_id_fields = ["user"]


@admin.register(Tag)
class TagAdmin(TabbedTranslationAdmin):
    list_display = ["__str__", "slug"]
    search_fields = ["name_ar", "name_en", "slug"]
