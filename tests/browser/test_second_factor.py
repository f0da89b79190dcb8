"""A staff member without a second factor signs in, enrols an authenticator app (the
test plays the phone: it reads the secret on the page and computes the codes), keeps
the recovery codes, reaches the admin; signs out; signs in with password and code and
reaches the staff workspace; and a recovery code works exactly once — Arabic, English."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from diplomacy.accounts.roles import TRANSLATORS, sync_role_permissions
from tests.conftest import OUTPUT
from tests.factories import PASSWORD, StaffFactory
from tests.programs.test_browser import assert_accessible
from tests.second_factor import code_for_secret, totp_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SCREENSHOTS = OUTPUT / "mfa"

TEXTS = {
    "ar": {
        "enrol": "إعداد الدخول على خطوتين",
        "codes": "رموز الاسترداد",
        "challenge": "تسجيل الدخول: الخطوة الثانية",
        "wrong": "الرمز غير صحيح.",
        "workspace": "الترجمة",
    },
    "en": {
        "enrol": "Set up two-step sign-in",
        "codes": "Recovery codes",
        "challenge": "Sign in: second step",
        "wrong": "Incorrect code.",
        "workspace": "Translation",
    },
}


def screenshots(page, name: str) -> None:
    """The page at a phone's width and a laptop's, to test-output/mfa/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in_with_password(page, base: str, language: str, email: str, next_url: str) -> None:
    page.goto(f"{base}/{language}/accounts/login/?next={next_url}")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').last.click()


def sign_out(page, base: str, language: str) -> None:
    page.goto(f"{base}/{language}/accounts/logout/")
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_staff_member_enrols_then_signs_in_with_code_and_with_a_recovery_code_once(
    live_server, demo_content, page, language
):
    sync_role_permissions(None)
    member = StaffFactory(
        email=f"translator-{language}@civil-diplomacy.example",
        preferred_language=language,
        second_factor=False,
    )
    member.groups.add(Group.objects.get(name=TRANSLATORS))
    texts, base = TEXTS[language], live_server.url
    direction = "rtl" if language == "ar" else "ltr"
    page.context.add_cookies([{"name": "lang", "value": language, "url": base}])

    # The admin's sign-in is the portal's, and then the app must be set up first.
    page.goto(f"{base}/admin/")
    page.wait_for_url(f"**/{language}/accounts/login/?next=%2Fadmin%2F")
    page.fill('input[name="login"]', member.email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('main form button[type="submit"]').last.click()
    page.wait_for_url(f"**/{language}/accounts/2fa/totp/activate/")
    assert page.locator("h1").inner_text() == texts["enrol"]
    assert page.evaluate("document.documentElement.dir") == direction
    assert page.locator("img.totp-qr").get_attribute("src").startswith("data:image/svg+xml")
    screenshots(page, f"enrol-{language}")
    assert_accessible(page)

    # The phone: the secret typed from the page into the app, which shows a code.
    secret = page.locator("#totp-secret").inner_text().strip()
    page.fill('input[name="code"]', "000000" if code_for_secret(secret) != "000000" else "111111")
    page.locator('main form button[type="submit"]').click()
    assert page.locator(".errorlist").inner_text() == texts["wrong"]
    page.fill('input[name="code"]', code_for_secret(secret))
    page.locator('main form button[type="submit"]').click()
    page.wait_for_url(f"**/{language}/accounts/2fa/recovery-codes/")
    assert page.locator("h1").inner_text() == texts["codes"]
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    screenshots(page, f"recovery-codes-{language}")
    assert_accessible(page)
    page.locator("main a.button").last.click()  # "I have saved my codes, continue"
    page.wait_for_url(f"{base}/admin/")
    assert page.evaluate("document.documentElement.dir") == direction

    # Signing out from the admin goes through the portal's sign-out.
    page.locator("#logout-form button").click()
    page.wait_for_load_state()
    page.goto(f"{base}/admin/")
    page.wait_for_url("**/accounts/login/**")

    # Password, then the code the app shows now: the staff workspace opens.
    workspace = f"/{language}/staff/translation/"
    sign_in_with_password(page, base, language, member.email, workspace)
    page.wait_for_url(f"**/{language}/accounts/2fa/authenticate/")
    assert page.locator("h1").inner_text() == texts["challenge"]
    screenshots(page, f"challenge-{language}")
    assert_accessible(page)
    page.fill('input[name="code"]', totp_code(member))
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_url(f"{base}{workspace}")
    assert texts["workspace"] in page.locator("h1").inner_text()
    sign_out(page, base, language)

    # A lost phone: a recovery code instead of the app's code, once.
    sign_in_with_password(page, base, language, member.email, workspace)
    page.wait_for_url(f"**/{language}/accounts/2fa/authenticate/")
    page.fill('input[name="code"]', codes[0])
    page.locator('main form button[type="submit"]').first.click()
    page.wait_for_url(f"{base}{workspace}")
    sign_out(page, base, language)

    sign_in_with_password(page, base, language, member.email, workspace)
    page.wait_for_url(f"**/{language}/accounts/2fa/authenticate/")
    page.fill('input[name="code"]', codes[0])
    page.locator('main form button[type="submit"]').first.click()
    assert page.locator(".errorlist").inner_text() == texts["wrong"]
    screenshots(page, f"recovery-code-used-{language}")
    assert page.url.endswith(f"/{language}/accounts/2fa/authenticate/")
    page.goto(f"{base}/admin/")  # still not signed in: back to the second step
    page.wait_for_url(f"**/{language}/accounts/2fa/authenticate/")
