from django.urls import path

from diplomacy.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/sent/", views.subscribe_sent, name="subscribe_sent"),
    path("subscribe/confirm/<str:token>/", views.confirm, name="confirm"),
    path("subscription/<str:token>/", views.manage, name="manage"),
    path("subscription/<str:token>/fresh-link/", views.link_resend, name="link_resend"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
