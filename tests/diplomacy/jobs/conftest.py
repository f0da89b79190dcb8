import os
import socket

import pytest

from diplomacy.jobs import services as jobs

# Nobody listens here. Not a port from the ephemeral range (bind to port 0): a connection
# to a closed port of that range can be given the same port as its source and connect to
# itself (TCP simultaneous open), and the "away" broker then answers.
CLOSED_PORT = int(os.environ.get("TEST_CLOSED_PORT", "8129"))


def closed_port() -> int:
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", CLOSED_PORT)) != 0, f"{CLOSED_PORT} is in use"
    return CLOSED_PORT


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
        self._forget_connections()

    def _forget_connections(self) -> None:
        # Producers made for the previous broker address are kept by the app.
        self.app._pool = None
        self.app.amqp._producer_pool = None

    def back(self) -> None:
        self.app.conf.task_always_eager = True
        jobs._broker_paused_until = 0.0

    def restore(self) -> None:
        conf = self.app.conf
        conf.task_always_eager, conf.broker_url, conf.task_eager_propagates = self.saved
        self._forget_connections()
        jobs._broker_paused_until = 0.0


@pytest.fixture
def broker():
    from diplomacy.celery import app

    broker = Broker(app)
    try:
        yield broker
    finally:
        broker.restore()
