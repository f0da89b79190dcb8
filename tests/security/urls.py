"""The portal's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from diplomacy.urls import urlpatterns as portal


def boom(request):
    raise RuntimeError("a deliberate failure")


urlpatterns = [path("boom/", boom), *portal]
