"""Staff back office for programs: programs, sessions, participants and messages.

Every state change of a registration goes through programs.services (capacity, waiting
list, notifications, audit); the admin never edits a registration's status directly.
"""

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from diplomacy.accounts.reauthentication import require_recent_authentication
from diplomacy.audit.services import audit_record
from diplomacy.images import CoverImageField
from diplomacy.revisions.admin import RevisionHistoryAdminMixin
from diplomacy.rich_text_editor import RichTextEditorAdminMixin
from diplomacy.search.query import QueryProblem, search_query_parse, text_matches_query
from programs import services
from programs.export import participants_csv, participants_xlsx
from programs.models import (
    SESSION_LANGUAGE_CHOICES,
    Event,
    EventMessage,
    Program,
    ProgramPartner,
    Registration,
    RegistrationQuestion,
)


def programs_titles_matching(queryset: QuerySet, search_term: str, fields) -> tuple[QuerySet, bool]:
    """The admin search of programs and sessions, compared as the portal search does
    (Arabic letter variants, diacritics, places in any spelling). The center has tens of
    programs, so their titles are matched in Python."""
    try:
        query = search_query_parse(search_term)
    except QueryProblem:
        return queryset, False
    rows = queryset.values_list("pk", *fields)
    found = [
        row[0]
        for row in rows
        if text_matches_query(query, " ".join(str(value or "") for value in row[1:]))
    ]
    return queryset.filter(pk__in=found), False


class ProgramPartnerInline(admin.TabularInline):
    model = ProgramPartner
    extra = 0
    raw_id_fields = ["organization"]
    fields = ["organization", "role", "position"]


