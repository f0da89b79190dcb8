import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from programs.models import Program, Registration
from programs.selectors import CALENDAR_TOKEN_SALT, registration_calendar_token
from tests.factories import UserFactory
from tests.programs.factories import (
    EventFactory,
    OrganizationFactory,
    ProgramFactory,
    QuestionFactory,
    RegistrationFactory,
)
from tests.reauthentication import reauthenticated

pytestmark = pytest.mark.django_db


def url(name: str, language: str = "en", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def test_list_shows_current_upcoming_and_past_programs(client):
    today = timezone.localdate()
    ProgramFactory(title_en="Running now", starts_on=today - timedelta(days=2))
    ProgramFactory(title_en="Coming soon", starts_on=today + timedelta(days=20))
    ProgramFactory(
        title_en="Long finished",
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=60),
    )
    ProgramFactory(title_en="Hidden draft", is_published=False)
    html = client.get(url("programs:list")).content.decode()
    assert html.index("Current programs") < html.index("Running now")
    assert html.index("Upcoming programs") < html.index("Coming soon")
    assert html.index("Past programs") < html.index("Long finished")
    assert "Hidden draft" not in html


def test_list_filters_by_type_and_sector(client):
    from diplomacy.taxonomy.models import Sector

    health = Sector.objects.get(slug="health-care")
    matching = ProgramFactory(title_en="Health seminar", kind=Program.Kind.EDUCATIONAL)
    matching.sectors.add(health)
    ProgramFactory(title_en="Solidarity talk", kind=Program.Kind.SOLIDARITY).sectors.add(health)
    ProgramFactory(title_en="Other education", kind=Program.Kind.EDUCATIONAL)
    response = client.get(url("programs:list"), {"kind": "educational", "sector": "health-care"})
    html = response.content.decode()
    assert "Health seminar" in html
    assert "Solidarity talk" not in html
    assert "Other education" not in html


@pytest.mark.parametrize("programs", [1, 15])
def test_list_query_count_does_not_grow_with_programs(
    client, django_assert_max_num_queries, programs
):
    today = timezone.localdate()
    for n in range(programs):
        ProgramFactory(starts_on=today + timedelta(days=n - 3))
        ProgramFactory(
            starts_on=today - timedelta(days=100 + n), ends_on=today - timedelta(days=90)
        )
    with django_assert_max_num_queries(6):
        assert client.get(url("programs:list", "ar")).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_detail_query_count_does_not_grow_with_sessions_and_partners(
    client, django_assert_max_num_queries, size
):
    from programs.models import ProgramPartner
    from publications.models import Publication
    from tests.publications.factories import PublicationFactory

    program = ProgramFactory(slug="budget")
    for n in range(size):
        program.related_publications.add(
            PublicationFactory(state_ar=Publication.State.PUBLISHED, slug_ar=f"report-{n}")
        )
        event = EventFactory(program=program, capacity=5)
        RegistrationFactory(event=event)
        ProgramPartner.objects.create(
            program=program, organization=OrganizationFactory(), role="host", position=n
        )
    with django_assert_max_num_queries(6):
        response = client.get(url("programs:detail", "ar", slug="budget"))
    assert response.status_code == 200
    assert response.content.decode().count('class="event"') == size


def test_detail_shows_time_in_the_sessions_zone_named_in_both_languages(client):
    damascus = ZoneInfo("Asia/Damascus")
    starts = datetime(2031, 3, 12, 18, 0, tzinfo=damascus)
    EventFactory(
        program=ProgramFactory(slug="zoned"),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="Asia/Damascus",
    )
    english = client.get(url("programs:detail", "en", slug="zoned")).content.decode()
    assert "18:00" in english and "20:00" in english
    assert "Qamishlo and Damascus time" in english and "UTC+03:00" in english
    assert 'datetime="2031-03-12T18:00:00+03:00"' in english
    arabic = client.get(url("programs:detail", "ar", slug="zoned")).content.decode()
    assert "18:00" in arabic
    assert "توقيت قامشلو ودمشق" in arabic and "UTC+03:00" in arabic


def test_detail_shows_remaining_places_and_hides_the_online_link(client):
    event = EventFactory(
        program=ProgramFactory(slug="places"),
        capacity=3,
        online_url="https://meet.example.org/secret-room",
    )
    RegistrationFactory(event=event)
    html = client.get(url("programs:detail", slug="places")).content.decode()
    assert "2 places left" in html
    assert "secret-room" not in html
    assert url("programs:register", slug="places", event_id=event.pk) in html


