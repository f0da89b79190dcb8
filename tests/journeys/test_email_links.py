"""Every kind of email the portal sends, and every link in it, followed by its recipient.

Each test makes the portal send a message the way it happens in life (a form posted, a
service called by a view or a scheduled job), reads the message that reached a real SMTP
server, takes every link of its text and HTML parts, opens each with the test client as
the recipient (signing in on the way when the link needs it) and asserts the page it
lands on: found, in the recipient's language, and the page that does what the message
says (the new password works, the address is confirmed, the subscription is cancelled).

`EXERCISED` names the test that covers each notification type; a guard fails when a type
is registered that no test here sends.
"""

import datetime
import re

import icalendar
import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from diplomacy.accounts.roles import PARTNERSHIPS, TRANSLATORS
from diplomacy.notifications.models import Subscriber
from diplomacy.notifications.registry import all_types
from tests.factories import StaffFactory, UserFactory
from tests.journeys.mail import TEXT_LINK, in_language, local, mails_to, origin, the_mail_to
from tests.second_factor import totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

PASSWORD = "zaytun-w-sumac-2021"
NEW_PASSWORD = "sumac-w-zaytun-2026"
LANGUAGES = ["ar", "en"]
OTHER = {"ar": "en", "en": "ar"}
# Links to anything but the portal itself (an online meeting's own address).
EXTERNAL_ALLOWED = ("https://meet.example.org/",)

User = get_user_model()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def sent(django_capture_on_commit_callbacks, smtp_server):
    """Run what follows the transaction (the outbox delivery, in-process), as a commit
    would: `with sent(): …` then read `smtp_server.messages`."""

    def capture():
        return django_capture_on_commit_callbacks(execute=True)

    return capture


def person(language: str, **kwargs):
    """Someone with a verified address who can sign in with PASSWORD."""
    someone = UserFactory(preferred_language=language, password=PASSWORD, **kwargs)
    EmailAddress.objects.update_or_create(
        user=someone, email=someone.email, defaults={"verified": True, "primary": True}
    )
    return someone


def staff_member(language: str, *groups: str, **kwargs):
    member = StaffFactory(preferred_language=language, password=PASSWORD, **kwargs)
    EmailAddress.objects.update_or_create(
        user=member, email=member.email, defaults={"verified": True, "primary": True}
    )
    for name in groups:
        member.groups.add(Group.objects.get(name=name))
    return member


def assert_portal_link(link: str, *, expected_origin: str | None = None) -> None:
    """Absolute, and to the portal's own address (SITE_URL; allauth's links take the
    host the request came to)."""
    expected_origin = expected_origin or settings.SITE_URL
    assert not link.startswith(EXTERNAL_ALLOWED)
    assert origin(link) == expected_origin, f"{link} does not lead to {expected_origin}"


def page_language(response) -> str:
    match = re.search(r'<html[^>]*\blang="([a-z-]+)"', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


def open_link(link: str, *, as_person=None, language: str, client: Client | None = None,
              expected_origin: str | None = None):  # fmt: skip
    """Open `link` as its recipient: follow redirects; if it asks to sign in, sign in as
    `as_person` on that page and go on. Asserts the landing page is found and in
    `language`; returns the final response."""
    assert_portal_link(link, expected_origin=expected_origin)
    client = client or Client()
    response = client.get(local(link), follow=True)
    if url_name(response) == "account_login":
        assert as_person is not None, f"{link} asks an anonymous reader to sign in"
        response = sign_in_here(client, response, as_person)
    assert response.status_code == 200, f"{link} answered {response.status_code}"
    final_path = response.request["PATH_INFO"]
    is_page = response.get("Content-Type", "").startswith("text/html")
    if final_path.startswith("/admin/"):
        # The admin has no language prefix: it follows the signed-in person's language.
        assert page_language(response) == language
    else:
        assert final_path.startswith(f"/{language}/"), f"{link} landed on {final_path}"
        if is_page:
            assert page_language(response) == language
    return response


def url_name(response) -> str | None:
    return response.resolver_match.url_name if response.resolver_match else None


def sign_in_here(client: Client, response, someone):
    """Sign in on the sign-in page a link led to (and give the second factor when asked,
    as staff do), then go on to wherever the portal sends the person."""
    here = response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]
    response = client.post(here, {"login": someone.email, "password": PASSWORD}, follow=True)
    if url_name(response) == "mfa_authenticate":
        response = client.post(
            response.request["PATH_INFO"], {"code": totp_code(someone)}, follow=True
        )
    return response


