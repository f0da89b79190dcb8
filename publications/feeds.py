"""RSS and Atom feeds of the current language's published versions."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from publications.models import Publication
from publications.selectors import publications_published

FEED_SIZE = 30


class LatestPublicationsFeed(Feed):
    @property
    def language(self) -> str:
        # One Feed instance serves every request: read the language, never store it.
        return translation.get_language()

    def title(self) -> str:
        return _("Publications of the Civil Diplomacy Center")

    def description(self) -> str:
        return _("Articles, news, research, reports and statements of the Civil Diplomacy Center.")

    subtitle = description

    def link(self) -> str:
        return reverse("publications:list")

    def items(self) -> list[Publication]:
        return list(
            publications_published(language=self.language)
            .order_by(f"-published_at_{self.language}", "-id")
            .prefetch_related("authors")[:FEED_SIZE]
        )

    def item_title(self, item: Publication) -> str:
        return item.title_in(self.language)

    def item_description(self, item: Publication) -> str:
        return getattr(item, f"summary_{self.language}") or ""

    def item_link(self, item: Publication) -> str:
        return item.get_absolute_url(self.language)

    def item_pubdate(self, item: Publication):
        return getattr(item, f"published_at_{self.language}")

    def item_updateddate(self, item: Publication):
        return item.updated_at

    def item_author_name(self, item: Publication) -> str:
        return ", ".join(
            getattr(author, f"name_{self.language}") or author.slug for author in item.authors.all()
        )

    def item_categories(self, item: Publication) -> list[str]:
        return [str(Publication.Kind(item.kind).label)]


class LatestPublicationsAtomFeed(LatestPublicationsFeed):
    feed_type = Atom1Feed
