from django.urls import path

from programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path("calendar/", views.upcoming_events, name="upcoming"),
    path("my-data.json", views.my_data, name="my_data"),
    path("registrations/<int:pk>/", views.registration_detail, name="registration"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="registration_cancel"),
    path(
        "registrations/<int:pk>/session.ics",
        views.registration_calendar,
        name="registration_calendar",
    ),
    path(
        "registrations/<int:pk>/session.ics/fresh-link/",
        views.registration_calendar_renew,
        name="registration_calendar_renew",
    ),
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/calendar.ics", views.program_calendar_feed, name="program_calendar"),
    path(
        "<slug:slug>/sessions/<int:event_id>/register/",
        views.registration_create,
        name="register",
    ),
]