def landed_on(response) -> str:
    return response.request["PATH_INFO"]


def text_of(response) -> str:
    return response.content.decode()


# --- Accounts (allauth) ---------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_confirmation_link_confirms_the_address_and_signs_in(
    client, sent, smtp_server, language
):
    # Signing up on a page in the other language: the message follows the person's choice.
    with sent():
        client.post(
            f"/{OTHER[language]}/accounts/signup/",
            {"email": "nour@example.org", "password1": PASSWORD, "password2": PASSWORD,
             "preferred_language": language, "full_name": "Nour"},
        )  # fmt: skip
    mail = the_mail_to(smtp_server, "nour@example.org")
    assert mail.subject == in_language(language, "Confirm your email address")
    link = mail.link_to("/accounts/confirm-email/")
    assert mail.links == [link]
    # Opened in the browser that signed up, as people do: confirming also signs in.
    response = open_link(link, language=language, expected_origin="http://testserver",
                         client=client)  # fmt: skip
    assert in_language(language, "Confirm") in text_of(response)
    response = client.post(local(link), follow=True)
    assert landed_on(response) == f"/{language}/my/"
    assert EmailAddress.objects.get(email="nour@example.org").verified


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_in_unconfirmed_sends_a_confirmation_whose_link_confirms(
    client, sent, smtp_server, language
):
    someone = UserFactory(email="rojda@example.org", preferred_language=language,
                          password=PASSWORD)  # fmt: skip
    EmailAddress.objects.create(user=someone, email=someone.email, verified=False, primary=True)
    with sent():
        client.post(f"/{OTHER[language]}/accounts/login/",
                    {"login": someone.email, "password": PASSWORD})  # fmt: skip
    mail = the_mail_to(smtp_server, someone.email)
    assert mail.subject == in_language(language, "Confirm your email address")
    link = mail.link_to("/accounts/confirm-email/")
    assert mail.links == [link]
    reader = Client()
    open_link(link, language=language, expected_origin="http://testserver", client=reader)
    reader.post(local(link))
    assert EmailAddress.objects.get(email=someone.email).verified


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_link_sets_a_new_password_that_signs_in(client, sent, smtp_server, language):
    someone = person(language)
    with sent():
        client.post(f"/{OTHER[language]}/accounts/password/reset/", {"email": someone.email})
    mail = the_mail_to(smtp_server, someone.email)
    assert mail.subject == in_language(language, "Reset your password")
    link = mail.link_to("/accounts/password/reset/key/")
    assert mail.links == [link]
    reader = Client()
    response = open_link(link, language=language, expected_origin="http://testserver",
                         client=reader)  # fmt: skip
    assert in_language(language, "Bad Token") not in text_of(response)
    form_path = landed_on(response)
    response = reader.post(
        form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert landed_on(response) == f"/{language}/accounts/password/reset/key/done/"
    response = Client().post(
        f"/{language}/accounts/login/",
        {"login": someone.email, "password": NEW_PASSWORD},
        follow=True,
    )
    assert landed_on(response) == f"/{language}/my/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_reset_for_an_unknown_address_links_to_sign_up(
    client, sent, smtp_server, language
):
    with sent():
        client.post(f"/{language}/accounts/password/reset/", {"email": "nobody@example.org"})
    mail = the_mail_to(smtp_server, "nobody@example.org")
    assert mail.subject == in_language(language, "No account with this address")
    assert mail.html, "the message has its HTML part like every other"
    (link,) = mail.links
    response = open_link(link, language=language, expected_origin="http://testserver")
    assert landed_on(response) == f"/{language}/accounts/signup/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_signing_up_with_a_known_address_links_to_password_reset(
    client, sent, smtp_server, language
):
    someone = person(language)
    with sent():
        client.post(
            f"/{OTHER[language]}/accounts/signup/",
            {"email": someone.email, "password1": PASSWORD, "password2": PASSWORD,
             "preferred_language": OTHER[language]},
        )  # fmt: skip
    mail = the_mail_to(smtp_server, someone.email)
    assert mail.subject == in_language(language, "You already have an account")
    assert all(ord(char) < 0x600 for char in mail.text) == (language == "en")
    assert mail.html, "the message has its HTML part like every other"
    (link,) = mail.links
    response = open_link(link, language=language, expected_origin="http://testserver")
    assert landed_on(response) == f"/{language}/accounts/password/reset/"