class RegistrationQuestionInline(TranslationTabularInline):
    model = RegistrationQuestion
    extra = 0
    fields = ["text", "kind", "choices", "required", "position"]


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ["title", "kind", "starts_at", "time_zone", "capacity"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Program)
class ProgramAdmin(RevisionHistoryAdminMixin, RichTextEditorAdminMixin, TabbedTranslationAdmin):
    rich_text_fields = ("description",)
    # Covers are checked by content and stored without EXIF/GPS: a photo must never
    # tell where it was taken (the same field publications use).
    formfield_overrides = {models.ImageField: {"form_class": CoverImageField}}
    list_display = ["title", "kind", "state", "starts_on", "ends_on", "is_published"]
    list_filter = ["state", "kind", "is_published", "sectors"]
    search_fields = ["title_ar", "title_en", "slug"]

    def get_search_results(self, request, queryset, search_term):
        return programs_titles_matching(queryset, search_term, self.search_fields)

    prepopulated_fields = {"slug": ("title_en",)}
    filter_horizontal = ["sectors"]
    raw_id_fields = ["related_publications"]
    date_hierarchy = "starts_on"
    inlines = [ProgramPartnerInline, RegistrationQuestionInline, EventInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description"]}),
        (_("Kind and state"), {"fields": ["kind", "state", "is_published", "sectors"]}),
        (_("Dates"), {"fields": ["starts_on", "ends_on"]}),
        (_("Cover image"), {"fields": ["cover_image", "cover_alt"]}),
        (_("Related publications"), {"fields": ["related_publications"]}),
    ]

    def save_model(self, request: HttpRequest, obj: Program, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        services.program_cover_follow(program=obj)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is ProgramPartner:
            for partnership in formset.new_objects:
                services.program_partnership_record(partnership=partnership, actor=request.user)


class EventAdminForm(forms.ModelForm):
    """Times are typed in the session's own zone (18:00 in Qamishlo is 18:00 here,
    whatever the staff member's zone), and shown back in it."""

    ZONED_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")

    languages = forms.MultipleChoiceField(
        label=_("languages"),
        choices=SESSION_LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Event
        fields = [
            "program", "kind", "title", "description", "covers_whole_program", "time_zone",
            "starts_at", "ends_at", "place", "online_url", "languages", "accepts_registrations",
            "capacity", "requires_approval", "registration_opens_at", "registration_closes_at",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = self.instance.zone
            for name in self.ZONED_FIELDS:
                value = getattr(self.instance, name)
                if value is not None and name in self.fields:
                    # A naive value is shown as it is: the session's wall-clock time.
                    self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)

    def clean(self) -> dict:
        cleaned = super().clean()
        zone_name = cleaned.get("time_zone") or "Asia/Damascus"
        zone = ZoneInfo(zone_name)
        current = timezone.get_current_timezone()
        for name in self.ZONED_FIELDS:
            value = cleaned.get(name)
            if value is not None:
                wall_clock = timezone.make_naive(value, current)
                cleaned[name] = timezone.make_aware(wall_clock, zone)
                setattr(self.instance, name, cleaned[name])
        return cleaned


@admin.register(Event)
class EventAdmin(TabbedTranslationAdmin):
    form = EventAdminForm
    list_display = ["title", "program", "kind", "local_start", "capacity", "participants_link"]
    # By start: the staff dashboard links to the coming week's sessions.
    list_filter = [("starts_at", admin.DateFieldListFilter), "kind", "requires_approval", "program"]
    search_fields = ["title_ar", "title_en", "program__title_ar", "program__title_en"]

    def get_search_results(self, request, queryset, search_term):
        return programs_titles_matching(queryset, search_term, self.search_fields)

    list_select_related = ["program"]
    raw_id_fields = ["program"]
    fieldsets = [
        (None, {"fields": ["program", "kind", "title", "description", "covers_whole_program"]}),
        (_("When"), {"fields": ["time_zone", "starts_at", "ends_at"]}),
        (_("Where"), {"fields": ["place", "online_url", "languages"]}),
        (
            _("Registration"),
            {
                "fields": [
                    "accepts_registrations",
                    "capacity",
                    "requires_approval",
                    "registration_opens_at",
                    "registration_closes_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("starts"), ordering="starts_at")
    def local_start(self, event: Event) -> str:
        return f"{event.local_starts_at:%Y-%m-%d %H:%M} ({event.time_zone})"

    @admin.display(description=_("participants"))
    def participants_link(self, event: Event) -> str:
        return format_html(
            '<a href="../registration/?event__id__exact={}">{}</a>', event.pk, _("Participants")
        )

    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More places: the waiting list moves up (after this save commits its row).
            transaction.on_commit(lambda: services.event_fill_places(event=obj, actor=request.user))


class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["participant", "email", "event", "status", "created_at", "attended"]
    list_filter = ["status", "attended", "event__program", "event"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "event__program"]
    readonly_fields = [
        "event", "user", "status", "answers", "consent_at", "attended", "reminder_sent_at",
        "created_at", "status_changed_at",
    ]  # fmt: skip
    actions = [
        "approve", "decline", "cancel", "mark_attended", "mark_absent", "export_csv",
        "export_xlsx",
    ]  # fmt: skip

    @admin.display(description=_("participant"), ordering="user__last_name")
    def participant(self, registration: Registration) -> str:
        return registration.user.get_full_name() or "—"

    @admin.display(description=_("email address"), ordering="user__email")
    def email(self, registration: Registration) -> str:
        return registration.user.email

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _apply(self, request: HttpRequest, queryset: QuerySet, operation, **kwargs) -> None:
        done = refused = 0
        for registration in queryset.order_by("created_at", "pk"):
            try:
                operation(registration=registration, actor=request.user, **kwargs)
                done += 1
            except services.RegistrationError:
                refused += 1
        if done:
            self.message_user(
                request,
                ngettext("%(n)d registration updated.", "%(n)d registrations updated.", done)
                % {"n": done},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(n)d registration was left as it was (not in a state that allows it).",
                    "%(n)d registrations were left as they were (not in a state that allows it).",
                    refused,
                )
                % {"n": refused},
                messages.WARNING,
            )

    @admin.action(description=_("Approve the selected registrations"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, services.registration_approve)

    @admin.action(description=_("Decline the selected registrations"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, services.registration_decline)

    @admin.action(
        description=_("Cancel the selected registrations (the waiting list moves up)"),
        permissions=["change"],
    )
    def cancel(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, services.registration_cancel)

    @admin.action(description=_("Mark as attended"), permissions=["change"])
    def mark_attended(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, services.registration_mark_attendance, attended=True)

    @admin.action(description=_("Mark as absent"), permissions=["change"])
    def mark_absent(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._apply(request, queryset, services.registration_mark_attendance, attended=False)

    def _export(self, request: HttpRequest, queryset: QuerySet, file_format: str) -> HttpResponse:
        """Participants' names and addresses leave the portal: ask for the password
        again and keep a record of who took which list."""
        require_recent_authentication(request)
        audit_record(
            actor=request.user,
            action="programs.participants_exported",
            target=request.user,
            data={"count": queryset.count(), "format": file_format},
        )
        return participants_csv(queryset) if file_format == "csv" else participants_xlsx(queryset)

    @admin.action(description=_("Export the selected participants (CSV)"), permissions=["view"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self._export(request, queryset, "csv")

    @admin.action(description=_("Export the selected participants (Excel)"), permissions=["view"])
    def export_xlsx(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return self._export(request, queryset, "xlsx")


admin.site.register(Registration, RegistrationAdmin)


@admin.register(EventMessage)
class EventMessageAdmin(TabbedTranslationAdmin):
    list_display = ["subject", "event", "sent_at", "recipient_count"]
    list_select_related = ["event"]
    raw_id_fields = ["event"]
    readonly_fields = ["sent_at", "sent_by", "recipient_count"]

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # A sent message is a record; it cannot be edited afterwards.
        if obj is not None and obj.sent_at is not None:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: EventMessage, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        count = services.event_message_send(message=obj, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "The message was sent to %(n)d participant.",
                "The message was sent to %(n)d participants.",
                count,
            )
            % {"n": count},
            messages.SUCCESS,
        )
