"""Every public form survives hostile input: random Unicode (RTL marks, NUL, 100k-character
values), missing and repeated fields, lists where one value is expected, in Arabic and
English. A response of 500 or more, or an exception out of a view, fails the test.

Surrogates are left out: a browser or HTTP client cannot send a lone one (it must encode
the text as UTF-8 first)."""

from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegations.forms import OrganizationStepForm, VisitStepForm
from delegations.models import ApplicationState
from diplomacy.notifications import tokens
from programs.models import RegistrationQuestion
from tests.delegations.factories import ApplicationFactory
from tests.diplomacy.notifications.factories import SubscriberFactory
from tests.factories import UserFactory
from tests.programs.factories import EventFactory, QuestionFactory

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE_VALUES = [
    "",
    "\x00",
    "a\x00b",
    "\u200f\u202eعربي\u202c",  # right-to-left mark and override
    "\ufeff\u200b\u2028\u2029",
    "x" * 100_000,
    "ش" * 100_000,
    "-1",
    "0",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "2026-02-30",
    "0000-00-00",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00",
    "on",
    "ar",
    "en",
]
text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300)
scalar = st.one_of(st.sampled_from(HOSTILE_VALUES), text)
# One value, a repeated field, or nothing at all (an empty list sends no value).
value = st.one_of(scalar, st.lists(scalar, max_size=3))
language = st.sampled_from(["ar", "en"])


def fields(*names: str) -> st.SearchStrategy[dict]:
    """Any subset of the form's fields (and a few it does not have), each hostile."""
    extra = ("csrfmiddlewaretoken", "next", "action", "contact_fax", "website")
    return st.fixed_dictionaries({}, optional={name: value for name in (*names, *extra)})


def assert_survives(response) -> None:
    assert response.status_code < 500, response.status_code


def fresh_counters() -> None:
    """Without this most examples would only meet the rate limiter (429), not the form."""
    for alias in ("default", "pages"):
        caches[alias].clear()


def get(client: Client, path: str, data: dict):
    fresh_counters()
    return client.get(path, data)


def post(client: Client, path: str, data: dict, *, urlencoded: bool):
    fresh_counters()
    if urlencoded:
        return client.post(
            path, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded"
        )
    return client.post(path, data)


@pytest.fixture
def applicant(db):
    return UserFactory()


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(applicant=applicant, state=ApplicationState.DRAFT)


@FUZZ
@given(lang=language, data=fields("email", "language", "sectors"), urlencoded=st.booleans())
def test_newsletter_subscribe_survives_fuzzing(client, db, lang, data, urlencoded):
    assert_survives(post(client, f"/{lang}/notifications/subscribe/", data, urlencoded=urlencoded))


@FUZZ
@given(
    lang=language,
    data=fields("email", "password1", "password2", "full_name", "preferred_language"),
    urlencoded=st.booleans(),
)
def test_sign_up_survives_fuzzing(client, db, lang, data, urlencoded):
    assert_survives(post(client, f"/{lang}/accounts/signup/", data, urlencoded=urlencoded))


@FUZZ
@given(lang=language, data=fields("login", "password", "remember"), urlencoded=st.booleans())
def test_sign_in_survives_fuzzing(client, db, lang, data, urlencoded):
    assert_survives(post(client, f"/{lang}/accounts/login/", data, urlencoded=urlencoded))


@FUZZ
@given(lang=language, data=fields("email"), urlencoded=st.booleans())
def test_password_reset_survives_fuzzing(client, db, lang, data, urlencoded):
    path = f"/{lang}/accounts/password/reset/"
    assert_survives(post(client, path, data, urlencoded=urlencoded))


