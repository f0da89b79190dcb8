"""The staff back-office for partners: Django admin in Arabic or English.

Partnerships staff edit; other staff may only view (model permissions from
diplomacy/accounts/roles.py). Saving goes through partners.services so that derived
fields, search keys and the audit trail are the same as for imports and other apps.
"""

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from diplomacy.accounts.reauthentication import require_recent_authentication
from diplomacy.audit.selectors import audit_entries_for
from diplomacy.audit.services import audit_record
from diplomacy.uploads import AGREEMENT_POLICY, LOGO_POLICY, CheckedFileField
from partners.forms import (
    ContactAdminForm,
    ImportConfirmForm,
    ImportForm,
    MergeForm,
    OrganizationAdminForm,
)
from partners.models import (
    Affiliation,
    Agreement,
    Contact,
    Interaction,
    Organization,
    OrganizationImport,
    Tag,
)
from partners.selectors import organization_import_for, organization_search, organization_timeline
from partners.services import (
    organization_import_confirm,
    organization_import_start,
    organization_merge,
    organization_save,
    organization_search_refresh,
)
from partners.transfer import (
    ImportFileError,
    ImportPreview,
    organizations_export,
)
from partners.validation import phone_for_display

# The progress page reloads itself this often (no JavaScript needed).
IMPORT_PROGRESS_REFRESH_SECONDS = 2
# Contact data (people, their phones and emails, agreements, the interaction history with
# them) is for Partnerships and Administrators; other staff see the organizations only.
CONTACT_PERMISSION = "partners.view_contact"
CONTACT_INLINES = ("AffiliationInline", "AgreementInline", "InteractionInline")
CONTACT_FIELDS = {"emails", "phones", "timeline"}


def sees_contacts(request: HttpRequest) -> bool:
    return request.user.has_perm(CONTACT_PERMISSION)


class AffiliationInline(admin.TabularInline):
    model = Affiliation
    extra = 1
    autocomplete_fields = ["contact"]
    fields = ["contact", "role", "started_on", "ended_on"]
    verbose_name = _("contact")
    verbose_name_plural = _("contacts")


class AgreementInline(admin.StackedInline):
    model = Agreement
    extra = 0
    formfield_overrides = {
        models.FileField: {"form_class": CheckedFileField, "policy": AGREEMENT_POLICY}
    }
    fields = [("kind", "title"), ("starts_on", "ends_on"), "document", "notes"]


