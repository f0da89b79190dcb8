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
    # Not the test settings' key: production refuses the keys in the repository.
    "FIELD_ENCRYPTION_KEY": "uqMbt6mid07PabhR_11onDNRrtatebZHHGbKxG5Z9t4=",
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


def run_with_production_settings(code: str) -> subprocess.CompletedProcess:
    """`code` run in a process of its own, with the production settings and a complete
    environment (nothing of this test run's own settings)."""
    base = {k: v for k, v in os.environ.items() if k not in COMPLETE and k != "DEBUG"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "diplomacy.settings.production", **COMPLETE},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_defaults_are_safe():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_SSL_REDIRECT)"
    )
    result = run_with_production_settings(code)
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr


def test_production_keeps_templates_compiled_and_public_data_per_generation():
    """Each process compiles a template once (the cached loader), and the public pages'
    sections and data are reused until public content changes (PUBLIC_DATA_CACHE)."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from django.template import engines; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "print(type(loader).__module__, s.PUBLIC_DATA_CACHE)"
    )
    result = run_with_production_settings(code)
    assert result.stdout.split() == ["django.template.loaders.cached", "True"], result.stderr


# --- Fail closed: no DEBUG, no development key, whatever starts the code -------------------


def run_without_settings_module(arguments: list[str], environment: dict[str, str]):
    """Start a process as an operator might: no DJANGO_SETTINGS_MODULE at all."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in COMPLETE and k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env={**base, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


SHOW_SETTINGS = (
    "from django.conf import settings as s; print(s.SETTINGS_MODULE, s.DEBUG, s.SECRET_KEY[:4])"
)


@pytest.mark.parametrize(
    "arguments",
    [
        ["manage.py", "check"],
        ["manage.py", "shell", "-c", SHOW_SETTINGS],
        # What `celery -A diplomacy worker` and `celery -A diplomacy beat` import first.
        ["-c", "import diplomacy.celery, django; django.setup(); " + SHOW_SETTINGS],
        ["-c", "import diplomacy.wsgi"],
        ["-c", "import diplomacy.asgi"],
    ],
)
def test_without_a_settings_module_nothing_starts_with_development_settings(arguments):
    bare = run_without_settings_module(arguments, {})
    assert bare.returncode == 1
    assert bare.stderr.strip().splitlines()[-1] == (
        "Configuration error: the environment variable SECRET_KEY is not set."
    )
    assert "dev-" not in bare.stdout


def test_without_a_settings_module_a_worker_gets_production_settings():
    code = "import diplomacy.celery, django; django.setup(); " + SHOW_SETTINGS
    result = run_without_settings_module(["-c", code], COMPLETE)
    assert result.stdout.split() == ["diplomacy.settings.production", "False", "kkkk"], (
        result.stderr
    )


def test_production_refuses_debug():
    result = start_with({**COMPLETE, "DEBUG": "true"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Configuration error: the environment variable DEBUG is on, which production "
        "refuses (use diplomacy.settings.dev to debug)."
    ]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", "dev-only-secret-key-never-used-in-production"),
        ("FIELD_ENCRYPTION_KEY", "-zCCnuEl-YPeF8mMCnCrI0v9F6i6ntY8CTUn6OarpZk="),
        (
            "FIELD_ENCRYPTION_KEY",
            "uqMbt6mid07PabhR_11onDNRrtatebZHHGbKxG5Z9t4=,GnTmwA1bG4ZP3RO9raOoehgdeWvTPmB1hLkth-4dZ7Y=",
        ),
    ],
)
def test_production_refuses_the_keys_in_the_repository(name, value):
    result = start_with({**COMPLETE, name: value})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"Configuration error: the environment variable {name} is malformed "
        + (
            "(it is the development key from the repository)."
            if name == "SECRET_KEY"
            else "(it contains a development key from the repository)."
        )
    ]


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    # JIT compiled a dashboard count for 2.7 s on the bench data: every connection turns it off.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_jit_off_keeps_options_given_in_the_database_url():
    from diplomacy.settings.base import database_from_url

    config = database_from_url("postgres://u@h:5432/n?options=-c%20statement_timeout%3D5000")
    assert config["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"
