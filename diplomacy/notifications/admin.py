from django.contrib import admin, messages
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from diplomacy.notifications import registry, services
from diplomacy.notifications.models import (
    NewsletterAnnouncement,
    Notification,
    Subscriber,
    Unsubscription,
)
from diplomacy.notifications.templatetags.notification_text import notification_body


def notification_type_name(key: str) -> str:
    """A notification type by its description, in the reader's language."""
    try:
        return str(registry.get_type(key).description or key)
    except ImproperlyConfigured:
        return key


class NotificationTypeFilter(admin.SimpleListFilter):
    title = _("type")
    parameter_name = "type_key"

    def lookups(self, request, model_admin):
        return sorted(
            ((t.key, notification_type_name(t.key)) for t in registry.all_types()),
            key=lambda choice: choice[1],
        )

    def queryset(self, request, queryset):
        return queryset.filter(type_key=self.value()) if self.value() else queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["type_name", "email", "language", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", NotificationTypeFilter, "language"]
    search_fields = ["email", "subject"]
    date_hierarchy = "created_at"
    list_select_related = ["target_content_type"]
    actions = ["retry_failed"]
    # The outbox is a record of what happened: staff can read and retry, never edit.
    readonly_fields = [
        "type_name", "target_content_type", "target_object_id", "event", "recipient",
        "email", "language", "context", "idempotency_key", "status", "attempts",
        "last_error", "next_attempt_at", "sent_at", "created_at", "subject", "body",
        "in_inbox", "read_at",
    ]  # fmt: skip
    exclude = ["type_key", "body_text"]

    @admin.display(description=_("type"), ordering="type_key")
    def type_name(self, notification: Notification) -> str:
        return notification_type_name(notification.type_key)

    @admin.display(description=_("text"))
    def body(self, notification: Notification) -> str:
        return format_html('<div dir="auto">{}</div>', notification_body(notification.body_text))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.view_notification")

    @admin.action(
        description=_("Send the selected failed notifications again"), permissions=["retry"]
    )
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        failed = list(queryset.filter(status=Notification.Status.FAILED))
        for notification in failed:
            services.notification_retry(notification=notification, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued again.",
                "%(count)d notifications queued again.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "created_at"]
    list_filter = ["language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    filter_horizontal = ["sectors"]
    readonly_fields = ["confirmed_at", "confirmation_sent_at", "created_at"]


@admin.register(NewsletterAnnouncement)
class NewsletterAnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "recipients_count", "created_at", "fanned_out_at"]
    # "Not fanned out yet": the sends in progress the staff dashboard links to.
    list_filter = ["language", ("fanned_out_at", admin.EmptyFieldListFilter)]
    readonly_fields = [
        "target_content_type", "target_object_id", "language", "sector_ids", "title",
        "summary", "url", "created_at", "fan_out_cursor", "recipients_count", "fanned_out_at",
    ]  # fmt: skip

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Unsubscription)
class UnsubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "type_key", "created_at"]
    list_filter = ["type_key"]
    search_fields = ["email"]
