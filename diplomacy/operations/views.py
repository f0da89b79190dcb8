"""The failed jobs page: staff see every job that failed and put it back in the queue."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomacy.accounts.staff_access import allowed_only
from diplomacy.operations import selectors, services

operators_only = allowed_only(selectors.user_can_retry_failed_jobs)


@operators_only
def failed_jobs(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "operations/failedjob_list.html", selectors.failed_jobs_overview()
    )


@require_POST
@operators_only
def failed_job_retry(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    job = selectors.failed_job_get_for_user(user=request.user, kind=kind, pk=pk)
    services.failed_job_retry(job=job, actor=request.user)
    messages.success(request, _("The job was queued again."))
    return redirect("operations:failed_jobs")