def test_confirmed_participant_sees_the_online_link_waiting_one_does_not(client):
    event = EventFactory(
        program=ProgramFactory(slug="link"), online_url="https://meet.example.org/secret-room"
    )
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    client.force_login(waiting.user)
    assert "secret-room" not in client.get(url("programs:detail", slug="link")).content.decode()
    client.force_login(confirmed.user)
    assert "secret-room" in client.get(url("programs:detail", slug="link")).content.decode()


def test_unpublished_program_is_not_found(client):
    ProgramFactory(slug="draft", is_published=False)
    assert client.get(url("programs:detail", slug="draft")).status_code == 404


def test_registration_needs_sign_in(client):
    event = EventFactory(program=ProgramFactory(slug="p"))
    response = client.get(url("programs:register", slug="p", event_id=event.pk))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_registration_form_asks_the_questions_and_keeps_answers_on_error(client):
    program = ProgramFactory(slug="asked")
    QuestionFactory(program=program, text_en="What is your profession?")
    event = EventFactory(program=program)
    user = UserFactory()
    client.force_login(user)
    register_url = url("programs:register", slug="asked", event_id=event.pk)
    form = client.get(register_url).content.decode()
    assert "What is your profession?" in form
    response = client.post(register_url, {f"question_{program.questions.get().pk}": "Nurse"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please give your consent to register." in html
    assert "Nurse" in html
    assert not Registration.objects.exists()


def test_registration_success_redirects_to_the_registration(client):
    program = ProgramFactory(slug="ok")
    question = QuestionFactory(program=program)
    event = EventFactory(program=program)
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        url("programs:register", slug="ok", event_id=event.pk),
        {f"question_{question.pk}": "Teacher", "consent": "on"},
    )
    registration = Registration.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == url("programs:registration", pk=registration.pk)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.answers[0]["answer"] == "Teacher"
    detail = client.get(response["Location"]).content.decode()
    assert "Confirmed" in detail


def test_people_see_only_their_own_registrations(client):
    registration = RegistrationFactory()
    client.force_login(UserFactory())
    assert client.get(url("programs:registration", pk=registration.pk)).status_code == 404
    assert client.post(url("programs:registration_cancel", pk=registration.pk)).status_code == 404
    assert client.get(url("programs:registration_calendar", pk=registration.pk)).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_my_page_lists_and_cancels_registrations(client):
    registration = RegistrationFactory(event__title_en="Workshop on cooperatives")
    client.force_login(registration.user)
    my_page = client.get(url("my")).content.decode()
    assert "Workshop on cooperatives" in my_page
    assert url("programs:registration_cancel", pk=registration.pk) in my_page
    response = client.post(url("programs:registration_cancel", pk=registration.pk))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize(
    ("lang", "question"), [("ar", "إلغاء تسجيلكم؟"), ("en", "Cancel your registration?")]
)
def test_cancelling_asks_first_on_a_page_that_works_without_javascript(client, lang, question):
    registration = RegistrationFactory(event__title_en="Workshop on cooperatives")
    client.force_login(registration.user)
    with translation.override(lang):
        cancel = reverse("programs:registration_cancel", kwargs={"pk": registration.pk})
        detail = reverse("programs:registration", kwargs={"pk": registration.pk})
    # The registration page links to the question; asking changes nothing.
    assert f'href="{cancel}"' in client.get(detail).content.decode()
    page = client.get(cancel)
    assert page.status_code == 200
    html = page.content.decode()
    assert question in html
    assert f'<form method="post" action="{cancel}">' in html
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    # Confirming cancels and shows the registration, cancelled.
    response = client.post(cancel)
    assert response["Location"] == detail
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert client.get(cancel)["Location"] == detail  # nothing left to cancel


@pytest.mark.parametrize("language", ["ar", "en"])
def test_my_page_shows_registrations_as_with_every_column_in_a_fixed_number_of_queries(
    client, monkeypatch, language
):
    """The page reads only the columns it shows: the same page as with every column read,
    and no column fetched afterwards, row by row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs import selectors

    registration = RegistrationFactory(
        event__title_en="Workshop on cooperatives", event__title_ar="ورشة عن التعاونيات"
    )
    client.force_login(registration.user)
    client.get(url("my", language))
    with CaptureQueriesContext(connection) as one:
        page = client.get(url("my", language)).content.decode()
    for _ in range(2):
        RegistrationFactory(user=registration.user)
    with CaptureQueriesContext(connection) as three:
        client.get(url("my", language))
    assert len(one) == len(three)
    assert ("ورشة عن التعاونيات" if language == "ar" else "Workshop on cooperatives") in page
    monkeypatch.setattr(selectors, "registrations_for_my_page", selectors.registrations_for_user)
    every_column = client.get(url("my", language)).content.decode()
    monkeypatch.undo()
    assert client.get(url("my", language)).content.decode() == every_column


def test_my_data_download_has_only_my_registrations(client):
    mine = RegistrationFactory(answers=[{"question_id": 1, "question": "Q", "answer": "A"}])
    RegistrationFactory(event=mine.event)
    client.force_login(mine.user)
    response = client.get(url("programs:my_data"))
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    reauthenticated(client, mine.user)
    response = client.get(url("programs:my_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert len(data["registrations"]) == 1
    assert data["registrations"][0]["answers"][0]["answer"] == "A"


def test_registration_calendar_opens_with_the_signed_link_from_the_email(client):
    registration = RegistrationFactory()
    token = registration_calendar_token(registration=registration)
    calendar_url = url("programs:registration_calendar", pk=registration.pk)
    assert client.get(calendar_url, {"token": token}).status_code == 200
    assert client.get(calendar_url, {"token": token + "x"}).status_code == 404
    other = RegistrationFactory()
    other_url = url("programs:registration_calendar", pk=other.pk)
    assert client.get(other_url, {"token": token}).status_code == 404
    assert client.get(calendar_url).status_code == 302  # to sign in


def later(*, days: int):
    """Pretend `days` have passed, for the signatures' clock (django.core.signing)."""
    import time
    from unittest import mock

    return mock.patch("django.core.signing.time.time", return_value=time.time() + days * 86400)


@pytest.mark.parametrize("language", ["ar", "en"])
def test_an_expired_calendar_link_shows_a_page_in_the_readers_language(
    client, settings, django_capture_on_commit_callbacks, mailoutbox, language
):
    import re

    from django.core import mail
    from django.utils import translation

    registration = RegistrationFactory()
    token = registration_calendar_token(registration=registration)
    calendar_url = url("programs:registration_calendar", language, pk=registration.pk)
    with later(days=settings.PROGRAMS_CALENDAR_LINK_MAX_AGE_DAYS - 1):
        assert client.get(calendar_url, {"token": token}).status_code == 200
    with later(days=settings.PROGRAMS_CALENDAR_LINK_MAX_AGE_DAYS + 1):
        response = client.get(calendar_url, {"token": token})
    assert response.status_code == 410
    with translation.override(language):
        assert (
            translation.gettext("This calendar link no longer works") in response.content.decode()
        )
    assert f'lang="{language}"' in response.content.decode()
    assert registration.user.email not in response.content.decode()
    with later(days=settings.PROGRAMS_CALENDAR_LINK_MAX_AGE_DAYS + 1):
        renew = url("programs:registration_calendar_renew", language, pk=registration.pk)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(renew, {"token": token}).status_code == 302
            client.post(renew, {"token": token})  # twice the same day: one email
    [email] = mail.outbox
    assert email.to == [registration.user.email]
    fresh = re.search(r"session\.ics\?token=([^\s\"&]+)", email.body).group(1)
    assert fresh != token
    assert client.get(calendar_url, {"token": fresh}).status_code == 200


def test_a_calendar_link_stops_when_the_registration_changes(client):
    from programs import services

    registration = RegistrationFactory()
    token = registration_calendar_token(registration=registration)
    calendar_url = url("programs:registration_calendar", pk=registration.pk)
    assert "r" in signing.loads(token, salt=CALENDAR_TOKEN_SALT)  # an id, no address
    services.registration_cancel(registration=registration, actor=registration.user)
    response = client.get(calendar_url, {"token": token})
    assert response.status_code == 410 and b"switched off" in response.content


def test_home_page_lists_upcoming_sessions(client):
    EventFactory(title_en="Opening of the exchange")
    assert "Opening of the exchange" in client.get(url("home")).content.decode()


def test_upcoming_sessions_calendar_page(client):
    EventFactory(title_en="Lecture on justice")
    html = client.get(url("programs:upcoming")).content.decode()
    assert "Lecture on justice" in html


def test_detail_lists_related_publications_published_in_the_page_language(client):
    from publications.models import Publication
    from tests.publications.factories import PublicationFactory

    program = ProgramFactory(slug="reported")
    program.related_publications.add(
        PublicationFactory(
            title_en="Report of the exchange",
            state_en=Publication.State.PUBLISHED,
            slug_en="report-of-the-exchange",
        ),
        PublicationFactory(title_en="Unfinished draft", slug_en="unfinished"),
    )
    html = client.get(url("programs:detail", slug="reported")).content.decode()
    assert "Report of the exchange" in html
    assert "/en/publications/report-of-the-exchange/" in html
    assert "Unfinished draft" not in html


def test_portal_search_finds_programs_with_arabic_normalization(client):
    ProgramFactory(
        slug="hospital",
        title_ar="برنامج دعم المستشفى في قامشلو",
        title_en="Support program for the hospital in Qamishlo",
    )
    ProgramFactory(slug="draft-hospital", title_en="Hospital draft", is_published=False)
    # ى and ي are folded together: مستشفي finds مستشفى.
    arabic = client.get(url("search", "ar"), {"q": "مستشفي", "kind": "programs"})
    assert "برنامج دعم المستشفى في قامشلو" in arabic.content.decode()
    english = client.get(url("search", "en"), {"q": "hospital", "kind": "programs"})
    html = english.content.decode()
    assert "Support program for the hospital" in html
    assert "Hospital draft" not in html


def test_signed_in_detail_query_count_does_not_grow_with_sessions(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = UserFactory()
    client.force_login(user)
    # The first page of a session also notes in it that the person holds no staff role.
    client.get(url("programs:list"))
    counts = []
    for size, slug in ((1, "small"), (10, "large")):
        program = ProgramFactory(slug=slug)
        for _ in range(size):
            RegistrationFactory(event=EventFactory(program=program), user=user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("programs:detail", slug=slug)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_closed_registration_shows_no_form(client):
    from datetime import timedelta as delta

    event = EventFactory(
        program=ProgramFactory(slug="closed"),
        registration_closes_at=timezone.now() - delta(hours=1),
    )
    client.force_login(UserFactory())
    html = client.get(url("programs:register", slug="closed", event_id=event.pk)).content.decode()
    assert "Registration is closed." in html
    assert 'name="consent"' not in html
    detail = client.get(url("programs:detail", slug="closed")).content.decode()
    assert "Registration is closed." in detail


def test_only_partners_who_agreed_to_be_listed_are_named_in_public(client):
    from programs.models import ProgramPartner

    program = ProgramFactory(slug="partnered")
    listed = OrganizationFactory(name_en="Listed association", directory_consent=True)
    unlisted = OrganizationFactory(name_en="Discreet association", directory_consent=False)
    for organization in (listed, unlisted):
        ProgramPartner.objects.create(program=program, organization=organization, role="host")
    html = client.get(url("programs:detail", slug="partnered")).content.decode()
    assert "Listed association" in html
    assert url("partners:detail", slug=listed.slug) in html
    assert "Discreet association" not in html


def test_cached_public_page_shows_the_new_remaining_places_after_a_registration(
    client, settings, django_capture_on_commit_callbacks
):
    from programs import services

    settings.PAGE_CACHE_SECONDS = 300
    event = EventFactory(program=ProgramFactory(slug="cached"), capacity=5)
    detail = url("programs:detail", slug="cached")
    assert "5 places left" in client.get(detail).content.decode()
    assert client.get(detail)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, user=UserFactory(), consent=True)
    assert "4 places left" in client.get(detail).content.decode()


def test_program_search_costs_no_query_once_cached_and_sees_edits(
    client, django_assert_num_queries
):
    from diplomacy.search.query import search_query_parse
    from programs.search import ProgramSearchProvider

    program = ProgramFactory(slug="beekeeping-exchange", title_en="Beekeeping exchange")
    provider, query = ProgramSearchProvider(), search_query_parse("beekeeping")
    assert provider.search(query=query, language="en", offset=0, limit=10).total == 1
    with django_assert_num_queries(0):
        results = provider.search(query=query, language="en", offset=0, limit=10)
    assert results.hits[0].url == "/en/programs/beekeeping-exchange/"
    program.title_en = "Farmers exchange"
    program.save()
    assert provider.search(query=query, language="en", offset=0, limit=10).total == 0
