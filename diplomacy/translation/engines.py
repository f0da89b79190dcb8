"""Machine-translation engines, chosen by the TRANSLATION_ENGINE setting.

"none" (the default) translates nothing: segments the memory cannot fill stay empty for
the translator. "libretranslate" calls the HTTP API of a self-hosted LibreTranslate
server. No other engine is contacted: texts never leave the center's own servers.
"""

from collections.abc import Sequence
from typing import Protocol

import httpx
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class EngineError(Exception):
    """The engine did not translate. `retryable` says whether trying later may help."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class TranslationEngine(Protocol):
    name: str

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str] | None:
        """The translations of `texts` in order, or None when the engine translates nothing."""


class NoEngine:
    name = "none"

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str] | None:
        return None


# Answers that say "try later" rather than "this request is wrong".
RETRYABLE_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class LibreTranslateEngine:
    name = "libretranslate"

    def __init__(self, *, url: str, api_key: str = "", timeout: float = 30.0) -> None:
        if not url:
            raise ImproperlyConfigured(
                "LIBRETRANSLATE_URL is required for the libretranslate engine"
            )
        self.url = url.rstrip("/") + "/translate"
        self.api_key = api_key
        self.timeout = httpx.Timeout(timeout, connect=min(timeout, 5.0))

    def translate(self, texts: Sequence[str], *, source: str, target: str) -> list[str] | None:
        if not texts:
            return []
        payload: dict = {"q": list(texts), "source": source, "target": target, "format": "html"}
        if self.api_key:
            payload["api_key"] = self.api_key
        try:
            response = httpx.post(self.url, json=payload, timeout=self.timeout)
        except httpx.TimeoutException as error:
            raise EngineError(f"LibreTranslate timed out: {error!r}", retryable=True) from error
        except httpx.HTTPError as error:
            raise EngineError(f"LibreTranslate unreachable: {error!r}", retryable=True) from error
        if response.status_code != 200:
            raise EngineError(
                f"LibreTranslate answered {response.status_code}: {_error_text(response)}",
                retryable=response.status_code in RETRYABLE_STATUS,
            )
        try:
            translated = response.json()["translatedText"]
        except (ValueError, KeyError, TypeError) as error:
            raise EngineError(
                f"LibreTranslate answered without translatedText: {response.text[:200]}",
                retryable=False,
            ) from error
        if isinstance(translated, str):
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise EngineError(
                f"LibreTranslate returned {len(translated) if isinstance(translated, list) else 'no'}"
                f" translations for {len(texts)} texts",
                retryable=False,
            )
        return [str(text) for text in translated]


def _error_text(response: httpx.Response) -> str:
    try:
        return str(response.json().get("error", ""))[:300]
    except ValueError:
        return response.text[:300]


def get_engine() -> TranslationEngine:
    name = getattr(settings, "TRANSLATION_ENGINE", "none")
    if name == "none":
        return NoEngine()
    if name == "libretranslate":
        return LibreTranslateEngine(
            url=getattr(settings, "LIBRETRANSLATE_URL", ""),
            api_key=getattr(settings, "LIBRETRANSLATE_API_KEY", ""),
            timeout=getattr(settings, "TRANSLATION_ENGINE_TIMEOUT", 30.0),
        )
    raise ImproperlyConfigured(
        f"unknown TRANSLATION_ENGINE {name!r}: use 'none' or 'libretranslate'"
    )
