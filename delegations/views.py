"""Delegation pages: the public information page, the applicant's form and pages, and the
coordinators' review queue and itinerary builder.

Every page that shows an application is `never_cache` (private, no-store): it may carry
personal data. Every fetch goes through a permission-checked selector that raises 404.
"""

import json

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from delegations import services
from delegations.forms import (
    AssignForm,
    ConfirmStepForm,
    HoneypotForm,
    InternalNoteForm,
    MeetingForm,
    MeetingStatusForm,
    MemberFormSet,
    MessageForm,
    OrganizationStepForm,
    PersonalDataOpenForm,
    QueueFilterForm,
    TransitionForm,
    VisitStepForm,
)
from delegations.ical import itinerary_ics
from delegations.models import Application, ApplicationState
from delegations.roles import PERSONAL_DATA_PERMISSION, handles, is_coordinator, may_assign
from delegations.selectors import (
    QueueFilters,
    application_draft_for,
    application_get_for_applicant,
    application_get_for_coordinator,
    application_get_for_user,
    history_for,
    itinerary_for,
    itinerary_warnings,
    message_get_for_user,
    messages_for,
    partners_suggested,
    review_queue_page,
)
from diplomacy.accounts.staff_access import allowed_only

STEPS = ["organization", "members", "visit", "confirm"]
REVIEW_QUEUE_PAGE_SIZE = 50
STEP_TITLES = {
    "organization": gettext_lazy("Applicant and organization"),
    "members": gettext_lazy("Members"),
    "visit": gettext_lazy("The visit"),
    "confirm": gettext_lazy("Safety, consent and submission"),
}


def personal(view):
    """Signed-in only, and never stored by a browser or proxy cache."""
    return never_cache(login_required(view))


def may_open_personal_data(user) -> bool:
    return is_coordinator(user) and user.has_perm(PERSONAL_DATA_PERMISSION)


# The review pages: 403 for whoever lacks the role a page needs, before any application is
# looked up; for a coordinator, an application they do not handle is then "not found".
coordinator_only = allowed_only(is_coordinator)
head_only = allowed_only(may_assign)
personal_data_readers = allowed_only(may_open_personal_data)


def rate_limited(request: HttpRequest) -> bool:
    """Count this form submission against the per-user and per-IP limits."""
    by_user = is_ratelimited(
        request, group="delegations.apply", key="user",
        rate=settings.DELEGATIONS_APPLY_RATE_PER_USER, increment=True,
    )  # fmt: skip
    by_ip = is_ratelimited(
        request, group="delegations.apply", key="ip",
        rate=settings.DELEGATIONS_APPLY_RATE_PER_IP, increment=True,
    )  # fmt: skip
    return by_user or by_ip


def too_many(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "delegations/rate_limited.html", status=429)


# --- Public ---------------------------------------------------------------------------


@require_GET
def info(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "delegations/application_info.html",
        {"max_stay_days": settings.DELEGATIONS_MAX_STAY_DAYS},
    )


# --- The application form -------------------------------------------------------------


def _step_context(application: Application | None, step: str, **extra) -> dict:
    return {
        "application": application,
        "step": step,
        "steps": [(name, STEP_TITLES[name]) for name in STEPS],
        "step_number": STEPS.index(step) + 1,
        "step_title": STEP_TITLES[step],
        "honeypot": HoneypotForm(),
        **extra,
    }


@personal
def apply(request: HttpRequest) -> HttpResponse:
    """Start an application, or resume the draft the applicant already has."""
    draft = application_draft_for(user=request.user)
    if request.method != "POST":
        if draft is not None:
            return redirect("delegations:apply_step", pk=draft.pk, step=_resume_step(draft))
        form = OrganizationStepForm(initial={"lead_name": request.user.get_full_name()})
        return TemplateResponse(
            request, "delegations/application_form.html", _step_context(None, STEPS[0], form=form)
        )
    if rate_limited(request):
        return too_many(request)
    form = OrganizationStepForm(request.POST, instance=draft)
    if HoneypotForm(request.POST).honeypot_filled:
        return HttpResponse(status=400)
    if not form.is_valid():
        return TemplateResponse(
            request, "delegations/application_form.html", _step_context(draft, STEPS[0], form=form)
        )
    application = services.application_draft_get_or_create(applicant=request.user)
    services.application_update(
        application=application, actor=request.user, fields=form.cleaned_data
    )
    return _after_save(request, application, STEPS[0])