class InteractionInline(admin.StackedInline):
    """Logs a new interaction from the organization's page. The history itself is the
    read-only timeline above (one query however long it is); an entry is edited on its
    own page, linked from the timeline."""

    model = Interaction
    extra = 1
    can_delete = False
    verbose_name = _("new interaction")
    verbose_name_plural = _("log an interaction")
    fields = [
        ("kind", "occurred_on"),
        "summary",
        ("staff_participants", "contact_participants"),
        ("follow_up_on", "follow_up_owner"),
    ]
    # Staff lists are short; contacts are many (autocomplete needs the contact admin).
    autocomplete_fields = ["contact_participants"]

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class LocationFilter(admin.SimpleListFilter):
    title = _("location")
    parameter_name = "location"

    def lookups(self, request, model_admin):
        from diplomacy.taxonomy.models import Region

        regions = [(f"region:{r.slug}", r.name) for r in Region.objects.all()]
        abroad = [(f"world:{v}", label) for v, label in Organization.WorldRegion.choices]
        return regions + abroad

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value.startswith("region:"):
            return queryset.filter(region__slug=value.removeprefix("region:"))
        if value.startswith("world:"):
            return queryset.filter(world_region=value.removeprefix("world:"))
        return queryset


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = (
            Organization.objects.exclude(country="")
            .values_list("country", flat=True)
            .distinct()
            .order_by("country")
        )
        from django_countries import countries

        return [(code, countries.name(code)) for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


@admin.register(Organization)
class OrganizationAdmin(TabbedTranslationAdmin):
    form = OrganizationAdminForm
    # The logo original is re-encoded too: no GPS position or camera data is kept.
    formfield_overrides = {
        models.ImageField: {"form_class": CheckedFileField, "policy": LOGO_POLICY}
    }
    change_list_template = "admin/partners/organization/change_list.html"
    list_display = ["display_name", "kind", "location", "status", "owner", "updated_at"]
    list_display_links = ["display_name"]
    list_filter = [
        "kind",
        "sectors",
        LocationFilter,
        CountryFilter,
        "status",
        "tags",
        "owner",
        "directory_consent",
    ]
    list_select_related = ["region", "owner"]
    list_per_page = 50
    # One COUNT(*) instead of two on every page of a 20,000-row list.
    show_full_result_count = False
    search_fields = ["search_text"]  # replaced by get_search_results, shown as a search box
    search_help_text = _("Names in any script, town or tag; spelling mistakes are tolerated.")
    ordering = ["name_latin", "slug"]
    autocomplete_fields = ["tags"]
    filter_horizontal = ["sectors"]
    inlines = [AffiliationInline, AgreementInline, InteractionInline]
    readonly_fields = ["slug", "status_changed_on", "directory_consent_on", "timeline", "history"]
    actions = ["export_csv", "export_xlsx", "merge_selected"]
    fieldsets = [
        (_("Names"), {"fields": ["name", "name_native", "name_latin", "slug"]}),
        (_("Profile"), {"fields": ["kind", "sectors", "description", "logo", "tags"]}),
        (
            _("Location"),
            {
                "fields": ["region", "town", "country", "world_region"],
                "description": _(
                    "In North and East Syria: a region and a town. Abroad: country and world region."
                ),
            },
        ),
        (_("Reaching them"), {"fields": ["website", "emails", "phones"]}),
        (
            _("Relationship"),
            {
                "fields": [
                    ("status", "status_changed_on"),
                    "owner",
                    ("directory_consent", "directory_consent_on"),
                ]
            },
        ),
        (_("Duplicates"), {"fields": ["not_a_duplicate"], "classes": ["collapse"]}),
        (_("Timeline"), {"fields": ["timeline"]}),
        (_("History of changes"), {"fields": ["history"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("name"), ordering="name_latin")
    def display_name(self, organization: Organization) -> str:
        return format_html('<bdi dir="auto">{}</bdi>', organization.display_name)

    @admin.display(description=_("location"), ordering="region__position")
    def location(self, organization: Organization) -> str:
        if organization.region_id:
            return " · ".join(filter(None, [organization.town, str(organization.region)]))
        return " · ".join(
            filter(
                None,
                [
                    organization.country.name if organization.country else "",
                    organization.get_world_region_display(),
                ],
            )
        )

    @admin.display(description=_("interactions"))
    def timeline(self, organization: Organization) -> str:
        if not organization.pk:
            return "—"
        rows = []
        for interaction in organization_timeline(organization=organization):
            people = [str(person) for person in interaction.staff_participants.all()]
            people += [contact.name for contact in interaction.contact_participants.all()]
            origin = (
                interaction.source_type.model_class()._meta.verbose_name
                if interaction.source_type_id and interaction.source_type.model_class()
                else ""
            )
            follow_up = ""
            if interaction.follow_up_on and not interaction.follow_up_done:
                follow_up = _("follow up on %(date)s (%(owner)s)") % {
                    "date": date_format(interaction.follow_up_on),
                    "owner": interaction.follow_up_owner or "—",
                }
            rows.append(
                (
                    reverse("admin:partners_interaction_change", args=[interaction.pk]),
                    date_format(interaction.occurred_on),
                    interaction.get_kind_display(),
                    origin,
                    interaction.summary,
                    "، ".join(people) if translation.get_language_bidi() else ", ".join(people),
                    follow_up,
                )
            )
        if not rows:
            return _("No interactions yet.")
        return format_html(
            '<ol class="partner-timeline">{}</ol>',
            format_html_join(
                "",
                '<li><a href="{}"><time>{}</time></a> · <strong>{}</strong> {}'
                '<div dir="auto">{}</div><small dir="auto">{}</small> <em>{}</em></li>',
                rows,
            ),
        )

    @admin.display(description=_("changes"))
    def history(self, organization: Organization) -> str:
        if not organization.pk:
            return "—"
        entries = audit_entries_for(target=organization)[:100]
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li><time>{}</time> · {} · {} {}</li>",
                (
                    (
                        date_format(timezone.localtime(entry.created_at), "SHORT_DATETIME_FORMAT"),
                        entry.actor or _("the system"),
                        entry.action_label,
                        _changed_field_names(entry),
                    )
                    for entry in entries
                ),
            ),
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None:
            fieldsets = [fs for fs in fieldsets if "not_a_duplicate" not in fs[1]["fields"]]
        else:
            fieldsets = [fs for fs in fieldsets if "history" not in fs[1]["fields"]]
        if sees_contacts(request):
            return fieldsets
        return [fs for fs in fieldsets if not CONTACT_FIELDS & set(fs[1]["fields"])]

    def get_inlines(self, request, obj):
        if sees_contacts(request):
            return super().get_inlines(request, obj)
        return [inline for inline in self.inlines if inline.__name__ not in CONTACT_INLINES]

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return organization_search(queryset, search_term), False

    def save_model(self, request, obj, form, change):
        organization_save(
            organization=obj, actor=request.user, changed_fields=list(form.changed_data)
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        organization_search_refresh(organization=form.instance)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            is_new = instance.pk is None
            if isinstance(instance, Interaction) and is_new and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
            audit_record(
                actor=request.user,
                action=f"partners.{instance._meta.model_name}_{'added' if is_new else 'changed'}",
                target=form.instance,
                data={
                    "id": instance.pk,
                    "changes": {name: None for name in _changed(formset, instance)},
                },
            )
        for instance in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action=f"partners.{instance._meta.model_name}_deleted",
                target=form.instance,
                data={"id": instance.pk, "was": str(instance)},
            )
            instance.delete()
        formset.save_m2m()

    # --- list actions: export, merge -----------------------------------------------
    def _export(self, request, queryset, file_format: str) -> HttpResponse:
        if not request.user.has_perm("partners.export_organization"):
            raise PermissionDenied
        require_recent_authentication(request)
        language = translation.get_language()
        content = organizations_export(
            queryset=queryset, file_format=file_format, language=language
        )
        audit_record(
            actor=request.user,
            action="partners.organizations_exported",
            target=request.user,
            data={"count": queryset.count(), "format": file_format},
        )
        content_type = (
            "text/csv; charset=utf-8"
            if file_format == "csv"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="partners-{stamp}.{file_format}"'
        return response

    @admin.action(description=_("Export selected to CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export selected to XLSX"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, "xlsx")

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("partners.export_organization")

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("partners.merge_organization")

    def has_import_permission(self, request) -> bool:
        return request.user.has_perm("partners.import_organization")

    @admin.action(description=_("Merge selected duplicates"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        organizations = queryset.order_by("pk")
        if organizations.count() != 2:
            self.message_user(
                request, _("Select exactly two organizations to merge."), messages.ERROR
            )
            return None
        form = MergeForm(
            request.POST if "keep" in request.POST else None, organizations=organizations
        )
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            duplicate = organizations.exclude(pk=keep.pk).get()
            organization_merge(keep=keep, duplicate=duplicate, actor=request.user)
            self.message_user(
                request,
                _("Merged into “%(name)s”.") % {"name": keep.display_name},
                messages.SUCCESS,
            )
            return redirect(reverse("admin:partners_organization_change", args=[keep.pk]))
        counts = organizations.annotate(
            contact_count=Count("affiliations", distinct=True),
            agreement_count=Count("agreements", distinct=True),
            interaction_count=Count("interactions", distinct=True),
        )
        return TemplateResponse(
            request,
            "admin/partners/organization/merge.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Merge duplicates"),
                "form": form,
                "organizations": counts,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    # --- import and export of the filtered list -------------------------------------
    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="partners_organization_import",
            ),
            path(
                "import/<int:import_id>/",
                self.admin_site.admin_view(self.import_status_view),
                name="partners_organization_import_status",
            ),
            path(
                "export/<str:file_format>/",
                self.admin_site.admin_view(self.export_view),
                name="partners_organization_export",
            ),
        ]
        return urls + super().get_urls()

    def export_view(self, request: HttpRequest, file_format: str) -> HttpResponse:
        if file_format not in ("csv", "xlsx") or not self.has_export_permission(request):
            raise PermissionDenied
        # The same filters, search and ordering as the list the user is looking at.
        changelist = self.get_changelist_instance(request)
        return self._export(request, changelist.get_queryset(request), file_format)

    def _import_context(self, request: HttpRequest, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import organizations"),
            **extra,
        }

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a file; its preview is made by a background job (import_status_view)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                organization_import = organization_import_start(
                    uploader=request.user,
                    content=form.cleaned_data["file"].read(),
                    file_format=form.cleaned_data["file_format"],
                    language=translation.get_language(),
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect(
                    "admin:partners_organization_import_status", import_id=organization_import.pk
                )
        context = self._import_context(request, form=form)
        return TemplateResponse(request, "admin/partners/organization/import.html", context)

    def import_status_view(self, request: HttpRequest, import_id: int) -> HttpResponse:
        """The progress of the preview job (the page reloads itself), then the preview
        and its confirmation."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        organization_import = organization_import_for(user=request.user, pk=import_id)
        Status = OrganizationImport.Status
        context = self._import_context(
            request, organization_import=organization_import, form=ImportForm()
        )
        if organization_import.status in (Status.WAITING, Status.CHECKING):
            context["refresh_seconds"] = IMPORT_PROGRESS_REFRESH_SECONDS
            template = "admin/partners/organization/import_progress.html"
            return TemplateResponse(request, template, context)
        if organization_import.status == Status.FAILED:
            context["form"].errors["file"] = context["form"].error_class(
                [organization_import.error]
            )
            return TemplateResponse(request, "admin/partners/organization/import.html", context)
        # An empty POST (the box left unticked) is still a confirmation.
        confirm = ImportConfirmForm(request.POST if request.method == "POST" else None)
        context.update(
            preview=ImportPreview.from_json(organization_import.preview), confirm=confirm
        )
        if request.method == "POST" and confirm.is_valid():
            try:
                result = organization_import_confirm(
                    organization_import=organization_import,
                    actor=request.user,
                    skip_invalid=confirm.cleaned_data["skip_invalid"],
                )
            except ValidationError as error:
                context["apply_error"] = error.messages[0]
            else:
                self.message_user(
                    request,
                    _("%(created)d organizations imported, %(skipped)d rows skipped.")
                    % {"created": len(result.created), "skipped": len(result.skipped)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:partners_organization_changelist"))
        return TemplateResponse(request, "admin/partners/organization/import.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.has_import_permission(request),
            "can_export": self.has_export_permission(request),
        }
        return super().changelist_view(request, extra_context)


HISTORY_MODELS = {model._meta.model_name: model for model in (Affiliation, Agreement, Interaction)}


def _changed_field_names(entry) -> str:
    """The changed fields of a history entry by their names in the reader's language."""
    model_name = entry.action.removeprefix("partners.").rsplit("_", 1)[0]
    model = HISTORY_MODELS.get(model_name, Organization)
    names = []
    for field_name in sorted((entry.data or {}).get("changes", {})):
        try:
            names.append(str(model._meta.get_field(field_name).verbose_name))
        except FieldDoesNotExist:
            names.append(field_name)
    separator = "، " if translation.get_language_bidi() else ", "
    return separator.join(names)


def _changed(formset, instance) -> list[str]:
    for form in formset.forms:
        if form.instance is instance:
            return list(form.changed_data)
    return []


class AffiliationOfContactInline(admin.TabularInline):
    model = Affiliation
    extra = 1
    autocomplete_fields = ["organization"]
    fields = ["organization", "role", "started_on", "ended_on"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    form = ContactAdminForm
    list_display = [
        "name",
        "name_latin",
        "current_roles",
        "preferred_language",
        "consent_to_contact",
    ]
    list_filter = ["consent_to_contact", "preferred_language"]
    search_fields = ["name", "name_latin", "emails"]
    inlines = [AffiliationOfContactInline]
    readonly_fields = ["phones_display"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("affiliations__organization")

    @admin.display(description=_("current roles"))
    def current_roles(self, contact: Contact) -> str:
        return "; ".join(
            f"{a.role} — {a.organization.display_name}" if a.role else a.organization.display_name
            for a in contact.affiliations.all()
            if a.ended_on is None
        )

    @admin.display(description=_("phone numbers"))
    def phones_display(self, contact: Contact) -> str:
        return format_html_join(
            ", ",
            '<a href="tel:{}" dir="ltr">{}</a>',
            ((p, phone_for_display(p)) for p in contact.phones),
        )

    def save_model(self, request, obj, form, change):
        if obj.consent_to_contact and not obj.consent_recorded_on:
            obj.consent_recorded_on = timezone.localdate()
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="partners.contact_changed" if change else "partners.contact_added",
            target=obj,
            data={"changes": {name: None for name in form.changed_data}},
        )


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", ("ends_on", admin.DateFieldListFilter)]
    list_select_related = ["organization"]
    search_fields = ["title", "organization__search_text"]
    autocomplete_fields = ["organization"]
    date_hierarchy = "ends_on"

    def get_urls(self):
        document = path(
            "document/<path:name>",
            self.admin_site.admin_view(self.document_view),
            name="partners_agreement_document",
        )
        return [document, *super().get_urls()]

    def document_view(self, request: HttpRequest, name: str) -> FileResponse:
        """The signed PDF, to staff who may view agreements (never from /media/); every
        download is recorded."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        agreement = Agreement.objects.filter(document=name).select_related("organization").first()
        if agreement is None:
            raise Http404
        audit_record(
            actor=request.user,
            action="partners.agreement_downloaded",
            target=agreement.organization,
            data={"id": agreement.pk},
        )
        response = FileResponse(
            agreement.document.open("rb"),
            as_attachment=True,
            filename=f"{slugify(agreement.title) or 'agreement'}.pdf",
            content_type="application/pdf",
        )
        response["Cache-Control"] = "private, no-store"
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="partners.agreement_changed" if change else "partners.agreement_added",
            target=obj.organization,
            data={"id": obj.pk, "changes": {name: None for name in form.changed_data}},
        )


class FollowUpFilter(admin.SimpleListFilter):
    title = _("follow-up")
    parameter_name = "follow_up"

    def lookups(self, request, model_admin):
        return [("due", _("due")), ("planned", _("planned")), ("mine", _("mine, open"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        open_ = Q(follow_up_done=False, follow_up_on__isnull=False)
        if self.value() == "due":
            return queryset.filter(open_, follow_up_on__lte=today)
        if self.value() == "planned":
            return queryset.filter(open_, follow_up_on__gt=today)
        if self.value() == "mine":
            return queryset.filter(open_, follow_up_owner=request.user)
        return queryset


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = [
        "occurred_on",
        "kind",
        "organization",
        "short_summary",
        "follow_up_on",
        "follow_up_owner",
    ]
    list_filter = ["kind", FollowUpFilter, ("occurred_on", admin.DateFieldListFilter)]
    list_select_related = ["organization", "follow_up_owner"]
    search_fields = ["summary", "organization__search_text"]
    autocomplete_fields = ["organization", "contact_participants"]
    date_hierarchy = "occurred_on"
    # The source is set by the app that recorded the interaction, never by hand.
    exclude = ["created_by", "source_type", "source_id"]

    @admin.display(description=_("summary"))
    def short_summary(self, interaction: Interaction) -> str:
        return interaction.summary[:80]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="partners.interaction_changed" if change else "partners.interaction_added",
            target=obj.organization,
            data={"id": obj.pk, "changes": {name: None for name in form.changed_data}},
        )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
