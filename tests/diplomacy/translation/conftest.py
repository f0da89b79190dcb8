"""Fixtures of the translation tests: a local server speaking the LibreTranslate API,
translators, and pages to translate."""

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from diplomacy.accounts.roles import TRANSLATORS
from tests.diplomacy.translation.factories import PageFactory
from tests.factories import StaffFactory


class LibreTranslateServer:
    """A LibreTranslate look-alike on 127.0.0.1.

    `answers` is a list consumed one per request: "ok", a status code (400, 403, 429,
    500…) or "timeout" (answer later than the client waits). When it is empty every
    request succeeds. "slow" also answers after `delay` seconds (a client with a longer
    timeout still gets it). Translations come from `dictionary` (whole texts), otherwise the
    text nodes are prefixed with "[target] " and the tags are left as they were, as the
    real server does with format=html.
    """

    def __init__(self) -> None:
        self.answers: list = []
        self.dictionary: dict[str, str] = {}
        self.requests: list[dict] = []
        self.delay = 2.0
        self.api_key = ""
        handler = self._handler_class()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def translate(self, text: str, target: str) -> str:
        if text in self.dictionary:
            return self.dictionary[text]
        return re.sub(
            r"(^|>)(\s*)([^<]*?[^\W\d_][^<]*)",
            lambda m: f"{m.group(1)}{m.group(2)}[{target}] {m.group(3)}",
            text,
        )

    def _handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, **payload})
                answer = server.answers.pop(0) if server.answers else "ok"
                if self.path != "/translate":
                    return self._reply(404, {"error": "Not Found"})
                if answer in ("timeout", "slow"):
                    time.sleep(server.delay)
                    answer = "ok"
                if isinstance(answer, int):
                    messages = {
                        400: "Invalid request: missing q parameter",
                        403: "Invalid API key",
                        429: "Too many requests: 80 per 1 minute",
                        500: "Cannot translate text: internal error",
                    }
                    return self._reply(answer, {"error": messages.get(answer, "error")})
                if server.api_key and payload.get("api_key") != server.api_key:
                    return self._reply(403, {"error": "Invalid API key"})
                texts = payload["q"]
                target = payload["target"]
                if isinstance(texts, list):
                    translated = [server.translate(text, target) for text in texts]
                else:
                    translated = server.translate(texts, target)
                return self._reply(200, {"translatedText": translated})

        return Handler

    def __enter__(self) -> "LibreTranslateServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def arabic_is_active():
    """Each test starts in the default language, whatever an earlier test activated."""
    with translation.override("ar"):
        yield


@pytest.fixture
def libretranslate(settings) -> Iterator[LibreTranslateServer]:
    """The engine setting pointed at a local LibreTranslate-API server, retries instant."""
    with LibreTranslateServer() as server:
        settings.TRANSLATION_ENGINE = "libretranslate"
        settings.LIBRETRANSLATE_URL = server.url
        settings.LIBRETRANSLATE_API_KEY = ""
        settings.TRANSLATION_ENGINE_TIMEOUT = 0.5
        settings.TRANSLATION_RETRY_BACKOFF = 0
        settings.TRANSLATION_MAX_RETRIES = 3
        yield server


@pytest.fixture
def engine_none(settings) -> None:
    settings.TRANSLATION_ENGINE = "none"


@pytest.fixture
def translator(db):
    person = StaffFactory(email="translator@example.org", preferred_language="en")
    person.groups.add(Group.objects.get(name=TRANSLATORS))
    return person


@pytest.fixture
def arabic_page(db, engine_none, django_capture_on_commit_callbacks):
    """An Arabic-only page whose job has run (with no engine: empty segments)."""
    with django_capture_on_commit_callbacks(execute=True):
        return PageFactory(
            title_ar="تعريف بالمركز وعمله",
            summary_ar="مركز الدبلوماسية المجتمعية في القامشلي.",
            body_ar=(
                "<h2>من نحن</h2><p>تأسس المركز في عام 2021. يعمل <strong>مع الشركاء</strong> "
                "في شمال وشرق سوريا.</p><p>للمركز مكتب في <bdi>Brussels</bdi>.</p>"
            ),
        )
