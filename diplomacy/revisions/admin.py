"""Revisions in the admin: every save records one, the History page lists them with
what each changed (per field and language), and a person who may change the text
restores an earlier version from there."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from reversion import create_revision, set_user

from diplomacy.revisions.selectors import revision_history, version_of
from diplomacy.revisions.services import (
    revised_fields,
    revision_record_outside_changes,
    revision_restore_atomic,
)


class RevisionHistoryAdminMixin:
    """For the ModelAdmin of a model registered with django-reversion."""

    revision_history_template = "revisions/version_history.html"

    def restore_version(self, request: HttpRequest, obj, version) -> list[str]:
        """The restore itself; a model with its own workflow overrides it."""
        return revision_restore_atomic(obj=obj, version=version, actor=request.user)

    def revision_url_name(self, view: str) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{view}"

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        if object_id:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and self.has_change_permission(request, obj):
                revision_record_outside_changes(obj=obj)
        with create_revision():
            set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=self.revision_url_name("restore"),
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        # The role first (403), then the object: a refusal tells nothing about which ids
        # exist (docs/access.md).
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("History of “%(object)s”") % {"object": obj},
            "subtitle": None,
            "object": obj,
            "opts": self.opts,
            "entries": revision_history(obj, revised_fields(type(obj))),
            "may_restore": self.has_change_permission(request, obj),
            "restore_url_name": f"admin:{self.revision_url_name('restore')}",
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.revision_history_template, context)

    def restore_view(self, request: HttpRequest, object_id: str, version_id: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = version_of(obj, version_id)
        history = reverse(
            f"admin:{self.revision_url_name('history')}",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )
        if version is None:
            self.message_user(request, _("That version was not found."), messages.ERROR)
            return HttpResponseRedirect(history)
        try:
            changed = self.restore_version(request, obj, version)
        except (ValidationError, PermissionDenied) as error:
            message = "; ".join(getattr(error, "messages", [])) or _("Not allowed.")
            self.message_user(request, message, messages.ERROR)
            return HttpResponseRedirect(history)
        if changed:
            self.message_user(request, _("The earlier version was restored."), messages.SUCCESS)
        else:
            self.message_user(request, _("The text already was this version."), messages.INFO)
        return HttpResponseRedirect(history)
