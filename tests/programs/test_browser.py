"""A visitor opens a program, signs in, registers for a session, sees the confirmation
and finds the registration on their page — in English and in Arabic."""

import pytest
from allauth.account.models import EmailAddress

from programs.models import Registration
from tests.factories import UserFactory
from tests.programs.factories import EventFactory, ProgramFactory, QuestionFactory
from tests.quality.test_accessibility import AXE, AXE_OPTIONS, describe

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def assert_accessible(page) -> None:
    """axe-core (WCAG 2.2 AA and best practices) finds nothing on the page."""
    # Evaluated, not added as an inline <script> (which the CSP refuses).
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "options => axe.run(document, options).then(result => result.violations)", AXE_OPTIONS
    )
    assert not violations, describe(violations)


TEXTS = {
    "en": {
        "register": "Register",
        "sign_in": "Sign in",
        "confirmed": "Your place is confirmed",
        "my_heading": "My program registrations",
        "status": "Confirmed",
    },
    "ar": {
        "register": "سجّل",
        "sign_in": "تسجيل الدخول",
        "confirmed": "مكانك مؤكَّد",
        "my_heading": "تسجيلاتي في البرامج",
        "status": "مؤكَّد",
    },
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_visitor_registers_for_a_session_and_finds_it_on_my_page(
    live_server, page, output_dir, language
):
    texts = TEXTS[language]
    program = ProgramFactory(
        slug="browser-program",
        title_ar="برنامج التبادل البلدي",
        title_en="Municipal exchange program",
    )
    QuestionFactory(program=program, text_ar="ما هي مهنتك؟", text_en="What is your profession?")
    EventFactory(
        program=program,
        title_ar="ورشة عمل عن المياه",
        title_en="Workshop on water",
        capacity=12,
    )
    person = UserFactory(email=f"visitor-{language}@example.org", preferred_language=language)
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)

    page.goto(f"{live_server.url}/{language}/programs/browser-program/")
    expected_title = program.title_ar if language == "ar" else program.title_en
    assert page.locator("h1").inner_text() == expected_title
    page.screenshot(path=output_dir / f"program-{language}.png", full_page=True)
    page.get_by_role("link", name=texts["register"]).first.click()

    # Not signed in yet: the sign-in page, then back to the registration form.
    page.wait_for_url("**/accounts/login/**")
    page.fill('input[name="login"]', person.email)
    page.fill('input[name="password"]', "correct horse battery staple")
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_url("**/sessions/*/register/")

    answer = "مهندسة مياه" if language == "ar" else "Water engineer"
    page.locator("textarea").first.fill(answer)
    page.locator('input[name="consent"]').check()
    page.screenshot(path=output_dir / f"register-{language}.png", full_page=True)
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/programs/registrations/*/")
    assert texts["confirmed"] in page.locator(".messages").inner_text()
    assert texts["status"] in page.locator("main .notice").inner_text()
    page.screenshot(path=output_dir / f"registered-{language}.png", full_page=True)
    assert_accessible(page)

    page.goto(f"{live_server.url}/{language}/my/")
    section = page.locator("#my-programs").locator("..")
    assert texts["my_heading"] in section.inner_text()
    workshop = "ورشة عمل عن المياه" if language == "ar" else "Workshop on water"
    assert workshop in section.inner_text()
    assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
    page.screenshot(path=output_dir / f"my-{language}.png", full_page=True)
    assert_accessible(page)

    registration = Registration.objects.get(user=person)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.answers[0]["answer"] == answer