# --- Newsletter -----------------------------------------------------------------------


def subscribe(client, *, email: str, language: str) -> None:
    response = client.post(
        f"/{language}/notifications/subscribe/", {"email": email, "language": language}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.mark.parametrize("language", LANGUAGES)
def test_newsletter_confirmation_link_confirms_and_the_manage_link_cancels(
    client, sent, smtp_server, language
):
    with sent():
        subscribe(client, email="reader@example.org", language=language)
    mail = the_mail_to(smtp_server, "reader@example.org")
    (link,) = mail.links
    reader = Client()
    response = open_link(link, language=language, client=reader)
    assert in_language(language, "Confirm my subscription") in text_of(response)
    response = reader.post(local(link), follow=True)
    assert page_language(response) == language
    assert in_language(language, "Your subscription is confirmed.") in text_of(response)
    assert Subscriber.objects.get(email="reader@example.org").confirmed_at is not None

    # Asking again later: the message says it is already confirmed and links to the
    # subscription's own page, where it can be cancelled.
    Subscriber.objects.filter(email="reader@example.org").update(
        confirmation_sent_at=timezone.now() - datetime.timedelta(hours=1)
    )
    smtp_server.messages.clear()
    with sent():
        subscribe(Client(), email="reader@example.org", language=language)
    mail = the_mail_to(smtp_server, "reader@example.org")
    (link,) = mail.links
    response = open_link(link, language=language, client=reader)
    assert in_language(language, "Cancel my subscription") in text_of(response)
    response = reader.post(local(link), {"cancel": "1"}, follow=True)
    # The portal asks first; the reader confirms.
    assert in_language(language, "Yes, cancel my subscription") in text_of(response)
    assert Subscriber.objects.filter(email="reader@example.org").exists()
    response = reader.post(local(link), {"cancel_confirmed": "1"}, follow=True)
    assert in_language(language, "Your subscription is cancelled") in text_of(response)
    assert not Subscriber.objects.filter(email="reader@example.org").exists()


def list_unsubscribe_link(mail) -> str:
    # A long header is folded over lines; unfolded it is one <link>.
    return "".join(mail.message["List-Unsubscribe"].split()).strip("<>")


def confirmed_subscriber(language: str, email: str = "reader@example.org") -> Subscriber:
    return Subscriber.objects.create(email=email, language=language, confirmed_at=timezone.now())


@pytest.mark.parametrize("language", LANGUAGES)
def test_newsletter_issue_links_open_the_article_the_subscription_and_unsubscribe(
    sent, smtp_server, language
):
    from tests.publications.factories import published_publication

    confirmed_subscriber(language)
    with sent():
        publication = published_publication(languages=(language,))
    mail = the_mail_to(smtp_server, "reader@example.org")
    title = publication.title_in(language)
    assert title in mail.subject or title in mail.text
    article, manage, unsubscribe = (
        mail.link_to("/publications/"), mail.link_to("/subscription/"),
        mail.link_to("/unsubscribe/"),
    )  # fmt: skip
    assert set(mail.links) == {article, manage, unsubscribe}
    assert list_unsubscribe_link(mail) == unsubscribe

    response = open_link(article, language=language)
    assert title in text_of(response)
    response = open_link(manage, language=language)
    assert in_language(language, "Cancel my subscription") in text_of(response)
    reader = Client()
    response = open_link(unsubscribe, language=language, client=reader)
    assert Subscriber.objects.filter(email="reader@example.org").exists()  # GET changes nothing
    response = reader.post(local(unsubscribe), follow=True)
    assert response.status_code == 200 and page_language(response) == language
    assert not Subscriber.objects.filter(email="reader@example.org", confirmed_at__isnull=False)


def test_newsletter_one_click_unsubscribe_header_works_without_a_page(sent, smtp_server):
    from tests.publications.factories import published_publication

    confirmed_subscriber("en")
    with sent():
        published_publication(languages=("en",))
    mail = the_mail_to(smtp_server, "reader@example.org")
    header_link = list_unsubscribe_link(mail)
    assert_portal_link(header_link)
    # RFC 8058: the mail client posts, with no cookie and no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        local(header_link), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="reader@example.org", confirmed_at__isnull=False)


# --- Delegations ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_delegation_message_leads_each_side_to_the_application(sent, smtp_server, language):
    from delegations import services
    from tests.delegations.conftest import make_coordinator
    from tests.delegations.factories import ApplicationFactory

    applicant = person(language)
    coordinator = make_coordinator(preferred_language=OTHER[language], password=PASSWORD)
    staff_client = Client()  # the coordinator's browser: signs in at the first link
    application = ApplicationFactory(applicant=applicant, coordinator=coordinator,
                                     organization="Rosa & Partners")  # fmt: skip

    def follow_all(recipient, *, expected: int, client=None):
        mails = mails_to(smtp_server, recipient.email)
        assert len(mails) == expected, [mail.subject for mail in mails]
        mail = mails[-1]
        (link,) = mail.links
        response = open_link(link, as_person=recipient, language=recipient.preferred_language,
                             client=client)  # fmt: skip
        assert "Rosa &amp; Partners" in text_of(response)
        assert landed_on(response).endswith(f"/{application.pk}/")
        return mail

    with sent():
        services.application_submit(application=application, actor=applicant)
    follow_all(applicant, expected=1)  # application_submitted
    follow_all(coordinator, expected=1, client=staff_client)  # application_received
    with sent():
        services.application_start_review(application=application, actor=coordinator)
    follow_all(applicant, expected=2)  # application_state_changed, to the applicant
    with sent():
        services.message_post(application=application, author=coordinator, body="Welcome")
    follow_all(applicant, expected=3)  # message_received, from staff
    with sent():
        services.message_post(application=application, author=applicant, body="Thank you")
    follow_all(coordinator, expected=2, client=staff_client)  # message_received, to staff
    with sent():
        services.application_withdraw(application=application, actor=applicant)
    follow_all(coordinator, expected=3, client=staff_client)  # state_changed, to staff
    follow_all(applicant, expected=4)


@pytest.mark.parametrize("language", LANGUAGES)
def test_idle_draft_warning_leads_the_applicant_back_to_continue(sent, smtp_server, language):
    from delegations import services
    from delegations.models import Application
    from tests.delegations.factories import ApplicationFactory

    applicant = person(language)
    draft = ApplicationFactory(applicant=applicant, organization="Rosa & Partners")
    Application.objects.filter(pk=draft.pk).update(
        updated_at=timezone.now()
        - datetime.timedelta(days=settings.DELEGATIONS_DRAFT_RETENTION_DAYS - 1)
    )
    with sent():
        assert services.applications_warn_stalled() == 1
    mail = the_mail_to(smtp_server, applicant.email)
    assert mail.subject == in_language(
        language, "Your unfinished delegation application will be deleted"
    )
    (link,) = mail.links
    response = open_link(link, as_person=applicant, language=language)
    assert landed_on(response).endswith(f"/{draft.pk}/")
    assert "Rosa &amp; Partners" in text_of(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_assignment_notice_leads_the_coordinator_to_the_application(sent, smtp_server, language):
    from delegations import services
    from tests.delegations.conftest import make_coordinator
    from tests.delegations.factories import ApplicationFactory

    head = make_coordinator(lead=True, preferred_language=OTHER[language])
    coordinator = make_coordinator(preferred_language=language, password=PASSWORD)
    application = ApplicationFactory(organization="Rosa & Partners")
    services.application_submit(application=application, actor=application.applicant)
    smtp_server.messages.clear()
    with sent():
        services.application_assign_coordinator(
            application=application, actor=head, coordinator=coordinator
        )
    mail = the_mail_to(smtp_server, coordinator.email)
    (link,) = mail.links
    response = open_link(link, as_person=coordinator, language=language,
                         client=staff_client_for(coordinator))  # fmt: skip
    assert landed_on(response) == f"/{language}/delegations/review/{application.pk}/"
    assert "Rosa &amp; Partners" in text_of(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_many_passport_openings_alert_leads_administrators_to_the_audit_log(
    sent, smtp_server, settings, language
):
    from delegations import services
    from diplomacy.accounts.roles import ADMINISTRATORS
    from tests.delegations.conftest import make_coordinator
    from tests.delegations.factories import ApplicationFactory

    settings.PASSPORT_REVEAL_ALERT_PER_HOUR = 1
    administrator = staff_member(language, ADMINISTRATORS)
    coordinator = make_coordinator(preferred_language=OTHER[language])
    application = ApplicationFactory(coordinator=coordinator)
    services.application_submit(application=application, actor=application.applicant)
    smtp_server.messages.clear()
    reason = "checking the visa letter for the border crossing"
    with sent():
        for _time in range(2):
            services.personal_data_open(application=application, actor=coordinator, reason=reason)
    mail = the_mail_to(smtp_server, administrator.email)
    (link,) = mail.links
    response = open_link(link, as_person=administrator, language=language,
                         client=staff_client_for(administrator))  # fmt: skip
    assert landed_on(response) == "/admin/audit/auditentry/"
    assert "e=1" not in response.request["QUERY_STRING"]  # the admin understood the filter
    assert str(coordinator) in text_of(response)


# --- Programs -------------------------------------------------------------------------


def assert_session_calendar(content: bytes, *, event, language: str) -> None:
    calendar = icalendar.Calendar.from_ical(content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]).endswith(getattr(event, f"title_{language}")) or getattr(
        event, f"title_{language}"
    ) in str(vevent["SUMMARY"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_program_message_leads_to_the_registration_and_its_calendar(
    sent, smtp_server, language
):
    from diplomacy.notifications.models import Unsubscription
    from programs import services
    from programs.models import EventMessage, Registration
    from tests.programs.factories import EventFactory

    first, second, third = person(language), person(language), person(language)
    organizer = staff_member(OTHER[language])
    event = EventFactory(capacity=1, online_url="https://meet.example.org/session-1")
    with sent():
        first_registration = services.registration_create(event=event, user=first, consent=True)
        second_registration = services.registration_create(event=event, user=second, consent=True)

    def session_links(recipient, *, expected: int, confirmed: bool):
        mails = mails_to(smtp_server, recipient.email)
        assert len(mails) == expected, [mail.subject for mail in mails]
        mail = mails[-1]
        calendar = mail.link_to("/session.ics")
        my_page = mail.link_to(f"/{language}/my/")
        portal_links = {calendar, my_page}
        if confirmed:
            assert mail.link_to(event.online_url) == event.online_url
            portal_links.add(event.online_url)
        # A reminder also carries its unsubscribe link (followed below).
        assert set(mail.links) - set(mail.links_to("/unsubscribe/")) == portal_links
        response = open_link(calendar, language=language)
        assert response["Content-Type"].startswith("text/calendar")
        assert_session_calendar(response.content, event=event, language=language)
        response = open_link(my_page, as_person=recipient, language=language)
        assert landed_on(response) == f"/{language}/my/"
        assert getattr(event, f"title_{language}") in text_of(response)
        return mail

    # Confirmed: the .ics is attached too, and its page link is the recipient's language.
    mail = session_links(first, expected=1, confirmed=True)
    attached = icalendar.Calendar.from_ical(mail.attachments["session.ics"])
    (vevent,) = attached.walk("VEVENT")
    assert str(vevent["URL"]) == event.online_url
    description_links = TEXT_LINK.findall(str(vevent["DESCRIPTION"]))
    (page_link,) = [link for link in description_links if link != event.online_url]
    response = open_link(page_link, language=language)
    assert getattr(event.program, f"title_{language}") in text_of(response)
    # Waiting list.
    session_links(second, expected=1, confirmed=False)
    # Cancelling frees the place: the first on the waiting list is promoted.
    with sent():
        services.registration_cancel(registration=first_registration, actor=first)
    cancelled = mails_to(smtp_server, first.email)[-1]
    assert_leads_to_the_program(cancelled, event=event, language=language)
    promoted = session_links(second, expected=2, confirmed=True)
    assert in_language(
        language, "A place became free in this session and it is now yours: your "
        "registration is confirmed."
    ) in promoted.text  # fmt: skip

    # The reminder the day before can be unsubscribed from.
    with sent():
        services.registration_remind(registration_id=second_registration.pk)
    reminder = session_links(second, expected=3, confirmed=True)
    unsubscribe = reminder.link_to("/unsubscribe/")
    reader = Client()
    open_link(unsubscribe, language=language, client=reader)
    reader.post(local(unsubscribe))
    assert Unsubscription.objects.filter(email=second.email).exists()

    # A message of the organizers to confirmed participants.
    message = EventMessage.objects.create(event=event, subject="Bring your passport",
                                          body="See you in Qamishlo.")  # fmt: skip
    with sent():
        services.event_message_send(message=message, actor=organizer)
    mail = mails_to(smtp_server, second.email)[-1]
    assert "Bring your passport" in mail.subject + mail.text
    for link in mail.links:
        response = open_link(link, as_person=second, language=language)
        assert getattr(event, f"title_{language}") in text_of(response)

    # Registrations that need the organizers' approval: pending, then declined.
    gated = EventFactory(requires_approval=True)
    with sent():
        pending = services.registration_create(event=gated, user=third, consent=True)
    (pending_mail,) = mails_to(smtp_server, third.email)
    for link in pending_mail.links:
        response = open_link(link, as_person=third, language=language)
        assert getattr(gated, f"title_{language}") in text_of(response)
    with sent():
        services.registration_decline(registration=pending, actor=organizer)
    declined = mails_to(smtp_server, third.email)[-1]
    assert_leads_to_the_program(declined, event=gated, language=language)
    assert Registration.objects.get(pk=pending.pk).status == Registration.Status.DECLINED


def assert_leads_to_the_program(mail, *, event, language: str) -> None:
    """A registration that ended points to the program, to register for another session."""
    (link,) = mail.links
    response = open_link(link, language=language)
    assert landed_on(response) == f"/{language}/programs/{event.program.slug}/"
    assert getattr(event, f"title_{language}") in text_of(response)


# --- Partners and translation: staff notices ------------------------------------------


def staff_client_for(member) -> Client:
    """A staff member's browser, signed out: the first link asks them to sign in (with the
    second factor) and must still lead where it pointed."""
    return Client()


@pytest.mark.parametrize("language", LANGUAGES)
def test_partner_reminders_lead_to_the_organization(sent, smtp_server, language):
    from partners.services import agreement_reminders_send, follow_up_reminders_send
    from tests.partners.factories import AgreementFactory, InteractionFactory, OrganizationFactory

    owner = staff_member(language, PARTNERSHIPS)
    organization = OrganizationFactory(owner=owner, name_en="Rosa Cooperative",
                                       name_ar="تعاونية روزا")  # fmt: skip
    AgreementFactory(organization=organization, title="Memorandum of Rosa")
    InteractionFactory(organization=organization, follow_up_owner=owner,
                       follow_up_on=timezone.localdate())  # fmt: skip
    with sent():
        agreement_reminders_send()
        follow_up_reminders_send()
    # (Demo agreements without an owner may remind every partnerships member too.)
    mails = [mail for mail in mails_to(smtp_server, owner.email) if "Rosa" in mail.subject
             or "روزا" in mail.subject]  # fmt: skip
    assert len(mails) == 2, [mail.subject for mail in mails]
    client = staff_client_for(owner)
    for mail in mails:
        (link,) = mail.links
        response = open_link(link, as_person=owner, language=language, client=client)
        assert f'value="{organization.name_en}"' in text_of(response)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translation_notices_lead_to_the_job(sent, smtp_server, settings, language):
    from diplomacy.translation.models import TranslationJob
    from diplomacy.translation.services import job_fail
    from tests.diplomacy.translation.factories import PageFactory

    settings.TRANSLATION_ENGINE = "none"
    translator = staff_member(language, TRANSLATORS)
    client = staff_client_for(translator)
    with sent():
        ready_page = PageFactory(title_ar="تعريف بالمركز", body_ar="<p>نص الصفحة.</p>")
    ready = the_mail_to(smtp_server, translator.email)
    job = TranslationJob.objects.get(content_type__model="page", object_id=str(ready_page.pk))
    (link,) = ready.links
    response = open_link(link, as_person=translator, language=language, client=client)
    assert landed_on(response) == f"/{language}/staff/translation/jobs/{job.pk}/"
    assert "تعريف بالمركز" in text_of(response)

    smtp_server.messages.clear()
    failing_page = PageFactory(title_ar="صفحة لا تترجم")  # its job stays queued
    failing = TranslationJob.objects.get(content_type__model="page",
                                         object_id=str(failing_page.pk))  # fmt: skip
    with sent():
        job_fail(job_id=failing.pk, reason="LibreTranslate answered 500")
    mail = the_mail_to(smtp_server, translator.email)
    (link,) = mail.links
    response = open_link(link, as_person=translator, language=language, client=client)
    assert landed_on(response) == f"/{language}/staff/translation/jobs/{failing.pk}/"
    assert "صفحة لا تترجم" in text_of(response)


# --- Every type is exercised ----------------------------------------------------------

# The test above that makes the portal send each notification type.
EXERCISED = {
    "notifications.newsletter_confirm":
        test_newsletter_confirmation_link_confirms_and_the_manage_link_cancels,
    "notifications.newsletter_issue":
        test_newsletter_issue_links_open_the_article_the_subscription_and_unsubscribe,
    "delegations.application_submitted":
        test_every_delegation_message_leads_each_side_to_the_application,
    "delegations.application_received":
        test_every_delegation_message_leads_each_side_to_the_application,
    "delegations.application_state_changed":
        test_every_delegation_message_leads_each_side_to_the_application,
    "delegations.message_received":
        test_every_delegation_message_leads_each_side_to_the_application,
    "delegations.application_assigned":
        test_assignment_notice_leads_the_coordinator_to_the_application,
    "delegations.application_stalled":
        test_idle_draft_warning_leads_the_applicant_back_to_continue,
    "delegations.personal_data_reveals":
        test_many_passport_openings_alert_leads_administrators_to_the_audit_log,
    "programs.registration_confirmed":
        test_every_program_message_leads_to_the_registration_and_its_calendar,
    "programs.registration_waiting":
        test_every_program_message_leads_to_the_registration_and_its_calendar,
    "programs.registration_pending":
        test_every_program_message_leads_to_the_registration_and_its_calendar,
    "programs.registration_declined":
        test_every_program_message_leads_to_the_registration_and_its_calendar,
    "programs.registration_cancelled":
        test_every_program_message_leads_to_the_registration_and_its_calendar,
    "programs.event_reminder":
        test_every_program_message_leads_to_the_registration_and_its_calendar,
    "programs.event_message":
        test_every_program_message_leads_to_the_registration_and_its_calendar,
    "partners.agreement_expiring": test_partner_reminders_lead_to_the_organization,
    "partners.follow_up_due": test_partner_reminders_lead_to_the_organization,
    "translation.job_ready": test_translation_notices_lead_to_the_job,
    "translation.job_failed": test_translation_notices_lead_to_the_job,
    "accounts.account_email": test_sign_up_confirmation_link_confirms_the_address_and_signs_in,
}  # fmt: skip


def test_every_notification_type_that_sends_email_is_exercised_here():
    sending = {
        notification_type.key
        for notification_type in all_types()
        if notification_type.send_email and not notification_type.key.startswith("tests.")
    }
    missing = sending - EXERCISED.keys()
    assert not missing, f"no test here follows the links of: {sorted(missing)}"
    assert not EXERCISED.keys() - sending, "EXERCISED names types that no longer exist"


def test_the_account_emails_followed_here_are_all_that_allauth_sends():
    """allauth sends more kinds of email when these are switched on (password changed,
    sign-in codes…): whoever turns one on adds the test of its links above."""
    from allauth.account import app_settings as account

    assert not account.EMAIL_NOTIFICATIONS
    assert not account.EMAIL_VERIFICATION_BY_CODE_ENABLED
    assert not account.LOGIN_BY_CODE_ENABLED
    assert not account.PASSWORD_RESET_BY_CODE_ENABLED