def _resume_step(application: Application) -> str:
    """Where a person left off: the first step with something missing, else the last."""
    missing = services.application_missing_fields(application=application)
    steps_missing = {FIELD_STEPS.get(name, STEPS[-1]) for name in missing}
    return next((step for step in STEPS if step in steps_missing), STEPS[-1])


@require_GET
@personal
def apply_resume(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_applicant(user=request.user, pk=pk)
    if not application.is_editable:
        return redirect("delegations:application", pk=application.pk)
    return redirect("delegations:apply_step", pk=application.pk, step=_resume_step(application))


def _after_save(request: HttpRequest, application: Application, step: str) -> HttpResponse:
    if request.POST.get("action") == "save" or step == STEPS[-1]:
        messages.success(request, _("Your draft was saved. You can come back to it at any time."))
        return redirect("delegations:apply_step", pk=application.pk, step=step)
    return redirect("delegations:apply_step", pk=application.pk, step=STEPS[STEPS.index(step) + 1])


@sensitive_post_parameters()  # passport numbers never reach error reports or logs
@personal
def apply_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the application form: the checks every step shares, then the step's
    own handler (STEP_HANDLERS), which answers a redirect or fills the context."""
    handler = STEP_HANDLERS.get(step)
    if handler is None:
        raise Http404
    application = application_get_for_applicant(user=request.user, pk=pk)
    if not application.is_editable:
        return redirect("delegations:application", pk=application.pk)
    posted = request.method == "POST"
    if posted:
        if rate_limited(request):
            return too_many(request)
        if HoneypotForm(request.POST).honeypot_filled:
            return HttpResponse(status=400)
    context = _step_context(application, step)
    answer = handler(request, application, request.POST if posted else None, context)
    if answer is not None:
        return answer
    return TemplateResponse(request, "delegations/application_form.html", context)


def _organization_step(request, application, data, context) -> HttpResponse | None:
    form = OrganizationStepForm(data, instance=application)
    context["form"] = form
    if data is not None and form.is_valid():
        services.application_update(
            application=application, actor=request.user, fields=form.cleaned_data
        )
        return _after_save(request, application, "organization")
    return None


def _members_step(request, application, data, context) -> HttpResponse | None:
    stored = {member.pk: member for member in application.members.all()}
    initial = [
        {
            "id": member.pk,
            "full_name": member.full_name,
            "nationality": member.nationality,
            "role": member.role,
            "email": member.email,
            "needs_interpretation": member.needs_interpretation,
        }
        for member in stored.values()
    ]
    formset = MemberFormSet(data, initial=initial, prefix="members", stored_members=stored)
    context["formset"] = formset
    if data is not None and formset.is_valid():
        members, deleted = formset.members_data()
        services.application_members_save(
            application=application, actor=request.user, members=members, deleted_ids=deleted
        )
        if data.get("action") == "add":
            return redirect(
                reverse("delegations:apply_step", args=[application.pk, "members"]) + "?more=1"
            )
        return _after_save(request, application, "members")
    if data is None and request.GET.get("more"):
        formset.extra = 1
    return None


def _visit_step(request, application, data, context) -> HttpResponse | None:
    form = VisitStepForm(data, instance=application)
    context["form"] = form
    if data is not None and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "sectors"}
        services.application_update(
            application=application,
            actor=request.user,
            fields=fields,
            sectors=form.cleaned_data["sectors"],
        )
        return _after_save(request, application, "visit")
    return None


def _confirm_step(request, application, data, context) -> HttpResponse | None:
    initial = {
        "safety_acknowledged": application.safety_acknowledged,
        "data_consent": bool(application.data_consent_at),
    }
    form = ConfirmStepForm(data, initial=initial)
    saving_only = data is not None and data.get("action") == "save"
    if saving_only:
        for field in form.fields.values():
            field.required = False
    context.update(form=form, members=application.members.all())
    if data is None or not form.is_valid():
        return None
    services.application_update(
        application=application, actor=request.user, fields=form.cleaned_data
    )
    if saving_only:
        return _after_save(request, application, "confirm")
    return _submit(request, application, context)


def _submit(request, application, context) -> HttpResponse | None:
    submit = (
        services.application_resubmit
        if application.state == ApplicationState.INFORMATION_REQUESTED
        else services.application_submit
    )
    try:
        submit(application=application, actor=request.user)
    except ValidationError as error:
        context["submit_errors"] = _errors_by_step(error)
        return None
    except services.TransitionNotAllowed:
        # A second click of the same submit button: the first one did it.
        return None
    messages.success(
        request,
        _("Thank you. Your application was submitted; we have sent you a confirmation."),
    )
    return redirect("delegations:application", pk=application.pk)


STEP_HANDLERS = {
    "organization": _organization_step,
    "members": _members_step,
    "visit": _visit_step,
    "confirm": _confirm_step,
}
assert tuple(STEP_HANDLERS) == tuple(STEPS), "every step of STEPS has its handler"


FIELD_STEPS = {
    "lead_name": "organization",
    "organization": "organization",
    "organization_country": "organization",
    "delegation_type": "organization",
    "members": "members",
    "purpose": "visit",
    "arrival_date": "visit",
    "departure_date": "visit",
    "entry_route": "visit",
}


def _errors_by_step(error: ValidationError) -> list[dict]:
    labels = {field.name: field.verbose_name for field in Application._meta.concrete_fields}
    found = []
    for field, field_errors in error.message_dict.items():
        step = FIELD_STEPS.get(field, "confirm")
        for message in field_errors:
            found.append(
                {
                    "step": step,
                    "step_title": STEP_TITLES[step],
                    "label": labels.get(field, ""),
                    "message": message,
                }
            )
    return found


# --- The applicant's pages ------------------------------------------------------------


@personal
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_applicant(user=request.user, pk=pk)
    return TemplateResponse(
        request, "delegations/application_detail.html", _applicant_context(request, application)
    )


def _applicant_context(
    request: HttpRequest, application: Application, message_form: MessageForm | None = None
) -> dict:
    show_itinerary = application.state in (
        ApplicationState.SCHEDULED, ApplicationState.IN_PROGRESS, ApplicationState.COMPLETED
    )  # fmt: skip
    return {
        "application": application,
        "members": application.members.all(),
        "thread": messages_for(application=application),
        "history": history_for(application=application, include_internal=False),
        "meetings": itinerary_for(application=application, confirmed_only=True)
        if show_itinerary
        else [],
        "message_form": message_form or MessageForm(),
        "transitions": services.transitions_available(application=application, user=request.user),
    }


@require_http_methods(["GET", "POST"])
@personal
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that asks first (GET), then withdraws (POST)."""
    application = application_get_for_applicant(user=request.user, pk=pk)
    if request.method == "GET":
        may_withdraw = any(
            transition.name == "withdraw"
            for transition in services.transitions_available(
                application=application, user=request.user
            )
        )
        if not may_withdraw:
            return redirect("delegations:application", pk=application.pk)
        return TemplateResponse(
            request,
            "delegations/application_withdraw.html",
            {"application": application},
        )
    form = TransitionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.application_withdraw(application=application, actor=request.user, note=note)
    except services.TransitionNotAllowed:
        messages.error(request, _("This application can no longer be withdrawn."))
    else:
        messages.success(request, _("Your application was withdrawn."))
    return redirect("delegations:application", pk=application.pk)


@require_POST
@personal
def message_post(request: HttpRequest, pk: int) -> HttpResponse:
    """A message in the thread, from the applicant or a coordinator."""
    application = application_get_for_user(user=request.user, pk=pk)
    form = MessageForm(request.POST, request.FILES)
    staff_side = handles(request.user, application) and request.user.pk != application.applicant_id
    back = "delegations:review_detail" if staff_side else "delegations:application"
    if not form.is_valid():
        # The same page again, with what was typed and each error next to its field.
        if staff_side:
            template = "delegations/application_review.html"
            context = _review_context(request, application, message_form=form)
        else:
            template = "delegations/application_detail.html"
            context = _applicant_context(request, application, message_form=form)
        return TemplateResponse(request, template, context, status=400)
    try:
        services.message_post(
            application=application,
            author=request.user,
            body=form.cleaned_data["body"],
            attachment=form.cleaned_data["attachment"],
        )
    except services.TransitionNotAllowed:
        messages.error(request, _("This application is closed."))
    else:
        messages.success(request, _("Your message was sent."))
    return redirect(back, pk=application.pk)


@require_GET
@personal
def message_attachment(request: HttpRequest, pk: int, message_pk: int) -> FileResponse:
    application = application_get_for_user(user=request.user, pk=pk)
    message = message_get_for_user(user=request.user, application=application, pk=message_pk)
    if not message.attachment:
        raise Http404
    response = FileResponse(
        message.attachment.open("rb"),
        as_attachment=True,
        filename=f"attachment-{message.pk}.{message.attachment.name.rsplit('.', 1)[-1]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _itinerary_application(request: HttpRequest, pk: int) -> Application:
    application = application_get_for_user(user=request.user, pk=pk)
    if not handles(request.user, application) and application.state not in (
        ApplicationState.SCHEDULED, ApplicationState.IN_PROGRESS, ApplicationState.COMPLETED
    ):  # fmt: skip
        raise Http404
    return application


@require_GET
@personal
def itinerary_print(request: HttpRequest, pk: int) -> HttpResponse:
    application = _itinerary_application(request, pk)
    return TemplateResponse(
        request,
        "delegations/itinerary_print.html",
        {
            "application": application,
            "meetings": itinerary_for(application=application, confirmed_only=True),
        },
    )


@require_GET
@personal
def itinerary_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    application = _itinerary_application(request, pk)
    meetings = itinerary_for(application=application, confirmed_only=True)
    response = HttpResponse(
        itinerary_ics(application=application, meetings=meetings, request=request),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="itinerary-{application.pk}.ics"'
    return response


def _wants_download(request: HttpRequest) -> bool:
    return request.GET.get("format") == "json"


@require_GET
@personal
@reauthentication_required(enabled=_wants_download)
def my_data(request: HttpRequest) -> HttpResponse:
    """The page shows what we hold with passport numbers masked; the full values leave
    only in the download, after the person confirmed their password again."""
    if _wants_download(request):
        data = services.applicant_data_download(user=request.user)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="my-delegation-data.json"'
        return response
    data = services.applicant_data_overview(user=request.user)
    return TemplateResponse(request, "delegations/applicant_data.html", {"data": data})


@personal
def my_data_delete(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        result = services.applicant_deletion_request(user=request.user)
        if result["pending"]:
            messages.success(
                request,
                _(
                    "Your drafts and closed applications were deleted. The personal data of "
                    "applications still open will be deleted as soon as they close: withdraw "
                    "them if you no longer want to visit."
                ),
            )
        else:
            messages.success(
                request, _("Your personal data in delegation applications was deleted.")
            )
        return redirect("my")
    return TemplateResponse(request, "delegations/applicant_data_delete.html", {})


# --- Coordinators ---------------------------------------------------------------------


@coordinator_only
def review_list(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, user=request.user)
    filters = QueueFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = QueueFilters(
            state=data["state"],
            delegation_type=data["delegation_type"],
            sector=data["sector"],
            coordinator=data.get("coordinator"),
            arriving_from=data["arriving_from"],
            arriving_until=data["arriving_until"],
            answered=data["answered"],
        )
    page = review_queue_page(
        user=request.user,
        filters=filters,
        number=request.GET.get("page"),
        per_page=REVIEW_QUEUE_PAGE_SIZE,
    )
    return TemplateResponse(
        request, "delegations/application_review_list.html", {"form": form, "page": page}
    )


def _review_context(request: HttpRequest, application: Application, **forms) -> dict:
    transitions = [
        t
        for t in services.transitions_available(application=application, user=request.user)
        if t.role == services.COORDINATOR
    ]
    return {
        "application": application,
        "members": application.members.all(),
        "sectors": application.sectors.all(),
        "thread": messages_for(application=application),
        "notes": application.notes.select_related("author"),
        "history": history_for(application=application, include_internal=True),
        "meetings": itinerary_for(application=application),
        "warnings": itinerary_warnings(application=application),
        "suggestions": partners_suggested(application=application),
        "transitions": transitions,
        "transition_form": forms.get("transition_form") or TransitionForm(),
        "failed_transition": forms.get("failed_transition"),
        "assign_form": AssignForm(initial={"coordinator": application.coordinator_id})
        if may_assign(request.user)
        else None,
        "note_form": forms.get("note_form") or InternalNoteForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
        "meeting_status_form": MeetingStatusForm(),
        "personal_data_form": forms.get("personal_data_form") or PersonalDataOpenForm(),
        "can_plan": application.state in services.ITINERARY_STATES,
    }


@coordinator_only
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_coordinator(user=request.user, pk=pk)
    return TemplateResponse(
        request, "delegations/application_review.html", _review_context(request, application)
    )


@require_POST
@coordinator_only
def review_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    application = application_get_for_coordinator(user=request.user, pk=pk)
    service = services.TRANSITION_SERVICES.get(name)
    if service is None or services.TRANSITIONS[name].role != services.COORDINATOR:
        raise Http404
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            service(application=application, actor=request.user, note=form.cleaned_data["note"])
        except services.TransitionNotAllowed:
            messages.error(
                request, _("This step is not possible in the application's current state.")
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            for message in error.messages:
                form.add_error("note" if hasattr(error, "error_dict") else None, message)
        else:
            messages.success(
                request, _("Done: %(step)s.") % {"step": services.TRANSITIONS[name].label}
            )
            return redirect("delegations:review_detail", pk=application.pk)
    context = _review_context(request, application, transition_form=form, failed_transition=name)
    return TemplateResponse(request, "delegations/application_review.html", context, status=400)


@require_POST
@head_only
def review_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_coordinator(user=request.user, pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        services.application_assign_coordinator(
            application=application,
            actor=request.user,
            coordinator=form.cleaned_data["coordinator"],
        )
        messages.success(request, _("The coordinator was assigned."))
    return redirect("delegations:review_detail", pk=application.pk)


@require_POST
@coordinator_only
def review_note(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_coordinator(user=request.user, pk=pk)
    form = InternalNoteForm(request.POST)
    if not form.is_valid():
        context = _review_context(request, application, note_form=form)
        return TemplateResponse(request, "delegations/application_review.html", context, status=400)
    services.application_note_add(
        application=application, author=request.user, body=form.cleaned_data["body"]
    )
    return redirect("delegations:review_detail", pk=application.pk)


@require_POST
@personal_data_readers
@reauthentication_required
def review_personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Passport numbers and dates of birth, shown only after a stated reason (audited), to
    someone who confirmed their password or second factor in the last few minutes."""
    application = application_get_for_coordinator(user=request.user, pk=pk)
    form = PersonalDataOpenForm(request.POST)
    if form.is_valid():
        try:
            members = services.personal_data_open(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("reason", message)
        else:
            return TemplateResponse(
                request,
                "delegations/application_personal_data.html",
                {"application": application, "members": members},
            )
    context = _review_context(request, application, personal_data_form=form)
    return TemplateResponse(request, "delegations/application_review.html", context, status=400)


@require_POST
@coordinator_only
def review_meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_get_for_coordinator(user=request.user, pk=pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_add(application=application, actor=request.user, **form.cleaned_data)
        except services.TransitionNotAllowed:
            messages.error(request, _("Meetings are planned once an application is approved."))
        else:
            messages.success(request, _("The meeting was added to the itinerary."))
            return redirect(
                reverse("delegations:review_detail", args=[application.pk]) + "#itinerary"
            )
    context = _review_context(request, application, meeting_form=form)
    return TemplateResponse(request, "delegations/application_review.html", context, status=400)


@require_POST
@coordinator_only
def review_meeting_status(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    application = application_get_for_coordinator(user=request.user, pk=pk)
    meeting = get_object_or_404(application.meetings, pk=meeting_pk)
    form = MeetingStatusForm(request.POST)
    if form.is_valid():
        services.meeting_set_status(
            meeting=meeting, actor=request.user, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The meeting was updated."))
    return redirect(reverse("delegations:review_detail", args=[application.pk]) + "#itinerary")
