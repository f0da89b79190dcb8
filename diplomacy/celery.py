import contextlib
import os

from celery import Celery
from celery.signals import before_task_publish

BEAT_HEARTBEAT_TASK = "diplomacy.operations.tasks.beat_heartbeat"

# Without an explicit DJANGO_SETTINGS_MODULE: production, which refuses to start
# without its environment (fail closed). `make worker`/`make beat` choose dev.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings.production")

app = Celery("diplomacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@before_task_publish.connect
def beat_heartbeat_note(sender: str | None = None, **kwargs) -> None:
    """When beat publishes its heartbeat, note the time in the broker's Redis: /healthz
    reads it to say whether beat is alive, whether or not a worker ran the task yet."""
    if sender != BEAT_HEARTBEAT_TASK:
        return
    import time

    from diplomacy.health import BEAT_HEARTBEAT_KEY, broker_client

    with contextlib.suppress(Exception):  # a heartbeat must never stop a publish
        broker_client().set(BEAT_HEARTBEAT_KEY, time.time(), ex=24 * 60 * 60)
