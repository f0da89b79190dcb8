from django.urls import path

from publications import views
from publications.feeds import LatestPublicationsAtomFeed, LatestPublicationsFeed

app_name = "publications"

urlpatterns = [
    path("", views.publication_list, name="list"),
    path("feed/rss/", LatestPublicationsFeed(), name="feed_rss"),
    path("feed/atom/", LatestPublicationsAtomFeed(), name="feed_atom"),
    path("preview/<int:pk>/", views.publication_preview, name="preview"),
    # Arabic slugs are Unicode: the built-in `slug` converter is ASCII-only.
    path("<str:slug>/", views.publication_detail, name="detail"),
]
