"""The admin's JavaScript catalogue, completed with the portal's own translations.

Django's Arabic catalogue for the admin's scripts predates the texts of its current
selection widgets ("Choose all %s", "Remove %s by selecting them and then …"), so they
showed in English on Arabic admin pages. This view serves the admin's catalogue in the
staff member's language (the language `PreferredLanguageMiddleware` activated) with the
portal's `djangojs` catalogue on top, which translates those texts and our own scripts'.
"""

from django.conf import settings
from django.views.i18n import JavaScriptCatalog


class AdminJavaScriptCatalog(JavaScriptCatalog):
    packages = ["django.contrib.admin"]

    def get_paths(self, packages: list[str]) -> list[str]:
        # Later catalogues take precedence when DjangoTranslation merges them.
        return [*super().get_paths(packages), *map(str, settings.LOCALE_PATHS)]
