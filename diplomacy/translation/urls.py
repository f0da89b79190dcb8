from django.urls import path

from diplomacy.translation import views

app_name = "translation"

urlpatterns = [
    path("", views.job_queue, name="queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("jobs/<int:pk>/", views.job_edit, name="job_edit"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job_retry"),
    path("jobs/<int:pk>/claim/", views.job_claim, name="job_claim"),
    path(
        "request/<int:content_type_id>/<str:object_id>/<str:language>/",
        views.job_request,
        name="job_request",
    ),
]
