"""An administrator opens the failed jobs page in Chromium, in Arabic and English, at
390 and 1280 px, and retries a failed rendition by clicking its button."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from diplomacy.accounts.roles import ADMINISTRATORS, sync_role_permissions
from diplomacy.operations.models import FailedTask
from publications.models import Publication
from publications.tasks import render_cover_renditions
from tests.journeys import staff_browser
from tests.publications.factories import PublicationFactory
from tests.quality.test_accessibility import AXE, AXE_OPTIONS, describe
from tests.uploads import png_bytes

# The staff journeys' fixtures (tests/journeys/staff_browser.py), made visible here.
browser_as, staff_member, screenshots = (
    staff_browser.browser_as,
    staff_browser.staff_member,
    staff_browser.screenshots,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

WORDS = {
    "ar": {"title": "المهام المتعثرة", "job": "مقاسات صورة غلاف منشور", "retry": "أعد المحاولة",
           "queued": "أُعيدت المهمة إلى قائمة الانتظار.", "none": "لا مهام أخرى متعثرة."},
    "en": {"title": "Failed jobs", "job": "Image sizes of a publication's cover", "retry": "Retry",
           "queued": "The job was queued again.", "none": "No other failed jobs."},
}  # fmt: skip


@pytest.fixture
def failed_cover(settings, tmp_path) -> Publication:
    settings.MEDIA_ROOT = str(tmp_path)
    publication = PublicationFactory()
    Publication.objects.filter(pk=publication.pk).update(cover_image="publications/lost.png")
    render_cover_renditions.apply(
        args=[publication.pk], retries=render_cover_renditions.max_retries, throw=False
    )
    assert FailedTask.objects.filter(retried_at__isnull=True).count() == 1
    return publication


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_administrator_retries_a_failed_rendition_from_the_page(
    live_server,
    browser_as,
    staff_member,
    screenshots,
    failed_cover,
    language,
):
    sync_role_permissions(sender=None)
    words = WORDS[language]
    page = browser_as(staff_member(ADMINISTRATORS, language=language), language=language)
    page.goto(f"{live_server.url}/{language}/staff/operations/failed-jobs/")

    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("h1").inner_text() == words["title"]
    row = page.locator("tr", has_text=words["job"])
    assert row.count() == 1
    screenshots(page, "listed")
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "options => axe.run(document, options).then(result => result.violations)", AXE_OPTIONS
    )
    assert not violations, describe(violations)

    # The file is back (restored from a backup, say): the retry renders it.
    default_storage.save("publications/lost.png", ContentFile(png_bytes((800, 500))))
    row.get_by_role("button", name=words["retry"]).click()

    expect(page.get_by_text(words["queued"])).to_be_visible()
    expect(page.get_by_text(words["none"])).to_be_visible()
    screenshots(page, "retried")
    failed_cover.refresh_from_db()
    assert failed_cover.cover_renditions_of == "publications/lost.png"
    assert len(failed_cover.cover_renditions) >= 2
