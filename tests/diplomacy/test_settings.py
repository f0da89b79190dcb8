import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = {
    "SECRET_KEY": "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz!@#",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/diplomacy",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@127.0.0.1:587",
    "FIELD_ENCRYPTION_KEY": "GnTmwA1bG4ZP3RO9raOoehgdeWvTPmB1hLkth-4dZ7Y=",
}


def start_with(environment: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in COMPLETE and k != "DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "diplomacy.settings.production", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_start_with_a_complete_environment():
    result = start_with(COMPLETE)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize("name", sorted(COMPLETE))
def test_a_missing_required_variable_stops_start_up_with_one_line_naming_it(name):
    environment = {k: v for k, v in COMPLETE.items() if k != name}
    result = start_with(environment)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [f"Configuration error: the environment variable {name} is not set."]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "not-a-url"),
        ("EMAIL_URL", "carrier-pigeon://loft"),
        ("DEBUG", "perhaps"),
        ("SECRET_KEY", "short"),
        ("FIELD_ENCRYPTION_KEY", "not-a-fernet-key"),
    ],
)
def test_a_malformed_variable_stops_start_up_with_one_line_naming_it(name, value):
    result = start_with({**COMPLETE, name: value})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Configuration error: the environment variable {name} is malformed")


def test_production_defaults_are_safe():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)"
    )
    base = {k: v for k, v in os.environ.items() if k not in COMPLETE and k != "DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "diplomacy.settings.production", **COMPLETE},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr
