from django.urls import path

from diplomacy.operations import views

app_name = "operations"

urlpatterns = [
    path("failed-jobs/", views.failed_jobs, name="failed_jobs"),
    path(
        "failed-jobs/<str:kind>/<int:pk>/retry/",
        views.failed_job_retry,
        name="failed_job_retry",
    ),
]
