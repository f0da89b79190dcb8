"""The LibreTranslate client against a local server that speaks the same API."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from diplomacy.translation.engines import (
    EngineError,
    LibreTranslateEngine,
    NoEngine,
    get_engine,
)
from tests.diplomacy.translation.conftest import LibreTranslateServer


@pytest.fixture
def server():
    with LibreTranslateServer() as server:
        yield server


def engine_for(server, **kwargs) -> LibreTranslateEngine:
    return LibreTranslateEngine(url=server.url, timeout=0.5, **kwargs)


def test_translates_a_batch_and_keeps_html(server):
    server.dictionary["مرحبا."] = "Hello."
    result = engine_for(server).translate(
        ["مرحبا.", 'يعمل <strong>مع</strong> <a href="https://example.org">الشركاء</a>'],
        source="ar",
        target="en",
    )
    assert result == [
        "Hello.",
        '[en] يعمل <strong>[en] مع</strong> <a href="https://example.org">[en] الشركاء</a>',
    ]
    request = server.requests[-1]
    assert request["path"] == "/translate"
    assert request["format"] == "html"
    assert (request["source"], request["target"]) == ("ar", "en")
    assert request["q"] == [
        "مرحبا.",
        'يعمل <strong>مع</strong> <a href="https://example.org">الشركاء</a>',
    ]
    assert "api_key" not in request


def test_sends_the_api_key(server):
    server.api_key = "secret-key"
    assert engine_for(server, api_key="secret-key").translate(["a"], source="en", target="ar") == [
        "[ar] a"
    ]
    assert server.requests[-1]["api_key"] == "secret-key"


@pytest.mark.parametrize(
    ("answer", "retryable", "words"),
    [
        (400, False, "400"),
        (403, False, "Invalid API key"),
        (429, True, "Too many requests"),
        (500, True, "500"),
        (503, True, "503"),
    ],
)
def test_error_answers_raise_with_the_reason(server, answer, retryable, words):
    server.answers = [answer]
    with pytest.raises(EngineError) as raised:
        engine_for(server).translate(["نص"], source="ar", target="en")
    assert raised.value.retryable is retryable
    assert words in str(raised.value)


def test_a_slow_server_times_out_and_may_be_retried(server):
    server.answers = ["timeout"]
    server.delay = 1.5
    with pytest.raises(EngineError) as raised:
        engine_for(server).translate(["نص"], source="ar", target="en")
    assert raised.value.retryable
    assert "timed out" in str(raised.value)


def test_an_unreachable_server_may_be_retried():
    with pytest.raises(EngineError) as raised:
        LibreTranslateEngine(url="http://127.0.0.1:9", timeout=0.5).translate(
            ["x"], source="en", target="ar"
        )
    assert raised.value.retryable


def test_engine_from_settings(settings):
    settings.TRANSLATION_ENGINE = "none"
    assert isinstance(get_engine(), NoEngine)
    assert get_engine().translate(["x"], source="en", target="ar") is None
    settings.TRANSLATION_ENGINE = "libretranslate"
    settings.LIBRETRANSLATE_URL = "http://127.0.0.1:5000/"
    engine = get_engine()
    assert isinstance(engine, LibreTranslateEngine)
    assert engine.url == "http://127.0.0.1:5000/translate"
    settings.TRANSLATION_ENGINE = "deepl"
    with pytest.raises(ImproperlyConfigured):
        get_engine()
