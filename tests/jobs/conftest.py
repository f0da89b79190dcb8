import socket

import pytest

from diplomacy.jobs import services as jobs


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Broker:
    """The Celery broker as the tests see it: `away()` points the app at a port nobody
    listens on (tasks are published, not run in-process); `back()` runs them in-process
    again, as a worker would once Redis is back."""

    def __init__(self, app) -> None:
        self.app = app
        self.saved = (
            app.conf.task_always_eager,
            app.conf.broker_url,
            app.conf.task_eager_propagates,
        )

    def away(self) -> None:
        self.app.conf.task_always_eager = False
        self.app.conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
        self.app._pool = None

    def back(self) -> None:
        self.app.conf.task_always_eager = True
        jobs._broker_paused_until = 0.0

    def restore(self) -> None:
        conf = self.app.conf
        conf.task_always_eager, conf.broker_url, conf.task_eager_propagates = self.saved
        self.app._pool = None
        jobs._broker_paused_until = 0.0


@pytest.fixture
def broker():
    from diplomacy.celery import app

    broker = Broker(app)
    try:
        yield broker
    finally:
        broker.restore()