ORGANIZATION_FIELDS = tuple(OrganizationStepForm.Meta.fields)
MEMBER_FIELDS = (
    *(
        f"members-{index}-{name}"
        for index in ("0", "1", "-1", "999999999")
        for name in (
            "id",
            "full_name",
            "nationality",
            "passport_number",
            "date_of_birth",
            "role",
            "email",
            "needs_interpretation",
            "DELETE",
        )
    ),
    "members-TOTAL_FORMS",
    "members-INITIAL_FORMS",
    "members-MIN_NUM_FORMS",
    "more",
)
VISIT_FIELDS = tuple(VisitStepForm.Meta.fields)
STEP_FIELDS = {
    "organization": ORGANIZATION_FIELDS,
    "members": MEMBER_FIELDS,
    "visit": VISIT_FIELDS,
    "confirm": ("safety_acknowledged", "data_consent"),
}


@FUZZ
@given(lang=language, data=fields(*ORGANIZATION_FIELDS), urlencoded=st.booleans())
def test_delegation_application_start_survives_fuzzing(signed_in, lang, data, urlencoded):
    assert_survives(post(signed_in, f"/{lang}/delegations/apply/", data, urlencoded=urlencoded))


@pytest.mark.parametrize("step", list(STEP_FIELDS))
@FUZZ
@given(lang=language, data=st.data(), urlencoded=st.booleans())
def test_delegation_application_steps_survive_fuzzing(
    signed_in, draft, step, lang, data, urlencoded
):
    fuzzed = data.draw(fields(*STEP_FIELDS[step]))
    path = f"/{lang}/delegations/apply/{draft.pk}/{step}/"
    assert_survives(post(signed_in, path, fuzzed, urlencoded=urlencoded))
    assert_survives(get(signed_in, path, fuzzed))


@FUZZ
@given(lang=language, data=fields("body", "attachment"), urlencoded=st.booleans())
def test_message_to_the_coordinator_survives_fuzzing(signed_in, applicant, lang, data, urlencoded):
    submitted = ApplicationFactory(applicant=applicant, state=ApplicationState.SUBMITTED)
    path = f"/{lang}/delegations/applications/{submitted.pk}/messages/"
    assert_survives(post(signed_in, path, data, urlencoded=urlencoded))


@pytest.fixture
def session_with_questions(db):
    event = EventFactory()
    for kind in RegistrationQuestion.Kind.values:
        QuestionFactory(program=event.program, kind=kind, choices="one\ntwo")
    return event


@FUZZ
@given(lang=language, data=st.data(), urlencoded=st.booleans())
def test_program_registration_survives_fuzzing(
    signed_in, session_with_questions, lang, data, urlencoded
):
    event = session_with_questions
    questions = [f"question_{q.pk}" for q in event.program.questions.all()]
    fuzzed = data.draw(fields("consent", *questions, "question_0", "question_x"))
    path = f"/{lang}/programs/{event.program.slug}/sessions/{event.pk}/register/"
    assert_survives(post(signed_in, path, fuzzed, urlencoded=urlencoded))


QUERY_PAGES = {
    "search": ("/search/", ("q", "kind", "page")),
    "publications": ("/publications/", ("q", "kind", "sector", "region", "year", "page")),
    "programs": ("/programs/", ("kind", "sector", "page")),
    "partners": ("/partners/", ("q", "sector", "region", "page")),
}


@pytest.mark.parametrize("page", list(QUERY_PAGES))
@FUZZ
@given(lang=language, data=st.data())
def test_query_strings_survive_fuzzing(client, db, page, lang, data):
    path, names = QUERY_PAGES[page]
    assert_survives(get(client, f"/{lang}{path}", data.draw(fields(*names))))


@FUZZ
@given(
    lang=language,
    data=fields("language", "sectors", "cancel", "cancel_confirmed"),
    urlencoded=st.booleans(),
)
def test_newsletter_manage_page_survives_fuzzing(client, db, lang, data, urlencoded):
    subscriber = SubscriberFactory()
    path = f"/{lang}/notifications/subscription/{tokens.manage_token_make(subscriber=subscriber)}/"
    assert_survives(post(client, path, data, urlencoded=urlencoded))
    assert_survives(get(client, path, data))
