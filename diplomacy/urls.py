import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from diplomacy.accounts import views as account_views
from diplomacy.admin_language import AdminJavaScriptCatalog
from diplomacy.health import healthz
from diplomacy.pages import views as page_views
from diplomacy.search import views as search_views
from diplomacy.sitemaps import sitemap_index, sitemap_section

# In the staff member's language, like the rest of the admin.
admin.site.site_header = admin.site.site_title = _("Civil Diplomacy Center")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    # Before the admin's own: its sign-in and sign-out go through allauth.
    path("admin/login/", account_views.admin_login, name="admin_login"),
    path("admin/logout/", account_views.admin_logout, name="admin_logout"),
    # Before the admin's own URLs: `admin:jsi18n` then resolves to the same path.
    path("admin/jsi18n/", AdminJavaScriptCatalog.as_view(), name="admin_jsi18n"),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap_section"),
]

urlpatterns += i18n_patterns(
    path("", page_views.home, name="home"),
    path("about/", page_views.about, name="about"),
    path("accounts/", include("allauth.urls")),
    path("my/", account_views.my_overview, name="my"),
    path("my/preferences/", account_views.my_preferences, name="my_preferences"),
    path("publications/", include("publications.urls")),
    path("search/", search_views.search, name="search"),
    path("programs/", include("programs.urls")),
    path("partners/", include("partners.urls")),
    path("delegations/", include("delegations.urls")),
    path("staff/", account_views.staff_dashboard, name="staff_dashboard"),
    path("staff/translation/", include("diplomacy.translation.urls")),
    path("staff/operations/", include("diplomacy.operations.urls")),
    path("notifications/", include("diplomacy.notifications.urls")),
    prefix_default_language=True,
)

if settings.BENCH_ENDPOINTS:
    from diplomacy.benchmark import hello

    urlpatterns.append(path("bench/hello", hello))

if settings.MEDIA_URL.startswith("/"):
    # Served through Django so every file carries the security headers (diplomacy/media.py).
    from django.urls import re_path

    from diplomacy.media import media_serve

    urlpatterns.append(
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.+)$", media_serve)
    )
