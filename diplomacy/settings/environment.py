"""Reading configuration from the environment, failing with one clear line.

A deployment with a missing or malformed variable must not start half-configured; it
stops with a single line that names the variable, not a traceback.
"""

import os
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import environ

env = environ.Env()


class ConfigurationError(SystemExit):
    """Raised at import time; SystemExit prints just its message and exits with status 1."""


def as_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def as_list(value: str) -> list[str]:
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise ValueError("expected a comma-separated list")
    return items


def as_port(value: str) -> int:
    port = int(value)
    if not 0 < port < 65536:
        raise ValueError(f"expected a port number from 1 to 65535, got {value!r}")
    return port


def as_email_config(value: str) -> dict[str, Any]:
    config = environ.Env.email_url_config(value)
    if not config.get("EMAIL_BACKEND"):
        raise ValueError("unknown scheme")
    return config


def required(name: str, parse: Callable[[str], Any] = str) -> Any:
    """The parsed value of variable `name`; exit with a one-line message if unusable."""
    raw = os.environ.get(name, "")
    if not raw.strip():
        raise ConfigurationError(
            f"Configuration error: the environment variable {name} is not set."
        )
    try:
        return parse(raw)
    except Exception as error:  # parsers raise a variety of errors; all mean "malformed"
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise ConfigurationError(
            f"Configuration error: the environment variable {name} is malformed ({reason})."
        ) from None


def optional(name: str, default: Any, parse: Callable[[str], Any] = str) -> Any:
    if name not in os.environ:
        return default
    return required(name, parse)


S3_URL_OPTIONS = ("endpoint_url", "region_name", "addressing_style", "signature_version")


def as_s3_options(url: str) -> dict:
    """Options of `S3Storage` from `s3://bucket/prefix?endpoint_url=…`."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("expected s3://bucket/prefix?endpoint_url=…")
    query = dict(parse_qsl(parts.query))
    unknown = set(query) - set(S3_URL_OPTIONS)
    if unknown:
        raise ValueError(f"unknown option {sorted(unknown)[0]}")
    return {"bucket_name": parts.netloc, "location": parts.path.strip("/"), **query}


def media_storage_setting(s3_options: dict | None) -> dict:
    """The `STORAGES["default"]` entry: S3 when options are given, the file system otherwise."""
    if not s3_options:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {"BACKEND": "diplomacy.object_storage.PublicMediaStorage", "OPTIONS": s3_options}
