"""The Django admin in the staff member's language, also where Django writes English.

- The admin's JavaScript catalogue: Django's Arabic catalogue for the admin's scripts
  predates the texts of its current selection widgets ("Choose all %s", "Remove %s by
  selecting them and then …") and calendar, so they showed in English on Arabic admin
  pages. `AdminJavaScriptCatalog` serves the admin's catalogue in the language
  `PreferredLanguageMiddleware` activated, with the portal's `djangojs` catalogue on
  top, which translates those texts and our own scripts'.
- Yes/no icons: Django gives them the alternative text "True", "False" or "None", in
  English whatever the language; `translate_boolean_icons` words them in the reader's.
"""

from django.conf import settings
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.views.i18n import JavaScriptCatalog


class AdminJavaScriptCatalog(JavaScriptCatalog):
    packages = ["django.contrib.admin"]

    def get_paths(self, packages: list[str]) -> list[str]:
        # Later catalogues take precedence when DjangoTranslation merges them.
        return [*super().get_paths(packages), *map(str, settings.LOCALE_PATHS)]


def boolean_icon(value: bool | None) -> SafeString:
    icon = {True: "yes", False: "no", None: "unknown"}[value]
    text = {True: gettext("Yes"), False: gettext("No"), None: gettext("Unknown")}[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), text)


def translate_boolean_icons() -> None:
    """Django's admin imports `_boolean_icon` from admin_list each time it draws one."""
    admin_list._boolean_icon = boolean_icon
