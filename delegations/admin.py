"""A read-only overview for staff. Review and itineraries happen in the staff pages
(/delegations/review/), which mask personal data and log every opening of it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from delegations.models import Application, Meeting, Member
from delegations.selectors import applications_handled_by


class MemberInline(admin.TabularInline):
    model = Member
    fields = ["full_name", "nationality", "role", "email", "passport", "needs_interpretation"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("passport number"))
    def passport(self, member: Member) -> str:
        return member.passport_number_masked

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class MeetingInline(admin.TabularInline):
    model = Meeting
    fields = ["organization", "starts_at", "ends_at", "place", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = [
        "number", "organization", "delegation_type", "state", "arrival_date", "coordinator"
    ]  # fmt: skip
    list_filter = ["state", "delegation_type"]
    list_select_related = ["coordinator"]
    search_fields = ["organization"]
    date_hierarchy = "created_at"
    inlines = [MemberInline, MeetingInline]
    exclude = ["applicant", "sectors"]

    @admin.display(description=_("number"), ordering="pk")
    def number(self, application: Application) -> int:
        return application.pk

    def get_queryset(self, request):
        # The same rule as the review pages: a coordinator sees their own applications,
        # the head of delegations all submitted ones; anything else is "not found".
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=applications_handled_by(user=request.user).values("pk"))
        )

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Application._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
