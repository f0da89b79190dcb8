import json
from datetime import datetime

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from diplomacy.pagecache import cached_for_generation, cached_for_generation_until
from programs import selectors, services
from programs.calendar import calendar_for_events, calendar_for_registration
from programs.forms import ProgramFilterForm, RegistrationForm
from programs.models import Registration
from programs.sections import upcoming_sessions_html

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
CALENDAR_SESSIONS = 200


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def program_list(request: HttpRequest) -> HttpResponse:
    form = ProgramFilterForm(request.GET or None, sectors=selectors.sectors_with_programs())
    kind, sector = "", None
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        sector = form.sectors.get(form.cleaned_data["sector"])
    today = timezone.localdate()

    def render_listing() -> SafeString:
        listing = selectors.program_list_public(
            kind=kind, sector=sector, past_page=request.GET.get("page", 1), today=today
        )
        # The request only for the pagination's links (the query string, in the key).
        context = {"form": form, "listing": listing, "request": request}
        return render_to_string("programs/program_list_content.html", context)

    if _listing_is_shared(request, form):
        key = f"programs-list:{translation.get_language()}:{today}:{request.GET.urlencode()}"
        listing_html = cached_for_generation(key, render_listing)
    else:
        listing_html = render_listing()
    return TemplateResponse(request, "programs/program_list.html", {"listing_html": listing_html})


def _listing_is_shared(request: HttpRequest, form: ProgramFilterForm) -> bool:
    """Whether the programs' listing is the same for everyone asking this query: it shows
    nothing personal, so the first page of each valid choice of filters is rendered once
    per language, day and generation of the public pages. Other pages, invalid choices
    and made-up parameters are rendered each time: no key per made-up URL."""
    query = request.GET
    only_filters = set(query) <= {"kind", "sector"}
    once_each = all(len(values) == 1 for _name, values in query.lists())
    return only_filters and once_each and (form.is_valid() or not form.is_bound)


def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_public(slug=slug)
    events = list(program.events.all())
    registrations = selectors.registrations_by_event(user=request.user, events=events)
    now = timezone.now()

    def render_article() -> tuple[SafeString, datetime | None]:
        for event in events:
            event.program = program  # already loaded; avoids one query per session
            event.my_registration = registrations.get(event.pk)
        context = {
            "program": program,
            "events": events,
            "partnerships": list(program.partnerships.all()),
            "sectors": list(program.sectors.all()),
            "related_publications": list(program.related_publications.all()),
        }
        html = render_to_string("programs/program_article.html", context)
        return html, selectors.sessions_change_at(events=events, now=now)

    if registrations:  # the person's own registrations and session links: never shared
        article_html, _changes_at = render_article()
    else:
        key = f"program-article:{translation.get_language()}:{slug}"
        article_html = cached_for_generation_until(key, render_article, now=now)
    return TemplateResponse(
        request,
        "programs/program_detail.html",
        {"program": program, "article_html": article_html},
    )


def upcoming_events(request: HttpRequest) -> HttpResponse:
    sessions_html = upcoming_sessions_html(
        template_name="programs/event_calendar_sessions.html", limit=CALENDAR_SESSIONS
    )
    return TemplateResponse(
        request, "programs/event_calendar.html", {"sessions_html": sessions_html}
    )


def calendar_feed(request: HttpRequest) -> HttpResponse:
    body = calendar_for_events(
        events=selectors.events_for_calendar(),
        name=_("Civil Diplomacy Center programs"),
        base_url=_base_url(request),
    )
    return HttpResponse(body, content_type=ICS_CONTENT_TYPE)


def program_calendar_feed(request: HttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_for_calendar(slug=slug)
    body = calendar_for_events(
        events=selectors.events_for_calendar(program=program),
        name=program.title,
        base_url=_base_url(request),
    )
    return HttpResponse(body, content_type=ICS_CONTENT_TYPE)


@never_cache
@login_required
def registration_create(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    event = selectors.event_get_for_registration(slug=slug, event_id=event_id)
    existing = selectors.registrations_by_event(user=request.user, events=[event]).get(event.pk)
    if existing is not None:
        return redirect("programs:registration", pk=existing.pk)
    form = RegistrationForm(request.POST or None, questions=list(event.program.questions.all()))
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                event=event,
                user=request.user,
                answers=form.answers(),
                consent=form.cleaned_data["consent"],
            )
        except services.RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, STATUS_MESSAGES[registration.status]())
            return redirect("programs:registration", pk=registration.pk)
    return TemplateResponse(
        request,
        "programs/registration_form.html",
        {
            "event": event,
            "program": event.program,
            "form": form,
            "is_open": event.is_open_for_registration(),
        },
        status=400 if form.errors else 200,
    )


STATUS_MESSAGES = {
    Registration.Status.CONFIRMED: lambda: _("You are registered. Your place is confirmed."),
    Registration.Status.WAITING: lambda: _(
        "The session is full: you are on the waiting list. We will write to you if a place "
        "becomes free."
    ),
    Registration.Status.PENDING: lambda: _(
        "Thank you. Your registration will be reviewed and we will write to you."
    ),
}


@never_cache
@login_required
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_get_for_user(user=request.user, pk=pk)
    return TemplateResponse(
        request,
        "programs/registration_detail.html",
        {"registration": registration, "event": registration.event},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that asks first (GET), then cancels (POST): no registration is lost to a
    stray click."""
    registration = selectors.registration_get_for_user(user=request.user, pk=pk)
    if not registration.is_active or registration.event.is_past:
        return redirect("programs:registration", pk=registration.pk)
    if request.method == "GET":
        return TemplateResponse(
            request,
            "programs/registration_cancel.html",
            {"registration": registration, "event": registration.event},
        )
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except services.RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your registration was cancelled."))
    return redirect("programs:registration", pk=registration.pk)


@never_cache
def registration_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's .ics: signed in as its owner, or through the signed link of
    their email (calendar applications open it without a session)."""
    token = request.GET.get("token", "")
    if token:
        link = selectors.registration_calendar_link_read(token=token, pk=pk)
        if link.registration is None:
            response = TemplateResponse(
                request,
                "programs/registration_calendar_link.html",
                {"problem": link.problem, "pk": pk, "renewable": link.renewable, "token": token},
                status=404 if link.problem == "invalid" else 410,
            )
            response["X-Robots-Tag"] = "noindex"
            return response
        registration = link.registration
    elif request.user.is_authenticated:
        registration = selectors.registration_get_for_user(user=request.user, pk=pk)
    else:
        return redirect_to_login(request.get_full_path())
    if not registration.is_active:
        raise Http404(pk)
    body = calendar_for_registration(registration=registration, base_url=_base_url(request))
    response = HttpResponse(body, content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="session-{registration.event_id}.ics"'
    return response


@require_POST
def registration_calendar_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """An expired calendar link: email a fresh one to the participant (never shown here)."""
    link = selectors.registration_calendar_link_read(token=request.POST.get("token", ""), pk=pk)
    if link.renewable is not None:
        services.registration_calendar_link_renew(registration=link.renewable)
        messages.success(request, _("We emailed you a fresh link."))
    return redirect("programs:list")


@never_cache
@login_required
@reauthentication_required
def my_data(request: HttpRequest) -> HttpResponse:
    data = selectors.registration_data_for_user(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-program-registrations.json"'
    return response
