import pytest

from diplomacy.notifications.models import Subscriber

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_subscribe_in_arabic_without_javascript(live_server, demo_content, chromium, output_dir):
    context = chromium.new_context(
        java_script_enabled=False, viewport={"width": 420, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/ar/")
    page.locator(".site-footer").get_by_role("link", name="اشترك في المنشورات الجديدة").click()
    page.wait_for_url(f"{live_server.url}/ar/notifications/subscribe/")
    page.get_by_label("البريد الإلكتروني").fill("not an address")
    page.get_by_role("button", name="اشترك").click()
    assert page.locator('[aria-invalid="true"]').count() == 1
    page.screenshot(path=output_dir / "subscribe-error-ar.png", full_page=True)
    page.get_by_label("البريد الإلكتروني").fill("reader@example.org")
    page.locator('input[name="sectors"]').first.check()
    page.get_by_role("button", name="اشترك").click()
    page.wait_for_url(f"{live_server.url}/ar/notifications/subscribe/sent/")
    assert page.locator("h1").inner_text() == "تفقّد بريدك الوارد"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org" and subscriber.language == "ar"
    assert subscriber.confirmed_at is None and subscriber.sectors.count() == 1
    context.close()
