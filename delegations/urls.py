from django.urls import path

from delegations import views

app_name = "delegations"

urlpatterns = [
    path("", views.info, name="info"),
    path("apply/", views.apply, name="apply"),
    path("apply/<int:pk>/", views.apply_resume, name="apply_resume"),
    path("apply/<int:pk>/<slug:step>/", views.apply_step, name="apply_step"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/messages/", views.message_post, name="message_post"),
    path(
        "applications/<int:pk>/messages/<int:message_pk>/attachment/",
        views.message_attachment,
        name="message_attachment",
    ),
    path("applications/<int:pk>/itinerary/", views.itinerary_print, name="itinerary"),
    path("applications/<int:pk>/itinerary.ics", views.itinerary_calendar, name="itinerary_ics"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/delete/", views.my_data_delete, name="my_data_delete"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review_detail, name="review_detail"),
    path("review/<int:pk>/steps/<slug:name>/", views.review_transition, name="review_transition"),
    path("review/<int:pk>/assign/", views.review_assign, name="review_assign"),
    path("review/<int:pk>/notes/", views.review_note, name="review_note"),
    path("review/<int:pk>/personal-data/", views.review_personal_data, name="review_personal_data"),
    path("review/<int:pk>/meetings/", views.review_meeting_add, name="review_meeting_add"),
    path(
        "review/<int:pk>/meetings/<int:meeting_pk>/status/",
        views.review_meeting_status,
        name="review_meeting_status",
    ),
]
