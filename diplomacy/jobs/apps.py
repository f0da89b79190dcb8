from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "diplomacy.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        # Connects the receiver that forgets a job once its task has run.
        from diplomacy.jobs import receivers  # noqa: F401
