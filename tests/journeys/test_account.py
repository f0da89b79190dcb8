"""A person makes an account, confirms it by email, forgets the password, resets it by
the emailed link and signs in with the new one."""

import pytest
from allauth.account.models import EmailAddress

from tests.journeys.mail import in_language, the_mail_to

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

EMAIL = "hevi@example.org"
PASSWORD = "zaytun-w-sumac-2021"
NEW_PASSWORD = "sumac-w-zaytun-2026"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_sign_up_confirm_forget_the_password_and_sign_in_with_the_new_one(
    portal, smtp_server, page, snap, language
):
    def words(text: str) -> str:
        return in_language(language, text)

    def header_link(text: str):
        return page.locator(".site-header").get_by_role("link", name=words(text), exact=True)

    page.goto(f"{portal.url}/{language}/")
    header_link("Sign up").click()
    page.wait_for_url(f"{portal.url}/{language}/accounts/signup/")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=full_name]").fill("Hevî Ehmed")
    page.locator("select[name=preferred_language]").select_option(language)
    snap("sign-up")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{portal.url}/{language}/accounts/confirm-email/")
    snap("verification-sent")

    smtp_server.wait_for(1)
    verification = the_mail_to(smtp_server, EMAIL)
    assert verification.subject == words("Confirm your email address")
    page.goto(verification.link_to("/accounts/confirm-email/"))
    assert page.locator("html").get_attribute("lang") == language
    snap("confirm")
    page.get_by_role("button", name=words("Confirm")).click()
    page.wait_for_url(f"{portal.url}/{language}/my/")
    assert EmailAddress.objects.get(email=EMAIL).verified
    snap("signed-in")

    header_link("Sign out").click()
    page.wait_for_url(f"{portal.url}/{language}/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{portal.url}/{language}/")

    smtp_server.messages.clear()
    header_link("Sign in").click()
    page.wait_for_url(f"{portal.url}/{language}/accounts/login/")
    page.get_by_role("link", name=words("Forgot your password?")).click()
    page.wait_for_url(f"{portal.url}/{language}/accounts/password/reset/")
    page.locator("input[name=email]").fill(EMAIL)
    snap("forgot-password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{portal.url}/{language}/accounts/password/reset/done/")

    smtp_server.wait_for(1)
    reset = the_mail_to(smtp_server, EMAIL)
    assert reset.subject == words("Reset your password")
    page.goto(reset.link_to("/accounts/password/reset/key/"))
    page.wait_for_url(f"{portal.url}/{language}/accounts/password/reset/key/*-set-password/")
    assert words("Bad Token") not in page.locator("main").inner_text()
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    snap("new-password")
    page.get_by_role("button", name=words("Change Password")).click()
    page.wait_for_url(f"{portal.url}/{language}/accounts/password/reset/key/done/")
    snap("password-changed")

    header_link("Sign in").click()
    page.wait_for_url(f"{portal.url}/{language}/accounts/login/")
    page.locator("input[name=login]").fill(EMAIL)
    page.locator("input[name=password]").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{portal.url}/{language}/my/")
    assert header_link("Sign out").is_visible()
    snap("signed-in-with-the-new-password")
