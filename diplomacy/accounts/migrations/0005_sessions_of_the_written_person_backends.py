"""Sessions signed in before Django's and allauth's backends were replaced by ours
(diplomacy/accounts/backends.py) name the backend that signed them in: they carry the
new name, so nobody is signed out by the change."""

from collections.abc import Callable
from typing import Any

from django.db import migrations
from django.utils import timezone

RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "diplomacy.accounts.backends.PasswordBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "diplomacy.accounts.backends.AccountBackend"
    ),
}


def rename_backends(renamed: dict[str, str]) -> Callable[[Any, Any], None]:
    def rename(apps: Any, schema_editor: Any) -> None:
        from django.contrib.auth import BACKEND_SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        session_model = apps.get_model("sessions", "Session")
        store = SessionStore()
        live = session_model.objects.filter(expire_date__gt=timezone.now())
        for session in live.iterator():
            data = store.decode(session.session_data)
            if data.get(BACKEND_SESSION_KEY) in renamed:
                data[BACKEND_SESSION_KEY] = renamed[data[BACKEND_SESSION_KEY]]
                live.filter(pk=session.pk).update(session_data=store.encode(data))

    return rename


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_staffauthenticator"),
        ("sessions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            rename_backends(RENAMED),
            rename_backends({new: old for old, new in RENAMED.items()}),
        ),
    ]
