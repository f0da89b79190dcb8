"""A program participant's journey, in Arabic and in English, in Chromium: sign in,
register for a session (answering its question), open the confirmation email, follow its
link to one's registrations, and cancel — through the page that asks first — to find the
registration cancelled."""

import pytest
from django.utils import translation

from programs.models import Registration
from tests.journeys.browser import person, sign_in_by_form, snap, t, wait_for_mail
from tests.programs.factories import EventFactory, ProgramFactory, QuestionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

ANSWER = {"ar": "معلّمة في مدرسة بالحسكة", "en": "Teacher at a school in Hasakah"}


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_participant_registers_follows_the_email_and_cancels(
    live_server, demo_content, page, smtp_server, settings, language
):
    settings.SITE_URL = base = live_server.url
    journey = f"participant-{language}"
    program = ProgramFactory(slug=f"women-cooperatives-exchange-{language}")
    question = QuestionFactory(program=program)
    event = EventFactory(program=program, capacity=20)
    title = getattr(event, f"title_{language}")
    participant = person(language, first_name="Rojin", last_name="Ahmed")

    # --- Sign in, find the session, register ------------------------------------------
    sign_in_by_form(page, base, language, participant)
    page.goto(f"{base}/{language}/programs/{program.slug}/")
    snap(page, journey, "01-program")
    page.locator(f"#session-{event.pk} a.button").click()
    page.get_by_label(getattr(question, f"text_{language}")).fill(ANSWER[language])
    page.check("#id_consent")
    snap(page, journey, "02-register")
    page.get_by_role("button", name=t(language, "Register")).click()
    page.wait_for_url("**/programs/registrations/*/")
    registration = Registration.objects.get(user=participant, event=event)
    assert registration.status == Registration.Status.CONFIRMED

    # --- The confirmation email, and its link to the person's registrations ------------
    subject = f"{t(language, 'Your place is confirmed')}: {title}"
    mail = wait_for_mail(smtp_server, participant.email, subject)
    page.goto(base + "/")  # elsewhere first: the link must lead back by itself
    page.goto(mail.link_to(f"/{language}/my/"))
    snap(page, journey, "03-my-page-from-email")
    page.get_by_role("link", name=title, exact=True).click()
    page.wait_for_url(f"**/programs/registrations/{registration.pk}/")
    assert ANSWER[language] in page.locator("main").inner_text()

    # --- Cancel: the page asks first, then the registration shows cancelled ------------
    page.get_by_role("link", name=t(language, "Cancel my registration")).click()
    page.wait_for_url(f"**/programs/registrations/{registration.pk}/cancel/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED  # asking changed nothing
    snap(page, journey, "04-cancel-question")
    page.get_by_role("button", name=t(language, "Yes, cancel my registration")).click()
    page.wait_for_url(f"**/programs/registrations/{registration.pk}/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    with translation.override(language):
        cancelled = str(Registration.Status.CANCELLED.label)
    assert cancelled in page.locator("main .notice").first.inner_text()
    snap(page, journey, "05-cancelled")
