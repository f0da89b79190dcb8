"""The translators' workspace: the queue, the side-by-side editor, the dashboard."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomacy.accounts.staff_access import allowed_only
from diplomacy.translation import selectors, services
from diplomacy.translation.forms import QueueFilterForm, SegmentsForm
from diplomacy.translation.registry import registered_translatables, spec_for

translators_only = allowed_only(selectors.user_can_work_on_translations)
JOB_QUEUE_PAGE_SIZE = 50
DASHBOARD_PAGE_SIZE = 100


def _model_choices() -> list[tuple[str, str]]:
    return [
        (spec.label, str(spec.model._meta.verbose_name_plural))
        for spec in registered_translatables()
    ]


@translators_only
def job_queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None, model_choices=_model_choices())
    filters = form.cleaned_data if form.is_valid() else {}
    counts = selectors.job_state_counts(user=request.user)
    page = selectors.job_queue_page(
        user=request.user,
        state=filters.get("state", ""),
        direction=filters.get("direction", ""),
        assignee=filters.get("assignee", ""),
        model=filters.get("model", ""),
        state_counts=counts,
        number=request.GET.get("page"),
        per_page=JOB_QUEUE_PAGE_SIZE,
    )
    return TemplateResponse(
        request,
        "translation/translationjob_list.html",
        {"form": form, "page": page, "states": selectors.job_states_counted(counts)},
    )


@translators_only
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    segments = selectors.job_segments(job=job)
    form = SegmentsForm(
        request.POST if request.method == "POST" else None,
        segments=segments,
        target_language=job.target_language,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.segments_save(
                job=job, actor=request.user, targets=form.targets(), accepted=form.accepted()
            )
            if "approve" in request.POST:
                services.job_approve(job=job, actor=request.user)
                messages.success(request, _("The translation was approved and written."))
                return redirect("translation:queue")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your changes were saved."))
        return redirect("translation:job_edit", pk=job.pk)
    return TemplateResponse(
        request,
        "translation/translationjob_edit.html",
        {"job": job, "form": form, "source_dir": "rtl" if job.source_language == "ar" else "ltr"},
    )


def _job_action(
    request: HttpRequest, pk: int, operation: Callable[..., object], done: str
) -> HttpResponse:
    """Run a one-button operation on a job; the editor says how it went."""
    job = selectors.job_get_for_user(user=request.user, pk=pk)
    try:
        operation(job=job, actor=request.user)
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("translation:job_edit", pk=job.pk)


@require_POST
@translators_only
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    return _job_action(request, pk, services.job_retry, _("The job was queued again."))


@require_POST
@translators_only
def job_claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _job_action(request, pk, services.job_claim, _("The job is assigned to you."))


@require_POST
@allowed_only(selectors.user_may_request_translations)
def job_request(
    request: HttpRequest, content_type_id: int, object_id: str, language: str
) -> HttpResponse:
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    if model is None or spec_for(model) is None:
        raise Http404
    obj = model._default_manager.filter(pk=object_id).first()
    if obj is None:
        raise Http404
    try:
        job = services.job_request(obj=obj, target_language=language, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("translation:dashboard")
    messages.success(request, _("A translation job was queued."))
    if selectors.user_can_work_on_translations(request.user):
        return redirect("translation:job_edit", pk=job.pk)
    return redirect("translation:dashboard")


@allowed_only(selectors.user_sees_translation_dashboard)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    spec, page, rows = selectors.translation_dashboard(
        model=request.GET.get("model", ""),
        page_number=request.GET.get("page"),
        per_page=DASHBOARD_PAGE_SIZE,
    )
    attention = bool(request.GET.get("attention"))
    if attention:
        rows = [row for row in rows if row.needs_attention]
    return TemplateResponse(
        request,
        "translation/translation_dashboard.html",
        {
            "rows": rows,
            "page": page,
            "current_model": spec.label if spec else "",
            "models": _model_choices(),
            "attention": attention,
            "can_request": selectors.user_may_request_translations(user),
            "can_work": selectors.user_can_work_on_translations(user),
        },
    )
