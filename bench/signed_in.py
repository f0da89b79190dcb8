"""Signed-in pages for the bench: an applicant of the generated applications and a staff
member (an administrator with an authenticator app, as every staff account must have),
each with a session the load generator sends as a cookie."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from bench.pages import url

# bench/applications.py gives its applicants addresses like this one.
APPLICANT_EMAIL_START = "bench-applicant-"
STAFF_EMAIL = "bench-staff@bench.example.org"


def staff_member():
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user, _created = get_user_model().objects.get_or_create(
        email=STAFF_EMAIL,
        defaults={"is_staff": True, "is_superuser": True, "preferred_language": "ar"},
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def session_cookie(user) -> str:
    """A `Cookie:` header value for a fresh session of `user` (sessions live in Redis,
    which the bench empties before each gunicorn run: call this inside the run)."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def first_applicant():
    """The first generated applicant (four applications), None before bench.applications ran."""
    return (
        get_user_model()
        .objects.filter(email__startswith=APPLICANT_EMAIL_START)
        .order_by("pk")
        .first()
    )


def cookie_as(who: str) -> str:
    """The session cookie of "applicant" or "staff" (bench.profile --as)."""
    user = staff_member() if who == "staff" else first_applicant()
    if user is None:
        raise RuntimeError("no generated applicant yet: run bench.applications first")
    return session_cookie(user)


def signed_in_pages() -> list[tuple[str, str | None, str]]:
    """(label, path, cookie) of the pages measured with a session."""
    pages: list[tuple[str, str | None, str]] = []
    applicant = first_applicant()
    if applicant is not None:
        pages.append(("my page, applicant (ar)", url("my", "ar"), session_cookie(applicant)))
    staff = session_cookie(staff_member())
    pages += [
        ("staff dashboard (ar)", url("staff_dashboard", "ar"), staff),
        ("translation queue, staff (ar)", url("translation:queue", "ar"), staff),
        ("review queue, staff (ar)", url("delegations:review_list", "ar"), staff),
    ]
    return pages
