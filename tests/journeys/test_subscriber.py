"""A newsletter subscriber: subscribes from the footer, confirms by the emailed link,
receives a new publication, and leaves by the link in that email."""

import pytest

from diplomacy.notifications.models import Subscriber
from tests.journeys.mail import in_language, the_mail_to
from tests.publications.factories import published_publication

pytestmark = [pytest.mark.browser, pytest.mark.integration, pytest.mark.django_db(transaction=True)]

EMAIL = "reader@example.org"


@pytest.mark.parametrize("language", ["ar", "en"])
def test_subscriber_confirms_by_email_then_cancels_from_a_newsletter(
    portal, smtp_server, page, snap, language
):
    def words(text: str) -> str:
        return in_language(language, text)

    page.goto(f"{portal.url}/{language}/")
    page.locator(".site-footer").get_by_role(
        "link", name=words("Subscribe to new publications")
    ).click()
    page.wait_for_url(f"{portal.url}/{language}/notifications/subscribe/")
    page.get_by_label(words("Email address")).fill(EMAIL)
    snap("form")
    page.get_by_role("button", name=words("Subscribe"), exact=True).click()
    page.wait_for_url(f"{portal.url}/{language}/notifications/subscribe/sent/")
    snap("sent")

    smtp_server.wait_for(1)
    confirmation = the_mail_to(smtp_server, EMAIL)
    page.goto(confirmation.link_to("/subscribe/confirm/"))
    assert page.locator("html").get_attribute("lang") == language
    page.get_by_role("button", name=words("Confirm my subscription")).click()
    page.wait_for_url(f"{portal.url}/{language}/notifications/subscription/**")
    assert words("Your subscription is confirmed.") in page.locator("main").inner_text()
    snap("confirmed")
    assert Subscriber.objects.get(email=EMAIL).confirmed_at is not None

    # Later, the center publishes; the newsletter arrives in the subscriber's language.
    smtp_server.messages.clear()
    publication = published_publication(languages=(language,))
    smtp_server.wait_for(1)
    issue = the_mail_to(smtp_server, EMAIL)
    assert publication.title_in(language) in issue.subject + issue.text
    page.goto(issue.link_to("/publications/"))
    assert page.locator("h1").inner_text() == publication.title_in(language)

    page.goto(issue.link_to("/notifications/subscription/"))
    assert page.locator("html").get_attribute("lang") == language
    snap("manage")
    page.get_by_role("button", name=words("Cancel my subscription")).click()
    page.wait_for_load_state()
    # The portal asks first: nothing is deleted by one click.
    assert page.locator("h1").inner_text() == words("Cancel your subscription?")
    page.get_by_role("button", name=words("Yes, cancel my subscription")).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == words("Your subscription is cancelled")
    snap("cancelled")
    assert not Subscriber.objects.filter(email=EMAIL).exists()
