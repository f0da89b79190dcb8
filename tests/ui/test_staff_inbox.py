"""The staff inbox: its links work when clicked, its dates are written like everywhere
else, the bell is a drawn icon with a name; page titles name the center once."""

import re

import pytest
from django.utils import timezone

from delegations import services
from diplomacy.notifications.models import Notification
from tests.delegations.conftest import make_coordinator
from tests.delegations.factories import ApplicationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CENTER = "مركز الدبلوماسية المجتمعية في شمال وشرق سوريا"


@pytest.fixture
def coordinator_with_a_notice(django_capture_on_commit_callbacks):
    # New applications reach the heads of delegations.
    coordinator = make_coordinator(lead=True, preferred_language="ar")
    application = ApplicationFactory(applicant=UserFactory(preferred_language="ar"))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(application=application, actor=application.applicant)
    assert Notification.objects.filter(recipient=coordinator, in_inbox=True).exists()
    return coordinator, application


def test_a_link_in_an_inbox_notice_opens_the_application(client, coordinator_with_a_notice):
    coordinator, application = coordinator_with_a_notice
    client.force_login(coordinator)
    html = client.get("/ar/notifications/").content.decode()
    text = re.search(r'class="notification-text">(.*?)</div>', html, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)"><bdi dir="ltr">(http[^<]+)</bdi></a>', text)
    assert links, text
    href, shown = links[0]
    # The portal's own link opens on the host the reader is on, by its path.
    assert href == f"/ar/delegations/review/{application.pk}/"
    assert shown.endswith(href)
    # Clicking it reaches the application under review.
    page = client.get(href)
    assert page.status_code == 200
    assert application.organization in page.content.decode()


def test_inbox_dates_are_written_like_everywhere_else(client, coordinator_with_a_notice):
    coordinator, _application = coordinator_with_a_notice
    Notification.objects.filter(recipient=coordinator).update(
        created_at=timezone.make_aware(timezone.datetime(2027, 1, 28, 15, 5))
    )
    client.force_login(coordinator)
    html = client.get("/ar/notifications/").content.decode()
    shown = re.search(r"<time [^>]*>(.*?)</time>", html).group(1)
    assert shown == "28 يناير 2027، 15:05"
    client.force_login(coordinator)
    coordinator.preferred_language = "en"
    html = client.get("/en/notifications/").content.decode()
    assert re.search(r"<time [^>]*>(.*?)</time>", html).group(1) == "28 January 2027, 15:05"


def test_the_bell_is_a_drawn_icon_with_a_name(client, coordinator_with_a_notice):
    coordinator, _application = coordinator_with_a_notice
    client.force_login(coordinator)
    html = client.get("/ar/").content.decode()
    bell = re.search(r'<li class="notifications-bell">(.*?)</li>', html, re.S).group(1)
    assert "🔔" not in bell
    assert re.search(r'<svg [^>]*aria-hidden="true"', bell)
    name = re.sub(r"<[^>]+>", " ", bell)
    assert "الإشعارات" in name or "التنبيهات" in name, name


@pytest.mark.parametrize("language", ["ar", "en"])
def test_page_titles_name_the_center_once(client, language):
    center = CENTER if language == "ar" else "Civil Diplomacy Center of North and East Syria"
    for path in ("", "about/", "publications/", "programs/", "partners/", "delegations/"):
        html = client.get(f"/{language}/{path}").content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        assert title.count(center) == 1, (path, title)
        parts = [part.strip() for part in title.split("·")]
        assert len(parts) == len(set(parts)) and all(parts), (path, title)
    home = re.search(r"<title>(.*?)</title>", client.get(f"/{language}/").content.decode()).group(1)
    assert home.strip() == center
