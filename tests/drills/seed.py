"""Run inside the drill's portal (its own database): people who can sign in, and a
program session open for registration. Prints what the load needs, as JSON.

    python -m tests.drills.seed PEOPLE
"""

import json
import sys
from datetime import timedelta


def main(people: int) -> None:
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from diplomacy.accounts.models import User
    from programs.models import Event, Program

    program = Program.objects.create(
        slug="drill-program", title_ar="برنامج التمرين", title_en="Drill program",
        summary_ar="ملخص", summary_en="Summary", kind=Program.Kind.KNOWLEDGE_EXCHANGE,
        state=Program.State.OPEN, is_published=True,
        starts_on=timezone.localdate() + timedelta(days=7),
        ends_on=timezone.localdate() + timedelta(days=21),
    )  # fmt: skip
    event = Event.objects.create(
        program=program, kind=Event.Kind.SEMINAR, title_ar="جلسة", title_en="Session",
        starts_at=timezone.now() + timedelta(days=7),
        ends_at=timezone.now() + timedelta(days=7, hours=2), time_zone="Asia/Damascus",
        place_ar="قامشلو", place_en="Qamishlo", languages=["ar", "en"], capacity=100_000,
    )  # fmt: skip
    seeded = []
    for number in range(people):
        language = "ar" if number % 2 else "en"
        user = User.objects.create_user(
            email=f"person{number}@drill.example.org", password=None,
            preferred_language=language, first_name=f"Person {number}",
        )  # fmt: skip
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        # Signed in already: the drills are about submissions, not about signing in.
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "diplomacy.accounts.backends.PasswordBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        seeded.append(
            {"id": user.pk, "email": user.email, "language": language,
             "session": session.session_key}
        )  # fmt: skip
    print(json.dumps({"people": seeded, "program": program.slug, "event": event.pk}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
