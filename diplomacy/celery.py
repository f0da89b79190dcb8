import os

from celery import Celery

# Without an explicit DJANGO_SETTINGS_MODULE: production, which refuses to start
# without its environment (fail closed). `make worker`/`make beat` choose dev.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings.production")

app = Celery("diplomacy")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
