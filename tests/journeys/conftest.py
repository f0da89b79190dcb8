"""Journeys in a real browser: a live portal, a real SMTP server whose messages the test
opens as the person would, and screenshots at a phone's and a desktop's width."""

from pathlib import Path

import pytest

from tests.conftest import OUTPUT

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in Redis: each journey starts without earlier counts."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def portal(live_server, demo_content, smtp_server, settings):
    """The live portal; the links in its emails lead back to it."""
    settings.SITE_URL = live_server.url
    return live_server


@pytest.fixture
def journey_dir(request) -> Path:
    module = request.node.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    name = request.node.name.replace("/", "_").replace("[", "-").rstrip("]")
    folder = OUTPUT / "journeys" / module / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def snap(page, journey_dir):
    """`snap("step")`: the page as it is now, at 390 and at 1280 px."""
    counter = iter(range(1, 100))

    def take(step: str) -> None:
        number = next(counter)
        for label, viewport in (("390", PHONE), ("1280", DESKTOP)):
            page.set_viewport_size(viewport)
            page.screenshot(path=journey_dir / f"{number:02d}-{step}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    return take
